; v_bp.asm -- V86 breakpoints through the C test VxD VXDTEST (tests/vxd/vxdtest.c,
; device 7E01h): Install_V86_Break_Point(_Ex) with the ARPL and the INT3
; opcode, the callback's registers (logged by the VxD, checked by
; tests/boot/test_vxd_breakpoints.py), the re-hit behaviour when the
; callback leaves CS:IP alone, a callback that returns from the interrupt
; handler it patched with Simulate_Iret, Remove_V86_Break_Point, every
; documented error (not RAM: ROM, video memory, the VMM's break page; twice at one
; address; removing what is not there) and the CS-alias rule of seed 001.
; Needs build/vxdtest/vmm386.elf.  Prints "info NAME SSSS:OOOO" lines for
; the test to compute the expected log lines.
%include "guest.inc"
%include "vxdapi.inc"

VXDTEST_ID      equ 7E01h
OP_INC_BX       equ 43h
OP_ARPL         equ 63h
OP_INT3         equ 0CCh
BP_INT3         equ 01h                 ; VXDTEST AH=01h AL bits
BP_REHIT        equ 02h
BP_IRET         equ 04h

; VXD fn  -- far call VXDTEST's V86 API with AH = fn (AL and the rest as set)
; INFO "name", offset  -- print "info name CCCC:OOOO" (CS:offset)
; BPCALL proc  -- BX = 1000h, near call proc (which is "site: INC BX; RET")
%macro BPCALL 1
        mov     bx, 1000h
        call    %1
%endmacro

main:
        push    cs
        pop     es
        mov     bx, VXDTEST_ID
        call    get_entry
        mov     [vxd], dx
        mov     [vxd + 2], cx
        mov     ax, cx
        or      ax, dx
        jnz     .found
        FAIL    "vxd_entry", "INT 2Fh AX=1684h BX=7E01h gave 0:0"
        jmp     done
.found: PASS    "vxd_entry"
        VXD     00h
        EXPECT  "vxd_identify", 7E01h
        PRINT   "info hvm "
        mov     eax, ebx
        call    puthex32
        call    newline

        INFO    "bp1", bp1
        INFO    "bp2", bp2
        INFO    "bp3", bp3
        INFO    "bp3i", bp3i
        INFO    "bp4", bp4
        INFO    "bp6", bp6
        INFO    "int6_ret", int6_site_ret
        INFO    "bp7", int6c_handler
        INFO    "int6c_ret", int6c_ret

        ; ---- ARPL breakpoint: opcode in memory, callback, simulation
        PRINTLN "mark bp1"
        mov     di, bp1
        mov     edx, 12345678h
        mov     al, 0
        VXD     01h
        PASS_IF nc, "bp_install"
        mov     al, [bp1]
        movzx   ax, al
        EXPECT  "bp_opcode_arpl", OP_ARPL
        BPCALL  proc1
        mov     ax, bx
        EXPECT  "bp_callback_simulated", 1001h
        mov     di, bp1
        VXD     03h
        EXPECT  "bp_hits_vxd", 1
        mov     eax, ecx
        EXPECTD "bp_hits_vmm", 1
        mov     di, bp1
        VXD     02h
        PASS_IF nc, "bp_remove"
        mov     al, [bp1]
        movzx   ax, al
        EXPECT  "bp_remove_restores", OP_INC_BX
        BPCALL  proc1                   ; the real INC BX now, no callback
        mov     ax, bx
        EXPECT  "bp_removed_runs_original", 1001h
        mov     di, bp1
        VXD     03h
        mov     eax, ecx
        EXPECTD "bp_info_none", 0FFFFFFFFh
        mov     di, bp1
        VXD     02h
        PASS_IF c, "bp_remove_twice_cf"

        ; ---- INT3 breakpoint (Install_V86_Break_Point_Ex, VMM386_BP_INT3)
        PRINTLN "mark bp2"
        mov     di, bp2
        mov     edx, 0CAFE0002h
        mov     al, BP_INT3
        VXD     01h
        PASS_IF nc, "bp_int3_install"
        mov     al, [bp2]
        movzx   ax, al
        EXPECT  "bp_opcode_int3", OP_INT3
        BPCALL  proc2
        mov     ax, bx
        EXPECT  "bp_int3_simulated", 1001h
        mov     di, bp2
        VXD     02h
        PASS_IF nc, "bp_int3_remove"
        mov     al, [bp2]
        movzx   ax, al
        EXPECT  "bp_int3_remove_restores", OP_INC_BX

        ; ---- re-hit: the callback leaves CS:IP alone until the 3rd hit
        PRINTLN "mark bp3"
        mov     di, bp3
        mov     edx, 3
        mov     cx, 3
        mov     al, BP_REHIT
        VXD     01h
        PASS_IF nc, "bp_rehit_install"
        BPCALL  proc3
        mov     ax, bx
        EXPECT  "bp_rehit_simulated_once", 1001h
        mov     di, bp3
        VXD     03h
        EXPECT  "bp_rehit_hits", 3
        mov     eax, ecx
        EXPECTD "bp_rehit_hits_vmm", 3
        mov     di, bp3
        VXD     02h
        PASS_IF nc, "bp_rehit_remove"

        ; the same with INT3: IP is put back at the breakpoint for the callback
        PRINTLN "mark bp3i"
        mov     di, bp3i
        mov     edx, 33h
        mov     cx, 2
        mov     al, BP_REHIT | BP_INT3
        VXD     01h
        PASS_IF nc, "bp_rehit_int3_install"
        BPCALL  proc3i
        mov     ax, bx
        EXPECT  "bp_rehit_int3_simulated_once", 1001h
        mov     di, bp3i
        VXD     03h
        EXPECT  "bp_rehit_int3_hits", 2
        mov     di, bp3i
        VXD     02h
        PASS_IF nc, "bp_rehit_int3_remove"

        ; ---- a breakpoint on an interrupt handler: the callback answers and
        ; returns from the interrupt with Simulate_Iret (seed 001)
        SETVEC  6Ch, int6c_handler, old6c
        PRINTLN "mark bp7"
        mov     di, int6c_handler
        mov     edx, 77h
        mov     al, BP_IRET
        VXD     01h
        PASS_IF nc, "bp_iret_install"
        mov     ax, 1234h
        int     6Ch
