%define BADCALL_FN 3
%include "v_badcall.inc"
