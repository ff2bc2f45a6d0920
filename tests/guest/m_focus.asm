; m_focus.asm -- VM 1 gives the focus to VM 2 through the VMM's V86 API
; (AH=04h, what VMSTART FOCUS does); a VM ID that does not exist is refused.
%include "guest.inc"
main:   mov     cx, 2
        call    wait_ticks
        mov     ax, 1684h
        mov     bx, 1
        xor     di, di
        mov     es, di
        int     2Fh
        mov     [api], di
        mov     [api + 2], es
        mov     ah, 04h
        mov     bx, 2
        call    far [cs:api]
        PASS_IF nc, "focus_to_vm2"
        mov     ah, 04h
        mov     bx, 77
        call    far [cs:api]
        PASS_IF c, "focus_to_nobody_refused"
        EXIT
api:    dd 0
