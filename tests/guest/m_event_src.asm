; m_event_src.asm -- VM 1 asks for Call_VM_Event for VM 2, which is not
; running (it idles): the event runs in VM 2, before VM 2 runs again.
%include "guest.inc"
%include "vmtest.inc"
main:   call    vmtest_init
        mov     cx, 2
        call    wait_ticks
        mov     bl, 2
        VMT     02h
        PASS_IF nc, "event_asked"
        mov     cx, 4
        call    wait_ticks
        EXIT
