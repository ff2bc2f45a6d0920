; v_bpstuck.asm -- a V86 breakpoint whose callback (SVCTEST AH=0Dh,
; tests/vxd/svctest.c) never moves CS:IP: the VMM ends the VM after 10,000
; hits in a row, naming the breakpoint, the callback and its VxD
; (test_vxd_services.py).
%include "guest.inc"
%include "vxdapi.inc"

main:
        mov     bx, 7E05h
        call    get_entry
        mov     [vxd], dx
        mov     [vxd + 2], cx
        INFO    "stuck", stuck
        mov     di, stuck
        VXD     0Dh
        PASS_IF nc, "bp_install"
        PRINTLN "running"
stuck:  inc     bx
        FAIL    "bp_stuck_returned"
        EXIT

align 4
vxd     dd 0
