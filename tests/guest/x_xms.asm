; x_xms.asm -- a tiny XMS "driver" of our own, and a DOS-style program that
; uses it.  Exercises the XMSHOOK sample VxD (vxd/samples/xmshook.c), which
; puts a V86 breakpoint on the driver's entry; the program must see exactly
; the same answers with and without vmm386 (the breakpoint is transparent).
;
; The driver: an INT 2Fh handler (AX=4300h -> AL=80h "installed";
; AX=4310h -> ES:BX = entry; anything else chained to the previous vector)
; and an entry that starts, as XMS entries do, with `EB 03 90 90 90` (a
; short jump over three NOPs that hookers may patch), then dispatches AH:
;   00h version: AX=0300h, BX=driver revision 0101h, DX=1 (HMA exists)
;   03h/05h global/local enable A20, 04h/06h disable: AX=1, BL=0 (state only)
;   07h query A20: AX=state
;   08h query free: AX=largest block KB, DX=total KB
;   09h allocate EMB: DX=KB -> AX=1, DX=handle (one handle, 0001h)
;   0Ah free EMB: DX=handle -> AX=1 (AX=0, BL=A2h for a bad handle)
;   other: AX=0, BL=80h (not implemented); returns with RETF.
; First the program asks before the driver is installed (nobody answers: XMSHOOK
; must not take the untouched ES:BX for an entry), then installs it, then
; "reloads" the driver three times at new entries that
; start with other opcodes: a far jump (EA), CLD (FC: XMSHOOK does not
; know it and steps aside), and a NOP (90).
%include "guest.inc"

FREE_KB equ 0F00h                       ; 3840 KB

; XCALL fn  -- AH = fn, far call through the entry the driver gave us
%macro XCALL 1
        mov     ah, %1
        call    far [xms]
%endmacro

main:
        mov     [far_seg], cs           ; the EA entry jumps to CS:xms_dispatch
        ; "entries SSSS OOOO OOOO OOOO OOOO": where the four entries are,
        ; for the test's expected XMSHOOK lines
        PRINT   "entries "
        mov     ax, cs
        call    puthex16
        mov     si, entries
.e:     PRINT   " "
        mov     ax, [si]
        call    puthex16
        add     si, 2
        cmp     si, entries_end
        jb      .e
        call    newline

        ; ---- before the driver is there: nobody answers 4300h / 4310h
        mov     ax, 4300h
        int     2Fh
        EXPECT  "xms_absent", 4300h
        xor     bx, bx
        mov     es, bx
        mov     ax, 4310h
        int     2Fh
        mov     ax, es
        or      ax, bx
        push    ds
        pop     es
        EXPECT  "xms_absent_entry", 0

        SETVEC  2Fh, int2f, old2f

        ; ---- installation check and entry point, as DOS programs do
        mov     ax, 4300h
        int     2Fh
        EXPECT  "xms_installed", 4380h
        xor     bx, bx
        mov     es, bx
        mov     ax, 4310h
        int     2Fh
        mov     [xms], bx
        mov     [xms+2], es
        call    check_entry
        EXPECT  "xms_entry", entry_short

        ; ---- calls through the entry
        mov     bx, 0FFFFh
        mov     dx, 0FFFFh
        XCALL   00h
        EXPECT  "xms_version", 0300h
        mov     ax, bx
        EXPECT  "xms_version_bx", 0101h
        mov     ax, dx
        EXPECT  "xms_version_hma", 0001h

        XCALL   08h
        EXPECT  "xms_query_free", FREE_KB
        mov     ax, dx
        EXPECT  "xms_query_free_dx", FREE_KB

        mov     dx, 0040h
        XCALL   09h
        EXPECT  "xms_alloc", 1
        mov     ax, dx
        EXPECT  "xms_alloc_handle", 0001h
        mov     [handle], dx

        XCALL   08h
        EXPECT  "xms_query_after_alloc", FREE_KB - 40h

        mov     dx, [handle]
        XCALL   0Ah
        EXPECT  "xms_free", 1

        XCALL   03h
        EXPECT  "xms_global_enable", 1
        XCALL   07h
        EXPECT  "xms_query_a20_on", 1
        XCALL   04h
        EXPECT  "xms_global_disable", 1
        XCALL   07h
        EXPECT  "xms_query_a20_off", 0
        XCALL   05h
        EXPECT  "xms_local_enable", 1
        XCALL   06h
        EXPECT  "xms_local_disable", 1

        mov     bl, 0
        XCALL   88h                     ; not in this driver
        EXPECT  "xms_unimplemented", 0
        mov     al, bl
        xor     ah, ah
        EXPECT  "xms_unimplemented_bl", 80h

        ; ---- AX=4310h again, ES:BX still holding the answer: same entry
        les     bx, [xms]
        mov     ax, 4310h
        int     2Fh
        push    ds
        pop     es
        mov     ax, bx
        EXPECT  "xms_entry_again", entry_short

        ; ---- other INT 2Fh functions reach the previous handler
        mov     word [chained], 0
        mov     ax, 0ABCDh
        int     2Fh
        EXPECT  "int2f_chain_ax", 0ABCDh
        mov     ax, [chained]
        EXPECT  "int2f_chained", 1

        ; ---- the driver moves to an entry that starts with a far jump
        mov     si, entry_far
        call    reload
        EXPECT  "xms_entry_far", entry_far
        mov     al, [entry_short]       ; the old entry is ours again
        xor     ah, ah
        EXPECT  "xms_old_entry_intact", 0EBh
        XCALL   00h
        EXPECT  "xms_version_far", 0300h
        XCALL   08h
        EXPECT  "xms_query_free_far", FREE_KB

        ; ---- ... one that starts with an opcode XMSHOOK does not simulate
        mov     si, entry_cld
        call    reload
        EXPECT  "xms_entry_cld", entry_cld
        std
        XCALL   00h
        pushf
        EXPECT  "xms_version_cld", 0300h
        pop     ax
        and     ax, 0400h               ; DF: the CLD did run
        EXPECT  "xms_cld_ran", 0
        cld
        XCALL   07h
        EXPECT  "xms_query_a20_cld", 0
        mov     al, [entry_cld]
        xor     ah, ah
        EXPECT  "xms_cld_entry_intact", 0FCh

        ; ---- ... and one that starts with a NOP (hooked until the end)
        mov     si, entry_nop
        call    reload
        EXPECT  "xms_entry_nop", entry_nop
        XCALL   00h
        EXPECT  "xms_version_nop", 0300h
        mov     dx, 0100h
        XCALL   09h
        EXPECT  "xms_alloc_nop", 1
        mov     dx, 0002h
        XCALL   0Ah
        EXPECT  "xms_free_bad_handle", 0
        mov     al, bl
        xor     ah, ah
        EXPECT  "xms_free_bad_handle_bl", 0A2h

        RESTVEC 2Fh, old2f
        EXIT

