%define BADCALL_FN 1
%include "v_badcall.inc"
