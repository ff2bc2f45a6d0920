; t_int15.asm -- INT 15h AH=88h (extended memory size in KB) and AH=87h
; (block move through a GDT built as the BIOS requires): 512 bytes are
; copied to linear 200000h and back into another buffer, then compared;
; then to the HMA and back with A20 off (the move must reach the HMA, not
; its wrap, and leave the gate off).
%include "guest.inc"

DEST    equ 200000h
HMA_DEST equ 10C000h                    ; FFFF:C010; with A20 off it wraps to 0:C000

main:
        ; ---- AH=88h
        mov     ah, 88h
        clc
        int     15h
        jc      .f88
        mov     [extkb], ax
        PRINTHEX "INFO extkb", ax
        cmp     ax, 0
        PASS_IF ne, "int15_88_nonzero"
        ; 200000h + 512 must be inside extended memory (1 MB + ext KB)
        cmp     word [extkb], 1024 + 1
        PASS_IF ae, "int15_88_2mb"
        jmp     .move
.f88:   FAIL    "int15_88", "carry set"

.move:
        ; source pattern and a different destination buffer
        mov     cx, 512
        xor     bx, bx
.fill:  mov     al, bl
        xor     al, 5Ah
        mov     [bufa+bx], al
        mov     byte [bufb+bx], 0
        inc     bx
        loop    .fill

        ; bufa -> 200000h
        xor     eax, eax
        mov     ax, cs
        shl     eax, 4
        add     eax, bufa
        mov     ebx, DEST
        call    block_move
        jc      .f87
        EXPECT  "int15_87_to_ext", 0
        ; 200000h -> bufb
        xor     eax, eax
        mov     ax, cs
        shl     eax, 4
        add     eax, bufb
        mov     ebx, eax
        mov     eax, DEST
        call    block_move
        jc      .f87
        EXPECT  "int15_87_from_ext", 0
        ; compare
        mov     si, bufa
        mov     di, bufb
        mov     cx, 512
        cld
        repe    cmpsb
        PASS_IF e, "int15_87_data"

        ; ---- the HMA with A20 off: the move reaches the HMA itself (not
        ; its wrap onto 0:C000) and leaves the gate as it found it
        in      al, 92h
        and     al, ~3                  ; A20 off (and no reset)
        out     92h, al
        xor     ax, ax
        mov     es, ax
        mov     di, 0C000h
        mov     cx, 256
        cld
        rep     stosw                   ; 0:C000 (where the wrap would land) clear
        xor     eax, eax
        mov     ax, cs
        shl     eax, 4
        add     eax, bufa
        mov     ebx, HMA_DEST
        call    block_move
        jc      .f87
        EXPECT  "int15_87_to_hma", 0
        ; A20 still off: FFFF:0510 is 0000:0500 again
        xor     ax, ax
        mov     es, ax
        mov     byte [es:0500h], 5Ah
        mov     ax, 0FFFFh
        mov     es, ax
        cmp     byte [es:0510h], 5Ah
        PASS_IF e, "int15_87_a20_kept"
        ; nothing landed on the wrapped address
        xor     ax, ax
        mov     es, ax
        mov     di, 0C000h
        mov     cx, 256
        xor     ax, ax
        repe    scasw
        PASS_IF e, "int15_87_hma_not_wrapped"
        ; back from the HMA into bufb, A20 still off
        mov     di, bufb
        mov     cx, 512
        push    cs
        pop     es
        xor     al, al
        rep     stosb
        xor     eax, eax
        mov     ax, cs
        shl     eax, 4
        add     eax, bufb
        mov     ebx, eax
        mov     eax, HMA_DEST
        call    block_move
        jc      .f87
        mov     si, bufa
        mov     di, bufb
        mov     cx, 512
        cld
        repe    cmpsb
        PASS_IF e, "int15_87_hma_data"
        in      al, 92h
        or      al, 2                   ; A20 on again
        and     al, ~1
        out     92h, al
        jmp     .done
.f87:   FAIL    "int15_87", "carry set"
        PRINTHEX "INFO ax", ax
.done:
        EXIT

; block_move: EAX = source linear, EBX = destination linear, 256 words.
; Returns the BIOS's CF, and AX = the status the BIOS left in AH (0 = ok).
block_move:
        push    es
        push    si
        push    cx
        ; zero the 48-byte GDT
        push    eax
        mov     di, gdt
        mov     cx, 48 / 2
        xor     ax, ax
        push    cs
        pop     es
        cld
        rep     stosw
        pop     eax
        ; descriptor 2: source, 3: destination (limit FFFFh, access 93h)
        mov     word [gdt + 10h], 0FFFFh
        mov     [gdt + 12h], ax
        shr     eax, 16
        mov     [gdt + 14h], al
        mov     byte [gdt + 15h], 93h
        mov     [gdt + 17h], ah
        mov     eax, ebx
        mov     word [gdt + 18h], 0FFFFh
        mov     [gdt + 1Ah], ax
        shr     eax, 16
        mov     [gdt + 1Ch], al
        mov     byte [gdt + 1Dh], 93h
        mov     [gdt + 1Fh], ah
        mov     si, gdt
        mov     cx, 256                 ; words
        mov     ah, 87h
        int     15h
        movzx   ax, ah                  ; AX = status, CF kept
        pop     cx
        pop     si
        pop     es
        ret

extkb   dw 0
        align 8
gdt     times 48 db 0
bufa    times 512 db 0
bufb    times 512 db 0
