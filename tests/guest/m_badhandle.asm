; m_badhandle.asm -- the scheduling services refuse a zero and a garbage VM
; handle (VMTEST AH=0Dh calls each of them): all 8 that report success.
%include "guest.inc"
%include "vmtest.inc"
main:   call    vmtest_init
        xor     ecx, ecx
        VMT     0Dh
        EXPECT  "zero_handle_refused", 8
        mov     ecx, 0DEADBEEFh
        VMT     0Dh
        EXPECT  "garbage_handle_refused", 8
        EXIT
