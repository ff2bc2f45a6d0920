; x_callback.asm -- the DOS half of the CALLBACK sample (vxd/samples/callback.c):
; registers its procedure through INT 60h AH=03h, makes a thread that ends
; itself (VMM V86 API AH=05h/06h), and prints every record the VxD hands
; it: "record <message> VM <id> thread <id>" (hex), until it has seen a
; Destroy_VM (of VM 2, the m_ticks module) and a Destroy_Thread.
%include "guest.inc"
%include "vmmapi.inc"

main:   call    vmm_api_init
        push    cs
        pop     es
        mov     di, on_record
        mov     ah, 03h
        stc
        int     60h
        PASS_IF nc, "registered"
        sti
        mov     cx, cs                  ; a thread that ends at once
        mov     dx, thread_t
        mov     si, cs
        mov     di, stack_t
        VMMAPI  05h
        PASS_IF nc, "thread_made"
        mov     si, 2000                ; up to ~110 s of ticks (never that long)
.wait:  cmp     byte [cs:seen_destroy_vm], 0
        je      .more
        cmp     byte [cs:seen_destroy_thread], 0
        jne     .done
.more:  mov     cx, 1
        call    wait_ticks
        dec     si
        jnz     .wait
        FAIL    "records", "not all seen"
.done:  mov     ah, 04h
        int     60h
        PRINTHEX "INFO delivered", ax
        PRINTHEX "INFO lost", bx
        PASS    "records"
        EXIT

; AX = message, BX = VM ID, CX = thread ID (0 for VM messages)
on_record:
        push    ax
        PRINT   "record "
        pop     ax
        cmp     ax, 07h
        jne     .1
        PRINT   "Create_VM"
.1:     cmp     ax, 0Ch
        jne     .2
        PRINT   "Destroy_VM"
        mov     byte [cs:seen_destroy_vm], 1
.2:     cmp     ax, 1Dh
        jne     .3
        PRINT   "Create_Thread"
.3:     cmp     ax, 21h
        jne     .4
        PRINT   "Destroy_Thread"
        mov     byte [cs:seen_destroy_thread], 1
.4:     PRINT   " VM "
        mov     ax, bx
        call    puthex16
        PRINT   " thread "
        mov     ax, cx
        call    puthex16
        call    newline
        xor     ax, ax                  ; the VxD restores our registers
        xor     bx, bx
        retf

thread_t:
        VMMAPI  06h                     ; ends itself

seen_destroy_vm:     db 0
seen_destroy_thread: db 0
            align 2
            times 256 db 0
stack_t:
