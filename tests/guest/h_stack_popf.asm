; h_stack_popf.asm -- hostile guest: POPF with SS:SP = 2000:FFFF:
; the word read would straddle the segment end.
; (the shared body: h_stack.inc)
%define STACK_NAME "stack_popf"
%define STACK_SP 0FFFFh
%macro STACK_INSN 0
        popf
%endmacro
%include "h_stack.inc"
