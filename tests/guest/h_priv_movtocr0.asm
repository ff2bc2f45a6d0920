; h_priv_movtocr0.asm -- hostile guest: MOV CR0,EAX in V86 mode (see h_priv.inc).
%define PRIV_NAME "priv_movtocr0"
%macro PRIV_INSN 0
        mov     cr0, eax
%endmacro
%include "h_priv.inc"
