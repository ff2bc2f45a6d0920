/* INT n with a hook chain, past trap()'s routing and the general decoder:
 * boot/fastpath.asm's op_int (V86 mode, no TF, error code 0, IP below
 * FFFFh, CD ib with its vector byte on the same page, nothing blocking the
 * fast path) and, in trusted mode, boot/softint.asm (the same frame the
 * #GP would have had: CS:IP on the CD, error code vector * 8 + 2).  The
 * hooks run as from v86_gp(), with the full Client_Reg_Struc and CS:IP past
 * the instruction, then the VM's IVT if none serviced it; then the VM is
 * resumed as trap() would resume it.  Odd cases go to trap() untouched: our
 * own TF (STI shadow) or a ROM write being stepped, a stack within 6 bytes
 * of its segment's start (the frame wraps, or straddles: the general
 * path's checks).  (In trusted mode with the VM's IF clear, waiting
 * interrupts come in first, as in v86_trap().) */
#include "v86/guestmem.h"
#include "v86/reflect.h"
#include "v86/vflags.h"
#include "vmm/trap.h"

void v86_int_fast(struct trapframe *tf);
void v86_int_fast(struct trapframe *tf)
{
    struct vm *vm = cur_vm;
    struct Client_Reg_Struc *c = &tf->crs;
    uint16_t ip = (uint16_t)c->Client_EIP;
    const uint8_t *code = (const uint8_t *)(vm->CB_High_Linear + v86_lin(c->Client_CS, ip));

    if (vm->shadow_tf || vm->rom_step_page || (uint16_t)c->Client_ESP < 6) {
        trap(tf);
        return;
    }
    v86_iopl3_window(vm, c);
    c->Client_EIP = (uint32_t)ip + 2;
    v86_reflect_int(vm, c, code[1]);
    v86_resume(vm, c);
}
