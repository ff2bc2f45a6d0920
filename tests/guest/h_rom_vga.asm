; h_rom_vga.asm -- hostile guest: writes into the video BIOS ROM at
; C000:0000 (55 AAh, its size byte, its entry jump) are dropped, whether done
; by MOV byte/word/dword or REP STOSB, as on the real machine.
%include "guest.inc"

main:
        push    word 0C000h
        pop     es
        xor     si, si                  ; keep the original 16 bytes
        mov     di, orig
        mov     cx, 16
.save:  mov     al, [es:si]
        mov     [di], al
        inc     si
        inc     di
        loop    .save
        mov     ax, [orig]
        EXPECT  "vgarom_signature", 0AA55h

        mov     al, [orig]
        not     al
        mov     [es:0], al
        call    compare
        EXPECT  "vgarom_write_byte", 0
        mov     ax, [orig+2]
        not     ax
        mov     [es:2], ax
        call    compare
        EXPECT  "vgarom_write_word", 0
        mov     eax, [orig+4]
        not     eax
        mov     [es:4], eax
        call    compare
        EXPECT  "vgarom_write_dword", 0
        cld
        mov     di, 8
        mov     al, 0CCh
        mov     cx, 8
        rep     stosb
        call    compare
        EXPECT  "vgarom_write_string", 0
        push    cs
        pop     es
        EXIT

; compare: AX = number of bytes of C000:0000..000F that differ from orig
compare:
        push    si
        push    cx
        push    dx
        xor     ax, ax
        xor     si, si
        mov     cx, 16
.c:     mov     dl, [es:si]
        cmp     dl, [si + orig]
        je      .s
        inc     ax
.s:     inc     si
        loop    .c
        pop     dx
        pop     cx
        pop     si
        ret

orig    times 16 db 0
