; h_hlt_cli.asm -- hostile guest: HLT with the (virtual) interrupt flag clear.
; A real CPU would stop for good (only NMI or reset wakes it); the monitor
; ends VM 1 instead of idling forever:
;   "VM 1 terminated: HLT with interrupts disabled at CS:IP (VM hung)"
; The guest prints "AT cs:ip" of the HLT first.
%include "guest.inc"

main:
        cli
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
        FAIL    "hlt_cli", "returned"
        EXIT
