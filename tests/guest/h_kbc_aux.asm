; h_kbc_aux.asm -- hostile use of the keyboard controller's mouse port, with
; interrupts off: 40 mouse resets (D4h FFh) and 100 bytes written as mouse
; data (D3h) without reading an answer.  VKD's controller keeps what fits (a
; mouse answer whole or not at all) and drops the rest; afterwards the mouse
; answers as it should.  A byte for the mouse port while it is off (A7h)
; waits until it is on again (A8h).  Prints "flood kept N" per flood.
%include "guest.inc"
%include "kbc.inc"

main:   cli
        call    drain
        mov     al, 0A8h
        call    kbc_cmd
        mov     cx, 40
.reset: mov     al, 0FFh
        call    to_mouse
        loop    .reset
        call    count_out
        PRINTHEX "flood kept ", ax
        cmp     ax, 3
        PASS_IF ae, "reset_flood_answered"
        mov     al, 0F2h                ; the mouse is sane after it
        call    to_mouse
        call    aux_answer
        EXPECT  "id_ack_after_flood", 0FAh
        call    aux_answer
        EXPECT  "id_after_flood", 00h

        mov     cx, 100
.d3:    mov     al, 0D3h
        call    kbc_cmd
        mov     al, cl
        out     60h, al
        loop    .d3
        call    count_out
        PRINTHEX "flood kept ", ax

        mov     al, 0A7h                ; port off: the byte waits
        call    kbc_cmd
        mov     al, 0D3h
        call    kbc_cmd
        mov     al, 77h
        out     60h, al
        in      al, 64h
        and     ax, 1
        EXPECT  "aux_off_holds_it", 0
        mov     al, 0A8h
        call    kbc_cmd
        call    aux_answer
        EXPECT  "aux_on_gives_it", 77h
        EXIT

; count_out: AX = bytes read until the output buffer stays empty
count_out:
        push    cx
        xor     cx, cx
.l:     in      al, 64h
        test    al, 1
        jz      .e
        in      al, 60h
        inc     cx
        cmp     cx, 1000
        jb      .l
.e:     mov     ax, cx
        pop     cx
        ret

