; h_stack_popf.asm -- hostile guest: POPF with SS:SP = 2000:FFFF:
; the word read would straddle the segment end.
; The 8086 wrapped; a 386 raises #SS for a stack item at offset FFFFh, and the
; monitor, emulating the instruction, must do the same: VM 1 ends with
;   "VM 1 terminated: stack fault at CS:IP (SS:SP 2000:FFFF)"
; The guest prints "AT cs:ip" of the instruction first.
%include "guest.inc"

main:
        SETVEC  61h, h61, old61
        mov     ax, insn
        PRINT   "AT "
        push    ax
        mov     ax, cs
        call    puthex16
        PRINT   ":"
        pop     ax
        call    puthex16
        call    newline
        cli
        mov     ax, 2000h
        mov     ss, ax
        mov     sp, 0FFFFh
insn:   popf
        mov     ax, cs
        mov     ss, ax
        mov     sp, 0FFFEh
        FAIL    "stack_popf", "survived"
        EXIT

h61:    iret

old61   dd 0
