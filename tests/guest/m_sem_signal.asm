; m_sem_signal.asm -- see m_sem_wait: signals after a while.
%include "guest.inc"
%include "vmtest.inc"
main:   call    vmtest_init
        mov     cx, 6
        call    wait_ticks
        PRINTLN "signalling"
        VMT     06h
        PASS    "sem_signal"
        EXIT
