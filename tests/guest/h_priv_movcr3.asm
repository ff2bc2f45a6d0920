; h_priv_movcr3.asm -- hostile guest: MOV CR3,EAX in V86 mode.
; The CPU raises #GP(0) (a privileged instruction at CPL 3); the monitor decodes
; it and ends VM 1: "VM 1 terminated: privileged instruction MOV CRn at CS:IP".
; The guest prints "AT cs:ip" of the instruction first so the test can build
; the exact line.  INT 6 is hooked: a #UD would show up as a FAIL line.
%include "guest.inc"

main:
        SETVEC  6, on_ud, old6
        xor     eax, eax                ; harmless operands if it ever ran
        xor     ecx, ecx
        xor     edx, edx
        mov     ax, insn
        call    print_at
        xor     ax, ax
insn:   mov     cr3, eax
        FAIL    "priv_movcr3", "executed"
        EXIT

; print_at: AX = offset; prints "AT <cs>:<offset>"
print_at:
        push    ax
        PRINT   "AT "
        mov     ax, cs
        call    puthex16
        PRINT   ":"
        pop     ax
        call    puthex16
        jmp     newline

on_ud:  FAIL    "priv_movcr3", "raised #UD"
        EXIT

old6    dd 0
gdtr    dw 0, 0, 0                      ; an empty table: never loaded
