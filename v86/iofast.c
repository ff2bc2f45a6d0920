/* IN/OUT from V86 mode past the general decoder (boot/fastpath.asm's op_io:
 * V86 mode, no TF, error code 0, IP below 10000h, nothing blocking the
 * fast path, the opcode E4-E7 or EC-EF with no prefix).  The port's handler
 * runs as from v86_gp(), with the full Client_Reg_Struc (a byte access to a
 * VxD's C handler: that handler called straight); then the VM is
 * resumed as trap() would resume it.  Odd cases go to trap() untouched:
 * our own TF (STI shadow) or a ROM write being stepped, an immediate port
 * byte past the segment's end or on the next page.  (In trusted mode with
 * the VM's IF clear, waiting interrupts come in first, as in v86_trap().) */
#include "v86/io.h"
#include "v86/guestmem.h"
#include "v86/reflect.h"
#include "v86/vflags.h"
#include "vmm/trap.h"

#define OPC_IO_DX       0x08    /* EC-EF: the port in DX (E4-E7: imm8) */
#define OPC_IO_OUT      0x02    /* E6/E7, EE/EF */
#define OPC_IO_WORD     0x01    /* odd: a word (no 66h here) */

void v86_io_fast(struct trapframe *tf);
void v86_io_fast(struct trapframe *tf)
{
    struct vm *vm = cur_vm;
    struct Client_Reg_Struc *c = &tf->crs;
    uint16_t ip = (uint16_t)c->Client_EIP;
    uint32_t lin = v86_lin(c->Client_CS, ip);
    const uint8_t *code = (const uint8_t *)(vm->CB_High_Linear + lin);
    uint8_t op = code[0];
    uint16_t port;
    unsigned len;

    if (vm->shadow_tf || vm->rom_step_page)
        goto general;
    v86_iopl3_window(vm, c);
    if (op & OPC_IO_DX) {
        port = (uint16_t)c->Client_EDX;
        len = 1;
    } else {
        if (ip == 0xFFFF || (lin & 0xFFF) == 0xFFF)
            goto general;
        port = code[1];
        len = 2;
    }
    unsigned size = op & OPC_IO_WORD ? 2 : 1;
    uint32_t mask = size == 2 ? 0xFFFFu : 0xFFu;
    IO_HANDLER proc = size == 1 ? io_byte_c_proc(vm, port) : 0;
    CLIENT_STRUCT *crs = (CLIENT_STRUCT *)vm_crs(vm);
    if (op & OPC_IO_OUT) {
        if (proc)
            proc((VMHANDLE)vm, Byte_Output, port, crs, c->Client_EAX & mask);
        else
            io_fast_access(vm, port, size, true, c->Client_EAX & mask);
    } else {
        uint32_t v = proc ? proc((VMHANDLE)vm, Byte_Input, port, crs, 0)
                          : io_fast_access(vm, port, size, false, 0);
        c->Client_EAX = (c->Client_EAX & ~mask) | (v & mask);
    }
    c->Client_EIP = (uint32_t)ip + len;
    v86_resume(vm, c);
    return;
general:
    trap(tf);
}
