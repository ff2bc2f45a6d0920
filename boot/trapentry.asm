; Common trap path and the two stack-switching primitives.
;
; alltraps: loads kernel data segments (a trap from V86 mode arrives with
; DS=ES=FS=GS=0) and calls trap(tf).  trapret unwinds a struct trapframe and
; IRETs: to V86 mode the CPU pops ES/DS/FS/GS from the frame as well.

%include "boot/segments.inc"

extern trap
extern nest_setup

section .text
global alltraps
alltraps:
    mov ax, KERNEL_DS
    mov ds, ax
    mov es, ax
    cld
    push esp                        ; struct trapframe *
    call trap
    add esp, 4
global trapret
trapret:
    add esp, 4                      ; trapno
    popad
    add esp, 4                      ; error code
    iretd

; void trapret_to(struct trapframe *tf): resume a frame built in memory.
global trapret_to
trapret_to:
    mov esp, [esp + 4]
    jmp trapret

; int vm_exec_frame(uint32_t *saved_esp)
; Saves the callee-saved registers and ESP in *saved_esp, carves a fresh
; trap frame below them, lets nest_setup(tf) fill it with the VM's client
; state (and point ESP0 at it), and enters the VM through trapret.  Traps
; from the VM then land in that frame and their handlers run below it.
; Control comes back to our caller only through vm_exec_return().
TRAPFRAME_SIZE equ 4 + 0x6C
global vm_exec_frame
vm_exec_frame:
    mov eax, [esp + 4]
    push ebp
    push ebx
    push esi
    push edi
    mov [eax], esp
    sub esp, TRAPFRAME_SIZE
    mov eax, esp
    push eax
    call nest_setup
    add esp, 4
    jmp trapret

; void vm_exec_return(uint32_t saved_esp): unwinds everything below the
; frame saved by vm_exec_frame and makes that call return 0.
global vm_exec_return
vm_exec_return:
    mov esp, [esp + 4]
    pop edi
    pop esi
    pop ebx
    pop ebp
    xor eax, eax
    ret

; void swtch(uint32_t *save_esp, uint32_t new_esp): kernel context switch
; between two VMs' ring-0 stacks (callee-saved registers only).
global swtch
swtch:
    mov eax, [esp + 4]
    mov edx, [esp + 8]
    push ebp
    push ebx
    push esi
    push edi
    mov [eax], esp
    mov esp, edx
    pop edi
    pop esi
    pop ebx
    pop ebp
    ret

section .note.GNU-stack noalloc noexec nowrite progbits
