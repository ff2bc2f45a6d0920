; h_priv_invd.asm -- hostile guest: INVD in V86 mode (see h_priv.inc).
%define PRIV_NAME "priv_invd"
%macro PRIV_INSN 0
        db      0Fh, 08h              ; invd (486)
%endmacro
%include "h_priv.inc"
