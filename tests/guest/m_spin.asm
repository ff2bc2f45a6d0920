; m_spin.asm -- a VM that spins with interrupts disabled (virtual IF=0)
; forever: the other VMs must run on regardless.
%include "guest.inc"

main:
        PRINTLN "spinning with IF=0"
        cli
.l:     jmp     .l
