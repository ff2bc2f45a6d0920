; v_evterm.asm -- events of a VM that is terminated are dropped.  VXDTEST
; (tests/vxd/vxdtest.c, AH=17h) schedules an event whose callback schedules
; a second one and then runs the VM's INT 63h in nested execution; the
; handler executes MOV EAX, CR0, so the monitor ends VM 1 while the second
; event is pending.  It never runs, and at System_Exit VXDTEST finds the
; whole pool free again.  Checked by tests/boot/test_vxd_events.py.
%include "guest.inc"
%include "vxdapi.inc"

VXDTEST_ID      equ 7E01h
DIE_VEC         equ 63h

main:
        push    cs
        pop     es
        mov     bx, VXDTEST_ID
        call    get_entry
        mov     [vxd], dx
        mov     [vxd + 2], cx
        cmp     dword [vxd], 0
        jne     .found
        FAIL    "evterm_entry"
        EXIT
.found: SETVEC  DIE_VEC, die, old_vec
        mov     al, 0Bh                 ; the pool count at System_Exit
        VXD     17h
        VXD     00h                     ; EBX = the VM handle
        PRINT   "AT "                   ; where the monitor ends the VM
        mov     ax, cs
        call    puthex16
        PRINT   ":"
        mov     ax, die_insn
        call    puthex16
        call    newline
        INFO    "evterm", ret_addr      ; where the event finds the VM
        PRINTLN "mark ev term"
        mov     edx, 08000000h | DIE_VEC
        mov     al, 01h                 ; Schedule_VM_Event: runs on the way back
        VXD     17h
ret_addr:
        FAIL    "evterm_survived"
        EXIT

die:
die_insn:
        mov     eax, cr0
        iret

vxd             dd 0
old_vec         dd 0
