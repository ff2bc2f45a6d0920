; m_crash.asm -- a VM that executes what the monitor must refuse (LGDT)
; after a little while: it is terminated, the others go on.
%include "guest.inc"

main:
        mov     cx, 2
        call    wait_ticks
        PRINTLN "about to crash"
        lgdt    [cs:main]
        FAIL    "survived LGDT"
        EXIT
