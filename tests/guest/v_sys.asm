; v_sys.asm -- system services through the C test VxD VXDTEST (tests/vxd/vxdtest.c,
; device 7E01h) and the VMM's INT 2Fh API:
;   INT 2Fh AX=1600h (enhanced-mode check: AL=04h, AH=00h), AX=1684h for
;   each test VxD, an unknown device, FAILINIT (unloaded: 0:0) and by name;
;   Get_VMM_Version; Get_DDB by device ID and by name; Get_Cur_VM_Handle,
;   Get_Sys_VM_Handle, Validate_VM_Handle / Test_Sys_VM_Handle /
;   Test_Cur_VM_Handle with the real handle and garbage; the dynalink check
;   VXDTEST made at Device_Init; Set_Global_Time_Out / Cancel_Time_Out /
;   Get_System_Time.  The same boot's log is what test_vxd_control.py
;   checks for the control messages.
%include "guest.inc"

VXDTEST_ID      equ 7E01h
ASMTEST_ID      equ 7E02h
FAILINIT_ID     equ 7E03h
UNKNOWN_ID      equ 7E7Eh
TIMEOUT_MS      equ 100
WAIT_TICKS      equ 6                   ; ~330 ms, well past TIMEOUT_MS

%macro VXD 1
        mov     ah, %1
        call    far [cs:vxd]
%endmacro

; ENTRY_BY_ID id  -- CX:DX = INT 2Fh AX=1684h BX=id (ES:DI preset to FFFF:FFFF)
%macro ENTRY_BY_ID 1
        mov     bx, %1
        call    get_entry
%endmacro

; DDB_BY_ID id, "name"  -- Get_DDB(id): found, with this 8-character name
%macro DDB_BY_ID 3
        mov     bx, %1
        mov     di, namebuf
        mov     dword [namebuf], 0
        mov     dword [namebuf + 4], 0
        mov     al, 0
        VXD     11h
        jc      %%bad
        test    eax, eax
        jz      %%bad
        mov     si, %%want
        mov     di, namebuf
        mov     cx, 8
        repe    cmpsb
        jne     %%bad
        PASS    %3
        jmp     %%done
%%want: db      %2
%%bad:  FAIL    %3
%%done:
%endmacro

; DDB_NONE id, "pass name"  -- Get_DDB(id) finds nothing (EAX=0, carry)
%macro DDB_NONE 2
        mov     bx, %1
        mov     di, namebuf
        mov     al, 0
        VXD     11h
        jnc     %%bad
        test    eax, eax
        jnz     %%bad
        PASS    %2
        jmp     %%done
%%bad:  FAIL    %2
%%done:
%endmacro

; DDB_BY_NAME "name", id, "pass name"  -- Get_DDB by name gives device id
%macro DDB_BY_NAME 3
        jmp     %%go
%%name: db      %1
%%go:   mov     si, %%name
        mov     bx, 0FFFFh
        mov     al, 1
        VXD     11h
        jc      %%bad
        test    eax, eax
        jz      %%bad
        cmp     bx, %2
        jne     %%bad
        PASS    %3
        jmp     %%done
%%bad:  FAIL    %3
%%done:
%endmacro

; NAME_NONE "name", "pass name"
%macro NAME_NONE 2
        jmp     %%go
%%name: db      %1
%%go:   mov     si, %%name
        mov     al, 1
        VXD     11h
        jnc     %%bad
        test    eax, eax
        jnz     %%bad
        PASS    %2
        jmp     %%done
%%bad:  FAIL    %2
%%done:
%endmacro

; HANDLE value, al, ah, bl, "pass name"  -- AH=13h on EDX=value
%macro HANDLE 5
        mov     edx, %1
        xor     bx, bx
        VXD     13h
        cmp     ax, (%3 << 8) | %2
        jne     %%bad
        cmp     bl, %4
        jne     %%bad
        PASS    %5
        jmp     %%done
%%bad:  FAIL    %5
%%done:
%endmacro

main:
        push    cs
        pop     es
        cld
        ; ---- INT 2Fh AX=1600h: Windows 386 enhanced mode check
        mov     ax, 1600h
        int     2Fh
        EXPECT  "int2f_1600_version", 0004h

        ; ---- INT 2Fh AX=1684h
        ENTRY_BY_ID VXDTEST_ID
        mov     [vxd], dx
        mov     [vxd + 2], cx
        mov     ax, cx
        or      ax, dx
        jnz     .found
        FAIL    "int2f_1684_vxdtest"
        jmp     done
.found: PASS    "int2f_1684_vxdtest"
        ENTRY_BY_ID ASMTEST_ID
        mov     ax, cx
        or      ax, dx
        PASS_IF nz, "int2f_1684_asmtest"
        mov     ax, cx
        cmp     ax, [vxd + 2]
        PASS_IF e, "int2f_1684_entries_in_break_page"
        cmp     dx, [vxd]
        PASS_IF ne, "int2f_1684_entries_distinct"
        ENTRY_BY_ID UNKNOWN_ID
        mov     ax, cx
        or      ax, dx
        PASS_IF z, "int2f_1684_unknown_0_0"
        ENTRY_BY_ID FAILINIT_ID
        mov     ax, cx
        or      ax, dx
        PASS_IF z, "int2f_1684_failinit_0_0"
        ENTRY_BY_ID 0001h               ; the VMM's own V86 API (VMSTART.COM's)
        mov     ax, cx
        or      ax, dx
        PASS_IF nz, "int2f_1684_vmm_api"
        mov     di, n_vxdtest           ; BX=0: by name at ES:DI
        call    get_entry_by_name
        cmp     dx, [vxd]
        jne     .byname_bad
        cmp     cx, [vxd + 2]
