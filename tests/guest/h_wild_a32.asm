; h_wild_a32.asm -- hostile guest: a 32-bit address (67h) aimed at the VMM.
; With DS=0, "mov [ebx], eax" and EBX = C0100000h would write the VMM's own
; code (linear C0100000h).  A 386 raises #GP (offset beyond the 64 KB limit);
; QEMU does not check the limit, and the VM's page tables map nothing there
; for CPL 3: a page fault.  The monitor ends VM 1 with
;   "page fault at linear c0100000, CS:IP"
; and nothing of the VMM is touched.  The guest prints "AT cs:ip" first.
%include "guest.inc"

main:
        mov     ax, insn
        PRINT   "AT "
        push    ax
        mov     ax, cs
        call    puthex16
        PRINT   ":"
        pop     ax
        call    puthex16
        call    newline
        xor     ax, ax
        mov     ds, ax
        mov     ebx, 0C0100000h
        mov     eax, 0DEADBEEFh
insn:   mov     [ebx], eax              ; 67 66 89 03
        push    cs
        pop     ds
        FAIL    "wild_a32", "survived"
        EXIT
