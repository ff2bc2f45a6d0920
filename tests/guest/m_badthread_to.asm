; m_badthread_to.asm -- Set_Thread_Time_Out for a thread that was never made
; (VMTEST AH=24h BL=2 before AH=13h: a zero handle): refused with carry.
%include "guest.inc"
%include "vmtest.inc"

main:   call    vmtest_init
        mov     bl, 2
        mov     cx, 10
        VMT     24h
        PASS_IF c, "bad_thread_refused"
        EXIT
