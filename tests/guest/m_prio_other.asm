; m_prio_other.asm -- VM 1 gives VM 2 (idle, m_idle) a priority event with
; Time_Critical_Boost: VM 2 runs it before VM 1 gets on with its next line.
%include "guest.inc"
%include "vmtest.inc"
main:   call    vmtest_init
        mov     cx, 2
        call    wait_ticks
        mov     bl, 2
        mov     esi, 400000h            ; Time_Critical_Boost
        mov     cx, 0
        mov     dx, 0
        VMT     0Eh
        EXPECT  "scheduled_for_vm2", 2
        PRINTLN "after prio for vm2"
        EXIT
