; v_ev.asm -- VM and global events through the C test VxD VXDTEST (AH=17h,
; tests/vxd/vxdtest.c) and the register-level ASMTEST (AH=0Ch-0Eh,
; tests/vxd/asmtest.asm):
;   Call_VM_Event / Call_Global_Event from the V86 API run at once (ESI=0);
;   Schedule_VM_Event / Schedule_Global_Event always queue, and the event
;   runs before the VM's next instruction; FIFO order, global events first;
;   Cancel (twice, handle 0, the wrong kind, a stale handle of a reused
;   slot: all harmless); events scheduling events and calling Call_VM_Event;
;   an event that simulates an interrupt (Simulate_Int, Build_Int_Stack_Frame);
;   Call_VM_Event / Call_Global_Event from a time-out (the timer interrupt):
;   scheduled, and run before the VM executes again, whether it spins or
;   idles in HLT (an event that moves CS:IP ends the HLT, one that does not
;   leaves the VM halted); invalid VM handles; pool exhaustion (256).
; The lines the VxDs log are checked by tests/boot/test_vxd_events.py.
%include "guest.inc"
%include "vxdapi.inc"

VXDTEST_ID      equ 7E01h
ASMTEST_ID      equ 7E02h
EV_VEC          equ 61h                 ; the interrupt events simulate
RESCUE_VEC      equ 62h                 ; ends a HLT the events failed to end
BAD_VM          equ 12345678h
POOL_SIZE       equ 256
SPIN_TICKS      equ 10                  ; ~550 ms: give up waiting for an event
RESCUE_MS       equ 1000
PIC1_DATA       equ 21h
IRQ0_MASK       equ 01h

; batch ops (VXDTEST AH=17h AL=06h)
OP_CALL_VM      equ 00h
OP_SCHED_VM     equ 01h
OP_SCHED_GLOBAL equ 03h
OP_CANCEL_VM    equ 04h
OP_CANCEL_VM_N  equ 14h                 ; cancel the handle of entry n
OP_CANCEL_GLB_N equ 15h

; EV al[, label]  -- VXDTEST AH=17h AL=al; label: the return address.
; The results land in r_eax, r_ebx, r_ecx, r_edx, r_cf.
%macro EV 1-2
        mov     al, %1
        VXD     17h
%if %0 == 2
%2:
%endif
        call    save_results
%endmacro

; ASM fn[, label]  -- ASMTEST's V86 API with AH = fn
%macro ASM 1-2
        mov     ah, %1
        call    far [cs:asmvxd]
%if %0 == 2
%2:
%endif
        call    save_results
%endmacro

; CHECK "name", var, value  -- PASS when the dword var == value
%macro CHECK 3
        mov     eax, [cs:%2]
        EXPECTD %1, %3
%endmacro

; NONZERO "name", var
%macro NONZERO 2
        cmp     dword [cs:%2], 0
        PASS_IF ne, %1
%endmacro

; BATCH table, entries  -- VXDTEST AH=17h AL=06h on the table
%macro BATCH 2-3
        mov     si, %1
        mov     cx, %2
        mov     ebx, [cs:hvm]
%if %0 == 3
        EV      06h, %3
%else
        EV      06h
%endif
%endmacro

main:
        push    cs
        pop     es
        cld
        mov     bx, VXDTEST_ID
        call    get_entry
        mov     [vxd], dx
        mov     [vxd + 2], cx
        mov     bx, ASMTEST_ID
        call    get_entry
        mov     [asmvxd], dx
        mov     [asmvxd + 2], cx
        cmp     dword [vxd], 0
        jne     .found
        FAIL    "ev_entry"
        jmp     done
.found: PASS    "ev_entry"
        VXD     00h
        mov     [hvm], ebx
        PRINT   "info hvm "
        mov     eax, ebx
        call    puthex32
        call    newline
        mov     di, flag                ; the flag byte events of action 01h set
        EV      09h
        SETVEC  EV_VEC, ev_handler, old_ev_vec
        SETVEC  RESCUE_VEC, rescue_handler, old_rescue_vec

        call    test_call
        call    test_schedule
        call    test_order
        call    test_cancel
        call    test_chain
        call    test_int
        call    test_timeout_spin
        call    test_timeout_idle
        call    test_invalid
        call    test_exhaust
        call    test_asm
        RESTVEC EV_VEC, old_ev_vec
        RESTVEC RESCUE_VEC, old_rescue_vec
        PRINTLN "mark end"
done:
        EXIT

; ---- Call_*_Event from the V86 API: the current VM, no hardware interrupt
test_call:
        PRINTLN "mark ev call"
        mov     ebx, [hvm]
        mov     edx, 00000001h
        EV      00h, ev_call_ret
        CHECK   "call_vm_event_nc", r_cf, 0
        CHECK   "call_vm_event_at_once_esi_0", r_eax, 0
        CHECK   "call_vm_event_ran_in_the_call", r_ecx, 1
        mov     edx, 00000002h
        EV      02h, ev_gcall_ret
        CHECK   "call_global_event_nc", r_cf, 0
        CHECK   "call_global_event_at_once_esi_0", r_eax, 0
        CHECK   "call_global_event_ran_in_the_call", r_ecx, 1
        INFO    "evcall", ev_call_ret
        INFO    "evgcall", ev_gcall_ret
        ret

; ---- Schedule_*_Event: queued; run before the VM's next instruction
test_schedule:
        PRINTLN "mark ev schedule"
        mov     byte [flag], 0
        mov     ebx, [hvm]
        mov     edx, 01000033h          ; action 01h: flag = 33h
        EV      01h, ev_sched_ret
        movzx   eax, byte [flag]
        EXPECTD "schedule_vm_event_ran_before_next_insn", 33h
        CHECK   "schedule_vm_event_nc", r_cf, 0
        NONZERO "schedule_vm_event_handle", r_eax
        CHECK   "schedule_vm_event_not_in_the_call", r_ecx, 0
        mov     edx, 01000034h
        EV      03h, ev_gsched_ret
        movzx   eax, byte [flag]
        EXPECTD "schedule_global_event_ran_before_next_insn", 34h
        CHECK   "schedule_global_event_nc", r_cf, 0
        NONZERO "schedule_global_event_handle", r_eax
        CHECK   "schedule_global_event_not_in_the_call", r_ecx, 0
        INFO    "evsched", ev_sched_ret
        INFO    "evgsched", ev_gsched_ret
        ret

; ---- FIFO, global events first; Call_VM_Event in the same call runs first
test_order:
        PRINTLN "mark ev order"
        BATCH   order_tab, 6, ev_order_ret
        CHECK   "order_none_refused", r_eax, 0
        CHECK   "order_only_the_call_ran_in_the_call", r_ecx, 1
        NONZERO "order_handle_0", order_tab + 0 * 12 + 8
        NONZERO "order_handle_4", order_tab + 4 * 12 + 8
        CHECK   "order_call_result_0", order_tab + 5 * 12 + 8, 0
        mov     eax, [order_tab + 0 * 12 + 8]
        cmp     eax, [order_tab + 1 * 12 + 8]
        PASS_IF ne, "order_handles_distinct"
        INFO    "evorder", ev_order_ret
        ret

; ---- Cancel: pending ones go; twice, 0 and the wrong kind change nothing
test_cancel:
        PRINTLN "mark ev cancel"
        BATCH   cancel_tab, 12, ev_cancel_ret
        CHECK   "cancel_none_ran_in_the_call", r_ecx, 0
        INFO    "evcancel", ev_cancel_ret
        ; a handle of an event that ran: its slot is the next one given out
        PRINTLN "mark ev stale"
        mov     eax, [cancel_tab + 0 * 12 + 8]
        mov     [stale_tab + 1 * 12 + 4], eax
        BATCH   stale_tab, 2, ev_stale_ret
        mov     eax, [stale_tab + 0 * 12 + 8]
        cmp     eax, [cancel_tab + 0 * 12 + 8]
        PASS_IF ne, "stale_new_handle"
        xor     eax, [cancel_tab + 0 * 12 + 8]
        test    eax, 1FFh               ; the slot index of vmm/events.c's handles
        PASS_IF z, "stale_same_slot"
        INFO    "evstale", ev_stale_ret
        ret

; ---- events that schedule events, and Call_VM_Event inside an event
test_chain:
        PRINTLN "mark ev chain"
        EV      08h
        mov     eax, [r_eax]
        mov     [run_before], eax
        BATCH   chain_tab, 4, ev_chain_ret
        CHECK   "chain_none_ran_in_the_call", r_ecx, 0
        EV      08h
        mov     eax, [r_eax]
        sub     eax, [run_before]
        EXPECTD "chain_all_ran_in_one_pass", 7
        INFO    "evchain", ev_chain_ret
        ret

; ---- an event that gives the VM an interrupt
test_int:
        PRINTLN "mark ev int"
        mov     word [int_count], 0
        mov     ebx, [hvm]
        mov     edx, 03000000h | EV_VEC         ; Simulate_Int
        EV      01h, ev_int_ret
        movzx   eax, word [int_count]
        EXPECTD "simulate_int_event_int_taken", 1
        movzx   eax, word [int_ret_ip]
        EXPECTD "simulate_int_event_returns_to_the_call", ev_int_ret
        mov     edx, 04000000h | EV_VEC         ; Build_Int_Stack_Frame
        EV      01h, ev_bisf_ret
        movzx   eax, word [int_count]
        EXPECTD "build_frame_event_int_taken", 2
        movzx   eax, word [int_ret_ip]
        EXPECTD "build_frame_event_returns_to_the_call", ev_bisf_ret
        INFO    "evint", ev_int_ret
        INFO    "evbisf", ev_bisf_ret
        ret

; ---- Call_VM_Event in a time-out while the VM runs: scheduled, run on the
; way back from that timer interrupt
test_timeout_spin:
        PRINTLN "mark ev timeout spin"
        mov     byte [flag], 0
        mov     ecx, 20
        mov     edx, 01000071h
        mov     bl, 0
        EV      07h
        CHECK   "timeout_spin_armed", r_cf, 0
        sti
        call    get_ticks
        mov     bx, ax
.spin:  cmp     byte [cs:flag], 0
        jne     .done
        call    get_ticks
        sub     ax, bx
        cmp     ax, SPIN_TICKS
        jb      .spin
.done:  movzx   eax, byte [flag]
        EXPECTD "timeout_spin_event_ran", 71h
        EV      08h
        NONZERO "timeout_call_vm_event_scheduled", r_ecx
        ret

; ---- the same while the VM idles in HLT with the timer masked: the first
; event (a flag) leaves it halted, the second (Call_Global_Event, an
; interrupt) ends the HLT
test_timeout_idle:
        PRINTLN "mark ev timeout idle"
        mov     byte [flag], 0
        mov     word [int_count], 0
        mov     word [rescued], 0
        in      al, PIC1_DATA
        mov     [pic_mask], al
        or      al, IRQ0_MASK
        out     PIC1_DATA, al
        mov     ecx, RESCUE_MS
        mov     edx, 03000000h | RESCUE_VEC
        mov     bl, 1
        EV      07h
        mov     eax, [r_eax]
        mov     [rescue_to], eax
        mov     ecx, 10
        mov     edx, 01000072h
        mov     bl, 0
        EV      07h
        mov     ecx, 60
        mov     edx, 03000000h | EV_VEC
        mov     bl, 1
        EV      07h
        sti
        hlt
ev_idle_ret:
        mov     al, [pic_mask]
        out     PIC1_DATA, al
        mov     edx, [rescue_to]        ; Cancel_Time_Out
        mov     ax, 1001h
        call    far [cs:vxd]
        movzx   eax, word [rescued]
        EXPECTD "idle_not_rescued", 0
        movzx   eax, byte [flag]
        EXPECTD "idle_flag_event_ran", 72h
        movzx   eax, word [int_count]
        EXPECTD "idle_int_event_ended_hlt", 1
        movzx   eax, word [int_ret_ip]
        EXPECTD "idle_int_returns_after_hlt", ev_idle_ret
        INFO    "evidle", ev_idle_ret
        ret

; ---- handles that are not VMs
test_invalid:
        PRINTLN "mark ev invalid"
        mov     ebx, BAD_VM
        mov     edx, 00000080h
        EV      01h
        CHECK   "schedule_bad_vm_cf", r_cf, 1
        CHECK   "schedule_bad_vm_no_handle", r_eax, 0
        EV      00h
        CHECK   "call_bad_vm_cf", r_cf, 1
        CHECK   "call_bad_vm_no_handle", r_eax, 0
        CHECK   "call_bad_vm_not_called", r_ecx, 0
        ret

; ---- 256 pending: the next is refused; Call_VM_Event still runs at once
test_exhaust:
        PRINTLN "mark ev exhaust"
        EV      08h
        mov     eax, [r_eax]
        mov     [run_before], eax
        mov     ecx, POOL_SIZE + 44
        mov     edx, 00000090h
        EV      0Ah, ev_exhaust_ret
        CHECK   "exhaust_scheduled_pool_size", r_eax, POOL_SIZE
        CHECK   "exhaust_refused_cf", r_cf, 1
        CHECK   "exhaust_call_vm_event_at_once", r_ebx, 0
        CHECK   "exhaust_schedule_global_refused", r_edx, 0
        CHECK   "exhaust_only_the_call_ran_in_the_call", r_ecx, 1
        EV      08h
        CHECK   "exhaust_fifo_order", r_edx, 0
        mov     eax, [r_eax]
        sub     eax, [run_before]
        EXPECTD "exhaust_all_ran", POOL_SIZE + 1
        mov     ebx, [hvm]
        mov     edx, 00000091h
        EV      01h, ev_again_ret
        CHECK   "exhaust_pool_free_again", r_cf, 0
        INFO    "evexhaust", ev_exhaust_ret
        INFO    "evagain", ev_again_ret
        ret

; ---- register level: ASMTEST's callback checks EBX, EDX, EBP
test_asm:
        PRINTLN "mark ev asm"
        mov     edx, 0A5A50005h
        ASM     0Ch
        CHECK   "asm_schedule_vm_event_nc", r_cf, 0
        NONZERO "asm_schedule_vm_event_handle", r_eax
        ASM     0Eh
        mov     eax, [r_eax]
        EXPECT  "asm_schedule_vm_event_ran", 1
        mov     edx, 0A5A50006h
        ASM     0Dh
        CHECK   "asm_call_vm_event_nc", r_cf, 0
        CHECK   "asm_call_vm_event_esi_0", r_eax, 0
        ASM     0Eh
        mov     eax, [r_eax]
        EXPECT  "asm_call_vm_event_ran", 2
        mov     edx, 0A5A50007h         ; Schedule_Thread_Event, this thread
        ASM     0Fh
        CHECK   "asm_schedule_thread_event_nc", r_cf, 0
        NONZERO "asm_schedule_thread_event_handle", r_eax
        ASM     0Eh
        mov     eax, [r_eax]
        EXPECT  "asm_schedule_thread_event_ran", 3
        mov     edx, 0A5A50008h         ; the same, cancelled at once
        ASM     10h
        CHECK   "asm_cancel_thread_event_nc", r_cf, 0
        ASM     0Eh
        mov     eax, [r_eax]
        EXPECT  "asm_cancelled_thread_event_never_ran", 3
        ret

; save_results: the API's EAX, EBX, ECX, EDX and carry -> r_*
save_results:
        mov     [cs:r_eax], eax
        mov     [cs:r_ebx], ebx
        mov     [cs:r_ecx], ecx
        mov     [cs:r_edx], edx
        mov     dword [cs:r_cf], 0
        setc    byte [cs:r_cf]
        ret

; the interrupt events simulate: count, note where it returns to
ev_handler:
        inc     word [cs:int_count]
        push    bp
        push    ax
        mov     bp, sp
        mov     ax, [bp + 4]
        mov     [cs:int_ret_ip], ax
        pop     ax
        pop     bp
        iret

rescue_handler:
        inc     word [cs:rescued]
        iret

align 4
; { op, param, result }
order_tab:
        dd OP_SCHED_VM, 10h, 0
        dd OP_SCHED_VM, 11h, 0
        dd OP_SCHED_GLOBAL, 12h, 0
        dd OP_SCHED_VM, 13h, 0
        dd OP_SCHED_GLOBAL, 14h, 0
        dd OP_CALL_VM, 15h, 0
cancel_tab:
        dd OP_SCHED_VM, 20h, 0          ; 0
        dd OP_SCHED_VM, 21h, 0          ; 1
        dd OP_SCHED_GLOBAL, 22h, 0      ; 2
        dd OP_SCHED_GLOBAL, 23h, 0      ; 3
        dd OP_CANCEL_VM_N, 1, 0         ; 21 goes
        dd OP_CANCEL_GLB_N, 2, 0        ; 22 goes
        dd OP_CANCEL_VM_N, 1, 0         ; twice: nothing
        dd OP_CANCEL_GLB_N, 2, 0
        dd OP_CANCEL_VM, 0, 0           ; handle 0: nothing
        dd OP_CANCEL_VM + 1, 0, 0       ; Cancel_Global_Event(0)
        dd OP_CANCEL_GLB_N, 0, 0        ; a VM event's handle as a global one: nothing
        dd OP_CANCEL_VM_N, 3, 0         ; a global event's handle as a VM one: nothing
stale_tab:
        dd OP_SCHED_VM, 30h, 0
        dd OP_CANCEL_VM, 0, 0           ; the handle event 20h had (filled in)
chain_tab:
        dd OP_SCHED_VM, 02000040h, 0    ; schedules VM event 41h
        dd OP_SCHED_VM, 07000050h, 0    ; schedules global event 51h
        dd OP_SCHED_VM, 06000060h, 0    ; Call_VM_Event 61h: at once
        dd OP_SCHED_VM, 00000070h, 0

vxd             dd 0
asmvxd          dd 0
hvm             dd 0
r_eax           dd 0
r_ebx           dd 0
r_ecx           dd 0
r_edx           dd 0
r_cf            dd 0
run_before      dd 0
rescue_to       dd 0
old_ev_vec      dd 0
old_rescue_vec  dd 0
int_count       dw 0
int_ret_ip      dw 0
rescued         dw 0
flag            db 0
pic_mask        db 0
