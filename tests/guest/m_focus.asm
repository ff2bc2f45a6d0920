; m_focus.asm -- VM 1 gives the focus to VM 2 through the VMM's V86 API
; (AH=04h, what VMSTART FOCUS does); a VM ID that does not exist is refused.
%include "guest.inc"
%include "vmmapi.inc"
main:   mov     cx, 2
        call    wait_ticks
        call    vmm_api_init
        mov     ah, 04h
        mov     bx, 2
        call    far [cs:vmm_api]
        PASS_IF nc, "focus_to_vm2"
        mov     ah, 04h
        mov     bx, 77
        call    far [cs:vmm_api]
        PASS_IF c, "focus_to_nobody_refused"
        EXIT
