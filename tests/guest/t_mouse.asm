; t_mouse.asm -- a PS/2 mouse through the BIOS pointing-device services
; (INT 15h AX=C2xxh), as a DOS mouse driver uses it.  Initialises the mouse
; for 3-byte packets, installs a packet handler, enables it and prints
; "mouse ready"; the test moves the mouse through the QEMU monitor
; (mouse_move) and each packet the handler gets is printed as
; "packet: SS XX YY" (status, X, Y in hex).  Then the mouse is turned off.
%include "guest.inc"

NPACKETS equ 3

main:   sti
        mov     ax, 0C205h              ; initialise, 3-byte packets
        mov     bh, 3
        int     15h
        PASS_IF nc, "mouse_init"
        mov     ax, 0C207h              ; the packet handler: ES:BX
        push    cs
        pop     es
        mov     bx, handler
        int     15h
        PASS_IF nc, "mouse_handler"
        mov     ax, 0C200h              ; enable
        mov     bh, 1
        int     15h
        PASS_IF nc, "mouse_enable"
        PRINTLN "mouse ready"
        xor     si, si
.next:  cli
        cmp     si, [cs:count]
        jb      .show
        sti
        hlt
        jmp     .next
.show:  sti
        mov     bx, si
        shl     bx, 2
        PRINT   "packet: "
        mov     al, [cs:packets + bx]
        call    puthex8
        PRINT   " "
        mov     al, [cs:packets + bx + 1]
        call    puthex8
        PRINT   " "
        mov     al, [cs:packets + bx + 2]
        call    puthex8
        call    newline
        inc     si
        cmp     si, NPACKETS
        jb      .next
        mov     ax, 0C200h              ; disable
        mov     bh, 0
        int     15h
        PASS_IF nc, "mouse_disable"
        EXIT

; far-called by the BIOS with status, X, Y and 0 (words) on the stack
handler:
        push    bp
        mov     bp, sp
        push    ax
        push    bx
        mov     bx, [cs:count]
        cmp     bx, NPACKETS
        jae     .done
        shl     bx, 2
        mov     al, [bp + 12]           ; status
        mov     [cs:packets + bx], al
        mov     al, [bp + 10]           ; X
        mov     [cs:packets + bx + 1], al
        mov     al, [bp + 8]            ; Y
        mov     [cs:packets + bx + 2], al
        inc     word [cs:count]
.done:  pop     bx
        pop     ax
        pop     bp
        retf

count:   dw 0
packets: times NPACKETS * 4 db 0