; reload: SI = new entry; the driver now answers 4310h with CS:SI.
; Returns AX = the BX the driver gave (ES checked by check_entry).
reload:
        mov     [cur_entry], si
        xor     bx, bx
        mov     es, bx
        mov     ax, 4310h
        int     2Fh
        mov     [xms], bx
        mov     [xms+2], es
        call    check_entry
        ret

; check_entry: ES must be our CS; AX = BX; ES back to DS
check_entry:
        mov     ax, es
        mov     cx, cs
        cmp     ax, cx
        je      .ok
        FAIL    "xms_entry_segment"
.ok:    push    ds
        pop     es
        mov     ax, bx
        ret

entries     dw entry_short, entry_far, entry_cld, entry_nop
entries_end:
old2f       dd 0
xms         dd 0
handle      dw 0
chained     dw 0

; ================================================================ driver

int2f:
        cmp     ax, 4300h
        je      .installed
        cmp     ax, 4310h
        je      .entry
        inc     word [cs:chained]
        jmp     far [cs:old2f]
.installed:
        mov     al, 80h
        iret
.entry:
        push    cs
        pop     es
        mov     bx, [cs:cur_entry]
        iret

cur_entry   dw entry_short
a20_state   dw 0
free_kb     dw FREE_KB
alloc_kb    dw 0                        ; size of handle 1, 0 = free

entry_short:                            ; the XMS convention
        db      0EBh, 03h, 90h, 90h, 90h
        jmp     xms_dispatch

entry_far:                              ; far jump to the dispatcher
        db      0EAh
        dw      xms_dispatch
far_seg dw      0

entry_cld:                              ; CLD: unknown to XMSHOOK
        cld
        jmp     xms_dispatch

entry_nop:
        nop
        jmp     xms_dispatch

xms_dispatch:
        cmp     ah, 00h
        je      .version
        cmp     ah, 03h
        je      .a20_on
        cmp     ah, 04h
        je      .a20_off
        cmp     ah, 05h
        je      .a20_on
        cmp     ah, 06h
        je      .a20_off
        cmp     ah, 07h
        je      .a20_query
        cmp     ah, 08h
        je      .query_free
        cmp     ah, 09h
        je      .alloc
        cmp     ah, 0Ah
        je      .free
        xor     ax, ax
        mov     bl, 80h                 ; function not implemented
        retf
.version:
        mov     ax, 0300h
        mov     bx, 0101h
        mov     dx, 1
        retf
.a20_on:
        mov     word [cs:a20_state], 1
        mov     ax, 1
        xor     bl, bl
        retf
.a20_off:
        mov     word [cs:a20_state], 0
        mov     ax, 1
        xor     bl, bl
        retf
.a20_query:
        mov     ax, [cs:a20_state]
        xor     bl, bl
        retf
.query_free:
        mov     ax, [cs:free_kb]
        mov     dx, ax
        xor     bl, bl
        retf
.alloc:
        cmp     word [cs:alloc_kb], 0
        jne     .no_handle
        cmp     dx, [cs:free_kb]
        ja      .no_memory
        mov     [cs:alloc_kb], dx
        sub     [cs:free_kb], dx
        mov     ax, 1
        mov     dx, 1
        xor     bl, bl
        retf
.no_handle:
        xor     ax, ax
        mov     bl, 0A1h                ; all handles in use
        retf
.no_memory:
        xor     ax, ax
        mov     bl, 0A0h                ; all extended memory allocated
        retf
.free:
        cmp     dx, 1
        jne     .bad_handle
        cmp     word [cs:alloc_kb], 0
        je      .bad_handle
        push    ax
        mov     ax, [cs:alloc_kb]
        add     [cs:free_kb], ax
        pop     ax
        mov     word [cs:alloc_kb], 0
        mov     ax, 1
        xor     bl, bl
        retf
.bad_handle:
        xor     ax, ax
        mov     bl, 0A2h                ; invalid handle
        retf
