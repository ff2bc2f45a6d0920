; h_strio.asm -- hostile guest: string I/O with huge counts through ports the
; monitor traps.  The monitor emulates them in bounded batches, so the VM
; (and the VMM's clock) stay responsive, and the results are real mode's:
;   - REP OUTSB to E9h, CX=FFFFh, DF=1, from 2000:FFFF down: 1024 lines of 63
;     letters between "BEGIN" and "END" (one letter per 64-byte block, a LF at
;     each block start); SI=0000h and CX=0 after
;   - REP INSB from 21h (the virtual IMR), CX=FFFFh, into 3000:0000: every
;     byte the mask, DI=FFFFh, CX=0; and with DF=1 from 3000:FFFF: DI=0000h
;   - 67h REP INSB, ECX=00010000h, EDI=0: the whole segment, EDI=00010000h
;   - REP INSW from 20h, CX=FFFFh, DI=0: the offset wraps (twice), DI=FFFEh
;   - 16 x 64 KB of REP INSB with interrupts enabled: timer interrupts land
;     in the middle of the instruction (frame IP = the REP INSB itself) when
;     it runs for more than a tick; "INFO" records how many
%include "guest.inc"

SRC     equ 2000h
DST     equ 3000h

main:
        ; ---- the pattern at 2000:0000..FFFF
        push    word SRC
        pop     es
        xor     di, di
        cld
.fill:  mov     ax, di
        test    al, 3Fh
        jnz     .letter
        mov     al, 10                  ; a LF at each 64-byte block start
        jmp     .st
.letter:
        mov     ax, di
        shr     ax, 6                   ; block number 0..3FFh
        mov     bl, 26
        div     bl
        mov     al, ah
        add     al, 'a'
.st:    stosb
        test    di, di
        jnz     .fill

        ; ---- REP OUTSB, 65535 bytes backwards
        PRINTLN "BEGIN"
        push    ds
        push    word SRC
        pop     ds
        mov     si, 0FFFFh
        mov     cx, 0FFFFh
        mov     dx, 0E9h
        std
        rep     outsb
        cld
        pop     ds
        mov     [r_si], si
        mov     [r_cx], cx
        call    newline                 ; ends the last (63-letter) line
        PRINTLN "END"
        mov     ax, [r_si]
        EXPECT  "outsb_back_si", 0
        mov     ax, [r_cx]
        EXPECT  "outsb_back_cx", 0

        ; ---- REP INSB from the virtual IMR
        cli
        in      al, 21h
        mov     [mask], al
        sti
        push    word DST
        pop     es
        xor     di, di
        mov     cx, 0FFFFh
        mov     dx, 21h
        rep     insb
        mov     [r_di], di
        mov     [r_cx], cx
        mov     ax, [r_di]
        EXPECT  "insb_di", 0FFFFh
        mov     ax, [r_cx]
        EXPECT  "insb_cx", 0
        xor     di, di                  ; all 65535 bytes the mask?
        mov     cx, 0FFFFh
        mov     al, [mask]
        repe    scasb
        mov     ax, cx
        EXPECT  "insb_data", 0
        ; backwards
        mov     di, 0FFFFh
        mov     cx, 0FFFFh
        std
        rep     insb
        cld
        mov     ax, di
        EXPECT  "insb_back_di", 0

        ; ---- 32-bit addressing, a full segment
        mov     edi, 0
        mov     ecx, 10000h
        a32 rep insb
        mov     [r_edi], edi
        mov     [r_ecx], ecx
        mov     eax, [r_edi]
        EXPECTD "insb_a32_edi", 10000h
        mov     eax, [r_ecx]
        EXPECTD "insb_a32_ecx", 0

        ; ---- REP INSW: the offset wraps
        xor     di, di
        mov     cx, 0FFFFh
        mov     dx, 20h
        rep     insw
        mov     [r_di], di
        mov     ax, cx
        EXPECT  "insw_wrap_cx", 0
        mov     ax, [r_di]
        EXPECT  "insw_wrap_di", 0FFFEh
        push    cs
        pop     es

        ; ---- interruptible: 16 x 64 KB with IF on
        SETVEC  8, h8, old8
        call    get_ticks
        mov     [t0], ax
        push    word DST
        pop     es
        mov     dx, 21h
        mov     bp, 16
.big:   xor     di, di
        mov     cx, 0FFFFh
.insn:  rep     insb
        dec     bp
        jnz     .big
        push    cs
        pop     es
        call    get_ticks
        sub     ax, [t0]
        mov     [r_ticks], ax
        cli
        RESTVEC 8, old8
        sti
        PRINTHEX "INFO strio ticks", [r_ticks]
        PRINTHEX "INFO interrupts inside rep insb", [mid]
        mov     ax, [r_ticks]
        cmp     ax, 2
        jb      .short                  ; too fast to say
        mov     ax, [mid]
        cmp     ax, 1
        PASS_IF ae, "strio_interruptible"
        jmp     .end
.short: PASS    "strio_interruptible"
.end:   EXIT

; INT 8: count interrupts whose frame points at the REP INSB, then the BIOS
h8:     push    bp
        mov     bp, sp
        cmp     word [bp+2], main.insn
        jne     .c
        inc     word [cs:mid]
.c:     pop     bp
        jmp     far [cs:old8]

old8    dd 0
mask    db 0
r_si    dw 0
r_cx    dw 0
r_di    dw 0
r_edi   dd 0
r_ecx   dd 0
t0      dw 0
r_ticks dw 0
mid     dw 0
