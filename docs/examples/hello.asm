; hello.asm -- a first VxD for vmm386, in NASM (docs/writing-a-vxd.md).
;
; Build it into the kernel from anywhere:
;     make VXDS=docs/examples/hello.asm              -> build/vmm386.elf
;     make B=build/hello VXDS=~/myvxd/hello.asm build/hello/vmm386.elf
;
; The same VxD as hello.c, the DDK way: register-level control and API
; procedures (DDB_Flags without DDB_VMM386_C_PROCS), VMMcall / VxDcall, and
; one service of its own that any VxD can call with
;     VxDcall HELLOASM_Get_Version            ; -> EAX = 0100h
; V86 API (INT 2Fh AX=1684h BX=7A02h gives ES:DI; call it far):
;     AH=00h  get version: AX = 0100h, carry clear
;     AH=01h  say: DS:DX = '$'-terminated string, logged as
;             "HELLOASM: DOS says '<string>'"; AX = its length
;     other   carry set
; It is written against include/vmm.inc only.

%include "vmm.inc"

HELLOASM_Device_ID      equ 7A02h

; The services other VxDs can call (in the DDK this part is the device's
; .inc file): VxDcall HELLOASM_Get_Version.  Create_..._Service_Table: this
; file defines the device, so the table is built here.
%define Create_HELLOASM_Service_Table
Begin_Service_Table HELLOASM
HELLOASM_Service HELLOASM_Get_Version
End_Service_Table HELLOASM

; The DDB: name, version 1.0, control procedure, device ID, init order,
; V86 API procedure.  This defines HELLOASM_DDB, puts the service table in
; it and registers it (section .vxd_ddbs).
Declare_Virtual_Device HELLOASM, 1, 0, HELLOASM_Control, HELLOASM_Device_ID, \
        Undefined_Init_Order, HELLOASM_V86_API

section .data
msg_sys_crit    db "HELLOASM: Sys_Critical_Init", 0
msg_dev_init    db "HELLOASM: Device_Init", 0
msg_init_compl  db "HELLOASM: Init_Complete", 0
msg_own_ok      db "HELLOASM: VxDcall HELLOASM_Get_Version returned 0100h", 0
msg_own_bad     db "HELLOASM: VxDcall HELLOASM_Get_Version returned something else", 0
msg_sys_vm      db "HELLOASM: Sys_VM_Init, the system VM", 0
msg_other_vm    db "HELLOASM: Sys_VM_Init, another VM?", 0
msg_sys_exit    db "HELLOASM: System_Exit", 0
msg_crit_exit   db "HELLOASM: Sys_Critical_Exit", 0
msg_version     db "HELLOASM: version request", 0
say_line        db "HELLOASM: DOS says '"
say_text        times 64 db 0           ; the string, a quote and a NUL

section .text

; ---- control procedure.  In: EAX = message, EBX = VM handle, ESI/EDI/EDX =
; message parameters.  Out: carry clear = success (set on an init message
; unloads the VxD).  May change EAX-EDI; keeps EBP.
HELLOASM_Control:
        mov     esi, msg_sys_crit
        cmp     eax, Sys_Critical_Init
        je      .log
        mov     esi, msg_dev_init
        cmp     eax, Device_Init
        je      .log
        cmp     eax, Init_Complete
        je      .init_complete
        cmp     eax, Sys_VM_Init
        je      .sys_vm_init
        mov     esi, msg_sys_exit
        cmp     eax, System_Exit
        je      .log
        mov     esi, msg_crit_exit
        cmp     eax, Sys_Critical_Exit
        je      .log
        clc                             ; messages we do not care about
        ret
.log:   VMMcall VMM386_Log              ; ESI = the line
        clc
        ret
.init_complete:
        mov     esi, msg_init_compl
        VMMcall VMM386_Log
        VxDcall HELLOASM_Get_Version    ; our own service, through the dynalink
        mov     esi, msg_own_ok
        cmp     eax, 0100h
        je      .log
        mov     esi, msg_own_bad
        jmp     .log
.sys_vm_init:
        mov     edi, ebx                ; the VM this message is about
        VMMcall Get_Sys_VM_Handle       ; -> EBX
        mov     esi, msg_sys_vm
        cmp     ebx, edi
        je      .log
        mov     esi, msg_other_vm
        jmp     .log

; ---- service 0: EAX = version.  Reached through `call [slot]` once the
; dynalink has patched the caller.
HELLOASM_Get_Version:
        mov     eax, 0100h
        clc
        ret

; ---- V86 API procedure.  In: EBX = VM handle, EBP -> Client_Reg_Struc (the
; VM's registers; the VMM has already simulated the far return).
HELLOASM_V86_API:
        and     dword [ebp + Client_EFlags], ~1   ; carry clear
        mov     al, [ebp + Client_AH]
        cmp     al, 00h
        je      .version
        cmp     al, 01h
        je      .say
.error: or      dword [ebp + Client_EFlags], 1     ; carry set
        ret
.version:
        mov     word [ebp + Client_AX], 0100h
        mov     esi, msg_version
        VMMcall VMM386_Log
        ret
.say:
        ; Map_Flat: AH = offset of the segment register in Client_Reg_Struc,
        ; AL = offset of the offset register -> EAX = ring-0 address (-1: bad)
        mov     eax, (Client_DS << 8) | Client_DX
        VMMcall Map_Flat
        cmp     eax, -1
        je      .error
        xor     ecx, ecx
.copy:  mov     dl, [eax + ecx]
        cmp     dl, '$'
        je      .copied
        cmp     ecx, 62
        jae     .copied
        mov     [say_text + ecx], dl
        inc     ecx
        jmp     .copy
.copied:
        mov     byte [say_text + ecx], "'"
        mov     byte [say_text + ecx + 1], 0
        mov     [ebp + Client_AX], cx   ; the length
        mov     esi, say_line
        VMMcall VMM386_Log
        ret

section .note.GNU-stack noalloc noexec nowrite progbits
