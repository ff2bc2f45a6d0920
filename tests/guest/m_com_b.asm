; m_com_b.asm -- VM 2 of the VCD test: a little later, COM2 is VM 1's
; (absent here); once VM 1 has ended it is free and becomes ours.
%include "guest.inc"
%include "m_com.inc"
main:   sti
        mov     cx, 2
        call    wait_ticks
        mov     dx, 2F8h
        mov     al, '2'
        call    probe_com
        mov     cx, 30
        call    wait_ticks
        mov     dx, 2F8h
        mov     al, '2'
        call    probe_com
        EXIT
