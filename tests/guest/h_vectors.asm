; h_vectors.asm -- hostile guest: software interrupts on vectors that mean
; something to the VMM: 20h-2Fh (INT 20h is its VxD dynalink from ring 0),
; 50h-5Fh (its real hardware IRQ vectors), 60h (a sample VxD hooks it for
; AH=01h/02h only; AH=00h here), 80h and FFh.  Each must reach the guest's
; own IVT handler, once, with the IP after the INT in the frame, registers
; intact; never a VMM service.  "PASS vec_XX" per vector.
%include "guest.inc"

; STUB n: record the vector, then the common part
%macro STUB 1
stub_%[%1]:
        mov     byte [cs:last], %1
        jmp     vec_common
%endmacro

; TEST_VEC n
%macro TEST_VEC 1
        SETVEC  %1, stub_%[%1], oldv
        mov     word [cnt], 0
        mov     byte [last], 0
        xor     ax, ax
        mov     bx, 1234h
        int     %1
%%ret:  cmp     bx, 1234h
        jne     %%bad
        test    ax, ax
        jnz     %%bad
        cmp     word [cnt], 1
        jne     %%bad
        cmp     byte [last], %1
        jne     %%bad
        cmp     word [frame_ip], %%ret
        jne     %%bad
        mov     ax, cs
        cmp     [frame_cs], ax
        jne     %%bad
        mov     ah, 1
        jmp     %%done
%%bad:  mov     ah, 0
%%done: mov     al, %1
        call    report
        RESTVEC %1, oldv
%endmacro

main:
        sti
%assign v 20h
%rep 16
        TEST_VEC v
%assign v v+1
%endrep
%assign v 50h
%rep 16
        TEST_VEC v
%assign v v+1
%endrep
        TEST_VEC 60h
        TEST_VEC 80h
        TEST_VEC 0FFh
        EXIT

; report: AL = vector, AH = 1 if it passed: "PASS vec_XX" / "FAIL vec_XX"
report: test    ah, ah
        jz      .f
        PRINT   "PASS vec_"
        inc     word [pass_count]
        jmp     .n
.f:     PRINT   "FAIL vec_"
        inc     word [fail_count]
.n:     call    puthex8
        jmp     newline

vec_common:
        push    bp
        mov     bp, sp
        inc     word [cs:cnt]
        push    ax
        mov     ax, [bp+2]
        mov     [cs:frame_ip], ax
        mov     ax, [bp+4]
        mov     [cs:frame_cs], ax
        pop     ax
        pop     bp
        iret

%assign v 20h
%rep 16
        STUB v
%assign v v+1
%endrep
%assign v 50h
%rep 16
        STUB v
%assign v v+1
%endrep
        STUB 60h
        STUB 80h
        STUB 0FFh

oldv    dd 0
cnt     dw 0
last    db 0
frame_ip dw 0
frame_cs dw 0
