; h_priv_wrmsr.asm -- hostile guest: WRMSR in V86 mode.
; The CPU raises #GP(0) (a privileged instruction at CPL 3); the monitor decodes
; it and ends VM 1: "VM 1 terminated: privileged instruction WRMSR at CS:IP".
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
insn:   db      0Fh, 30h              ; wrmsr (Pentium)
        FAIL    "priv_wrmsr", "executed"
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

on_ud:  FAIL    "priv_wrmsr", "raised #UD"
        EXIT

old6    dd 0
gdtr    dw 0, 0, 0                      ; an empty table: never loaded
