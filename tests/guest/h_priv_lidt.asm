; h_priv_lidt.asm -- hostile guest: LIDT [mem] in V86 mode (see h_priv.inc).
%define PRIV_NAME "priv_lidt"
%macro PRIV_INSN 0
        lidt    [gdtr]
%endmacro
%include "h_priv.inc"