int6c_ret:
        EXPECT  "bp_iret_answer", 0B1B1h
        mov     ax, [int6c_count]
        EXPECT  "bp_iret_handler_skipped", 0
        mov     di, int6c_handler
        VXD     02h
        PASS_IF nc, "bp_iret_remove"
        mov     ax, 1234h
        int     6Ch                     ; the handler itself now
        EXPECT  "bp_iret_removed_handler_runs", 1111h
        RESTVEC 6Ch, old6c
        PRINTLN "mark errors"

        ; ---- errors: not RAM
        push    es
        push    word 0F000h
        pop     es
        mov     di, 0FFF0h
        mov     edx, 0EEEE0001h
        mov     al, 0
        VXD     01h
        pop     es
        PASS_IF c, "bp_rom_cf"
        push    es
        push    word 0B800h
        pop     es
        xor     di, di
        mov     edx, 0EEEE0002h
        mov     al, 0
        VXD     01h
        pop     es
        PASS_IF c, "bp_video_cf"
        push    es
        mov     es, [vxd + 2]           ; the VMM's break page: our API entry
        mov     di, [vxd]
        mov     edx, 0EEEE0003h
        mov     al, 0
        VXD     01h
        pop     es
        PASS_IF c, "bp_breakpage_cf"
        push    es
        mov     es, [vxd + 2]           ; the nest-return address at offset 0
        xor     di, di
        mov     edx, 0EEEE0004h
        mov     al, 0
        VXD     01h
        pop     es
        PASS_IF c, "bp_breakpage0_cf"

        ; ---- twice at one address: the second fails, the first stays
        mov     di, bp4
        mov     edx, 44h
        mov     al, 0
        VXD     01h
        PASS_IF nc, "bp_first_install"
        mov     di, bp4
        mov     edx, 0EEEE0005h
        mov     al, 0
        VXD     01h
        PASS_IF c, "bp_twice_cf"
        mov     ax, cs                  ; the same linear address through another CS
        inc     ax
        push    es
        mov     es, ax
        mov     di, bp4 - 16
        mov     edx, 0EEEE0006h
        mov     al, 0
        VXD     01h
        pop     es
        PASS_IF c, "bp_twice_alias_cf"
        PRINTLN "mark bp4"
        BPCALL  proc4                   ; the first one's callback (RefData 44h)
        mov     ax, bx
        EXPECT  "bp_first_still_works", 1001h
        mov     di, bp4
        VXD     02h
        PASS_IF nc, "bp_first_remove"

        ; ---- removing what is not there
        mov     di, bp5
        VXD     02h
        PASS_IF c, "bp_remove_none_cf"
        mov     al, [bp5]
        movzx   ax, al
        EXPECT  "bp_remove_none_untouched", OP_INC_BX

        ; ---- the CS-alias rule: installed at (CS+1):(bp6-16), hit through
        ; CS:bp6 -> not a breakpoint: the VM gets the invalid opcode (INT 6)
        PRINTLN "mark bp6"
        SETVEC  06h, int6_handler, old6
        mov     ax, cs
        inc     ax
        mov     [p_alias + 2], ax
        mov     [p_same + 2], cs
        push    es
        mov     es, ax
        mov     di, bp6 - 16
        mov     edx, 66h
        mov     al, 0
        VXD     01h
        pop     es
        PASS_IF nc, "bp_alias_install"
        mov     bx, 1000h
        call    far [p_same]
int6_site_ret:
        mov     ax, [int6_count]
        EXPECT  "bp_alias_int6", 1
        mov     ax, [int6_ip]
        EXPECT  "bp_alias_int6_ip", bp6
        mov     ax, [int6_cs]
        mov     dx, cs
        cmp     ax, dx
        PASS_IF e, "bp_alias_int6_cs"
        mov     ax, bx
        EXPECT  "bp_alias_no_callback", 1000h
        call    alias_hits
        mov     eax, ecx
        EXPECTD "bp_alias_not_counted", 0
        PRINTLN "mark bp6 right cs"
        mov     bx, 1000h
        call    far [p_alias]           ; through the installed segment: the callback
        mov     ax, bx
        EXPECT  "bp_alias_right_cs", 1001h
        mov     ax, [int6_count]
        EXPECT  "bp_alias_right_cs_no_int6", 1
        call    alias_hits
        mov     eax, ecx
        EXPECTD "bp_alias_right_cs_counted", 1
        mov     ax, cs
        inc     ax
        push    es
        mov     es, ax
        mov     di, bp6 - 16
        VXD     02h
        pop     es
        PASS_IF nc, "bp_alias_remove"
        RESTVEC 06h, old6
        PRINTLN "mark end"

done:
        EXIT


; alias_hits: ECX = the VMM's hit count of the breakpoint at (CS+1):(bp6-16)
alias_hits:
        push    es
        push    ax
        mov     ax, cs
        inc     ax
        mov     es, ax
        mov     di, bp6 - 16
        VXD     03h
        pop     ax
        pop     es
        ret

; The guest's invalid-opcode handler: note the faulting CS:IP, skip the byte.
int6_handler:
        push    bp
        mov     bp, sp
        inc     word [cs:int6_count]
        push    ax
        mov     ax, [bp + 2]
        mov     [cs:int6_ip], ax
        mov     ax, [bp + 4]
        mov     [cs:int6_cs], ax
        pop     ax
        inc     word [bp + 2]
        pop     bp
        iret

; INT 6Ch: AX = 1111h, unless the breakpoint on its first byte answers.
int6c_handler:
        inc     word [cs:int6c_count]
        mov     ax, 1111h
        iret

; Breakpoint sites: each an INC BX (43h) the breakpoint replaces.
proc1:
bp1:    inc     bx
        ret
proc2:
bp2:    inc     bx
        ret
proc3:
bp3:    inc     bx
        ret
proc3i:
bp3i:   inc     bx
        ret
proc4:
bp4:    inc     bx
        ret
bp5:    inc     bx
        ret
proc6:
bp6:    inc     bx
        retf

vxd         dd 0
old6        dd 0
p_same      dw proc6, 0
p_alias     dw proc6 - 16, 0
int6_count  dw 0
old6c       dd 0
int6c_count dw 0
int6_ip     dw 0
int6_cs     dw 0
