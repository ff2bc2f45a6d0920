; h_cs_end_cross.asm -- hostile guest: an instruction that straddles the end
; of its code segment.  3000:FFFF holds CDh (INT), its vector byte would be
; at 3000:10000h.  A 386 raises #GP on fetching that byte (IP = FFFFh); QEMU
; reads linear 40000h and raises #GP for the INT (IOPL 0), also at IP = FFFFh.
; The monitor decodes from 3000:FFFF, sees the instruction does not fit, and
; ends VM 1 with
;   "instruction crosses the end of the code segment at 3000:ffff"
%include "guest.inc"

main:
        push    word 3000h
        pop     es
        mov     byte [es:0FFFFh], 0CDh  ; int ...
        mov     byte [es:0], 61h        ; ... 61h if IP wrapped (8086)
        push    word 4000h
        pop     es
        mov     byte [es:0], 61h        ; ... 61h at linear 40000h (QEMU)
        push    cs
        pop     es
        PRINTLN "jumping to 3000:FFFF"
        jmp     3000h:0FFFFh
