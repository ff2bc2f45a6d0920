; h_jmp_breakpage.asm -- hostile guest: a far jump into the VMM's break page (segment = BIOS memory
; size at 0040:0013 in KB * 64, the page the boot log names "V86 break page at
; ssss:0000") at offset 0000, the nested-execution return, with no nested
; execution outstanding.  The ARPL there is no VMM service for the guest: a
; plain invalid opcode.
; The #UD is reflected to INT 6, whose IRET returns to the same instruction,
; which faults again: the runaway detector ends VM 1 with
;   "VM 1 terminated: exception 6 repeated 20000 times at ssss:0000"
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
        push    word 40h
        pop     ds
        mov     ax, [13h]
        pop     ds
        shl     ax, 6
        mov     [target + 2], ax
        jmp     far [target]
        FAIL    "jmp_breakpage", "survived"
        EXIT

target  dw 0, 0
