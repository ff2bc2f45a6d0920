; h_priv_wrmsr.asm -- hostile guest: WRMSR in V86 mode (see h_priv.inc).
%define PRIV_NAME "priv_wrmsr"
%macro PRIV_INSN 0
        db      0Fh, 30h              ; wrmsr (Pentium)
%endmacro
%include "h_priv.inc"
