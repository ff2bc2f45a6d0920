; m_storm.asm -- a trap storm: CLI, STI, PUSHF, POPF and INT 61h to an
; IRET handler in a tight loop, forever.  Every one of them traps; the
; other VMs must still get the CPU (the timer preempts the storm).
%include "guest.inc"
main:   mov     al, 61h
        mov     cx, cs
        mov     dx, handler
        call    xchg_vector
        PRINTLN "storming"
.l:     cli
        sti
        pushf
        popf
        int     61h
        jmp     .l
handler:
        iret
