; m_nuke.asm -- VM 1 nukes VM 2 (which spins, m_spin) and goes on.
%include "guest.inc"
%include "vmtest.inc"
main:   call    vmtest_init
        mov     cx, 3
        call    wait_ticks
        mov     bl, 2
        VMT     01h
        PASS_IF nc, "nuked"
        VMT     0Ch
        EXPECT  "vm_count_after_nuke", 1
        mov     cx, 3
        call    wait_ticks
        EXIT
