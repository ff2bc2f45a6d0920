; h_flagimg.asm -- hostile guest: POPF, POPFD, IRET and IRETD images that try
; to set VM, IOPL, NT, RF, VIF, VIP, AC and ID (one at a time, then all at
; once, TF never).  After each one the guest prints what PUSHFD shows:
;   "FLAGS popfd 00020202 -> 00000202"
; and these lines must be identical to bare real mode (a real-mode CPU keeps
; VM, VIF, VIP clear, never shows RF, and lets IOPL, NT, AC and ID be set).
; And the guest is still a V86 guest the monitor controls: INT 61h reaches
; the guest's own handler (with a real IOPL of 3 it would go to the VMM's
; IDT), CLI still clears the IF that PUSHF shows, and with AC set misaligned
; accesses still work (as in real mode, where AC has no effect).
%include "guest.inc"

main:
        SETVEC  61h, h61, old61
        mov     si, images
.next:  mov     eax, [si]
        cmp     eax, 0FFFFFFFFh         ; end marker (TF set: never used)
        je      .done
        mov     [img], eax
        call    try_popf
        call    try_popfd
        call    try_iret
        call    try_iretd
        add     si, 4
        jmp     .next
.done:
        mov     ax, [bad]
        EXPECT  "flagimg_still_controlled", 0
        mov     ax, [h61_cnt]
        EXPECT  "flagimg_int61_count", 4 * NIMAGES
        sti
        RESTVEC 61h, old61
        EXIT

; after: print the result, back to a clean state, check the VM is intact
; (AX = name of the form, EAX high half preserved in img)
%macro REPORT 1
        o32 pushf
        pop     ebx
        mov     [got], ebx
        push    dword 00000202h         ; IF=1, IOPL 0, NT 0, AC 0, ID 0
        o32 popf
        cld
        PRINT   "FLAGS ", %1, " "
        mov     eax, [img]
        call    puthex32
        PRINT   " -> "
        mov     eax, [got]
        call    puthex32
        call    newline
        call    still_v86
%endmacro

try_popf:
        push    word [img]
        popf
        REPORT  "popf "
        ret

try_popfd:
        push    dword [img]
        o32 popf
        REPORT  "popfd"
        ret

try_iret:
        push    word [img]
        push    cs
        push    word .r
        iret
.r:     REPORT  "iret "
        ret

try_iretd:
        push    dword [img]
        push    dword 0
        mov     bp, sp
        mov     [bp], cs
        push    dword .r
        o32 iret
.r:     REPORT  "iretd"
        ret

; still_v86: INT 61h reaches our handler; CLI clears the IF PUSHF shows; STI
; sets it; with AC set, a misaligned dword load works.  Counts failures.
still_v86:
        mov     ax, [h61_cnt]
        int     61h
        inc     ax
        cmp     ax, [h61_cnt]
        jne     .bad
        cli
        pushf
        pop     ax
        test    ax, 0200h
        jnz     .bad
        sti
        pushf
        pop     ax
        test    ax, 0200h
        jz      .bad
        push    dword 00040202h         ; AC=1
        o32 popf
        mov     eax, [misaligned + 1]
        push    dword 00000202h
        o32 popf
        cmp     eax, 44332211h
        jne     .bad
        ret
.bad:   inc     word [bad]
        PRINTLN "INFO not controlled after the image above"
        ret

h61:    inc     word [cs:h61_cnt]
        iret

; the images (never TF: single-stepping is h_tf's business)
images: dd      00020202h               ; VM
        dd      00003202h               ; IOPL 3
        dd      00004202h               ; NT
        dd      00010202h               ; RF
        dd      00080202h               ; VIF
        dd      00100202h               ; VIP
        dd      00040202h               ; AC
        dd      00200202h               ; ID
        dd      00080002h               ; VIF with IF clear
        dd      0FFFFFEFFh              ; everything but TF
        dd      0FFFFFCFFh              ; everything but TF and IF
NIMAGES equ ($ - images) / 4
        dd      0FFFFFFFFh

old61   dd 0
img     dd 0
got     dd 0
bad     dw 0
h61_cnt dw 0
misaligned db 0, 11h, 22h, 33h, 44h, 0
