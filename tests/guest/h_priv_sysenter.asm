; h_priv_sysenter.asm -- hostile guest: SYSENTER in V86 mode (see h_priv.inc).
%define PRIV_NAME "priv_sysenter"
%macro PRIV_INSN 0
        db      0Fh, 34h              ; sysenter (P6)
%endmacro
%include "h_priv.inc"
