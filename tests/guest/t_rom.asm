; t_rom.asm -- the BIOS ROM is read-only: writes to F000:FFF0 (the reset
; vector, a far jump EAh) are dropped, whether done by MOV byte/word or
; REP STOSB.
%include "guest.inc"

main:
        push    word 0F000h
        pop     es
        ; keep the original 16 bytes
        mov     si, 0FFF0h
        mov     di, orig
        mov     cx, 16
.save:  mov     al, [es:si]
        mov     [di], al
        inc     si
        inc     di
        loop    .save
        mov     al, [orig]
        xor     ah, ah
        EXPECT  "rom_resetvec", 0EAh

        ; byte write
        mov     al, [orig]
        not     al
        mov     [es:0FFF0h], al
        call    compare
        EXPECT  "rom_write_byte", 0
        ; word write
        mov     ax, [orig+2]
        not     ax
        mov     [es:0FFF2h], ax
        call    compare
        EXPECT  "rom_write_word", 0
        ; string write
        cld
        mov     di, 0FFF4h
        mov     al, 0CCh
        mov     cx, 8
        rep     stosb
        call    compare
        EXPECT  "rom_write_string", 0
        push    cs
        pop     es
        EXIT

; compare: AX = number of bytes of F000:FFF0..FFFF that differ from orig
compare:
        push    si
        push    cx
        xor     ax, ax
        mov     si, 0FFF0h
        mov     cx, 16
.c:     mov     dl, [es:si]
        cmp     dl, [si - 0FFF0h + orig]
        je      .s
        inc     ax
.s:     inc     si
        loop    .c
        pop     cx
        pop     si
        ret

orig    times 16 db 0
