; v_evterm.asm -- events of a VM that is terminated are dropped.  VXDTEST
; (tests/vxd/vxdtest.c, AH=17h) schedules an event whose callback schedules
; a second one and then runs the VM's INT 63h in nested execution; the
; handler executes MOV EAX, CR0, so the monitor ends VM 1 while the second
; event is pending.  It never runs, and at System_Exit VXDTEST finds the
; whole pool free again.  Checked by tests/boot/test_vxd_events.py.
%include "guest.inc"

VXDTEST_ID      equ 7E01h
DIE_VEC         equ 63h

main:
        push    cs
        pop     es
        mov     bx, VXDTEST_ID
        mov     ax, 1684h
        int     2Fh
        mov     [cs:vxd], di
        mov     [cs:vxd + 2], es
        push    cs
        pop     es
        cmp     dword [vxd], 0
        jne     .found
        FAIL    "evterm_entry"
        EXIT
.found: SETVEC  DIE_VEC, die, old_vec
        mov     ax, 170Bh               ; the pool count at System_Exit
        call    far [cs:vxd]
        mov     ah, 00h
        call    far [cs:vxd]            ; EBX = the VM handle
        mov     ax, die_insn
        PRINT   "AT "
        push    ax
        mov     ax, cs
        call    puthex16
        PRINT   ":"
        pop     ax
        call    puthex16
        call    newline
        PRINT   "info evterm "          ; where the event finds the VM
        mov     ax, cs
        call    puthex16
        PRINT   ":"
        mov     ax, ret_addr
        call    puthex16
        call    newline
        PRINTLN "mark ev term"
        mov     edx, 08000000h | DIE_VEC
        mov     ax, 1701h               ; Schedule_VM_Event: runs on the way back
        call    far [cs:vxd]
ret_addr:
        FAIL    "evterm_survived"
        EXIT

die:
die_insn:
        mov     eax, cr0
        iret

vxd             dd 0
old_vec         dd 0
