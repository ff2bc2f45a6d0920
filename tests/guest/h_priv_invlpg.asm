; h_priv_invlpg.asm -- hostile guest: INVLPG [mem] in V86 mode (see h_priv.inc).
%define PRIV_NAME "priv_invlpg"
%macro PRIV_INSN 0
        db      0Fh, 01h, 3Eh         ; invlpg [gdtr] (486)
%endmacro
%include "h_priv.inc"
