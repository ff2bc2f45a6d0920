; DOSBENCH.COM -- issue 10's real-DOS rows: a DOS program that times single
; operations with RDTSC (under QEMU -icount shift=0 the TSC counts guest
; instructions) and prints "DOSBENCH <row> <iterations> <hi> <lo>" on port
; E9h, then ends the run through port F4h.  tools/dosbench.py runs it under
; FreeDOS bare and under vmm386 and prints the ratios.  Our own program:
; nothing in it comes from elsewhere.
        org     100h
        cpu     586

; Built with -DTRAPPROF (tools/trapprof.py): every row runs once, between
; two trapped IN AL, 21h that mark it in QEMU's interrupt log.
%macro ROW 3+                   ; name, iterations, body
%ifdef TRAPPROF
        in      al, 21h                 ; trapprof marker: the row starts
        mov     word [count], 1
%else
        mov     word [count], %2
%endif
        rdtsc
        mov     [t0], eax
        mov     [t0 + 4], edx
%%loop:
        %3
        dec     word [count]
        jnz     %%loop
        rdtsc
%ifdef TRAPPROF
        push    ax
        in      al, 21h                 ; trapprof marker: the row ends
        pop     ax
%endif
        sub     eax, [t0]
        sbb     edx, [t0 + 4]
        mov     si, %%name
%ifdef TRAPPROF
        mov     cx, 1
%else
        mov     cx, %2
%endif
        call    report
        jmp     %%done
%%name: db      %1, 0
%%done:
%endmacro

%macro CLI_STI 0
        cli
        sti
%endmacro
%macro PUSHF_POPF 0
        pushf
        popf
%endmacro
%macro KBD_STATUS 0
        mov     ah, 01h
        int     16h
%endmacro
%macro TELETYPE2 0
        mov     ax, 0E2Eh
        mov     bx, 0007h
        int     10h
        mov     ax, 0E2Eh
        int     10h
%endmacro
%macro DOS_VERSION 0
        mov     ah, 30h
        int     21h
%endmacro
%macro BLOCK_MOVE 0
        push    cs
        pop     es
        mov     si, gdt
        mov     cx, 2048                ; words: 4 KB
        mov     ah, 87h
        int     15h
%endmacro
%macro XMS_MOVE 0
        mov     si, xms_move
        mov     ah, 0Bh
        call    far [xms_entry]
%endmacro
%macro READ32K 0
        mov     ax, 4200h               ; seek to 0
        mov     bx, [handle]
        xor     cx, cx
        xor     dx, dx
        int     21h
        mov     ah, 3Fh
        mov     bx, [handle]
        mov     cx, 8000h
        mov     dx, buf
        int     21h
%endmacro

start:
        ; the source descriptor of the block move: our buffer, linear
        mov     ax, cs
        movzx   eax, ax
        shl     eax, 4
        add     eax, buf
        mov     [gdt + 16 + 2], ax
        shr     eax, 16
        mov     [gdt + 16 + 4], al
        mov     [gdt + 16 + 7], ah
        ; the XMS row's move: 4 KB from our buffer (seg:off) to an EMB
        mov     [xms_move + 6 + 2], cs
        mov     word [xms_move + 6], buf
        ; the 32 KB file
        mov     ax, 3D00h
        mov     dx, fname
        int     21h
        jc      .nofile
        mov     [handle], ax
.nofile:
        ROW     "loop", 1000, nop
        ROW     "cli_sti", 1000, CLI_STI
        ROW     "pushf_popf", 1000, PUSHF_POPF
        ROW     "int16_01", 1000, KBD_STATUS
        ; the cursor to the top left: the 400 characters then fill five
        ; lines and never scroll.  Where the cursor was depends on how much
        ; was printed before (vmm386's own boot lines put it at the bottom,
        ; where every 80 characters scroll the screen), which is not what
        ; this row measures.
        mov     ah, 02h
        mov     bh, 0
        xor     dx, dx
        int     10h
        ROW     "int10_0e_twice", 200, TELETYPE2
        ROW     "int21_30", 1000, DOS_VERSION
        ROW     "int15_87_4k", 100, BLOCK_MOVE
        ; XMS (XMS.SYS in CONFIG.SYS): one 4 KB EMB, one move per iteration
        mov     ax, 4300h
        int     2Fh
        cmp     al, 80h
        jne     .noxms
        mov     ax, 4310h
        int     2Fh
        mov     [xms_entry], bx
        mov     [xms_entry + 2], es
        mov     dx, 4
        mov     ah, 09h
        call    far [xms_entry]
        cmp     ax, 1
        jne     .noxms
        mov     [xms_move + 10], dx     ; the destination handle
        push    dx
        ROW     "xms_move_4k", 100, XMS_MOVE
        pop     dx
        mov     ah, 0Ah
        call    far [xms_entry]
        jmp     .xmsdone
.noxms: mov     si, noxms_msg
        call    puts
.xmsdone:
        push    cs
        pop     es
        cmp     word [handle], 0
        je      .noread
        ROW     "read32k", 10, READ32K
.noread:
        mov     si, done_msg
        call    puts
        mov     al, 0
        out     0F4h, al
        mov     ax, 4C00h
        int     21h

; report: SI = name, CX = iterations, EDX:EAX = TSC delta
report:
        push    eax
        push    edx
        push    si
        mov     si, prefix
        call    puts
        pop     si
        call    puts
        mov     al, ' '
        out     0E9h, al
        mov     ax, cx
        call    hex16
        mov     al, ' '
        out     0E9h, al
        pop     eax
        call    hex32
        mov     al, ' '
        out     0E9h, al
        pop     eax
        call    hex32
        mov     al, 10
        out     0E9h, al
        ret

%include "tests/guest/dos/e9out.inc"

prefix  db      "DOSBENCH ", 0
done_msg db     "DOSBENCH done", 10, 0
noxms_msg db    "DOSBENCH no XMS driver", 10, 0
fname   db      "DATA.BIN", 0
xms_entry dd    0
; XMS move structure: length, source handle 0 (seg:off: filled in above),
; destination handle (filled in) and offset 0
xms_move: dd    4096
        dw      0
        dd      0
        dw      0
        dd      0
handle  dw      0
count   dw      0
t0      dd      0, 0
; INT 15h AH=87h descriptor table: dummy, GDT, source, destination, BIOS CS, SS
gdt:    times 16 db 0
        dw      0FFFFh, 0, 9300h, 0     ; source: filled in above
        dw      0FFFFh, 0, 9320h, 0     ; destination: 200000h
        times 16 db 0
buf:
