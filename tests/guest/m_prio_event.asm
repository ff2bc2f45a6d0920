; m_prio_event.asm -- Call_Priority_VM_Event for this VM (VMTEST AH=0Eh),
; flag by flag; the events' log lines tell when they ran (refs 1-8 in call
; order, checked by test_vm_services.py against this program's own lines).
%include "guest.inc"
%include "vmtest.inc"

%macro PRIO 2                           ; PEF flags, time-out ms
        mov     bl, 1
        xor     esi, esi
        mov     cx, %1
        mov     dx, %2
        VMT     0Eh
%endmacro

main:   call    vmtest_init
        PRIO    0, 0                    ; ref 1: nothing holds it: at once
        EXPECT  "at_once", 1
        PRIO    0008h, 0                ; ref 2: Always_Sched
        EXPECT  "always_sched_scheduled", 2
        PRINTLN "after always_sched"
        cli                             ; ref 3: Wait_For_STI while IF=0
        PRIO    0001h, 0
        EXPECT  "wait_for_sti_scheduled", 2
        PRINTLN "cli held"
        sti
        PRINTLN "after sti"
        cli                             ; ref 4: Wait_For_STI + Time_Out 30 ms
        PRIO    0011h, 30
        EXPECT  "time_out_scheduled", 2
        mov     ecx, 100000h            ; ask until it ran (each ask is a trap: a delivery point)
.spin:  VMT     11h
        cmp     ax, 4
        je      .ran
        a32 loop .spin
.ran:   PRINTLN "after spin"
        sti
        cli                             ; ref 5: cancelled before STI
        PRIO    0001h, 0
        VMT     0Fh
        sti
        PRINTLN "after cancel"
        PRIO    0080h, 0                ; ref 6: Wait_In_PM: refused
        PASS_IF c, "wait_in_pm_refused"
        cli                             ; ref 7 Process_Last, ref 8 not
        PRIO    2001h, 0
        PRIO    0001h, 0
        sti
        PRINTLN "after process_last"
        EXIT
