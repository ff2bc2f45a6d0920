; t_a20.asm -- the A20 gate.  With A20 off, a byte written at FFFF:0010
; (linear 100000h) appears at 0000:0000; with A20 on it does not.  A20 is
; switched through port 92h (bit 1, read back), through the keyboard
; controller (64h <- D1h, 60h <- DFh on / DDh off; D0h reads the output port
; back) and through INT 15h AX=2400h/2401h/2402h.  The state is restored.
%include "guest.inc"
%include "kbc.inc"

main:
        cli
        in      al, 92h
        mov     [p92], al
        call    a20_on
        mov     [was_on], al
        sti
        PRINTHEX "INFO port92", [p92]

        ; ---- port 92h
        cli
        mov     al, [p92]
        and     al, 0FCh                ; A20 off (never set bit 0: reset)
        out     92h, al
        in      al, 92h
        and     ax, 2
        EXPECT  "p92_off_readback", 0
        call    a20_on
        xor     ah, ah
        EXPECT  "p92_off_wraps", 0
        in      al, 92h
        and     al, 0FEh
        or      al, 2                   ; A20 on
        out     92h, al
        in      al, 92h
        and     ax, 2
        EXPECT  "p92_on_readback", 2
        call    a20_on
        xor     ah, ah
        EXPECT  "p92_on_nowrap", 1
        sti

        ; ---- keyboard controller (with port 92h's A20 bit clear)
        cli
        in      al, 92h
        and     al, 0FCh
        out     92h, al
        mov     ah, 0DFh                ; on
        call    kbc_write_outport
        call    a20_on
        xor     ah, ah
        EXPECT  "kbc_on_nowrap", 1
        call    kbc_read_outport
        and     ax, 2
        EXPECT  "kbc_on_readback", 2
        mov     ah, 0DDh                ; off
        call    kbc_write_outport
        call    a20_on
        xor     ah, ah
        EXPECT  "kbc_off_wraps", 0
        call    kbc_read_outport
        and     ax, 2
        EXPECT  "kbc_off_readback", 0
        ; leave the KBC's A20 off and port 92h's on: INT 15h 24xx may work
        ; through port 92h alone (SeaBIOS does), which then decides the gate
        ; whether the two sources are ORed (PC hardware) or the last write wins (QEMU)
        in      al, 92h
        and     al, 0FEh
        or      al, 2
        out     92h, al
        sti

        ; ---- INT 15h AX=2400h (off) / 2401h (on) / 2402h (status)
        mov     ax, 2400h
        int     15h
        jc      .bios_fail
        call    a20_on
        xor     ah, ah
        EXPECT  "int15_2400_wraps", 0
        mov     ax, 2402h
        int     15h
        jc      .bios_fail
        xor     ah, ah
        EXPECT  "int15_2402_off", 0
        mov     ax, 2401h
        int     15h
        jc      .bios_fail
        call    a20_on
        xor     ah, ah
        EXPECT  "int15_2401_nowrap", 1
        mov     ax, 2402h
        int     15h
        jc      .bios_fail
        xor     ah, ah
        EXPECT  "int15_2402_on", 1
        jmp     .restore
.bios_fail:
        FAIL    "int15_24xx", "carry set"
        PRINTHEX "INFO ax", ax

.restore:
        ; ---- restore: KBC on, port 92h as found
        cli
        mov     ah, 0DFh
        call    kbc_write_outport
        mov     al, [p92]
        and     al, 0FEh
        out     92h, al
        call    a20_on
        sti
        cmp     al, [was_on]
        PASS_IF e, "a20_restored"
        EXIT

; a20_on: AL = 1 if A20 is on (FFFF:0010 and 0000:0000 are different bytes),
; 0 if memory wraps at 1 MB.  Both bytes are restored.
a20_on:
        push    ds
        push    es
        push    bx
        pushf
        cli
        xor     bx, bx
        mov     ds, bx
        dec     bx
        mov     es, bx                  ; FFFFh
        mov     bl, [0]
        mov     bh, [es:10h]
        mov     byte [0], 5Ah
        mov     byte [es:10h], 0A5h
        mov     al, [0]
        cmp     al, 0A5h
        mov     al, 1
        jne     .on
        mov     al, 0
.on:    mov     [es:10h], bh
        mov     [0], bl                 ; last: wins when both are the same byte
        popf
        pop     bx
        pop     es
        pop     ds
        ret

; kbc_write_outport: AH = new output port value (command D1h)
kbc_write_outport:
        push    ax
        call    kbc_wait_in
        mov     al, 0D1h
        out     64h, al
        call    kbc_wait_in
        mov     al, ah
        out     60h, al
        call    kbc_wait_in
        pop     ax
        ret

; kbc_read_outport: AL = output port (command D0h), AH = 0
kbc_read_outport:
        call    kbc_wait_in
        mov     al, 0D0h
        out     64h, al
        call    kbc_wait_out
        in      al, 60h
        xor     ah, ah
        ret

p92     db 0, 0
was_on  db 0
