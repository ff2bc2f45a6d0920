; h_reset_kbc_word.asm -- hostile guest: a word OUT to port 63h: its high byte (FEh) is the keyboard
; controller's pulse-reset command at port 64h.
; The monitor must not reset the machine: it ends VM 1 with
;   "VM 1 terminated: reset through the keyboard controller (command fe)"
; and, that being the last VM, "vmm386: no VMs left" (QEMU status FBh, where a
; real reset under -no-reboot would give 0).
%include "guest.inc"

main:
        PRINTLN "resetting"
        cli
        mov     dx, 63h
        mov     ax, 0FE00h
        out     dx, ax
        sti
        mov     cx, 2                   ; a reset takes effect at once
        call    wait_ticks
        FAIL    "reset_kbc_word", "survived"
        EXIT
