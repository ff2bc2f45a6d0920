; The partner VM of `make bench`'s task-switch row: it answers the
; benchmark guest's pings through BENCHVXD (AH=08h: wait for a ping, send
; a pong) for as long as the machine runs.
%include "guest.inc"
BENCH_DEVICE    equ 7B01h
main:   mov     ax, 1684h
        mov     bx, BENCH_DEVICE
        xor     di, di
        mov     es, di
        int     2Fh
        mov     [cs:api], di
        mov     [cs:api + 2], es
.l:     mov     ah, 08h
        call    far [cs:api]
        jmp     .l
api:    dd 0
