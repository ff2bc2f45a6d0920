; t_overrun.asm -- segment overruns in real mode (issue 11, found by the
; fuzzer under Bochs): a word at DS:FFFFh raises INT 0Dh, a word at SS:FFFFh
; (through BP, or ENTER walking its frame) INT 0Ch, with CS:IP of the
; faulting instruction, as on a 386 in real mode.  vmm386 ended the VM
; instead.  QEMU checks no segment limits: run under Bochs (test_bochs.py).
%include "guest.inc"

; TRY vector, "name_vector", "name_ip", instruction...  -- expect `vector`
; with CS:IP of the instruction
%macro TRY 4+
        mov     word [cs:hit], 0
        mov     word [cs:skip], %%end - %%insn
%%insn: %4
%%end:
        mov     ax, [cs:hit]
        EXPECT  %2, %1
        mov     ax, [cs:hit_ip]
        EXPECT  %3, %%insn
%endmacro

main:
        SETVEC  0Dh, gp_handler, old0d
        SETVEC  0Ch, ss_handler, old0c
        cli                             ; IRQ 4/5 share these vectors
        mov     bx, 0FFFFh
        TRY     0Dh, "overrun_ds_word_vector", "overrun_ds_word_ip", mov ax, [bx]
        TRY     0Dh, "overrun_es_dword_vector", "overrun_es_dword_ip", mov eax, [es:0FFFEh]
        push    bp
        mov     bp, 0FFFFh
        TRY     0Ch, "overrun_ss_word_vector", "overrun_ss_word_ip", mov ax, [bp]
        mov     bp, 1
        TRY     0Ch, "overrun_enter_vector", "overrun_enter_ip", enter 4, 2
        pop     bp
        sti
        RESTVEC 0Dh, old0d
        RESTVEC 0Ch, old0c
        EXIT

gp_handler:
        mov     word [cs:hit], 0Dh
        jmp     step_over
ss_handler:
        mov     word [cs:hit], 0Ch
step_over:
        push    bp                      ; step over the faulting instruction
        mov     bp, sp
        push    ax
        mov     ax, [bp+2]
        mov     [cs:hit_ip], ax
        add     ax, [cs:skip]
        mov     [bp+2], ax
        pop     ax
        pop     bp
        iret

hit     dw 0
hit_ip  dw 0
skip    dw 0
old0d   dd 0
old0c   dd 0
