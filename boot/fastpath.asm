; The #GP fast path from V86 mode (the rules: v86/fastpath.h).
;
; Vector 13 enters here.  A #GP from V86 mode that is one of the common
; IOPL-sensitive instructions, in the common case, is emulated right on the
; CPU's trap frame and IRETs back: no PUSHAD, no segment loads (every memory
; access goes through SS, the flat kernel data segment, so DS/ES may hold the
; V86 nulls), no C.  Anything else restores what it saved and jumps to the
; generated vector 13 stub, which builds the full Client_Reg_Struc as before.
;
; Guest memory is read and written at its V86 linear address, (seg << 4) +
; off: the trap came from this VM, so its page directory is the current one,
; and its low mapping is the very page table behind CB_High_Linear (same
; pages, same A20 wrap, same read-only ROM; vmm/vm.c).  Every VM page is
; always mapped (v86/guestmem.h), and the largest address reached,
; FFFF:FFFF + 5 bytes, is below 110000h, the VM's size.

%include "asm_offsets.inc"
%include "boot/segments.inc"
%include "boot/gpframe.inc"

extern cur_vm
extern v86_fast_block
extern v86_int_chain
extern trap_vectors
extern trapret
extern v86_io_fast
extern v86_int_fast
extern v86_deliver_fast

; The frame once eax, ecx, edx are pushed (the CPU's part: error code, EIP,
; CS, EFLAGS, ESP, SS, ES, DS, FS, GS).
F_ERR   equ 12
F_EIP   equ 16
F_CS    equ 20
F_EFL   equ 24
F_ESP   equ 28
F_SS    equ 32
; The error code's slot in a whole trap frame (trapno, PUSHAD, error code).
TF_ERR  equ 36

section .text

; Back to the VM: the instruction is done.  An STI shadow, if any, covered
; this instruction (or is stale): it is over.
%macro RETURN 0
        mov     byte [ss:edx + VM_STI_SHADOW], 0
        pop     edx
        pop     ecx
        pop     eax
        add     esp, 4                  ; error code
        iretd
%endmacro

; POPF, POPFD, IRET done: with an interrupt requested for the VM
; (vm->int_requested: the controller VxD, VPICD, sets it) and the VM's IF
; now on, it goes in before the next instruction: deliver_if.
%macro RETURN_OR_DELIVER 0
        cmp     byte [ss:edx + VM_INT_REQUESTED], 0
        jne     deliver_if
        RETURN
%endmacro

; ecx = the offset of a stack item (zero-extended): make it a pointer.
%macro STACK_POINTER 0
        movzx   eax, word [esp + F_SS]
        shl     eax, 4
        add     ecx, eax
%endmacro

; Simulate_Int with nobody hooked on the vector, on the V86 frame whose
; error code slot is at esp + %1 (EIP, CS, EFLAGS, ESP, SS above it): push
; FLAGS, CS and IP + %2 (the instruction after INT n; 0 for an interrupt
; delivered between instructions), IF and AC off (TF is clear on the fast
; paths), CS:IP from the VM's IVT.  In: eax = the vector, ecx = SP - 6 (the
; caller checked SP >= 6), edx = the VM.  ebx is clobbered.
%macro SIMULATE_INT 2
        mov     [esp + %1 + 16], cx     ; SP
        movzx   ebx, word [esp + %1 + 20]
        shl     ebx, 4
        add     ecx, ebx                ; -> the frame: SS << 4 + SP
        mov     ebx, [esp + %1 + 4]
%if %2
        add     ebx, %2
%endif
        mov     [ss:ecx], bx            ; IP
        mov     bx, [esp + %1 + 8]
        mov     [ss:ecx + 2], bx        ; CS
        mov     ebx, [esp + %1 + 12]
        and     ebx, V86_SAFE_FLAGS16 | EFL_RESERVED1
        or      ebx, [ss:edx + VM_VFLAGS]
        mov     [ss:ecx + 4], bx        ; FLAGS as PUSHF shows them
        and     dword [ss:edx + VM_VFLAGS], ~EFL_IF
        and     dword [esp + %1 + 12], ~EFL_AC
        mov     ebx, [ss:eax * 4]       ; the IVT entry: CS << 16 | IP
        movzx   eax, bx
        mov     [esp + %1 + 4], eax
        shr     ebx, 16
        mov     [esp + %1 + 8], bx
