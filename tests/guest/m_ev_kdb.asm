; m_ev_kdb.asm -- pending restricted events for the debuggers (VMTEST AH=21h):
; thread X holds the critical section, so a Wait_Crit + Time_Out (60 s)
; thread event for this thread and an Always_Sched one for X stay pending
; (X spins with IF=0 under Wait_For_Thread_STI); "pending" once they are.
%include "guest.inc"
%include "vmtest.inc"

main:   call    vmtest_init
        mov     cx, cs
        mov     dx, thread_x
        mov     si, cs
        mov     di, stack_x
        VMT     13h
        PASS_IF nc, "create_x"
.w:     cmp     byte [cs:x_up], 1
        je      .up
        mov     cx, 1
        call    busy_ticks
        jmp     .w
.up:    mov     bl, 1                   ; this thread: Wait_Crit + Time_Out 60000 ms
        mov     cx, 0810h
        mov     dx, 60000
        VMT     21h
        EXPECT  "crit_pending", 2
        mov     bl, 2                   ; X: Wait_For_Thread_STI, X keeps IF=0
        mov     cx, 0200h
        xor     dx, dx
        VMT     21h
        EXPECT  "x_pending", 2
        PRINTLN "pending"
.idle:  mov     cx, 100
        call    busy_ticks
        jmp     .idle

thread_x:
        VMT     03h                     ; the critical section, for good
        mov     byte [cs:x_up], 1
        cli
.spin:  VMT     22h                     ; traps keep coming, IF stays 0
        jmp     .spin

x_up:       db 0
            align 2
            times 512 db 0
stack_x:
