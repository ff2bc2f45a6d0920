; h_priv_wbinvd.asm -- hostile guest: WBINVD in V86 mode (see h_priv.inc).
%define PRIV_NAME "priv_wbinvd"
%macro PRIV_INSN 0
        db      0Fh, 09h              ; wbinvd (486)
%endmacro
%include "h_priv.inc"
