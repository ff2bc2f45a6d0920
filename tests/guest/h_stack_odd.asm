; h_stack_odd.asm -- hostile guest: odd and edge stack pointers that are
; still legal on a 386 (no stack item straddles SS:FFFF/SS:0000):
;   SP=FFFF: PUSHF (emulated), PUSH AX (hardware), INT 61h (emulated frame at
;            FFF9..FFFE), PUSHFD (FFFB..FFFE), each popped back to FFFF
;   SP=0002: PUSHF -> SP=0000;  SP=0004: PUSHFD -> SP=0000
;   SP=0000: INT 61h -> frame at FFFA..FFFF, IRET wraps SP back to 0000
; SP must wrap at 16 bits and the bytes land where a real-mode 386 puts them.
; Also records, without judging, where QEMU puts a hardware PUSH at SP=0001
; ("INFO"): a 386 raises #SS there, QEMU TCG does not check the limit.
; Runs with interrupts disabled, so no hardware interrupt frame lands on the
; test stack.
%include "guest.inc"

TSEG    equ 2000h

; STACK sp  -- switch to TSEG:sp (IF is clear)
%macro STACK 1
        mov     ax, TSEG
        mov     ss, ax
        mov     sp, %1
%endmacro
; BACK  -- our own stack again
%macro BACK 0
        mov     ax, cs
        mov     ss, ax
        mov     sp, [save_sp]
%endmacro

main:
        SETVEC  61h, h61, old61
        push    word TSEG
        pop     es
        xor     di, di                  ; clear 2000:0000..000F and FFF0..FFFF
        mov     cx, 8
        xor     ax, ax
        cld
        rep     stosw
        mov     di, 0FFF0h
        mov     cx, 8
        rep     stosw
        cli
        mov     [save_sp], sp

        ; ---- SP=FFFF: PUSHF (emulated) -> FFFD, the image at FFFD..FFFE
        STACK   0FFFFh
        pushf
        mov     [r_sp], sp
        mov     bx, [es:0FFFDh]
        popf
        mov     [r_sp2], sp
        BACK
        mov     ax, [r_sp]
        EXPECT  "sp_ffff_pushf_sp", 0FFFDh
        mov     ax, [r_sp2]
        EXPECT  "sp_ffff_popf_sp", 0FFFFh
        mov     ax, bx
        and     ax, 0202h               ; IF clear, bit 1 set
        EXPECT  "sp_ffff_pushf_image", 0002h

        ; ---- SP=FFFF: PUSH AX (hardware)
        STACK   0FFFFh
        mov     ax, 5A5Ah
        push    ax
        mov     [r_sp], sp
        pop     bx
        BACK
        mov     ax, [r_sp]
        EXPECT  "sp_ffff_push_sp", 0FFFDh
        mov     ax, bx
        EXPECT  "sp_ffff_pop", 5A5Ah

        ; ---- SP=FFFF: INT 61h (emulated): frame IP,CS,FLAGS at FFF9,FFFB,FFFD
        STACK   0FFFFh
        int     61h
.ret1:  mov     [r_sp], sp
        BACK
        mov     ax, [h61_sp]
        EXPECT  "sp_ffff_int_sp", 0FFF9h
        mov     ax, [r_sp]
        EXPECT  "sp_ffff_iret_sp", 0FFFFh
        mov     ax, [es:0FFF9h]
        EXPECT  "sp_ffff_int_frame_ip", .ret1

        ; ---- SP=FFFF: PUSHFD (emulated) -> FFFB
        STACK   0FFFFh
        o32 pushf
        mov     [r_sp], sp
        o32 popf
        mov     [r_sp2], sp
        BACK
        mov     ax, [r_sp]
        EXPECT  "sp_ffff_pushfd_sp", 0FFFBh
        mov     ax, [r_sp2]
        EXPECT  "sp_ffff_popfd_sp", 0FFFFh

        ; ---- SP=0002: PUSHF -> 0000;  SP=0004: PUSHFD -> 0000
        STACK   0002h
        pushf
        mov     [r_sp], sp
        popf
        BACK
        mov     ax, [r_sp]
        EXPECT  "sp_0002_pushf_sp", 0
        STACK   0004h
        o32 pushf
        mov     [r_sp], sp
        o32 popf
        mov     [r_sp2], sp
        BACK
        mov     ax, [r_sp]
        EXPECT  "sp_0004_pushfd_sp", 0
        mov     ax, [r_sp2]
        EXPECT  "sp_0004_popfd_sp", 4

        ; ---- SP=0000: INT 61h -> frame at FFFA..FFFF, IRET back to 0000
        STACK   0
        int     61h
.ret2:  mov     [r_sp], sp
        BACK
        mov     ax, [h61_sp]
        EXPECT  "sp_0000_int_sp", 0FFFAh
        mov     ax, [r_sp]
        EXPECT  "sp_0000_iret_sp", 0
        mov     ax, [es:0FFFAh]
        EXPECT  "sp_0000_int_frame_ip", .ret2

        ; ---- hardware PUSH at SP=0001: record only
        mov     byte [es:0FFFFh], 0
        push    word TSEG + 1000h
        pop     fs
        mov     byte [fs:0], 0
        mov     byte [es:0], 0
        STACK   0001h
        mov     ax, 0ABCDh
        push    ax
        mov     [r_sp], sp
        BACK
        PRINT   "INFO hw push at SP=0001: SP="
        mov     ax, [r_sp]
        call    puthex16
        PRINT   " [2000:FFFF]="
        mov     al, [es:0FFFFh]
        call    puthex8
        PRINT   " [2000:0000]="
        mov     al, [es:0]
        call    puthex8
        PRINT   " [3000:0000]="
        mov     al, [fs:0]
        call    puthex8
        call    newline

        sti
        push    cs
        pop     es
        RESTVEC 61h, old61
        EXIT

h61:    mov     [cs:h61_sp], sp
        iret

old61   dd 0
save_sp dw 0
r_sp    dw 0
r_sp2   dw 0
h61_sp  dw 0
