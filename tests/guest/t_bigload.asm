; t_bigload.asm -- checks what the boot sector hands over: the entry
; registers (CS=DS=ES=SS=1000h, SP=FFFEh, DL = boot drive 00h) and a ~40 KB
; GUEST.BIN loaded completely (many FAT12 clusters; t_bigload_frag.img has it
; fragmented).
%include "guest.inc"

NWORDS  equ 20000                       ; 40000 bytes of pattern

main:
        ; save the entry registers before anything changes them
        mov     [cs:e_sp], sp
        mov     [cs:e_dx], dx
        mov     [cs:e_ss], ss
        mov     [cs:e_ds], ds
        mov     [cs:e_es], es
        mov     [cs:e_cs], cs

        mov     ax, [e_cs]
        EXPECT  "entry_cs", 1000h
        mov     ax, [e_ds]
        EXPECT  "entry_ds", 1000h
        mov     ax, [e_es]
        EXPECT  "entry_es", 1000h
        mov     ax, [e_ss]
        EXPECT  "entry_ss", 1000h
        mov     ax, [e_sp]
        EXPECT  "entry_sp", 0FFFEh
        movzx   ax, byte [e_dx]
        EXPECT  "entry_dl", 0

        ; every pattern word holds its own index
        mov     si, pattern
        xor     cx, cx
.chk:   lodsw
        cmp     ax, cx
        jne     .bad
        inc     cx
        cmp     cx, NWORDS
        jb      .chk
        PASS    "bigload_pattern"
        jmp     .tail
.bad:   FAIL    "bigload_pattern", "mismatch"
        PRINTHEX "at word", cx
.tail:
        mov     eax, [tail]
        EXPECTD "bigload_tail", 0DEADBEEFh
        EXIT

e_sp    dw 0
e_dx    dw 0
e_ss    dw 0
e_ds    dw 0
e_es    dw 0
e_cs    dw 0

        align 2
pattern:
%assign i 0
%rep NWORDS
        dw      i
%assign i i+1
%endrep
tail:   dd      0DEADBEEFh
