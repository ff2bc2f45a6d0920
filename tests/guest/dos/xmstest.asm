; XMSTEST.COM -- checks an XMS driver (ours: tools/dos/xms.asm) from a DOS
; program, the way applications call it; "PASS <name>" / "FAIL <name>"
; lines on port E9h (tests/boot/test_xms.py reads them), "XMSTEST done" at
; the end.
;
;   XMSTEST            the whole check: functions, moves, errors, hostile
;                      move structures, HMA and A20
;   XMSTEST /ISO c [d] two-VM check: a 4 KB EMB filled with byte c, kept
;                      for d seconds (1-9, default 2: BIOS ticks, HLT
;                      between), read back and compared; prints
;                      "ISO addr <linear>" from a lock
; Our own program: nothing in it comes from elsewhere.
        org     100h
        cpu     386

%include "tests/guest/dos/result.inc"

%macro XMS 1                            ; AH = function
        mov     ah, %1
        call    far [xms]
%endmacro

; MOVE len, src handle, src offset, dst handle, dst offset (dword / word
; operands: immediates or registers)
%macro MOVE 5
        mov     eax, %1
        mov     [mv_len], eax
        mov     ax, %2
        mov     [mv_sh], ax
        mov     eax, %3
        mov     [mv_so], eax
        mov     ax, %4
        mov     [mv_dh], ax
        mov     eax, %5
        mov     [mv_do], eax
        mov     si, mv_len
        XMS     0Bh
%endmacro

start:
        mov     ax, cs                  ; seg:off dwords of the buffers
        shl     eax, 16
        mov     ax, buf1
        mov     [far1], eax
        mov     ax, buf2
        mov     [far2], eax

        mov     ax, 4300h
        int     2Fh
        mov     [inst], al
        cmp     al, 80h
        RESULT  e, "installed"
        cmp     byte [inst], 80h
        jne     near done
        mov     ax, 4310h
        int     2Fh
        mov     [xms], bx
        mov     [xms + 2], es
        push    cs
        pop     es

        mov     si, 81h                 ; /ISO c?
.sk:    lodsb
        cmp     al, ' '
        je      .sk
        cmp     al, '/'
        jne     full
        jmp     isolation

; ------------------------------------------------------------ the whole check
full:
        ; BIOS-method users are told no extended memory is left: XMS.SYS's
        ; INT 15h hook comes before the BIOS's (under vmm386: V86MMGR's)
        mov     ax, 8800h
        stc
        int     15h
        mov     [tmp], ax
        RESULT  nc, "int15_88_cf_clear"
        cmp     word [tmp], 0
        RESULT  e, "int15_88_zero"

        XMS     00h
        cmp     ax, 0300h
        RESULT  e, "version_300"
        cmp     dx, 1
        RESULT  e, "hma_exists"

        XMS     08h
        mov     [largest0], ax
        mov     [total0], dx
        cmp     ax, 0
        RESULT  a, "query_free"
        cmp     dx, [largest0]
        RESULT  ae, "query_free_total"

        mov     dx, 4
        XMS     09h
        mov     [h1], dx
        cmp     ax, 1
        RESULT  e, "alloc_1"
        mov     dx, 4
        XMS     09h
        mov     [h2], dx
        cmp     ax, 1
        RESULT  e, "alloc_2"
        mov     ax, [h1]
        cmp     ax, [h2]
        RESULT  ne, "two_handles"
        XMS     08h
        add     dx, 8
        cmp     dx, [total0]
        RESULT  e, "free_less_8k"

        ; 4 KB: conventional -> h1 -> h2 (at offset 0 via an odd place) -> conventional
        mov     di, buf1
        mov     cx, 4096
        xor     al, al
.fill:  mov     [di], al
        add     al, 13
        inc     di
        loop    .fill
        MOVE    4096, 0, [far1], [h1], 0
        ; forward onto itself over more than one 64 KB BIOS call: 72 KB in
        ; 18 pieces of 4 KB, piece k starting with the word k, moved 4 KB
        ; up; piece k must then start with k - 1
        mov     dx, 72
        XMS     09h
        mov     [h3], dx
        mov     word [k], 0             ; (an XMS call's success sets BL = 0)
.pf:    mov     ax, [k]
        mov     [buf2], ax
        movzx   eax, ax
        shl     eax, 12
        mov     [off], eax
        MOVE    4096, 0, [far2], [h3], [off]
        inc     word [k]
        cmp     word [k], 18
        jb      .pf
        MOVE    11000h, [h3], 0, [h3], 1000h
        cmp     ax, 1
        RESULT  e, "move_overlap_64k"
        mov     word [k], 1
        mov     word [bad], 0           ; pieces that differ
        mov     ax, cs
        shl     eax, 16
        mov     ax, word_in
        mov     [farw], eax
.pc:    movzx   eax, word [k]
        shl     eax, 12
        mov     [off], eax
        MOVE    2, [h3], [off], 0, [farw]
        mov     ax, [k]
        dec     ax
        cmp     ax, [word_in]
        je      .pn
        inc     word [bad]
.pn:    inc     word [k]
        cmp     word [k], 18
        jb      .pc
        cmp     word [bad], 0
        RESULT  e, "move_overlap_64k_data"
        mov     dx, [h3]
        XMS     0Ah
        cmp     ax, 1
        RESULT  e, "move_conv_to_emb"
        MOVE    4096, [h1], 0, [h2], 0
        cmp     ax, 1
        RESULT  e, "move_emb_to_emb"
        MOVE    4096, [h2], 0, 0, [far2]
        cmp     ax, 1
        RESULT  e, "move_emb_to_conv"
        mov     si, buf1
        mov     di, buf2
        mov     cx, 4096
        repe    cmpsb
        RESULT  e, "move_data_same"
        ; a part of it, at offsets, back and compared
        MOVE    100h, [h2], 0F00h, 0, [far2]
        mov     si, buf1 + 0F00h
        mov     di, buf2
        mov     cx, 100h
        repe    cmpsb
        RESULT  e, "move_offset_data"
        ; onto itself, overlapping: forward (source below destination, which
        ; the specification promises) and backward; then h1 as it was
        MOVE    0E00h, [h1], 0, [h1], 100h
        cmp     ax, 1
        RESULT  e, "move_overlap_fwd"
        MOVE    4096, [h1], 0, 0, [far2]
        mov     si, buf1
        mov     di, buf2 + 100h
        mov     cx, 0E00h
        repe    cmpsb
        jne     .ovf
        mov     si, buf1
        mov     di, buf2
        mov     cx, 100h
        repe    cmpsb
.ovf:   RESULT  e, "move_overlap_fwd_data"
        MOVE    0E00h, [h1], 102h, [h1], 0
        MOVE    4096, [h1], 0, 0, [far2]
        mov     si, buf1 + 2
        mov     di, buf2
        mov     cx, 0E00h
        repe    cmpsb
        RESULT  e, "move_overlap_back_data"
        MOVE    4096, 0, [far1], [h1], 0

        ; the errors the specification names
        MOVE    4095, 0, [far1], [h1], 0
        call    err_a7
        RESULT  e, "move_odd_len_a7"
        MOVE    4096, 1234h, 0, [h1], 0
        cmp     bl, 0A3h
        RESULT  e, "move_bad_src_a3"
        MOVE    4096, [h1], 0, 0FFFFh, 0
        cmp     bl, 0A5h
        RESULT  e, "move_bad_dst_a5"
        MOVE    2, [h1], 1002h, 0, [far2]
        cmp     bl, 0A4h
        RESULT  e, "move_src_off_a4"
        MOVE    2, 0, [far2], [h2], 1002h
        cmp     bl, 0A6h
        RESULT  e, "move_dst_off_a6"
        MOVE    4098, [h1], 0, [h2], 0
        call    err_a7
        RESULT  e, "move_past_block_a7"
        ; hostile move structures: never a crash, always an XMS error
        MOVE    0FFFFFFFEh, 0, [far1], [h1], 0
        call    err_a7
        RESULT  e, "hostile_huge_len"
        MOVE    80000000h, [h1], 10h, [h2], 0
        call    err_a7
        RESULT  e, "hostile_huge_len_emb"
        MOVE    2, [h1], 0FFFFFFF0h, [h2], 0
        cmp     bl, 0A4h
        RESULT  e, "hostile_wild_src_off"
        MOVE    2, [h1], 0, [h2], 7FFFFFFEh
        cmp     bl, 0A6h
        RESULT  e, "hostile_wild_dst_off"
        MOVE    100h, 0, 0FFFFFFFFh, [h1], 0
        call    err_a7
        RESULT  e, "hostile_conv_past_hma"
        MOVE    4096, [h1], 0FFFh, [h2], 0  ; offset in, length past
        call    err_a7
        RESULT  e, "hostile_len_past_end"
        mov     di, buf2                ; the blocks are unchanged
        mov     cx, 4096
        xor     al, al
        rep     stosb
        MOVE    4096, [h2], 0, 0, [far2]
        mov     si, buf1
        mov     di, buf2
        mov     cx, 4096
        repe    cmpsb
        RESULT  e, "hostile_blocks_intact"

        ; handles: free a bad one, lock, unlock, info
        mov     dx, 4321h
        XMS     0Ah
        cmp     bl, 0A2h
        RESULT  e, "free_bad_a2"
        mov     dx, [h1]
        XMS     0Ch
        cmp     ax, 1
        RESULT  e, "lock_1"
        mov     [addr1], bx
        mov     [addr1 + 2], dx
        mov     dx, [h2]
        XMS     0Ch
        mov     [addr2], bx
        mov     [addr2 + 2], dx
        mov     eax, [addr1]
        cmp     eax, 110000h
        RESULT  ae, "lock_addr_above_hma"
        mov     eax, [addr1]
        sub     eax, [addr2]
        jns     .pos
        neg     eax
.pos:   cmp     eax, 4096
        RESULT  ae, "lock_addrs_apart"
        mov     dx, [h1]
        XMS     0Ah
        cmp     bl, 0ABh
        RESULT  e, "free_locked_ab"
        mov     dx, [h1]
        XMS     0Eh
        cmp     bh, 1
        RESULT  e, "info_lock_count"
        cmp     dx, 4
        RESULT  e, "info_size"
        mov     dx, [h1]
        XMS     0Dh
        mov     dx, [h2]
        XMS     0Dh
        mov     dx, [h1]
        XMS     0Dh
        cmp     bl, 0AAh
        RESULT  e, "unlock_unlocked_aa"

        ; reallocate: h1 grows (h2 is right after it: it moves) and keeps its data
        mov     bx, 12
        mov     dx, [h1]
        XMS     0Fh
        cmp     ax, 1
        RESULT  e, "realloc_grow"
        mov     dx, [h1]
        XMS     0Eh
        cmp     dx, 12
        RESULT  e, "realloc_size"
        mov     di, buf2
        mov     cx, 4096
        xor     al, al
        rep     stosb
        MOVE    4096, [h1], 0, 0, [far2]
        mov     si, buf1
        mov     di, buf2
        mov     cx, 4096
        repe    cmpsb
        RESULT  e, "realloc_data_kept"
        mov     bx, 2
        mov     dx, [h1]
        XMS     0Fh
        cmp     ax, 1
        RESULT  e, "realloc_shrink"
        MOVE    2048, [h1], 0, 0, [far2]
        mov     si, buf1
        mov     di, buf2
        mov     cx, 2048
        repe    cmpsb
        RESULT  e, "realloc_shrink_data"

        ; the 32-bit forms
        XMS     88h
        cmp     bl, 0
        RESULT  e, "query_free32"
        mov     edx, 4
        XMS     89h
        mov     [h3], dx
        cmp     ax, 1
        RESULT  e, "alloc32"
        mov     dx, [h3]
        XMS     8Eh
        cmp     edx, 4
        RESULT  e, "info32_size"
        mov     ebx, 8
        mov     dx, [h3]
        XMS     8Fh
        cmp     ax, 1
        RESULT  e, "realloc32"
        mov     dx, [h3]
        XMS     8Eh
        cmp     edx, 8
        RESULT  e, "realloc32_size"
        mov     dx, [h3]
        XMS     0Ah
        cmp     ax, 1
        RESULT  e, "free32"
        ; a zero-length block is a handle
        xor     dx, dx
        XMS     09h
        mov     [h3], dx
        cmp     ax, 1
        RESULT  e, "alloc_zero"
        mov     dx, [h3]
        XMS     0Ah
        cmp     ax, 1
        RESULT  e, "free_zero"
        ; more than there is
        mov     dx, 0FFFFh
        XMS     09h
        cmp     bl, 0A0h
        RESULT  e, "alloc_too_big_a0"

        mov     dx, [h1]
        XMS     0Ah
        cmp     ax, 1
        RESULT  e, "free_1"
        mov     dx, [h2]
        XMS     0Ah
        cmp     ax, 1
        RESULT  e, "free_2"
        mov     dx, [h2]
        XMS     0Ah
        cmp     bl, 0A2h
        RESULT  e, "free_twice_a2"
        XMS     08h
        mov     [tmp], ax
        cmp     dx, [total0]
        RESULT  e, "free_back_total"
        mov     ax, [tmp]
        cmp     ax, [largest0]
        RESULT  e, "free_back_merged"

        ; no UMBs, unknown functions
        mov     dx, 10h
        XMS     10h
        cmp     bl, 0B1h
        RESULT  e, "umb_none_b1"
        XMS     13h
        or      ax, ax
        RESULT  z, "unknown_ax0"
        cmp     bl, 80h
        RESULT  e, "unknown_bl80"

        ; HMA: with DOS=HIGH the kernel owns it.  A20: FreeDOS turns it on
        ; and off (local enable / disable) around its own work in the HMA,
        ; so it is off here either way.
        mov     dx, 0FFFFh
        XMS     01h
        cmp     ax, 1
        je      .nodoshigh
        cmp     bl, 91h
        RESULT  e, "hma_used_by_dos"
        jmp     .a20
.nodoshigh:
        mov     si, n_hma_req
        call    pass_line
        mov     dx, 0FFFFh
        XMS     01h
        cmp     bl, 91h
        RESULT  e, "hma_twice_91"
        XMS     02h
        cmp     ax, 1
        RESULT  e, "hma_release"
        XMS     02h
        cmp     bl, 93h
        RESULT  e, "hma_release_twice_93"
        ; a driver or TSR asks for 1 KB: refused (92h) under /HMAMIN=n > 1
        mov     dx, 400h
        XMS     01h
        cmp     ax, 1
        jne     .small
        mov     si, n_hma_small_ok
        call    pass_line
        XMS     02h
        jmp     .a20
.small: cmp     bl, 92h
        RESULT  e, "hma_small_92"
.a20:
        XMS     05h
        cmp     ax, 1
        RESULT  e, "a20_local_on"
        XMS     07h
        cmp     ax, 1
        RESULT  e, "a20_query_on"
        call    wraps
        RESULT  ne, "a20_really_on"
        XMS     06h
        cmp     ax, 1
        RESULT  e, "a20_local_off"
        XMS     07h
        cmp     ax, 0
        RESULT  e, "a20_query_off"
        call    wraps
        RESULT  e, "a20_really_off"
        XMS     03h
        XMS     07h
        cmp     ax, 1
        RESULT  e, "a20_global_on"
        XMS     04h
        XMS     07h
        cmp     ax, 0
        RESULT  e, "a20_global_off"

        ; last (FreeDOS takes a local A20 enable on an INT 21h call and
        ; keeps it, which the A20 checks above must not meet): one
        ; XMSXXXX0 device in DOS's chain (a second DEVICE=XMS.SYS refuses
        ; to load), from the NUL device at list of lists + 22h
        mov     ah, 52h
        int     21h
        lea     si, [bx + 22h]
        xor     cx, cx
