/* VM control blocks: address spaces, ring-0 stacks, initial client state,
 * and giving everything back when a VM is destroyed.
 *
 * Linear 0..10FFEFh of a VM:
 *   00000-9FFFF  its own RAM (VM 1: the real first 640 KB, identity mapped,
 *                so BIOS DMA lands where the BIOS expects)
 *   A0000-BFFFF  video memory: the machine's (the VDD remaps it per VM)
 *   C0000-FFFFF  VM 1: the machine's ROMs and upper memory as they are.
 *                Other VMs: ROM pages shared read-only (a write is dropped
 *                as the ROM drops it: vm_page_fault); RAM pages of upper
 *                memory are their own copy.
 *   100000-10FFEF the HMA: its own pages, or page 0.. again while A20 is off
 */
#include <stdarg.h>
#include "vmm/vm.h"
#include "callbacks/breakpoints.h"
#include "vmm/mem.h"
#include "vmm/console.h"
#include "vmm/panic.h"
#include "vmm/sched.h"
#include "vmm/thread.h"
#include "vmm/events.h"
#include "vmm/timeout.h"
#include "vmm/critsect.h"
#include "vxd/control.h"
#include "boot/tss.h"
#include "v86/vflags.h"
#include "v86/io.h"
#include "vmm/lib/printf.h"
#include "vmm/lib/string.h"
#include "vmm/lib/x86.h"

struct vm *cur_vm;
struct vm *sys_vm;
struct vm *vm_list;
static struct vm *slots[MAX_VMS];       /* by vm->slot; slot 0 unused */
static uint32_t next_vmid = 1;
uint8_t bios_pic_imr[2];                /* the masks the BIOS left (kmain) */

#define CONV_PAGES         0xA0         /* 0-9FFFFh: conventional memory */
#define ADAPTER_FIRST_PAGE 0xA0         /* A0000h-FFFFFh: video, ROMs, adapters */
#define UMA_FIRST_PAGE     0xC0         /* C0000h-FFFFFh: ROMs and upper memory */
#define HMA_FIRST_PAGE     0x100
#define UMA_PAGES          (HMA_FIRST_PAGE - UMA_FIRST_PAGE)

/* What the machine looked like before VM 1 ran: its first 640 KB (IVT, BIOS
 * data, EBDA) for VM_BOOT VMs, and which upper-memory pages are RAM. */
static uint8_t *bios_low;
static uint8_t *uma_copy;               /* RAM pages of C0000-FFFFF as they were */
static bool uma_is_ram[UMA_PAGES];

static void map_page(struct vm *vm, uint32_t page, uint32_t frame, bool writable)
{
    vm->pt[page] = frame | PTE_P | PTE_U | (writable ? PTE_W : 0);
    tlb_flush_page(page << 12);
    tlb_flush_page(vm->CB_High_Linear + (page << 12));
}

bool vm_map_v86(struct vm *vm, uint32_t page, uint32_t frame)
{
    if (page >= HMA_FIRST_PAGE)
        return false;                   /* the HMA follows the A20 gate */
    map_page(vm, page, frame, true);
    return true;
}

void vm_set_a20(struct vm *vm, bool on)
{
    vm->a20 = on;
    /* A20 off: 100000h-10FFEFh wraps to 0, exactly as on the 8086. */
    for (uint32_t i = 0; i < 0x10; i++)
        map_page(vm, HMA_FIRST_PAGE + i, on ? vm->frame[HMA_FIRST_PAGE + i] : vm->frame[i], true);
}

/* A page of upper memory is RAM when a write sticks.  Probed once, with
 * interrupts off, restoring the byte (a ROM ignores both writes). */
static bool page_is_ram(uint32_t page)
{
    volatile uint8_t *p = P2V(page << 12);
    uint8_t was = *p, flipped = (uint8_t)(was ^ 0xFF);
    *p = flipped;
    bool ram = *p == flipped;
    *p = was;
    return ram;
}

void vm_snapshot_bios(void)
{
    bios_low = kpages_alloc(CONV_PAGES);
    uma_copy = kpages_alloc(UMA_PAGES);
    if (!bios_low || !uma_copy)
        panic("out of memory for the BIOS snapshot");
    memcpy(bios_low, P2V(0), CONV_PAGES * 4096);
    uint32_t f = irq_save();
    for (uint32_t i = 0; i < UMA_PAGES; i++)
        if ((uma_is_ram[i] = page_is_ram(UMA_FIRST_PAGE + i)))
            memcpy(uma_copy + i * 4096, P2V((UMA_FIRST_PAGE + i) << 12), 4096);
    irq_restore(f);
}

static uint32_t slot_alloc(void)
{
    for (uint32_t s = 1; s < MAX_VMS; s++)
        if (!slots[s])
            return s;
    return 0;
}

/* Is frame f of page p one this VM allocated (and so must free)? */
static bool frame_owned(const struct vm *vm, uint32_t p)
{
    uint32_t f = vm->frame[p];
    return f && f != (p << 12);         /* 0: never filled (page_alloc never gives 0) */
}

/* The frame behind page p of a new VM, filled as its kind says; NO_FRAME
 * when out of memory (frame 0 is VM 1's IVT).  *writable: may the VM
 * write it directly. */
#define NO_FRAME 1u
static uint32_t new_frame(enum vm_kind kind, struct vm *parent, uint32_t p, bool *writable)
{
    *writable = true;
    if (kind == VM_SYSTEM && p < HMA_FIRST_PAGE)
        return p << 12;                 /* the real first megabyte */
    if (p >= ADAPTER_FIRST_PAGE && p < UMA_FIRST_PAGE)
        return p << 12;                 /* video memory */
    if (p >= UMA_FIRST_PAGE && p < HMA_FIRST_PAGE && !uma_is_ram[p - UMA_FIRST_PAGE]) {
        *writable = false;              /* shared ROM, or a fork's copy of its parent's own */
        if (kind != VM_FORK || !frame_owned(parent, p))
            return p << 12;
    }
    uint32_t f = page_alloc();
    if (!f)
        return NO_FRAME;
    const void *from = 0;
    if (kind == VM_FORK)
        from = P2V(parent->frame[p]);
    else if (p < CONV_PAGES)
        from = bios_low + p * 4096;
    else if (p >= UMA_FIRST_PAGE && p < HMA_FIRST_PAGE)
        from = uma_copy + (p - UMA_FIRST_PAGE) * 4096;
    if (from)
        memcpy(P2V(f), from, 4096);
    return f;
}

struct vm *vm_create(enum vm_kind kind, struct vm *parent)
{
    uint32_t slot = slot_alloc();
    if (!slot || (kind == VM_BOOT && !bios_low))
        return 0;
    /* Trusted mode (iopl=3) lets a VM stop the machine: never next to another. */
    for (struct vm *v = vm_list; v; v = v->next)
        if (!v->dead && (v->v86_eflags_set & EFL_IOPL)) {
            kprintf("vmm386: no second VM while VM %u runs at IOPL 3\n", v->CB_VMID);
            return 0;
        }
    /* Trusted mode (iopl=3) lets a VM stop the machine: never next to another. */
    for (struct vm *v = vm_list; v; v = v->next)
        if (!v->dead && (v->v86_eflags_set & EFL_IOPL)) {
            kprintf("vmm386: no second VM while VM %u runs at IOPL 3\n", v->CB_VMID);
            return 0;
        }
    struct vm *vm = kpages_alloc((sizeof(struct vm) + 4095) / 4096);
    if (!vm)
        return 0;
    vm->slot = slot;
    vm->CB_VMID = next_vmid++;
    vm->CB_Signature = VMCB_ID;
    vm->CB_VM_Status = VMStat_Creating;
    vm->CB_High_Linear = HIGH_LINEAR_BASE + slot * HIGH_LINEAR_SLOT;

    vm->pd_phys = pd_create();
    vm->pt_phys = page_alloc();
    vm->kstack = kpages_alloc(VM_KSTACK_PAGES);
    vm->rom_scratch = page_alloc();
    if (!vm->pd_phys || !vm->pt_phys || !vm->kstack || !vm->rom_scratch)
        goto fail;
    vm->pt = P2V(vm->pt_phys);
    ((uint32_t *)P2V(vm->pd_phys))[0] = vm->pt_phys | PTE_P | PTE_W | PTE_U;

