; h_ports.asm -- hostile guest: I/O to odd ports.  The VM survives all of it.
;   - byte/word/dword IN and OUT at port 1234h (nothing there)
;   - port FFFFh: byte, word (wraps past FFFFh) and a dword at FFFEh
;   - a dword OUT at port 1Eh: on a PC its bytes go to ports 1Eh, 1Fh, 20h and
;     21h, so the top byte is an OCW1 for the PIC.  The monitor must split it
;     and give the PIC bytes to the VM's virtual PIC, never pass the dword
;     through to the real PIC (whose mask would silence the VMM's clock).
;     "INFO pic_via_1e XX want YY" records the virtual IMR read back; QEMU
;     itself drops the bytes past the first port, so bare QEMU differs.
;   - a word IN at port 1Fh: the high byte is the PIC's IRR, virtual too
;   - word OUTs at port 3F7h whose high bytes spell a fake log line for COM1
;     (3F8h), the VMM's own serial log: they must not appear there
;   - PCI configuration dwords at CF8h/CFCh still work, also with an address
;     whose second byte has the CF9h reset bit (06h): not a reset
; Afterwards the timer still ticks.
%include "guest.inc"

main:
        ; ---- nothing at 1234h
        mov     dx, 1234h
        mov     al, 5Ah
        out     dx, al
        mov     ax, 5A5Ah
        out     dx, ax
        mov     eax, 5A5A5A5Ah
        out     dx, eax
        in      al, dx
        in      ax, dx
        in      eax, dx
        PASS    "port_1234"

        ; ---- port FFFFh, and accesses running past it
        mov     dx, 0FFFFh
        in      al, dx
        out     dx, al
        in      ax, dx
        mov     ax, 0
        out     dx, ax
        dec     dx
        in      eax, dx
        PASS    "port_ffff_wrap"

        ; ---- dword OUT at 1Eh: bytes for 1Eh, 1Fh, 20h (OCW3 "read IRR",
        ; harmless) and 21h (a new mask: IRQ 5 toggled)
        cli
        in      al, 21h
        mov     [mask], al
        mov     bl, al
        xor     bl, 20h                 ; IRQ 5 (nothing there) toggled
        mov     [want], bl
        xor     eax, eax
        mov     al, bl
        shl     eax, 24
        or      eax, 000A0000h
        mov     dx, 1Eh
        out     dx, eax
        in      al, 21h
        PRINT   "INFO pic_via_1e "
        call    puthex8
        PRINT   " want "
        mov     al, [want]
        call    puthex8
        call    newline
        mov     al, [mask]              ; put the mask back
        out     21h, al
        sti

        ; ---- word IN at 1Fh: the high byte is port 20h (IRR)
        mov     dx, 1Fh
        in      ax, dx
        PASS    "port_1f_word_in"

        ; ---- word OUTs at 3F7h: high bytes to COM1's data port
        mov     si, spoof
.sp:    mov     ah, [si]
        or      ah, ah
        jz      .spd
        xor     al, al                  ; 3F7h: floppy data rate 500 kb/s
        mov     dx, 3F7h
        out     dx, ax
        inc     si
        jmp     .sp
.spd:   PASS    "port_3f7_word_out"

        ; ---- PCI configuration: host bridge ID, and a reset-looking address
        mov     dx, 0CF8h
        mov     eax, 80000000h          ; bus 0, device 0, function 0, reg 0
        out     dx, eax
        mov     dx, 0CFCh
        in      eax, dx
        PRINT   "INFO pci 00:00.0 id "
        call    puthex32
        call    newline
        mov     dx, 0CF8h
        mov     eax, 80000600h          ; device 0 function 6: byte 1 = 06h
        out     dx, eax
        mov     dx, 0CFCh
        in      eax, dx
        mov     dx, 0CF8h
        xor     eax, eax
        out     dx, eax
        PASS    "pci_dword_not_reset"

        ; ---- and the clock still runs
        mov     cx, 2
        call    wait_ticks
        PASS    "ports_ticks_after"
        EXIT

mask    db 0
want    db 0
spoof   db 10, "SPOOFED LOG LINE", 10, 0