dev_loop:
        cmp     dword [es:si + 10], 'XMSX'
        jne     dev_next
        cmp     dword [es:si + 14], 'XXX0'
        jne     dev_next
        inc     cx
dev_next:
        cmp     word [es:si], 0FFFFh
        je      dev_end
        les     si, [es:si]
        jmp     dev_loop
dev_end:
        push    cs
        pop     es
        cmp     cx, 1
        RESULT  e, "one_xms_device"
done:
        mov     si, done_msg
        call    puts
        mov     ax, 4C00h
        int     21h

; ZF set when BL = A7h and AX = 0.
err_a7: or      ax, ax
        jnz     .r
        cmp     bl, 0A7h
.r:     ret

; ZF set when 0:0200h and FFFF:0210h (= 100200h) are the same byte: A20 off.
wraps:  push    ds
        push    es
        xor     ax, ax
        mov     ds, ax
        dec     ax
        mov     es, ax
        cli
        mov     al, [200h]
        mov     ah, al
        not     ah
        mov     [es:210h], ah
        cmp     ah, [200h]
        mov     [200h], al
        sti
        pop     es
        pop     ds
        ret

; ------------------------------------------------------------ /ISO c
isolation:
        lodsb                           ; skip "ISO "
        cmp     al, ' '
        jne     isolation
