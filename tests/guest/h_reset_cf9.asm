; h_reset_cf9.asm -- hostile guest: port CF9h <- 06h (the PIIX reset control register: hard reset).
; The monitor must not reset the machine: it ends VM 1 with
;   "VM 1 terminated: reset through port CF9h (06)"
; and, that being the last VM, "vmm386: no VMs left" (QEMU status FBh, where a
; real reset under -no-reboot would give 0).
%include "guest.inc"

main:
        PRINTLN "resetting"
        cli
        mov     dx, 0CF9h
        mov     al, 06h
        out     dx, al
        sti
        mov     cx, 2                   ; a reset takes effect at once
        call    wait_ticks
        FAIL    "reset_cf9", "survived"
        EXIT
