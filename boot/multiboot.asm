; Multiboot v1 entry.  GRUB (or QEMU -kernel) enters here in 32-bit protected
; mode with paging off, EAX = magic, EBX = physical address of the info block.
; We map the first 4 MiB both at 0 and at KERNEL_VMA, turn paging on, jump to
; the higher half and call kmain(magic, mbi_phys).  kmain replaces these
; boot page tables with the final ones and drops the identity map.

KERNEL_VMA  equ 0xC0000000
MB_MAGIC    equ 0x1BADB002
MB_FLAGS    equ 0x00000003          ; page-aligned modules, memory map
PTE_PW      equ 0x003               ; present | writable

section .multiboot
align 4
    dd MB_MAGIC
    dd MB_FLAGS
    dd -(MB_MAGIC + MB_FLAGS)

section .boot.text progbits alloc exec
global _start
extern kmain

BOOT_PT_COUNT equ 8                 ; 8 page tables: physical 0..32 MiB (BOOT_MAPPED in vmm/mem.h)

bits 32
_start:
    cli
    cld
    mov esi, eax                    ; keep magic and mbi across the setup
    mov edi, ebx
    ; boot_pt maps physical 0..BOOT_MAPPED (room for the kernel, the
    ; multiboot modules after it, and mem_init's first page tables)
    mov ecx, BOOT_PT_COUNT * 1024
    mov edx, boot_pt - KERNEL_VMA
    mov eax, PTE_PW
.fill:
    mov [edx], eax
    add eax, 0x1000
    add edx, 4
    loop .fill
    ; boot_pd: entries 0.. (identity) and 768.. (KERNEL_VMA) -> boot_pt
    mov edx, boot_pd - KERNEL_VMA
    mov eax, (boot_pt - KERNEL_VMA) + PTE_PW
    xor ecx, ecx
.pde:
    mov [edx + ecx * 4], eax
    mov [edx + (KERNEL_VMA >> 22) * 4 + ecx * 4], eax
    add eax, 0x1000
    inc ecx
    cmp ecx, BOOT_PT_COUNT
    jb .pde
    mov cr3, edx
    mov eax, cr0
    or eax, 0x80000000              ; PG
    mov cr0, eax
    lea eax, [.high]
    jmp eax
.high:
    mov esp, boot_stack_top
    xor ebp, ebp
    push edi                        ; mbi (physical)
    push esi                        ; magic
    call kmain
.hang:
    cli
    hlt
    jmp .hang

section .bss
align 4096
global boot_pd, boot_pt, boot_stack, boot_stack_top
boot_pd:    resb 4096
boot_pt:    resb 4096 * BOOT_PT_COUNT
boot_stack: resb 16384
boot_stack_top:

section .note.GNU-stack noalloc noexec nowrite progbits
