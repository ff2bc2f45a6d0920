/* VPICD's services (device 3): hardware interrupt lines a VxD virtualizes.
 * The virtual PICs themselves (vmm/vpic.c, ports in vmm/vpic_ports.c) and
 * the default routing of a line nobody virtualized (vmm/irq.c) stay in the
 * core; this file gives a VxD the DDK's way in: VPICD_Virtualize_IRQ routes
 * a line's interrupts to the VxD's Hw_Int_Proc, which raises the request in
 * the VM of its choice and ends the physical interrupt itself.
 * The IRQ handle is a pointer to our record of the line. */
#include "include/vpicd.h"
#include "vxd/regs.h"
#include "vxd/svc_check.h"
#include "vxd/devices.h"
#include "vxd/vpicd_core.h"
#include "vmm/vm.h"
#include "vmm/sched.h"
#include "vmm/console.h"
#include "vmm/hw/pic.h"

#define NIRQ 16

struct virq {
    bool used;
    bool phys_in_service;               /* delivered, VPICD_Phys_EOI not yet called */
    uint8_t irq;
    struct VPICD_IRQ_Descriptor vid;    /* a copy: the caller's may go away */
};
static struct virq lines[NIRQ];

static struct virq *handle_of(uint32_t h)
{
    struct virq *v = (struct virq *)h;
    if (v < lines || v >= lines + NIRQ || (uint32_t)((char *)v - (char *)lines) % sizeof *v || !v->used)
        return 0;
    return v;
}

uint16_t vpicd_virtualized_lines(void)
{
    uint16_t m = 0;
    for (int i = 0; i < NIRQ; i++)
        if (lines[i].used)
            m |= 1u << i;
    return m;
}

bool vpicd_hw_int(int irq, struct vm *cur)
{
    struct virq *v = &lines[irq];
    if (irq < 0 || irq >= NIRQ || !v->used)
        return false;
    v->phys_in_service = true;
    uint32_t ref = (v->vid.VID_Options & VPICD_OPT_REF_DATA) ? v->vid.VID_Hw_Int_Ref : 0;
    if (v->vid.VID_Options & VPICD_OPT_VMM386_C) {
        ((VPICD_HW_INT_HANDLER)v->vid.VID_Hw_Int_Proc)((HIRQ)v, (VMHANDLE)cur, ref);
    } else {
        struct vxd_regs r = { .eax = (uint32_t)v, .ebx = (uint32_t)cur, .edx = ref, .eflags = 0x2 };
        vxd_call_regs(&r, (const void *)v->vid.VID_Hw_Int_Proc);
    }
    return true;
}

void svc_VPICD_Get_Version(struct vxd_regs *r)
{
    r->eax = 0x0400;
    r->ebx = 0;                         /* flags: no special hardware */
    r->ecx = 15;                        /* highest IRQ */
    regs_set_cf(r, false);
}

void svc_VPICD_Virtualize_IRQ(struct vxd_regs *r)
{
    const struct VPICD_IRQ_Descriptor *d = (const struct VPICD_IRQ_Descriptor *)r->edi;
    if (!d || d->VID_IRQ_Number >= NIRQ || d->VID_IRQ_Number == IRQ_TIMER ||
        d->VID_IRQ_Number == IRQ_CASCADE || !d->VID_Hw_Int_Proc || lines[d->VID_IRQ_Number].used) {
        kprintf("vmm386: VPICD_Virtualize_IRQ of IRQ %u refused\n", d ? d->VID_IRQ_Number : 0xFFFF);
        regs_set_cf(r, true);
        return;
    }
    struct virq *v = &lines[d->VID_IRQ_Number];
    *v = (struct virq){ .used = true, .irq = (uint8_t)d->VID_IRQ_Number, .vid = *d };
    pic_mask(v->irq, false);            /* the VxD wants it: physically unmasked */
    r->eax = (uint32_t)v;
    regs_set_cf(r, false);
}

