; h_cs_end_far32_hma.asm -- hostile guest: a 32-bit far jump (66h EAh) to
; FFFF:00010010: the last segment of the address space, with an offset past
; its 64 KB limit (linear 110000h, just beyond the HMA and the VM).  A 386
; raises #GP for the fetch (EIP = 10010h); QEMU does not check the limit and
; takes a page fault outside the VM's memory.  Either way the monitor ends
; VM 1 with
;   "execution past the end of the code segment at ffff:10010"
; (and not with a page fault at a truncated IP).
%include "guest.inc"

main:
        cli
        in      al, 92h                 ; A20 on: FFFF:xxxx is the HMA
        or      al, 02h
        and     al, 0FEh
        out     92h, al
        PRINTLN "jumping to FFFF:00010010"
        db      66h, 0EAh               ; jmp dword far FFFF:00010010
        dd      00010010h
        dw      0FFFFh
