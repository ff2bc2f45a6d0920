; m_thread_bomb.asm -- a hostile VM makes threads until the VMM refuses
; (each new thread makes another, then idles): it gets 31 besides its
; initial one, the refusal is logged, and the VM ends with all of them.
%include "guest.inc"
%include "vmmapi.inc"

main:   call    vmm_api_init
        call    spawn                   ; the first one; each spawns the next
.w:     mov     cx, 1
        call    wait_ticks
        cmp     byte [cs:refused], 1
        jne     .w
        VMMAPI  07h
        mov     ax, cx
        EXPECT  "threads_at_the_limit", 32
        mov     ax, [cs:made]
        EXPECT  "made", 31
        EXIT

; spawn: a new thread at worker, with the next 64-byte stack of the pool
spawn:  mov     ax, [cs:made]
        inc     ax
        shl     ax, 6
        add     ax, pool
        mov     di, ax
        mov     si, cs
        mov     cx, cs
        mov     dx, worker
        VMMAPI  05h
        jc      .no
        inc     word [cs:made]
        ret
.no:    mov     byte [cs:refused], 1
        ret

worker: call    spawn
        sti
.idle:  hlt
        jmp     .idle

made:       dw 0
refused:    db 0
            align 2
pool:       times 64 * 40 db 0
