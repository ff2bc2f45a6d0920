; h_prefix.asm -- hostile guest: prefixes stacked on the instructions the
; monitor emulates.  Segment overrides, REP/REPNE and 67h change nothing for
; CLI, STI, PUSHF, POPF, INT, IRET, IN and OUT; 66h makes PUSHF/POPF/IRET
; 32-bit and IN/OUT dword-sized, but not INT (a real-mode frame is always
; 16-bit).  Up to 15 bytes in all are legal.  LOCK on any of them is #UD on
; a 386; QEMU 7.2 ignores it, so those two checks ("lock_*") hold under
; vmm386 only.  The rest checks what real mode does (same PASS lines as bare
; QEMU).
%include "guest.inc"

IF_BIT  equ 0200h

; 14 prefixes: 15 bytes with a one-byte opcode
%define P14 2Eh, 3Eh, 26h, 36h, 64h, 65h, 67h, 0F3h, 0F2h, 2Eh, 3Eh, 26h, 36h, 64h

%macro GETIF 0
        pushf
        pop     ax
        and     ax, IF_BIT
%endmacro

main:
        SETVEC  6, h6, old6
        SETVEC  61h, h61, old61
        mov     [save_sp], sp

        ; ---- CLI / STI, 15 bytes each
        sti
        db      P14, 0FAh               ; cli
        GETIF
        EXPECT  "p14_cli", 0
        db      P14, 0FBh               ; sti
        GETIF
        EXPECT  "p14_sti", IF_BIT
        db      0F3h, 2Eh, 0FAh         ; rep cs cli
        GETIF
        EXPECT  "rep_seg_cli", 0
        sti

        ; ---- PUSHF: 16-bit unless 66h
        mov     bx, sp
        db      0F3h, 2Eh, 67h, 9Ch     ; rep cs a32 pushf
        sub     bx, sp
        pop     ax
        mov     ax, bx
        EXPECT  "prefixed_pushf_2", 2
        mov     bx, sp
        db      26h, 66h, 67h, 0F2h, 9Ch  ; es o32 a32 repne pushfd
        sub     bx, sp
        pop     eax
        mov     ax, bx
        EXPECT  "prefixed_pushfd_4", 4
        mov     bx, sp
        db      P14, 9Ch                ; 15-byte pushf
        sub     bx, sp
        pop     ax
        and     ax, IF_BIT
        or      ax, bx
        EXPECT  "p14_pushf", IF_BIT | 2

        ; ---- POPF: pops 2, or 4 with 66h; IF from the image
        push    word 0002h
        mov     bx, sp
        db      0F3h, 3Eh, 67h, 9Dh     ; rep ds a32 popf (IF <- 0)
        sub     bx, sp
        neg     bx
        GETIF
        or      ax, bx
        EXPECT  "prefixed_popf", 2
        push    dword 00000202h
        mov     bx, sp
        db      2Eh, 67h, 66h, 9Dh      ; cs a32 o32 popfd (IF <- 1)
        sub     bx, sp
        neg     bx
        GETIF
        or      ax, bx
        EXPECT  "prefixed_popfd", IF_BIT | 4

        ; ---- INT 61h: always a 16-bit frame (6 bytes)
        mov     [want_ret], word .r1
        db      66h, 0CDh, 61h          ; o32 int 61h
.r1:    call    check_int
        EXPECT  "o32_int_frame16", 0
        mov     [want_ret], word .r2
        db      67h, 0F3h, 26h, 0CDh, 61h
.r2:    call    check_int
        EXPECT  "prefixed_int", 0
        mov     [want_ret], word .r3
        db      2Eh, 3Eh, 26h, 36h, 64h, 65h, 67h, 0F3h, 0F2h, 2Eh, 3Eh, 26h, 36h, 0CDh, 61h
.r3:    call    check_int
        EXPECT  "p13_int_15_bytes", 0

        ; ---- IRET: 16-bit frame unless 66h
        push    word 0202h
        push    cs
        push    word .i1
        db      67h, 0F3h, 2Eh, 0CFh    ; a32 rep cs iret
.i1:    mov     ax, sp
        EXPECT  "prefixed_iret_sp", 0FFFEh
        push    dword 00000202h
        push    dword 0
        mov     bp, sp
        mov     [bp], cs
        push    dword .i2
        db      2Eh, 67h, 66h, 0CFh     ; cs a32 o32 iretd
