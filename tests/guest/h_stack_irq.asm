; h_stack_irq.asm -- hostile guest: a timer interrupt arriving with
; SS:SP = 2000:0001: the monitor cannot push the interrupt frame (a 386 in
; real mode would shut down); the address is the interrupted instruction.
; The 8086 wrapped; a 386 raises #SS for a stack item at offset FFFFh, and the
; monitor, emulating the instruction, must do the same: VM 1 ends with
;   "VM 1 terminated: stack fault at CS:IP (SS:SP 2000:0001)"
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
        sti                             ; a tick comes within 55 ms
        mov     ax, 2000h
        mov     ss, ax
        mov     sp, 0001
insn:   jmp     insn
        mov     ax, cs
        mov     ss, ax
        mov     sp, 0FFFEh
        FAIL    "stack_irq", "survived"
        EXIT

h61:    iret

old61   dd 0
