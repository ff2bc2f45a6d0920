; runner.asm -- the differential fuzzer's boot floppy head (tools/fuzz/fuzz.py).
;
; Sector 0: a loader (BIOS or vmm386 enter it at 0:7C00 with DL = drive) that
; reads the runner (sectors 1..RUNNER_SECTORS) to 1000:0000 and jumps to it.
; The block stream follows from sector 36 (cylinder 1), in chunks of 4
; tracks (36 KB): each chunk holds whole block records, `dw 0` ends a chunk,
; `dw 0FFFFh` the stream.  A record:
;       dw  length of the record (header included)
;       dd  EAX, EBX, ECX, EDX, ESI, EDI, EBP, ESP, EFLAGS
;       dw  DS, ES, FS, GS, SS
;       dw  code length, then the code (ends with JMP FAR 1000:block_end)
; For each block the runner copies the code to 2000:0000, loads every
; register, jumps to it, and afterwards builds the state record: all GPRs,
; segment registers, FLAGS, how the block ended, the scratch memory that
; differs from its pristine copy (count and hash; the memory is restored),
; and every interrupt/exception taken (vector, CS, IP, FLAGS image of the
; frame).  It prints one line per block on port E9h: the state's hash
; (mode 0) or the whole state (mode 1), then "FUZZ done" and exits (F4h).
;
; Memory: 1000:0000 runner, 2000:0000 block code, 3000:0000-47FF:000F the
; scratch window (the blocks' DS/ES/FS/GS/SS are 3000h-30FFh), 7000:0000
; its pristine copy, 6000:0000 the chunk buffer.  During blocks every IVT
; entry points to a recording stub and the PIC masks every IRQ (a block's
; HLT sequence unmasks IRQ 0 only).

bits 16
cpu 686

RUNNER_SECTORS  equ 16
CODESEG         equ 2000h
SCRSEG          equ 3000h
SCR_PARAS       equ 1800h                ; 96 KB: 3000:0000-47FF:000F
PRISEG          equ 7000h
CHUNKSEG        equ 6000h
CHUNK_SECTORS   equ 72                  ; 4 tracks
ILOG_MAX        equ 48
; the runner's stack: not at 1000:FFxx, which blocks read as CS=1F00h:Fxxx
RUNNER_SP       equ 3FF0h
FAULT_MASK      equ (1 << 0) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 12) | (1 << 13)

; ---------------------------------------------------------------- loader
        org     7C00h
loader:
        cli
        xor     ax, ax
        mov     ds, ax
        mov     ss, ax
        mov     sp, 7C00h
        sti
        mov     [7E00h], dl             ; boot drive
        mov     ax, 1000h
        mov     es, ax
        mov     ax, 1                   ; LBA
.next:  push    ax
        xor     dx, dx
        mov     bx, 18
        div     bx                      ; ax = track, dx = sector-1
        mov     cl, dl
        inc     cl
        xor     dx, dx
        mov     bx, 2
        div     bx                      ; ax = cylinder, dx = head
        mov     ch, al
        mov     dh, dl
        mov     dl, [7E00h]
        mov     si, 5
.retry: xor     bx, bx
        mov     ax, 0201h
        int     13h
        jnc     .ok
        xor     ax, ax
        int     13h
        dec     si
        jnz     .retry
        mov     al, '!'
        out     0E9h, al
        jmp     $
.ok:    mov     ax, es
        add     ax, 20h
        mov     es, ax
        pop     ax
        inc     ax
        cmp     ax, RUNNER_SECTORS + 1
        jb      .next
        mov     dl, [7E00h]
        jmp     1000h:0000h
        times   510 - ($ - $$) db 0
        dw      0AA55h

; ---------------------------------------------------------------- runner
        section runner vstart=0 align=16
runner:
        jmp     near start              ; 0000h
        jmp     near block_end          ; 0003h: where every block jumps at its end
        align   4
hdr_mode        dw 0                    ; 0008h, patched by fuzz.py: 0 hash lines, 1 full state
hdr_stream_lba  dw 0
hdr_seed        dd 0
hdr_first       dd 0                    ; index of the first block

; ---------------------------------------------------------------- output
putc:   out     0E9h, al
        ret
puthex4:
        push    ax
        and     al, 0Fh
        add     al, '0'
        cmp     al, '9'
        jbe     .d
        add     al, 7
.d:     call    putc
        pop     ax
        ret
puthex8:
        push    ax
        shr     al, 4
        call    puthex4
        pop     ax
        jmp     puthex4
puthex16:
        xchg    al, ah
        call    puthex8
        xchg    al, ah
        jmp     puthex8
puthex32:
        ror     eax, 16
        call    puthex16
        ror     eax, 16
        jmp     puthex16
sp32:   push    ax                      ; " XXXXXXXX" of EAX
        mov     al, ' '
        call    putc
        pop     ax
        jmp     puthex32
sp16:   push    ax
        mov     al, ' '
        call    putc
        pop     ax
        jmp     puthex16
puts:   mov     al, [cs:si]             ; CS:SI string, NUL ends
        inc     si
        or      al, al
        jz      .e
        call    putc
        jmp     puts
.e:     ret
nl:     mov     al, 10
        jmp     putc

; mix: EDX = (rol(EDX, 5) xor EAX) * 9E3779B1h
mix:    rol     edx, 5
        xor     edx, eax
        imul    edx, edx, 9E3779B1h
        ret

; ---------------------------------------------------------------- disk
; read_track: AX = LBA of a track's first sector -> ES:0000 (18 sectors)
read_track:
        mov     byte [cs:nsec], 18
        jmp     read_n
; read_sector: AX = LBA -> ES:0000
read_sector:
        mov     byte [cs:nsec], 1
read_n:
        pusha
        xor     dx, dx
        mov     bx, 18
        div     bx
        mov     cl, dl
        inc     cl
        xor     dx, dx
        mov     bx, 2
        div     bx
        mov     ch, al
        mov     dh, dl
        mov     dl, [cs:drive]
        mov     si, 5
.retry: xor     bx, bx
        mov     ah, 02h
        mov     al, [cs:nsec]
        push    cx
        push    dx
        int     13h
        pop     dx
        pop     cx
        jnc     .ok
        xor     ax, ax
        int     13h
        dec     si
        jnz     .retry
        mov     si, msg_disk
        call    puts
        mov     al, 2
        out     0F4h, al
        jmp     $
.ok:    popa
        ret

; read_chunk: the next 64 sectors at [cur_lba] -> 6000:0000, with the
; BIOS's IVT and PIC mask in place
read_chunk:
        call    bios_mode
        mov     ax, CHUNKSEG
        mov     es, ax
        mov     ax, [cs:cur_lba]
        mov     cx, CHUNK_SECTORS / 18
.l:     call    read_track
        mov     bx, es
        add     bx, 18 * 20h
        mov     es, bx
        add     ax, 18
        loop    .l
        mov     [cs:cur_lba], ax
        call    fuzz_mode
        ret

bios_mode:
        cli
        push    ds
        push    es
        pusha
        push    cs
        pop     ds
        xor     ax, ax
        mov     es, ax
        mov     si, bios_ivt
        xor     di, di
        mov     cx, 256
        cld
        rep     movsd
        mov     al, [cs:pic_master]
        out     21h, al
        mov     al, [cs:pic_slave]
        out     0A1h, al
        popa
        pop     es
        pop     ds
        sti
        ret

fuzz_mode:
        cli
        push    ds
        push    es
        pusha
        push    cs
        pop     ds
        xor     ax, ax
        mov     es, ax
        mov     si, fuzz_ivt
        xor     di, di
        mov     cx, 256
        cld
        rep     movsd
        mov     al, 0FFh
        out     21h, al
        out     0A1h, al
        popa
        pop     es
        pop     ds
        ret

; ---------------------------------------------------------------- start
start:
        cli
        mov     ax, cs
        mov     ds, ax
        mov     ss, ax
        mov     sp, RUNNER_SP
        sti
        cld
        mov     [drive], dl
        mov     si, msg_start
        call    puts
        mov     eax, [hdr_seed]
        call    puthex32
        mov     si, msg_first
        call    puts
        mov     eax, [hdr_first]
        call    puthex32
        call    nl
        mov     eax, [hdr_first]
        mov     [blkno], eax
        in      al, 21h
        mov     [pic_master], al
        in      al, 0A1h
        mov     [pic_slave], al
        ; save the BIOS IVT, build ours
        push    ds
        xor     si, si
        mov     ds, si
        push    cs
        pop     es
        mov     di, bios_ivt
        mov     cx, 256
        rep     movsd
        pop     ds
        mov     di, fuzz_ivt
        mov     ax, stubs
        xor     cx, cx
