; vme_nt.asm -- NT (EFLAGS bit 14) as the guest wrote it must survive a
; software interrupt handled by the BIOS and a hardware interrupt (timer),
; exactly as in real mode.  Under CR4.VME the CPU runs POPF itself and puts
; NT in the real EFLAGS: the VMM must keep it in the flags image it pushes
; when it reflects an interrupt.  Built by tests/boot/test_bochs.py.
%include "guest.inc"

NT_BIT  equ 4000h

main:
        ; ---- NT across INT 1Ah (reflected to the BIOS, which IRETs)
        push    word 4202h              ; NT=1, IF=1
        popf
        xor     ah, ah
        int     1Ah
        pushf
        pop     ax
        push    word 0202h
        popf
        and     ax, NT_BIT
        EXPECT  "nt_after_int1a", NT_BIT

        ; ---- NT across timer interrupts (HLT until the tick count moves)
        push    word 4202h
        popf
        mov     cx, 2
        call    wait_ticks
        pushf
        pop     ax
        push    word 0202h
        popf
        and     ax, NT_BIT
        EXPECT  "nt_after_irq0", NT_BIT

        ; ---- NT=0 stays 0 across the same
        push    word 0202h
        popf
        mov     cx, 1
        call    wait_ticks
        pushf
        pop     ax
        and     ax, NT_BIT
        EXPECT  "nt0_after_irq0", 0
        EXIT
