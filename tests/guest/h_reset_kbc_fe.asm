; h_reset_kbc_fe.asm -- hostile guest: keyboard controller command FEh (pulse the reset line).
; The monitor must not reset the machine: it ends VM 1 with
;   "VM 1 terminated: reset through the keyboard controller (command fe)"
; and, that being the last VM, "vmm386: no VMs left" (QEMU status FBh, where a
; real reset under -no-reboot would give 0).
%include "guest.inc"

main:
        PRINTLN "resetting"
        cli
        mov     al, 0FEh
        out     64h, al
        sti
        mov     cx, 2                   ; a reset takes effect at once
        call    wait_ticks
        FAIL    "reset_kbc_fe", "survived"
        EXIT
