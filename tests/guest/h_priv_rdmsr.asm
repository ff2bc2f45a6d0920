; h_priv_rdmsr.asm -- hostile guest: RDMSR in V86 mode (see h_priv.inc).
%define PRIV_NAME "priv_rdmsr"
%macro PRIV_INSN 0
        db      0Fh, 32h              ; rdmsr (Pentium)
%endmacro
%include "h_priv.inc"
