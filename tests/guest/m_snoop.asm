; m_snoop.asm -- a background VM trying to read the keys typed into another
; VM: it polls the keyboard controller (64h/60h) and the BIOS buffer
; (INT 16h AH=01h) for about 3 seconds, printing "snooped XX" for anything
; it finds, then "snoop done".  VKD gives it nothing: keys are the focus VM's.
%include "guest.inc"

main:   sti
        PRINTLN "snooping"
        mov     cx, 55                  ; BIOS ticks
.tick:  push    cx
        mov     cx, 2000
.poll:  in      al, 64h
        test    al, 1
        jz      .next
        in      al, 60h
        PRINT   "snooped "
        call    puthex8
        call    newline
.next:  loop    .poll
        mov     ah, 01h
        int     16h
        jz      .wait
        PRINT   "snooped key "
        call    puthex16
        call    newline
        xor     ah, ah
        int     16h
.wait:  mov     cx, 1
        call    wait_ticks
        pop     cx
        loop    .tick
        PRINTLN "snoop done"
        EXIT
