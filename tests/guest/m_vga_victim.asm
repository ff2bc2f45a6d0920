; m_vga_victim.asm -- the focus VM in graphics mode 13h: a pattern in video
; memory (A000:0000, 256 bytes) and the VGA's sequencer map mask (03C4h
; index 2, 0Fh in mode 13h).  While a background VM (m_vga_vandal) writes
; video memory and the VGA's registers, both must stay as this VM left them.
%include "guest.inc"

main:   sti
        mov     ax, 0013h
        int     10h
        push    word 0A000h
        pop     es
        xor     di, di
        mov     cx, 256
.fill:  mov     al, cl
        xor     al, 5Ah
        stosb
        loop    .fill
        PRINTLN "victim ready"
        mov     cx, 12                  ; the vandal works meanwhile
        call    wait_ticks
        xor     di, di
        mov     cx, 256
        xor     bx, bx                  ; bytes changed
.chk:   mov     al, cl
        xor     al, 5Ah
        cmp     [es:di], al
        je      .same
        inc     bx
.same:  inc     di
        loop    .chk
        mov     ax, bx
        EXPECT  "video_memory_kept", 0
        mov     dx, 3C4h
        mov     al, 2
        out     dx, al
        inc     dx
        in      al, dx
        and     ax, 0Fh
        EXPECT  "map_mask_kept", 0Fh
        mov     ax, 0003h
        int     10h
        EXIT
