; m_thread_to.asm -- Set_Thread_Time_Out (VMTEST AH=24h/25h): one for thread
; X fires for X (ref 1), one for this thread cancelled never fires (ref 2),
; one for X that ends first never fires (ref 3).
%include "guest.inc"
%include "vmtest.inc"

main:   call    vmtest_init
        mov     cx, cs
        mov     dx, thread_x
        mov     si, cs
        mov     di, stack_x
        VMT     13h
        PASS_IF nc, "create_x"
        mov     bl, 2                   ; ref 1: X, 30 ms
        mov     cx, 30
        VMT     24h
        PASS_IF nc, "x_time_out_set"
        mov     cx, 3
        call    busy_ticks
        PRINTLN "after x time-out"
        mov     bl, 1                   ; ref 2: this thread, cancelled
        mov     cx, 30
        VMT     24h
        PASS_IF nc, "own_time_out_set"
        VMT     25h
        mov     bl, 2                   ; ref 3: X, which ends first
        mov     cx, 60
        VMT     24h
        PASS_IF nc, "x_time_out_set_again"
        VMT     14h
        PASS_IF nc, "x_terminated"
        mov     cx, 4
        call    busy_ticks
        PRINTLN "after x gone"
        EXIT

thread_x:
        sti
.spin:  jmp     .spin

            align 2
            times 512 db 0
stack_x:
