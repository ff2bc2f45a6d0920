; E9SAY.COM -- test helper under DOS: writes its command tail and the VM's
; ID (from the VMM's V86 API) to port E9h, where vmm386 logs it as
; "VM<n>: <tail> (VM <n>)".  "E9SAY /X" ends the VM instead (port F4h <- 0:
; with exit=qemu, the machine ends with the last VM).
        org     100h

start:  mov     si, 81h
.sk:    cmp     byte [si], ' '
        jne     .go
        inc     si
        jmp     .sk
.go:    cmp     word [si], '/X'
        je      quit
.c:     lodsb
        cmp     al, 0Dh
        je      .id
        out     0E9h, al
        jmp     .c
.id:    mov     ax, 1684h
        mov     bx, 0001h
        xor     di, di
        mov     es, di
        int     2Fh
        mov     ax, es
        or      ax, di
        jz      .nl
        mov     [api], di
        mov     [api + 2], es
        mov     ah, 0
        call    far [api]
        mov     si, vmtxt
.t:     lodsb
        or      al, al
        jz      .n
        out     0E9h, al
        jmp     .t
.n:     mov     al, bl
        add     al, '0'
        out     0E9h, al
        mov     al, ')'
        out     0E9h, al
.nl:    mov     al, 10
        out     0E9h, al
        mov     ax, 4C00h
        int     21h
quit:   mov     al, 0
        out     0F4h, al
        mov     ax, 4C00h
        int     21h

api:    dd 0
vmtxt:  db " (VM ", 0
