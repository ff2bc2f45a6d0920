; m_forkbomb.asm -- a bounded fork bomb: every VM forks itself (the VMM's
; V86 API, AH=02h) six times, and every copy goes on forking from where it
; was made: 64 VMs are asked for, more than the VMM has slots or memory
; for.  The VMM must refuse cleanly (carry), never run out of itself, and
; end when the last copy exits.
%include "guest.inc"
%include "vmmapi.inc"
main:   call    vmm_api_init
        mov     si, 6                   ; forks left (a copy inherits SI)
again:  test    si, si
        jz      done
        dec     si
        mov     cx, cs
        mov     dx, again
        VMMAPI  02h
        jnc     again
        PRINTLN "fork refused"
        jmp     again
done:   PRINTLN "done"
        mov     al, 0
        jmp     exit
