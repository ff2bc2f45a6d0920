; m_exectime.asm -- Get_VM_Exec_Time: a VM that idles (HLT) for 20 ticks
; has used almost no time; one that is busy for 10 ticks has used a good
; part of them.  VM 1 is the busy one, VM 2 the idle one.
%include "guest.inc"
%include "vmmapi.inc"
%include "vmtest.inc"
main:   call    vmtest_init
        call    vmm_api_init
        mov     ah, 0
        call    far [cs:vmm_api]
        cmp     bx, 1
        jne     .idle
        mov     cx, 10
        call    busy_ticks
        VMT     0Ah
        PRINTHEX "busy ms", ax
        cmp     eax, 100                ; 10 ticks are 550 ms; shared with nobody busy
        PASS_IF a, "busy_time"
        EXIT
.idle:  mov     cx, 20
        call    wait_ticks
        VMT     0Ah
        PRINTHEX "idle ms", ax
        cmp     eax, 60
        PASS_IF b, "idle_time"
        EXIT