.byname_bad:
        PASS_IF e, "int2f_1684_by_name"
        mov     di, n_failinit
        call    get_entry_by_name
        mov     ax, cx
        or      ax, dx
        PASS_IF z, "int2f_1684_by_name_failinit_0_0"

        ; ---- Get_VMM_Version: 4.00, like INT 2Fh AX=1600h
        stc
        VXD     12h
        PASS_IF nc, "get_vmm_version_nc"
        EXPECT  "get_vmm_version", 0400h
        mov     eax, ecx
        EXPECTD "get_vmm_version_debug_rev", 0

        ; ---- Get_DDB
        DDB_BY_ID VXDTEST_ID, "VXDTEST ", "get_ddb_id_vxdtest"
        DDB_BY_ID ASMTEST_ID, "ASMTEST ", "get_ddb_id_asmtest"
        DDB_BY_ID 0001h, "VMM     ", "get_ddb_id_vmm"
        DDB_NONE FAILINIT_ID, "get_ddb_id_failinit_none"
        DDB_NONE UNKNOWN_ID, "get_ddb_id_unknown_none"
        DDB_BY_NAME "ASMTEST ", ASMTEST_ID, "get_ddb_name_asmtest"
        DDB_BY_NAME "VXDTEST ", VXDTEST_ID, "get_ddb_name_vxdtest"
        DDB_BY_NAME "INT60   ", 0000h, "get_ddb_name_undefined_id"
        NAME_NONE "FAILINIT", "get_ddb_name_failinit_none"
        NAME_NONE "NOSUCHVX", "get_ddb_name_unknown_none"

        ; ---- VM handles
        VXD     00h
        EXPECT  "identify", 7E01h
        PASS_IF nc, "api_gets_cur_vm"
        mov     [hvm], ebx
        cmp     ebx, ecx
        PASS_IF e, "cur_vm_is_sys_vm"
        PRINT   "info hvm "
        mov     eax, ebx
        call    puthex32
        call    newline
        HANDLE  [hvm], 1, 1, 1, "handle_valid_sys_cur"
        HANDLE  0, 0, 0, 0, "handle_zero_invalid"
        HANDLE  12345678h, 0, 0, 0, "handle_garbage_invalid"
        mov     eax, [hvm]
        add     eax, 4
        mov     [hvm_bad], eax
        HANDLE  [hvm_bad], 0, 0, 0, "handle_off_by_4_invalid"

        ; ---- the dynalink patch VXDTEST checked at Device_Init
        VXD     14h
        EXPECT  "dynalink_patched", 1

        ; ---- time-outs
        PRINTLN "mark timeouts"
        mov     al, 03h
        VXD     10h
        mov     [t0], eax
        mov     ecx, TIMEOUT_MS
        mov     edx, 1
        mov     al, 00h
        VXD     10h
        PASS_IF nc, "timeout_set"
        mov     [h1], eax
        mov     ecx, TIMEOUT_MS
        mov     edx, 2
        mov     al, 00h
        VXD     10h
        PASS_IF nc, "timeout_set2"
        cmp     eax, [h1]
        PASS_IF ne, "timeout_handles_distinct"
        mov     edx, eax                ; cancel the second
        mov     al, 01h
        VXD     10h
        xor     edx, edx                ; Cancel_Time_Out(0): nothing
        mov     al, 01h
        VXD     10h
        mov     al, 02h
        VXD     10h
        EXPECT  "timeout_not_yet", 0
        mov     cx, WAIT_TICKS
        call    wait_ticks
        mov     al, 02h
        VXD     10h
        EXPECT  "timeout_fired_once", 1
        mov     eax, edx
        EXPECTD "timeout_fired_ref", 1
        mov     [elapsed], ecx
        cmp     ecx, TIMEOUT_MS
        PASS_IF ae, "timeout_not_early"
        cmp     dword [elapsed], TIMEOUT_MS + 20
        PASS_IF b, "timeout_on_time"
        PRINT   "info timeout_elapsed "
        mov     eax, [elapsed]
        call    puthex32
        call    newline
        mov     edx, [h1]               ; cancelling a fired time-out: nothing
        mov     al, 01h
        VXD     10h
        mov     al, 03h
        VXD     10h
        sub     eax, [t0]
        mov     [elapsed], eax
        cmp     eax, 250
        PASS_IF ae, "system_time_advances"
        cmp     dword [elapsed], 3000
        PASS_IF b, "system_time_sane"
        PRINTLN "mark end"
done:
        EXIT

; get_entry: BX = device ID -> CX:DX = INT 2Fh AX=1684h's ES:DI
get_entry:
        push    es
        push    di
        push    ax
        mov     di, 0FFFFh
        mov     es, di
        mov     ax, 1684h
        int     2Fh
        mov     cx, es
        mov     dx, di
        pop     ax
        pop     di
        pop     es
        ret

; get_entry_by_name: CS:DI = 8-character name -> CX:DX (BX=0, ES:DI = name)
get_entry_by_name:
        push    es
        push    di
        push    ax
        push    bx
        push    cs
        pop     es
        xor     bx, bx
        mov     ax, 1684h
        int     2Fh
        mov     cx, es
        mov     dx, di
        pop     bx
        pop     ax
        pop     di
        pop     es
        ret

vxd         dd 0
hvm         dd 0
hvm_bad     dd 0
h1          dd 0
t0          dd 0
elapsed     dd 0
namebuf     times 8 db 0
n_vxdtest   db "VXDTEST "
n_failinit  db "FAILINIT"
