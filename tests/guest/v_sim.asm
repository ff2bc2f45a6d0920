; v_sim.asm -- VMM services on the client state, through the C test VxD
; VXDTEST (tests/vxd/vxdtest.c, device 7E01h, AH=0Bh-0Fh):
;   Simulate_Push / Simulate_Pop / Simulate_Far_Call / Simulate_Far_Jmp /
;   Simulate_Far_Ret / Simulate_Far_Ret_N / Simulate_Int / Simulate_Iret /
;   Build_Int_Stack_Frame, all with the VM's SS:SP near 0 (2000:0002 etc.) so
;   every push and pop wraps around the 64 KB segment as on a real 8086;
;   Get_V86_Int_Vector / Set_V86_Int_Vector; Save_Client_State /
;   Restore_Client_State (in one call, and "longjmp" back to an earlier
;   call); nested execution: the VxD runs the VM's INT 10h teletype from
;   ring 0 (Begin_Nest_V86_Exec, Exec_Int(10h), End_Nest_Exec) and the VM
;   finds the character in video memory; and the same from V86 code that
;   itself runs nested (two levels of Resume_Exec at once).
%include "guest.inc"
%include "vxdapi.inc"

VXDTEST_ID      equ 7E01h
LOW_SEG         equ 2000h               ; a free segment for the wrapping stack
IF_FLAG         equ 0200h
DF_FLAG         equ 0400h
CF_FLAG         equ 0001h
TTY_ROW         equ 10
TTY_COL         equ 5

; LOWSTACK sp  -- SS:SP = LOW_SEG:sp (the old SS:SP kept); AX changed
%macro LOWSTACK 1
        mov     [save_ss], ss
        mov     [save_sp], sp
        mov     ax, LOW_SEG
        mov     ss, ax
        mov     sp, %1                  ; (MOV SS holds interrupts for this one)
%endmacro

; HIGHSTACK  -- back to the stack LOWSTACK left; records SP in [r_sp] first
%macro HIGHSTACK 0
        mov     [cs:r_sp], sp
        mov     ss, [cs:save_ss]
        mov     sp, [cs:save_sp]
%endmacro

; PEEK off  -- AX = word at LOW_SEG:off
%macro PEEK 1
        push    es
        push    word LOW_SEG
        pop     es
        mov     ax, [es:%1]
        pop     es
%endmacro

; POKE off, value
%macro POKE 2
        push    es
        push    word LOW_SEG
        pop     es
        mov     word [es:%1], %2
        pop     es
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
        sti
        call    test_push_pop
        call    test_far
        call    test_int_iret
        call    test_vectors
        call    test_client_state
        call    test_longjmp_if
        call    test_nested
        PRINTLN "mark end"
done:
        EXIT

; ------------------------------------------------------ push and pop
test_push_pop:
        ; Simulate_Push BX, CX at SP=0002: 1111h at 0000, 2222h wraps to FFFE
        mov     bx, 1111h
        mov     cx, 2222h
        LOWSTACK 0002h
        mov     al, 00h
        VXD     0Bh
        HIGHSTACK
        mov     ax, [r_sp]
        EXPECT  "sim_push_sp_wraps", 0FFFEh
        PEEK    0000h
        EXPECT  "sim_push_first", 1111h
        PEEK    0FFFEh
        EXPECT  "sim_push_second_wrapped", 2222h

        ; Simulate_Pop twice at SP=FFFE: FFFE, then 0000 (wraps), SP=0002
        POKE    0FFFEh, 3333h
        POKE    0000h, 4444h
        xor     bx, bx
        xor     cx, cx
        LOWSTACK 0FFFEh
        mov     al, 01h
        VXD     0Bh
        HIGHSTACK
        mov     ax, bx
        EXPECT  "sim_pop_first", 3333h
        mov     ax, cx
        EXPECT  "sim_pop_second_wrapped", 4444h
        mov     ax, [r_sp]
        EXPECT  "sim_pop_sp", 0002h
        ret