    for (uint32_t p = 0; p < VM_PAGES; p++) {
        bool w;
        uint32_t f = new_frame(kind, parent, p, &w);
        if (f == NO_FRAME)
            goto fail;
        vm->frame[p] = f;
        vm->pt[p] = f | PTE_P | PTE_U | (w ? PTE_W : 0);
    }
    /* The same page table, supervisor-only, at CB_High_Linear. */
    kernel_pde_set(vm->CB_High_Linear, vm->pt_phys | PTE_P | PTE_W);
    slots[slot] = vm;

    /* Ring-0 stack: the outermost client frame sits at its very top. */
    vm->tf0 = (struct trapframe *)(vm->kstack + VM_KSTACK_PAGES * 4096) - 1;
    vm->CB_Client_Pointer = &vm->tf0->crs;
    if (!thread_vm_created(vm))         /* its initial thread */
        goto fail;
    struct Client_Reg_Struc *c = vm->CB_Client_Pointer;
    if (kind == VM_FORK) {
        *c = *vm_crs(parent);
        vm->vflags = parent->vflags;
        vm->a20 = parent->a20;
        memcpy(vm->cb_area, parent->cb_area, sizeof vm->cb_area);
    } else {
        c->Client_EFlags = V86_FORCED_FLAGS;
        c->Client_SS = 0;
        c->Client_ESP = 0x7C00;
        vm->vflags = EFL_IF;
    }
    c->Client_EFlags = (c->Client_EFlags & ~(EFL_IOPL | EFL_NT | EFL_RF)) | V86_FORCED_FLAGS;
    vm->v86_eflags_set = V86_FORCED_FLAGS;
    vm->v86_eflags_owned = vme_enabled ? V86_OWNED_FLAGS_VME : V86_OWNED_FLAGS;
    vm_set_a20(vm, kind == VM_FORK ? parent->a20 : true);
    io_vm_created(vm);                  /* the global I/O trapping state */
    sched_vm_created(vm);

    vm->next = vm_list;
    vm_list = vm;
    if (!sys_vm)
        sys_vm = vm;
    return vm;

fail:
    vm->dead = true;
    vm_destroy(vm);
    return 0;
}

void vm_destroy(struct vm *vm)
{
    for (uint32_t p = 0; p < VM_PAGES; p++)
        if (frame_owned(vm, p))
            page_free(vm->frame[p]);
    for (uint32_t p = 0; p < VM_PAGES; p++)
        for (uint32_t i = 0; vm->bp_index[p] && i < BP_INDEX_PAGES; i++)
            page_free(V2P(vm->bp_index[p]) + i * 4096);
    for (uint32_t i = 0; i < vm->ext_pages; i++)
        page_free(vm->ext_frames[i]);
    if (vm->ext_frames)
        for (uint32_t i = 0; i < (vm->ext_pages * 4 + 4095) / 4096; i++)
            page_free(V2P(vm->ext_frames) + i * 4096);
    if (vm->slot && slots[vm->slot] == vm) {
        kernel_pde_set(vm->CB_High_Linear, 0);
        slots[vm->slot] = 0;
    }
    if (vm->rom_scratch)
        page_free(vm->rom_scratch);
    if (vm->pt_phys)
        page_free(vm->pt_phys);
    if (vm->pd_phys)
        pd_destroy(vm->pd_phys);
    if (vm->kstack)
        for (uint32_t i = 0; i < VM_KSTACK_PAGES; i++)
            page_free(V2P(vm->kstack) + i * 4096);
    thread_vm_free(vm);
    vm->CB_Signature = 0;
    uint32_t n = (sizeof(struct vm) + 4095) / 4096;
    for (uint32_t i = 0; i < n; i++)
        page_free(V2P(vm) + i * 4096);
}

/* O(1), whatever the handle: a control block is page-aligned in the
 * physmap, so only such an address is read, and it must be in its slot. */
bool vm_validate(const struct vm *vm)
{
    uint32_t a = (uint32_t)vm;
    if ((a & 0xFFF) || a < KERNEL_VMA || V2P(a) + sizeof *vm > ram_top)
        return false;
    return vm->slot && vm->slot < MAX_VMS && slots[vm->slot] == vm &&
           vm->CB_Signature == VMCB_ID && !vm->dead;
}

struct vm *vm_by_id(uint32_t id)
{
    for (struct vm *v = vm_list; v; v = v->next)
        if (v->CB_VMID == id)
            return v;
    return 0;
}

unsigned vm_count(void)
{
    unsigned n = 0;
    for (struct vm *v = vm_list; v; v = v->next)
        n += !v->dead;
    return n;
}

