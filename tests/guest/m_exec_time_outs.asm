; m_exec_time_outs.asm -- VM and thread time-outs count execution time, as
; in the DDK (VMTEST AH=24h).  A VM time-out (ref 1) does not fire while the
; VM idles in HLT, only once it runs.  Then, with thread X spinning, a time-out
; on this thread (ref 2) does not fire while it idles and X runs, but a VM
; time-out (ref 3) does: X's running is the VM's.
%include "guest.inc"
%include "vmtest.inc"

main:   call    vmtest_init
        mov     bl, 0                   ; ref 1: this VM, 50 ms
        mov     cx, 50
        VMT     24h
        PASS_IF nc, "vm_time_out_set"
        mov     cx, 8                   ; about 440 ms idle
        call    wait_ticks
        PRINTLN "VM idle over"
        mov     cx, 3                   ; about 165 ms running
        call    busy_ticks
        PRINTLN "VM busy over"

        mov     cx, cs                  ; X spins
        mov     dx, thread_x
        mov     si, cs
        mov     di, stack_x
        VMT     13h
        PASS_IF nc, "create_x"
        mov     bl, 1                   ; ref 2: this thread, 50 ms
        mov     cx, 50
        VMT     24h
        PASS_IF nc, "thread_time_out_set"
        mov     bl, 0                   ; ref 3: this VM, 50 ms
        mov     cx, 50
        VMT     24h
        PASS_IF nc, "vm_time_out_set_again"
        mov     cx, 8                   ; this thread idles, X runs
        call    wait_ticks
        PRINTLN "A idle over"
        mov     cx, 8                   ; this thread runs (about half the time)
        call    busy_ticks
        PRINTLN "A busy over"
        VMT     14h
        PASS_IF nc, "x_terminated"
        EXIT

thread_x:
        sti
.spin:  jmp     .spin

            align 2
            times 512 db 0
stack_x:
