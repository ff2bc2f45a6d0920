; t_tickdrift.asm -- the BIOS tick count (0040:006Ch) keeps time under a
; trapping load.  The guest runs for DURATION of TSC time (under QEMU
; -icount the TSC is the virtual clock in ns, exactly), doing what DOS and
; the BIOS do all the time: CLI/STI around short critical sections,
; PUSHF/POPF, INT 16h AH=01h, reads of the PIC mask, INT 1Ah.  It prints the
; TSC and tick deltas; test_tickdrift.py compares the ticks with the
; 18.2065 Hz the TSC time says, bare and under vmm386.  Needs RDTSC
; (QEMU's default CPU has it).
%include "guest.inc"
        cpu     586

DURATION equ 57221                      ; in units of 2^20 ns: 60.0 s

main:
        sti
        call    tsc_units
        mov     [u0], eax
        rdtsc
        mov     [tsc0], eax
        mov     [tsc0+4], edx
        call    get_ticks
        mov     [t0], ax
        xor     ebp, ebp                ; iterations
.load:
        cli                             ; a short critical section
        mov     cx, 40
.cs:    loop    .cs
        sti
        pushf
        cli
        popf
        mov     ah, 01h
        int     16h                     ; keyboard status (reflected to the BIOS)
        in      al, 21h                 ; PIC mask (virtualized)
        test    bp, 0Fh
        jnz     .noclock
        mov     ah, 00h
        int     1Ah                     ; read the tick count through the BIOS
.noclock:
        inc     ebp
        call    tsc_units
        sub     eax, [u0]
        cmp     eax, DURATION
        jb      .load

        call    get_ticks
        sub     ax, [t0]
        mov     [dticks], ax
        rdtsc
        sub     eax, [tsc0]
        sbb     edx, [tsc0+4]
        PRINT   "INFO tsc "
        push    eax
        mov     eax, edx
        call    puthex32
        pop     eax
        call    puthex32
        PRINT   " ticks "
        mov     ax, [dticks]
        call    puthex16
        PRINT   " iterations "
        mov     eax, ebp
        call    puthex32
        call    newline
        PASS    "tickdrift_done"
        EXIT

; tsc_units: EAX = TSC >> 20
tsc_units:
        push    edx
        rdtsc
        shrd    eax, edx, 20
        pop     edx
        ret

u0      dd      0
tsc0    dd      0, 0
t0      dw      0
dticks  dw      0
