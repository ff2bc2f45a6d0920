; m_thread_hlt.asm -- two threads of a VM idle in HLT: the initial thread
; counts BIOS ticks with STI + HLT while thread X loops on HLT.  Each tick
; must wake the halted thread that takes it (the initial one), not the
; one loaded last, or A would sleep for good behind X.
%include "guest.inc"
%include "vmmapi.inc"

main:   call    vmm_api_init
        mov     cx, cs
        mov     dx, thread_x
        mov     si, cs
        mov     di, stack_x
        VMMAPI  05h
        PASS_IF nc, "create_x"
        mov     cx, 10
        call    wait_ticks
        PRINTLN "A counted 10 ticks in HLT"
        EXIT

thread_x:
        sti
.idle:  hlt
        jmp     .idle

            align 2
            times 256 db 0
stack_x:
