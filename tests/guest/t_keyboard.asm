; t_keyboard.asm -- INT 16h keyboard input.  Prints "ready", then the test
; types a, shift-a and Enter through the QEMU monitor; each key read with
; INT 16h AH=00h is printed as "key: AA SS" (ASCII, scan code, hex).
%include "guest.inc"

main:
        sti
        ; nothing typed yet: AH=01h reports an empty buffer (ZF=1)
        mov     ah, 01h
        int     16h
        PASS_IF z, "kbd_empty"
        PRINTLN "ready"

        ; wait (STI + HLT) until AH=01h sees the first key
.poll:  mov     ah, 01h
        int     16h
        jnz     .avail
        hlt
        jmp     .poll
.avail: mov     [peek], ax
        ; AH=00h returns the same key and removes it
        xor     ah, ah
        int     16h
        call    show
        cmp     ax, [peek]
        PASS_IF e, "kbd_peek"

        mov     cx, 2
.more:  xor     ah, ah
        int     16h
        call    show
        loop    .more
        EXIT

show:   PRINT   "key: "
        call    puthex8
        PRINT   " "
        xchg    al, ah
        call    puthex8
        xchg    al, ah
        jmp     newline

peek    dw 0
