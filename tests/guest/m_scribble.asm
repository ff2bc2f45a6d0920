; m_scribble.asm -- a VM writes all of its memory: conventional memory
; outside its own segment (IVT and BIOS data included), video memory, the
; UMA (ROM and RAM pages) and the HMA.  Nothing of it may reach another VM
; (m_isolated checks its memory while this runs).  With its IVT gone it
; cannot take interrupts, so it runs with IF=0 and ends through port F4h.
%include "guest.inc"

main:
        PRINTLN "scribbling"
        cli
        mov     dx, 0                   ; segment, in 64 KB steps
.seg:   cmp     dx, 1000h               ; our own code and stack
        je      .next
        mov     es, dx
        xor     di, di
        mov     cx, 8000h
        mov     ax, 0A5A5h
        cld
        rep     stosw
.next:  add     dx, 1000h
        cmp     dx, 0                   ; wrapped past F000h: done (ROM too)
        jne     .seg
        ; the HMA: FFFF:0010 onwards
        mov     ax, 0FFFFh
        mov     es, ax
        mov     di, 10h
        mov     cx, 7FF0h
        mov     ax, 0A5A5h
        rep     stosw
        PRINTLN "scribbled"
        mov     al, 0
        out     0F4h, al
.h:     jmp     .h
