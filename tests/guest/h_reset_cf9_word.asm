; h_reset_cf9_word.asm -- hostile guest: a word OUT to port CF8h: not the PCI configuration address
; (only a dword is), its high byte 06h goes to the reset register at CF9h.
; The monitor must not reset the machine: it ends VM 1 with
;   "VM 1 terminated: reset through port CF9h (06)"
; and, that being the last VM, "vmm386: no VMs left" (QEMU status FBh, where a
; real reset under -no-reboot would give 0).
%include "guest.inc"

main:
        PRINTLN "resetting"
        cli
        mov     dx, 0CF8h
        mov     ax, 0600h
        out     dx, ax
        sti
        mov     cx, 2                   ; a reset takes effect at once
        call    wait_ticks
        FAIL    "reset_cf9_word", "survived"
        EXIT
