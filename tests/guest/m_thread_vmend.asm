; m_thread_vmend.asm -- a VM whose second thread still runs when the VM
; ends (its initial thread exits): the thread's end messages come first.
%include "guest.inc"
%include "vmmapi.inc"

main:   call    vmm_api_init
        mov     cx, cs
        mov     dx, thread_s
        mov     si, cs
        mov     di, stack_s
        VMMAPI  05h
        PASS_IF nc, "create_s"
        mov     cx, 4
        call    wait_ticks
        PASS    "exits_with_a_thread"
        EXIT

thread_s:
        PRINTLN "S spins"
        sti
.spin:  jmp     .spin

            align 2
            times 512 db 0
stack_s:
