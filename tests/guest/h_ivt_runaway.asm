; h_ivt_runaway.asm -- hostile guest: INT 61h through an IVT entry aimed at garbage (5000:0000 holds FF FFh,
; an invalid opcode) while INT 6 is still the BIOS's default handler, an IRET.
; The #UD is reflected to INT 6, whose IRET returns to the same instruction,
; which faults again: the runaway detector ends VM 1 with
;   "VM 1 terminated: exception 6 repeated 20000 times at 5000:0000"
; instead of looping forever.
%include "guest.inc"

main:
        push    word 5000h
        pop     es
        mov     word [es:0], 0FFFFh     ; ff ff: group 5 /7, invalid
        push    cs
        pop     es
        PRINTLN "going"
        push    ds
        xor     ax, ax
        mov     ds, ax
        mov     word [61h * 4], 0
        mov     word [61h * 4 + 2], 5000h
        pop     ds
        int     61h
        FAIL    "ivt_runaway", "survived"
        EXIT

target  dw 0, 0
