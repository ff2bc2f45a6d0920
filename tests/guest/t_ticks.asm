; t_ticks.asm -- the BIOS tick count (0040:006Ch) advances while the guest
; idles with STI + HLT; INT 1Ah AH=00h agrees with it; wait_ticks works.
%include "guest.inc"

NHLT    equ 20                          ; about 1.1 s at 18.2 Hz

main:
        sti
        call    get_ticks
        mov     [t0], ax
        mov     cx, NHLT
.h:     hlt
        loop    .h
        call    get_ticks
        sub     ax, [t0]
        mov     [delta], ax
        PRINT   "INFO ticks "
        call    puthex16
        PRINTLN " over 20 hlt"
        mov     ax, [delta]
        cmp     ax, 2
        PASS_IF ae, "ticks_advance"
        mov     ax, [delta]
        cmp     ax, 2 * NHLT            ; not a burst of catch-up ticks either
        PASS_IF be, "ticks_per_hlt"

        ; INT 1Ah AH=00h returns the same counter (CX:DX)
        call    get_ticks
        mov     [t0], ax
        mov     ah, 00h
        int     1Ah
        mov     [t1], dx
        call    get_ticks
        mov     bx, [t1]
        sub     bx, [t0]                ; int1a - before >= 0
        sub     ax, [t1]                ; after - int1a >= 0
        cmp     bx, 1
        ja      .bad1a
        cmp     ax, 1
        ja      .bad1a
        PASS    "ticks_int1a"
        jmp     .wait
.bad1a: FAIL    "ticks_int1a"
.wait:
        ; wait_ticks(3) sees the count change 3 times (the first tick partial):
        ; 3 ticks, or 4-5 if the last changes came in a burst
        call    get_ticks
        mov     [t0], ax
        mov     cx, 3
        call    wait_ticks
        call    get_ticks
        sub     ax, [t0]
        mov     [delta], ax
        PRINTHEX "INFO wait3", ax
        sub     ax, 3                   ; 3..5 -> 0..2 (below 3 wraps high)
        cmp     ax, 2
        PASS_IF be, "ticks_wait3"
        ; IF is still set after the HLTs
        pushf
        pop     ax
        and     ax, 0200h
        EXPECT  "ticks_if", 0200h
        EXIT

t0      dw 0
t1      dw 0
delta   dw 0
