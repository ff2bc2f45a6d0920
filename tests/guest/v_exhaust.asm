; v_exhaust.asm -- the fixed tables, filled up through the C test VxD VXDTEST
; (tests/vxd/vxdtest.c, device 7E01h, AH=15h), in a boot of their own:
;   V86 breakpoints: the table's 10240 less V86MMGR's one (at VM 1's BIOS
;   INT 15h entry), 10239 at 3000:0000-27FE; the next (and any further
;   one) fails with carry and patches nothing; one freed slot is usable
;   again; the last one still works; removing them all restores every byte.
;   V86 callbacks: 1024 in all (the VxDs' V86 API entry points included);
;   allocating until one fails, the next Allocate_V86_Call_Back fails too;
;   the last one works.
%include "guest.inc"
%include "vxdapi.inc"

VXDTEST_ID      equ 7E01h
BUF_SEG         equ 3000h
MAX_BPS         equ 10240 - 1           ; the table less V86MMGR's INT 15h breakpoint
OP_INC_BX       equ 43h
OP_ARPL         equ 63h
OP_RETF         equ 0CBh

; BUFBP fn, count, off  -- AH=15h AL=fn with CX=count at BUF_SEG:off
%macro BUFBP 3
        push    es
        push    word BUF_SEG
        pop     es
        mov     di, %3
        mov     cx, %2
        mov     al, %1
        VXD     15h
        pop     es
%endmacro

main:
        push    cs
        pop     es
        cld
        mov     bx, VXDTEST_ID
        call    get_entry
        mov     [vxd], dx
        mov     [vxd + 2], cx
        mov     ax, cx
        or      ax, dx
        jnz     .found
        FAIL    "vxd_entry"
        jmp     done
.found: PASS    "vxd_entry"
        call    test_breakpoints
        call    test_callbacks
        PRINTLN "mark end"
done:
        EXIT

; ---------------------------------------------------------- breakpoints
test_breakpoints:
        ; the buffer: INC BX everywhere, RETF right after the last breakpoint
        push    es
        push    word BUF_SEG
        pop     es
        xor     di, di
        mov     cx, MAX_BPS
        mov     al, OP_INC_BX
        rep     stosb
        mov     byte [es:MAX_BPS], OP_RETF
        pop     es

        BUFBP   00h, MAX_BPS + 1, 0     ; one more than fits
        PASS_IF c, "bp_table_full_cf"
        EXPECT  "bp_table_holds_10239", MAX_BPS
        push    es
        push    word BUF_SEG
        pop     es
        mov     al, [es:MAX_BPS]
        pop     es
        movzx   ax, al
        EXPECT  "bp_failed_install_patches_nothing", OP_RETF
        call    count_arpl
        EXPECT  "bp_all_patched", MAX_BPS

        mov     di, spare1              ; the next one fails too
        mov     edx, 0EEEEEEEEh
        mov     al, 0
        VXD     01h
        PASS_IF c, "bp_next_install_cf"

        ; a freed slot is usable again, then the table is full again
        BUFBP   01h, 1, 0
        EXPECT  "bp_remove_one", 1
        mov     di, spare1
        mov     edx, 51h
        mov     al, 0
        VXD     01h
        PASS_IF nc, "bp_install_in_freed_slot"
        mov     di, spare2
        mov     edx, 0EEEEEEEEh
        mov     al, 0
        VXD     01h
        PASS_IF c, "bp_full_again_cf"
        mov     di, spare1
        VXD     02h
        PASS_IF nc, "bp_remove_spare"

        ; the last one works: BX+1 by the callback, then RETF
        PRINTLN "mark last bp"
        mov     bx, 1000h
        call    far [last_bp]
        mov     ax, bx
        EXPECT  "bp_last_works", 1001h
        PRINTLN "mark bp cleanup"

        ; remove them all: every byte is INC BX again
        BUFBP   01h, MAX_BPS, 0
        EXPECT  "bp_remove_all", MAX_BPS - 1
        call    count_arpl
        EXPECT  "bp_all_restored", 0
        BUFBP   00h, 1, 0
        PASS_IF nc, "bp_install_after_cleanup"
        BUFBP   01h, 1, 0
        EXPECT  "bp_remove_after_cleanup", 1
        ret

; count_arpl: AX = ARPL bytes in BUF_SEG:0 .. MAX_BPS-1
count_arpl:
        push    es
        push    cx
        push    di
        push    word BUF_SEG
        pop     es
        xor     di, di
        xor     ax, ax
        mov     cx, MAX_BPS
.l:     cmp     byte [es:di], OP_ARPL
        jne     .n
        inc     ax
.n:     inc     di
        loop    .l
        pop     di
        pop     cx
        pop     es
        ret

; ------------------------------------------------------------ callbacks
test_callbacks:
        mov     cx, 2000
        mov     al, 02h
        VXD     15h                     ; allocate until one fails
        PASS_IF c, "cb_table_full_cf"
        mov     [cb_count], ax
        mov     [cb_first], di
        mov     [cb_first + 2], es
        mov     [cb_last], edx
        push    cs
        pop     es
        PRINTHEX "info cb_count", [cb_count]
        PRINTHEX "info cb_first_seg", [cb_first + 2]
        PRINTHEX "info cb_first_off", [cb_first]
        PRINTHEX "info cb_last_seg", [cb_last + 2]
        PRINTHEX "info cb_last_off", [cb_last]
        mov     ax, [cb_first + 2]
        cmp     ax, [vxd + 2]
        PASS_IF e, "cb_in_break_page"
        mov     edx, 0EEEEEEEEh         ; and the next one fails too
        VXD     04h
        PASS_IF c, "cb_next_allocate_cf"
        mov     ax, es
        or      ax, di
        EXPECT  "cb_next_allocate_0_0", 0
        push    cs
        pop     es

        PRINTHEX "info cb_last_ret", cb_last_ret
        PRINTLN "mark last cb"
        xor     ecx, ecx
        call    far [cb_last]           ; its RefData is its index
cb_last_ret:
        mov     ax, [cb_count]
        dec     ax
        movzx   eax, ax
        cmp     ecx, eax
        PASS_IF e, "cb_last_works"
        PRINTLN "mark cb done"
        ret


spare1: inc     bx
        ret
spare2: inc     bx
        ret

vxd         dd 0
last_bp     dw MAX_BPS - 1, BUF_SEG
cb_count    dw 0
cb_first    dd 0
cb_last     dd 0
