#include "v86/nest.h"
#include "v86/reflect.h"
#include "callbacks/v86page.h"
#include "boot/tss.h"
#include "vmm/panic.h"
#include "vmm/thread.h"

/* boot/trapentry.asm */
int vm_exec_frame(uint32_t *saved_esp);
void vm_exec_return(uint32_t saved_esp) __attribute__((noreturn));
void nest_setup(struct trapframe *tf);

static bool at_nest_return(const struct Client_Reg_Struc *c)
{
    return c->Client_CS == v86page_seg && (c->Client_EIP & 0xFFFF) == V86PAGE_NEST_RET;
}

bool begin_nest_v86_exec(struct vm *vm)
{
    if (vm->nest >= VM_MAX_NEST)
        return false;
    struct Client_Reg_Struc *c = vm_crs(vm);
    vm->nest_saved[vm->nest++] = *c;
    c->Client_CS = v86page_seg;
    c->Client_EIP = V86PAGE_NEST_RET;
    return true;
}

void end_nest_exec(struct vm *vm)
{
    if (vm->nest <= 0)
        panic("End_Nest_Exec without Begin_Nest_Exec");
    *vm_crs(vm) = vm->nest_saved[--vm->nest];
}

/* Called by vm_exec_frame with the new frame carved below the caller. */
void nest_setup(struct trapframe *tf)
{
    struct vm *vm = cur_vm;
    int d = vm->resume_depth - 1;
    tf->trapno = 0;
    tf->crs = *vm->resume_outer[d];
    vm->CB_Client_Pointer = &tf->crs;
    vm->cur_thread->tcb.TCB_ClientPtr = &tf->crs;
    tss_set_esp0((uint32_t)&tf->crs + CRS_FRAME_END);
    v86_deliver_pending(vm, &tf->crs);
    tf->crs.Client_EFlags = v86_safe_eflags(vm, tf->crs.Client_EFlags);
}

void resume_exec(struct vm *vm)
{
    struct Client_Reg_Struc *c = vm_crs(vm);
    if (at_nest_return(c))
        return;                         /* a hook already finished the work */
    if (vm->resume_depth >= VM_MAX_NEST)
        panic("Resume_Exec nested deeper than %d", VM_MAX_NEST);
    int d = vm->resume_depth++;
    vm->resume_outer[d] = c;
    vm_exec_frame(&vm->exec_esp[d]);
}

void exec_int(struct vm *vm, uint8_t vec)
{
    v86_reflect_int(vm, vm_crs(vm), vec);
    resume_exec(vm);
}

bool nest_return_hit(struct vm *vm, struct Client_Reg_Struc *c)
{
    if (vm->resume_depth == 0)
        return false;                   /* not ours to honour: a stray jump */
    int d = --vm->resume_depth;
    struct Client_Reg_Struc *outer = vm->resume_outer[d];
    *outer = *c;
    vm->CB_Client_Pointer = outer;
    vm->cur_thread->tcb.TCB_ClientPtr = outer;
    tss_set_esp0((uint32_t)outer + CRS_FRAME_END);
    vm_exec_return(vm->exec_esp[d]);
}
