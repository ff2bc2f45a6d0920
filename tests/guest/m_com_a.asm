; m_com_a.asm -- VM 1 of the VCD test: takes COM2 first, finds COM1 (the
; VMM's log line by default) absent, exits.
%include "guest.inc"
%include "m_com.inc"
main:   sti
        mov     dx, 2F8h
        mov     al, '2'
        call    probe_com
        mov     dx, 3F8h
        mov     al, '1'
        call    probe_com
        mov     cx, 4
        call    wait_ticks
        EXIT
