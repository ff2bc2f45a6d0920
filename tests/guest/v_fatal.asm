; v_fatal.asm -- SVCTEST (tests/vxd/svctest.c) calls Fatal_Error_Handler on
; request: the machine ends with a panic line naming the message and the
; calling VxD (test_vxd_services.py).
%include "guest.inc"
%include "vxdapi.inc"

main:
        mov     bx, 7E05h
        call    get_entry
        mov     [vxd], dx
        mov     [vxd + 2], cx
        PRINTLN "calling"
        VXD     0Ah
        FAIL    "fatal_returned"
        EXIT

align 4
vxd     dd 0
