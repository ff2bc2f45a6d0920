; t_teletype.asm -- INT 10h AH=0Eh teletype output, checked by reading the
; characters back from video memory at the cursor's row (INT 10h AH=03h) and
; through INT 10h AH=08h (read character at cursor).
%include "guest.inc"

TEXT_LEN equ text_end - text

main:
        ; video mode: 3 (colour text, B800h) or 7 (mono, B000h)
        mov     ah, 0Fh
        int     10h
        mov     [mode], al
        mov     [page], bh
        mov     ah, 0
        cmp     al, 7
        jne     .colour
        mov     word [vseg], 0B000h
.colour:
        cmp     al, 3
        je      .mode_ok
        cmp     al, 7
        je      .mode_ok
        FAIL    "tty_mode", "not a text mode"
        jmp     .done
.mode_ok:
        PASS    "tty_mode"

        ; start a fresh line, then note the cursor
        mov     ax, 0E0Dh
        mov     bx, 0007h
        int     10h
        mov     ax, 0E0Ah
        int     10h
        mov     ah, 03h
        mov     bh, [page]
        int     10h
        mov     [row], dh
        movzx   ax, dl
        EXPECT  "tty_cursor_col0", 0

        ; print the text through the teletype
        mov     si, text
        mov     cx, TEXT_LEN
.out:   lodsb
        mov     ah, 0Eh
        mov     bx, 0007h
        int     10h
        loop    .out

        ; the cursor moved by the text's length on the same row
        mov     ah, 03h
        mov     bh, [page]
        int     10h
        movzx   ax, dl
        EXPECT  "tty_cursor_advance", TEXT_LEN
        mov     al, dh
        cmp     al, [row]
        PASS_IF e, "tty_cursor_row"

        ; read the row back from video memory:
        ; offset = page start (0040:004E) + (row * columns (0040:004A)) * 2
        push    ds
        push    word 40h
        pop     ds
        mov     bx, [4Eh]
        mov     ax, [4Ah]
        pop     ds
        movzx   cx, byte [row]
        mul     cx
        shl     ax, 1
        add     bx, ax
        mov     es, [vseg]
        mov     si, text
        mov     cx, TEXT_LEN
        xor     dx, dx                  ; mismatches
.cmp:   lodsb
        cmp     al, [es:bx]
        je      .same
        inc     dx
.same:  add     bx, 2
        loop    .cmp
        push    cs
        pop     es
        mov     ax, dx
        EXPECT  "tty_vram", 0

        ; INT 10h AH=08h at column 0 of the row reads the first character
        mov     ah, 02h
        mov     bh, [page]
        mov     dh, [row]
        mov     dl, 0
        int     10h
        mov     ah, 08h
        mov     bh, [page]
        int     10h
        xor     ah, ah
        EXPECT  "tty_readchar", 'v'
        ; put the cursor back after the text and end the line
        mov     ah, 02h
        mov     bh, [page]
        mov     dh, [row]
        mov     dl, TEXT_LEN
        int     10h
        mov     ax, 0E0Dh
        mov     bx, 0007h
        int     10h
        mov     ax, 0E0Ah
        int     10h
.done:
        EXIT

mode    db 0
page    db 0
row     db 0
vseg    dw 0B800h
text    db "vmm386 teletype test 0123456789"
text_end:
