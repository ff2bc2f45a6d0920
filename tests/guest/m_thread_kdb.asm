; m_thread_kdb.asm -- a VM with two threads for the debuggers: S spins, the
; initial thread idles; "threads up" once both run.
%include "guest.inc"
%include "vmmapi.inc"

main:   call    vmm_api_init
        mov     cx, cs
        mov     dx, thread_s
        mov     si, cs
        mov     di, stack_s
        VMMAPI  05h
        PASS_IF nc, "create_s"
.w:     cmp     byte [cs:s_up], 1
        je      .up
        mov     cx, 1
        call    wait_ticks
        jmp     .w
.up:    PRINTLN "threads up"
.idle:  mov     cx, 100
        call    wait_ticks
        jmp     .idle

thread_s:
        mov     byte [cs:s_up], 1
        sti
.spin:  jmp     .spin

s_up:       db 0
            align 2
            times 512 db 0
stack_s:
