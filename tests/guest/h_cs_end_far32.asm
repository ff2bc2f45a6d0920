; h_cs_end_far32.asm -- hostile guest: a 32-bit far jump (66h EAh) to
; 3000:00010000, an offset past the 64 KB code segment.  A 386 raises #GP on
; the fetch (EIP = 10000h).  QEMU does not check the limit: it fetches linear
; 40000h, where this guest put a CLI, which traps with EIP = 10000h.  The
; monitor ends VM 1 with
;   "execution past the end of the code segment at 3000:10000"
; (code there that never traps is stopped at the next interrupt the same way).
%include "guest.inc"

main:
        push    word 4000h
        pop     es
        mov     byte [es:0], 0FAh       ; 4000:0000 = linear 3000:10000: cli
        mov     byte [es:1], 0F4h       ; hlt
        push    word 3000h
        pop     es
        mov     byte [es:0], 0F4h       ; 3000:0000 (a wrapped IP): hlt
        push    cs
        pop     es
        PRINTLN "jumping to 3000:00010000"
        db      66h, 0EAh               ; jmp dword far 3000:00010000
        dd      00010000h
        dw      3000h
