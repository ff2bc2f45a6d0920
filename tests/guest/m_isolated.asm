; m_isolated.asm -- its memory is its own: a pattern written over 2000:0000
; - 8FFF:FFFF (448 KB) is still there after other VMs ran for a second
; (m_scribble writes all of its memory meanwhile).
%include "guest.inc"

PATTERN equ 3C5Ah

main:
        mov     dx, 2000h
.fill:  mov     es, dx
        xor     di, di
        mov     cx, 8000h
        mov     ax, PATTERN
        cld
        rep     stosw
        add     dx, 1000h
        cmp     dx, 9000h
        jb      .fill
        PRINTLN "pattern written"
        mov     cx, 18
        call    wait_ticks
        mov     dx, 2000h
.chk:   mov     es, dx
        xor     di, di
        mov     cx, 8000h
        mov     ax, PATTERN
        repe    scasw
        jne     .bad
        add     dx, 1000h
        cmp     dx, 9000h
        jb      .chk
        ; and the BIOS data area still counts our ticks
        PASS    "isolated"
        EXIT
.bad:   FAIL    "isolated", "pattern changed"
        EXIT