.b:     lodsb
        cmp     al, ' '
        je      .b
        mov     [isobyte], al
.s:     lodsb                           ; seconds: 18 ticks each
        cmp     al, ' '
        je      .s
        sub     al, '1'
        cmp     al, 8
        ja      .fill
        inc     al
        mov     ah, 18
        mul     ah
        mov     [isoticks], ax
.fill:  mov     al, [isobyte]
        mov     di, buf1
        mov     cx, 4096
        rep     stosb
        mov     dx, 4
        XMS     09h
        mov     [h1], dx
        cmp     ax, 1
        RESULT  e, "iso_alloc"
        mov     dx, [h1]
        XMS     0Ch
        mov     [addr1], bx
        mov     [addr1 + 2], dx
        mov     si, iso_addr
        call    puts
        mov     eax, [addr1]
        call    hex32
        call    newline
        mov     dx, [h1]
        XMS     0Dh
        MOVE    4096, 0, [far1], [h1], 0
        cmp     ax, 1
        RESULT  e, "iso_store"
        mov     cx, [isoticks]
        push    ds                      ; d seconds of BIOS ticks
        mov     ax, 40h
        mov     ds, ax
        mov     bx, [6Ch]
.w:     sti
        hlt
        mov     ax, [6Ch]
        sub     ax, bx
        cmp     ax, cx
        jb      .w
        pop     ds
        MOVE    4096, [h1], 0, 0, [far2]
        mov     al, [isobyte]
        mov     di, buf2
        mov     cx, 4096
        repe    scasb
        RESULT  e, "iso_kept"
        mov     dx, [h1]
        XMS     0Ah
        jmp     done

; ------------------------------------------------------------ output
%include "tests/guest/dos/e9out.inc"

n_hma_req:      db "hma_request", 0
n_hma_small_ok: db "hma_small_granted", 0
iso_addr:       db "ISO addr ", 0
done_msg:       db "XMSTEST done", 10, 0
xms:            dd 0
far1:           dd 0
far2:           dd 0
addr1:          dd 0
addr2:          dd 0
h1:             dw 0
h2:             dw 0
h3:             dw 0
largest0:       dw 0
total0:         dw 0
isobyte:        db 0
inst:           db 0
tmp:            dw 0
isoticks:       dw 36
off:            dd 0
farw:           dd 0
word_in:        dw 0
k:              dw 0
bad:            dw 0
mv_len:         dd 0
mv_sh:          dw 0
mv_so:          dd 0
mv_dh:          dw 0
mv_do:          dd 0
        align   16
buf1:   times 4096 db 0
buf2:   times 4096 db 0
