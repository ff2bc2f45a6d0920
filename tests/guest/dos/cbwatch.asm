; CBWATCH.COM -- the DOS half of the CALLBACK sample (vxd/samples/callback.c)
; as a real DOS program under FreeDOS.  It registers a far procedure through
; INT 60h AH=03h, then causes what the VxD records: a thread of this VM that
; ends at once (the VMM's V86 API AH=05h/06h) and a fork of this VM that ends
; at once (AH=02h, then port F4h).  Each record the VxD hands the procedure
; (AX = message, BX = VM ID, CX = thread ID) goes to port E9h as
; "record <message> VM <id> thread <id>" (hex).  After a Destroy_VM and a
; Destroy_Thread it writes "delivered <n> lost <n>" (INT 60h AH=04h) and
; exits to DOS.  The procedure makes no DOS call: the VxD enters it from an
; event, wherever the VM has interrupts on.
        org     100h
        jmp     start

%include "tests/guest/vmmapi.inc"

SEEN_VM     equ 1
SEEN_THREAD equ 2

start:  call    vmm_api_init
        mov     ax, [vmm_api]
        or      ax, [vmm_api + 2]
        jz      fail
        push    cs
        pop     es
        mov     di, on_record
        mov     ah, 03h
        stc
        int     60h
        jc      fail
        sti
        mov     cx, cs                  ; a thread that ends itself
        mov     dx, thread_t
        mov     si, cs
        mov     di, stack_t
        VMMAPI  05h
        jc      fail
        mov     cx, cs                  ; a VM that ends itself
        mov     dx, fork_t
        VMMAPI  02h
        jc      fail
        mov     si, 400                 ; HLTs: about 20 s of ticks at most
.wait:  cmp     byte [seen], SEEN_VM | SEEN_THREAD
        je      .done
        hlt
        dec     si
        jnz     .wait
        jmp     fail
.done:  mov     ah, 04h
        int     60h
        push    bx
        push    ax
        mov     si, t_delivered
        call    puts
        pop     ax
        call    puthex
        mov     si, t_lost
        call    puts
        pop     ax
        call    puthex
        call    newline
        mov     ax, 4C00h
        int     21h

fail:   mov     si, t_fail
        call    puts
        call    newline
        mov     ax, 4C01h
        int     21h

; The procedure: AX = message, BX = VM ID, CX = thread ID (0 for a VM's).
on_record:
        push    ds
        push    cs
        pop     ds
        push    ax
        mov     si, t_record
        call    puts
        pop     ax
        mov     si, t_create_vm
        cmp     ax, 07h
        je      .name
        mov     si, t_destroy_vm
        cmp     ax, 0Ch
        jne     .1
        or      byte [seen], SEEN_VM
        jmp     .name
.1:     mov     si, t_create_thread
        cmp     ax, 1Dh
        je      .name
        mov     si, t_destroy_thread
        cmp     ax, 21h
        jne     .other
        or      byte [seen], SEEN_THREAD
        jmp     .name
.other: call    puthex
        jmp     .vm
.name:  call    puts
.vm:    mov     si, t_vm
        call    puts
        mov     ax, bx
        call    puthex
        mov     si, t_thread
        call    puts
        mov     ax, cx
        call    puthex
        call    newline
        pop     ds
        retf

thread_t:
        VMMAPI  06h                     ; ends itself
.h:     hlt
        jmp     .h

fork_t: xor     al, al                  ; the fork ends itself
        out     0F4h, al
.h:     hlt
        jmp     .h

%include "tests/guest/dos/e9out.inc"

; AX as four hex digits, to port E9h
puthex: push    cx
        mov     cx, 4
.d:     rol     ax, 4
        push    ax
        and     al, 0Fh
        add     al, '0'
        cmp     al, '9'
        jbe     .o
        add     al, 'a' - '9' - 1
.o:     out     0E9h, al
        pop     ax
        loop    .d
        pop     cx
        ret

seen:             db 0
t_record:         db "record ", 0
t_create_vm:      db "Create_VM", 0
t_destroy_vm:     db "Destroy_VM", 0
t_create_thread:  db "Create_Thread", 0
t_destroy_thread: db "Destroy_Thread", 0
t_vm:             db " VM ", 0
t_thread:         db " thread ", 0
t_delivered:      db "delivered ", 0
t_lost:           db " lost ", 0
t_fail:           db "CBWATCH: failed", 0
                  align 2
                  times 256 db 0
stack_t:
