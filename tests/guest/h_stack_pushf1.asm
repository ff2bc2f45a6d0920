; h_stack_pushf1.asm -- hostile guest: PUSHF with SS:SP = 2000:0001:
; the FLAGS word would go to 2000:FFFF..10000.
; (the shared body: h_stack.inc)
%define STACK_NAME "stack_pushf1"
%define STACK_SP 0001
%macro STACK_INSN 0
        pushf
%endmacro
%include "h_stack.inc"