.ivt:   stosw
        mov     [di], cs
        add     di, 2
        add     ax, STUB_SIZE
        inc     cx
        cmp     cx, 256
        jb      .ivt
        ; the pristine scratch pattern, in the window and in its copy
        mov     bx, SCRSEG
        xor     edx, edx
.fill:  mov     es, bx
        xor     di, di
        mov     cx, 4                   ; 4 dwords per paragraph
.f1:    mov     eax, edx
        imul    eax, eax, 2654435761
        rol     eax, 13
        mov     [es:di], eax
        push    es
        add     bx, PRISEG - SCRSEG
        mov     es, bx
        sub     bx, PRISEG - SCRSEG
        mov     [es:di], eax
        pop     es
        add     di, 4
        inc     edx
        loop    .f1
        inc     bx
        cmp     bx, SCRSEG + SCR_PARAS
        jb      .fill
        mov     ax, [hdr_stream_lba]
        mov     [cur_lba], ax

next_chunk:
        call    read_chunk
        xor     si, si                  ; record offset in the chunk
next_block:
        mov     ax, CHUNKSEG
        mov     ds, ax
        mov     cx, [si]
        cmp     cx, 0FFFFh
        je      all_done
        jcxz    next_chunk
        ; registers
        push    si
        add     si, 2
        push    cs
        pop     es
        mov     di, r_eax
        mov     cx, (9 * 4 + 5 * 2) / 2
        rep     movsw
        ; code: zero 2000:0000-03FF, copy
        lodsw
        mov     cx, ax
        mov     ax, CODESEG
        mov     es, ax
        xor     di, di
        push    cx
        mov     cx, 100h
        xor     eax, eax
        rep     stosd
        pop     cx
        xor     di, di
        rep     movsb
        pop     si
        add     si, [si]
        mov     [cs:rec_off], si
        ; clear the interrupt log
        push    cs
        pop     es
        mov     di, o_end
        xor     ax, ax
        mov     cx, (st_end - o_end) / 2
        rep     stosw
        ; load everything and go (the initial FLAGS never have TF)
        push    dword [cs:r_efl]
        popfd
        mov     ds, [cs:r_ds]
        mov     es, [cs:r_es]
        mov     fs, [cs:r_fs]
        mov     gs, [cs:r_gs]
        mov     ss, [cs:r_ss]
        mov     esp, [cs:r_esp]
        mov     eax, [cs:r_eax]
        mov     ebx, [cs:r_ebx]
        mov     ecx, [cs:r_ecx]
        mov     edx, [cs:r_edx]
        mov     esi, [cs:r_esi]
        mov     edi, [cs:r_edi]
        mov     ebp, [cs:r_ebp]
        jmp     CODESEG:0000h


; The block's JMP FAR lands here (o_end = 0), a fault stub jumps here with
; o_end = 100h + vector.
block_end:
        mov     [cs:o_eax], eax
        mov     [cs:o_ebx], ebx
        mov     [cs:o_ecx], ecx
        mov     [cs:o_edx], edx
        mov     [cs:o_esi], esi
        mov     [cs:o_edi], edi
        mov     [cs:o_ebp], ebp
        mov     [cs:o_esp], esp
        mov     [cs:o_ds], ds
        mov     [cs:o_es], es
        mov     [cs:o_fs], fs
        mov     [cs:o_gs], gs
        mov     [cs:o_ss], ss
        mov     ax, cs
        mov     ss, ax
        mov     esp, RUNNER_SP
        pushfd
        pop     dword [cs:o_efl]
        cli
        cld
        mov     ds, ax
        mov     al, 0FFh                ; a block may have unmasked IRQ 0
        out     21h, al
        call    scratch_diff
        ; hash the state
        mov     edx, 811C9DC5h
        mov     si, st
.h:     mov     eax, [si]
        call    mix
        add     si, 4
        cmp     si, st_end
        jb      .h
        cmp     word [hdr_mode], 0
        jne     .verbose
        mov     eax, edx
        call    puthex32
        call    nl
        jmp     .next
.verbose:
        push    edx
        call    print_state
        mov     si, msg_hash
        call    puts
        pop     eax
        call    puthex32
        call    nl
.next:  inc     dword [blkno]
        mov     si, [rec_off]
        jmp     next_block

