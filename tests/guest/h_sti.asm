; h_sti.asm -- hostile guest: the virtual IF and interrupts that are already
; pending when it is set.  Each case first waits with IF clear until a timer
; interrupt is pending (two PIT wraps, > 55 ms), then records where the
; interrupt lands (the IP in the frame our INT 8 hook sees):
;   - CLI PUSHF STI POPF ends with IF clear, 16- and 32-bit (the historic
;     Linux vm86 bug); and with a tick pending around the POPF, none lands
;   - POPF with IF set: delivered right after the POPF (no shadow)
;   - POPF with IF clear: not delivered
;   - IRET setting IF: delivered at the IRET's target
;   - STI; NOP: delivered after the NOP, never between STI and NOP
;   - STI; HLT: the HLT ends at once (not hung)
;   - STI; then a spin loop with no trapping instruction: delivered
;   - STI; STI: delivered after the second (it does not extend the shadow)
;   - STI; CLI: never delivered between them
;   - STI; MOV SS; MOV SP: never between STI and MOV SS (after MOV SS on
;     QEMU, whose shadows do not chain; after MOV SP on many CPUs)
%include "guest.inc"

; PENDING -- IF clear, wait until a timer interrupt is pending; arm the hook
%macro PENDING 0
        cli
        call    wait_pit_wrap
        call    wait_pit_wrap
        call    wait_irr0               ; QEMU raises the line after the count wraps
        mov     word [hit_ip], 0
        mov     word [hits], 0
        mov     byte [armed], 1
%endmacro

main:
        SETVEC  8, h8, old8
        SETVEC  61h, h61, old61
        sti

        ; ---- CLI PUSHF STI POPF
        cli
        pushf
        sti
        popf
        call    getif
        EXPECT  "cli_pushf_sti_popf", 0
        cli
        o32 pushf
        sti
        o32 popf
        call    getif
        EXPECT  "cli_pushfd_sti_popfd", 0
        PENDING
        pushf
        sti
        popf                            ; STI's shadow covers it: IF clear again
        mov     ax, [hits]
        mov     [tmp], ax
        call    getif
        EXPECT  "cli_pushf_sti_popf_pending_if0", 0
        mov     ax, [tmp]
        EXPECT  "cli_pushf_sti_popf_no_tick", 0
        call    settle

        ; ---- POPF with IF set: delivered right after it
        PENDING
        push    word 0202h
        popf
.p1:    nop
        call    settle
        mov     ax, [hit_ip]
        EXPECT  "popf_if1_delivers_at_once", .p1
        ; ---- POPF with IF clear: nothing
        PENDING
        push    word 0002h
        popf
        nop
        mov     ax, [hits]
        EXPECT  "popf_if0_holds", 0
        sti
        call    settle
        ; ---- IRET setting IF: at the IRET's target
        PENDING
        push    word 0202h
        push    cs
        push    word .i1
        iret
.i1:    nop
        call    settle
        mov     ax, [hit_ip]
        EXPECT  "iret_if1_delivers_at_target", .i1

        ; ---- STI; NOP: after the NOP
        PENDING
        sti
.s1:    nop
.s2:    nop
        call    settle
        mov     ax, [hit_ip]
        EXPECT  "sti_shadow_one_insn", .s2
        ; ---- STI; HLT: the HLT ends
        PENDING
        sti
        hlt
.h1:    call    settle
        mov     ax, [hit_ip]
        EXPECT  "sti_hlt_wakes", .h1
        ; ---- STI; a spin with no trapping instruction
        PENDING
        sti
        mov     ecx, 50000000
.spin:  cmp     word [hits], 0
        jne     .got
        dec     ecx
        jnz     .spin
.got:   mov     ax, [hits]
        cmp     ax, 0
        PASS_IF ne, "sti_spin_delivers"
        call    settle
        ; ---- STI; STI
        PENDING
        sti
        sti
.ss2:   nop
        call    settle
        mov     ax, [hit_ip]
        EXPECT  "sti_sti_after_second", .ss2
        ; ---- STI; CLI: no window between them
        PENDING
        sti
        cli
        mov     ax, [hits]
        mov     [tmp], ax
        call    settle
        mov     ax, [tmp]
        EXPECT  "sti_cli_no_window", 0
        ; ---- STI; MOV SS; MOV SP
        PENDING
        mov     bx, sp
        mov     dx, ss
        sti
.m0:    mov     ss, dx
.m1:    mov     sp, bx
.m2:    nop
        call    settle
        PRINTHEX "INFO sti_mov_ss lands at", [hit_ip]
        mov     ax, [hit_ip]
        cmp     ax, .m0
        je      .mbad
        cmp     ax, .m1
        je      .mok
        cmp     ax, .m2
        je      .mok
.mbad:  FAIL    "sti_mov_ss_shadow"
        jmp     .mdone
.mok:   PASS    "sti_mov_ss_shadow"
.mdone:
        mov     byte [armed], 0
        cli
        RESTVEC 8, old8
        RESTVEC 61h, old61
        sti
        EXIT

; getif: AX = IF bit of FLAGS
getif:  pushf
        pop     ax
        and     ax, 0200h
        ret

; settle: IF on; wait until the armed interrupt came (or a tick passed)
settle:
        sti
        push    cx
        mov     cx, 2
.w:     cmp     word [hits], 0
        jne     .d
        hlt
        loop    .w
.d:     pop     cx
        mov     byte [armed], 0
        ret

; wait_irr0: wait (bounded) until the PIC shows IRQ 0 requested (OCW3: read
; IRR).  Under a loaded host QEMU's timer raises the line some time after
; the PIT's count has wrapped.
wait_irr0:
        push    ax
        push    cx
        mov     cx, 0FFFFh
.w:     mov     al, 0Ah
        out     20h, al
        in      al, 20h
        test    al, 1
        jnz     .d
        loop    .w
.d:     pop     cx
        pop     ax
        ret

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

; INT 8: the first one after PENDING records its frame's IP; then the BIOS's
h8:     cmp     byte [cs:armed], 0
        je      .chain
        inc     word [cs:hits]
        cmp     word [cs:hits], 1
        jne     .chain
        push    bp
        mov     bp, sp
        push    ax
        mov     ax, [bp+2]
        mov     [cs:hit_ip], ax
        pop     ax
        pop     bp
.chain: jmp     far [cs:old8]

h61:    iret

old8    dd 0
old61   dd 0
armed   db 0
hits    dw 0
hit_ip  dw 0
tmp     dw 0
