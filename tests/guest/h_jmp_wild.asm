; h_jmp_wild.asm -- hostile guest: a wild far jump to 5000:0000 (FF FFh there, an invalid opcode)
; with the BIOS's default INT 6 handler, an IRET.
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
        jmp     5000h:0
        FAIL    "jmp_wild", "survived"
        EXIT

target  dw 0, 0
