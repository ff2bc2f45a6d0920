; m_com1.asm -- probes COM1: present under log=e9 (VCD gives it to the VM).
%include "guest.inc"
%include "m_com.inc"
main:   mov     dx, 3F8h
        mov     al, '1'
        call    probe_com
        EXIT
