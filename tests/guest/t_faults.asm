; t_faults.asm -- CPU exceptions reach the guest's own IVT handlers with the
; real-mode CS:IP: INT 0 (DIV by zero and DIV overflow: IP at the DIV, the
; handler must skip it), INT 6 (UD2 0F 0B and ARPL 63h, invalid in real mode:
; IP at the opcode), INT 4 (INTO with OF=1: IP after INTO), INT 5 (BOUND out
; of range: IP at the BOUND), INT 3 (CC and CD 03: IP after the instruction).
; Every handler counts, records the CS:IP of its frame and resumes at
; [resume].  PASS when each fired exactly once with the expected CS:IP.
%include "guest.inc"

; TRY expect_ip, resume_label  -- set what the next exception should report
%macro TRY 2
        mov     word [cnt], 0
        mov     word [got_ip], 0
        mov     word [got_cs], 0
        mov     word [resume], %2
        mov     word [want_ip], %1
%endmacro

; CHECK "name", vector  -- exactly one exception through <vector>, at want_ip, CS = ours
%macro CHECK 2
        mov     si, %%n
        mov     al, %2
        call    check
        jmp     %%s
%%n:    db      %1, 0
%%s:
%endmacro

main:
        SETVEC  0, h0, old0
        SETVEC  3, h3, old3
        SETVEC  4, h4, old4
        SETVEC  5, h5, old5
        SETVEC  6, h6, old6
        sti

        ; ---- divide by zero: fault, IP at the DIV
        TRY     .div0, .div0_end
        mov     ax, 1234h
        xor     bl, bl
.div0:  div     bl
.div0_end:
        CHECK   "fault_div0", 0
        ; ---- quotient overflow: 1000h / 2 does not fit in AL
        TRY     .divo, .divo_end
        mov     ax, 1000h
        mov     bl, 2
.divo:  div     bl
.divo_end:
        CHECK   "fault_div_overflow", 0
        ; ---- 32-bit form: EDX:EAX / 0
        TRY     .div32, .div32_end
        xor     edx, edx
        mov     eax, 1
        xor     ecx, ecx
.div32: div     ecx
.div32_end:
        CHECK   "fault_div32", 0

        ; ---- UD2
        TRY     .ud2, .ud2_end
.ud2:   ud2
.ud2_end:
        CHECK   "fault_ud2", 6
        ; ---- ARPL (63 /r) is invalid in real mode
        TRY     .arpl, .arpl_end
.arpl:  db      63h, 0C0h               ; arpl ax, ax
.arpl_end:
        CHECK   "fault_arpl", 6

        ; ---- INTO with OF=1: trap, IP after INTO
        TRY     .into_end, .into_end
        mov     al, 7Fh
        add     al, 1                   ; OF=1
        into
.into_end:
        CHECK   "trap_into", 4
        ; INTO with OF=0 does nothing
        TRY     0, .nointo_end
        xor     al, al                  ; OF=0
        into
.nointo_end:
        mov     ax, [cnt]
        EXPECT  "into_of0", 0

        ; ---- BOUND out of range: fault, IP at the BOUND
        TRY     .bound, .bound_end
        mov     ax, 20
.bound: bound   ax, [bounds]
.bound_end:
        CHECK   "fault_bound", 5
        ; in range: nothing
        TRY     0, .inb_end
        mov     ax, 5
        bound   ax, [bounds]
.inb_end:
        mov     ax, [cnt]
        EXPECT  "bound_in_range", 0

        ; ---- INT3 (CC): trap, IP after it
        TRY     .int3_end, .int3_end
        int3
.int3_end:
        CHECK   "trap_int3", 3
        ; ---- INT 3 (CD 03)
        TRY     .int3b_end, .int3b_end
        int     3
.int3b_end:
        CHECK   "trap_int_3", 3

        ; the handlers left IF as it was
        pushf
        pop     ax
        and     ax, 0200h
        EXPECT  "faults_if", 0200h

        RESTVEC 0, old0
        RESTVEC 3, old3
        RESTVEC 4, old4
        RESTVEC 5, old5
        RESTVEC 6, old6
        EXIT

; check: CS:SI = name, AL = vector expected
check:
        cmp     word [cnt], 1
        jne     .bad
        cmp     [vec], al
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
        PRINT   " vector "
        mov     al, [vec]
        call    puthex8
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

; HANDLER n: count, record vector and the frame's CS:IP, resume at [resume]
%macro HANDLER 1
h%1:    push    bp
        mov     bp, sp
        push    ax
        inc     word [cs:cnt]
        mov     byte [cs:vec], %1
        mov     ax, [bp+2]
        mov     [cs:got_ip], ax
        mov     ax, [bp+4]
        mov     [cs:got_cs], ax
        mov     ax, [cs:resume]
        mov     [bp+2], ax
        pop     ax
        pop     bp
        iret
%endmacro
        HANDLER 0
        HANDLER 3
        HANDLER 4
        HANDLER 5
        HANDLER 6

old0    dd 0
old3    dd 0
old4    dd 0
old5    dd 0
old6    dd 0
cnt     dw 0
vec     db 0FFh
got_ip  dw 0
got_cs  dw 0
want_ip dw 0
resume  dw 0
bounds  dw 0, 10
