; t_sp0.asm -- stack wrap-around at SP=0: with SS:SP = 2000:0000, PUSHF,
; PUSH AX and INT 60h write at 2000:FFFE downwards and SP reads FFFE, FFFC,
; FFF6 (in the handler); POP/POPF/IRET wrap back to 0000.  Also a 32-bit PUSH
; at SP=0 (writes 2000:FFFC..FFFF).  Runs with interrupts disabled, so no
; hardware interrupt frame lands on the test stack.
%include "guest.inc"

main:
        SETVEC  60h, h60, old60
        ; clear the top of segment 2000h
        push    word 2000h
        pop     es
        mov     dword [es:0FFF0h], 0
        mov     dword [es:0FFF4h], 0
        mov     dword [es:0FFF8h], 0
        mov     dword [es:0FFFCh], 0

        cli
        mov     [save_sp], sp
        mov     ax, 2000h
        mov     ss, ax
        xor     sp, sp                  ; SS:SP = 2000:0000
        pushf                           ; -> 2000:FFFE
        mov     [sp1], sp
        mov     ax, 1234h
        push    ax                      ; -> 2000:FFFC
        mov     [sp2], sp
        int     60h                     ; frame at FFF6..FFFB
.ret60:
        mov     [sp3], sp
        pop     bx
        mov     [popped], bx
        popf
        mov     [sp4], sp
        mov     ax, [es:0FFFCh]         ; what PUSH AX wrote
        mov     [mem_ax], ax
        ; 32-bit push at SP=0
        mov     eax, 89ABCDEFh
        push    eax                     ; -> 2000:FFFC..FFFF
        mov     [sp5], sp
        pop     ecx
        mov     [popped32], ecx
        mov     [sp6], sp
        mov     ax, cs
        mov     ss, ax
        mov     sp, [save_sp]
        sti
        RESTVEC 60h, old60

        mov     ax, [sp1]
        EXPECT  "sp0_pushf_sp", 0FFFEh
        mov     ax, [sp2]
        EXPECT  "sp0_push_sp", 0FFFCh
        mov     ax, [sp60]
        EXPECT  "sp0_int_sp", 0FFF6h
        mov     ax, [sp3]
        EXPECT  "sp0_iret_sp", 0FFFCh
        mov     ax, [popped]
        EXPECT  "sp0_pop", 1234h
        mov     ax, [sp4]
        EXPECT  "sp0_popf_sp", 0
        ; memory: FLAGS image at FFFE (IF clear), AX at FFFC, INT frame below
        mov     ax, [es:0FFFEh]
        and     ax, 0200h
        EXPECT  "sp0_mem_flags", 0
        mov     ax, [mem_ax]
        EXPECT  "sp0_mem_ax", 1234h
        mov     ax, [f_ip]
        EXPECT  "sp0_int_frame_ip", .ret60
        mov     ax, [es:0FFF6h]
        EXPECT  "sp0_mem_frame_ip", .ret60
        mov     ax, [es:0FFF8h]
        mov     bx, cs
        cmp     ax, bx
        PASS_IF e, "sp0_mem_frame_cs"
        mov     ax, [sp5]
        EXPECT  "sp0_push32_sp", 0FFFCh
        mov     ax, [sp6]
        EXPECT  "sp0_pop32_sp", 0
        mov     eax, [popped32]
        EXPECTD "sp0_pop32", 89ABCDEFh
        mov     eax, [es:0FFFCh]
        EXPECTD "sp0_mem_push32", 89ABCDEFh
        push    cs
        pop     es
        EXIT

h60:    mov     [cs:sp60], sp
        push    bp
        mov     bp, sp
        push    ax
        mov     ax, [bp+2]
        mov     [cs:f_ip], ax
        pop     ax
        pop     bp
        iret

old60   dd 0
save_sp dw 0
sp1     dw 0
sp2     dw 0
sp3     dw 0
sp4     dw 0
sp5     dw 0
sp6     dw 0
sp60    dw 0
f_ip    dw 0
popped  dw 0
popped32 dd 0
mem_ax  dw 0