%endmacro

; POPF, POPFD, IRET: eax = the flags image, %1 = its safe mask.  The VM
; takes the safe flags into the real EFLAGS, IF, IOPL and NT into
; vm->vflags (which holds only those); the rest of the real EFLAGS stays
; the monitor's: V86_NEVER_FLAGS cleared (a leaked IOPL never reaches the
; VM), V86_FORCED_FLAGS kept from the CPU's own frame (VM checked on entry,
; IF and bit 1 always set while a VM runs).  No TF trap to fake: TF was
; clear on entry.
%macro LOAD_FLAGS 1
        mov     ecx, eax
        and     ecx, V86_VIRTUAL_FLAGS
        mov     [ss:edx + VM_VFLAGS], ecx
        and     eax, %1
        and     dword [esp + F_EFL], ~(%1 | V86_NEVER_FLAGS)
        or      [esp + F_EFL], eax
%endmacro

align 16
global v86_gp_fast
v86_gp_fast:
        push    eax
        push    ecx
        push    edx
        ; From V86 mode, not single-stepping, error code 0, EIP below 10000h
        ; (a 32-bit EIP beyond is the general path's to stop), nothing
        ; blocking (the flag word: a queued event among its reasons).
        mov     eax, [esp + F_EFL]
        and     eax, EFL_VM | EFL_TF
        xor     eax, EFL_VM
        or      eax, [esp + F_ERR]
        or      ax, [esp + F_EIP + 2]
        or      eax, [ss:v86_fast_block]
        jnz     .iopl3
        ; ecx -> the opcode
        movzx   ecx, word [esp + F_EIP]
        movzx   eax, word [esp + F_CS]
        shl     eax, 4
        add     ecx, eax
        mov     edx, [ss:cur_vm]
        movzx   eax, byte [ss:ecx]
        jmp     [ss:dispatch + eax * 4]

.slow:
        pop     edx
        pop     ecx
        pop     eax
        jmp     [ss:trap_vectors + 13 * 4]

; Trusted mode (iopl=3, v86/vflags.h): only INT n traps here, as a #GP
; naming the IDT entry (error code vector * 8 + 2).  With nothing else
; blocking and an empty hook chain, the same Simulate_Int, with the VM's IF
; being the real one: the image is what the CPU's own PUSHF shows (IOPL 3).
.iopl3:
        cmp     dword [ss:v86_fast_block], V86_SLOW_IOPL3
        jne     .slow
        mov     eax, [esp + F_EFL]
        and     eax, EFL_VM | EFL_TF | EFL_IOPL
        xor     eax, EFL_VM | EFL_IOPL
        or      ax, [esp + F_EIP + 2]
        jnz     .slow
        mov     eax, [esp + F_ERR]
        test    eax, eax
        jz      .iopl3_io               ; I/O to a trapped port
        mov     ecx, eax
        and     ecx, 7
        cmp     ecx, 2                  ; IDT, not external
        jne     .slow
        cmp     word [esp + F_EIP], 0FFFFh
        je      .slow
        movzx   ecx, word [esp + F_EIP]
        movzx   edx, word [esp + F_CS]
        shl     edx, 4
        add     ecx, edx
        cmp     byte [ss:ecx], 0CDh     ; INT imm8, no prefix
        jne     .slow
        lea     edx, [ecx + 1]
        test    edx, 0FFFh
        jz      .slow
        shr     eax, 3
        cmp     [ss:ecx + 1], al        ; the vector the CPU named
        jne     .slow
        movzx   eax, al
        cmp     dword [ss:v86_int_chain + eax * 4], 0
        jne     .slow
        movzx   ecx, word [esp + F_ESP]
        sub     ecx, 6
        jb      .slow
        mov     [esp + F_ESP], cx
        movzx   edx, word [esp + F_SS]
        shl     edx, 4
        add     ecx, edx
        mov     edx, [esp + F_EIP]
        add     edx, 2
        mov     [ss:ecx], dx            ; IP after INT n
        mov     dx, [esp + F_CS]
        mov     [ss:ecx + 2], dx
        mov     edx, [esp + F_EFL]
        mov     [ss:ecx + 4], dx        ; FLAGS as the CPU shows them
        and     dword [esp + F_EFL], ~(EFL_IF | EFL_TF | EFL_AC)
        mov     edx, [ss:eax * 4]       ; the IVT entry: CS << 16 | IP
        movzx   eax, dx
        mov     [esp + F_EIP], eax
        shr     edx, 16
        mov     [esp + F_CS], dx
        pop     edx
        pop     ecx
        pop     eax
        add     esp, 4
        iretd

.iopl3_io:
        movzx   ecx, word [esp + F_EIP]
        movzx   eax, word [esp + F_CS]
        shl     eax, 4
        movzx   eax, byte [ss:ecx + eax]
        cmp     dword [ss:dispatch + eax * 4], op_io
        je      op_io
        jmp     .slow

slow:   jmp     v86_gp_fast.slow

; ------------------------------------------------------------- CLI / STI
op_cli:
        and     dword [ss:edx + VM_VFLAGS], ~EFL_IF
        inc     dword [esp + F_EIP]
        RETURN

op_sti:
        test    dword [ss:edx + VM_VFLAGS], EFL_IF
        jz      .enable
        inc     dword [esp + F_EIP]
        RETURN
.enable:
        ; IF 0 -> 1: no interrupt before the next instruction (the STI
        ; shadow: the general path single-steps it if one comes).
        cmp     byte [ss:edx + VM_INT_REQUESTED], 0
        jne     .requested
        or      dword [ss:edx + VM_VFLAGS], EFL_IF
        inc     dword [esp + F_EIP]
        mov     eax, [esp + F_CS - 2]   ; CS in the high word
        mov     ax, [esp + F_EIP]
        mov     [ss:edx + VM_SHADOW_CSIP], eax
        mov     byte [ss:edx + VM_STI_SHADOW], 1
        pop     edx
        pop     ecx
        pop     eax
        add     esp, 4
        iretd

; An interrupt is requested: it may come only after the instruction in the
; shadow.  The two a BIOS's wait loop puts there are done here: NOP (the
; interrupt goes in right after it) and CLI (no window at all: both are
; done, IF stays clear).  Anything else, a next byte past the segment's end
; or on the next page: the general path and its single step.
.requested:
        cmp     word [esp + F_EIP], 0FFFEh
        jae     slow
        lea     eax, [ecx + 1]
        test    eax, 0FFFh
        jz      slow
        mov     al, [ss:ecx + 1]
        cmp     al, 0FAh                ; CLI
        je      .sti_cli
        cmp     al, 90h                 ; NOP
        jne     slow
        or      dword [ss:edx + VM_VFLAGS], EFL_IF
        add     dword [esp + F_EIP], 2
        jmp     deliver
