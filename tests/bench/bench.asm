; The benchmark guest of `make bench`.  Each row runs its body N times,
; five runs, timing each run with RDTSC (allowed in V86 mode: CR4.TSD is
; off), and prints "BENCH <row> <run> <hi> <lo>": the TSC delta of the run.
; tools/bench.py subtracts the empty loop, takes medians and ratios.
; Under QEMU -icount shift=0 the TSC counts guest instructions instead.
%include "guest.inc"
%include "vmmapi.inc"
cpu 586

N               equ 100000
FILLER_SEG      equ 3000h           ; the filler breakpoints live here
BENCH_DEVICE    equ 7B01h

api             dd 0                ; BENCHVXD V86 API entry
cbaddr          dd 0                ; a V86 callback (does nothing)
t0              dd 0, 0
run             db 0
saved_int10     dd 0
pic_mask        db 0

; BENCH "row", body...: time N executions of body, 5 runs.
%macro BENCH 2+
        mov     byte [run], 0
%%again:
        rdtsc
        mov     [t0], eax
        mov     [t0 + 4], edx
        mov     ecx, N
%%loop:
        %2
        dec     ecx
        jnz     %%loop
        rdtsc
        sub     eax, [t0]
        sbb     edx, [t0 + 4]
        PRINT   "BENCH ", %1, " "
        push    eax
        mov     al, [run]
        add     al, '0'
        call    putc
        mov     al, ' '
        call    putc
        mov     eax, edx
        call    puthex32
        mov     al, ' '
        call    putc
        pop     eax
        call    puthex32
        call    newline
        inc     byte [run]
        cmp     byte [run], 5
        jb      %%again
%endmacro

; bodies of more than one instruction (BENCH takes one line)
%macro CLI_STI 0
        cli
        sti
%endmacro
%macro PUSHF_POPF 0
        pushf
        popf
%endmacro
%macro PUSHFD_POPFD 0
        pushfd
        popfd
%endmacro

%macro OUT_PIC 0
        mov     al, [pic_mask]              ; AL does not survive between runs
        out     21h, al
%endmacro

; vxd AH: call BENCHVXD's API with AH (and ES:DI, CX as set)
%macro VXD 1
        mov     ah, %1
        call    far [api]
%endmacro

main:
        rdtsc                               ; boot time to the guest's first instructions
        PRINT   "BENCH boot 0 "
        push    eax
        mov     eax, edx
        call    puthex32
        mov     al, ' '
        call    putc
        pop     eax
        call    puthex32
        call    newline

        mov     ax, 1684h                   ; find the bench VxD
        mov     bx, BENCH_DEVICE
        int     2Fh
        mov     [api], di
        mov     [api + 2], es
        push    cs
        pop     es
        cmp     dword [api], 0
        jne     .have_vxd
        PRINTLN "FAIL bench no BENCHVXD"
        mov     al, 1
        jmp     exit
.have_vxd:

        BENCH   "loop", nop                 ; the loop alone
        BENCH   "floor", ud2                ; bare #UD round trip (kernel `bench` mode)

        ; the instructions a DOS VM traps on most (IOPL 0, no VME)
        BENCH   "cli_sti", CLI_STI
        BENCH   "pushf_popf", PUSHF_POPF
        BENCH   "pushfd_popfd", PUSHFD_POPFD
        in      al, 21h
        mov     [pic_mask], al
        BENCH   "in_pic", in al, 21h        ; the virtual PIC's mask
        BENCH   "out_pic", OUT_PIC          ; the same mask written back
        BENCH   "in_pit", in al, 40h        ; the virtual PIT's count

        mov     di, bp_site                 ; the measured breakpoint (AL=0: ARPL)
        mov     al, 0
        VXD     01h
        BENCH   "bp_1", bp_site: arpl ax, ax
        mov     di, bp_site100              ; 100 installed: 2 measured + 98 fillers
        mov     al, 0
        VXD     01h
        mov     ax, FILLER_SEG
        mov     es, ax
        xor     di, di
        mov     cx, 98
        VXD     02h
        push    cs
        pop     es
        BENCH   "bp_100", bp_site100: arpl ax, ax
        mov     di, bp_site10000            ; 10,000 installed: 3 + 98 + 9,899 fillers
        mov     al, 0
        VXD     01h
        mov     ax, FILLER_SEG
        mov     es, ax
        mov     di, 98
        mov     cx, 10000 - 3 - 98
        VXD     02h
        push    cs
        pop     es
        cmp     ax, 10000
        je      .filled
        PRINTHEX "FAIL bench breakpoints installed", ax
.filled:
        BENCH   "bp_10000", bp_site10000: arpl ax, ax
        mov     di, int3_site
        mov     al, 1
        VXD     01h                         ; the INT3 variant
        BENCH   "bp_int3", int3_site: int3

        VXD     03h
        mov     [cbaddr], di
        mov     [cbaddr + 2], es
        push    cs
        pop     es
        BENCH   "v86_callback", call far [cbaddr]

        ; INT 10h reflected through the IVT with no hook: to an IRET here
        cli
        push    ds
        xor     ax, ax
        mov     ds, ax
        mov     eax, [ds:10h * 4]
        mov     [cs:saved_int10], eax
        mov     word [ds:10h * 4], just_iret
        mov     [ds:10h * 4 + 2], cs
        pop     ds
        sti
        BENCH   "int10_reflect", int 10h
        cli
        push    ds
        xor     ax, ax
        mov     ds, ax
        mov     eax, [cs:saved_int10]
        mov     [ds:10h * 4], eax
        pop     ds
        sti

        ; event delivery: the API call that schedules an event, minus the
        ; same API call doing nothing
        BENCH   "event_call", VXD 05h
        BENCH   "prio_event", VXD 10h           ; the same for a priority event
        BENCH   "api_call", VXD 06h

        ; VM-to-VM task switches: with the partner VM (bench_partner.asm,
        ; the second module) waiting in BENCHVXD, each ping is two switches
        VXD     0Ah
        cmp     ax, 1
        je      .no_partner                 ; one VM only: no task-switch row
        mov     si, 40                      ; up to 40 ticks for it to boot
.partner:
        VXD     09h
        test    ax, ax
        jnz     .pingpong
        mov     cx, 1
        call    wait_ticks
        dec     si
        jnz     .partner
        jmp     .no_partner                 ; other VMs, but no partner among them
.pingpong:
        BENCH   "task_switch", VXD 07h
.no_partner:

        ; thread switches within this VM: a second thread (the VMM's V86
        ; API AH=05h) answers pings through BENCHVXD (AH=0Dh); a ping is
        ; two thread switches and two API calls
        call    vmm_api_init
        mov     cx, cs
        mov     dx, thread_partner
        mov     si, cs
        mov     di, thread_stack
        VMMAPI  05h
        jc      .no_thread
        BENCH   "thread_switch", VXD 0Ch
.no_thread:

        mov     cx, 100                     ; 100,000 calls per run, in ring 0
        VXD     04h
        VXD     0Bh                         ; the other VMs go: the machine ends with us
        PRINTLN "BENCH done"
        mov     al, 0
        jmp     exit

just_iret:
        iret

thread_partner:                             ; the second thread: pong for ever
        VXD     0Dh
        jmp     thread_partner

        align 2
        times 1024 db 0
thread_stack:
