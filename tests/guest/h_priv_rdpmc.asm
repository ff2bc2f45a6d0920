; h_priv_rdpmc.asm -- hostile guest: RDPMC in V86 mode (see h_priv.inc).
%define PRIV_NAME "priv_rdpmc"
%macro PRIV_INSN 0
        db      0Fh, 33h              ; rdpmc (P6), CR4.PCE clear
%endmacro
%include "h_priv.inc"
