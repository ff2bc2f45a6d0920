; h_stack_iretd.asm -- hostile guest: IRETD with SS:SP = 2000:FFFA:
; the CS dword of the frame (FFFE..10001) would straddle the segment end.
; (the shared body: h_stack.inc)
%define STACK_NAME "stack_iretd"
%define STACK_SP 0FFFAh
%macro STACK_INSN 0
        o32 iret
%endmacro
%include "h_stack.inc"
