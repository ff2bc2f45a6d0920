; h_hlt_masked.asm -- hostile guest: STI, then HLT with every line of the
; (virtual) PIC masked.  No interrupt can ever end that HLT; the monitor ends
; VM 1 rather than idle forever:
;   "VM 1 terminated: HLT with every interrupt masked at the PIC at CS:IP (VM hung)"
; The guest prints "AT cs:ip" of the HLT first.
%include "guest.inc"

main:
        cli
        mov     al, 0FFh
        out     0A1h, al                ; slave: all masked
        out     21h, al                 ; master: all masked, cascade too
        sti
        mov     ax, insn
        PRINT   "AT "
        push    ax
        mov     ax, cs
        call    puthex16
        PRINT   ":"
        pop     ax
        call    puthex16
        call    newline
insn:   hlt
        FAIL    "hlt_masked", "returned"
        EXIT
