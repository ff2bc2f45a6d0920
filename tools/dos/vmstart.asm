; VMSTART.COM -- start and steer vmm386 VMs from DOS, through the VMM's V86
; API (INT 2Fh AX=1684h BX=0001h gives its entry point).
;
;   VMSTART            which VM this is, how many run
;   VMSTART BOOT n     boot multiboot module n (0-9) in a new VM
;   VMSTART FORK       a new VM as a copy of this one: DOS, programs, disk;
;                      the copy goes on from here too (this program ends in
;                      both, each back at its own DOS prompt or batch file)
;   VMSTART FOCUS n    give the display and keyboard to VM n
;   VMSTART EXIT       end this VM
; Exit code 0 when done, 1 on failure (ERRORLEVEL).
        org     100h

start:  mov     ax, 1684h
        mov     bx, 0001h               ; the VMM's device ID
        xor     di, di
        mov     es, di
        int     2Fh
        mov     ax, es
        or      ax, di
        jz      no_vmm
        mov     [api], di
        mov     [api + 2], es

        mov     si, 81h                 ; command tail
        call    skip_blanks
        cmp     byte [si], 0Dh
        je      info
        call    word_is
        db      "BOOT", 0
        je      boot
        call    word_is
        db      "FORK", 0
        je      fork
        call    word_is
        db      "FOCUS", 0
        je      focus
        call    word_is
        db      "EXIT", 0
        je      close
        mov     dx, usage
        jmp     fail

info:   mov     ah, 00h
        call    far [api]
        push    cx
        push    bx
        mov     dx, msg_vm
        call    print
        pop     ax
        call    print_dec
        mov     dx, msg_of
        call    print
        pop     ax
        call    print_dec
        mov     dx, msg_run
        call    print
        jmp     done

boot:   call    number
        jc      bad_number
        mov     bl, al
        mov     ah, 01h
        call    far [api]
        jc      refused
        push    ax
        mov     dx, msg_boot
        call    print
        pop     ax
        call    print_dec
        mov     dx, crlf
        call    print
        jmp     done

fork:   mov     ah, 02h
        mov     cx, cs
        mov     dx, child
        call    far [api]
        jc      refused
        push    ax
        mov     dx, msg_fork
        call    print
        pop     ax
        call    print_dec
        mov     dx, crlf
        call    print
        jmp     done
child:  mov     ah, 00h                 ; the copy: AX = 0 here, the rest as the parent had it
        call    far [api]
        push    bx
        mov     dx, msg_child
        call    print
        pop     ax
        call    print_dec
        mov     dx, crlf
        call    print
        jmp     done

focus:  call    number
        jc      bad_number
        mov     bx, ax
        mov     ah, 04h
        call    far [api]
        jc      refused
        jmp     done

close:  mov     ah, 03h
        call    far [api]
        jmp     done                    ; not reached

no_vmm: mov     dx, msg_novmm
        jmp     fail
bad_number:
        mov     dx, msg_number
        jmp     fail
refused:
        mov     dx, msg_refused
fail:   call    print
        mov     ax, 4C01h
        int     21h
done:   mov     ax, 4C00h
        int     21h

; DS:DX = '$'-terminated string
print:  mov     ah, 09h
        int     21h
        ret

; AX printed in decimal
print_dec:
        mov     bx, 10
        xor     cx, cx
.d:     xor     dx, dx
        div     bx
        push    dx
        inc     cx
        or      ax, ax
        jnz     .d
.p:     pop     dx
        add     dl, '0'
        mov     ah, 02h
        int     21h
        loop    .p
        ret

skip_blanks:
        cmp     byte [si], ' '
        je      .s
        cmp     byte [si], 9
        jne     .r
.s:     inc     si
        jmp     skip_blanks
.r:     ret

; call word_is / db "WORD", 0: ZF set when [si] holds WORD (any case),
; then SI is past it and its blanks.  Returns behind the string.
word_is:
        pop     bx
        push    si
.c:     mov     al, [bx]
        or      al, al
        jz      .end
        mov     ah, [si]
        and     ah, 0DFh                ; upper case
        cmp     ah, al
        jne     .no
        inc     bx
        inc     si
        jmp     .c
.end:   inc     bx
        add     sp, 2                   ; drop the saved SI
        call    skip_blanks
        cmp     al, al                  ; ZF=1
        jmp     bx
.no:    inc     bx
        cmp     byte [bx - 1], 0
        jne     .no
        pop     si
        or      bx, bx                  ; ZF=0 (bx is never 0)
        jmp     bx

; a decimal number at [si]: AX, CF on none
number: xor     ax, ax
        mov     cx, 0
.n:     mov     bl, [si]
        sub     bl, '0'
        cmp     bl, 9
        ja      .e
        mov     bh, 0
        imul    ax, ax, 10
        add     ax, bx
        inc     si
        inc     cx
        jmp     .n
.e:     cmp     cx, 1                   ; CF when no digit
        ret

api:        dd 0
msg_vm:     db "vmm386: this is VM $"
msg_of:     db ", $"
msg_run:    db " VM(s) running", 13, 10, "$"
msg_boot:   db "VMSTART: booted VM $"
msg_fork:   db "VMSTART: forked VM $"
msg_child:  db "VMSTART: this is the fork, VM $"
msg_novmm:  db "VMSTART: vmm386 is not running", 13, 10, "$"
msg_number: db "VMSTART: a number is missing", 13, 10, "$"
msg_refused: db "VMSTART: refused by the VMM", 13, 10, "$"
usage:      db "usage: VMSTART [BOOT n | FORK | FOCUS n | EXIT]", 13, 10, "$"
crlf:       db 13, 10, "$"
