/* trap(): the one routing point for every vector.
 *
 *   50h-5Fh            hardware interrupts (vmm/irq.c), from anywhere
 *   from V86 mode      the V86 monitor (v86/monitor.c)
 *   INT 20h, ring 0    the VMMcall/VxDcall dynalink (vxd/dynalink.c)
 *   anything else      a fault inside the VMM: panic with the frame
 *
 * On the way back to V86 mode pending events (vmm/events.h), then pending
 * virtual interrupts are delivered (v86_resume). */
#include "vmm/trap.h"
#include "vmm/vm.h"
#include "vmm/irq.h"
#include "vmm/events.h"
#include "vmm/panic.h"
#include "vmm/console.h"
#include "vmm/hw/pic.h"
#include "v86/monitor.h"
#include "v86/reflect.h"
#include "vxd/dynalink.h"
#include "vmm/kdb.h"
#include "vmm/bench.h"
#include "vmm/cmdline.h"
#include "vmm/lib/x86.h"

static const char *const exc_names[32] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
    "invalid opcode", "device not available", "double fault", "coprocessor overrun",
    "invalid TSS", "segment not present", "stack fault", "general protection",
    "page fault", 0, "x87 error", "alignment check", "machine check", "SIMD",
};

static void kernel_fault(struct trapframe *tf)
{
    const struct Client_Reg_Struc *c = &tf->crs;
    const char *name = tf->trapno < 32 && exc_names[tf->trapno] ? exc_names[tf->trapno] : "exception";
    kprintf("vmm386: %s (vector %u, error %x) in the VMM at %08x\n", name, tf->trapno,
            c->Client_Error, c->Client_EIP);
    kprintf("  eax=%08x ebx=%08x ecx=%08x edx=%08x esi=%08x edi=%08x ebp=%08x cr2=%08x\n",
            c->Client_EAX, c->Client_EBX, c->Client_ECX, c->Client_EDX, c->Client_ESI,
            c->Client_EDI, c->Client_EBP, read_cr2());
    if (cur_vm) {
        const struct Client_Reg_Struc *v = vm_crs(cur_vm);
        kprintf("  current VM %u at %04x:%04x\n", cur_vm->CB_VMID, v->Client_CS,
                v->Client_EIP & 0xFFFF);
    }
    panic("fault in the VMM");
}

/* Events must not run inside a hardware interrupt; whether it interrupted
 * the VMM (ring 0: the idle HLT) or a VM decides nothing else today. */
static void hw_interrupt(int irq, bool from_v86)
{
    events_hw_int_enter(!from_v86);
    irq_dispatch(irq);
    events_hw_int_leave(!from_v86);
}

void trap(struct trapframe *tf)
{
    uint32_t v = tf->trapno;
    bool from_v86 = tf->crs.Client_EFlags & EFL_VM;

    if (v - IRQ_VECTOR_BASE < 16)      /* first: a disk's interrupt waits on this path */
        hw_interrupt(v - IRQ_VECTOR_BASE, from_v86);
    else if (v == T_UD && from_v86 && cmdline.bench && bench_floor(tf))
        return;
    else if (v == T_NMI)
        kprintf("vmm386: NMI (port 61h = %02x)\n", inb(0x61));
    else if (from_v86) {
        debug_v86_entry(tf);
        v86_trap(cur_vm, tf);
    }
    else if (v == T_DYNALINK)
        dynalink(tf);
    else
        kernel_fault(tf);

    if (from_v86)
        v86_resume(cur_vm, &tf->crs);
}

/* Vector 8 is a task gate: we arrive on df_tss with a fresh stack, and the
 * CPU saved the faulting context in the kernel TSS. */
#include "boot/tss.h"
void double_fault_task(void)
{
    const struct tss *t = &kernel_tss.tss;
    console_vga(true);
    kprintf("vmm386: double fault: eip=%08x esp=%08x eflags=%08x cs=%04x cr3=%08x\n",
            t->eip, t->esp, t->eflags, t->cs, t->cr3);
    if (cur_vm) {
        const struct Client_Reg_Struc *c = vm_crs(cur_vm);
        kprintf("  V86 frame of VM %u: %04x:%04x ss:sp=%04x:%04x flags=%08x\n", cur_vm->CB_VMID,
                c->Client_CS, c->Client_EIP & 0xFFFF, c->Client_SS, c->Client_ESP & 0xFFFF,
                c->Client_EFlags);
    }
    panic("double fault");
}
