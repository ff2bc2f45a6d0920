; An idle VM for `make bench`'s 8-VM runs: STI + HLT for good, as a DOS
; waiting at its prompt.
%include "guest.inc"
main:   sti
.l:     hlt
        jmp     .l
