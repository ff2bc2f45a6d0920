; xmsdos.asm -- the DOS side of docs/examples/xmsready.c: what DOS does
; before it runs the shell, in miniature.  A tiny XMS driver (INT 2Fh
; AX=4300h/4310h, an entry starting with EB 03 90 90 90 like HIMEM.SYS's),
; an INT 21h handler, then INT 21h AX=4B00h (EXEC) -- where vmm386 sends
; VMM386_DOS_Ready -- and two XMS calls.  A test guest, not a DOS program:
; see hellodos.asm for how it is built and booted.
%include "guest.inc"

main:
        SETVEC  2Fh, int2f, old2f
        SETVEC  21h, int21, old21
        PRINT   "XMS driver entry "
        mov     ax, cs
        call    puthex16
        mov     al, ':'
        call    putc
        mov     ax, xms_entry
        call    puthex16
        call    newline
        PRINTLN "EXEC"
        mov     ax, 4B00h               ; DOS runs COMMAND.COM: DOS is up
        int     21h
        mov     word [xms], xms_entry   ; (a program would ask INT 2Fh AX=4310h)
        mov     [xms + 2], cs
        mov     ah, 00h                 ; get version
        call    far [xms]
        PRINT   "XMS version "
        call    puthex16
        call    newline
        mov     ah, 08h                 ; query free extended memory
        call    far [xms]
        PRINT   "XMS free "
        call    puthex16
        call    newline
        RESTVEC 21h, old21
        RESTVEC 2Fh, old2f
        mov     al, 0
        jmp     exit

int21:  iret                            ; "DOS": EXEC does nothing here

int2f:  cmp     ax, 4300h
        jne     .entry
        mov     al, 80h                 ; installed
        iret
.entry: cmp     ax, 4310h
        jne     .other
        push    cs
        pop     es
        mov     bx, xms_entry
        iret
.other: jmp     far [cs:old2f]

xms_entry:
        jmp     short .go               ; EB 03, then three NOPs
        nop
        nop
        nop
.go:    cmp     ah, 00h
        jne     .free
        mov     ax, 0300h
        retf
.free:  mov     ax, 0F00h
        mov     dx, 0F00h
        retf

align 4
xms     dd 0
old2f   dd 0
old21   dd 0
