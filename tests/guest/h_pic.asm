; h_pic.asm -- hostile guest: writes to the PIC that would hurt the VMM if
; they reached the real one.  The VM talks to its virtual PIC; the VMM's
; clock never stops, and the VM sees exactly what a real 8259A would do:
;   - the mask written to port 21h reads back
;   - IRQ 0 masked: the BIOS tick count stops (for > 2 ticks); unmasked: it
;     runs again (the VM survives, the monitor stays alive)
;   - the master reinitialized with ICW1-4 to vector base 50h (the VMM's own
;     real IRQ base): the timer now arrives at the guest's INT 50h and not at
;     INT 8; then initialized back to 08h, and the BIOS clock runs on
%include "guest.inc"

main:
        cli
        in      al, 21h
        mov     [mask], al
        sti
        PRINTHEX "INFO mask", [mask]

        ; ---- read back
        cli
        mov     al, [mask]
        xor     al, 20h                 ; IRQ 5 toggled (nothing there)
        mov     bl, al
        out     21h, al
        in      al, 21h
        mov     bh, al
        mov     al, [mask]
        out     21h, al
        sti
        cmp     bh, bl
        PASS_IF e, "pic_mask_readback"

        ; ---- IRQ 0 masked: no ticks
        cli
        mov     al, [mask]
        or      al, 01h
        out     21h, al
        sti
        call    get_ticks
        mov     [t0], ax
        mov     cx, 6                   ; about 6 x 55 ms (mode 3: 3 x 55)
.w1:    call    wait_pit_wrap
        loop    .w1
        call    get_ticks
        sub     ax, [t0]
        EXPECT  "pic_irq0_masked_no_ticks", 0
        cli
        mov     al, [mask]
        out     21h, al
        sti
        mov     cx, 2
        call    wait_ticks
        call    get_ticks
        sub     ax, [t0]
        cmp     ax, 2
        PASS_IF ae, "pic_irq0_unmasked_ticks"

        ; ---- master reinitialized to vector base 50h
        SETVEC  50h, h50, old50
        SETVEC  8, h08, old08
        call    get_ticks
        mov     [t0], ax
        cli
        mov     al, 11h                 ; ICW1: edge, cascade, ICW4 follows
        out     20h, al
        mov     al, 50h                 ; ICW2: vector base 50h
        out     21h, al
        mov     al, 04h                 ; ICW3: slave on IR2
        out     21h, al
        mov     al, 01h                 ; ICW4: 8086 mode, normal EOI
        out     21h, al
        mov     al, [mask]              ; OCW1 (ICW1 cleared the mask)
        out     21h, al
        mov     word [n50], 0
        mov     word [n08], 0
        sti
.w2:    hlt
        cmp     word [n08], 3
        jae     .w2d
        cmp     word [n50], 3
        jb      .w2
.w2d:   cli
        mov     al, 11h                 ; back to base 08h
        out     20h, al
        mov     al, 08h
        out     21h, al
        mov     al, 04h
        out     21h, al
        mov     al, 01h
        out     21h, al
        mov     al, [mask]
        out     21h, al
        RESTVEC 8, old08
        RESTVEC 50h, old50
        sti
        PRINTHEX "INFO int50", [n50]
        PRINTHEX "INFO int08", [n08]
        mov     ax, [n50]
        cmp     ax, 3
        PASS_IF ae, "pic_base50_timer_at_int50"
        mov     ax, [n08]
        EXPECT  "pic_base50_none_at_int8", 0
        call    get_ticks
        sub     ax, [t0]
        EXPECT  "pic_base50_bios_clock_idle", 0
        in      al, 21h
        cmp     al, [mask]
        PASS_IF e, "pic_restored_mask"
        mov     cx, 2
        call    wait_ticks
        call    get_ticks
        sub     ax, [t0]
        cmp     ax, 2
        PASS_IF ae, "pic_base08_ticks_again"
        EXIT

; wait_pit_wrap: wait until PIT channel 0 wraps once (its count goes up)
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

pit_count:
        mov     al, 00h
        out     43h, al
        in      al, 40h
        mov     ah, al
        in      al, 40h
        xchg    al, ah
        ret

; INT 50h: the timer at its new vector; INT 8: where it must no longer come
h50:    inc     word [cs:n50]
        jmp     eoi
h08:    inc     word [cs:n08]
eoi:    push    ax
        mov     al, 20h
        out     20h, al
        pop     ax
        iret

old50   dd 0
old08   dd 0
mask    db 0
t0      dw 0
n50     dw 0
n08     dw 0