static struct virq *irq_arg(struct vxd_regs *r)
{
    struct virq *v = handle_of(r->eax);
    if (!v) {
        kprintf("vmm386: VPICD: bad IRQ handle %08x, ignored\n", r->eax);
        regs_set_cf(r, true);
    }
    return v;
}

static struct vpic_chip *chip_of(struct vm *vm, int irq)
{
    return irq < 8 ? &vm->vpic.master : &vm->vpic.slave;
}

void svc_VPICD_Set_Int_Request(struct vxd_regs *r)
{
    struct virq *v = irq_arg(r);
    struct vm *vm = v ? svc_vm(r, VPICD_Set_Int_Request_Svc) : 0;
    if (!vm || vm->dead)
        return;
    vpic_raise(&vm->vpic, v->irq);
    sched_kick(vm);
}

void svc_VPICD_Clear_Int_Request(struct vxd_regs *r)
{
    struct virq *v = irq_arg(r);
    struct vm *vm = v ? svc_vm(r, VPICD_Clear_Int_Request_Svc) : 0;
    if (vm)
        chip_of(vm, v->irq)->irr &= ~(1u << (v->irq & 7));
}

void svc_VPICD_Phys_EOI(struct vxd_regs *r)
{
    struct virq *v = irq_arg(r);
    if (v && v->phys_in_service) {
        v->phys_in_service = false;
        pic_eoi(v->irq);
    }
}

static uint32_t status(struct virq *v, struct vm *vm)
{
    struct vpic_chip *c = chip_of(vm, v->irq);
    uint8_t bit = 1u << (v->irq & 7);
    return (c->isr & bit ? VPICD_Stat_In_Service : 0) | (c->imr & bit ? VPICD_Stat_Virt_Mask : 0) |
           (c->irr & bit ? VPICD_Stat_Virt_Req | VPICD_Stat_Virt_Dev_Req : 0) |
           (v->phys_in_service ? VPICD_Stat_Phys_In_Serv : 0);
}

void svc_VPICD_Get_Status(struct vxd_regs *r)
{
    struct virq *v = irq_arg(r);
    struct vm *vm = v ? svc_vm(r, VPICD_Get_Status_Svc) : 0;
    if (vm)
        r->ecx = status(v, vm);
}

void svc_VPICD_Get_Complete_Status(struct vxd_regs *r) { svc_VPICD_Get_Status(r); }

#define E(name) extern char name##_entry[];
E(VPICD_Get_Version) E(VPICD_Virtualize_IRQ) E(VPICD_Set_Int_Request) E(VPICD_Clear_Int_Request)
E(VPICD_Phys_EOI) E(VPICD_Get_Complete_Status) E(VPICD_Get_Status)
#undef E

static void *const vpicd_services[VPICD_SERVICE_COUNT] = {
    [VPICD_Get_Version_Svc] = VPICD_Get_Version_entry,
    [VPICD_Virtualize_IRQ_Svc] = VPICD_Virtualize_IRQ_entry,
    [VPICD_Set_Int_Request_Svc] = VPICD_Set_Int_Request_entry,
    [VPICD_Clear_Int_Request_Svc] = VPICD_Clear_Int_Request_entry,
    [VPICD_Phys_EOI_Svc] = VPICD_Phys_EOI_entry,
    [VPICD_Get_Complete_Status_Svc] = VPICD_Get_Complete_Status_entry,
    [VPICD_Get_Status_Svc] = VPICD_Get_Status_entry,
};

static struct VxD_Desc_Block VPICD_DDB = {
    .DDB_SDK_Version = DDK_VERSION,
    .DDB_Req_Device_Number = VPICD_DEVICE_ID,
    .DDB_Dev_Major_Version = 4,
    .DDB_Flags = DDB_VMM386_C_PROCS,
    .DDB_Name = { 'V', 'P', 'I', 'C', 'D', ' ', ' ', ' ' },
    .DDB_Init_Order = VPICD_INIT_ORDER,
    .DDB_Service_Table_Ptr = vpicd_services,
    .DDB_Service_Table_Size = VPICD_SERVICE_COUNT,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};
VXD_REGISTER(VPICD_DDB);
