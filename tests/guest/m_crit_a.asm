; m_crit_a.asm -- VM 1 takes the critical section and idles in it for a
; while; VM 2 (m_crit_b) asks for it meanwhile and must wait.
%include "guest.inc"
%include "vmtest.inc"
main:   call    vmtest_init
        VMT     03h
        PRINTLN "in crit"
        mov     cx, 8
        call    wait_ticks
        PRINTLN "leaving crit"
        VMT     04h
        mov     cx, 4
        call    wait_ticks
        PASS    "crit_a"
        EXIT
