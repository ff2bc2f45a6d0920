; h_misc.asm -- hostile guest: odds and ends from the hostile-guest checklist.
;   - high 16 bits of ESP set: PUSHF, PUSHFD, INT 61h, IRET, POPF (all
;     emulated) use SP only and leave ESP's high half alone, as real mode
;     does with a 16-bit stack
;   - emulated instructions straddling a 4 KB page boundary (prefixes on one
;     page, opcode on the next): CLI, PUSHFD, INT 61h at 3000:0FFx
;   - a trap storm: 100000 x (CLI; STI) and 20000 x INT 61h; the timer still
;     gets through (the BIOS tick count advances during the storm)
%include "guest.inc"

PSEG    equ 3000h

main:
        SETVEC  61h, h61, old61
        sti

        ; ---- ESP with its high half set
        cli
        mov     [save_sp], sp
        mov     eax, 0ABCD0000h
        mov     ax, sp
        mov     esp, eax
        pushf
        o32 pushf
        int     61h
        o32 popf
        popf
        mov     [r_esp], esp
        mov     sp, [save_sp]
        and     esp, 0FFFFh
        sti
        mov     eax, [r_esp]
        shr     eax, 16
        EXPECT  "esp_high_kept", 0ABCDh
        mov     ax, [r_esp]
        cmp     ax, [save_sp]
        PASS_IF e, "esp_low_balanced"
        mov     ax, [save_sp]
        sub     ax, [h61_sp]
        EXPECT  "esp_high_int_frame_at_sp", 2 + 4 + 6

        ; ---- instructions across a page boundary, run with a far call
        push    word PSEG
        pop     es
        mov     di, 0FFDh               ; 3 prefixes, then CLI at 1000h
        mov     si, blob
        mov     cx, BLOB_LEN
        cld
        rep     movsb
        push    cs
        pop     es
        mov     word [h61_cnt], 0
        sti
        call    PSEG:0FFDh
        mov     [pushed], eax
        pushf
        pop     ax
        sti
        and     ax, 0200h
        EXPECT  "straddle_cli", 0
        mov     eax, [pushed]
        and     eax, 0200h
        EXPECTD "straddle_pushfd", 0
        mov     ax, [h61_cnt]
        EXPECT  "straddle_int", 1

        ; ---- trap storm: CLI/STI in rounds of 10,000 until the BIOS tick
        ; count moves (it must: the timer gets through), at most 4,000 rounds
        ; (bare hardware needs many rounds per 55 ms tick, vmm386 a few)
        call    get_ticks
        mov     [t0], ax
        mov     dx, 4000
.round: mov     ecx, 10000
.s1:    cli
        sti
        dec     ecx
        jnz     .s1
        call    get_ticks
        cmp     ax, [t0]
        jne     .moved
        dec     dx
        jnz     .round
.moved: mov     word [h61_cnt], 0
        mov     cx, 20000
.s2:    int     61h
        loop    .s2
        call    get_ticks
        sub     ax, [t0]
        cmp     ax, 1
        PASS_IF ae, "storm_timer_gets_through"
        mov     ax, [h61_cnt]
        EXPECT  "storm_int_count", 20000
        RESTVEC 61h, old61
        EXIT

; copied to 3000:0FFD: "cs cs cs cli" straddles 3000:1000, then PUSHFD,
; POP EAX (the image comes back in EAX), INT 61h, and back
blob:   db      2Eh, 2Eh, 2Eh, 0FAh     ; FFD..1000: cli
        db      66h, 9Ch                ; pushfd
        db      66h, 58h                ; pop eax
        db      0CDh, 61h               ; int 61h
        db      0CBh                    ; retf
BLOB_LEN equ $ - blob

h61:    inc     word [cs:h61_cnt]
        mov     [cs:h61_sp], sp
        iret

old61   dd 0
save_sp dw 0
r_esp   dd 0
h61_cnt dw 0
h61_sp  dw 0
t0      dw 0
pushed  dd 0
