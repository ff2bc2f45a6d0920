; hellodos.asm -- the DOS side of docs/examples/hello.c and hello.asm
; (docs/writing-a-vxd.md): finds each VxD's V86 API entry point with
; INT 2Fh AX=1684h, BX=device ID, and calls it.
;
; vmm386's test guests are not DOS programs: the project's boot sector loads
; GUEST.BIN at 1000:0100 and jumps to it, and the program talks through
; port E9h (each line shows on the VMM's log as "VM1: <line>") and ends
; with a write to port F4h.  tests/guest/guest.inc has the helpers:
;     nasm -f bin -Itests/guest/ -o hellodos.bin docs/examples/hellodos.asm
;     tools/mkimage.sh build/guest/bootsect.bin hellodos.bin hellodos.img
%include "guest.inc"

main:
        mov     bx, 7A01h               ; HELLO (hello.c)
        call    try_vxd
        mov     bx, 7A02h               ; HELLOASM (hello.asm)
        call    try_vxd
        PRINTLN "done"
        mov     al, 0
        jmp     exit

; try_vxd: BX = device ID
try_vxd:
        PRINT   "VxD "
        mov     ax, bx
        call    puthex16
        xor     di, di
        mov     es, di
        mov     ax, 1684h               ; get device API entry point
        int     2Fh                     ; -> ES:DI, 0:0 when there is none
        mov     ax, es
        or      ax, di
        jnz     .found
        PRINTLN ": no V86 API"
        ret
.found:
        mov     [api], di
        mov     [api+2], es
        PRINTLN ": V86 API found"

        mov     ah, 00h                 ; get version
        call    far [api]
        jc      .error
        PRINTHEX "version", ax

        mov     ah, 01h                 ; say DS:DX
        mov     dx, greeting
        call    far [api]
        jc      .error
        PRINTHEX "length", ax

        mov     ah, 0FFh                ; no such function
        call    far [api]
        jnc     .error
        PRINTLN "AH=FFh: carry set"
        ret
.error:
        PRINTLN "unexpected result"
        mov     al, 1
        jmp     exit

api         dd 0
greeting    db "Hello from DOS$"