; ------------------------------------------------ far call, jmp, ret
test_far:
        ; Simulate_Far_Call ES:DI at SP=0002: CS at 0000, IP at FFFE; the
        ; target's RETF comes back after the API call
        mov     word [hits], 0
        mov     di, far_target
        LOWSTACK 0002h
        mov     al, 02h
        VXD     0Bh
sim_call_ret:
        HIGHSTACK
        mov     ax, [hits]
        EXPECT  "sim_far_call_target_ran", 1
        mov     ax, [t_sp]
        EXPECT  "sim_far_call_sp", 0FFFEh
        mov     ax, [t_ip]
        EXPECT  "sim_far_call_ret_ip", sim_call_ret
        mov     ax, [t_cs]
        mov     dx, cs
        cmp     ax, dx
        PASS_IF e, "sim_far_call_ret_cs"
        mov     ax, [r_sp]
        EXPECT  "sim_far_call_back_sp", 0002h

        ; Simulate_Far_Jmp ES:DI: no return address, SP unchanged
        mov     word [hits], 0
        mov     word [fell], 0
        mov     di, jmp_target
        LOWSTACK 0002h
        mov     al, 03h
        VXD     0Bh
        mov     word [cs:fell], 1       ; not reached
jmp_back:
        HIGHSTACK
        mov     ax, [hits]
        EXPECT  "sim_far_jmp_target_ran", 1
        mov     ax, [fell]
        EXPECT  "sim_far_jmp_no_return", 0
        mov     ax, [r_sp]
        EXPECT  "sim_far_jmp_sp", 0002h

        ; Simulate_Far_Ret: the VM pushed CS (at 0000) and IP (wraps to FFFE)
        mov     word [fell], 0
        LOWSTACK 0002h
        push    cs
        push    word ret_target
        mov     al, 04h
        VXD     0Bh
        mov     word [cs:fell], 1       ; not reached
ret_target:
        HIGHSTACK
        mov     ax, [fell]
        EXPECT  "sim_far_ret_jumped", 0
        mov     ax, [r_sp]
        EXPECT  "sim_far_ret_sp_wraps", 0002h

        ; Simulate_Far_Ret_N 4: two argument words, CS at FFFE, IP at FFFC
        mov     word [fell], 0
        LOWSTACK 0004h
        push    word 0AAAAh
        push    word 0BBBBh
        push    cs
        push    word retn_target
        mov     cx, 4
        mov     al, 05h
        VXD     0Bh
        mov     word [cs:fell], 1       ; not reached
retn_target:
        HIGHSTACK
        mov     ax, [fell]
        EXPECT  "sim_far_ret_n_jumped", 0
        mov     ax, [r_sp]
        EXPECT  "sim_far_ret_n_sp", 0004h
        ret

; The return address Simulate_Far_Call pushed: IP at FFFE, CS wrapped to
; 0000.  Popped one word at a time: QEMU's RETF (and IRET) in real/V86 mode
; read the second word at SS:10000h instead of wrapping to SS:0000.
far_target:
        mov     [cs:t_sp], sp
        pop     word [cs:t_ip]
        pop     word [cs:t_cs]
        inc     word [cs:hits]
        jmp     far [cs:t_ip]

jmp_target:
        inc     word [cs:hits]
        jmp     jmp_back

; ----------------------------------------------- interrupts and IRET
test_int_iret:
        SETVEC  68h, int68_handler, old68
        INFO    "sim_int_ret", sim_int_ret
        ; Simulate_Int 68h at SP=0002 with IF=1: FLAGS at 0000, CS at FFFE,
        ; IP at FFFC; the handler runs with IF=0 and IRETs back
        mov     word [hits], 0
        mov     bl, 68h
        LOWSTACK 0002h
        sti
        mov     al, 06h
        VXD     0Bh
sim_int_ret:
        pushf
        pop     word [cs:r_flags]
        HIGHSTACK
        call    check_int_frame
        mov     ax, [h_ip]
        EXPECT  "sim_int_frame_ip", sim_int_ret

        ; Build_Int_Stack_Frame ES:DI: the same frame, to our handler
        mov     word [hits], 0
        mov     di, int68_handler
        LOWSTACK 0002h
        sti
        mov     al, 08h
        VXD     0Bh
bisf_ret:
        pushf
        pop     word [cs:r_flags]
        HIGHSTACK
        mov     ax, [hits]
        EXPECT  "bisf_handler_ran", 1
        mov     ax, [h_sp]
        EXPECT  "bisf_frame_sp", 0FFFCh
        mov     ax, [h_ip]
        EXPECT  "bisf_frame_ip", bisf_ret
        mov     ax, [h_flags]
        and     ax, IF_FLAG
        EXPECT  "bisf_handler_if0", 0
        mov     ax, [h_fflags]
        and     ax, IF_FLAG
        EXPECT  "bisf_frame_if1", IF_FLAG
        mov     ax, [r_sp]
        EXPECT  "bisf_back_sp", 0002h
        RESTVEC 68h, old68

        ; Simulate_Iret: the VM pushed FLAGS (CF, DF, IF set) at 0002, CS at
        ; 0000, IP at FFFE
        mov     word [fell], 0
        LOWSTACK 0004h
        push    word IF_FLAG | DF_FLAG | CF_FLAG | 2
        push    cs
        push    word iret_target
        cli
        clc
        mov     al, 07h
        VXD     0Bh
        mov     word [cs:fell], 1       ; not reached
iret_target:
        pushf
        pop     word [cs:r_flags]
        cld
        HIGHSTACK
        sti
        mov     ax, [fell]
        EXPECT  "sim_iret_jumped", 0
        mov     ax, [r_sp]
        EXPECT  "sim_iret_sp", 0004h
        mov     ax, [r_flags]
        and     ax, IF_FLAG | DF_FLAG | CF_FLAG
        EXPECT  "sim_iret_flags", IF_FLAG | DF_FLAG | CF_FLAG
        ret

; check_int_frame: the Simulate_Int results
check_int_frame:
        mov     ax, [hits]
        EXPECT  "sim_int_handler_ran", 1
        mov     ax, [h_sp]
        EXPECT  "sim_int_frame_sp", 0FFFCh
        mov     ax, [h_cs]
        mov     dx, cs
        cmp     ax, dx
        PASS_IF e, "sim_int_frame_cs"
        mov     ax, [h_flags]
        and     ax, IF_FLAG
        EXPECT  "sim_int_handler_if0", 0
        mov     ax, [h_fflags]
        and     ax, IF_FLAG
        EXPECT  "sim_int_frame_if1", IF_FLAG
        mov     ax, [r_flags]
        and     ax, IF_FLAG
        EXPECT  "sim_int_iret_if1", IF_FLAG
        mov     ax, [r_sp]
        EXPECT  "sim_int_back_sp", 0002h
        ret

; int68_handler: note SP, the frame (IP, CS, FLAGS; FLAGS wraps to 0000) and IF
int68_handler:
        mov     [cs:h_sp], sp
        push    bp
        push    ax
        pushf
        pop     ax
        mov     [cs:h_flags], ax
        mov     bp, sp
        mov     ax, [bp + 4]
        mov     [cs:h_ip], ax
        mov     ax, [bp + 6]
        mov     [cs:h_cs], ax
        mov     ax, [bp + 8]
        mov     [cs:h_fflags], ax
        inc     word [cs:hits]
        pop     ax
        pop     bp
        iret

; ----------------------------------------------------- vectors
test_vectors:
        ; Get_V86_Int_Vector 10h = the IVT's
        mov     al, 10h
        VXD     0Ch
        push    ds
        push    word 0
        pop     ds
        cmp     dx, [10h * 4]
        jne     .get_bad
        cmp     cx, [10h * 4 + 2]
.get_bad:
        pop     ds
        PASS_IF e, "get_v86_int_vector"
        ; Set_V86_Int_Vector 69h = CS:int69_handler, then INT 69h reaches it
        mov     al, 69h
        VXD     0Ch
        mov     [old69], dx
        mov     [old69 + 2], cx
        mov     al, 69h
        mov     cx, cs
        mov     dx, int69_handler
        VXD     0Dh
        push    ds
        push    word 0
        pop     ds
        mov     ax, [69h * 4]
        mov     bx, [69h * 4 + 2]
        pop     ds
        cmp     ax, int69_handler
        jne     .set_bad
        mov     dx, cs
        cmp     bx, dx
.set_bad:
        PASS_IF e, "set_v86_int_vector_ivt"
        mov     word [hits], 0
        int     69h
        mov     ax, [hits]
        EXPECT  "set_v86_int_vector_int", 1
        mov     al, 69h
        mov     dx, [old69]
        mov     cx, [old69 + 2]
        VXD     0Dh
        ret

int69_handler:
        inc     word [cs:hits]
        iret

; ----------------------------------------------------- client state
test_client_state:
        ; one call: save, scribble, restore -> every register as it was
        PRINTLN "mark client state"
        mov     [cs_sp], sp
        push    es
        push    fs
        push    gs
        mov     eax, 11110E00h          ; AH=0Eh AL=00h
        mov     ebx, 22222222h
        mov     ecx, 33333333h
        mov     edx, 44444444h
        mov     esi, 55555555h
        mov     edi, 66666666h
        push    ebp
        mov     ebp, 77777777h
        push    word 2345h
        pop     es
        push    word 3456h
        pop     fs
        push    word 4567h
        pop     gs
        stc
        call    far [cs:vxd]
        pushf
        mov     [cs:r_ebp], ebp
        pop     bp
        mov     [cs:r_flags], bp
        pop     ebp
        mov     [cs:r_eax], eax
        mov     [cs:r_ebx], ebx
        mov     [cs:r_ecx], ecx
        mov     [cs:r_edx], edx
        mov     [cs:r_esi], esi
        mov     [cs:r_edi], edi
        mov     [cs:r_es], es
        mov     [cs:r_fs], fs
        mov     [cs:r_gs], gs
        pop     gs
        pop     fs
        pop     es
        mov     eax, [r_eax]
        EXPECTD "state_eax", 11110E00h
        mov     eax, [r_ebx]
        EXPECTD "state_ebx", 22222222h
        mov     eax, [r_ecx]
        EXPECTD "state_ecx", 33333333h
        mov     eax, [r_edx]
        EXPECTD "state_edx", 44444444h
        mov     eax, [r_esi]
        EXPECTD "state_esi", 55555555h
        mov     eax, [r_edi]
        EXPECTD "state_edi", 66666666h
        mov     eax, [r_ebp]
        EXPECTD "state_ebp", 77777777h
        mov     ax, [r_es]
        EXPECT  "state_es", 2345h
        mov     ax, [r_fs]
        EXPECT  "state_fs", 3456h
        mov     ax, [r_gs]
        EXPECT  "state_gs", 4567h
        mov     ax, [r_flags]
        and     ax, CF_FLAG
        EXPECT  "state_cf", CF_FLAG
        mov     ax, sp
        EXPECT  "state_sp", [cs_sp]

        ; save in one call, restore in a later one: the VM resumes after the
        ; first call with the registers it had then (a longjmp)
        PRINTLN "mark longjmp"
        mov     word [hits], 0
        mov     esi, 0ABCD1234h
        mov     ax, 0E01h
        call    far [cs:vxd]
lj_ret:
        inc     word [hits]
        cmp     word [hits], 1
        jne     .second
        EXPECT  "lj_save_returns", 1
        xor     esi, esi
        mov     ax, 0E02h
        call    far [cs:vxd]
        FAIL    "lj_restore_resumed", "the restore call returned"
        ret
.second:
        PASS    "lj_restore_resumed"
        EXPECT  "lj_ax", 0E01h
        mov     eax, esi
        EXPECTD "lj_esi", 0ABCD1234h
        ret

; The virtual interrupt flag is client state too: saved with IF=1 and
; restored after a CLI, the VM resumes with IF=1; saved with IF=0 and
; restored after an STI, with IF=0.
test_longjmp_if:
        PRINTLN "mark longjmp if"
        mov     word [hits], 0
        sti
        mov     ax, 0E01h
        call    far [cs:vxd]
        inc     word [hits]
        cmp     word [hits], 1
        jne     .if1_back
        cli
        mov     ax, 0E02h
        call    far [cs:vxd]
        sti
        FAIL    "lj_restores_if1", "the restore call returned"
        ret
.if1_back:
        pushf
        pop     ax
        sti
        and     ax, IF_FLAG
        EXPECT  "lj_restores_if1", IF_FLAG

        mov     word [hits], 0
        cli
        mov     ax, 0E01h
        call    far [cs:vxd]
        inc     word [hits]
        cmp     word [hits], 1
        jne     .if0_back
        sti
        mov     ax, 0E02h
        call    far [cs:vxd]
        FAIL    "lj_restores_if0", "the restore call returned"
        ret
.if0_back:
        pushf
        pop     ax
        sti
        and     ax, IF_FLAG
        EXPECT  "lj_restores_if0", 0
        ret

; ----------------------------------------------- nested INT 10h
test_nested:
        PRINTLN "mark nested"
        mov     ah, 0Fh                 ; mode 7: monochrome text at B000h
        int     10h
        cmp     al, 7
        jne     .colour
        mov     word [vseg], 0B000h
.colour:
        mov     ah, 02h                 ; cursor to a known place
        mov     bh, 0
        mov     dx, (TTY_ROW << 8) | TTY_COL
        int     10h
        SETVEC  10h, int10_handler, old10
        mov     word [hits], 0
        mov     bx, 5A5Ah
        mov     si, 1234h
        mov     al, 'Z'
        VXD     0Fh
        push    ax
        mov     ax, [hits]
        EXPECT  "nested_through_ivt", 1
        mov     ax, bx
        EXPECT  "nested_bx_preserved", 5A5Ah
        mov     ax, si
        EXPECT  "nested_si_preserved", 1234h
        pop     ax
        EXPECT  "nested_ax_preserved", 0F5Ah
        RESTVEC 10h, old10
        push    es
        mov     es, [vseg]
        mov     al, [es:(TTY_ROW * 80 + TTY_COL) * 2]
        pop     es
        movzx   ax, al
        EXPECT  "nested_char_in_video_memory", 'Z'
        mov     ah, 03h
        mov     bh, 0
        int     10h
        movzx   ax, dl
        EXPECT  "nested_cursor_advanced", TTY_COL + 1

        ; nested execution inside nested execution: the VxD runs our INT 6Bh
        ; from ring 0 (AH=16h), whose handler calls the VxD, which runs the
        ; BIOS INT 10h from ring 0 again (AH=0Fh)
        PRINTLN "mark nested twice"
        mov     ah, 02h
        mov     bh, 0
        mov     dx, ((TTY_ROW + 1) << 8) | TTY_COL
        int     10h
        SETVEC  6Bh, int6b_handler, old6b
        xor     dx, dx
        mov     al, 6Bh
        VXD     16h
        mov     ax, dx
        EXPECT  "nested_twice_outer_result", 'N'
        RESTVEC 6Bh, old6b
        push    es
        mov     es, [vseg]
        mov     al, [es:((TTY_ROW + 1) * 80 + TTY_COL) * 2]
        pop     es
        movzx   ax, al
        EXPECT  "nested_twice_inner_char", 'Y'
        ret

; INT 6Bh, run by the VxD from ring 0: calls the VxD's nested INT 10h
int6b_handler:
        push    ax
        mov     al, 'Y'
        mov     ah, 0Fh
        call    far [cs:vxd]
        pop     ax
        mov     dx, 'N'
        iret

int10_handler:
        inc     word [cs:hits]
        jmp     far [cs:old10]


vxd         dd 0
save_ss     dw 0
save_sp     dw 0
r_sp        dw 0
r_flags     dw 0
hits        dw 0
fell        dw 0
t_sp        dw 0
t_ip        dw 0
t_cs        dw 0
h_sp        dw 0
h_ip        dw 0
h_cs        dw 0
h_flags     dw 0
h_fflags    dw 0
old68       dd 0
old69       dd 0
old10       dd 0
old6b       dd 0
cs_sp       dw 0
r_eax       dd 0
r_ebx       dd 0
r_ecx       dd 0
r_edx       dd 0
r_esi       dd 0
r_edi       dd 0
r_ebp       dd 0
r_es        dw 0
r_fs        dw 0
r_gs        dw 0
vseg        dw 0B800h
