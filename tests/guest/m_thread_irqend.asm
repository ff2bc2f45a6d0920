; m_thread_irqend.asm -- threads that end inside a hardware interrupt
; handler, before the handler's EOI.  A hooks INT 08h: on a thread of ours
; the handler stops there (IRQ 0 in service in VM 1's virtual PIC, no EOI);
; elsewhere it goes on to the BIOS.  X spins in it until A ends it with
; VMMTerminateThread (VMTEST AH=14h); Y faults in it (a privileged
; instruction).  After each, A waits for BIOS ticks: they come only if VPICD
; ended what the dead thread had in service.
%include "guest.inc"
%include "vmmapi.inc"
%include "vmtest.inc"

main:   call    vmm_api_init
        call    vmtest_init
        xor     ax, ax
        mov     es, ax
        cli
        mov     eax, [es:8*4]           ; hook INT 08h
        mov     [cs:old08], eax
        mov     word [es:8*4], int08
        mov     [es:8*4+2], cs
        sti
        mov     cx, cs                  ; X at CS:thread_x, stack CS:stack_x
        mov     dx, thread_x
        mov     si, cs
        mov     di, stack_x
        VMT     13h
        PASS_IF nc, "create_x"
        mov     [cs:x_id], ax
        sti
.w:     cmp     byte [cs:stuck], 1      ; X took a tick and stopped in it
        jne     .w
        PRINTLN "X stuck in its IRQ 0 handler"
        VMT     14h                     ; VMMTerminateThread of X
        PASS_IF nc, "terminate_x"
        mov     cx, 3                   ; only if IRQ 0 is not in service for good
        call    busy_ticks
        PRINTLN "ticks go on after X"
        mov     byte [cs:stuck], 0
        mov     byte [cs:fault], 1
        mov     cx, cs                  ; Y faults in its handler
        mov     dx, thread_x
        mov     si, cs
        mov     di, stack_x
        VMT     13h
        PASS_IF nc, "create_y"
        mov     [cs:x_id], ax
.wy:    cmp     byte [cs:stuck], 1
        jne     .wy
        mov     cx, 3
        call    busy_ticks
        PRINTLN "ticks go on after Y"
        EXIT

int08:  push    ax
        push    bx
        push    cx
        VMMAPI  07h                     ; AX = this thread's ID
        cmp     ax, [cs:x_id]
        pop     cx
        pop     bx
        pop     ax
        je      .x
        jmp     far [cs:old08]
.x:     mov     byte [cs:stuck], 1
        cmp     byte [cs:fault], 0
        je      .spin
        mov     eax, cr0                ; privileged: Y ends here
.spin:  sti
        jmp     .spin                   ; no EOI: ended here

thread_x:                               ; X and Y
        sti
.spin:  jmp     .spin

old08:  dd 0
x_id:   dw 0FFFFh                 ; the thread the handler stops on
stuck:  db 0
fault:  db 0
        align 2
        times 512 db 0
stack_x:
