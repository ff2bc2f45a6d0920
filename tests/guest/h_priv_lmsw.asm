; h_priv_lmsw.asm -- hostile guest: LMSW AX in V86 mode (see h_priv.inc).
%define PRIV_NAME "priv_lmsw"
%macro PRIV_INSN 0
        lmsw    ax
%endmacro
%include "h_priv.inc"
