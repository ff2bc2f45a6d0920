; h_prefix15_nop.asm -- hostile guest: 15 prefixes and a NOP (nothing the monitor emulates):
; 16 bytes, one more than an instruction may have.  The CPU raises #GP for
; the length itself; the monitor's decoder stops at 15 bytes (it must not
; loop or read on) and ends VM 1 with
;   "VM 1 terminated: instruction longer than 15 bytes at CS:IP"
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
insn:   db      2Eh, 3Eh, 26h, 36h, 64h, 65h, 66h, 67h, 0F3h, 0F2h
        db      2Eh, 3Eh, 26h, 36h, 64h, 90h
        FAIL    "prefix15_nop", "executed"
        EXIT
