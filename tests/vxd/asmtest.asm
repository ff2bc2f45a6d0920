; asmtest.asm -- ASMTEST, the NASM test VxD (device 7E02h) of the VxD-services
; tests, written register level against include/vmm.inc exactly as a DDK
; author would: register control and API procedures (no
; DDB_VMM386_C_PROCS), VMMcall, one VMMjmp, register-level callbacks.
; Every line it logs starts with "ASMTEST: ".
;
; Control messages: each one is logged by name ("ASMTEST: Device_Init");
; Sys_VM_Init as "ASMTEST: Sys_VM_Init hVM=xxxxxxxx" and whether EBX is the
; system VM.  Device_Init checks the dynalink: a VMMjmp tail call
; (`int 20h; dw svc | 8000h; dw 1` -> `jmp dword [slot]`, FF 25) and a
; VMMcall site (-> `call dword [slot]`, FF 15).  Its init order (7E000000h)
; is before VXDTEST's (7E010000h), so it gets Sys_Critical_Init, Device_Init,
; Init_Complete and Sys_VM_Init first and System_Exit, Sys_Critical_Exit last.
;
; V86 API (INT 2Fh AX=1684h BX=7E02h -> ES:DI; far call).  Function in AH:
;   00h  AX = 7E02h
;   01h  Install_V86_Break_Point at ES:DI, RefData EDX, register callback.
;        The callback checks its entry registers against seed 001
;        (EAX = BreakAddr, EBX = VM, EDX = RefData, ESI = BreakLinAddr,
;        EBP = Client_Reg_Struc, Client_CS:IP = the breakpoint), logs
;        "ASMTEST: bp EAX=... EBX=... EDX=... ESI=... EBP=Client_Reg_Struc"
;        and "ASMTEST: bp registers as documented" (or "... WRONG mask=xx"),
;        then simulates the patched INC BX (BX+1, IP+1).
;   02h  Remove_V86_Break_Point at ES:DI
;   03h  Allocate_V86_Call_Back, RefData EDX -> ES:DI.  The callback logs
;        "ASMTEST: cb EBX=... EDX=..." and "ASMTEST: cb registers as
;        documented", returns ECX = RefData, AX = A5A5h.
;   04h  Hook_V86_Int_Chain AL with a register-level hook: logs
;        "ASMTEST: hook int NN CL=cc"; consumes it (carry clear, DX = 'R')
;        when the client's CL is 'R', else passes it on (carry set).
;   05h  Unhook_V86_Int_Chain AL
;   06h  AX = 1 when the Device_Init dynalink checks passed
;   07h  Hook_V86_Fault AL with a register-level handler (the previous
;        handler Hook_V86_Fault returns in ESI is kept).  The handler logs
;        "ASMTEST: fault CS:IP=cccc:iiii"; when the client's CH is 'H' it
;        handles the fault (IP += CL, AX = FA17h), otherwise it jumps to the
;        previous handler, which passes the fault on (DDK convention).
;   08h  Unhook_V86_Fault AL
;   09h  Set_Global_Time_Out: ECX ms, RefData EDX, register callback ->
;        EAX = handle (0: none).  The callback logs "ASMTEST: timeout
;        EDX=<RefData>" and "ASMTEST: timeout registers as documented"
;        (EBX a valid VM, EBP = its Client_Reg_Struc) or "... WRONG".
;   0Ah  Cancel_Time_Out EDX
;   0Bh  AX = time-outs fired so far
;   0Ch  Schedule_VM_Event: EBX = the current VM, RefData EDX, register
;        callback -> EAX = handle (ESI; 0 with carry: refused).  The callback
;        checks EBX = the current VM, EDX = RefData, EBP = its
;        CB_Client_Pointer, logs "ASMTEST: event EBX=... EDX=...
;        EBP=Client_Reg_Struc" and "ASMTEST: event registers as documented"
;        (or "... WRONG mask=xx")
;   0Dh  Call_VM_Event, the same -> EAX = ESI (0: called at once)
;   0Eh  AX = event callbacks run so far
;   0Fh  Schedule_Thread_Event for the current thread (EDI), RefData EDX ->
;        EAX = handle; the callback checks EDI = the current thread ("ASMTEST:
;        thread event EDI = the current thread" or "... EDI WRONG"), then
;        goes on as the event callback above
;   10h  the same, then Cancel_Thread_Event (EDI, ESI = handle) at once:
;        it never runs -> EAX = handle
;   11h  VPICD (vpicd.inc): IRQ 7 virtualized the first time, with register
;        procedures for every entry of the descriptor (VID_IRET_Time_Out 0),
;        then VPICD_Set_Int_Request for this VM.  Each procedure logs
;        "ASMTEST: vid <name> ECX=... CF=n" and "ASMTEST: vid registers as
;        documented" (EAX = the IRQ handle, EBX = the current VM) or
;        "... WRONG"; Hw_Int_Proc ends the physical interrupt.
;   other: carry set
; Results: client carry set = the service failed.

%include "vmm.inc"
%include "vpicd.inc"

ASMTEST_DEVICE_ID       equ 7E02h
ASMTEST_INIT_ORDER      equ 7E000000h
CLIENT_CF               equ 1
OWN_HOOK_MARK           equ 'R'
FAULT_HANDLE            equ 'H'
FAULT_ANSWER            equ 0FA17h

Declare_Virtual_Device ASMTEST, 1, 0, ASMTEST_Control, ASMTEST_DEVICE_ID, \
        ASMTEST_INIT_ORDER, ASMTEST_V86_API

section .data
align 4
msg_table:                              ; control message -> name
        dd Sys_Critical_Init,  s_sci
        dd Device_Init,        s_di
        dd Init_Complete,      s_ic
        dd Sys_VM_Init,        s_svi
        dd Sys_VM_Terminate,   s_svt
        dd System_Exit,        s_se
        dd Sys_Critical_Exit,  s_sce
msg_count equ ($ - msg_table) / 8

s_prefix        db "ASMTEST: ", 0
s_sci           db "Sys_Critical_Init", 0
s_di            db "Device_Init", 0
s_ic            db "Init_Complete", 0
s_svi           db "Sys_VM_Init", 0
s_svt           db "Sys_VM_Terminate", 0
s_se            db "System_Exit", 0
s_sce           db "Sys_Critical_Exit", 0
s_other         db "control message ", 0
s_hvm           db " hVM=", 0
s_is_sys        db "Sys_VM_Init: EBX is the system VM", 0
s_not_sys       db "Sys_VM_Init: EBX is NOT the system VM", 0
s_thread_ok     db "Sys_VM_Init: the current thread is the system thread, TCB_VMHandle = EBX", 0
s_thread_bad    db "Sys_VM_Init: the current thread WRONG", 0
s_jmp_ok        db "VMMjmp site patched to jmp [slot] (FF 25), returned to our caller", 0
s_jmp_bad       db "VMMjmp site WRONG", 0
s_call_ok       db "VMMcall site patched to call [slot] (FF 15)", 0
s_call_bad      db "VMMcall site WRONG", 0
s_bp            db "bp EAX=", 0
s_ebx           db " EBX=", 0
s_edx           db " EDX=", 0
s_esi           db " ESI=", 0
s_ebp           db " EBP=Client_Reg_Struc", 0
s_bp_ok         db "bp registers as documented", 0
s_bp_bad        db "bp registers WRONG mask=", 0
s_cb            db "cb EBX=", 0
s_cb_ok         db "cb registers as documented", 0
s_cb_bad        db "cb registers WRONG", 0
s_hook          db "hook int ", 0
s_cl            db " CL=", 0
s_fault         db "fault CS:IP=", 0
s_timeout       db "timeout EDX=", 0
s_to_ok         db "timeout registers as documented", 0
s_to_bad        db "timeout registers WRONG", 0
s_event         db "event EBX=", 0
s_ev_ok         db "event registers as documented", 0
s_th_ok         db "thread event EDI = the current thread", 0
s_th_bad        db "thread event EDI WRONG", 0
s_ev_bad        db "event registers WRONG mask=", 0
s_vid           db "vid ", 0
s_ecx           db " ECX=", 0
s_cf            db " CF=", 0
s_vid_ok        db "vid registers as documented", 0
s_vid_bad       db "vid registers WRONG", 0
s_virt_int      db "virt_int", 0
s_eoi           db "eoi", 0
s_mask_change   db "mask_change", 0
s_iret          db "iret", 0
VID_TEST_IRQ    equ 7
align 4
vid_desc:       istruc VPICD_IRQ_Descriptor
                    at VPICD_IRQ_Descriptor.VID_IRQ_Number, dw VID_TEST_IRQ
                    at VPICD_IRQ_Descriptor.VID_Options, dw 0
                    at VPICD_IRQ_Descriptor.VID_Hw_Int_Proc, dd vid_hw_int
                    at VPICD_IRQ_Descriptor.VID_Virt_Int_Proc, dd vid_virt_int
                    at VPICD_IRQ_Descriptor.VID_EOI_Proc, dd vid_eoi
                    at VPICD_IRQ_Descriptor.VID_Mask_Change_Proc, dd vid_mask_change
                    at VPICD_IRQ_Descriptor.VID_IRET_Proc, dd vid_iret
                    at VPICD_IRQ_Descriptor.VID_IRET_Time_Out, dd 0
                    at VPICD_IRQ_Descriptor.VID_Hw_Int_Ref, dd 0
                iend
vid_handle      dd 0

section .bss
align 4
line_buf        resb 128
bp_addr         resd 1                  ; the breakpoint installed last (seg:off)
bp_ref          resd 1
cb_vm           resd 1                  ; scratch of the callbacks
cb_ref          resd 1
bp_regs         resd 4                  ; EAX, EBX, EDX, ESI at the breakpoint callback
dynalink_ok     resd 1
fault_prev      resd 1                  ; the handler before ours (Hook_V86_Fault's ESI)
timeouts_fired  resd 1
event_ref       resd 1                  ; RefData of the event scheduled last
events_run      resd 1

section .text

; ------------------------------------------------------------ log lines
; line_start: EDI = line_buf after "ASMTEST: "
line_start:
        push    esi
        mov     edi, line_buf
        mov     esi, s_prefix
        call    put_str
        pop     esi
        ret

; put_str: append the string at ESI to EDI.  Keeps ESI.
put_str:
        push    eax
        push    esi
.l:     lodsb
        test    al, al
        jz      .e
        stosb
        jmp     .l
.e:     pop     esi
        pop     eax
        ret

; put_hex: append ECX hex digits of EAX to EDI.  Keeps EAX, ECX.
put_hex:
        push    eax
        push    ebx
        push    ecx
        mov     ebx, ecx
        shl     ecx, 2
        ror     eax, cl                 ; first digit in the low nibble after rol 4
.l:     rol     eax, 4
        push    eax
        and     al, 0Fh
        add     al, '0'
        cmp     al, '9'
        jbe     .d
        add     al, 'A' - '0' - 10
.d:     stosb
        pop     eax
        dec     ebx
        jnz     .l
        pop     ecx
        pop     ebx
        pop     eax
        ret

; line_end: terminate the line at EDI and log it.  Keeps everything.
line_end:
        pushad
        mov     byte [edi], 0
        mov     esi, line_buf
        VMMcall VMM386_Log
        popad
        ret

; log_line: log "ASMTEST: " + the string at ESI.  Keeps everything.
log_line:
        pushad
        call    line_start
        call    put_str
        call    line_end
        popad
        ret

; ------------------------------------------------------- the dynalink
; A VMMjmp tail call: Get_Cur_VM_Handle returns straight to our caller.
jmp_site:
        VMMjmp  Get_Cur_VM_Handle

; call_site: EBX = the current VM through a plain VMMcall.
call_site_proc:
call_site:
        VMMcall Get_Cur_VM_Handle
        ret

; check_dynalink: run both sites twice, then look at the patched bytes.
check_dynalink:
        pushad
        mov     dword [dynalink_ok], 0
        xor     ebx, ebx
        call    jmp_site
        mov     edx, ebx                ; through the unpatched VMMjmp
        xor     ebx, ebx
        call    jmp_site
        cmp     ebx, edx                ; through the patched one: the same
        jne     .jmp_bad
        call    call_site_proc
        cmp     ebx, edx
        jne     .jmp_bad
        call    call_site_proc
        cmp     ebx, edx
        jne     .jmp_bad
        ; the slot of Get_Cur_VM_Handle in the VMM's service table
        mov     eax, VMM_DEVICE_ID
        xor     edi, edi
        VMMcall Get_DDB                 ; -> ECX = the VMM's DDB
        mov     edx, [ecx + VxD_Desc_Block.DDB_Service_Table_Ptr]
        lea     edx, [edx + 4 * Get_Cur_VM_Handle]
        cmp     word [jmp_site], 25FFh  ; FF 25 = jmp dword [imm32]
        jne     .jmp_bad
        cmp     [jmp_site + 2], edx
        jne     .jmp_bad
        mov     esi, s_jmp_ok
        call    log_line
        cmp     word [call_site], 15FFh ; FF 15 = call dword [imm32]
        jne     .call_bad
        cmp     [call_site + 2], edx
        jne     .call_bad
        mov     esi, s_call_ok
        call    log_line
        mov     dword [dynalink_ok], 1
        popad
        ret
.jmp_bad:
        mov     esi, s_jmp_bad
        call    log_line
        popad
        ret
.call_bad:
        mov     esi, s_call_bad
        call    log_line
        popad
        ret

; ---------------------------------------------------- control procedure
; In: EAX = message, EBX = VM, ESI/EDI/EDX = parameters.  Out: CF = failure.
ASMTEST_Control:
        push    ebp
        mov     ebp, eax
        call    line_start
        mov     ecx, msg_count
        mov     edx, msg_table
.find:  cmp     [edx], ebp
        je      .named
        add     edx, 8
        loop    .find
        mov     esi, s_other
        call    put_str
        mov     eax, ebp
        mov     ecx, 2
        call    put_hex
        jmp     .logged
.named: mov     esi, [edx + 4]
        call    put_str
        cmp     ebp, Sys_VM_Init
        jne     .logged
        mov     esi, s_hvm
        call    put_str
        mov     eax, ebx
        mov     ecx, 8
        call    put_hex
.logged:
        call    line_end
        cmp     ebp, Device_Init
        jne     .not_di
        call    check_dynalink
.not_di:
        cmp     ebp, Sys_VM_Init
        jne     .done
        VMMcall Test_Sys_VM_Handle      ; EBX -> ZF
        mov     esi, s_is_sys
        jz      .sys
        mov     esi, s_not_sys
.sys:   call    log_line
        ; its thread, through struc tcb_s: the system thread, of this VM
        VMMcall Get_Cur_Thread_Handle   ; -> EDI
        mov     esi, s_thread_bad
        cmp     dword [edi + tcb_s.TCB_Signature], SCHED_OBJ_ID_THREAD
        jne     .th
        cmp     [edi + tcb_s.TCB_VMHandle], ebx
        jne     .th
        VMMcall Test_Sys_Thread_Handle  ; EDI -> ZF
        jnz     .th
        mov     esi, s_thread_ok
.th:    call    log_line
.done:  pop     ebp
        clc
        ret

; ------------------------------------------------------- V86 API
; In: EBX = VM, EBP -> Client_Reg_Struc (far return already simulated).
ASMTEST_V86_API:
        and     dword [ebp + Client_EFlags], ~CLIENT_CF
        movzx   eax, byte [ebp + Client_AH]
        cmp     eax, api_count
        jae     api_error
        jmp     [api_table + 4 * eax]

section .data
align 4
api_table:
        dd api_identify, api_install, api_remove, api_callback, api_hook
        dd api_unhook, api_dynalink, api_fault_hook, api_fault_unhook
        dd api_set_timeout, api_cancel_timeout, api_timeouts_fired
        dd api_schedule_event, api_call_event, api_events_run
        dd api_thread_event, api_thread_event_cancel, api_vid
api_count equ ($ - api_table) / 4

section .text
api_error:
        or      dword [ebp + Client_EFlags], CLIENT_CF
        ret

; client_carry: copy CF into the client's carry.  Keeps the registers.
client_carry:
        jnc     .clear
        or      dword [ebp + Client_EFlags], CLIENT_CF
        ret
.clear: and     dword [ebp + Client_EFlags], ~CLIENT_CF
        ret

; EAX = client ES:DI as seg:off
client_es_di:
        movzx   eax, word [ebp + Client_ES]
        shl     eax, 16
        mov     ax, [ebp + Client_DI]
        ret

api_identify:
        mov     word [ebp + Client_AX], ASMTEST_DEVICE_ID
        ret

api_install:
        call    client_es_di
        mov     edx, [ebp + Client_EDX]
        mov     esi, asm_break_point
        push    eax
        push    edx
        VMMcall Install_V86_Break_Point
        pop     edx
        pop     eax
        jc      .failed
        mov     [bp_addr], eax
        mov     [bp_ref], edx
        clc
.failed:
        jmp     client_carry

api_remove:
        call    client_es_di
        VMMcall Remove_V86_Break_Point
        jmp     client_carry

api_callback:
        mov     edx, [ebp + Client_EDX]
        mov     esi, asm_call_back
        VMMcall Allocate_V86_Call_Back  ; -> EAX = seg:off, CF
        jc      .failed
        mov     [ebp + Client_DI], ax
        shr     eax, 16
        mov     [ebp + Client_ES], ax
        clc
.failed:
        jmp     client_carry

api_hook:
        movzx   eax, byte [ebp + Client_AL]
        mov     esi, asm_int_hook
        VMMcall Hook_V86_Int_Chain
        jmp     client_carry

api_unhook:
        movzx   eax, byte [ebp + Client_AL]
        mov     esi, asm_int_hook
        VMMcall Unhook_V86_Int_Chain
        jmp     client_carry

api_dynalink:
        mov     eax, [dynalink_ok]
        mov     [ebp + Client_AX], ax
        ret

api_fault_hook:
        movzx   eax, byte [ebp + Client_AL]
        mov     esi, asm_fault
        VMMcall Hook_V86_Fault          ; -> CF, ESI = the previous handler
        jc      .failed
        mov     [fault_prev], esi
        clc
.failed:
        jmp     client_carry

api_fault_unhook:
        movzx   eax, byte [ebp + Client_AL]
        mov     esi, asm_fault
        VMMcall Unhook_V86_Fault
        jmp     client_carry

api_set_timeout:
        mov     eax, [ebp + Client_ECX]
        mov     edx, [ebp + Client_EDX]
        mov     esi, asm_time_out
        VMMcall Set_Global_Time_Out     ; -> ESI = handle, 0 when none
        mov     [ebp + Client_EAX], esi
        cmp     esi, 1                  ; carry: no handle
        jmp     client_carry

api_cancel_timeout:
        mov     esi, [ebp + Client_EDX]
        VMMcall Cancel_Time_Out
        ret

api_timeouts_fired:
        mov     eax, [timeouts_fired]
        mov     [ebp + Client_AX], ax
        ret

api_schedule_event:
        VMMcall Get_Cur_VM_Handle       ; -> EBX
        mov     edx, [ebp + Client_EDX]
        mov     [event_ref], edx
        mov     esi, asm_event
        VMMcall Schedule_VM_Event       ; -> ESI = handle, carry: refused
        mov     [ebp + Client_EAX], esi
        jmp     client_carry

api_call_event:
        VMMcall Get_Cur_VM_Handle
        mov     edx, [ebp + Client_EDX]
        mov     [event_ref], edx
        mov     esi, asm_event
        VMMcall Call_VM_Event           ; -> ESI = handle, 0: called at once
        mov     [ebp + Client_EAX], esi
        jmp     client_carry

api_events_run:
        mov     eax, [events_run]
        mov     [ebp + Client_AX], ax
        ret

api_thread_event:
        VMMcall Get_Cur_Thread_Handle   ; -> EDI
        mov     edx, [ebp + Client_EDX]
        mov     [event_ref], edx
        mov     esi, asm_thread_event
        VMMcall Schedule_Thread_Event   ; -> ESI = handle, carry: refused
        mov     [ebp + Client_EAX], esi
        jmp     client_carry

api_thread_event_cancel:
        VMMcall Get_Cur_Thread_Handle
        mov     edx, [ebp + Client_EDX]
        mov     esi, asm_thread_event
        VMMcall Schedule_Thread_Event
        mov     [ebp + Client_EAX], esi
        jc      client_carry
        VMMcall Cancel_Thread_Event     ; EDI = the thread, ESI = the handle
        clc
        jmp     client_carry

; Schedule_Thread_Event's callback: EDI = the thread too (then as asm_event).
asm_thread_event:
        push    edi
        push    ebx
        VMMcall Get_Cur_Thread_Handle
        mov     esi, s_th_ok
        cmp     edi, [esp + 4]
        je      .ok
        mov     esi, s_th_bad
.ok:    call    log_line
        pop     ebx
        pop     edi
        jmp     asm_event

; ------------------------------------------------------ event callback
; Seed 003: EBX = the VM, EDX = RefData, EBP -> its Client_Reg_Struc.
; May change EAX, EBX, ECX, EDX, ESI, EDI.
asm_event:
        inc     dword [events_run]
        mov     [cb_vm], ebx
        mov     [cb_ref], edx
        xor     ecx, ecx                ; mask of wrong registers
        push    ebx
        VMMcall Get_Cur_VM_Handle
        cmp     ebx, [esp]
        pop     ebx
        je      .ebx_ok
        or      cl, 01h
.ebx_ok:
        cmp     edx, [event_ref]
        je      .edx_ok
        or      cl, 02h
.edx_ok:
        cmp     ebp, [ebx + cb_s.CB_Client_Pointer]
        je      .ebp_ok
        or      cl, 04h
.ebp_ok:
        ; "ASMTEST: event EBX=... EDX=... EBP=Client_Reg_Struc"
        push    ecx
        call    line_start
        mov     esi, s_event
        call    put_str
        mov     ecx, 8
        mov     eax, [cb_vm]
        call    put_hex
        mov     esi, s_edx
        call    put_str
        mov     eax, [cb_ref]
        call    put_hex
        pop     ecx
        mov     esi, s_ebp
        test    cl, 04h
        jnz     .ebp_named
        call    put_str
.ebp_named:
        call    line_end
        mov     esi, s_ev_ok
        test    cl, cl
        jz      log_line
        call    line_start
        mov     esi, s_ev_bad
        call    put_str
        mov     eax, ecx
        mov     ecx, 2
        call    put_hex
        jmp     line_end

; ------------------------------------------------- breakpoint callback
; Seed 001: EAX = BreakAddr, EBX = VM, EDX = RefData, ESI = BreakLinAddr,
; EBP -> Client_Reg_Struc; Client_CS:IP = the breakpoint.
asm_break_point:
        mov     [bp_regs + 0], eax
        mov     [bp_regs + 4], ebx
        mov     [bp_regs + 8], edx
        mov     [bp_regs + 12], esi
        xor     ecx, ecx                ; mask of wrong registers
        cmp     eax, [bp_addr]
        je      .eax_ok
        or      cl, 01h
.eax_ok:
        push    ebx
        VMMcall Get_Cur_VM_Handle
        cmp     ebx, [esp]
        pop     ebx
        je      .ebx_ok
        or      cl, 02h
.ebx_ok:
        cmp     edx, [bp_ref]
        je      .edx_ok
        or      cl, 04h
.edx_ok:
        mov     eax, [bp_addr]          ; linear = seg * 16 + off
        movzx   edx, ax
        shr     eax, 16
        shl     eax, 4
        add     eax, edx
        cmp     esi, eax
        je      .esi_ok
        or      cl, 08h
.esi_ok:
        cmp     ebp, [ebx + cb_s.CB_Client_Pointer]
        je      .ebp_ok
        or      cl, 10h
.ebp_ok:
        mov     eax, [bp_addr]
        cmp     ax, [ebp + Client_IP]
        jne     .csip_bad
        shr     eax, 16
        cmp     ax, [ebp + Client_CS]
        je      .csip_ok
.csip_bad:
        or      cl, 20h
.csip_ok:
        ; "ASMTEST: bp EAX=... EBX=... EDX=... ESI=... EBP=Client_Reg_Struc"
        push    ecx
        call    line_start
        mov     esi, s_bp
        call    put_str
        mov     ecx, 8
        mov     eax, [bp_regs + 0]
        call    put_hex
        mov     esi, s_ebx
        call    put_str
        mov     eax, [bp_regs + 4]
        call    put_hex
        mov     esi, s_edx
        call    put_str
        mov     eax, [bp_regs + 8]
        call    put_hex
        mov     esi, s_esi
        call    put_str
        mov     eax, [bp_regs + 12]
        call    put_hex
        pop     ecx
        mov     esi, s_ebp
        test    cl, 10h
        jnz     .ebp_named
        call    put_str
.ebp_named:
        call    line_end
        mov     esi, s_bp_ok
        test    cl, cl
        jnz     .bad
        call    log_line
        jmp     .simulate
.bad:   call    line_start
        mov     esi, s_bp_bad
        call    put_str
        mov     eax, ecx
        mov     ecx, 2
        call    put_hex
        call    line_end
.simulate:
        inc     word [ebp + Client_BX]  ; the INC BX the breakpoint replaced
        inc     word [ebp + Client_IP]
        ret

; ------------------------------------------------------- V86 callback
; EBX = VM, EDX = RefData, EBP -> Client_Reg_Struc; far return simulated.
asm_call_back:
        mov     [cb_vm], ebx
        mov     [cb_ref], edx
        call    line_start
        mov     esi, s_cb
        call    put_str
        mov     eax, ebx
        mov     ecx, 8
        call    put_hex
        mov     esi, s_edx
        call    put_str
        mov     eax, edx
        call    put_hex
        call    line_end
        mov     esi, s_cb_bad
        VMMcall Validate_VM_Handle      ; EBX -> CF
        jc      .log
        cmp     ebp, [ebx + cb_s.CB_Client_Pointer]
        jne     .log
        mov     esi, s_cb_ok
.log:   call    log_line
        mov     eax, [cb_ref]
        mov     [ebp + Client_ECX], eax
        mov     word [ebp + Client_AX], 0A5A5h
        ret

; --------------------------------------------------- V86 interrupt hook
; EAX = interrupt, EBX = VM, EBP -> Client_Reg_Struc.
; Out: carry clear = consumed, carry set = pass it on down the chain.
asm_int_hook:
        call    line_start
        mov     esi, s_hook
        call    put_str
        mov     ecx, 2
        call    put_hex
        mov     esi, s_cl
        call    put_str
        movzx   eax, byte [ebp + Client_CL]
        call    put_hex
        call    line_end
        cmp     byte [ebp + Client_CL], OWN_HOOK_MARK
        jne     .pass
        mov     word [ebp + Client_DX], OWN_HOOK_MARK
        clc
        ret
.pass:  stc
        ret

; ------------------------------------------------------ time-out callback
; EBX = current VM, ECX = ms late, EDX = RefData, EBP -> its Client_Reg_Struc.
; Runs from the timer interrupt: log and count only.
asm_time_out:
        inc     dword [timeouts_fired]
        call    line_start
        mov     esi, s_timeout
        call    put_str
        mov     eax, edx
        mov     ecx, 8
        call    put_hex
        call    line_end
        mov     esi, s_to_bad
        VMMcall Validate_VM_Handle      ; EBX -> CF
        jc      .log
        cmp     ebp, [ebx + cb_s.CB_Client_Pointer]
        jne     .log
        mov     esi, s_to_ok
.log:   jmp     log_line

; ------------------------------------------------------ V86 fault hook
; EBX = VM, EBP -> Client_Reg_Struc.  Handled: return.  Not ours: jump to
; the previous handler.
asm_fault:
        call    line_start
        mov     esi, s_fault
        call    put_str
        movzx   eax, word [ebp + Client_CS]
        mov     ecx, 4
        call    put_hex
        mov     al, ':'
        stosb
        movzx   eax, word [ebp + Client_IP]
        call    put_hex
        call    line_end
        cmp     byte [ebp + Client_CH], FAULT_HANDLE
        jne     .pass
        movzx   eax, byte [ebp + Client_CL]
        add     [ebp + Client_IP], ax
        mov     word [ebp + Client_AX], FAULT_ANSWER
        ret
.pass:  jmp     [fault_prev]

; ------------------------------------------------------- VPICD procedures
api_vid:
        mov     eax, [vid_handle]
        test    eax, eax
        jnz     .request
        mov     edi, vid_desc
        VxDcall VPICD_Virtualize_IRQ    ; -> EAX = IRQ handle, CF
        jc      client_carry
        mov     [vid_handle], eax
.request:
        VxDcall VPICD_Set_Int_Request   ; EAX = IRQ, EBX = this VM
        clc
        jmp     client_carry

; vid_log: ESI = the procedure's name, EAX/EBX/ECX as it got them, DL = its
; carry.  Logs the two lines.  Keeps everything.
vid_log:
        pushad
        mov     ebp, esi
        call    line_start
        mov     esi, s_vid
        call    put_str
        mov     esi, ebp
        call    put_str
        mov     esi, s_ecx
        call    put_str
        push    eax
        mov     eax, ecx
        mov     ecx, 8
        call    put_hex
        mov     esi, s_cf
        call    put_str
        movzx   eax, dl
        mov     ecx, 1
        call    put_hex
        call    line_end
        pop     eax
        mov     esi, s_vid_bad
        cmp     eax, [vid_handle]
        jne     .log
        VMMcall Test_Cur_VM_Handle      ; EBX -> ZF
        jnz     .log
        mov     esi, s_vid_ok
.log:   call    log_line
        popad
        ret

; Hw_Int_Proc: EAX = IRQ handle, EBX = the current VM.  Nothing is on IRQ 7
; under QEMU; should a real one come, end it.
vid_hw_int:
        VxDcall VPICD_Phys_EOI
        ret

; EAX = IRQ handle, EBX = VM (ECX = 0 unmasked / masked, carry = time-out)
vid_virt_int:
        setc    dl
        mov     esi, s_virt_int
        jmp     vid_log
vid_eoi:
        setc    dl
        mov     esi, s_eoi
        jmp     vid_log
vid_mask_change:
        setc    dl
        mov     esi, s_mask_change
        jmp     vid_log
vid_iret:
        setc    dl
        mov     esi, s_iret
        jmp     vid_log

section .note.GNU-stack noalloc noexec nowrite progbits