.i2:    mov     ax, sp
        EXPECT  "prefixed_iretd_sp", 0FFFEh

        ; ---- IN / OUT
        cli
        in      al, 21h
        mov     [mask], al
        sti
        xor     eax, eax
        db      0F3h, 2Eh, 67h, 0E4h, 21h   ; rep cs a32 in al, 21h
        cmp     al, [mask]
        PASS_IF e, "prefixed_in_byte"
        mov     eax, 0FFFFFFFFh
        db      26h, 0E4h, 21h          ; es in al, 21h: upper bits kept
        shr     eax, 8
        EXPECTD "in_byte_keeps_upper", 00FFFFFFh
        mov     dx, 21h
        xor     eax, eax
        db      67h, 66h, 0F2h, 0EDh    ; a32 o32 repne in eax, dx
        ; a PC gives the IMR in AL (and ports 22h-24h above); QEMU's PIC
        ; does not take a dword access at all: recorded, not judged
        PRINT   "INFO in eax 21h "
        call    puthex32
        PRINT   " mask "
        mov     al, [mask]
        call    puthex8
        call    newline
        mov     dx, 0E9h
        mov     al, 'X'
        db      0F3h, 67h, 2Eh, 0EEh    ; rep a32 cs out dx, al (prints X)
        mov     al, 10
        db      64h, 0E6h, 0E9h         ; fs out 0E9h, al
        PASS    "prefixed_out"

        ; ---- LOCK on an emulated instruction: #UD (IP at the prefix)
        mov     word [ud_cnt], 0
        mov     word [ud_resume], .l1
.lk1:   db      0F0h, 0FAh              ; lock cli
.l1:    mov     ax, [ud_ip]
        cmp     ax, .lk1
        jne     .lf1
        cmp     word [ud_cnt], 1
        jne     .lf1
        PASS    "lock_cli_ud"
        jmp     .ld1
.lf1:   FAIL    "lock_cli_ud"
.ld1:
        mov     word [ud_cnt], 0
        mov     word [ud_resume], .l2
.lk2:   db      2Eh, 0F0h, 0CDh, 61h    ; cs lock int 61h
.l2:    mov     ax, [ud_ip]
        cmp     ax, .lk2
        jne     .lf2
        cmp     word [ud_cnt], 1
        jne     .lf2
        PASS    "lock_int_ud"
        jmp     .ld2
.lf2:   FAIL    "lock_int_ud"
.ld2:
        sti
        GETIF
        EXPECT  "prefix_if_end", IF_BIT
        RESTVEC 6, old6
        RESTVEC 61h, old61
        EXIT

; check_int: AX = 0 if INT 61h ran once with a 6-byte frame returning to
; want_ret, else nonzero
check_int:
        xor     ax, ax
        cmp     word [h61_cnt], 1
        jne     .bad
        mov     bx, [h61_ip]
        cmp     bx, [want_ret]
        jne     .bad
        mov     bx, [save_sp]
        sub     bx, 6                   ; the INT ran at SP = save_sp
        cmp     bx, [h61_sp]
        jne     .bad
        mov     word [h61_cnt], 0
        ret
.bad:   mov     ax, [h61_sp]
        mov     word [h61_cnt], 0
        ret

h61:    push    bp
        mov     bp, sp
        push    ax
        inc     word [cs:h61_cnt]
        lea     ax, [bp+2]              ; SP on entry: the frame's top
        mov     [cs:h61_sp], ax
        mov     ax, [bp+2]
        mov     [cs:h61_ip], ax
        pop     ax
        pop     bp
        iret

h6:     push    bp
        mov     bp, sp
        push    ax
        inc     word [cs:ud_cnt]
        mov     ax, [bp+2]
        mov     [cs:ud_ip], ax
        mov     ax, [cs:ud_resume]
        mov     [bp+2], ax
        pop     ax
        pop     bp
        iret

old6    dd 0
old61   dd 0
save_sp dw 0
want_ret dw 0
h61_cnt dw 0
h61_ip  dw 0
h61_sp  dw 0
mask    db 0
ud_cnt  dw 0
ud_ip   dw 0
ud_resume dw 0
