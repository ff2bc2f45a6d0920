; m_gfx_exit.asm -- a VM that sets graphics mode 13h (waiting for the focus
; if it has not got it), draws a line of pixels and exits: the hardware is
; left in mode 13h for whoever gets the focus next.
%include "guest.inc"

main:
        sti
        mov     cx, 2
        call    wait_ticks
        PRINTLN "setting mode"
        mov     ax, 0013h
        int     10h
        push    es
        push    word 0A000h
        pop     es
        xor     di, di
        mov     cx, 320
        mov     al, 0Fh
        rep     stosb
        pop     es
        PRINTLN "mode set"
        EXIT
