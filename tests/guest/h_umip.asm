; h_umip.asm -- hostile guest: SMSW, SGDT and SIDT are not privileged on a CPU
; without UMIP (CR4.UMIP is a 2017 feature), so in V86 mode they simply run and
; show the guest the VMM's state: SMSW reports PE=1 (bit 0), SGDT/SIDT the
; linear base and limit of the VMM's own GDT and IDT.  A known gap of every
; V86 monitor of the 386 era: the VM survives, and the values are printed
;   "INFO smsw XXXX", "INFO sgdt LLLL BBBBBBBB", "INFO sidt LLLL BBBBBBBB"
; plus "INFO pe 0|1", so the test can document what leaks.
%include "guest.inc"

main:
        smsw    ax
        mov     [msw], ax
        PRINTHEX "INFO smsw", ax
        and     ax, 1
        PRINTHEX "INFO pe", ax
        sgdt    [gdtr]
        PRINT   "INFO sgdt "
        mov     ax, [gdtr]
        call    puthex16
        PRINT   " "
        mov     eax, [gdtr+2]
        call    puthex32
        call    newline
        sidt    [idtr]
        PRINT   "INFO sidt "
        mov     ax, [idtr]
        call    puthex16
        PRINT   " "
        mov     eax, [idtr+2]
        call    puthex32
        call    newline
        ; the VM is still alive and its traps still work
        cli
        pushf
        pop     ax
        sti
        and     ax, 0200h
        EXPECT  "umip_alive", 0
        EXIT

msw     dw 0
gdtr    dw 0
        dd 0
idtr    dw 0
        dd 0
