; m_suspender.asm -- VM 1 suspends VM 2 (m_prio_lo, printing every tick)
; for 6 ticks, then resumes it.
%include "guest.inc"
%include "vmtest.inc"
main:   call    vmtest_init
        mov     cx, 3
        call    wait_ticks
        mov     bl, 2
        VMT     08h
        PASS_IF nc, "suspend"
        PRINTLN "suspended"
        mov     cx, 6
        call    wait_ticks
        PRINTLN "resuming"
        mov     bl, 2
        VMT     09h
        PASS_IF nc, "resume"
        mov     cx, 20
        call    wait_ticks
        EXIT
