; h_priv_clts.asm -- hostile guest: CLTS in V86 mode (see h_priv.inc).
%define PRIV_NAME "priv_clts"
%macro PRIV_INSN 0
        clts
%endmacro
%include "h_priv.inc"
