; x_int60.asm -- the INT60 sample VxD (vxd/samples/int60.c) seen from a DOS
; program that hooks INT 60h itself, as a packet driver does.  Its own
; handler answers AX=BEEFh.  The guest prints what AH=01h (string at DS:DX)
; and AH=02h (count) return; test_samples.py knows which kernel answers what:
; bare and the default kernel: the guest's handler; the samples kernel: the
; VxD (AX = string length, then the count).
%include "guest.inc"

main:
        SETVEC  60h, own_int60, saved60
        mov     ah, 01h
        mov     dx, msg
        int     60h
        PRINTHEX "INFO int60_01", ax
        mov     ah, 02h
        int     60h
        PRINTHEX "INFO int60_02", ax
        RESTVEC 60h, saved60
        PASS    "int60_done"
        EXIT

own_int60:
        mov     ax, 0BEEFh
        iret

msg     db      "hello$"
saved60 dd      0
