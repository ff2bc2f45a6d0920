; bootsect.asm -- vmm386's FAT12 boot sector for guest test disks.
;
; Like a DOS boot sector it works from the BPB (not hard-coded geometry): it
; reads the root directory with INT 13h AH=02h CHS reads (5 tries each, with an
; AH=00h reset between tries), finds "GUEST   BIN", follows its FAT12 cluster
; chain and loads the file at 1000:0100.  It then starts it with
; CS=DS=ES=SS=1000h, SP=FFFEh, DL = boot drive (as received from the BIOS).
; On an error it prints a message through INT 10h AH=0Eh and port E9h, then
; halts with interrupts enabled.
;
; tools/mkimage.sh keeps the BPB that mkfs.fat wrote and copies only bytes
; 0..2 (the jump) and 3Eh..1FFh (the code) of this sector into the image, so
; the BPB below is only a template matching a 1.44 MB floppy.

bits 16
cpu 386
org 7C00h

LOADSEG   equ 1010h              ; 1000:0100 as a segment (offset 0)
BUFSEG    equ 0050h              ; root directory / FAT buffer at 0000:0500
BUF       equ 0500h
FAT_LBA   equ 7E00h              ; variables just past the sector
ROOT_LBA  equ 7E02h
DATA_LBA  equ 7E04h
CLUSTER   equ 7E06h

        jmp     short start
        nop
bpb_oem         db "VMM386  "
bpb_bps         dw 512          ; 0Bh bytes per sector
bpb_spc         db 1            ; 0Dh sectors per cluster
bpb_reserved    dw 1            ; 0Eh reserved sectors
bpb_nfats       db 2            ; 10h number of FATs
bpb_rootents    dw 224          ; 11h root directory entries
bpb_totsec      dw 2880         ; 13h total sectors
bpb_media       db 0F0h         ; 15h media descriptor
bpb_spf         dw 9            ; 16h sectors per FAT
bpb_spt         dw 18           ; 18h sectors per track
bpb_heads       dw 2            ; 1Ah heads
bpb_hidden      dd 0            ; 1Ch hidden sectors
bpb_totsec32    dd 0            ; 20h
bpb_drive       db 0            ; 24h BIOS drive (overwritten with DL at run time)
bpb_res         db 0            ; 25h
bpb_sig         db 29h          ; 26h
bpb_serial      dd 12345678h    ; 27h
bpb_label       db "VMM386GUEST"; 2Bh
bpb_fstype      db "FAT12   "   ; 36h

%if ($ - $$) != 3Eh
%error "BPB must end at offset 3Eh"
%endif

start:
        cli
        xor     ax, ax
        mov     ds, ax
        mov     es, ax
        mov     ss, ax
        mov     sp, 7C00h
        sti
        cld
        jmp     0:.norm                 ; some BIOSes enter at 07C0:0000
.norm:
        mov     bp, 7C00h
        mov     [bp+24h], dl            ; remember the boot drive

        ; FAT at hidden + reserved
        mov     ax, [bp+0Eh]
        add     ax, [bp+1Ch]
        mov     [FAT_LBA], ax
        ; root directory after the FATs
        mov     al, [bp+10h]
        cbw
        mul     word [bp+16h]
        add     ax, [FAT_LBA]
        mov     [ROOT_LBA], ax
        ; root directory sectors = (entries * 32 + bps - 1) / bps
        mov     ax, [bp+11h]
        mov     cl, 5
        shl     ax, cl
        add     ax, [bp+0Bh]
        dec     ax
        xor     dx, dx
        div     word [bp+0Bh]
        mov     cx, ax
        add     ax, [ROOT_LBA]
        mov     [DATA_LBA], ax

        ; read the root directory and look for GUEST.BIN
        mov     ax, [ROOT_LBA]
        mov     bx, BUFSEG
        mov     es, bx
        call    read_sectors
        xor     ax, ax
        mov     es, ax
        mov     di, BUF
        mov     dx, [bp+11h]
