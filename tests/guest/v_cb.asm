; v_cb.asm -- ring-3 -> ring-0 transfers other than breakpoints, through the
; C test VxD VXDTEST (tests/vxd/vxdtest.c, device 7E01h):
;   Allocate_V86_Call_Back   the far call returns after the CALL FAR with the
;                            registers the callback set (Simulate_Far_Ret first)
;   Call_When_VM_Returns     from VXDTEST's INT 66h hook, time-out 0, > 0
;                            (VM slow: called at the time-out only; VM quick:
;                            at the return only), < 0 (both), and with the
;                            hook consuming the interrupt (called at once)
;   Hook_V86_Int_Chain       three hooks on INT 67h: last hooked runs first,
;                            carry set passes on, carry clear consumes, an
;                            unconsumed interrupt reaches the IVT; the same
;                            chain for Exec_Int from ring 0 (nested
;                            execution); unhooking
;   Hook_V86_Fault           divide error: handled by the VxD, passed on to
;                            the VM's INT 0, unhooked; invalid fault number
; The VxD's log lines are checked by tests/boot/test_vxd_callbacks.py;
; "mark NAME" lines cut the log into sections.
%include "guest.inc"
%include "vxdapi.inc"

VXDTEST_ID      equ 7E01h
CFLAG           equ 0001h
WAIT_TICKS      equ 4                   ; ~220 ms: well past a 50 ms time-out

; ARM timeout, ref, consume  -- Call_When_VM_Returns for the next INT 66h
%macro ARM 3
        mov     ecx, %1
        mov     edx, %2
        mov     al, %3
        VXD     05h
%endmacro

; CHAIN cl  -- INT 67h with CL = cl, DX = 0; returns DX
%macro CHAIN 1
        mov     cl, %1
        xor     dx, dx
        int     67h
%endmacro

main:
        push    cs
        pop     es
        mov     bx, VXDTEST_ID
        call    get_entry
        mov     [vxd], dx
        mov     [vxd + 2], cx
        mov     ax, cx
        or      ax, dx
        jnz     .found
        FAIL    "vxd_entry"
        jmp     done
.found: PASS    "vxd_entry"

        call    test_callbacks
        call    test_returns
        call    test_chain
        call    test_faults
        PRINTLN "mark end"
done:
        EXIT

; ------------------------------------------------------ V86 callbacks
test_callbacks:
        PRINTLN "mark cb"
        mov     edx, 0C0FFEE01h
        VXD     04h
        PASS_IF nc, "cb_allocate"
        mov     [cb1], di
        mov     [cb1 + 2], es
        mov     ax, es
        cmp     ax, [vxd + 2]
        PASS_IF e, "cb_in_break_page"
        push    cs
        pop     es
        mov     edx, 0C0FFEE02h
        VXD     04h
        PASS_IF nc, "cb_allocate2"
        mov     [cb2], di
        mov     [cb2 + 2], es
        push    cs
        pop     es
        mov     eax, [cb1]
        cmp     eax, [cb2]
        PASS_IF ne, "cb_distinct"
        INFO    "cb_ret1", cb_ret1
        INFO    "cb_ret2", cb_ret2
        INFO    "cb_ret3", cb_ret3

        mov     [sp_before], sp
        xor     ax, ax
        xor     ecx, ecx
        call    far [cb1]
cb_ret1:
        mov     [sp_after], sp
        EXPECT  "cb_ax", 1
        mov     eax, ecx
        EXPECTD "cb_refdata", 0C0FFEE01h
        mov     ax, [sp_after]
        EXPECT  "cb_stack_balanced", [sp_before]
        xor     ecx, ecx
        call    far [cb2]
cb_ret2:
        EXPECT  "cb2_ax", 2
        mov     eax, ecx
        EXPECTD "cb2_refdata", 0C0FFEE02h
        call    far [cb1]
cb_ret3:
        EXPECT  "cb_again_ax", 3
        ret

; ------------------------------------------------ Call_When_VM_Returns
test_returns:
        SETVEC  66h, int66_handler, old66
        INFO    "r_ret0", r_ret0
        INFO    "r_ret_quick", r_ret_quick
        INFO    "r_ret_neg", r_ret_neg
        INFO    "r_ret_consumed", r_ret_consumed

        ; time-out 0: called once, when the VM returns
        PRINTLN "mark returns 0"
        ARM     0, 0AA000000h, 0
        mov     byte [slow66], 0
        int     66h
r_ret0:
        mov     ax, [count66]
        EXPECT  "ret0_handler_ran", 1
        mov     ax, [frame66_cs]
        cmp     ax, [vxd + 2]
        PASS_IF e, "ret0_frame_points_at_vmm"
        VXD     06h
        EXPECT  "ret0_called", 1
        mov     ax, cx
        EXPECT  "ret0_not_timed_out", 0

        ; time-out 50 ms, the VM takes ~220 ms: called at the time-out only
        PRINTLN "mark returns slow"
        ARM     50, 0BB000000h, 0
        mov     byte [slow66], 1
        int     66h
        VXD     06h
        EXPECT  "ret_slow_called_once", 2
        mov     ax, cx
        EXPECT  "ret_slow_timed_out", 1

        ; time-out 200 ms, the VM returns at once: called at the return; the
        ; time-out is gone (nothing more after waiting past it)
        PRINTLN "mark returns quick"
        ARM     200, 0CC000000h, 0
        mov     byte [slow66], 0
        int     66h
r_ret_quick:
        VXD     06h
        EXPECT  "ret_quick_called", 3
        mov     cx, 6
        call    wait_ticks
        VXD     06h
        EXPECT  "ret_quick_no_time_out", 3
        mov     ax, cx
        EXPECT  "ret_quick_timed_out_count", 1

        ; time-out -50 ms, the VM slow: called at the time-out and at the return
        PRINTLN "mark returns negative"
        ARM     -50, 0DD000000h, 0
        mov     byte [slow66], 1
        int     66h
r_ret_neg:
        VXD     06h
        EXPECT  "ret_neg_called_twice", 5
        mov     ax, cx
        EXPECT  "ret_neg_timed_out", 2

        ; the hook consumes INT 66h: the callback runs at once, the IVT
        ; handler never runs
        PRINTLN "mark returns consumed"
        mov     word [count66], 0
        ARM     0, 0EE000000h, 1
        int     66h
r_ret_consumed:
        mov     ax, [count66]
        EXPECT  "ret_consumed_no_handler", 0
        VXD     06h
        EXPECT  "ret_consumed_called", 6
        RESTVEC 66h, old66
        ret

; The VM's INT 66h: note the frame's CS, maybe idle ~220 ms with STI + HLT.
int66_handler:
        push    bp
        mov     bp, sp
        inc     word [cs:count66]
        push    ax
        mov     ax, [bp + 4]
        mov     [cs:frame66_cs], ax
        pop     ax
        cmp     byte [cs:slow66], 0
        je      .quick
        push    cx
        mov     cx, WAIT_TICKS
        call    wait_ticks
        pop     cx
.quick: pop     bp
        iret

; ------------------------------------------------------ interrupt hooks
test_chain:
        SETVEC  67h, int67_handler, old67
        mov     al, 67h
        mov     bl, 'A'
        VXD     07h
        PASS_IF nc, "hook_a"
        mov     al, 67h
        mov     bl, 'B'
        VXD     07h
        PASS_IF nc, "hook_b"
        mov     al, 67h
        mov     bl, 'C'
        VXD     07h
        PASS_IF nc, "hook_c"

        PRINTLN "mark chain B"
        CHAIN   'B'                     ; C passes, B consumes
        mov     ax, dx
        EXPECT  "chain_b_consumed", 'B'
        PRINTLN "mark chain A"
        CHAIN   'A'                     ; C, B pass, A consumes
        mov     ax, dx
        EXPECT  "chain_a_consumed", 'A'
        mov     ax, [count67]
        EXPECT  "chain_consumed_not_ivt", 0
        PRINTLN "mark chain none"
        CHAIN   'Z'                     ; nobody: the IVT
        mov     ax, dx
        EXPECT  "chain_reaches_ivt", 'I'
        mov     ax, [count67]
        EXPECT  "chain_ivt_count", 1

        ; nested execution from ring 0 goes through the same chain: a hook
        ; may consume the interrupt (the VM runs nothing) or the IVT runs it
        PRINTLN "mark nested chain B"
        mov     cl, 'B'
        xor     dx, dx
        mov     al, 67h
        VXD     16h
        mov     ax, dx
        EXPECT  "nested_chain_consumed", 'B'
        mov     ax, [count67]
        EXPECT  "nested_chain_consumed_not_ivt", 1
        PRINTLN "mark nested chain none"
        mov     cl, 'Z'
        xor     dx, dx
        mov     al, 67h
        VXD     16h
        mov     ax, dx
        EXPECT  "nested_chain_reaches_ivt", 'I'
        mov     ax, [count67]
        EXPECT  "nested_chain_ivt_count", 2

        mov     al, 67h
        mov     bl, 'B'
        VXD     08h
        PASS_IF nc, "unhook_b"
        PRINTLN "mark chain unhooked B"
        CHAIN   'B'                     ; B is gone: C, A, then the IVT
        mov     ax, dx
        EXPECT  "unhooked_b_not_called", 'I'
        mov     al, 67h
        mov     bl, 'B'
        VXD     08h
        PASS_IF c, "unhook_b_twice_cf"
        mov     al, 68h
        mov     bl, 'A'
        VXD     08h
        PASS_IF c, "unhook_other_vector_cf"
        mov     al, 67h
        mov     bl, 'A'
        VXD     08h
        PASS_IF nc, "unhook_a"
        mov     al, 67h
        mov     bl, 'C'
        VXD     08h
        PASS_IF nc, "unhook_c"
        PRINTLN "mark chain empty"
        CHAIN   'A'
        mov     ax, dx
        EXPECT  "chain_empty_ivt", 'I'
        mov     ax, [count67]
        EXPECT  "chain_empty_ivt_count", 4
        RESTVEC 67h, old67
        ret

int67_handler:
        inc     word [cs:count67]
        mov     dx, 'I'
        iret

; ---------------------------------------------------------- fault hooks
test_faults:
        SETVEC  00h, int0_handler, old0
        INFO    "div1", div1
        INFO    "div2", div2
        INFO    "div3", div3
        mov     al, 00h
        VXD     09h
        PASS_IF nc, "fault_hook"

        PRINTLN "mark fault handled"
        mov     ch, 'H'                 ; the VxD handles it: IP += 2, AX = FA17h
        mov     cl, 2
        mov     ax, 1234h
        mov     bl, 0
div1:   div     bl
        EXPECT  "fault_handled_ax", 0FA17h
        mov     ax, [count0]
        EXPECT  "fault_handled_no_int0", 0

        PRINTLN "mark fault passed"
        mov     ch, 'P'                 ; the VxD passes it on: the VM's INT 0
        mov     ax, 1234h
        mov     bl, 0
div2:   div     bl
        mov     ax, [count0]
        EXPECT  "fault_passed_int0", 1
        mov     ax, [ip0]
        EXPECT  "fault_passed_int0_ip", div2

        mov     al, 00h
        VXD     0Ah
        PASS_IF nc, "fault_unhook"
        PRINTLN "mark fault unhooked"
        mov     ch, 'H'
        mov     ax, 1234h
        mov     bl, 0
div3:   div     bl
        mov     ax, [count0]
        EXPECT  "fault_unhooked_int0", 2
        mov     al, 00h
        VXD     0Ah
        PASS_IF c, "fault_unhook_twice_cf"
        mov     al, 20h
        VXD     09h
        PASS_IF c, "fault_hook_invalid_cf"
        RESTVEC 00h, old0
        ret

; The VM's divide-error handler: count, note IP, skip the 2-byte DIV BL.
int0_handler:
        push    bp
        mov     bp, sp
        inc     word [cs:count0]
        push    ax
        mov     ax, [bp + 2]
        mov     [cs:ip0], ax
        pop     ax
        add     word [bp + 2], 2
        pop     bp
        iret


vxd         dd 0
cb1         dd 0
cb2         dd 0
sp_before   dw 0
sp_after    dw 0
old0        dd 0
old66       dd 0
old67       dd 0
count0      dw 0
ip0         dw 0
count66     dw 0
frame66_cs  dw 0
slow66      db 0
count67     dw 0
