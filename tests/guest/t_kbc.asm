; t_kbc.asm -- the keyboard controller's commands, with interrupts off (so
; the BIOS keyboard handler does not take the answers): self test (AAh ->
; 55h), interface test (ABh -> 00h), the command byte read back after a
; write (20h/60h), A20 off/on (DDh/DFh, seen in the output port, D0h), and
; the keyboard's acknowledge (FAh) of a command written to port 60h (EDh,
; set LEDs, and its argument).  The mouse port: its interface test (A9h ->
; 00h), the mouse's ID (D4h F2h -> FAh 00h), defaults (F6h) and status
; request (D4h E9h -> FAh, status, resolution 2, rate 100), a byte written as mouse data (D3h),
; each answer flagged as the mouse's in the status (bit 5).  Same answers on
; bare QEMU and under vmm386 (where VKD emulates a controller per VM).
%include "guest.inc"
%include "kbc.inc"

main:
        cli
        call    drain
        mov     al, 0AAh
        call    kbc_cmd_answer
        EXPECT  "kbc_self_test", 55h
        mov     al, 0ABh
        call    kbc_cmd_answer
        EXPECT  "kbc_if_test", 00h

        mov     al, 20h
        call    kbc_cmd_answer
        mov     [ctr], al
        call    kbc_wait_in
        mov     al, 60h                 ; write it back with the keyboard interrupt off
        out     64h, al
        call    kbc_wait_in
        mov     al, [ctr]
        and     al, 0FEh
        out     60h, al
        mov     al, 20h
        call    kbc_cmd_answer
        mov     bl, [ctr]
        and     bl, 0FEh
        xor     bh, bh
        call    expect_ax_bx_ctr

        mov     al, 0DDh
        call    kbc_cmd
        mov     al, 0D0h
        call    kbc_cmd_answer
        and     ax, 2
        EXPECT  "kbc_a20_off", 0
        mov     al, 0DFh
        call    kbc_cmd
        mov     al, 0D0h
        call    kbc_cmd_answer
        and     ax, 2
        EXPECT  "kbc_a20_on", 2

        call    kbc_wait_in
        mov     al, 0EDh                ; to the keyboard: set LEDs
        out     60h, al
        call    kbc_wait_out
        in      al, 60h
        xor     ah, ah
        EXPECT  "kbd_ack_cmd", 0FAh
        call    kbc_wait_in
        xor     al, al                  ; all LEDs off
        out     60h, al
        call    kbc_wait_out
        in      al, 60h
        xor     ah, ah
        EXPECT  "kbd_ack_arg", 0FAh

        mov     al, 0A8h                ; the mouse port on
        call    kbc_cmd
        mov     al, 0A9h
        call    kbc_cmd_answer
        EXPECT  "aux_if_test", 00h
        mov     al, 0F2h                ; get ID
        call    to_mouse
        call    aux_answer
        EXPECT  "aux_id_ack", 0FAh
        call    aux_answer
        EXPECT  "aux_id", 00h
        mov     al, 0F6h                ; set defaults (QEMU's mouse starts all zero)
        call    to_mouse
        call    aux_answer
        EXPECT  "aux_defaults_ack", 0FAh
        mov     al, 0E9h                ; status request
        call    to_mouse
        call    aux_answer
        EXPECT  "aux_status_ack", 0FAh
        call    aux_answer              ; the status byte: as the BIOS left it
        call    aux_answer
        EXPECT  "aux_resolution", 2
        call    aux_answer
        EXPECT  "aux_rate", 100
        mov     al, 0D3h                ; a byte into the buffer as the mouse's
        call    kbc_cmd
        mov     al, 5Ah
        out     60h, al
        call    aux_answer
        EXPECT  "aux_write_ob", 5Ah

        call    kbc_wait_in             ; the command byte as it was
        mov     al, 60h
        out     64h, al
        call    kbc_wait_in
        mov     al, [ctr]
        out     60h, al
        EXIT

expect_ax_bx_ctr:
        push    si
        mov     si, .n
        call    expect_ax_bx
        pop     si
        ret
.n:     db      "kbc_ctr_readback", 0

ctr     db 0