all_done:
        push    cs
        pop     ds
        call    bios_mode
        mov     si, msg_done
        call    puts
        mov     eax, [blkno]
        sub     eax, [hdr_first]
        call    puthex32
        call    nl
        mov     al, 0
        out     0F4h, al                ; QEMU's isa-debug-exit, vmm386's exit=qemu
        mov     si, msg_shutdown        ; bare Bochs: its shutdown port
        mov     dx, 8900h
.sd:    lodsb
        or      al, al
        jz      .h
        out     dx, al
        jmp     .sd
.h:     sti
        hlt
        jmp     .h

; scratch_diff: compare the window with its pristine copy, 8 dwords at a
; time; count and hash what differs (offset, value) and put the pristine
; value back.  Unrolled: REPE CMPSD is slow under TCG.
scratch_diff:
        push    ds
        push    es
        xor     edx, edx
        mov     [cs:mdiff_n], dx
        mov     bx, SCRSEG
.seg:   mov     ds, bx
        add     bx, PRISEG - SCRSEG
        mov     es, bx
        sub     bx, PRISEG - SCRSEG
        xor     esi, esi
        mov     cx, 1000h / 2           ; 32 KB per step, 32 bytes per group
.grp:
%assign k 0
%rep 8
        mov     eax, [si + k]
        cmp     eax, [es:si + k]
        jne     .fix
%assign k k + 4
%endrep
.nextg: add     si, 32
        loop    .grp
        add     bx, 800h
        cmp     bx, SCRSEG + SCR_PARAS
        jb      .seg
        mov     [cs:m_hash], edx
        pop     es
        pop     ds
        ret
.fix:   push    si                      ; slow path: each dword of the group
        mov     di, 8
.f1:    mov     eax, [si]
        cmp     eax, [es:si]
        je      .f2
        call    one_diff
.f2:    add     si, 4
        dec     di
        jnz     .f1
        pop     si
        jmp     .nextg

; one_diff: DS:SI differs from ES:SI (BX = the window segment)
one_diff:
        push    di
        inc     dword [cs:m_count]
        movzx   eax, bx
        sub     ax, SCRSEG
        shl     eax, 4
        add     eax, esi                ; ESI's upper half is 0 in the runner
        push    eax
        call    mix
        mov     eax, [si]
        call    mix
        mov     di, [cs:mdiff_n]
        cmp     di, 16
        jae     .nolog
        shl     di, 3
        mov     [cs:mdiff + di + 4], eax
        pop     eax
        mov     [cs:mdiff + di], eax
        inc     word [cs:mdiff_n]
        jmp     .restore
.nolog: pop     eax
.restore:
        pop     di
        mov     eax, [es:si]
        mov     [si], eax
        ret

print_state:
        mov     si, msg_r
        call    puts
        mov     eax, [blkno]
        call    puthex32
        mov     si, o_eax
        mov     cx, 8
.r:     mov     eax, [si]
        call    sp32
        add     si, 4
        loop    .r
        push    si
        call    nl
        mov     si, msg_s
        call    puts
        pop     si
        mov     eax, [si]               ; EFLAGS
        call    puthex32
        add     si, 4
        mov     cx, 6
.s:     mov     ax, [si]
        call    sp16
        add     si, 2
        loop    .s
        mov     eax, [m_count]
        call    sp32
        mov     eax, [m_hash]
        call    sp32
        call    nl
        xor     bx, bx
.m:     cmp     bx, [mdiff_n]
        jae     .i
        push    bx
        shl     bx, 3
        mov     si, msg_m
        call    puts
        mov     eax, [mdiff+bx]
        call    puthex32
        mov     eax, [mdiff+bx+4]
        call    sp32
        call    nl
        pop     bx
        inc     bx
        jmp     .m
.i:     xor     bx, bx
.il:    cmp     bx, [ilog_n]
        jae     .e
        cmp     bx, ILOG_MAX
        jae     .e
        push    bx
        shl     bx, 3
        mov     si, msg_i
        call    puts
        mov     ax, [ilog+bx]
        call    puthex8
        mov     ax, [ilog+bx+2]
        call    sp16
        mov     al, ':'
        call    putc
        mov     ax, [ilog+bx+4]
        call    puthex16
        mov     ax, [ilog+bx+6]
        call    sp16
        call    nl
        pop     bx
        inc     bx
        jmp     .il
.e:     ret

; ---------------------------------------------------------------- stubs
; One per vector: note the vector, then the common handler.  Traps and
; software interrupts are logged and return; the faults in FAULT_MASK (the
; IP pushed is the faulting instruction's) are logged and end the block.
        align   4
stubs:
%assign v 0
%rep 256
        mov     word [cs:h_vec], v
        jmp     near int_common
%assign v v + 1
%endrep
STUB_SIZE equ (($ - stubs) / 256)

int_common:
        mov     [cs:h_ax], ax
        mov     [cs:h_bx], bx
        mov     [cs:h_bp], bp
        mov     bx, [cs:ilog_n]
        inc     dword [cs:ilog_n]
        cmp     bx, ILOG_MAX
        jae     .logged
        shl     bx, 3
        mov     ax, [cs:h_vec]
        mov     [cs:ilog+bx], ax
        mov     bp, sp
        mov     ax, [bp+2]              ; CS
        mov     [cs:ilog+bx+2], ax
        mov     ax, [bp]                ; IP
        mov     [cs:ilog+bx+4], ax
        mov     ax, [bp+4]              ; FLAGS
        mov     [cs:ilog+bx+6], ax
.logged:
        mov     bx, [cs:h_vec]
        cmp     bx, 8
        je      .irq0
        cmp     bx, 16
        jae     .ret
        mov     ax, 1
        xchg    cx, bx
        shl     ax, cl
        xchg    cx, bx
        test    ax, FAULT_MASK
        jz      .ret
        ; a fault ends the block
        or      bx, 100h
        mov     [cs:o_end], bx
        mov     ax, [cs:h_ax]
        mov     bx, [cs:h_bx]
        mov     bp, [cs:h_bp]
        jmp     block_end
.irq0:  mov     al, 20h                 ; EOI, mask IRQ 0 again
        out     20h, al
        mov     al, 0FFh
        out     21h, al
.ret:   mov     ax, [cs:h_ax]
        mov     bx, [cs:h_bx]
        mov     bp, [cs:h_bp]
        iret

msg_start db "FUZZ start seed=", 0
msg_first db " first=", 0
msg_done  db "FUZZ done blocks=", 0
msg_disk  db "FUZZ disk error", 10, 0
msg_hash  db "H ", 0
msg_r     db "R ", 0
msg_m     db "M ", 0
msg_i     db "I ", 0
msg_shutdown db "Shutdown", 0
msg_s     db "S ", 0
%if ($ - $$) > RUNNER_SP - 400h
%error "the runner's code runs into its stack"
%endif
        times   RUNNER_SECTORS * 512 - ($ - $$) db 0

; ---------------------------------------------------------------- variables
; In their own page (1000:4000): QEMU retranslates the code of a page that
; is written to, so data next to the code would make every store slow.
        absolute 4000h
drive           resb 1
nsec            resb 1
pic_master      resb 1
pic_slave       resb 1
cur_lba         resw 1
blkno           resd 1

; register image loaded into the block
r_eax   resd 1
r_ebx   resd 1
r_ecx   resd 1
r_edx   resd 1
r_esi   resd 1
r_edi   resd 1
r_ebp   resd 1
r_esp   resd 1
r_efl   resd 1
r_ds    resw 1
r_es    resw 1
r_fs    resw 1
r_gs    resw 1
r_ss    resw 1

; the state record that is hashed (st .. st_end)
        alignb  4
st:
o_eax   resd 1
o_ebx   resd 1
o_ecx   resd 1
o_edx   resd 1
o_esi   resd 1
o_edi   resd 1
o_ebp   resd 1
o_esp   resd 1
o_efl   resd 1
o_ds    resw 1
o_es    resw 1
o_fs    resw 1
o_gs    resw 1
o_ss    resw 1
o_end   resw 1                            ; 0: reached the end; else 100h + fault vector
m_count resd 1                            ; scratch dwords that differ
m_hash  resd 1
ilog_n  resd 1                            ; interrupts taken (also past ILOG_MAX)
ilog    resw ILOG_MAX * 4         ; vector, CS, IP, FLAGS
st_end:

h_ax    resw 1
h_bx    resw 1
h_bp    resw 1
h_vec   resw 1
bios_ivt resd 256
fuzz_ivt resd 256
mdiff_n resw 1
mdiff   resd 32                ; verbose mode: offset, value

rec_off resw 1
