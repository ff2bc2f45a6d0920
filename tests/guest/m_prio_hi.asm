; m_prio_hi.asm -- VM 1 boosts itself (High_Pri_Device_Boost) and stays
; busy for 6 ticks: VM 2 (m_prio_lo, busy as well) must not run meanwhile.
%include "guest.inc"
%include "vmtest.inc"
main:   call    vmtest_init
        mov     cx, 3
        call    wait_ticks
        mov     ecx, 1000h
        VMT     07h
        PRINTLN "hi boosted"
        mov     cx, 6
        call    busy_ticks
        PRINTLN "hi done"
        mov     ecx, -1000h
        VMT     07h
        mov     cx, 8
        call    wait_ticks
        PASS    "prio_hi"
        EXIT
