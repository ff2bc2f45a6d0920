; v_asm.asm -- the register-level NASM test VxD ASMTEST (tests/vxd/asmtest.asm,
; device 7E02h): Install_V86_Break_Point with a register callback (which
; checks EAX/EBX/EDX/ESI/EBP on entry as seed 001 says), Remove, the errors;
; Allocate_V86_Call_Back with a register callback; Hook_V86_Int_Chain with
; the carry-flag convention, on a vector VXDTEST's C hook also hooks (one
; chain, both kinds); Hook_V86_Fault with a register handler that passes a
; fault on by jumping to the previous handler; Set_Global_Time_Out and
; Cancel_Time_Out with a register callback; the dynalink checks ASMTEST
; made at Device_Init (VMMjmp and VMMcall).  The lines ASMTEST logs are
; checked by tests/boot/test_vxd_asm.py.
%include "guest.inc"
%include "vxdapi.inc"

VXDTEST_ID      equ 7E01h
ASMTEST_ID      equ 7E02h
OP_INC_BX       equ 43h
OP_ARPL         equ 63h
HOOK_VEC        equ 6Ah

; ASM fn / VXD fn  -- far call ASMTEST's / VXDTEST's V86 API with AH = fn
%macro ASM 1
        mov     ah, %1
        call    far [cs:asmvxd]
%endmacro
; CHAIN cl  -- INT HOOK_VEC with CL = cl, DX = 0
%macro CHAIN 1
        mov     cl, %1
        xor     dx, dx
        int     HOOK_VEC
%endmacro

main:
        push    cs
        pop     es
        mov     bx, ASMTEST_ID
        call    get_entry
        mov     [asmvxd], dx
        mov     [asmvxd + 2], cx
        mov     bx, VXDTEST_ID
        call    get_entry
        mov     [vxd], dx
        mov     [vxd + 2], cx
        mov     eax, [asmvxd]
        test    eax, eax
        jnz     .found
        FAIL    "asm_entry"
        jmp     done
.found: PASS    "asm_entry"
        ASM     00h
        EXPECT  "asm_identify", ASMTEST_ID
        ASM     06h
        EXPECT  "asm_dynalink_ok", 1
        ASM     7Fh
        PASS_IF c, "asm_unknown_function_cf"

        call    test_bp
        call    test_cb
        call    test_chain
        call    test_fault
        call    test_timeout
        call    test_vid
        PRINTLN "mark end"
done:
        EXIT

; ---------------------------------------------------------- breakpoint
test_bp:
        INFO    "abp", abp
        PRINTLN "mark asm bp"
        mov     di, abp
        mov     edx, 0A5A50001h
        ASM     01h
        PASS_IF nc, "asm_bp_install"
        mov     al, [abp]
        movzx   ax, al
        EXPECT  "asm_bp_opcode", OP_ARPL
        mov     bx, 2000h
        call    abp_proc
        mov     ax, bx
        EXPECT  "asm_bp_simulated", 2001h
        mov     di, abp
        mov     edx, 0EEEEEEEEh
        ASM     01h
        PASS_IF c, "asm_bp_twice_cf"
        mov     di, abp
        ASM     02h
        PASS_IF nc, "asm_bp_remove"
        mov     al, [abp]
        movzx   ax, al
        EXPECT  "asm_bp_restored", OP_INC_BX
        mov     di, abp
        ASM     02h
        PASS_IF c, "asm_bp_remove_twice_cf"
        push    es
        push    word 0F000h
        pop     es
        mov     di, 0E000h
        mov     edx, 0EEEEEEEEh
        ASM     01h
        pop     es
        PASS_IF c, "asm_bp_rom_cf"
        mov     bx, 2000h
        call    abp_proc                ; removed: the real INC BX, no callback
        mov     ax, bx
        EXPECT  "asm_bp_removed_runs_original", 2001h
        ret

abp_proc:
abp:    inc     bx
        ret

; ------------------------------------------------------------ callback
test_cb:
        mov     edx, 0A5A50002h
        ASM     03h
        PASS_IF nc, "asm_cb_allocate"
        mov     [acb], di
        mov     [acb + 2], es
        push    cs
        pop     es
        INFO    "acb_ret", acb_ret
        PRINTLN "mark asm cb"
        xor     ax, ax
        xor     ecx, ecx
        call    far [acb]
acb_ret:
        EXPECT  "asm_cb_ax", 0A5A5h
        mov     eax, ecx
        EXPECTD "asm_cb_refdata", 0A5A50002h
        PRINTLN "mark asm cb done"
        ret

