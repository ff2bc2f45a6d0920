; m_sem_wait.asm -- VM 1 waits on the semaphore (no tokens): it blocks until
; VM 2 (m_sem_signal) signals.
%include "guest.inc"
%include "vmtest.inc"
main:   call    vmtest_init
        PRINTLN "waiting"
        VMT     05h
        PRINTLN "woken"
        PASS    "sem_wait"
        EXIT
