; h_ud.asm -- hostile guest: instructions that are invalid in real and V86
; mode raise #UD, and the monitor reflects it to the guest's own INT 6 with the
; real-mode CS:IP of the instruction (prefixes included).  The VM survives.
;   - system instructions: SLDT, STR, LLDT, LTR, VERR, VERW, LAR, LSL (#UD in
;     real and V86 mode), SYSCALL (#UD on a CPU without it in 32-bit code)
;   - ARPL (63h, the VMM's breakpoint opcode) at addresses that are not a
;     registered breakpoint, in register and memory forms, with 66h, 67h,
;     segment, REP and LOCK prefixes: always INT 6, never a VMM service.
; Each case: exactly one INT 6, IP at the first byte of the instruction.
%include "guest.inc"

; TRY_UD "name", bytes...  -- run the bytes; expect one INT 6 at their start
%macro TRY_UD 2+
        mov     word [cnt], 0
        mov     word [got_ip], 0
        mov     word [resume], %%end
        mov     word [want_ip], %%insn
        xor     ax, ax                  ; a null selector for the LLDT/LTR forms
        xor     bx, bx
%%insn: db      %2
        ; not reached when the bytes fault (the handler resumes at %%end)
%%end:
        mov     si, %%n
        call    check
        jmp     %%s
%%n:    db      %1, 0
%%s:
%endmacro

main:
        SETVEC  6, h6, old6
        sti

        ; ---- system instructions (0F 00 /r, 0F 02, 0F 03, 0F 05)
        TRY_UD  "ud_sldt", 0Fh, 00h, 0C0h               ; sldt ax
        TRY_UD  "ud_sldt_mem", 0Fh, 00h, 06h, 0, 0F0h   ; sldt [F000h]
        TRY_UD  "ud_str", 0Fh, 00h, 0C8h                ; str ax
        TRY_UD  "ud_lldt", 0Fh, 00h, 0D0h               ; lldt ax
        TRY_UD  "ud_ltr", 0Fh, 00h, 0D8h                ; ltr ax
        TRY_UD  "ud_verr", 0Fh, 00h, 0E0h               ; verr ax
        TRY_UD  "ud_verw", 0Fh, 00h, 0E8h               ; verw ax
        TRY_UD  "ud_lar", 0Fh, 02h, 0C3h                ; lar ax, bx
        TRY_UD  "ud_lsl", 0Fh, 03h, 0C3h                ; lsl ax, bx
        TRY_UD  "ud_lar_66", 66h, 0Fh, 02h, 0C3h        ; lar eax, ebx
        TRY_UD  "ud_syscall", 0Fh, 05h                  ; syscall
        TRY_UD  "ud_ud2_prefixed", 2Eh, 66h, 0Fh, 0Bh   ; cs o32 ud2

        ; ---- ARPL (63 /r): the breakpoint opcode, but not at a breakpoint
        TRY_UD  "arpl_reg", 63h, 0C0h                   ; arpl ax, ax
        TRY_UD  "arpl_mem", 63h, 06h, 0, 0F0h           ; arpl [F000h], ax
        TRY_UD  "arpl_mem_disp8", 63h, 47h, 10h         ; arpl [bx+10h], ax
        TRY_UD  "arpl_66", 66h, 63h, 0C0h               ; o32 arpl
        TRY_UD  "arpl_67", 67h, 63h, 00h                ; arpl [eax], ax
        TRY_UD  "arpl_67_sib", 67h, 63h, 04h, 24h       ; arpl [esp], ax
        TRY_UD  "arpl_seg", 26h, 63h, 07h               ; arpl es:[bx], ax
        TRY_UD  "arpl_rep", 0F3h, 63h, 0C0h             ; rep arpl ax, ax
        TRY_UD  "arpl_lock", 0F0h, 63h, 07h             ; lock arpl [bx], ax
        TRY_UD  "arpl_many_prefixes", 2Eh, 3Eh, 26h, 64h, 65h, 36h, 66h, 67h, 0F3h, 63h, 0C0h

        ; ---- the same opcode, reached through a far jump into our data
        mov     word [cnt], 0
        mov     word [resume], .far_back
        mov     word [want_ip], arpl_blob
        mov     [blob_seg], cs
        jmp     far [blob_ptr]
.far_back:
        mov     si, .n_far
        call    check
        jmp     .s_far
.n_far: db      "arpl_far_target", 0
.s_far:

        ; the handlers left IF as it was
        pushf
        pop     ax
        and     ax, 0200h
        EXPECT  "ud_if_kept", 0200h
        RESTVEC 6, old6
        EXIT

; check: CS:SI = name; PASS if exactly one INT 6 came, at want_ip in our CS
check:
        cmp     word [cnt], 1
        jne     .bad
        mov     ax, [got_ip]
        cmp     ax, [want_ip]
        jne     .bad
        mov     ax, cs
        cmp     ax, [got_cs]
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
        PRINT   " want "
        mov     ax, [want_ip]
        call    puthex16
        call    newline
        inc     word [fail_count]
        ret

; INT 6: count, record the frame's CS:IP, resume at [resume]
h6:     push    bp
        mov     bp, sp
        push    ax
        inc     word [cs:cnt]
        mov     ax, [bp+2]
        mov     [cs:got_ip], ax
        mov     ax, [bp+4]
        mov     [cs:got_cs], ax
        mov     ax, [cs:resume]
        mov     [bp+2], ax
        pop     ax
        pop     bp
        iret

arpl_blob:
        db      63h, 0C0h
        jmp     main.far_back           ; not reached

old6    dd 0
cnt     dw 0
got_ip  dw 0
got_cs  dw 0
want_ip dw 0
resume  dw 0
blob_ptr:
        dw      arpl_blob
blob_seg dw 0
