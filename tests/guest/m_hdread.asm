; m_hdread.asm -- several VMs read the real BIOS hard disk (drive 80h) at
; the same time: each INT 13h runs inside the critical section, so every
; read succeeds.  A VM other than VM 1 asking for a BIOS floppy drive
; without a module disk (B:) is refused with "drive not ready" (80h).
%include "guest.inc"
%include "vmmapi.inc"
main:   mov     si, 40
.l:     mov     ax, 0201h
        mov     cx, 0001h
        mov     dx, 0080h
        push    cs
        pop     es
        mov     bx, buf
        mov     word [buf + 510], 0
        int     13h
        jc      .bad
        cmp     word [buf + 510], 0AA55h
        jne     .bad
        dec     si
        jnz     .l
        PASS    "hd_reads"
        ; which VM are we?
        call    vmm_api_init
        mov     ah, 0
        call    far [cs:vmm_api]
        cmp     bx, 1
        je      .done
        mov     ax, 0201h
        mov     cx, 0001h
        mov     dx, 0001h               ; B:
        push    cs
        pop     es
        mov     bx, buf
        int     13h
        jnc     .nref
        cmp     ah, 80h
        jne     .nref
        PASS    "floppy_refused"
        jmp     .done
.nref:  FAIL    "floppy_refused"
.done:  EXIT
.bad:   FAIL    "hd_reads"
        EXIT
buf:    times 512 db 0