.search:
        cmp     byte [es:di], 0
        je      not_found
        mov     si, fname
        mov     cx, 11
        push    di
        repe    cmpsb
        pop     di
        je      .found
        add     di, 32
        dec     dx
        jnz     .search
        jmp     not_found
.found:
        mov     ax, [di+1Ah]
        mov     [CLUSTER], ax

        ; read the first FAT over the directory buffer
        mov     ax, [FAT_LBA]
        mov     cx, [bp+16h]
        mov     bx, BUFSEG
        mov     es, bx
        call    read_sectors

        ; follow the cluster chain
        mov     bx, LOADSEG
        mov     es, bx
.chain:
        mov     ax, [CLUSTER]
        cmp     ax, 0FF8h
        jae     .loaded
        cmp     ax, 2
        jb      bad_fat
        cmp     ax, 0FF0h
        jae     bad_fat
        push    ax
        dec     ax
        dec     ax
        mov     cl, [bp+0Dh]
        xor     ch, ch
        mul     cx
        add     ax, [DATA_LBA]
        call    read_sectors            ; CX = sectors per cluster
        pop     ax
        mov     si, ax                  ; FAT12 entry at cluster * 3 / 2
        shr     si, 1
        add     si, ax
        mov     dx, [si+BUF]
        test    al, 1
        jz      .even
        mov     cl, 4
        shr     dx, cl
.even:
        and     dx, 0FFFh
        mov     [CLUSTER], dx
        jmp     .chain

.loaded:
        mov     dl, [bp+24h]
        mov     ax, 1000h
        cli
        mov     ss, ax
        mov     sp, 0FFFEh
        sti
        mov     ds, ax
        mov     es, ax
        jmp     1000h:0100h

; read_sectors: AX = first LBA, CX = count, ES:0000 = destination.
; Reads one sector at a time (never crosses a DMA 64 KB boundary); ES is
; advanced past the data read.
read_sectors:
.next:
        push    ax
        push    cx
        call    read_one
        pop     cx
        pop     ax
        inc     ax
        mov     dx, [bp+0Bh]
        shr     dx, 4
        mov     si, es
        add     si, dx
        mov     es, si
        loop    .next
        ret

; read_one: AX = LBA -> ES:0000, 5 tries with a drive reset between them.
read_one:
        xor     dx, dx
        div     word [bp+18h]           ; AX = track, DX = sector - 1
        inc     dx
        mov     cl, dl                  ; sector
        xor     dx, dx
        div     word [bp+1Ah]           ; AX = cylinder, DX = head
        mov     dh, dl
        mov     ch, al
        shl     ah, 6
        or      cl, ah                  ; cylinder bits 8-9
        mov     dl, [bp+24h]
        mov     di, 5
.retry:
        push    cx
        push    dx
        xor     bx, bx
        mov     ax, 0201h
        int     13h
        pop     dx
        pop     cx
        jnc     .ok
        xor     ax, ax                  ; reset the drive and try again
        int     13h
        dec     di
        jnz     .retry
        mov     si, msg_disk
        jmp     error
.ok:
        ret

not_found:
        mov     si, msg_nofile
        jmp     error
bad_fat:
        mov     si, msg_fat
error:
        mov     ax, cs
        mov     ds, ax
.putc:
        lodsb
        or      al, al
        jz      .halt
        out     0E9h, al
        mov     ah, 0Eh
        mov     bx, 0007h
        int     10h
        jmp     .putc
.halt:
        sti
        hlt
        jmp     .halt

fname       db "GUEST   BIN"
msg_disk    db "boot: disk error", 13, 10, 0
msg_nofile  db "boot: no GUEST.BIN", 13, 10, 0
msg_fat     db "boot: bad FAT chain", 13, 10, 0

        times 510 - ($ - $$) db 0
        dw      0AA55h
