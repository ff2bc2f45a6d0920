; t_disk.asm -- INT 13h on the boot floppy: AH=00h reset, AH=08h drive
; parameters, AH=02h CHS reads (one multi-sector read of the root directory
; and of the FAT, then DATA.BIN sector by sector along its FAT12 chain),
; checking the contents: DATA.BIN (8 KB, put in the image by mkimage) holds
; byte i = (i xor (i >> 8)) & FFh.  Also a read past the last cylinder fails.
%include "guest.inc"

BUFSEG  equ 2000h                       ; boot sector, root directory, FAT
DATASEG equ 3000h                       ; DATA.BIN
DATA_SIZE equ 8192

main:
        mov     [drive], dl
        ; ---- AH=00h reset
        mov     ah, 00h
        mov     dl, [drive]
        int     13h
        jc      .rfail
        or      ah, ah
        jnz     .rfail
        PASS    "disk_reset"
        jmp     .params
.rfail: FAIL    "disk_reset"

.params:
        ; ---- AH=08h drive parameters: 1.44 MB = 80 cylinders, 2 heads, 18 sectors
        mov     ah, 08h
        mov     dl, [drive]
        xor     di, di
        int     13h
        push    cs
        pop     es
        jc      .pfail
        or      ah, ah
        jnz     .pfail
        mov     [p_bl], bl
        mov     [p_dl], dl
        mov     ax, cx
        EXPECT  "disk_params_cx", 4F12h
        movzx   ax, dh
        EXPECT  "disk_params_dh", 1
        movzx   ax, byte [p_bl]
        EXPECT  "disk_params_type", 4
        mov     al, [p_dl]
        cmp     al, 1
        PASS_IF ae, "disk_params_count"
        jmp     .boot
.pfail: FAIL    "disk_params"

.boot:
        ; ---- the boot sector (LBA 0)
        push    word BUFSEG
        pop     es
        xor     bx, bx
        mov     ax, 0
        mov     cl, 1
        call    read_lba
        jc      .bfail
        cmp     word [es:510], 0AA55h
        jne     .bfail
        mov     ax, [es:18h]            ; the BPB agrees with AH=08h
        cmp     ax, 18
        jne     .bfail
        mov     ax, [es:1Ah]
        cmp     ax, 2
        jne     .bfail
        PASS    "disk_read_boot"
        jmp     .geom
.bfail: FAIL    "disk_read_boot"
        jmp     .done

.geom:
        ; layout from the BPB (1 sector per cluster assumed for DATA.BIN)
        mov     ax, [es:0Eh]            ; reserved
        mov     [fat_lba], ax
        movzx   ax, byte [es:10h]
        mul     word [es:16h]
        add     ax, [fat_lba]
        mov     [root_lba], ax
        mov     ax, [es:11h]
        shr     ax, 4                   ; 16 entries per 512-byte sector
        mov     [root_secs], ax
        add     ax, [root_lba]
        mov     [data_lba], ax
        mov     ax, [es:16h]
        mov     [fat_secs], ax

        ; ---- root directory: one multi-sector read (14 sectors in one track)
        mov     ax, [root_lba]
        mov     cl, [root_secs]
        xor     bx, bx
        call    read_lba
        jc      .dfail
        movzx   ax, al
        EXPECT  "disk_read_multi_count", 14
        ; find DATA.BIN
        xor     di, di
        mov     cx, 224
.find:  push    cx
        push    di
        mov     si, dataname
        mov     cx, 11
        repe    cmpsb
        pop     di
        pop     cx
        je      .found
        add     di, 32
        loop    .find
        FAIL    "disk_rootdir", "DATA.BIN not found"
        jmp     .done
.found: mov     ax, [es:di+1Ah]
        mov     [cluster], ax
        cmp     dword [es:di+1Ch], DATA_SIZE
        PASS_IF e, "disk_rootdir"

        ; ---- the FAT (sectors 1..9, one read) to 2000:2000
        mov     ax, [fat_lba]
        mov     cl, [fat_secs]
        mov     bx, 2000h
        call    read_lba
        jc      .dfail

        ; ---- DATA.BIN along its cluster chain into 3000:0000
        push    word DATASEG
        pop     es
        xor     bx, bx
.chain: mov     ax, [cluster]
        cmp     ax, 0FF8h
        jae     .loaded
        cmp     ax, 2
        jb      .cfail
        cmp     bx, DATA_SIZE
        jae     .cfail
        sub     ax, 2
        add     ax, [data_lba]
        mov     cl, 1
        call    read_lba
        jc      .dfail
        add     bx, 512
        ; next cluster: FAT12 entry at 2000:2000 + cluster * 3 / 2
        mov     ax, [cluster]
        mov     si, ax
        shr     si, 1
        add     si, ax
        push    es
        push    word BUFSEG
        pop     es
        mov     dx, [es:si+2000h]
        pop     es
        test    al, 1
        jz      .even
        shr     dx, 4
.even:  and     dx, 0FFFh
        mov     [cluster], dx
        jmp     .chain
.cfail: FAIL    "disk_fat_chain"
        jmp     .done
.loaded:
        mov     ax, bx
        EXPECT  "disk_fat_chain", DATA_SIZE
        ; check the pattern
        xor     si, si
        xor     dx, dx                  ; bad bytes
.pat:   mov     ax, si
        xor     al, ah
        cmp     al, [es:si]
        je      .ok
        inc     dx
.ok:    inc     si
        cmp     si, DATA_SIZE
        jb      .pat
        mov     ax, dx
        EXPECT  "disk_data", 0

        ; ---- a read of cylinder 80 (past the end) fails with CF=1, AH != 0
        push    word BUFSEG
        pop     es
        xor     bx, bx
        mov     ax, 0201h
        mov     cx, 5001h               ; cylinder 80, sector 1
        xor     dh, dh
        mov     dl, [drive]
        int     13h
        jnc     .badok
        or      ah, ah
        jz      .badok
        PASS    "disk_read_error"
        jmp     .reset2
.badok: FAIL    "disk_read_error"
.reset2:
        mov     ah, 00h
        mov     dl, [drive]
        int     13h
        jmp     .done

.dfail: FAIL    "disk_read", "INT 13h error"
        PRINTHEX "INFO ah", ax
.done:
        push    cs
        pop     es
        EXIT

; read_lba: AX = LBA, CL = count, ES:BX = buffer.  CHS for 18 sectors, 2
; heads; 3 tries with a reset between them.  Returns CF, AH = status, AL =
; sectors read.
read_lba:
        push    cx
        push    dx
        push    si
        mov     si, 3
        mov     [count], cl
        xor     dx, dx
        mov     cx, 18
        div     cx                      ; AX = track, DX = sector - 1
        inc     dl
        mov     cl, dl
        mov     dh, al
        and     dh, 1                   ; head
        shr     ax, 1
        mov     ch, al                  ; cylinder
.try:   mov     ah, 02h
        mov     al, [count]
        mov     dl, [drive]
        push    cx
        push    dx
        int     13h
        pop     dx
        pop     cx
        jnc     .e
        push    ax
        mov     ah, 00h
        int     13h
        pop     ax
        dec     si
        jnz     .try
        stc
.e:     pop     si
        pop     dx
        pop     cx
        ret

drive       db 0
count       db 0
p_bl        db 0
p_dl        db 0
fat_lba     dw 0
fat_secs    dw 0
root_lba    dw 0
root_secs   dw 0
data_lba    dw 0
cluster     dw 0
dataname    db "DATA    BIN"
