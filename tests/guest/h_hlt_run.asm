; h_hlt_run.asm -- hostile guest: a long run of HLTs with interrupts enabled
; idles the VM (it does not halt the CPU or hang): every HLT ends with the
; next timer tick.  Also HLT with only the timer unmasked, and HLT right after
; STI with a tick already pending (the pending interrupt ends it at once).
%include "guest.inc"

NHLT    equ 40                          ; about 2.2 s at 18.2 Hz

main:
        sti
        call    get_ticks
        mov     [t0], ax
        mov     cx, NHLT
.h:     hlt
        loop    .h
        call    get_ticks
        sub     ax, [t0]
        PRINTHEX "INFO ticks", ax
        cmp     ax, NHLT / 2
        PASS_IF ae, "hlt_run_idles"

        ; only IRQ 0 unmasked: still woken by every tick
        cli
        in      al, 21h
        mov     [mask], al
        mov     al, 0FEh
        out     21h, al
        sti
        call    get_ticks
        mov     [t0], ax
        mov     cx, 4
.h2:    hlt
        loop    .h2
        call    get_ticks
        sub     ax, [t0]
        cmp     ax, 2
        PASS_IF ae, "hlt_timer_only"
        cli
        mov     al, [mask]
        out     21h, al
        sti

        ; STI; HLT with a tick pending: the HLT ends at once
        cli
        call    get_ticks
        mov     [t0], ax
        call    wait_pit_wrap           ; > 55 ms with IF=0: IRQ 0 is pending
        call    wait_pit_wrap
        call    get_ticks
        sub     ax, [t0]
        EXPECT  "hlt_cli_no_tick", 0
        sti
        hlt
        call    get_ticks
        sub     ax, [t0]
        cmp     ax, 1
        PASS_IF ae, "hlt_pending_wakes"
        EXIT

; wait_pit_wrap: wait until PIT channel 0 wraps once (its count goes up),
; whatever IF is; about 55 ms.
wait_pit_wrap:
        push    ax
        push    bx
        call    pit_count
        mov     bx, ax
.w:     call    pit_count
        cmp     ax, bx
        mov     bx, ax
        jbe     .w
        pop     bx
        pop     ax
        ret

; pit_count: AX = channel 0 count (latched)
pit_count:
        mov     al, 00h                 ; latch channel 0
        out     43h, al
        in      al, 40h
        mov     ah, al
        in      al, 40h
        xchg    al, ah
        ret

t0      dw 0
mask    db 0
