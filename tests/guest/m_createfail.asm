; m_createfail.asm -- VM 1 boots module 1 in a new VM three times (the
; VMM's V86 API, AH=01h), with VMTEST failing Create_VM, then
; VM_Critical_Init, then VM_Init: the first two are refused (carry), the
; third VM is made and ends at once; VM 1 goes on.
%include "guest.inc"
%include "vmmapi.inc"
%include "vmtest.inc"

%macro BOOT_FAILING 1
        mov     bl, %1
        VMT     10h
        mov     ah, 01h
        mov     bl, 1
        call    far [cs:vmm_api]
%endmacro

main:   call    vmtest_init
        mov     cx, 2                   ; VM 2 (module 1's own) is up by then
        call    wait_ticks
        call    vmm_api_init
        BOOT_FAILING 07h
        PASS_IF c, "create_vm_failed"
        BOOT_FAILING 08h
        PASS_IF c, "vm_critical_init_failed"
        BOOT_FAILING 09h
        PASS_IF nc, "vm_init_fails_later"
        mov     cx, 6
        call    wait_ticks
        EXIT
