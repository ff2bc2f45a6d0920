; m_ticks.asm -- a VM among several makes progress: its BIOS tick count
; (0040:006Ch, from its own virtual timer) advances while the other VMs run.
; Prints "tick N" five times, ~ a quarter of a second apart, then exits 0.
%include "guest.inc"

main:
        mov     bx, 1
.l:     mov     cx, 4
        call    wait_ticks
        PRINT   "tick "
        mov     ax, bx
        call    puthex16
        call    newline
        inc     bx
        cmp     bx, 6
        jb      .l
        PASS    "progress"
        EXIT
