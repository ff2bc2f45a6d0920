; XMS.SYS -- an XMS 3.0 driver for DOS, a character device driver loaded by
; CONFIG.SYS: DEVICE=A:\XMS.SYS [/HMAMIN=n]
;
; It never leaves real (or V86) mode: extended memory is reached only
; through the BIOS block move, INT 15h AH=87h, which under vmm386 is
; V86MMGR's (each VM's own extended memory) and on a bare machine the
; BIOS's.  So it works the same in a vmm386 VM and on bare metal.
;
; - INT 2Fh AX=4300h answers AL=80h, AX=4310h gives ES:BX = the entry;
;   every other INT 2Fh call goes on to the old handler.
; - INT 15h AH=88h answers 0 KB once loaded: the extended memory is ours.
; - Extended memory: INT 15h AH=88h at load.  The first 64 KB are the HMA,
;   the EMB pool starts at 110000h.  A table of NHANDLES entries holds
;   both the allocated blocks (the handles: an entry's offset in this
;   segment) and the free ones; allocation is first fit by address, a
;   freed block merges with free neighbours.
; - A20: port 92h, then the keyboard controller's output port if the wrap
;   did not change; a global flag and a local count.
; - No UMBs (functions 10h-12h fail with B1h / B2h).
; Needs a 386 (the 32-bit functions 88h-8Fh and the code use its registers).
; Our own program: nothing in it comes from elsewhere.
        cpu     386
        org     0

NHANDLES        equ 32
POOL_BASE       equ 110000h             ; 1 MB + the HMA
MAX_CHUNK       equ 10000h              ; bytes per INT 15h AH=87h (8000h words)
DRIVER_REV      equ 0100h

; handle table entry
E_STATE         equ 0                   ; byte: one of the ST_ values
E_LOCKS         equ 1                   ; byte: lock count
E_BASE          equ 2                   ; dword: KB from POOL_BASE
E_SIZE          equ 6                   ; dword: KB
E_LEN           equ 10
ST_UNUSED       equ 0
ST_FREE         equ 1
ST_USED         equ 2

; XMS error codes (BL)
ERR_NOFUNC      equ 80h
ERR_A20         equ 82h
ERR_NOHMA       equ 90h
ERR_HMAUSED     equ 91h
ERR_HMAMIN      equ 92h
ERR_HMAFREE     equ 93h
ERR_A20ON       equ 94h
ERR_NOMEM       equ 0A0h
ERR_NOHANDLE    equ 0A1h
ERR_HANDLE      equ 0A2h
ERR_SHANDLE     equ 0A3h
ERR_SOFF        equ 0A4h
ERR_DHANDLE     equ 0A5h
ERR_DOFF        equ 0A6h
ERR_LEN         equ 0A7h
ERR_PARITY      equ 0A9h
ERR_UNLOCKED    equ 0AAh
ERR_LOCKED      equ 0ABh
ERR_LOCKOVF     equ 0ACh
ERR_NOUMB       equ 0B1h
ERR_UMBSEG      equ 0B2h

; ------------------------------------------------------------ device header
header: dd      -1
        dw      8000h                   ; character device
        dw      strategy
        dw      interrupt
        db      "XMSXXXX0"

req_ptr:        dd 0

strategy:
        mov     [cs:req_ptr], bx
        mov     [cs:req_ptr + 2], es
        retf

; Only INIT does anything; the rest says "unknown command".
interrupt:
        push    bx
        push    es
        les     bx, [cs:req_ptr]
        cmp     byte [es:bx + 2], 0
        jne     .unknown
        call    init
        jmp     .out
.unknown:
        mov     word [es:bx + 3], 8103h
.out:   pop     es
        pop     bx
        retf

; ------------------------------------------------------------- INT 2Fh / 15h
old2f:  dd      0
old15:  dd      0

int2f:  cmp     ax, 4300h
        jne     .entry
        mov     al, 80h
        iret
.entry: cmp     ax, 4310h
        jne     .chain
        push    cs
        pop     es
        mov     bx, xms_entry
        iret
.chain: jmp     far [cs:old2f]

