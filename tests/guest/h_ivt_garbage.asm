; h_ivt_garbage.asm -- hostile guest: control transfers to garbage, with the
; guest's own INT 6 handler to recover.  The VM survives each:
;   - INT 61h whose IVT entry points at 5000:0000, holding FF FFh (an invalid
;     opcode): INT 6 at 5000:0000
;   - a far jump to 5000:0000: the same
;   - far jumps into the VMM's break page (its segment: the BIOS memory size
;     at 0040:0013 in KB, times 64; printed as "BREAK ssss"), at offset 0000
;     (the nested-execution return) and 0010 (the first callback): the guest
;     must get nothing but INT 6 there, with that CS:IP, since no VMM service
;     is outstanding; never a VMM service, a crash or a hang
; Also records what unbacked adapter space reads as ("INFO D000:0000 ...";
; 00h under QEMU, whose option-ROM area is RAM, FFh on many real machines).
%include "guest.inc"

GSEG    equ 5000h

; EXPECT_UD "name", seg-expr, off  -- exactly one INT 6, at seg:off
%macro EXPECT_UD 3
        mov     ax, %2
        mov     [want_cs], ax
        mov     word [want_ip], %3
        mov     si, %%n
        call    check_ud
        jmp     %%s
%%n:    db      %1, 0
%%s:
%endmacro

main:
        SETVEC  6, h6, old6
        SETVEC  61h, h6, old61          ; replaced by 5000:0000 below
        push    ds
        xor     ax, ax
        mov     ds, ax
        mov     word [61h * 4], 0
        mov     word [61h * 4 + 2], GSEG
        pop     ds
        push    word GSEG
        pop     es
        mov     word [es:0], 0FFFFh     ; ff ff: group 5 /7, invalid
        push    cs
        pop     es
        mov     [resume_cs], cs
        sti

        ; ---- INT 61h -> 5000:0000: the handler drops the fault frame and
        ; IRETs through the INT 61h frame, back behind the INT
        call    arm
        mov     byte [via_iret], 1
        int     61h
        EXPECT_UD "ivt_garbage", GSEG, 0
        mov     ax, sp
        EXPECT  "ivt_garbage_sp", 0FFFEh

        ; ---- far jump to 5000:0000: the handler resumes at [resume_ip]
        call    arm
        mov     word [resume_ip], .back1
        jmp     GSEG:0
.back1:
        EXPECT_UD "far_jmp_garbage", GSEG, 0

        ; ---- the break page (only under vmm386: INT 2Fh AX=1600h, the
        ; enhanced-mode install check, answers AL = major version there)
        mov     ax, 1600h
        int     2Fh
        test    al, 7Fh
        jnz     .vmm
        PRINTLN "INFO no VMM: break page skipped"
        jmp     .adapter
.vmm:   push    ds
        push    word 40h
        pop     ds
        mov     ax, [13h]               ; KB
        pop     ds
        shl     ax, 6                   ; KB -> paragraphs
        mov     [brk_seg], ax
        mov     [far_ptr + 2], ax
        PRINTHEX "BREAK", ax
        call    arm
        mov     word [resume_ip], .back2
        mov     word [far_ptr], 0
        jmp     far [far_ptr]
.back2:
        EXPECT_UD "break_page_0000", [brk_seg], 0
        call    arm
        mov     word [resume_ip], .back3
        mov     word [far_ptr], 10h
        jmp     far [far_ptr]
.back3:
        EXPECT_UD "break_page_0010", [brk_seg], 10h

        ; ---- what D000:0000 reads as
.adapter:
        push    ds
        push    word 0D000h
        pop     ds
        mov     ax, [0]
        pop     ds
        PRINTHEX "INFO D000:0000", ax

        cli
        RESTVEC 61h, old61
        RESTVEC 6, old6
        sti
        EXIT

; check_ud: CS:SI = name; PASS if exactly one INT 6 came, at want_cs:want_ip
check_ud:
        cmp     word [cnt], 1
        jne     .bad
        mov     ax, [got_cs]
        cmp     ax, [want_cs]
        jne     .bad
        mov     ax, [got_ip]
        cmp     ax, [want_ip]
        jne     .bad
        PRINT   "PASS "
        call    puts
        call    newline
        inc     word [pass_count]
        ret
.bad:   PRINT   "FAIL "
        call    puts
        PRINT   " count "
        mov     ax, [cnt]
        call    puthex16
        PRINT   " at "
        mov     ax, [got_cs]
        call    puthex16
        PRINT   ":"
        mov     ax, [got_ip]
        call    puthex16
        call    newline
        inc     word [fail_count]
        ret

; arm: nothing seen yet; resume by jumping (far jumps) unless told otherwise
arm:    mov     word [cnt], 0
        mov     word [got_cs], 0
        mov     word [got_ip], 0FFFFh
        mov     byte [via_iret], 0
        ret

; INT 6: record the faulting CS:IP, drop the fault frame, then leave through
; the INT 61h frame below it (via_iret) or jump to [resume_ip]
h6:     push    bp
        mov     bp, sp
        push    ax
        inc     word [cs:cnt]
        mov     ax, [bp+2]
        mov     [cs:got_ip], ax
        mov     ax, [bp+4]
        mov     [cs:got_cs], ax
        pop     ax
        pop     bp
        add     sp, 6
        cmp     byte [cs:via_iret], 0
        je      .jmp
        iret
.jmp:   jmp     far [cs:resume_ip]

old6    dd 0
old61   dd 0
cnt     dw 0
got_cs  dw 0
got_ip  dw 0
brk_seg dw 0
want_cs dw 0
want_ip dw 0
via_iret db 0
far_ptr dw 0, 0
resume_ip dw 0
resume_cs dw 0
