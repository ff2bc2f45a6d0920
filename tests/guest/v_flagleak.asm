; v_flagleak.asm -- the monitor's safe mask on EFLAGS (issue 11).  The test
; VxD FLAGLEAK (tests/vxd/flagleak.c, device 7E07h) plants IOPL=3, NT, RF,
; reserved bits and a cleared real IF in the client's saved EFLAGS, as an
; emulator that leaves odd bits behind would.  Back in V86 mode the VM must
; still see its own flags: PUSHF shows its IOPL (0), its IF and NT=0; CLI and
; STI still go to the monitor; the timer still interrupts it.
%include "guest.inc"
%include "vxdapi.inc"

FLAGLEAK_ID     equ 7E07h

main:
        mov     bx, FLAGLEAK_ID
        call    get_entry
        mov     ax, cx
        or      ax, dx
        jnz     .found
        FAIL    "flagleak_entry"
        EXIT
.found:
        mov     [cs:vxd], dx
        mov     [cs:vxd+2], cx
        PASS    "flagleak_entry"

        ; 1. virtual IF off: after the planted return PUSHF shows IF=0,
        ;    IOPL=0, NT=0 (a leak shows the real IF=1... or IOPL=3)
        cli
        VXD     0
        pushf
        pop     ax
        and     ax, 7200h               ; NT, IOPL, IF
        EXPECT  "flagleak_cli_image", 0000h

        ; 2. CLI/STI still trap: STI, then PUSHFD shows IF=1, IOPL=0, NT=0, no RF
        sti
        pushfd
        pop     eax
        and     eax, 00017200h
        EXPECTD "flagleak_sti_image", 00000200h

        ; 3. with interrupts on, plant again: the timer must still tick
        ;    without HLT (a real IF=0 would mask IRQ 0 while the VM runs)
        VXD     0
        call    get_ticks
        mov     bx, ax
        mov     ecx, 40000000h
.spin:  call    get_ticks
        cmp     ax, bx
        jne     .ticked
        a32 loop .spin
        FAIL    "flagleak_timer_ticks"
        jmp     .after
.ticked:
        PASS    "flagleak_timer_ticks"
.after:
        pushf
        pop     ax
        and     ax, 7200h
        EXPECT  "flagleak_sti_image2", 0200h
        EXIT

vxd     dd 0
