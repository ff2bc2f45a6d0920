; portvxd.asm -- a DDK-style VxD written for MASM and the Windows DDK's
; VMM.INC, ported to NASM and vmm386's include/vmm.inc with mechanical edits
; only (docs/writing-a-vxd.md, "Porting a DDK VxD", shows the MASM original
; beside this file).  It exports one service and calls it through the
; dynalink, and watches the VM's INT 2Fh AX=1684h (get device API entry
; point) requests.
;     make VXDS=docs/examples/portvxd.asm

%include "vmm.inc"                              ; MASM: INCLUDE VMM.INC

PORTVXD_Device_ID       equ 7A03h

%define Create_PORTVXD_Service_Table            ; MASM: Create_PORTVXD_Service_Table EQU 1

Begin_Service_Table PORTVXD
PORTVXD_Service PORTVXD_Get_Version, LOCAL
End_Service_Table PORTVXD

Declare_Virtual_Device PORTVXD, 1, 0, PORTVXD_Control, PORTVXD_Device_ID, Undefined_Init_Order

VxD_LOCKED_DATA_SEG
Hook_Count      dd 0
Hex_Digits      db "0123456789ABCDEF"
VxD_LOCKED_DATA_ENDS

VxD_LOCKED_CODE_SEG

Begin_Control_Dispatch PORTVXD
        Control_Dispatch Device_Init, PORTVXD_Device_Init
        Control_Dispatch Sys_VM_Init, PORTVXD_Sys_VM_Init
        Control_Dispatch System_Exit, PORTVXD_System_Exit
End_Control_Dispatch PORTVXD

; Service 0: EAX = version (1.00).
BeginProc PORTVXD_Get_Version, SERVICE
        mov     eax, 0100h
        clc
        ret
EndProc PORTVXD_Get_Version

; Out_Hex: the low CL hex digits of EAX to the log (no end of line).
BeginProc Out_Hex
        push    eax
        push    ebx
        mov     ebx, eax
        shl     cl, 2
        ror     ebx, cl                         ; the top wanted digit first
        shr     cl, 2
.next:  rol     ebx, 4
        mov     eax, ebx
        and     eax, 0Fh
        mov     al, [Hex_Digits + eax]
        VMMcall Out_Debug_Chr
        dec     cl
        jnz     .next
        pop     ebx
        pop     eax
        ret
EndProc Out_Hex

; Hook_V86_Int_Chain procedure: EAX = 2Fh, EBX = VM, EBP -> client registers.
; Carry set: not serviced, the interrupt goes on down the chain.
BeginProc PORTVXD_Int2F
        inc     dword [Hook_Count]              ; MASM: inc [Hook_Count]
        cmp     word [ebp + Client_AX], 1684h   ; MASM: cmp [ebp.Client_AX], 1684h
        jne     .pass
        mov     esi, Api_Msg                    ; MASM: mov esi, OFFSET32 Api_Msg
        VMMcall Out_Debug_String
        movzx   eax, word [ebp + Client_BX]
        mov     cl, 4
        call    Out_Hex
        mov     al, 'h'
        VMMcall Out_Debug_Chr
        mov     al, 10
        VMMcall Out_Debug_Chr
.pass:  stc
        ret
EndProc PORTVXD_Int2F

BeginProc PORTVXD_System_Exit
        mov     esi, Exit_Msg
        VMMcall Out_Debug_String
        mov     eax, [Hook_Count]
        mov     cl, 2
        call    Out_Hex
        mov     esi, Exit_Msg2
        VMMcall Out_Debug_String
        clc
        ret
EndProc PORTVXD_System_Exit

VxD_LOCKED_CODE_ENDS

VxD_ICODE_SEG

BeginProc PORTVXD_Device_Init
        VxDcall PORTVXD_Get_Version             ; our own service, via the dynalink
        cmp     eax, 0100h
        jne     .fail
        Trace_Out "PORTVXD: Device_Init, PORTVXD_Get_Version returned 0100h"
        clc
        ret
.fail:  Debug_Out "PORTVXD: Device_Init, PORTVXD_Get_Version is wrong"
        stc
        ret
EndProc PORTVXD_Device_Init

; Hooked here, not at Device_Init: the newest hook runs first, and the VMM's
; own INT 2Fh AX=1684h handler is hooked after Init_Complete.
BeginProc PORTVXD_Sys_VM_Init
        mov     eax, 2Fh
        mov     esi, PORTVXD_Int2F              ; MASM: mov esi, OFFSET32 PORTVXD_Int2F
        VMMcall Hook_V86_Int_Chain
        ret                                     ; carry from the hook service
EndProc PORTVXD_Sys_VM_Init

VxD_ICODE_ENDS

VxD_IDATA_SEG
Api_Msg         db "PORTVXD: INT 2Fh AX=1684h BX=", 0
Exit_Msg        db "PORTVXD: System_Exit, ", 0
Exit_Msg2       db "h INT 2Fh calls seen", 10, 0
VxD_IDATA_ENDS

section .note.GNU-stack noalloc noexec nowrite progbits     ; MASM: END
