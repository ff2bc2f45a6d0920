; h_priv_lgdt.asm -- hostile guest: LGDT [mem] in V86 mode (see h_priv.inc).
%define PRIV_NAME "priv_lgdt"
%macro PRIV_INSN 0
        lgdt    [gdtr]
%endmacro
%include "h_priv.inc"
