; m_vid.asm -- the procedures of a VPICD_IRQ_Descriptor (VMTEST AH=26h
; virtualizes IRQ 5 with all of them, VID_IRET_Time_Out 100 ms, and asks for
; the interrupt): unmasking the line calls VID_Mask_Change_Proc, delivery
; VID_Virt_Int_Proc, the handler's EOI VID_EOI_Proc and its IRET
; VID_IRET_Proc.  The second handler returns only after 4 ticks: its IRET
; proc runs at the time-out (carry), not again at the IRET.  Last, masking.
%include "guest.inc"
%include "vmtest.inc"

main:   call    vmtest_init
        sti
        in      al, 21h                 ; IRQ 5 masked before it is virtualized
        or      al, 20h
        out     21h, al
        SETVEC  0Dh, handler1, old0d
        mov     cx, 100
        VMT     26h                     ; virtualize, request: it waits behind the mask
        PASS_IF nc, "virtualized"
        in      al, 21h
        and     al, 0DFh
        out     21h, al                 ; unmask: in it comes
.w1:    cmp     byte [cs:done], 1
        jne     .w1
        PRINTLN "first handler returned"
        SETVEC  0Dh, handler2, old0d
        VMT     26h
.w2:    cmp     byte [cs:done], 2
        jne     .w2
        PRINTLN "second handler returned"
        in      al, 21h
        or      al, 20h
        out     21h, al
        RESTVEC 0Dh, old0d
        EXIT

handler1:
        push    ax
        mov     al, 20h
        out     20h, al
        mov     byte [cs:done], 1
        pop     ax
        iret

handler2:
        push    ax
        push    cx
        mov     al, 20h
        out     20h, al
        mov     cx, 4                   ; longer than VID_IRET_Time_Out
        call    busy_ticks
        mov     byte [cs:done], 2
        pop     cx
        pop     ax
        iret

old0d:  dd 0
done:   db 0
