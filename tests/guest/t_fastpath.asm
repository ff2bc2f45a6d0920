; t_fastpath.asm -- the edges of the #GP fast path (v86/fastpath.h), where
; it hands over to the general path: each case is checked for what a real
; 386 does, so bare QEMU, vmm386 and vmm386 fast=off must all agree.
;   - PUSHF at SP=2 (fast: word at 0) and SP=0 (general: wraps to FFFEh);
;   - POPF at SP=FFFEh (fast: SP wraps to 0);
;   - INT 61h at SP=6 (fast: frame at 0..5) and SP=4 (general: wraps);
;   - IRET at SP=FFFAh (fast: SP wraps to 0);
;   - PUSHFD at SP=4, POPFD at SP=FFFCh;
;   - INT 61h with CDh as the last byte of a page (general path);
;   - CLI / PUSHF / STI / PUSHF images: IF as the VM set it;
;   - INT 61h with a 66h prefix (general path; trusted mode: its gate).
; Runs with interrupts disabled around the odd stacks.
%include "guest.inc"

STK     equ 2000h

main:
        SETVEC  61h, h61, old61
        push    word STK
        pop     es

        ; ---- IF in PUSHF images after CLI and STI (fast path)
        cli
        pushf
        pop     ax
        and     ax, 0200h
        EXPECT  "fp_cli_image", 0
        sti
        pushf
        pop     ax
        and     ax, 0200h
        EXPECT  "fp_sti_image", 0200h

        cli
        mov     [save_sp], sp
        mov     ax, STK
        mov     ss, ax

        ; ---- PUSHF at SP=2: the word at 0
        mov     word [es:0], 0
        mov     sp, 2
        pushf
        mov     [r_sp], sp
        mov     ax, [es:0]
        mov     [r_val], ax
        ; ---- PUSHF at SP=0: the word at FFFEh
        mov     word [es:0FFFEh], 0
        xor     sp, sp
        pushf
        mov     [r_sp2], sp
        mov     ax, [es:0FFFEh]
        mov     [r_val2], ax
        ; ---- POPF at SP=FFFEh: SP wraps to 0
        mov     sp, 0FFFEh
        mov     word [es:0FFFEh], 0002h | 0001h      ; CF set, IF clear
        popf
        mov     [r_sp3], sp
        sbb     ax, ax                  ; AX = -1 if CF
        mov     [r_cf], ax
        ; ---- INT 61h at SP=6: frame at 0..5, the handler sees SP=0
        mov     sp, 6
        int     61h
        mov     [r_sp4], sp
        mov     ax, [h61_sp]
        mov     [r_hsp4], ax
        ; ---- INT 61h at SP=4: the frame wraps (FFFEh, 0, 2)
        mov     sp, 4
        int     61h
        mov     [r_sp5], sp
        mov     ax, [h61_sp]
        mov     [r_hsp5], ax
        ; ---- IRET at SP=FFFAh: returns to .iret_to, SP wraps to 0
        mov     sp, 0FFFAh
        mov     word [es:0FFFAh], .iret_to
        mov     [es:0FFFCh], cs
        mov     word [es:0FFFEh], 0002h
        iret
.iret_to:
        mov     [r_sp6], sp
        ; ---- PUSHFD at SP=4, POPFD at SP=FFFCh
        mov     sp, 4
        pushfd
        mov     [r_sp7], sp
        mov     sp, 0FFFCh
        mov     dword [es:0FFFCh], 00000003h         ; CF, bit 1
        popfd
        mov     [r_sp8], sp
        sbb     ax, ax
        mov     [r_cf2], ax

        mov     ax, cs
        mov     ss, ax
        mov     sp, [save_sp]
        sti

        ; ---- INT 61h with CDh as the last byte of a page
        mov     word [h61_sp], 0
        call    page_end_int
        mov     ax, [h61_sp]
        cmp     ax, 0
        PASS_IF ne, "fp_int_page_end"

        ; ---- INT 61h with a 66h prefix: returns after all three bytes
        ; (trusted mode: the CPU's own EIP through the DPL 3 gate)
        mov     word [h61_sp], 0
        mov     bx, 1234h
        db      66h
        int     61h
        mov     ax, bx
        EXPECT  "fp_int_opsize", 1234h
        mov     ax, [h61_sp]
        cmp     ax, 0
        PASS_IF ne, "fp_int_opsize_handler"

        RESTVEC 61h, old61

        mov     ax, [r_sp]
        EXPECT  "fp_pushf_sp2", 0
        mov     ax, [r_val]
        and     ax, 0202h
        EXPECT  "fp_pushf_sp2_val", 0002h
        mov     ax, [r_sp2]
        EXPECT  "fp_pushf_sp0", 0FFFEh
        mov     ax, [r_val2]
        and     ax, 0202h
        EXPECT  "fp_pushf_sp0_val", 0002h
        mov     ax, [r_sp3]
        EXPECT  "fp_popf_fffe_sp", 0
        mov     ax, [r_cf]
        EXPECT  "fp_popf_fffe_cf", 0FFFFh
        mov     ax, [r_sp4]
        EXPECT  "fp_int_sp6", 6
        mov     ax, [r_hsp4]
        EXPECT  "fp_int_sp6_handler", 0
        mov     ax, [r_sp5]
        EXPECT  "fp_int_sp4", 4
        mov     ax, [r_hsp5]
        EXPECT  "fp_int_sp4_handler", 0FFFEh
        mov     ax, [r_sp6]
        EXPECT  "fp_iret_fffa", 0
        mov     ax, [r_sp7]
        EXPECT  "fp_pushfd_sp4", 0
        mov     ax, [r_sp8]
        EXPECT  "fp_popfd_fffc", 0
        mov     ax, [r_cf2]
        EXPECT  "fp_popfd_cf", 0FFFFh
        EXIT

h61:
        mov     [cs:h61_sp], sp
        iret

; INT 61h placed so that CDh ends a 4 KB page (linear), 61h starts the next.
page_end_int:
        jmp     int_at_page_end

save_sp dw 0
h61_sp  dw 0
old61   dd 0
r_sp    dw 0
r_val   dw 0
r_sp2   dw 0
r_val2  dw 0
r_sp3   dw 0
r_cf    dw 0
r_sp4   dw 0
r_hsp4  dw 0
r_sp5   dw 0
r_hsp5  dw 0
r_sp6   dw 0
r_sp7   dw 0
r_sp8   dw 0
r_cf2   dw 0

; The guest is at 1000:0100 (linear 10100h): offset 0FFFh is the last byte
; of the page at 10000h + 0F000h... so put CDh at offset 1FFFh (linear 11FFFh).
        times 1FFFh - ($ - $$ + 100h) db 90h
int_at_page_end:
        int     61h
        ret
