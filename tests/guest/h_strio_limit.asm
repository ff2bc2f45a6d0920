; h_strio_limit.asm -- hostile guest: 67h REP INSB from port 21h (trapped)
; with ECX = 00020000h and EDI = 0: after 64 KB the offset passes FFFFh, the
; segment limit.  A 386 raises #GP there (real mode too); the monitor, which
; emulates the whole instruction, ends VM 1 with
;   "VM 1 terminated: string I/O beyond the segment limit at CS:IP"
; after the first 65536 bytes (in batches: the VMM stays responsive).
; The guest prints "AT cs:ip" of the instruction first.
%include "guest.inc"

main:
        mov     ax, insn
        PRINT   "AT "
        push    ax
        mov     ax, cs
        call    puthex16
        PRINT   ":"
        pop     ax
        call    puthex16
        call    newline
        push    word 3000h
        pop     es
        mov     edi, 0
        mov     ecx, 20000h
        mov     dx, 21h
        cld
insn:   a32 rep insb
        push    cs
        pop     es
        FAIL    "strio_limit", "survived"
        EXIT
