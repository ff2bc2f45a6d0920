; h_stack_int3.asm -- hostile guest: INT 61h with SS:SP = 2000:0003:
; the second word of the frame (CS) would straddle 2000:FFFF; a 386 checks
; the whole frame before it pushes anything.
; The 8086 wrapped; a 386 raises #SS for a stack item at offset FFFFh, and the
; monitor, emulating the instruction, must do the same: VM 1 ends with
;   "VM 1 terminated: stack fault at CS:IP (SS:SP 2000:0003)"
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
        mov     sp, 0003
insn:   int     61h
        mov     ax, cs
        mov     ss, ax
        mov     sp, 0FFFEh
        FAIL    "stack_int3", "survived"
        EXIT

h61:    iret

old61   dd 0
