; A marker placed before each VxD object in the link (see the Makefile):
; vxd_code_mark_<MARK> is where that VxD's code starts.  With -DMARK_TABLE
; and -DMARKS=<n>: the table vxd_code_marks[n] of vxd/caller.c.
%ifdef MARK_TABLE
section .rodata
global vxd_code_marks, vxd_code_mark_count
align 4
vxd_code_mark_count: dd MARKS
vxd_code_marks:
%assign i 0
%rep MARKS
    extern vxd_code_mark_ %+ i
    dd vxd_code_mark_ %+ i
%assign i i + 1
%endrep
%else
section .text align=16
global vxd_code_mark_ %+ MARK
vxd_code_mark_ %+ MARK:
%endif

section .note.GNU-stack noalloc noexec nowrite progbits
