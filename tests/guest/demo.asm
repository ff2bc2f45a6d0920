; demo.asm -- the default guest of `make run`.
;
; Prints a banner, shows the BIOS tick count advancing (STI + HLT waits),
; then reads keys through INT 16h AH=00h forever, echoing each one on the
; screen and printing "key: <ascii hex> <scan hex>" on port E9h.
%include "guest.inc"

main:
        mov     byte [tty_echo], 1
        PRINTLN "vmm386 demo guest"
        mov     cx, 4
.ticks:
        PRINT   "ticks: "
        call    get_ticks
        call    puthex16
        call    newline
        push    cx
        mov     cx, 3
        call    wait_ticks
        pop     cx
        loop    .ticks

        PRINTLN "Press a key"
.key:
        xor     ah, ah
        int     16h
        mov     byte [tty_echo], 0      ; "key: AA SS" on E9 only
        PRINT   "key: "
        call    puthex8
        PRINT   " "
        xchg    al, ah
        call    puthex8
        xchg    al, ah
        call    newline
        ; echo the character on the screen (Enter starts a new line)
        mov     bx, 0007h
        cmp     al, 13
        jne     .echo
        mov     ah, 0Eh
        int     10h
        mov     al, 10
.echo:
        mov     ah, 0Eh
        int     10h
        jmp     .key