.sti_cli:
        add     dword [esp + F_EIP], 2
        RETURN

; -------------------------------------------------------------- PUSHF(D)
; The image a real-mode 386 shows: arithmetic flags, TF, DF (AC, ID) from
; the real EFLAGS, IF, IOPL, NT from vm->vflags, bit 1 set.  SP 0 or 1 goes
; slow (1: the word would straddle SS:FFFF, the general path raises #SS).
op_pushf:
        movzx   ecx, word [esp + F_ESP]
        sub     ecx, 2
        jb      slow
        mov     [esp + F_ESP], cx
        STACK_POINTER
        mov     eax, [esp + F_EFL]
        and     eax, V86_SAFE_FLAGS16 | EFL_RESERVED1   ; bit 1: always set in EFLAGS
        or      eax, [ss:edx + VM_VFLAGS]
        mov     [ss:ecx], ax
        inc     dword [esp + F_EIP]
        RETURN

op_pushfd:
        movzx   ecx, word [esp + F_ESP]
        sub     ecx, 4
        jb      slow
        mov     [esp + F_ESP], cx
        STACK_POINTER
        mov     eax, [esp + F_EFL]
        and     eax, V86_SAFE_FLAGS32 | EFL_RESERVED1
        or      eax, [ss:edx + VM_VFLAGS]
        mov     [ss:ecx], eax
        add     dword [esp + F_EIP], 2
        RETURN

; --------------------------------------------------------------- POPF(D)
; SP FFFFh (FFFDh-FFFFh for POPFD): the item straddles SS:FFFF: slow.
op_popf:
        movzx   ecx, word [esp + F_ESP]
        cmp     ecx, 0FFFEh
        ja      slow
        add     word [esp + F_ESP], 2
        STACK_POINTER
        movzx   eax, word [ss:ecx]
        LOAD_FLAGS V86_SAFE_FLAGS16
        inc     dword [esp + F_EIP]
        RETURN_OR_DELIVER

op_popfd:
        movzx   ecx, word [esp + F_ESP]
        cmp     ecx, 0FFFCh
        ja      slow
        add     word [esp + F_ESP], 4
        STACK_POINTER
        mov     eax, [ss:ecx]
        LOAD_FLAGS V86_SAFE_FLAGS32
        add     dword [esp + F_EIP], 2
        RETURN_OR_DELIVER

; ---------------------------------------------------------- 66h: PUSHFD/POPFD
; Two-byte instructions: at IP FFFFh they cross the end of the segment, with
; the second byte on the next page they straddle it: slow.
op_66:
        cmp     word [esp + F_EIP], 0FFFFh
        je      slow
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
        cmp     word [esp + F_EIP], 0FFFFh
        je      slow
        lea     eax, [ecx + 1]
        test    eax, 0FFFh
        jz      slow
        movzx   eax, byte [ss:ecx + 1]
        cmp     dword [ss:v86_int_chain + eax * 4], 0
        jne     op_int_hooked
        movzx   ecx, word [esp + F_ESP]
        sub     ecx, 6
        jb      slow
        mov     [esp + F_ERR], ebx      ; the error code's slot: scratch
        SIMULATE_INT F_ERR, 2
        mov     ebx, [esp + F_ERR]
        RETURN

; A hooked vector: the hooks need the full Client_Reg_Struc; the frame
; vector 13's stub would build, and v86_int_fast() (v86/intfast.c).
op_int_hooked:
        pop     edx
        pop     ecx
        pop     eax
        GP_FRAME_CALL v86_int_fast

; ------------------------------------------------------------------- IRET
; 16-bit IRET: pop IP, CS, FLAGS (SP > FFFAh: the frame straddles: slow).
op_iret:
        movzx   ecx, word [esp + F_ESP]
        cmp     ecx, 0FFFAh
        ja      slow
        add     word [esp + F_ESP], 6
        STACK_POINTER
        movzx   eax, word [ss:ecx]
        mov     [esp + F_EIP], eax
        mov     ax, [ss:ecx + 2]
        mov     [esp + F_CS], ax
        movzx   eax, word [ss:ecx + 4]
        LOAD_FLAGS V86_SAFE_FLAGS16
        RETURN_OR_DELIVER

; ---------------------------------------------------- delivering at once
; The VM's IF went on with an interrupt requested: what the general path
; would do on its way back (v86_resume(), with the full Client_Reg_Struc the
; vector 13 stub builds), past the decoder: v86_deliver_fast()
; (v86/reflect.c).  The instruction is done; an STI shadow is over.
deliver_if:
        test    dword [ss:edx + VM_VFLAGS], EFL_IF
        jnz     deliver
        RETURN
deliver:
        mov     byte [ss:edx + VM_STI_SHADOW], 0
        pop     edx
        pop     ecx
        pop     eax
        GP_FRAME
        push    esp                     ; struct trapframe *
        call    v86_deliver_fast
        add     esp, 4
        test    eax, eax
        js      trapret                 ; the C end did it all
        ; The vector acknowledged, nobody hooked on it, room on the stack:
        ; its frame here.  The trap frame: trapno, PUSHAD, error code, ...
        mov     edx, [cur_vm]
        movzx   ecx, word [esp + TF_ERR + 16]
        sub     ecx, 6
        SIMULATE_INT TF_ERR, 0
        jmp     trapret

; ------------------------------------------------------------- IN / OUT
; IN/OUT with an immediate port or DX, no prefix (E4-E7, EC-EF): the
; port handler needs the full Client_Reg_Struc, so the frame vector 13's
; stub would build, and v86_io_fast() (v86/iofast.c) past trap()'s routing
; and the general decoder.
op_io:
        pop     edx
        pop     ecx
        pop     eax
        GP_FRAME_CALL v86_io_fast

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
%elif (i >= 0E4h && i <= 0E7h) || (i >= 0ECh && i <= 0EFh)
        dd      op_io
%else
        dd      slow
%endif
%assign i i+1
%endrep

section .note.GNU-stack noalloc noexec nowrite progbits
