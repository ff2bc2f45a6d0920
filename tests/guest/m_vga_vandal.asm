; m_vga_vandal.asm -- hostile, in the background: for about half a second
; writes zeros over A000:0000 (256 bytes) and the VGA's registers (sequencer
; map mask 0, graphics controller read map and mode, attribute index, the
; adapter enable, the DAC's first entries), and reads them back.  Its writes must reach neither
; the focus VM's screen nor the VGA the focus VM programmed.
%include "guest.inc"

main:   sti
        push    word 0A000h
        pop     es
        mov     si, 10                  ; rounds, a tick apart
.round: xor     di, di
        xor     ax, ax
        mov     cx, 128
        rep     stosw
        mov     dx, 3C4h                ; sequencer: map mask 0
        mov     ax, 0002h
        out     dx, ax
        mov     dx, 3CEh                ; graphics controller: read map 3, mode 0
        mov     ax, 0304h
        out     dx, ax
        mov     ax, 0005h
        out     dx, ax
        mov     dx, 3DAh                ; attribute flip-flop, then index 0
        in      al, dx
        mov     dx, 3C0h
        xor     al, al
        out     dx, al
        mov     dx, 3C3h                ; the adapter off (on some VGAs)
        out     dx, al
        mov     dx, 3C8h                ; DAC entry 0: black
        out     dx, al
        inc     dx
        out     dx, al
        out     dx, al
        out     dx, al
        mov     dx, 3C4h
        mov     al, 2
        out     dx, al
        inc     dx
        in      al, dx
        mov     cx, 1
        call    wait_ticks
        dec     si
        jnz     .round
        PRINTLN "vandal done"
        EXIT
