; t_nested.asm -- nested software interrupts through the guest's own IVT.
; INT 60h's handler calls INT 61h, which calls INT 62h: checks the return
; order, register passing, the IRET frame, IF inside handlers (INT clears
; it), stack balance; flags returned by editing the frame (IRET) or by
; RETF 2; and vectors 20h-2Fh and 80h (DOS/Unix-style) that must reach the
; guest's handlers, never the monitor.
%include "guest.inc"

IF_BIT  equ 0200h

; REC 'c'  -- append a character to the call-order log
%macro REC 1
        push    bx
        mov     bx, [cs:opos]
        mov     byte [cs:order+bx], %1
        inc     word [cs:opos]
        pop     bx
%endmacro

; VECTEST v: hook vector v, INT v with AX = v * 0101h, check the handler saw
; it, restore the vector
%macro VECTEST 1
        SETVEC  %1, vh_%[%1], oldv
        mov     byte [lastvec], 0
        mov     word [lastax], 0
        mov     ax, %1 * 0101h
        int     %1
        RESTVEC %1, oldv
        cmp     byte [lastvec], %1
        jne     %%bad
        cmp     word [lastax], %1 * 0101h
        je      %%ok
%%bad:  inc     word [vbad]
        PRINT   "FAIL vector "
        mov     al, %1
        call    puthex8
        call    newline
        inc     word [fail_count]
%%ok:
%endmacro

main:
        SETVEC  60h, h60, old60
        SETVEC  61h, h61, old61
        SETVEC  62h, h62, old62
        SETVEC  63h, h63, old63
        SETVEC  64h, h64, old64
        SETVEC  65h, h65, old65

        ; ---- nested INT 60h -> 61h -> 62h
        sti
        mov     ax, 1111h
        mov     bx, 2222h
        mov     cx, 3333h
        mov     dx, 4444h
        mov     si, 5555h
        mov     di, 6666h
        mov     bp, 7777h
        mov     [sp_before], sp
        int     60h
.ret60:
        mov     [sp_after], sp
        pushf
        mov     [r_ax], ax
        mov     [r_bx], bx
        mov     [r_cx], cx
        mov     [r_dx], dx
        mov     [r_si], si
        mov     [r_di], di
        mov     [r_bp], bp
        pop     ax
        and     ax, IF_BIT
        EXPECT  "nested_if_restored", IF_BIT

        ; the order: entered A, B, C, left c, b, a
        mov     si, order
        mov     di, order_want
        mov     cx, 6
        repe    cmpsb
        PASS_IF e, "nested_order"
        mov     ax, [opos]
        EXPECT  "nested_depth", 6

        ; registers: each level incremented AX, 62h set CX, 61h DX, 60h SI
        mov     ax, [r_ax]
        EXPECT  "nested_ax", 1113h
        mov     ax, [r_cx]
        EXPECT  "nested_cx", 1113h
        mov     ax, [r_dx]
        EXPECT  "nested_dx", 1114h
        mov     ax, [r_si]
        EXPECT  "nested_si", 1115h
        mov     ax, [r_bx]
        cmp     ax, 2222h
        jne     .regbad
        mov     ax, [r_di]
        cmp     ax, 6666h
        jne     .regbad
        mov     ax, [r_bp]
        cmp     ax, 7777h
.regbad:
        PASS_IF e, "nested_preserved"

        ; stack balance
        mov     ax, [sp_after]
        sub     ax, [sp_before]
        EXPECT  "nested_stack", 0
        ; depth inside INT 62h: 3 frames of 6 bytes plus one PUSH BP per level
        mov     ax, [sp_before]
        sub     ax, [sp62]
        EXPECT  "nested_sp62", 3 * 6 + 2 * 2

        ; INT 60h's frame: return IP, CS, FLAGS with IF set
        mov     ax, [f_ip]
        EXPECT  "frame_ip", .ret60
        mov     ax, [f_cs]
        mov     bx, cs
        cmp     ax, bx
        PASS_IF e, "frame_cs"
        mov     ax, [f_fl]
        and     ax, IF_BIT
        EXPECT  "frame_if", IF_BIT
        ; IF inside the handlers is clear
        mov     ax, [if60]
        or      ax, [if61]
        or      ax, [if62]
        and     ax, IF_BIT
        EXPECT  "handler_if0", 0

        ; ---- flags returned through the IRET frame: CF set, ZF cleared
        xor     ax, ax                  ; ZF=1, CF=0
        int     63h
        pushf
        pop     ax
        and     ax, 0041h
        EXPECT  "iret_frame_flags", 0001h

        ; ---- RETF 2 returns the handler's own flags: STI; STC; RETF 2
        cli
        clc
        int     64h
        pushf
        pop     ax
        and     ax, IF_BIT | 1
        EXPECT  "retf2_sti_stc", IF_BIT | 1
        ; without STI in the handler IF stays clear (INT cleared it)
        sti
        clc
        int     65h
        pushf
        pop     ax
        sti
        and     ax, IF_BIT | 1
        EXPECT  "retf2_if0", 1

        RESTVEC 60h, old60
        RESTVEC 61h, old61
        RESTVEC 62h, old62
        RESTVEC 63h, old63
        RESTVEC 64h, old64
        RESTVEC 65h, old65

        ; ---- vectors 20h-2Fh and 80h reach the guest's own handlers
        mov     word [vbad], 0
%assign v 20h
%rep 16
        VECTEST v
%assign v v+1
%endrep
        mov     ax, [vbad]
        EXPECT  "vectors_20_2F", 0
        mov     word [vbad], 0
        VECTEST 80h
        mov     ax, [vbad]
        EXPECT  "vector_80", 0
        EXIT


; the handlers of the nested chain
h60:    push    bp
        mov     bp, sp
        mov     [cs:sp60], sp
        push    ax
        mov     ax, [bp+2]
        mov     [cs:f_ip], ax
        mov     ax, [bp+4]
        mov     [cs:f_cs], ax
        mov     ax, [bp+6]
        mov     [cs:f_fl], ax
        pushf
        pop     ax
        mov     [cs:if60], ax
        pop     ax
        REC     'A'
        inc     ax
        int     61h
        REC     'a'
        mov     si, dx
        inc     si
        pop     bp
        iret

h61:    push    bp
        mov     bp, sp
        push    ax
        pushf
        pop     ax
        mov     [cs:if61], ax
        pop     ax
        REC     'B'
        inc     ax
        int     62h
        REC     'b'
        mov     dx, cx
        inc     dx
        pop     bp
        iret

h62:    mov     [cs:sp62], sp
        push    ax
        pushf
        pop     ax
        mov     [cs:if62], ax
        pop     ax
        REC     'C'
        mov     cx, ax
        REC     'c'
        iret

; set CF and clear ZF in the caller's FLAGS image
h63:    push    bp
        mov     bp, sp
        or      byte [bp+6], 01h
        and     byte [bp+6], 0BFh
        pop     bp
        iret

h64:    sti
        stc
        retf    2

h65:    stc
        retf    2

; one handler per vector 20h-2Fh, 80h
%macro VH 1
vh_%[%1]:
        mov     byte [cs:lastvec], %1
        mov     [cs:lastax], ax
        iret
%endmacro
%assign v 20h
%rep 16
        VH      v
%assign v v+1
%endrep
        VH      80h

old60   dd 0
old61   dd 0
old62   dd 0
old63   dd 0
old64   dd 0
old65   dd 0
oldv    dd 0
lastvec db 0
lastax  dw 0
vbad    dw 0
sp_before dw 0
sp_after dw 0
sp60    dw 0
sp62    dw 0
f_ip    dw 0
f_cs    dw 0
f_fl    dw 0
if60    dw 0FFFFh
if61    dw 0FFFFh
if62    dw 0FFFFh
r_ax    dw 0
r_bx    dw 0
r_cx    dw 0
r_dx    dw 0
r_si    dw 0
r_di    dw 0
r_bp    dw 0
opos    dw 0
order   times 8 db 0
order_want db "ABCcba"
