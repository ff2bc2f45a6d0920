; m_prio_lo.asm -- see m_prio_hi: busy, printing "progress" every tick.
%include "guest.inc"
%include "vmtest.inc"
main:   mov     byte [cs:busy_tag], 1
        mov     cx, 16
        call    busy_ticks
        PASS    "prio_lo"
        EXIT