; ----------------------------------------------------- interrupt chain
test_chain:
        SETVEC  HOOK_VEC, int_handler, oldvec
        mov     al, HOOK_VEC            ; VXDTEST's C hook A first,
        mov     bl, 'A'
        VXD     07h
        PASS_IF nc, "c_hook_a"
        mov     al, HOOK_VEC            ; then ASMTEST's register-level one
        ASM     04h
        PASS_IF nc, "asm_hook"

        PRINTLN "mark asm chain R"
        CHAIN   'R'                     ; ASMTEST consumes (carry clear)
        mov     ax, dx
        EXPECT  "asm_hook_consumes", 'R'
        PRINTLN "mark asm chain A"
        CHAIN   'A'                     ; ASMTEST passes (carry set), A consumes
        mov     ax, dx
        EXPECT  "asm_hook_passes_on", 'A'
        PRINTLN "mark asm chain none"
        CHAIN   'Z'                     ; both pass: the IVT
        mov     ax, dx
        EXPECT  "asm_chain_reaches_ivt", 'I'

        mov     al, HOOK_VEC
        ASM     05h
        PASS_IF nc, "asm_unhook"
        PRINTLN "mark asm chain unhooked"
        CHAIN   'R'
        mov     ax, dx
        EXPECT  "asm_unhooked_not_called", 'I'
        mov     al, HOOK_VEC
        ASM     05h
        PASS_IF c, "asm_unhook_twice_cf"
        mov     al, HOOK_VEC
        mov     bl, 'A'
        VXD     08h
        PASS_IF nc, "c_unhook_a"
        mov     ax, [ivt_count]
        EXPECT  "asm_chain_ivt_count", 2
        RESTVEC HOOK_VEC, oldvec
        PRINTLN "mark asm chain done"
        ret

; ---------------------------------------------------------- fault hook
test_fault:
        SETVEC  00h, int0_handler, old0
        INFO    "adiv1", adiv1
        INFO    "adiv2", adiv2
        mov     al, 00h
        ASM     07h
        PASS_IF nc, "asm_fault_hook"
        PRINTLN "mark asm fault handled"
        mov     ch, 'H'                 ; ASMTEST handles it: IP += 2, AX = FA17h
        mov     cl, 2
        mov     ax, 1234h
        mov     bl, 0
adiv1:  div     bl
        EXPECT  "asm_fault_handled_ax", 0FA17h
        mov     ax, [count0]
        EXPECT  "asm_fault_handled_no_int0", 0
        PRINTLN "mark asm fault passed"
        mov     ch, 'P'                 ; ASMTEST jumps to the previous handler
        mov     ax, 1234h
        mov     bl, 0
adiv2:  div     bl
        mov     ax, [count0]
        EXPECT  "asm_fault_passed_int0", 1
        mov     al, 00h
        ASM     08h
        PASS_IF nc, "asm_fault_unhook"
        PRINTLN "mark asm fault unhooked"
        mov     ch, 'H'
        mov     ax, 1234h
        mov     bl, 0
        div     bl
        mov     ax, [count0]
        EXPECT  "asm_fault_unhooked_int0", 2
        mov     al, 00h
        ASM     08h
        PASS_IF c, "asm_fault_unhook_twice_cf"
        mov     al, 20h
        ASM     07h
        PASS_IF c, "asm_fault_hook_invalid_cf"
        RESTVEC 00h, old0
        PRINTLN "mark asm fault done"
        ret

; ------------------------------------------------------------ time-outs
test_timeout:
        PRINTLN "mark asm timeout"
        mov     ecx, 50
        mov     edx, 0A5A50003h
        ASM     09h
        PASS_IF nc, "asm_timeout_set"
        mov     ecx, 50
        mov     edx, 0A5A50004h
        ASM     09h
        PASS_IF nc, "asm_timeout_set2"
        mov     edx, eax                ; cancel the second one
        ASM     0Ah
        mov     cx, 4                   ; ~220 ms
        call    wait_ticks
        ASM     0Bh
        EXPECT  "asm_timeout_fired_once", 1
        PRINTLN "mark asm timeout done"
        ret

; ---------------------------------------------------------- VPICD, register level
; IRQ 7 (INT 0Fh) virtualized by ASMTEST with register procedures: unmask,
; the interrupt comes in, the handler's EOI and IRET, mask.
test_vid:
        PRINTLN "mark asm vid"
        in      al, 21h
        or      al, 80h
        out     21h, al
        SETVEC  0Fh, irq7_handler, old0f
        ASM     11h
        PASS_IF nc, "asm_vid"
        sti
        in      al, 21h
        and     al, 7Fh
        out     21h, al
.w:     cmp     byte [cs:irq7_done], 1
        jne     .w
        PASS    "asm_vid_handled"
        in      al, 21h
        or      al, 80h
        out     21h, al
        RESTVEC 0Fh, old0f
        PRINTLN "mark asm vid done"
        ret

irq7_handler:
        push    ax
        mov     al, 20h
        out     20h, al
        mov     byte [cs:irq7_done], 1
        pop     ax
        iret

; the VM's divide-error handler: count, skip the 2-byte DIV BL
int0_handler:
        inc     word [cs:count0]
        push    bp
        mov     bp, sp
        add     word [bp + 2], 2
        pop     bp
        iret

int_handler:
        inc     word [cs:ivt_count]
        mov     dx, 'I'
        iret


asmvxd      dd 0
vxd         dd 0
acb         dd 0
oldvec      dd 0
ivt_count   dw 0
old0        dd 0
count0      dw 0
old0f       dd 0
irq7_done   db 0
