; h_priv_movcr0.asm -- hostile guest: MOV EAX,CR0 in V86 mode (see h_priv.inc).
%define PRIV_NAME "priv_movcr0"
%macro PRIV_INSN 0
        mov     eax, cr0
%endmacro
%include "h_priv.inc"
