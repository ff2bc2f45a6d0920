; t_flags.asm -- the flag images a guest sees after CLI/STI/PUSHF/POPF/IRET in
; their 16- and 32-bit (66h) forms.  Under vmm386 these instructions trap
; (IOPL 0) and are emulated on a virtual IF: the output must be identical to
; bare real mode, line for line (the "INFO" lines record raw flag images).
%include "guest.inc"

IF_BIT  equ 0200h

; GETF -> AX = FLAGS (16-bit PUSHF)
%macro GETF 0
        pushf
        pop     ax
%endmacro

main:
        ; ---- CLI / STI, seen through 16-bit PUSHF
        cli
        GETF
        and     ax, IF_BIT
        EXPECT  "cli_if0", 0
        sti
        GETF
        and     ax, IF_BIT
        EXPECT  "sti_if1", IF_BIT

        ; ---- cli; pushf; sti; popf -> IF clear again
        cli
        pushf
        sti
        popf
        GETF
        and     ax, IF_BIT
        EXPECT  "popf_restores_if0", 0
        ; sti; pushf; cli; popf -> IF set again
        sti
        pushf
        cli
        popf
        GETF
        and     ax, IF_BIT
        EXPECT  "popf_restores_if1", IF_BIT

        ; ---- POPF of an image with IF set enables, with IF clear disables
        cli
        push    word 0202h
        popf
        GETF
        and     ax, IF_BIT
        EXPECT  "popf_sets_if", IF_BIT
        push    word 0002h
        popf
        GETF
        and     ax, IF_BIT
        EXPECT  "popf_clears_if", 0

        ; ---- IRET restores IF from the frame
        cli
        push    word 0202h              ; FLAGS
        push    cs
        push    word .iret1
        iret
.iret1: GETF
        and     ax, IF_BIT
        EXPECT  "iret_if1", IF_BIT
        sti
        push    word 0002h
        push    cs
        push    word .iret0
        iret
.iret0: GETF
        and     ax, IF_BIT
        EXPECT  "iret_if0", 0

        ; ---- IRETD (66 CF) with a 32-bit frame
        cli
        push    dword 00000202h         ; EFLAGS
        push    dword 0                 ; CS (zero-extended)
        mov     bp, sp
        mov     [bp], cs
        push    dword .iretd1           ; EIP
        o32 iret
.iretd1:
        GETF
        and     ax, IF_BIT
        EXPECT  "iretd_if1", IF_BIT
        mov     ax, sp
        EXPECT  "iretd_sp", 0FFFEh
        sti
        push    dword 00000002h
        push    dword 0
        mov     bp, sp
        mov     [bp], cs
        push    dword .iretd0
        o32 iret
.iretd0:
        GETF
        and     ax, IF_BIT
        EXPECT  "iretd_if0", 0

        ; ---- PUSHFD: bits 16-31 read 0 (no VM, no RF), IF follows STI/CLI
        sti
        pushfd
        pop     eax
        mov     [fl32], eax
        shr     eax, 16
        EXPECT  "pushfd_high", 0
        mov     eax, [fl32]
        and     eax, IF_BIT
        EXPECTD "pushfd_if1", IF_BIT
        cli
        pushfd
        pop     eax
        and     eax, IF_BIT
        EXPECTD "pushfd_if0", 0

        ; ---- POPFD: IF from the image; VM (bit 17) and RF (bit 16) not settable
        cli
        push    dword 00030202h
        popfd
        pushfd
        pop     eax
        mov     [fl32], eax
        and     eax, IF_BIT
        EXPECTD "popfd_sets_if", IF_BIT
        mov     eax, [fl32]
        shr     eax, 16
        EXPECT  "popfd_vm_rf_ignored", 0
        push    dword 00000002h
        popfd
        pushfd
        pop     eax
        and     eax, IF_BIT
        EXPECTD "popfd_clears_if", 0

        ; ---- IOPL / NT (bits 12-15) after POPF: real mode shows them as written
        push    word 7202h              ; NT=1, IOPL=3, IF=1
        popf
        GETF
        mov     [fl16], ax
        PRINT   "INFO popf 7202 -> "
        call    puthex16
        call    newline
        mov     ax, [fl16]
        shr     ax, 12
        EXPECT  "popf_iopl3_nt", 7
        push    word 0F202h             ; bit 15 too
        popf
        GETF
        PRINT   "INFO popf F202 -> "
        call    puthex16
        call    newline
        push    word 0202h              ; back to IOPL 0, NT 0
        popf
        GETF
        shr     ax, 12
        EXPECT  "popf_iopl0", 0
        ; 32-bit form
        push    dword 00007202h
        popfd
        pushfd
        pop     eax
        PRINT   "INFO popfd 00007202 -> "
        call    puthex32
        call    newline
        shr     eax, 12
        EXPECTD "popfd_iopl3_nt", 7
        ; IRET can set IOPL/NT too
        push    word 3202h              ; IOPL=3
        push    cs
        push    word .iret3
        iret
.iret3: GETF
        shr     ax, 12
        EXPECT  "iret_iopl3", 3
        push    word 0202h
        popf

        ; ---- all writable low flags: FEFF (no TF) -> reserved bits fixed
        push    word 0FEFFh
        popf
        GETF
        push    ax
        push    word 0202h
        popf
        cld
        pop     ax
        PRINT   "INFO popf FEFF -> "
        call    puthex16
        call    newline
        ; arithmetic flags, DF, IF, IOPL, NT written; bit 1 set; bits 3, 5, 15 clear
        and     ax, 0FFFh
        EXPECT  "popf_all", 0ED7h
        push    word 0000h
        popf
        GETF
        push    ax
        push    word 0202h
        popf
        pop     ax
        EXPECT  "popf_zero", 0002h

        ; ---- interrupts enabled at the end; IF=1 survives an INT/IRET
        SETVEC  61h, int61, old61
        sti
        int     61h
        GETF
        and     ax, IF_BIT
        EXPECT  "int_iret_if1", IF_BIT
        mov     ax, [in61]
        and     ax, IF_BIT
        EXPECT  "int_clears_if", 0
        RESTVEC 61h, old61
        EXIT

int61:  push    ax
        pushf
        pop     ax
        mov     [cs:in61], ax
        pop     ax
        iret

old61   dd 0
in61    dw 0FFFFh

fl16    dw 0
fl32    dd 0
