; vxd_call_regs: call a DDK register-convention procedure from C.
; void vxd_call_regs(struct vxd_regs *r, const void *proc)
section .text
global vxd_call_regs
vxd_call_regs:
    push ebp
    push ebx
    push esi
    push edi
    mov eax, [esp + 20]             ; r
    push eax                        ; [esp+4] after the next push: r
    push dword [esp + 28]           ; [esp]: proc
    mov edi, [eax + 0]
    mov esi, [eax + 4]
    mov ebp, [eax + 8]
    mov ebx, [eax + 16]
    mov edx, [eax + 20]
    mov ecx, [eax + 24]
    mov eax, [eax + 28]
    call [esp]
    push eax                        ; the callee's EAX
    mov eax, [esp + 8]              ; r   (movs keep the callee's flags)
    mov [eax + 0], edi
    mov [eax + 4], esi
    mov [eax + 8], ebp
    mov [eax + 16], ebx
    mov [eax + 20], edx
    mov [eax + 24], ecx
    pushfd
    pop dword [eax + 32]
    cld                             ; what the VMM's C code relies on, whatever
    cli                             ; the callee did (callbacks/invoke.c names it)
    pop dword [eax + 28]
    add esp, 8
    pop edi
    pop esi
    pop ebx
    pop ebp
    ret

section .note.GNU-stack noalloc noexec nowrite progbits
