%define BADCALL_FN 4
%include "v_badcall.inc"
