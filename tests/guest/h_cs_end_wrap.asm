; h_cs_end_wrap.asm -- hostile guest: IP running off the end of a segment.
; 3000:FFFF holds a one-byte NOP; after it IP would be 10000h.  The 8086
; wrapped to 3000:0000; a 386 raises #GP on that fetch (the monitor would then
; end the VM: "execution past the end of the code segment at 3000:10000").
; QEMU TCG wraps like an 8086 (no #GP, nothing for the monitor to see), so
; under QEMU this guest survives and records where it went:
;   "INFO wrapped to 3000:0000" (8086 and QEMU) or "INFO ran to 4000:0000"
%include "guest.inc"

main:
        mov     [back_seg], cs          ; the blobs jump back to us
        mov     [back_seg2], cs
        push    word 3000h
        pop     es
        mov     byte [es:0FFFFh], 90h   ; nop at 3000:FFFF
        mov     di, 0
        mov     si, blob_wrap
        mov     cx, BLOB_LEN
        cld
        rep     movsb                   ; 3000:0000: the wrapped IP
        push    word 4000h
        pop     es
        mov     di, 0
        mov     si, blob_lin
        mov     cx, BLOB_LEN
        rep     movsb                   ; 4000:0000: linear 3000:10000
        push    cs
        pop     es
        PRINTLN "jumping to 3000:FFFF"
        jmp     3000h:0FFFFh
back:   PASS    "cs_end_wrap_survives"
        EXIT

; position-independent blobs: print and come back to 1000:back
blob_wrap:
        mov     al, 'W'
        jmp     short blob_tail
blob_tail:
        db      0EAh                    ; jmp far to print_back
        dw      print_back
back_seg dw     0
BLOB_LEN equ $ - blob_wrap
blob_lin:
        mov     al, 'L'
        jmp     short .t
.t:     db      0EAh
        dw      print_back
back_seg2 dw    0

print_back:
        cmp     al, 'W'
        jne     .lin
        PRINTLN "INFO wrapped to 3000:0000"
        jmp     back
.lin:   PRINTLN "INFO ran to 4000:0000"
        jmp     back
