; m_gfx.asm -- a VM that sets graphics mode 13h (INT 10h AX=0013h): in the
; background VDD makes it wait for the focus.  Prints "setting mode", then
; "mode set" once INT 10h returned, and exits.
%include "guest.inc"

main:
        sti
        mov     cx, 2
        call    wait_ticks
        PRINTLN "setting mode"
        mov     ax, 0013h
        int     10h
        PRINTLN "mode set"
        EXIT
