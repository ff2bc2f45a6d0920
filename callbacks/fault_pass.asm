; The "previous handler" Hook_V86_Fault returns in ESI: a handler that does
; not handle a fault jumps here, and the VMM passes the fault on.
extern fault_passed
section .text
global fault_pass_stub
fault_pass_stub:
    mov dword [fault_passed], 1
    ret
section .note.GNU-stack noalloc noexec nowrite progbits
