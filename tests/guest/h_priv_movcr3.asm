; h_priv_movcr3.asm -- hostile guest: MOV CR3,EAX in V86 mode (see h_priv.inc).
%define PRIV_NAME "priv_movcr3"
%macro PRIV_INSN 0
        mov     cr3, eax
%endmacro
%include "h_priv.inc"
