; m_crit_b.asm -- see m_crit_a: asks for the critical section while VM 1
; holds it, gets it only after VM 1 left, and then owns it (status).
%include "guest.inc"
%include "vmtest.inc"
main:   call    vmtest_init
        mov     cx, 3
        call    wait_ticks
        PRINTLN "want crit"
        VMT     03h
        PRINTLN "got crit"
        VMT     0Bh
        cmp     bx, 2
        jne     .bad
        cmp     cx, 1
        jne     .bad
        PASS    "crit_status"
        jmp     .out
.bad:   FAIL    "crit_status"
.out:   VMT     04h
        EXIT
