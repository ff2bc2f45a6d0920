/* Offsets and constants the asm fast path (boot/fastpath.asm) needs, made
 * from the C definitions at build time (compiled to assembler text, then
 * turned into build/gen/asm_offsets.inc by the Makefile), so a field moved
 * in struct vm can never leave the asm reading the wrong byte.  Not linked. */
#include <stddef.h>
#include "vmm/vm.h"
#include "v86/vflags.h"
#include "v86/fastpath.h"

#define DEFINE(sym, val) __asm__ volatile("\n.ascii \"->" #sym " %c0\"" :: "i"((long)(val)))

void asm_offsets(void);
void asm_offsets(void)
{
    DEFINE(VM_HIGH_LINEAR, offsetof(struct vm, CB_High_Linear));
    DEFINE(VM_VFLAGS, offsetof(struct vm, vflags));
    DEFINE(VM_STI_SHADOW, offsetof(struct vm, sti_shadow));
    DEFINE(VM_SHADOW_CSIP, offsetof(struct vm, shadow_csip));
    DEFINE(VM_SHADOW_TF, offsetof(struct vm, shadow_tf));
    DEFINE(VM_INT_REQUESTED, offsetof(struct vm, int_requested));
    DEFINE(VM_FORCED_SET, offsetof(struct vm, v86_eflags_set));
    DEFINE(EFL_TF, EFL_TF);
    DEFINE(EFL_IOPL, EFL_IOPL);
    DEFINE(V86_SLOW_IOPL3, V86_SLOW_IOPL3);
    DEFINE(V86_SLOW_OFF, V86_SLOW_OFF);
    DEFINE(V86_SLOW_DEBUG, V86_SLOW_DEBUG);
    DEFINE(EFL_IF, EFL_IF);
    DEFINE(EFL_AC, EFL_AC);
    DEFINE(EFL_VM, EFL_VM);
    DEFINE(EFL_RESERVED1, EFL_RESERVED1);
    DEFINE(V86_SAFE_FLAGS16, V86_SAFE_FLAGS16);
    DEFINE(V86_SAFE_FLAGS32, V86_SAFE_FLAGS32);
    DEFINE(V86_VIRTUAL_FLAGS, V86_VIRTUAL_FLAGS);
    DEFINE(V86_NEVER_FLAGS, V86_NEVER_FLAGS);
    DEFINE(V86_FORCED_FLAGS, V86_FORCED_FLAGS);
}
