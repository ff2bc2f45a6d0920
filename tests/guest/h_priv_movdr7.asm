; h_priv_movdr7.asm -- hostile guest: MOV EAX,DR7 in V86 mode (see h_priv.inc).
%define PRIV_NAME "priv_movdr7"
%macro PRIV_INSN 0
        mov     eax, dr7
%endmacro
%include "h_priv.inc"
