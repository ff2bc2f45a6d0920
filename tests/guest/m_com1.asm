; m_com1.asm -- probes COM1: present under log=e9 (VCD gives it to the VM),
; and the BIOS data area still lists it ("bda com1 03F8").
%include "guest.inc"
%include "m_com.inc"
main:   push    ds
        push    word 40h
        pop     ds
        mov     ax, [0]
        pop     ds
        PRINT   "bda com1 "
        call    puthex16
        call    newline
        mov     dx, 3F8h
        mov     al, '1'
        call    probe_com
        EXIT
