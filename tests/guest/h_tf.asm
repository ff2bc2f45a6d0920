; h_tf.asm -- hostile guest: TF set in the guest.  Single-stepping across the
; instructions the monitor emulates (CLI, STI, PUSHF, POPF, INT n, IN/OUT and
; REP INSB on a trapped port) must look exactly like real mode: one INT 1 after
; each iteration of a REP string instruction (IP still at it), one after each
; instruction, with the IP of the next one; none after the POPF that sets TF;
; one after the POPF that clears it; INT n enters its handler with TF clear
; (and pushes FLAGS with TF set) and the step after it lands behind the INT.
; After STI a real CPU traps too; QEMU 7.2 TCG does not (its STI shadow
; blocks the trap; fixed in later QEMU), so that one step is counted apart
; ("INFO sti_step N").  The guest records the IP of every INT 1 and checks the
; rest against its table.
%include "guest.inc"

MAXSTEP equ 40

main:
        SETVEC  1, h1, old1
        SETVEC  61h, h61, old61
        cli                             ; only the STI step runs with IF=1
        mov     word [nstep], 0
        pushf
        pop     ax
        or      ax, 0100h
        push    ax
        popf                            ; TF=1: the first trap is after s0
s0:     nop
s1:     cli                             ; emulated
s2:     pushf                           ; emulated
s3:     pop     ax
s4:     push    ax
s5:     popf                            ; emulated, TF stays set
s6:     int     61h                     ; emulated: handler runs untraced
s7:     in      al, 21h                 ; trapped port (virtual PIC)
s8:     in      al, 61h                 ; port the VM owns
s9:     o32 pushf                       ; emulated PUSHFD
s10:    o32 popf                        ; emulated POPFD
s11:    sti                             ; emulated
s12:    cli                             ; emulated
s13:    push    word 0002h
s14:    push    cs
s15:    push    word s16
s16x:   iret                            ; emulated IRET to s16, TF from the image = 0
s16:    nop                             ; TF now clear: no more traps
        nop
        ; a second block: POPF clearing TF traps once more
        pushf
        pop     ax
        or      ax, 0100h
        push    ax
        popf
t0:     pushf
t1:     pop     ax
t2:     and     ax, 0FEFFh
t3:     push    ax
t4:     popf                            ; clears TF: the last trap is after it
t5:     nop
        ; a third block: REP INSB from a trapped port traps after each iteration
        mov     dx, 21h
        mov     cx, 3
        mov     di, buf3
        cld
        pushf
        pop     ax
        mov     bx, ax                  ; the same FLAGS without TF, for later
        or      ax, 0100h
        push    ax
        popf
u0:     rep insb                        ; 3 iterations: traps at u0, u0, u1
u1:     push    bx
u2:     popf                            ; clears TF: the last trap is after it
u3:     nop
        mov     [cx_after], cx
        sti
        RESTVEC 1, old1
        RESTVEC 61h, old61

        ; print the steps, then compare with the table
        mov     cx, [nstep]
        xor     si, si
.pr:    jcxz    .cmp
        PRINT   "STEP "
        mov     ax, [steps + si]
        call    puthex16
        call    newline
        add     si, 2
        dec     cx
        jmp     .pr
.cmp:
        ; the step after STI: real CPUs trap there (QEMU 7.2 TCG does not: its
        ; STI shadow wrongly blocks the single-step trap, fixed in QEMU 9.2.4).
        ; Count it apart and compare the rest with the table.
        xor     si, si
        xor     di, di
        mov     word [sti_steps], 0
.f:     cmp     si, [nstep]
        jae     .fd
        mov     bx, si
        shl     bx, 1
        mov     ax, [steps + bx]
        inc     si
        cmp     ax, s12
        jne     .keep
        inc     word [sti_steps]
        jmp     .f
.keep:  mov     bx, di
        shl     bx, 1
        mov     [kept + bx], ax
        inc     di
        jmp     .f
.fd:    mov     [nkept], di
        PRINTHEX "INFO sti_step", [sti_steps]
        mov     ax, [nkept]
        EXPECT  "tf_step_count", (want_end - want) / 2
        xor     si, si
        xor     bx, bx                  ; mismatches
.c:     cmp     si, want_end - want
        jae     .cd
        mov     ax, [kept + si]
        cmp     ax, [want + si]
        je      .n
        inc     bx
.n:     add     si, 2
        jmp     .c
.cd:    mov     ax, bx
        EXPECT  "tf_step_ips", 0
        mov     ax, [sti_steps]
        cmp     ax, 1
        PASS_IF be, "tf_sti_step_at_most_once"
        mov     ax, [h61_tf]
        EXPECT  "tf_clear_in_int_handler", 0
        mov     ax, [h61_frame_tf]
        EXPECT  "tf_set_in_int_frame", 0100h
        mov     ax, [cx_after]
        EXPECT  "tf_rep_insb_done", 0
        mov     ax, [h61_calls]
        EXPECT  "tf_int61_once", 1
        EXIT

; the IPs the INT 1 handler must see, in order
; (s7 is missing: INT 61h's handler runs untraced and its IRET, which
; restores TF, does not trap; the next trap follows the instruction at s7.
; s12, the step after STI, is counted apart above.)
want:   dw      s1, s2, s3, s4, s5, s6
        dw      s8, s9, s10, s11, s13, s14, s15, s16x, s16
        dw      t1, t2, t3, t4, t5
        dw      u0, u0, u1, u2, u3
want_end:

h1:     push    bp
        mov     bp, sp
        push    ax
        push    si
        mov     si, [cs:nstep]
        cmp     si, MAXSTEP
        jae     .full
        inc     word [cs:nstep]
        shl     si, 1
        mov     ax, [bp+2]
        mov     [cs:steps + si], ax
.full:  pop     si
        pop     ax
        pop     bp
        iret

h61:    push    bp
        mov     bp, sp
        push    ax
        inc     word [cs:h61_calls]
        pushf
        pop     ax
        and     ax, 0100h
        mov     [cs:h61_tf], ax
        mov     ax, [bp+6]              ; FLAGS in the frame
        and     ax, 0100h
        mov     [cs:h61_frame_tf], ax
        pop     ax
        pop     bp
        iret

old1    dd 0
old61   dd 0
nstep   dw 0
h61_calls dw 0
h61_tf  dw 0FFFFh
h61_frame_tf dw 0FFFFh
cx_after dw 0FFFFh
buf3    times 4 db 0
sti_steps dw 0
nkept   dw 0
steps   times MAXSTEP dw 0
kept    times MAXSTEP dw 0
