; h_pit.asm -- hostile guest: reprogramming and reading the PIT (the VM's
; virtual channel 0; the VMM's own clock must not care).
;   - counter latch (43h <- 00h) and read-back (43h <- D2h): the count read
;     twice goes down
;   - 1000 latched reads in a row: the count only goes up at a wrap (by
;     8000h or more); a count that jumps back up a little fakes a wrap to
;     programs timing with it
;   - divisor 1193 (about 1 kHz): the guest's INT 8 rate, counted over one
;     RTC second (CMOS register 0 changing twice), is about 1000/s
;     ("INFO int8 per second XXXX", at least 100: emulated time on a busy
;     host loses ticks); then divisor 0 (65536) again
;   - afterwards the BIOS tick count runs as before
%include "guest.inc"

main:
        ; ---- latch: the count goes down
        call    pit_count
        mov     bx, ax
        mov     cx, 200
.d:     loop    .d
        call    pit_count
        PRINT   "INFO latch "
        xchg    ax, bx
        call    puthex16
        PRINT   " then "
        xchg    ax, bx
        call    puthex16
        call    newline
        sub     bx, ax                  ; first - second: small and positive
        cmp     bx, 8000h
        PASS_IF b, "pit_latch_decreases"
        ; ---- read-back command: latch count of channel 0
        mov     al, 0D2h                ; read-back, count only, channel 0
        out     43h, al
        in      al, 40h
        mov     ah, al
        in      al, 40h
        xchg    al, ah
        mov     bx, ax
        mov     cx, 200
.d2:    loop    .d2
        mov     al, 0D2h
        out     43h, al
        in      al, 40h
        mov     ah, al
        in      al, 40h
        xchg    al, ah
        sub     bx, ax
        cmp     bx, 8000h
        PASS_IF b, "pit_readback_decreases"

        ; ---- monotonic: in 1000 reads, the count goes up only at a wrap,
        ; from near 0 to near the divisor (a jump of at least 8000h)
        cli
        call    pit_count
        mov     bx, ax
        xor     dx, dx                  ; false wraps
        mov     cx, 1000
.m:     call    pit_count
        cmp     ax, bx
        jbe     .down
        push    ax
        sub     ax, bx
        cmp     ax, 8000h
        pop     ax
        jae     .down
        inc     dx
.down:  mov     bx, ax
        loop    .m
        sti
        PRINTHEX "INFO false wraps", dx
        mov     ax, dx
        EXPECT  "pit_count_monotonic", 0

        ; ---- about 1 kHz
        SETVEC  8, h8, old8
        cli
        mov     al, 36h                 ; channel 0, lo/hi, mode 3
        out     43h, al
        mov     ax, 1193
        out     40h, al
        mov     al, ah
        out     40h, al
        sti
        call    rtc_second              ; a second boundary...
        mov     word [n8], 0
        call    rtc_second              ; ...to the next one
        mov     ax, [n8]
        mov     [rate], ax
        cli
        mov     al, 36h                 ; back to 65536 (18.2 Hz)
        out     43h, al
        xor     al, al
        out     40h, al
        out     40h, al
        sti
        RESTVEC 8, old8
        PRINTHEX "INFO int8 per second", [rate]
        mov     ax, [rate]                ; 18/s unless the divisor took; a
        cmp     ax, 100                   ; loaded host loses ticks: >= 100
        jb      .slow
        cmp     ax, 1500
        ja      .slow
        PASS    "pit_1khz_rate"
        jmp     .after
.slow:  FAIL    "pit_1khz_rate"
.after:
        ; ---- the BIOS clock still runs
        call    get_ticks
        mov     bx, ax
        mov     cx, 3
        call    wait_ticks
        call    get_ticks
        sub     ax, bx
        cmp     ax, 3
        PASS_IF ae, "pit_bios_ticks_after"
        EXIT

; pit_count: AX = channel 0 count (latched)
pit_count:
        mov     al, 00h
        out     43h, al
        in      al, 40h
        mov     ah, al
        in      al, 40h
        xchg    al, ah
        ret

; rtc_second: wait until the RTC seconds register changes (IF on)
rtc_second:
        push    ax
        push    bx
        call    rtc_sec
        mov     bl, al
.w:     call    rtc_sec
        cmp     al, bl
        je      .w
        pop     bx
        pop     ax
        ret

; rtc_sec: AL = CMOS register 0 (seconds), read outside an update
rtc_sec:
        mov     al, 0Ah
        out     70h, al
        in      al, 71h
        test    al, 80h                 ; update in progress
        jnz     rtc_sec
        xor     al, al
        out     70h, al
        in      al, 71h
        ret

h8:     inc     word [cs:n8]
        push    ax
        mov     al, 20h
        out     20h, al
        pop     ax
        iret

old8    dd 0
n8      dw 0
rate    dw 0