void vm_activate(struct vm *vm)
{
    cur_vm = vm;
    write_cr3(vm->pd_phys);
    tss_set_esp0((uint32_t)vm->CB_Client_Pointer + CRS_FRAME_END);
    io_vm_activate(vm);
}

/* A ROM page of upper memory becomes this VM's own copy, still read-only
 * to the VM (its writes are dropped as the ROM drops them), so the VMM can
 * patch it for this VM alone: a V86 breakpoint in the BIOS.  A fork copies
 * it (new_frame).  A RAM page of upper memory is the VM's own already (VM
 * 1's: the machine's).  False outside upper memory. */
bool vm_rom_private(struct vm *vm, uint32_t p)
{
    if (p < UMA_FIRST_PAGE || p >= HMA_FIRST_PAGE || vm->rom_step_page == p + 1)
        return false;
    if (uma_is_ram[p - UMA_FIRST_PAGE] || frame_owned(vm, p))
        return true;
    uint32_t f = page_alloc();
    if (!f)
        return false;
    memcpy(P2V(f), P2V(vm->frame[p]), 4096);
    vm->frame[p] = f;
    map_page(vm, p, f, false);
    return true;
}

/* A write to shared ROM: the VM writes into its scratch frame for one
 * instruction (TF), then the ROM is mapped back, so the write is dropped as
 * the ROM itself drops it.  Any other page fault is the VM's end. */
bool vm_page_fault(struct vm *vm, uint32_t lin, uint32_t error)
{
    uint32_t p = lin >> 12;
    bool rom = p >= UMA_FIRST_PAGE && p < HMA_FIRST_PAGE && !(vm->pt[p] & PTE_W) &&
               (error & 3) == 3 && !vm->rom_step_page;
    if (!rom)
        return false;
    memcpy(P2V(vm->rom_scratch), P2V(vm->frame[p]), 4096);
    map_page(vm, p, vm->rom_scratch, true);
    vm->rom_step_page = p + 1;
    struct Client_Reg_Struc *c = vm_crs(vm);
    vm->rom_step_tf = !(c->Client_EFlags & EFL_TF);
    c->Client_EFlags |= EFL_TF;
    return true;
}

/* After that one instruction (or whatever trap came first): the ROM again.
 * True when the trap was only our single step. */
bool vm_rom_step_done(struct vm *vm, uint32_t trapno)
{
    uint32_t p = vm->rom_step_page - 1;
    vm->rom_step_page = 0;
    map_page(vm, p, vm->frame[p], false);
    bool ours = vm->rom_step_tf;
    vm->rom_step_tf = false;
    if (ours)
        vm_crs(vm)->Client_EFlags &= ~EFL_TF;
    return ours && trapno == 1;
}

void vm_terminate(struct vm *vm, const char *fmt, ...)
{
    char buf[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    /* A fault of a thread other than the VM's initial one ends that thread
     * only: the VM and its other threads go on (docs/architecture.md). */
    struct thread *t = thread_current();
    if (vm == cur_vm && t && !t->initial)
        thread_end(t, VNE_Crashed, buf);
    vm_end(vm, VNE_Crashed, buf);
    panic("vm_terminate returned");
}

void vm_end(struct vm *vm, uint32_t vne_flags, const char *why)
{
    cli();
    if (vm->dead)
        return;
    if (!vne_flags && vm == cur_vm)
        system_control(VM_Terminate, vm, 0, 0, 0);   /* a normal close, in its context */
    if (vm_list == vm && !vm->next)
        console_vga(true);              /* the last VM: the screen is the VMM's again */
    if (vne_flags)
        kprintf("VM %u terminated: %s\n", vm->CB_VMID, why);
    else
        kprintf("VM %u ended: %s\n", vm->CB_VMID, why);
    vm->dead = true;
    vm->vne_flags = vne_flags;
    vm->CB_VM_Status |= VMStat_Not_Executeable;
    for (struct vm **pp = &vm_list; *pp; pp = &(*pp)->next)
        if (*pp == vm) {
            *pp = vm->next;
            break;
        }
    thread_vm_ended(vm);
    events_vm_terminated(vm);
    timeout_vm_gone(vm);
    crit_vm_gone(vm);
    sched_vm_gone(vm);
}
