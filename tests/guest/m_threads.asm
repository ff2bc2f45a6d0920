; m_threads.asm -- threads of one VM through the VMM's V86 API (AH=05h-07h).
; Thread B starts at thread_b on its own stack; A (the initial thread) and B
; print lines while busy (busy_ticks: no HLT, so only the thread quantum
; interleaves them); B ends itself.  Then thread C faults (a privileged
; instruction): only C ends, A goes on.  Last, a Create_Thread that VMTEST
; fails (AH=10h BL=1Dh) gives no thread.
%include "guest.inc"
%include "vmmapi.inc"
%include "vmtest.inc"

main:   call    vmm_api_init
        call    vmtest_init
        VMMAPI  07h                     ; who am I
        mov     [cs:a_id], ax
        mov     ax, bx
        EXPECT  "a_initial", 1
        mov     ax, cx
        EXPECT  "a_threads", 1
        VMMAPI  06h                     ; the initial thread cannot end itself
        PASS_IF c, "a_end_refused"

        mov     cx, cs                  ; thread B at CS:thread_b, stack CS:stack_b
        mov     dx, thread_b
        mov     si, cs
        mov     di, stack_b
        VMMAPI  05h
        PASS_IF nc, "create_b"
        mov     [cs:b_id], ax
        mov     bx, 0
.a:     PRINT   "A line "
        mov     ax, bx
        call    puthex16
        call    newline
        mov     cx, 2
        call    busy_ticks
        inc     bx
        cmp     bx, 6
        jb      .a
.waitb: cmp     byte [cs:b_done], 1     ; B's last act before it ends
        je      .bdone
        mov     cx, 1
        call    busy_ticks
        jmp     .waitb
.bdone: mov     cx, 2                   ; let it be destroyed
        call    busy_ticks
        VMMAPI  07h
        mov     ax, cx
        EXPECT  "threads_after_b", 1

        mov     cx, cs                  ; thread C faults
        mov     dx, thread_c
        mov     si, cs
        mov     di, stack_c
        VMMAPI  05h
        PASS_IF nc, "create_c"
        mov     cx, 6
        call    busy_ticks
        VMMAPI  07h
        mov     ax, cx
        EXPECT  "threads_after_c", 1
        PRINTLN "A still runs"

        mov     bl, 1Dh                 ; VMTEST fails the next Create_Thread
        VMT     10h
        mov     cx, cs
        mov     dx, thread_c
        mov     si, cs
        mov     di, stack_c
        VMMAPI  05h
        PASS_IF c, "create_refused"
        VMMAPI  07h
        mov     ax, cx
        EXPECT  "threads_after_refusal", 1

        mov     cx, cs                  ; thread D blocks on VMTEST's semaphore
        mov     dx, thread_d
        mov     si, cs
        mov     di, stack_d
        VMMAPI  05h
        PASS_IF nc, "create_d"
.wd:    cmp     byte [cs:d_waiting], 1
        je      .dw
        mov     cx, 1
        call    busy_ticks
        jmp     .wd
.dw:    mov     cx, 3                   ; D is blocked in ring 0: A runs on
        call    busy_ticks
        PRINTLN "A signals"
        VMT     06h
.wd2:   cmp     byte [cs:d_done], 1
        je      .dd
        mov     cx, 1
        call    busy_ticks
        jmp     .wd2
.dd:    PASS    "d_woken"

        VMT     03h                     ; A owns the critical section
        mov     cx, cs                  ; thread E wants it too
        mov     dx, thread_e
        mov     si, cs
        mov     di, stack_e
        VMMAPI  05h
        PASS_IF nc, "create_e"
.we:    cmp     byte [cs:e_waiting], 1
        je      .ew
        mov     cx, 1
        call    busy_ticks
        jmp     .we
.ew:    mov     cx, 3                   ; E waits for it: A runs on
        call    busy_ticks
        PRINTLN "A leaves crit"
        VMT     04h
.we2:   cmp     byte [cs:e_done], 1
        je      .ed
        mov     cx, 1
        call    busy_ticks
        jmp     .we2
.ed:    PASS    "e_got_crit"
        EXIT

thread_b:
        VMMAPI  07h
        mov     [cs:b_seen_id], ax
        mov     ax, bx
        EXPECT  "b_not_initial", 0
        mov     ax, cx
        EXPECT  "b_threads", 2
        mov     ax, sp
        EXPECT  "b_stack", stack_b
        mov     bx, 0
.b:     PRINT   "B line "
        mov     ax, bx
        call    puthex16
        call    newline
        mov     cx, 2
        call    busy_ticks
        inc     bx
        cmp     bx, 6
        jb      .b
        mov     ax, [cs:b_seen_id]
        cmp     ax, [cs:b_id]
        PASS_IF e, "b_id"
        mov     byte [cs:b_done], 1
        VMMAPI  06h                     ; never returns
        FAIL    "b_end", "returned"
.h:     jmp     .h

thread_d:
        mov     byte [cs:d_waiting], 1
        PRINTLN "D waits"
        VMT     05h                     ; Wait_Semaphore: only this thread blocks
        PRINTLN "D woken"
        mov     byte [cs:d_done], 1
        VMMAPI  06h
.h:     jmp     .h

thread_e:
        mov     byte [cs:e_waiting], 1
        PRINTLN "E wants crit"
        VMT     03h                     ; blocks: another thread of its VM owns it
        PRINTLN "E got crit"
        VMT     04h
        mov     byte [cs:e_done], 1
        VMMAPI  06h
.h:     jmp     .h

thread_c:
        PRINTLN "C faults"
        mov     eax, cr0                ; privileged: ends thread C only
        FAIL    "c_fault", "survived"
.h:     jmp     .h

a_id:       dw 0
b_id:       dw 0
b_seen_id:  dw 0
b_done:     db 0
d_waiting:  db 0
d_done:     db 0
e_waiting:  db 0
e_done:     db 0
            align 2
            times 512 db 0
stack_b:
            times 512 db 0
stack_c:
            times 512 db 0
stack_d:
            times 512 db 0
stack_e:
