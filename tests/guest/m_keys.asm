; m_keys.asm -- a VM that echoes its keys: prints "ready", then each key read
; with INT 16h AH=00h as "key: AA SS" (ASCII, scan code, hex) on port E9h,
; until 'q', then exits 0.  Several VMs run it side by side; the keys go to
; the focus VM (tests/boot/test_devices.py).
%include "guest.inc"

main:
        sti
        PRINTLN "ready"
.next:  xor     ah, ah
        int     16h
        PRINT   "key: "
        call    puthex8
        PRINT   " "
        xchg    al, ah
        call    puthex8
        xchg    al, ah
        call    newline
        cmp     al, 'q'
        jne     .next
        EXIT
