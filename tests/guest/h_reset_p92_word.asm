; h_reset_p92_word.asm -- hostile guest: a word OUT to port 91h: its high byte (01h) goes to port 92h
; on a PC bus and resets the machine (QEMU itself drops that byte).
; The monitor must not reset the machine: it ends VM 1 with
;   "VM 1 terminated: fast reset through port 92h (01)"
; and, that being the last VM, "vmm386: no VMs left" (QEMU status FBh, where a
; real reset under -no-reboot would give 0).
%include "guest.inc"

main:
        PRINTLN "resetting"
        cli
        mov     dx, 91h
        mov     ax, 0100h
        out     dx, ax
        sti
        mov     cx, 2                   ; a reset takes effect at once
        call    wait_ticks
        FAIL    "reset_p92_word", "survived"
        EXIT
