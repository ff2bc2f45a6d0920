; h_reset_p92.asm -- hostile guest: port 92h with bit 0 set (fast reset), A20 bit kept.
; The monitor must not reset the machine: it ends VM 1 with
;   "VM 1 terminated: fast reset through port 92h (03)"
; and, that being the last VM, "vmm386: no VMs left" (QEMU status FBh, where a
; real reset under -no-reboot would give 0).
%include "guest.inc"

main:
        PRINTLN "resetting"
        cli
        in      al, 92h
        or      al, 01h
        out     92h, al
        sti
        mov     cx, 2                   ; a reset takes effect at once
        call    wait_ticks
        FAIL    "reset_p92", "survived"
        EXIT
