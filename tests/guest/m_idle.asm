; m_idle.asm -- a VM that idles (STI + HLT) for a while, then exits 0.
%include "guest.inc"
main:   mov     cx, 12
        call    wait_ticks
        PASS    "idled"
        EXIT
