%define BADCALL_FN 2
%include "v_badcall.inc"
