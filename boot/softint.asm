; Trusted mode (iopl=3, v86/fastpath.h): INT n from V86 mode straight to the
; monitor through a DPL 3 interrupt gate, instead of the #GP a DPL 0 gate
; raises.  The CPU has already stepped past the instruction (prefixes
; included) and pushed the V86 frame; with an empty hook chain and nothing
; blocking, what Simulate_Int does is done right here: FLAGS (as the CPU
; shows them at IOPL 3), CS, IP pushed on the VM's stack, IF, TF and AC off,
; CS:IP from the VM's IVT; with hooks, the frame the #GP would have had,
; to v86_int_fast() (v86/intfast.c).  Anything else is turned into exactly the #GP a
; DPL 0 gate would have raised (error code vector * 8 + 2, EIP back on the
; INT n) and goes to the general path.  v86_fastpath_iopl3() (v86/fastpath.c)
; decides which vectors get these gates: never the CPU exceptions a 386+
; can raise here, the VMM's INT 20h or the hardware interrupts.
;
; Memory is reached through SS, the flat kernel data segment (as in
; boot/fastpath.asm): the VM's stack and IVT at their V86 linear addresses.

%include "asm_offsets.inc"
%include "boot/segments.inc"
%include "boot/gpframe.inc"

extern trap_vectors
extern v86_fast_block
extern v86_int_chain
extern v86_int_fast
extern trapret

; the frame once eax, ecx, edx are pushed
S_EIP   equ 12
S_CS    equ 16
S_EFL   equ 20
S_ESP   equ 24
S_SS    equ 28

section .text
%macro SOFTINT 1
align 8
softint%1:
        push    eax
        mov     eax, %1
        jmp     softint_common
%endmacro

%assign i 0
%rep 256
SOFTINT i
%assign i i+1
%endrep

align 16
softint_common:
        push    ecx
        push    edx
        test    byte [esp + S_EFL + 2], EFL_VM >> 16
        jz      .ring0
        cmp     dword [ss:v86_fast_block], V86_SLOW_IOPL3      ; no other reason: no event queued
        jne     .convert
        cmp     dword [esp + S_EIP], 0FFFFh     ; the INT ended at the segment's end
        ja      .convert
        cmp     dword [ss:v86_int_chain + eax * 4], 0
        jne     .hooked
        movzx   edx, word [esp + S_ESP]
        sub     edx, 6                          ; SP < 6: the frame would wrap
        jb      .convert
        mov     [esp + S_ESP], dx
        movzx   ecx, word [esp + S_SS]
        shl     ecx, 4
        add     edx, ecx
        mov     ecx, [esp + S_EIP]
        mov     [ss:edx], cx                    ; IP after INT n
        mov     cx, [esp + S_CS]
        mov     [ss:edx + 2], cx
        mov     ecx, [esp + S_EFL]
        mov     [ss:edx + 4], cx                ; FLAGS as the CPU shows them
        and     ecx, ~(EFL_IF | EFL_TF | EFL_AC)
        mov     [esp + S_EFL], ecx
        mov     edx, [ss:eax * 4]               ; the IVT entry: CS << 16 | IP
        movzx   ecx, dx
        mov     [esp + S_EIP], ecx
        shr     edx, 16
        mov     [esp + S_CS], dx
        pop     edx
        pop     ecx
        pop     eax
        iretd

; What a DPL 0 gate would have raised: #GP, error code naming the IDT entry,
; EIP on the INT n (CD ib; an INT n with prefixes is then seen at its CD).
.convert:
        pop     edx
        pop     ecx
        sub     dword [esp + 4], 2
        shl     eax, 3
        or      eax, 2
        xchg    eax, [esp]              ; the error code in place, EAX back
        jmp     [ss:trap_vectors + 13 * 4]

; A hooked vector: the #GP's frame, as .convert makes it, and the hooks
; with the full Client_Reg_Struc (v86_int_fast(), v86/intfast.c).
.hooked:
        pop     edx
        pop     ecx
        sub     dword [esp + 4], 2
        shl     eax, 3
        or      eax, 2
        xchg    eax, [esp]
        GP_FRAME_CALL v86_int_fast

; Not from V86 mode: the VMM never executes INT n here; the vector's own
; stub reports it as the fault it is.
.ring0:
        pop     edx
        pop     ecx
        mov     eax, [ss:trap_vectors + eax * 4]
        xchg    eax, [esp]              ; the stub's address in place, EAX back
        ret                             ; to it, with the CPU's frame as it was
section .rodata
global softint_vectors
softint_vectors:
%assign i 0
%rep 256
        dd      softint %+ i
%assign i i+1
%endrep

section .note.GNU-stack noalloc noexec nowrite progbits
