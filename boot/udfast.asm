; The #UD entry (vector 6; the rules: callbacks/udfast.h).  An ARPL from
; V86 mode is the VMM's own ring-3 -> ring-0 transfer (V86 breakpoints, V86
; callbacks, callbacks/v86page.h): with the full Client_Reg_Struc built as
; the generated stub builds it, it goes straight to the V86 callback or the
; breakpoint dispatch, past trap()'s routing.  Every other #UD (ring 0, V86
; with another opcode, a 32-bit EIP, fast paths off) continues into
; alltraps exactly as vector 6's stub would.
;
; The opcode is read at its V86 linear address through SS (the flat kernel
; data segment), as boot/fastpath.asm does: the VM's page directory is the
; current one and every one of its pages below 110000h is mapped.

%include "boot/segments.inc"
%include "asm_offsets.inc"

extern alltraps
extern trapret
extern bp_ud_fast
extern v86cb_ud_fast
extern v86_fast_block
extern v86page_lin

; the frame once trapno is pushed (struct trapframe)
U_EIP   equ 4 + 32 + 4
U_CS    equ U_EIP + 4
U_EFL   equ U_EIP + 8

EFL_VM_BYTE2 equ 02h                    ; EFLAGS.VM (bit 17) in EFLAGS' third byte

section .text
align 16
global v86_ud_entry
v86_ud_entry:
        push    dword 0                 ; #UD has no error code
        pushad
        push    dword 6
        test    byte [esp + U_EFL + 2], EFL_VM_BYTE2
        jz      alltraps
        cmp     word [esp + U_EIP + 2], 0       ; EIP beyond FFFFh: trap()'s to stop
        jne     alltraps
        movzx   eax, word [esp + U_CS]
        shl     eax, 4
        add     eax, [esp + U_EIP]
        cmp     byte [ss:eax], 63h      ; ARPL
        jne     alltraps
        test    dword [ss:v86_fast_block], V86_SLOW_OFF | V86_SLOW_DEBUG
        jnz     alltraps
        sub     eax, [ss:v86page_lin]   ; in the V86 page (before the A20 wrap)?
        cmp     eax, 4096
        mov     ax, KERNEL_DS           ; (the flags stay)
        mov     ds, ax
        mov     es, ax
        cld
        push    esp                     ; struct trapframe *
        jb      .callback
        call    bp_ud_fast
        add     esp, 4
        jmp     trapret
.callback:
        call    v86cb_ud_fast
        add     esp, 4
        jmp     trapret

section .note.GNU-stack noalloc noexec nowrite progbits