; AH=88h: nothing left for BIOS-method users.  (Under vmm386 too: V86MMGR
; answers INT 15h at the BIOS's entry, the vector this hook chains to.)
int15:  cmp     ah, 88h
        jne     .chain
        xor     ax, ax
        push    bp
        mov     bp, sp
        and     byte [bp + 6], 0FEh     ; CF clear in the IRET frame
        pop     bp
        iret
.chain: jmp     far [cs:old15]

; ------------------------------------------------------------- XMS entry
; The entry starts with a short jump and three NOPs, so that a program
; that hooks the driver can patch it as the specification describes.
xms_entry:
        jmp     short xms_body
        nop
        nop
        nop
xms_body:
        push    ds
        push    di                      ; not an input of any function
        push    cs
        pop     ds
        cmp     ah, 12h
        ja      .wide
        movzx   di, ah
        add     di, di
        call    [func_table + di]
        jmp     .done
.wide:  mov     di, f_query_free32
        cmp     ah, 88h
        je      .call
        mov     di, f_alloc32
        cmp     ah, 89h
        je      .call
        mov     di, f_info32
        cmp     ah, 8Eh
        je      .call
        mov     di, f_realloc32
        cmp     ah, 8Fh
        je      .call
        mov     di, f_unknown
.call:  call    di
.done:  pop     di
        pop     ds
        retf

; Each handler is a near proc with DS = ours and the caller's registers.
func_table:
        dw      f_version, f_req_hma, f_rel_hma, f_global_on
        dw      f_global_off, f_local_on, f_local_off, f_query_a20
        dw      f_query_free, f_alloc, f_free, f_move
        dw      f_lock, f_unlock, f_info, f_realloc
        dw      f_req_umb, f_rel_umb, f_realloc_umb

; AX=0, BL=code: every failure ends here.
fail:   xor     ax, ax
        ret
f_unknown:
        mov     bl, ERR_NOFUNC
        jmp     fail
ok:     mov     bl, 0                   ; success: BL = 0 as well
ok_bx:  mov     ax, 1                   ; success, BX is an output
        ret

; ------------------------------------------------------------- data
pool_kb:        dd 0                    ; EMB pool size
hma_exists:     db 0
hma_used:       db 0
hmamin:         dw 0                    ; /HMAMIN=n, in bytes
a20_global:     db 0
a20_local:      dw 0
move_gdt:       times 16 db 0           ; INT 15h AH=87h: dummy, GDT
move_src:       dw 0FFFFh, 0, 9300h, 0
move_dst:       dw 0FFFFh, 0, 9300h, 0
                times 16 db 0           ; BIOS CS, SS
handles:        times NHANDLES * E_LEN db 0
handles_end:

; ------------------------------------------------------------- 00h-02h
f_version:
        mov     ax, 0300h
        mov     bx, DRIVER_REV
        movzx   dx, byte [hma_exists]
        ret

f_req_hma:
        mov     bl, ERR_NOHMA
        cmp     byte [hma_exists], 0
        je      fail
        mov     bl, ERR_HMAUSED
        cmp     byte [hma_used], 0
        jne     fail
        cmp     dx, 0FFFFh              ; an application: the whole HMA
        je      .take
        mov     bl, ERR_HMAMIN
        cmp     dx, [hmamin]
        jb      fail
.take:  mov     byte [hma_used], 1
        jmp     ok

f_rel_hma:
        mov     bl, ERR_NOHMA
        cmp     byte [hma_exists], 0
        je      fail
        mov     bl, ERR_HMAFREE
        cmp     byte [hma_used], 0
        je      fail
        mov     byte [hma_used], 0
        jmp     ok

; ------------------------------------------------------------- 03h-07h: A20
f_global_on:
        mov     byte [a20_global], 1
        mov     al, 1
        call    a20_set
        mov     bl, ERR_A20
        jc      fail
        jmp     ok

f_global_off:
        mov     byte [a20_global], 0
        cmp     word [a20_local], 0
        jne     a20_still_on
a20_off:                                ; nobody holds A20 on any more
        mov     al, 0
        call    a20_set
        mov     bl, ERR_A20
        jc      fail
        jmp     ok
a20_still_on:
        mov     bl, ERR_A20ON
        jmp     fail

f_local_on:
        inc     word [a20_local]
        mov     al, 1
        call    a20_set
        jnc     ok
        dec     word [a20_local]
        mov     bl, ERR_A20
        jmp     fail

f_local_off:
        cmp     word [a20_local], 0
        je      .off
        dec     word [a20_local]
        jnz     a20_still_on
.off:   cmp     byte [a20_global], 0
        jne     a20_still_on
        jmp     a20_off

f_query_a20:
        call    a20_test
        mov     bl, 0
        ret

; AX = 1 when A20 is on (100080h is not 0:0080h), 0 when it wraps.  The
; word at 0:0080h (INT 20h's vector) is changed for a moment, interrupts
; off, and put back.
a20_test:
        push    ds
        push    es
        push    cx
        pushf
        cli
        xor     ax, ax
        mov     ds, ax
        dec     ax
        mov     es, ax                  ; FFFF:0090h = 100080h
        mov     cx, [80h]
        mov     ax, cx
        cmp     ax, [es:90h]
        jne     .on
        not     ax
        mov     [80h], ax
        cmp     ax, [es:90h]
        mov     [80h], cx
        je      .off
.on:    mov     ax, 1
        jmp     .out
.off:   xor     ax, ax
.out:   popf
        pop     cx
        pop     es
        pop     ds
        ret

; AL = 1 on, 0 off.  CF set when the wrap did not follow.  Preserves all
; but flags.
a20_set:
        push    ax
        push    bx
        push    cx
        movzx   bx, al                  ; BX = the state wanted
        call    a20_test
        cmp     ax, bx
        je      .done
        in      al, 92h                 ; fast A20
        and     al, 0FEh                ; never the reset bit
        and     al, 0FDh
        or      bl, bl
        jz      .p92
        or      al, 02h
.p92:   out     92h, al
        call    a20_wait
        je      .done
        call    kbc_wait                ; the keyboard controller's output port
        mov     al, 0D1h
        out     64h, al
        call    kbc_wait
        mov     al, 0DDh
        or      bl, bl
        jz      .kbc
        mov     al, 0DFh
.kbc:   out     60h, al
        call    kbc_wait
        call    a20_wait
        je      .done
        stc
        jmp     .out
.done:  clc
.out:   pop     cx
        pop     bx
        pop     ax
        ret

; ZF set once a20_test gives BX (a few tries: the gate may lag the port).
a20_wait:
        mov     cx, 1000h
.l:     call    a20_test
        cmp     ax, bx
        je      .r
        loop    .l
        cmp     ax, bx
.r:     ret

kbc_wait:
        push    cx
        mov     cx, 0FFFFh
.l:     in      al, 64h
        test    al, 02h
        loopnz  .l
        pop     cx
        ret

; ------------------------------------------------------------- 08h / 88h
; EAX = largest free block, EDX = total free, in KB.
free_sizes:
        push    si
        xor     eax, eax
        xor     edx, edx
        mov     si, handles
.l:     cmp     byte [si + E_STATE], ST_FREE
        jne     .n
        add     edx, [si + E_SIZE]
        cmp     eax, [si + E_SIZE]
        jae     .n
        mov     eax, [si + E_SIZE]
.n:     add     si, E_LEN
        cmp     si, handles_end
        jb      .l
        pop     si
        ret

; The 16-bit forms cap at FFFFh KB.
cap16:  cmp     eax, 0FFFFh
        jbe     .r
        mov     eax, 0FFFFh
.r:     ret

f_query_free:
        call    free_sizes
        call    cap16
        xchg    eax, edx
        call    cap16
        xchg    eax, edx
        mov     bl, 0
        or      dx, dx
        jnz     .r
        mov     bl, ERR_NOMEM
.r:     ret

f_query_free32:
        call    free_sizes
        mov     ecx, [pool_kb]
        shl     ecx, 10
        add     ecx, POOL_BASE - 1      ; the highest address of the pool
        mov     bl, 0
        or      edx, edx
        jnz     .r
        mov     bl, ERR_NOMEM
.r:     ret

; ------------------------------------------------------------- handles
; SI = the used entry whose handle is DX, CF clear; CF set when DX is not one.
find_handle:
        cmp     dx, handles
        jb      .bad
        cmp     dx, handles_end
        jae     .bad
        push    ax
        push    dx
        mov     ax, dx
        sub     ax, handles
        xor     dx, dx
        push    bx
        mov     bx, E_LEN
        div     bx
        pop     bx
        or      dx, dx
        pop     dx
        pop     ax
        jnz     .bad
        mov     si, dx
        cmp     byte [si + E_STATE], ST_USED
        jne     .bad
        clc
        ret
.bad:   stc
        ret

; SI = an unused entry, CF set when none is left.
find_unused:
        mov     si, handles
.l:     cmp     byte [si + E_STATE], ST_UNUSED
        je      .ok
        add     si, E_LEN
        cmp     si, handles_end
        jb      .l
        stc
        ret
.ok:    clc
        ret

; CX = how many entries are unused (the free handles).
count_unused:
        push    si
        xor     cx, cx
        mov     si, handles
.l:     cmp     byte [si + E_STATE], ST_UNUSED
        jne     .n
        inc     cx
.n:     add     si, E_LEN
        cmp     si, handles_end
        jb      .l
        pop     si
        ret

; Allocate EDX KB: SI = the new used entry, CF clear; or CF set, BL = error.
; First fit by address among the free blocks.
alloc_kb:
        push    di
        or      edx, edx
        jnz     .find
        call    find_unused             ; a zero-length block: a handle only
        mov     bl, ERR_NOHANDLE
        jc      .out
        mov     dword [si + E_BASE], 0
        jmp     .take
.find:  xor     di, di
        mov     si, handles
.l:     cmp     byte [si + E_STATE], ST_FREE
        jne     .n
        cmp     [si + E_SIZE], edx
        jb      .n
        or      di, di
        jz      .best
        push    eax
        mov     eax, [si + E_BASE]
        cmp     eax, [di + E_BASE]
        pop     eax
        jae     .n
.best:  mov     di, si
.n:     add     si, E_LEN
        cmp     si, handles_end
        jb      .l
        mov     bl, ERR_NOMEM
        or      di, di
        stc
        jz      .out
        mov     si, di
        cmp     [di + E_SIZE], edx
        je      .take                   ; exactly: the free entry becomes the handle
        call    find_unused             ; else split: the front is the new block
        mov     bl, ERR_NOHANDLE
        jc      .out
        push    eax
        mov     eax, [di + E_BASE]
        mov     [si + E_BASE], eax
        add     [di + E_BASE], edx
        sub     [di + E_SIZE], edx
        pop     eax
.take:  mov     byte [si + E_STATE], ST_USED
        mov     byte [si + E_LOCKS], 0
        mov     [si + E_SIZE], edx
        clc
.out:   pop     di
        ret

; Entry SI becomes free (an empty one unused) and merges with the free
; blocks next to it.
release:
        push    eax
        push    di
        mov     byte [si + E_LOCKS], 0
        mov     byte [si + E_STATE], ST_UNUSED
        cmp     dword [si + E_SIZE], 0
        je      .out
        mov     byte [si + E_STATE], ST_FREE
.again: mov     di, handles
.l:     cmp     di, si
        je      .n
        cmp     byte [di + E_STATE], ST_FREE
        jne     .n
        mov     eax, [di + E_BASE]
        add     eax, [di + E_SIZE]
        cmp     eax, [si + E_BASE]
        jne     .after
        mov     eax, [si + E_SIZE]      ; DI ends where SI starts: DI takes SI
        add     [di + E_SIZE], eax
        mov     byte [si + E_STATE], ST_UNUSED
        mov     si, di
        jmp     .again
.after: mov     eax, [si + E_BASE]
        add     eax, [si + E_SIZE]
        cmp     eax, [di + E_BASE]
        jne     .n
        mov     eax, [di + E_SIZE]      ; SI ends where DI starts: SI takes DI
        add     [si + E_SIZE], eax
        mov     byte [di + E_STATE], ST_UNUSED
        jmp     .again
.n:     add     di, E_LEN
        cmp     di, handles_end
        jb      .l
.out:   pop     di
        pop     eax
        ret

; ------------------------------------------------------------- 09h-0Fh
f_alloc:
        push    edx
        movzx   edx, dx
        jmp     alloc_common
f_alloc32:
        push    edx
alloc_common:
        push    si
        call    alloc_kb
        jc      .err
        mov     ax, si
        pop     si
        pop     edx
        mov     dx, ax                  ; the handle
        jmp     ok
.err:   pop     si
        pop     edx
        jmp     fail

f_free:
        push    si
        call    find_handle
        mov     bl, ERR_HANDLE
        jc      .err
        cmp     byte [si + E_LOCKS], 0
        mov     bl, ERR_LOCKED
        jne     .err
        call    release
        pop     si
        jmp     ok
.err:   pop     si
        jmp     fail

f_lock:
        push    si
        call    find_handle
        mov     bl, ERR_HANDLE
        jc      .err
        cmp     byte [si + E_LOCKS], 0FFh
        mov     bl, ERR_LOCKOVF
        je      .err
        inc     byte [si + E_LOCKS]
        push    eax
        mov     eax, [si + E_BASE]
        shl     eax, 10
        add     eax, POOL_BASE
        mov     bx, ax
        shr     eax, 16
        mov     dx, ax                  ; DX:BX = the linear address
        pop     eax
        pop     si
        jmp     ok_bx
.err:   pop     si
        jmp     fail

f_unlock:
        push    si
        call    find_handle
        mov     bl, ERR_HANDLE
        jc      .err
        cmp     byte [si + E_LOCKS], 0
        mov     bl, ERR_UNLOCKED
        je      .err
        dec     byte [si + E_LOCKS]
        pop     si
        jmp     ok
.err:   pop     si
        jmp     fail

f_info:
        push    si
        push    cx
        call    find_handle
        mov     bl, ERR_HANDLE
        jc      .err
        call    count_unused
        mov     bl, cl
        cmp     cx, 0FFh
        jbe     .c
        mov     bl, 0FFh
.c:     mov     bh, [si + E_LOCKS]
        push    eax
        mov     eax, [si + E_SIZE]
        call    cap16
        mov     dx, ax
        pop     eax
        pop     cx
        pop     si
        jmp     ok_bx
.err:   pop     cx
        pop     si
        jmp     fail

f_info32:
        push    si
        call    find_handle
        mov     bl, ERR_HANDLE
        jc      .err
        call    count_unused
        mov     bh, [si + E_LOCKS]
        mov     edx, [si + E_SIZE]
        pop     si
        jmp     ok_bx
.err:   pop     si
        jmp     fail

; 0Fh: BX = the new size in KB, DX = handle; 8Fh: EBX.
f_realloc:
        push    ebx
        movzx   ebx, bx
        jmp     realloc_common
f_realloc32:
        push    ebx
realloc_common:
        push    ecx
        push    edx
        push    esi
        push    edi
        call    find_handle
        mov     al, ERR_HANDLE
        jc      .err
        cmp     byte [si + E_LOCKS], 0
        mov     al, ERR_LOCKED
        jne     .err
        mov     ecx, [si + E_SIZE]
        cmp     ebx, ecx
        je      .ok
        jb      .shrink
        ; grow in place when the free block right after is big enough
        mov     edx, ebx
        sub     edx, ecx                ; KB more
        mov     eax, [si + E_BASE]
        add     eax, ecx                ; where the block ends
        mov     di, handles
.l:     cmp     byte [di + E_STATE], ST_FREE
        jne     .n
        cmp     [di + E_BASE], eax
        jne     .n
        cmp     [di + E_SIZE], edx
        jb      .move                   ; too small: move the block
        add     [di + E_BASE], edx
        sub     [di + E_SIZE], edx
        mov     [si + E_SIZE], ebx
        cmp     dword [di + E_SIZE], 0
        jne     .ok
        mov     byte [di + E_STATE], ST_UNUSED
        jmp     .ok
.n:     add     di, E_LEN
        cmp     di, handles_end
        jb      .l
.move:  ; a new block of the new size, the data copied, then the two
        ; entries swap places (the handle keeps its number) and the old
        ; block is released
        mov     di, si
        mov     edx, ebx
        push    bx
        call    alloc_kb                ; SI = the new block
        mov     al, bl
        pop     bx
        jc      .err
        push    esi
        push    edi
        mov     eax, [di + E_BASE]      ; the old block's data: ECX KB
        shl     eax, 10
        add     eax, POOL_BASE
        mov     edx, [si + E_BASE]
        shl     edx, 10
        add     edx, POOL_BASE
        shl     ecx, 10
        mov     esi, eax
        mov     edi, edx
        call    move_lin
        pop     edi
        pop     esi
        jc      .undo
        mov     eax, [di + E_BASE]
        xchg    eax, [si + E_BASE]
        mov     [di + E_BASE], eax
        mov     eax, [di + E_SIZE]
        xchg    eax, [si + E_SIZE]
        mov     [di + E_SIZE], eax
        call    release                 ; SI: now the old place
        jmp     .ok
.undo:  push    ax
        call    release
        pop     ax
        jmp     .err
.shrink:
        push    si
        call    find_unused             ; the tail becomes a free block
        mov     di, si
        pop     si
        mov     al, ERR_NOHANDLE
        jc      .err
        mov     eax, [si + E_BASE]
        add     eax, ebx
        mov     [di + E_BASE], eax
        sub     ecx, ebx
        mov     [di + E_SIZE], ecx
        mov     [si + E_SIZE], ebx
        mov     si, di
        call    release
.ok:    pop     edi
        pop     esi
        pop     edx
        pop     ecx
        pop     ebx
        jmp     ok
.err:   pop     edi
        pop     esi
        pop     edx
        pop     ecx
        pop     ebx
        mov     bl, al
        jmp     fail

; ------------------------------------------------------------- 0Bh: move
; DS:SI (the caller's DS) = length dd, source handle dw, source offset dd,
; destination handle dw, destination offset dd.
f_move:
        push    bp
        mov     bp, sp
        push    es
        push    ecx
        push    edx
        push    esi
        push    edi
        push    bx                      ; BH is the caller's again at the end
        mov     es, [bp + 6]            ; the caller's DS (xms_body's push)
        mov     ecx, [es:si]
        mov     bl, ERR_LEN
        test    cl, 1
        jnz     .err
        push    si
        mov     dx, [es:si + 4]
        mov     eax, [es:si + 6]
        call    resolve                 ; EAX = the source's linear address
        mov     bl, ERR_SHANDLE
        jc      .src
        mov     edi, eax
        pop     si
        push    si
        mov     dx, [es:si + 10]
        mov     eax, [es:si + 12]
        call    resolve
        mov     bl, ERR_DHANDLE
        jc      .dst
        pop     si
        mov     esi, edi
        mov     edi, eax
        jecxz   .ok
        call    move_lin
        mov     bl, al
        jc      .err
.ok:    pop     bx
        pop     edi
        pop     esi
        pop     edx
        pop     ecx
        pop     es
        pop     bp
        jmp     ok
.src:   pop     si
        add     bl, bh                  ; BH: 0 handle, 1 offset, 4 length
        jmp     .err
.dst:   pop     si
        add     bl, bh
        cmp     bh, 4
        jne     .err
        mov     bl, ERR_LEN
.err:   mov     al, bl
        pop     bx
        mov     bl, al
        pop     edi
        pop     esi
        pop     edx
        pop     ecx
        pop     es
        pop     bp
        jmp     fail

; DX = handle, EAX = offset, ECX = length: EAX = the linear address, CF
; clear; or CF set and BH = 0 (bad handle), 1 (bad offset), 4 (bad
; length: A3h + 4 = A7h).  Handle 0: EAX is segment:offset and the block
; must end below 110000h.
resolve:
        push    si
        push    edx
        or      dx, dx
        jnz     .emb
        movzx   edx, ax
        shr     eax, 16
        shl     eax, 4
        add     eax, edx
        mov     edx, POOL_BASE
        sub     edx, eax
        cmp     ecx, edx
        ja      .len
        jmp     .ok
.emb:   mov     bh, 0
        call    find_handle
        jc      .out
        mov     edx, [si + E_SIZE]
        shl     edx, 10                 ; bytes (the pool is under 4 GB)
        mov     bh, 1
        cmp     eax, edx
        ja      .bad
        sub     edx, eax
        mov     bh, 4
        cmp     ecx, edx
        ja      .bad
        mov     edx, [si + E_BASE]
        shl     edx, 10
        add     eax, edx
        add     eax, POOL_BASE
.ok:    clc
        jmp     .out
.len:   mov     bh, 4
.bad:   stc
.out:   pop     edx
        pop     si
        ret

; Copy ECX bytes (even) from linear ESI to linear EDI with INT 15h AH=87h,
; at most 64 KB a call.  A forward move onto itself (the source below the
; destination, overlapping) goes back to front in pieces no longer than
; the distance, so no piece reads what an earlier one wrote (the
; specification promises such moves work).  CF set and AL = an XMS error
; when the BIOS fails.  Interrupts are as the caller has them between the
; calls.
move_lin:
        push    ebx
        push    ecx
        push    esi
        push    edi
        mov     ebx, MAX_CHUNK          ; EBX: the piece
        cmp     esi, edi
        jae     .fwd
        mov     eax, edi
        sub     eax, esi
        cmp     eax, ecx
        jae     .fwd                    ; apart: no overlap
        and     eax, 0FFFFFFFEh         ; the distance, even, at least 2
        jnz     .d
        mov     al, 2
.d:     cmp     eax, ebx
        jae     .back
        mov     ebx, eax
.back:  add     esi, ecx                ; from the end
        add     edi, ecx
.bl:    jecxz   .done
        mov     eax, ebx
        cmp     ecx, eax
        jae     .bc
        mov     eax, ecx
.bc:    sub     esi, eax
        sub     edi, eax
        sub     ecx, eax
        call    bios_move
        jc      .out
        jmp     .bl
.fwd:   jecxz   .done
        mov     eax, ebx
        cmp     ecx, eax
        jae     .fc
        mov     eax, ecx
.fc:    call    bios_move
        jc      .out
        add     esi, eax
        add     edi, eax
        sub     ecx, eax
        jmp     .fwd
.done:  clc
.out:   pop     edi
        pop     esi
        pop     ecx
        pop     ebx
        ret

; One INT 15h AH=87h: EAX bytes (even, at most 64 KB) from linear ESI to
; linear EDI.  Preserves all but flags; CF set and AL = an XMS error when
; the BIOS fails (its AH: 01h parity, 02h exception, 03h the gate).
bios_move:
        push    es
        push    ecx
        push    esi
        push    eax
        push    cs
        pop     es
        mov     ecx, eax
        shr     ecx, 1                  ; words: at most 8000h
        mov     eax, esi
        mov     [move_src + 2], ax
        shr     eax, 16
        mov     [move_src + 4], al
        mov     [move_src + 7], ah
        mov     eax, edi
        mov     [move_dst + 2], ax
        shr     eax, 16
        mov     [move_dst + 4], al
        mov     [move_dst + 7], ah
        mov     si, move_gdt
        mov     ah, 87h
        pushf                           ; INT 15h past our own hook (it only chains AH=87h):
        call    far [cs:old15]          ; the handler before us, in the end the BIOS's (vmm386: V86MMGR's)
        jc      .bad
        pop     eax
        pop     esi
        pop     ecx
        pop     es
        ret
.bad:   cmp     ah, 03h
        pop     eax
        mov     al, ERR_PARITY
        jne     .b2
        mov     al, ERR_A20
.b2:    pop     esi
        pop     ecx
        pop     es
        stc
        ret

; ------------------------------------------------------------- 10h-12h: UMB
f_req_umb:
        xor     dx, dx                  ; the largest UMB: none
        mov     bl, ERR_NOUMB
        jmp     fail
f_rel_umb:
f_realloc_umb:
        mov     bl, ERR_UMBSEG
        jmp     fail

resident_end:

; ============================================================= INIT (dropped)
; ES:BX = the request header.  The 386 check comes first, in 8086 code.
init:
        push    ax
        smsw    ax                      ; PE set: V86 mode, so a 386 at least
        test    al, 1
        jnz     .cpu_ok
        pushf                           ; real mode: a 286 keeps FLAGS bits
        pushf                           ; 12-14 clear, a 386 lets them be set
        pop     ax
        or      ax, 7000h
        push    ax
        popf
        pushf
        pop     ax
        popf
        test    ax, 7000h
        jnz     .cpu_ok
        push    dx
        push    ds
        push    cs
        pop     ds
        mov     dx, msg_386
        mov     ah, 09h
        int     21h
        pop     ds
        pop     dx
        pop     ax
        jmp     .refuse
.cpu_ok:
        pop     ax
        push    eax
        push    di
        push    cx
        push    dx
        push    si
        push    ds
        push    cs
        pop     ds
        push    es
        push    bx
        mov     ax, 4300h               ; someone's XMS already?
        int     2Fh
        cmp     al, 80h
        jne     .go
        mov     dx, msg_there
        mov     ah, 09h
        int     21h
        pop     bx
        pop     es
        pop     ds
        pop     si
        pop     dx
        pop     cx
        pop     di
        pop     eax
.refuse:
        mov     word [es:bx + 0Eh], 0   ; keep nothing
        mov     [es:bx + 10h], cs
        mov     word [es:bx + 3], 810Ch ; error, done, general failure
        ret
.go:    pop     bx
        pop     es
        push    es
        push    bx
        lds     si, [es:bx + 12h]       ; the line after DEVICE=
        call    parse_args
        push    cs
        pop     ds
        mov     ah, 88h                 ; extended memory, KB above 1 MB
        clc
        int     15h
        jnc     .size
        xor     ax, ax
.size:  cmp     ax, 64
        jb      .nohma
        mov     byte [hma_exists], 1
        sub     ax, 64
        movzx   eax, ax
        mov     [pool_kb], eax
        or      eax, eax
        jz      .nohma
        mov     byte [handles + E_STATE], ST_FREE
        mov     dword [handles + E_BASE], 0
        mov     [handles + E_SIZE], eax
.nohma: xor     ax, ax                  ; hook INT 2Fh and INT 15h
        mov     es, ax
        cli
        mov     eax, [es:2Fh * 4]
        mov     [old2f], eax
        mov     word [es:2Fh * 4], int2f
        mov     [es:2Fh * 4 + 2], cs
        mov     eax, [es:15h * 4]
        mov     [old15], eax
        mov     word [es:15h * 4], int15
        mov     [es:15h * 4 + 2], cs
        sti
        mov     dx, msg_ok
        mov     ah, 09h
        int     21h
        mov     eax, [pool_kb]
        call    print_dec
        mov     dx, msg_kb
        mov     ah, 09h
        int     21h
        pop     bx
        pop     es
        mov     word [es:bx + 0Eh], resident_end
        mov     [es:bx + 10h], cs
        mov     word [es:bx + 3], 0100h ; done
.ret:   pop     ds
        pop     si
        pop     dx
        pop     cx
        pop     di
        pop     eax
        ret

; DS:SI = the DEVICE= line ("A:\XMS.SYS /HMAMIN=n"): /HMAMIN=n (KB, at
; most 63) sets the least HMA request a driver or TSR may make.
parse_args:
.l:     lodsb
        cmp     al, 0Dh
        je      .r
        cmp     al, 0Ah
        je      .r
        or      al, al
        jz      .r
        cmp     al, '/'
        jne     .l
        push    si
        mov     di, opt_hmamin
.m:     mov     al, [cs:di]
        or      al, al
        jz      .num
        mov     ah, [si]
        cmp     ah, 'a'
        jb      .u
        sub     ah, 20h
.u:     cmp     ah, al
        jne     .no
        inc     si
        inc     di
        jmp     .m
.num:   xor     dx, dx
.d:     mov     al, [si]
        sub     al, '0'
        cmp     al, 9
        ja      .set
        inc     si
        imul    dx, dx, 10
        movzx   ax, al
        add     dx, ax
        jmp     .d
.set:   cmp     dx, 63
        jbe     .k
        mov     dx, 63
.k:     shl     dx, 10
        mov     [cs:hmamin], dx
.no:    pop     si
        jmp     .l
.r:     ret

; EAX printed in decimal through INT 21h AH=02h.
print_dec:
        push    ebx
        push    cx
        push    edx
        mov     ebx, 10
        xor     cx, cx
.d:     xor     edx, edx
        div     ebx
        push    dx
        inc     cx
        or      eax, eax
        jnz     .d
.p:     pop     dx
        add     dl, '0'
        mov     ah, 02h
        int     21h
        loop    .p
        pop     edx
        pop     cx
        pop     ebx
        ret

opt_hmamin:     db "HMAMIN=", 0
msg_386:        db "XMS.SYS: needs a 386 or later; not loaded", 13, 10, "$"
msg_there:      db "XMS.SYS: an XMS driver is already installed; not loaded", 13, 10, "$"
msg_ok:         db "XMS.SYS: XMS 3.0 driver, $"
msg_kb:         db " KB of extended memory for EMBs", 13, 10, "$"
