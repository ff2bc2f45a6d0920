; I15TEST.COM -- INT 15h's extended memory services as a DOS program sees
; them with no XMS driver; "PASS <name>" / "FAIL <name>" lines on port E9h
; (tests/boot/test_int15.py), "I15TEST done" at the end.
;
;   I15TEST         AH=88h gives a size, AH=87h moves to 2 MB and back; a
;                   hook of its own comes first (AH=88h: 1234h) and a move
;                   it chains on with PUSHF + CALL FAR still reaches the
;                   BIOS; a write over the BIOS's entry (ROM) is dropped
;   I15TEST /ALIAS  vector 15h made the BIOS's entry through another
;                   segment (the same bytes, another CS): INT 15h then ends
;                   in the VM's own INT 6 (invalid opcode) under vmm386
;   I15TEST /WILD   a far jump to the BIOS's entry with AH=88h and SP=FFFFh
; Our own program: nothing in it comes from elsewhere.
        org     100h
        cpu     386

%include "tests/guest/dos/result.inc"

start:
        xor     ax, ax
        mov     es, ax
        mov     eax, [es:15h * 4]
        mov     [old15], eax
        push    cs
        pop     es
        mov     si, vec_txt
        call    puts
        mov     eax, [old15]
        call    hex32
        call    newline
        mov     si, 81h
.sk:    lodsb
        cmp     al, ' '
        je      .sk
        cmp     al, '/'
        jne     full
        lodsb
        and     al, 0DFh
        cmp     al, 'A'
        je      near alias
        cmp     al, 'W'
        je      near wild
        jmp     full

; ------------------------------------------------------------ the check
full:
        mov     ax, 8800h
        stc
        int     15h
        mov     [size], ax
        RESULT  nc, "i15_88_cf_clear"
        cmp     word [size], 1024
        RESULT  ae, "i15_88_size"

        call    fill
        call    move_out                ; buf1 -> 2 MB
        RESULT  nc, "i15_87_to_ext"
        call    move_back               ; 2 MB -> buf2
        RESULT  nc, "i15_87_from_ext"
        call    compare
        RESULT  e, "i15_87_data"

        ; our own hook first; a move goes on with PUSHF + CALL FAR
        xor     ax, ax
        mov     es, ax
        cli
        mov     word [es:15h * 4], hook15
        mov     [es:15h * 4 + 2], cs
        sti
        push    cs
        pop     es
        mov     ah, 88h
        int     15h
        cmp     ax, 1234h
        RESULT  e, "i15_own_hook_first"
        inc     byte [pattern]
        call    fill
        call    move_out
        RESULT  nc, "i15_chained_to_ext"
        call    move_back
        RESULT  nc, "i15_chained_from_ext"
        call    compare
        RESULT  e, "i15_chained_data"
        cmp     word [chained], 2
        RESULT  e, "i15_chained_twice"
        call    unhook

        ; a write over the BIOS's entry, ROM, is dropped
        cmp     word [old15 + 2], 0F000h
        jne     .norom
        les     di, [old15]
        mov     byte [es:di], 0CCh      ; INT3
        mov     word [es:di + 1], 0FEEBh
        push    cs
        pop     es
.norom: mov     ah, 88h
        int     15h
        cmp     ax, [size]
        RESULT  e, "i15_rom_write_dropped"
        jmp     done

; vector 15h: the same linear address through CS = F000h + IP / 16
alias:
        cmp     word [old15 + 2], 0F000h
        jne     done
        xor     ax, ax
        mov     es, ax
        mov     bx, [old15]
        and     bx, 0Fh
        cli
        mov     eax, [es:6 * 4]
        mov     [old6], eax
        mov     word [es:6 * 4], int6
        mov     [es:6 * 4 + 2], cs
        mov     ax, [old15]
        shr     ax, 4
        add     ax, 0F000h
        mov     [es:15h * 4], bx
        mov     [es:15h * 4 + 2], ax
        sti
        push    cs
        pop     es
        mov     ah, 88h
        int     15h
        mov     si, n_alias
        call    fail_line               ; INT 6 never came
        call    unhook
        jmp     done

int6:   push    cs
        pop     ds
        push    cs
        pop     es
        mov     si, n_alias
        call    pass_line
        xor     ax, ax
        mov     es, ax
        cli
        mov     eax, [old6]
        mov     [es:6 * 4], eax
        sti
        call    unhook
        jmp     done

wild:
        cmp     word [old15 + 2], 0F000h
        jne     done
        mov     si, wild_txt
        call    puts
        cli
        mov     sp, 0FFFFh
        sti
        mov     ax, 8800h
        jmp     far [old15]

done:   mov     si, done_msg
        call    puts
        mov     ax, 4C00h
        int     21h

unhook: push    es
        xor     ax, ax
        mov     es, ax
        cli
        mov     eax, [old15]
        mov     [es:15h * 4], eax
        sti
        pop     es
        ret

; Our INT 15h hook: AH=88h answered here, the rest chained on to the
; vector it replaced with PUSHF + CALL FAR, the BIOS's flags passed back.
hook15: cmp     ah, 88h
        jne     .chain
        mov     ax, 1234h
        iret
.chain: inc     word [cs:chained]
        pushf
        call    far [cs:old15]
        retf    2

; ------------------------------------------------------------ moves
fill:   mov     di, buf1
        mov     cx, 512
        mov     al, [pattern]
.f:     stosb
        add     al, 13
        loop    .f
        mov     di, buf2
        mov     cx, 512
        xor     al, al
        rep     stosb
        ret

compare:
        mov     si, buf1
        mov     di, buf2
        mov     cx, 512
        repe    cmpsb
        ret

; linear address of CS:buf in EAX
lin:    xor     eax, eax
        mov     ax, cs
        shl     eax, 4
        movzx   ebx, bx
        add     eax, ebx
        ret

; the descriptor at DI gets base EAX
setdesc:
        mov     word [di], 0FFFFh
        mov     [di + 2], ax
        shr     eax, 16
        mov     [di + 4], al
        mov     byte [di + 5], 93h
        mov     byte [di + 6], 0
        mov     [di + 7], ah
        ret

move_out:
        mov     bx, buf1
        call    lin
        mov     di, gdt + 10h
        call    setdesc
        mov     eax, 200000h
        mov     di, gdt + 18h
        call    setdesc
        jmp     move

move_back:
        mov     eax, 200000h
        mov     di, gdt + 10h
        call    setdesc
        mov     bx, buf2
        call    lin
        mov     di, gdt + 18h
        call    setdesc
move:   mov     si, gdt
        mov     cx, 256
        mov     ah, 87h
        int     15h
        ret

; ------------------------------------------------------------ output
%include "tests/guest/dos/e9out.inc"

vec_txt:        db "I15TEST vector 15h ", 0
wild_txt:       db "I15TEST wild jump", 10, 0
n_alias:        db "i15_alias_int6", 0
done_msg:       db "I15TEST done", 10, 0
old15:          dd 0
old6:           dd 0
size:           dw 0
chained:        dw 0
pattern:        db 5
        align   8
gdt:            times 48 db 0
buf1:           times 512 db 0
buf2:           times 512 db 0
