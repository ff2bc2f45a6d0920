; h_reset_kbc_outport.asm -- hostile guest: the keyboard controller's output port written (64h <- D1h, 60h <-
; DEh) with bit 0, the active-low system reset line, clear: A20 on and a reset.
; The monitor must not reset the machine: it ends VM 1 with
;   "VM 1 terminated: reset through the keyboard controller output port (de)"
; and, that being the last VM, "vmm386: no VMs left" (QEMU status FBh, where a
; real reset under -no-reboot would give 0).
%include "guest.inc"

main:
        PRINTLN "resetting"
        cli
        mov     al, 0D1h                ; write output port
        out     64h, al
        mov     al, 0DEh                ; A20 on, bit 0 (reset) clear
        out     60h, al
        sti
        mov     cx, 2                   ; a reset takes effect at once
        call    wait_ticks
        FAIL    "reset_kbc_outport", "survived"
        EXIT
