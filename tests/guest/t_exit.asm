; t_exit.asm -- a guest exit code other than 0 reaches the harness: port F4h
; <- 2Ah gives "VM1: exit 0x2A" and QEMU status 55h ((2Ah << 1) | 1).
%include "guest.inc"

main:
        PASS    "exit_code"
        mov     al, 2Ah
        jmp     exit
