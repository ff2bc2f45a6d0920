/* Creating VMs: address space, ring-0 stack, initial client state. */
#include <stdarg.h>
#include "vmm/vm.h"
#include "vmm/mem.h"
#include "vmm/console.h"
#include "vmm/panic.h"
#include "vmm/sched.h"
#include "vmm/events.h"
#include "boot/tss.h"
#include "v86/vflags.h"
#include "vmm/lib/printf.h"
#include "vmm/lib/string.h"
#include "vmm/lib/x86.h"

struct vm *cur_vm;
struct vm *sys_vm;
struct vm *vm_list;
static uint32_t next_vmid = 1;

#define ADAPTER_FIRST_PAGE 0xA0         /* A0000h-FFFFFh: video, ROMs, adapters */
#define HMA_FIRST_PAGE     0x100

static void map_page(struct vm *vm, uint32_t page, uint32_t frame)
{
    vm->pt[page] = frame | PTE_P | PTE_W | PTE_U;
    tlb_flush_page(page << 12);
    tlb_flush_page(vm->CB_High_Linear + (page << 12));
}

void vm_set_a20(struct vm *vm, bool on)
{
    vm->a20 = on;
    /* A20 off: 100000h-10FFEFh wraps to 0, exactly as on the 8086. */
    for (uint32_t i = 0; i < 0x10; i++)
        map_page(vm, HMA_FIRST_PAGE + i, on ? vm->frame[HMA_FIRST_PAGE + i] : vm->frame[i]);
}

unsigned vm_count(void)
{
    unsigned n = 0;
    for (struct vm *v = vm_list; v; v = v->next)
        n += !v->dead;
    return n;
}

struct vm *vm_create(bool identity)
{
    if (next_vmid >= MAX_VMS)
        return 0;
    /* Trusted mode (iopl=3) lets a VM stop the machine: never next to another. */
    for (struct vm *v = vm_list; v; v = v->next)
        if (!v->dead && (v->v86_eflags_set & EFL_IOPL)) {
            kprintf("vmm386: no second VM while VM %u runs at IOPL 3\n", v->CB_VMID);
            return 0;
        }
    struct vm *vm = kpages_alloc((sizeof(struct vm) + 4095) / 4096);
    if (!vm)
        return 0;
    vm->CB_VMID = next_vmid++;
    vm->CB_Signature = VMCB_ID;
    vm->CB_VM_Status = VMStat_Creating;
    vm->CB_High_Linear = HIGH_LINEAR_BASE + vm->CB_VMID * HIGH_LINEAR_SLOT;

    vm->pd_phys = pd_create();
    vm->pt_phys = page_alloc();
    vm->kstack = kpages_alloc(VM_KSTACK_PAGES);
    if (!vm->pd_phys || !vm->pt_phys || !vm->kstack)
        panic("out of memory creating VM %u", vm->CB_VMID);
    vm->pt = P2V(vm->pt_phys);
    ((uint32_t *)P2V(vm->pd_phys))[0] = vm->pt_phys | PTE_P | PTE_W | PTE_U;
    /* The same page table, supervisor-only, at CB_High_Linear. */
    kernel_pde_set(vm->CB_High_Linear, vm->pt_phys | PTE_P | PTE_W);

    for (uint32_t p = 0; p < VM_PAGES; p++) {
        uint32_t f;
        if (p >= ADAPTER_FIRST_PAGE && p < HMA_FIRST_PAGE)
            f = p << 12;                /* ROM and adapter space is the machine's */
        else if (identity && p < HMA_FIRST_PAGE)
            f = p << 12;                /* VM 1: BIOS DMA lands where it expects */
        else if (!(f = page_alloc()))
            panic("out of memory for VM %u", vm->CB_VMID);
        vm->frame[p] = f;
        vm->pt[p] = f | PTE_P | PTE_W | PTE_U;
    }
    tlb_flush_all();

    /* Ring-0 stack: the outermost client frame sits at its very top. */
    vm->tf0 = (struct trapframe *)(vm->kstack + VM_KSTACK_PAGES * 4096) - 1;
    vm->CB_Client_Pointer = &vm->tf0->crs;
    struct Client_Reg_Struc *c = vm->CB_Client_Pointer;
    c->Client_EFlags = V86_FORCED_FLAGS;
    c->Client_SS = 0;
    c->Client_ESP = 0x7C00;
    vm->vflags = EFL_IF;
    vm->v86_eflags_set = V86_FORCED_FLAGS;
    vm->kbc_outport_read = -1;
    vm->pit_reload = 0x10000;
    vm->pit_access = 3;
    vm->pit_mode = 3;

    vm->next = vm_list;
    vm_list = vm;
    if (!sys_vm)
        sys_vm = vm;
    return vm;
}

bool vm_validate(const struct vm *vm)
{
    for (struct vm *v = vm_list; v; v = v->next)
        if (v == vm && vm->CB_Signature == VMCB_ID && !vm->dead)
            return true;
    return false;
}

void vm_activate(struct vm *vm)
{
    cur_vm = vm;
    write_cr3(vm->pd_phys);
    tss_set_esp0((uint32_t)vm->CB_Client_Pointer + CRS_FRAME_END);
}

void vm_terminate(struct vm *vm, const char *fmt, ...)
{
    char buf[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    cli();
    console_vga(true);
    kprintf("VM %u terminated: %s\n", vm->CB_VMID, buf);
    vm->dead = true;
    vm->CB_VM_Status |= VMStat_Not_Executeable;
    for (struct vm **pp = &vm_list; *pp; pp = &(*pp)->next)
        if (*pp == vm) {
            *pp = vm->next;
            break;
        }
    events_vm_terminated(vm);
    sched_vm_gone(vm);
}
