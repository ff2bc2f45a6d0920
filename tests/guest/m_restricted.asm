; m_restricted.asm -- Call_Restricted_Event flag by flag (VMTEST AH=21h-23h)
; with a second thread X; the events' log lines (refs 1-12 in call order)
; are checked by test_vm_services.py against this program's own lines.
%include "guest.inc"
%include "vmtest.inc"

%macro R 3                              ; target (0 VM, 1 this thread, 2 X, 3 X by Call_Priority_Thread_Event), PEF flags, time-out ms
        mov     bl, %1
        mov     cx, %2
        mov     dx, %3
        VMT     21h
%endmacro

main:   call    vmtest_init
        R       0, 0, 0                 ; ref 1: nothing holds it
        EXPECT  "at_once", 1
        R       0, 0008h, 0             ; ref 2: Always_Sched
        EXPECT  "always_sched_scheduled", 2
        PRINTLN "after always_sched"
        cli                             ; ref 3: Wait_For_Thread_STI on this thread
        R       1, 0200h, 0
        EXPECT  "thread_sti_scheduled", 2
        PRINTLN "cli held"
        sti
        PRINTLN "after sti"
        cli                             ; ref 4: the same with Time_Out 30 ms
        R       1, 0210h, 30
        EXPECT  "time_out_scheduled", 2
        mov     ecx, 100000h
.spin:  VMT     22h
        cmp     ax, 4
        je      .ran
        a32 loop .spin
.ran:   PRINTLN "after spin"
        sti
        cli                             ; ref 5: cancelled before STI
        R       0, 0001h, 0
        VMT     23h
        sti
        PRINTLN "after cancel"
        R       0, 0080h, 0             ; ref 6: Wait_In_PM refused
        PASS_IF c, "wait_in_pm_refused"
        VMT     03h                     ; we hold the critical section
        R       0, 1000h, 0             ; ref 7: Wait_Crit_VM: our VM holds it
        EXPECT  "crit_vm_own_at_once", 1
        R       0, 0800h, 0             ; ref 8: Wait_Crit: our thread holds it
        EXPECT  "crit_own_at_once", 1
        VMT     04h
        ; thread X takes the critical section
        mov     cx, cs
        mov     dx, thread_x
        mov     si, cs
        mov     di, stack_x
        VMT     13h
        PASS_IF nc, "thread_x_created"
.w1:    cmp     byte [cs:x_state], 1
        je      .x1
        mov     cx, 1
        call    busy_ticks
        jmp     .w1
.x1:    R       0, 0800h, 0             ; ref 9: Wait_Crit: X holds it
        EXPECT  "crit_other_thread_scheduled", 2
        R       0, 1000h, 0             ; ref 10: Wait_Crit_VM: X is of our VM
        EXPECT  "crit_vm_same_vm_at_once", 1
        PRINTLN "crit held by x"
        mov     byte [cs:x_state], 2    ; X: leave it
.w2:    cmp     byte [cs:x_state], 3
        je      .x2
        mov     cx, 1
        call    busy_ticks
        jmp     .w2
.x2:    PRINTLN "after crit"
        R       3, 0008h, 0             ; ref 11: a thread event for X, from here (Call_Priority_Thread_Event)
        EXPECT  "x_event_scheduled", 2
        mov     cx, 3
        call    busy_ticks
        PRINTLN "after x event"
        VMT     03h                     ; ref 12: X's, held by our critical section
        R       2, 0800h, 0
        EXPECT  "x_crit_scheduled", 2
        VMT     14h                     ; X ends with it pending
        PASS_IF nc, "x_terminated"
        VMT     04h
        mov     cx, 3
        call    busy_ticks
        PRINTLN "after x gone"
        R       0, 0408h, 0             ; ref 13: Ring0_Event + Always_Sched
        EXPECT  "ring0_scheduled", 2
        PRINTLN "after ring0"
        EXIT

thread_x:
        VMT     03h
        mov     byte [cs:x_state], 1
.h:     cmp     byte [cs:x_state], 2
        jne     .h
        VMT     04h
        sti                             ; before A hears of it: ref 11 may come at once
        mov     byte [cs:x_state], 3
.spin:  jmp     .spin                   ; until A ends it

x_state:    db 0
            align 2
            times 512 db 0
stack_x:
