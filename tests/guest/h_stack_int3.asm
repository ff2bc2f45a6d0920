; h_stack_int3.asm -- hostile guest: INT 61h with SS:SP = 2000:0003:
; the second word of the frame (CS) would straddle 2000:FFFF; a 386 checks
; the whole frame before it pushes anything.
; (the shared body: h_stack.inc)
%define STACK_NAME "stack_int3"
%define STACK_SP 0003
%macro STACK_INSN 0
        int     61h
%endmacro
%include "h_stack.inc"
