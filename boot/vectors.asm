; One entry stub per IDT vector, generated.  Each pushes a dummy error code
; when the CPU does not push one, then the PUSHAD image, then the vector
; number, so the stack holds a struct trapframe (vmm/trap.h) in push order:
; trapno, EDI..EAX, error, EIP, CS, EFLAGS [, ESP, SS, ES, DS, FS, GS].
; That image above trapno is the DDK Client_Reg_Struc.

extern alltraps

section .text
%macro VECTOR 1
align 16
vector%1:
%if (%1 == 8) || (%1 >= 10 && %1 <= 14) || (%1 == 17) || (%1 == 21)
%else
    push dword 0
%endif
    pushad
    push dword %1
    jmp alltraps
%endmacro

%assign i 0
%rep 256
VECTOR i
%assign i i+1
%endrep

section .rodata
global trap_vectors
trap_vectors:
%assign i 0
%rep 256
    dd vector %+ i
%assign i i+1
%endrep

section .note.GNU-stack noalloc noexec nowrite progbits
