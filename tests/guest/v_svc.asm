; v_svc.asm -- issue 7's services through the C test VxD SVCTEST
; (tests/vxd/svctest.c, device 7E05h): zero and garbage VM handles refused
; by every service that takes one, I/O handlers and trapping, Call_When_VM_
; Ints_Enabled, Enable/Disable_VM_Ints, Get_VMM_Reenter_Count, the heap,
; the profile, Out_Debug_*, Directed_Sys_Control, VMM_GetSystemInitState, a
; procedure hooked twice, VMM386_DOS_Ready.  test_vxd_services.py checks
; the log between the "mark" lines.
%include "guest.inc"
%include "vxdapi.inc"

SVCTEST_ID      equ 7E05h
C_PORT          equ 2FFh                ; COM2's scratch register
R_PORT          equ 2FEh

%macro IOCTL 1                          ; SVCTEST AH=01h with AL=%1
        mov     al, %1
        VXD     01h
%endmacro

main:
        mov     bx, SVCTEST_ID
        call    get_entry
        mov     [vxd], dx
        mov     [vxd + 2], cx
        or      dx, cx
        jnz     .found
        FAIL    "svc_entry", "INT 2Fh AX=1684h BX=7E05h gave 0:0"
        jmp     done
.found: PASS    "svc_entry"

        ; ---- VM handles: 0 and garbage refused everywhere
        PRINTLN "mark handles 0"
        xor     edx, edx
        VXD     00h
        EXPECT  "handle_0_refused_by_all", 0
        PRINTLN "mark handles garbage"
        mov     edx, 0DEADBEEFh
        VXD     00h
        EXPECT  "handle_garbage_refused_by_all", 0

        ; ---- I/O handlers
        PRINTLN "mark io install"
        IOCTL   0
        PASS_IF nc, "io_install"
        mov     dx, C_PORT
        mov     al, 41h
        out     dx, al
        in      al, dx
        mov     ah, 0
        EXPECT  "io_c_in", 5Ah
        mov     dx, R_PORT
        mov     ax, 4243h
        out     dx, ax                  ; 43h to the R handler, 42h to the C one
        in      ax, dx
        EXPECT  "io_word_in", 5AA5h
        PRINTLN "mark io local off"
        IOCTL   1
        PASS_IF nc, "io_local_off"
        call    probe
        PASS_IF ne, "io_local_off_hardware"
        PRINTLN "mark io local on"
        IOCTL   2
        PASS_IF nc, "io_local_on"
        call    probe
        PASS_IF e, "io_local_on_trapped"
        PRINTLN "mark io global off"
        IOCTL   3
        PASS_IF nc, "io_global_off"
        call    probe
        PASS_IF ne, "io_global_off_hardware"
        PRINTLN "mark io global on"
        IOCTL   4
        PASS_IF nc, "io_global_on"
        call    probe
        PASS_IF e, "io_global_on_trapped"
        PRINTLN "mark io removed"
        IOCTL   5
        PASS_IF nc, "io_remove"
        call    probe
        PASS_IF ne, "io_removed_hardware"
        IOCTL   6
        EXPECT  "io_refusals", 0

        ; ---- Call_When_VM_Ints_Enabled
        PRINTLN "mark ints at once"
        sti
        mov     edx, 1
        VXD     02h
        PASS_IF nc, "ints_enabled_request"
        VXD     03h
        EXPECT  "ints_enabled_at_once", 1
        PRINTLN "mark ints deferred"
        INFO    "intsti", after_sti
        cli
        mov     edx, 2
        VXD     02h
        PASS_IF nc, "ints_enabled_request_cli"
        VXD     03h
        EXPECT  "ints_enabled_not_while_cli", 1
        nop
        sti
after_sti:
        nop
        VXD     03h                     ; IOPL 0: the STI trapped, it ran right after
        push    ax
        VXD     03h                     ; trusted mode (iopl=3): by the next trap
        EXPECT  "ints_enabled_ran_by_next_trap", 2
        pop     ax
        PRINTHEX "ints_at_first_query", ax

        ; ---- Enable_VM_Ints / Disable_VM_Ints / Test_VM_Ints_Enabled
        PRINTLN "mark vm ints"
        mov     al, 0
        VXD     04h
        EXPECT  "disable_vm_ints_test", 0
        pushf
        pop     ax
        and     ax, 200h
        EXPECT  "disable_vm_ints_if", 0
        mov     al, 1
        VXD     04h
        EXPECT  "enable_vm_ints_test", 1
        pushf
        pop     ax
        and     ax, 200h
        EXPECT  "enable_vm_ints_if", 200h

        ; ---- Get_VMM_Reenter_Count
        mov     al, 0
        VXD     05h
        EXPECT  "reenter_count_api", 0
        mov     al, 1
        VXD     05h
        PASS_IF nc, "reenter_timeout_armed"
        mov     cx, 2
        call    wait_ticks
        mov     al, 2
        VXD     05h
        EXPECT  "reenter_count_in_timeout", 1

        ; ---- heap, profile, debug output
        PRINTLN "mark heap"
        VXD     06h
        EXPECT  "heap", 0
        PRINTLN "mark profile"
        VXD     07h
        EXPECT  "profile", 0
        PRINTLN "mark debug"
        VXD     08h
        PASS_IF nc, "debug_output"

        ; ---- Directed_Sys_Control, VMM_GetSystemInitState
        PRINTLN "mark directed"
        VXD     09h
        PASS_IF nc, "directed_sys_control"
        EXPECTD "system_init_state", 40000000h

        ; ---- the same procedure hooked twice
        PRINTLN "mark hook twice"
        VXD     0Ch
        PASS_IF nc, "hook_twice"

        ; ---- VMM386_DOS_Ready at the first INT 21h AH=4Bh only
        PRINTLN "mark dos"
        SETVEC  21h, int21_stub, old21
        mov     ah, 30h
        int     21h
        VXD     0Bh
        EXPECT  "dos_ready_not_before_exec", 0
        INFO    "dosexec", after_exec
        mov     ax, 4B00h
        int     21h
after_exec:
        VXD     0Bh
        EXPECT  "dos_ready_at_exec", 1
        mov     ax, 4B00h
        int     21h
        VXD     0Bh
        EXPECT  "dos_ready_once", 1
        RESTVEC 21h, old21
        PRINTLN "mark end"
done:
        EXIT

; probe: ZF set when port C_PORT reads 5Ah (our handler), the DX/AX kept
probe:
        push    ax
        push    dx
        mov     dx, C_PORT
        in      al, dx
        cmp     al, 5Ah
        pop     dx
        pop     ax
        ret

int21_stub:
        iret

align 4
vxd     dd 0
old21   dd 0

