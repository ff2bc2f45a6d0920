; m_thread_svc.asm -- the thread services at the VxD level (VMTEST AH=12h-15h):
; every check on the initial thread; a thread made with VMMCreateThread runs
; the checks on itself; the initial thread ends it with VMMTerminateThread,
; then checks again (its handle is stale now) and counts thread switches.
%include "guest.inc"
%include "vmtest.inc"

main:   call    vmtest_init
        mov     ecx, 1                  ; I am the initial thread
        VMT     12h
        EXPECT  "checks_initial", 0
        mov     cx, cs
        mov     dx, thread_x
        mov     si, cs
        mov     di, stack_x
        VMT     13h
        PASS_IF nc, "vxd_create"
.w:     cmp     byte [cs:x_checked], 1
        je      .x
        mov     cx, 1
        call    busy_ticks
        jmp     .w
.x:     VMT     14h                     ; VMMTerminateThread of X, from A
        PASS_IF nc, "vxd_terminate"
        mov     cx, 2
        call    busy_ticks
        mov     ecx, 1
        VMT     12h                     ; now with X's stale handle
        EXPECT  "checks_after", 0
        VMT     14h                     ; the stale handle again
        PASS_IF c, "terminate_stale_refused"
        VMT     15h
        cmp     ax, 0
        PASS_IF a, "switched_called"
        mov     ax, bx
        EXPECT  "switched_bad", 0
        EXIT

thread_x:
        xor     ecx, ecx                ; not the initial thread
        VMT     12h
        EXPECT  "checks_x", 0
        mov     byte [cs:x_checked], 1
        sti
.spin:  jmp     .spin                   ; until A ends it

x_checked:  db 0
            align 2
            times 512 db 0
stack_x:
