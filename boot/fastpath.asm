; The #GP fast path from V86 mode (the rules: v86/fastpath.h).
;
; Vector 13 enters here.  A #GP from V86 mode that is one of the common
; IOPL-sensitive instructions, in the common case, is emulated right on the
; CPU's trap frame and IRETs back: no PUSHAD, no segment loads (every memory
; access goes through SS, the flat kernel data segment, so DS/ES may hold the
; V86 nulls), no C.  Anything else restores what it saved and jumps to the
; generated vector 13 stub, which builds the full Client_Reg_Struc as before.
;
; Guest memory is read and written through the VM's CB_High_Linear alias at
; CB_High_Linear + (seg << 4) + off: every VM page is always mapped there
; (v86/guestmem.h), and the largest address reached, FFFF:FFFF + 5 bytes, is
; below 110000h, the VM's size.

%include "asm_offsets.inc"

extern cur_vm
extern events_queued
extern fault_hooks_installed
extern v86_fast_block
extern v86_int_chain
extern trap_vectors

; The frame once eax, ecx, edx are pushed (the CPU's part: error code, EIP,
; CS, EFLAGS, ESP, SS, ES, DS, FS, GS).
F_ERR   equ 12
F_EIP   equ 16
F_CS    equ 20
F_EFL   equ 24
F_ESP   equ 28
F_SS    equ 32

section .text
align 16
global v86_gp_fast
v86_gp_fast:
        push    eax
        push    ecx
        push    edx
        ; From V86 mode, not single-stepping, error code 0, nothing blocking.
        mov     eax, [esp + F_EFL]
        and     eax, EFL_VM | EFL_TF
        xor     eax, EFL_VM
        or      eax, [esp + F_ERR]
        or      eax, [ss:v86_fast_block]
        or      eax, [ss:events_queued]
        or      eax, [ss:fault_hooks_installed]
        jnz     .slow
        ; Per VM: no virtual interrupt requested, no STI shadow being stepped.
        mov     edx, [ss:cur_vm]
        mov     al, [ss:edx + VM_MASTER_IRR]
        or      al, [ss:edx + VM_SLAVE_IRR]
        or      al, [ss:edx + VM_SHADOW_TF]
        jnz     .slow
        ; ecx -> the opcode: IP FFFFh or beyond (a 32-bit EIP) goes slow.
        mov     ecx, [esp + F_EIP]
        cmp     ecx, 0FFFEh
        ja      .slow
        movzx   eax, word [esp + F_CS]
        shl     eax, 4
        add     ecx, eax
        add     ecx, [ss:edx + VM_HIGH_LINEAR]
        movzx   eax, byte [ss:ecx]
        jmp     [ss:dispatch + eax * 4]

.slow:
        pop     edx
        pop     ecx
        pop     eax
        jmp     [ss:trap_vectors + 13 * 4]

; ------------------------------------------------------------------ exits
; The instruction is done.  The STI shadow, if any, covered this instruction
; (or is stale): over.  RF, NT, IOPL, VIF, VIP are never the VM's.
done1:  inc     dword [esp + F_EIP]
done:   mov     byte [ss:edx + VM_STI_SHADOW], 0
done_keep_shadow:
        mov     eax, [esp + F_EFL]
        and     eax, ~V86_NEVER_FLAGS
        or      eax, [ss:edx + VM_FORCED_SET]
        mov     [esp + F_EFL], eax
        pop     edx
        pop     ecx
        pop     eax
        add     esp, 4                  ; error code
        iretd

slow:   jmp     v86_gp_fast.slow

; ------------------------------------------------------------- CLI / STI
op_cli:
        and     dword [ss:edx + VM_VFLAGS], ~EFL_IF
        jmp     done1

op_sti:
        inc     dword [esp + F_EIP]
        test    dword [ss:edx + VM_VFLAGS], EFL_IF
        jnz     done
        ; IF 0 -> 1: no interrupt before the next instruction (the general
        ; path single-steps it if one comes).
        or      dword [ss:edx + VM_VFLAGS], EFL_IF
        mov     byte [ss:edx + VM_STI_SHADOW], 1
        mov     eax, [esp + F_CS - 2]   ; CS in the high word
        mov     ax, [esp + F_EIP]
        mov     [ss:edx + VM_SHADOW_CSIP], eax
        jmp     done_keep_shadow

; -------------------------------------------------------------- PUSHF(D)
; eax = the image a real-mode 386 shows: arithmetic flags, TF, DF (AC, ID)
; from the real EFLAGS, IF, IOPL, NT from vm->vflags (which holds only
; those), bit 1 set.
op_pushf:
        mov     ecx, [esp + F_ESP]
        sub     cx, 2
        cmp     cx, 0FFFFh              ; the word would straddle SS:FFFF
        je      slow
        mov     [esp + F_ESP], cx
        mov     eax, [esp + F_EFL]
        and     eax, V86_SAFE_FLAGS16
        or      eax, [ss:edx + VM_VFLAGS]
        or      al, EFL_RESERVED1
        movzx   ecx, cx
        add     ecx, [ss:edx + VM_HIGH_LINEAR]
        movzx   edx, word [esp + F_SS]
        shl     edx, 4
        mov     [ss:ecx + edx], ax
        mov     edx, [ss:cur_vm]
        jmp     done1

op_pushfd:                              ; ecx -> the 66h prefix
        mov     ecx, [esp + F_ESP]
        sub     cx, 4
        cmp     cx, 0FFFCh              ; the dword would straddle SS:FFFF
        ja      slow
        mov     [esp + F_ESP], cx
        mov     eax, [esp + F_EFL]
        and     eax, V86_SAFE_FLAGS32
        or      eax, [ss:edx + VM_VFLAGS]
        or      al, EFL_RESERVED1
        movzx   ecx, cx
        add     ecx, [ss:edx + VM_HIGH_LINEAR]
        movzx   edx, word [esp + F_SS]
        shl     edx, 4
        mov     [ss:ecx + edx], eax
        mov     edx, [ss:cur_vm]
        add     dword [esp + F_EIP], 2
        jmp     done

; --------------------------------------------------------------- POPF(D)
; load_flags: eax = the image, ecx = the safe mask.  The VM takes the safe
; flags into the real EFLAGS, IF, IOPL, NT into vm->vflags.
op_popf:
        mov     ecx, [esp + F_ESP]
        cmp     cx, 0FFFFh              ; the word would straddle SS:FFFF
        je      slow
        add     word [esp + F_ESP], 2
        movzx   ecx, cx
        add     ecx, [ss:edx + VM_HIGH_LINEAR]
        movzx   eax, word [esp + F_SS]
        shl     eax, 4
        movzx   eax, word [ss:ecx + eax]
        inc     dword [esp + F_EIP]
        mov     ecx, V86_SAFE_FLAGS16
        jmp     load_flags

op_popfd:
        mov     ecx, [esp + F_ESP]
        cmp     cx, 0FFFCh
        ja      slow
        add     word [esp + F_ESP], 4
        movzx   ecx, cx
        add     ecx, [ss:edx + VM_HIGH_LINEAR]
        movzx   eax, word [esp + F_SS]
        shl     eax, 4
        mov     eax, [ss:ecx + eax]
        add     dword [esp + F_EIP], 2
        mov     ecx, V86_SAFE_FLAGS32
        jmp     load_flags

load_flags:
        push    eax
        and     eax, V86_VIRTUAL_FLAGS
        mov     [ss:edx + VM_VFLAGS], eax
        pop     eax
        and     eax, ecx
        not     ecx
        and     ecx, [esp + F_EFL]
        or      eax, ecx
        mov     [esp + F_EFL], eax
        jmp     done

; ---------------------------------------------------------- 66h: PUSHFD/POPFD
op_66:
        lea     eax, [ecx + 1]
        test    eax, 0FFFh              ; the second byte on the next page
        jz      slow
        movzx   eax, byte [ss:ecx + 1]
        cmp     al, 9Ch
        je      op_pushfd
        cmp     al, 9Dh
        je      op_popfd
        jmp     slow

; ------------------------------------------------------------------ INT n
; With nobody hooked on the vector: what Simulate_Int does.  Push FLAGS,
; CS, IP of the next instruction; IF, TF (clear already), AC off; jump
; through the VM's IVT.  SP < 6: the frame would wrap or straddle: slow.
op_int:
        lea     eax, [ecx + 1]
        test    eax, 0FFFh
        jz      slow
        movzx   eax, byte [ss:ecx + 1]
        cmp     dword [ss:v86_int_chain + eax * 4], 0
        jne     slow
        mov     ecx, [esp + F_ESP]
        cmp     cx, 6
        jb      slow
        mov     [esp + F_ERR], ebx      ; the error code's slot: scratch
        sub     cx, 6
        mov     [esp + F_ESP], cx
        movzx   ecx, cx
        movzx   ebx, word [esp + F_SS]
        shl     ebx, 4
        add     ecx, ebx
        add     ecx, [ss:edx + VM_HIGH_LINEAR]
        mov     ebx, [esp + F_EIP]
        add     ebx, 2
        mov     [ss:ecx], bx            ; IP after INT n
        mov     bx, [esp + F_CS]
        mov     [ss:ecx + 2], bx
        mov     ebx, [esp + F_EFL]
        and     ebx, V86_SAFE_FLAGS16
        or      ebx, [ss:edx + VM_VFLAGS]
        or      bl, EFL_RESERVED1
        mov     [ss:ecx + 4], bx
        and     dword [ss:edx + VM_VFLAGS], ~EFL_IF
        and     dword [esp + F_EFL], ~EFL_AC
        mov     ecx, [ss:edx + VM_HIGH_LINEAR]
        mov     ebx, [ss:ecx + eax * 4]         ; the IVT entry: CS << 16 | IP
        movzx   eax, bx
        mov     [esp + F_EIP], eax
        shr     ebx, 16
        mov     [esp + F_CS], bx
        mov     ebx, [esp + F_ERR]
        jmp     done

; ------------------------------------------------------------------- IRET
; 16-bit IRET: pop IP, CS, FLAGS (SP > FFFAh: the frame straddles: slow).
op_iret:
        mov     ecx, [esp + F_ESP]
        cmp     cx, 0FFFAh
        ja      slow
        add     word [esp + F_ESP], 6
        movzx   ecx, cx
        movzx   eax, word [esp + F_SS]
        shl     eax, 4
        add     ecx, eax
        add     ecx, [ss:edx + VM_HIGH_LINEAR]
        movzx   eax, word [ss:ecx]
        mov     [esp + F_EIP], eax
        mov     ax, [ss:ecx + 2]
        mov     [esp + F_CS], ax
        movzx   eax, word [ss:ecx + 4]
        mov     ecx, V86_SAFE_FLAGS16
        jmp     load_flags

section .rodata
align 4
dispatch:
%assign i 0
%rep 256
%if i == 0FAh
        dd      op_cli
%elif i == 0FBh
        dd      op_sti
%elif i == 09Ch
        dd      op_pushf
%elif i == 09Dh
        dd      op_popf
%elif i == 0CDh
        dd      op_int
%elif i == 0CFh
        dd      op_iret
%elif i == 066h
        dd      op_66
%else
        dd      slow
%endif
%assign i i+1
%endrep

section .note.GNU-stack noalloc noexec nowrite progbits
