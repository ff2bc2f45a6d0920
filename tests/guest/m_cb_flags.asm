; m_cb_flags.asm -- event callbacks that return with the direction flag set
; or interrupts enabled (VMTEST AH=20h): the VMM names them and repairs the
; flags; the next event is entered with DF=0 and IF=0 (checked by
; test_vm_services.py on the log).
%include "guest.inc"
%include "vmtest.inc"

%macro BAD 3                            ; BL: 1 DF, 2 IF, 3 both; CL: 0 C event, 1 register-level priority event
        mov     bl, %1
        mov     cl, %2
        VMT     20h
        PASS_IF nc, %3
%endmacro

main:   call    vmtest_init
        BAD     1, 0, "df_c_event"
        BAD     2, 0, "if_c_event"
        BAD     1, 1, "df_regs_priority"
        BAD     2, 1, "if_regs_priority"
        BAD     3, 1, "both_regs_priority"
        PRINTLN "after bad callbacks"
        EXIT
