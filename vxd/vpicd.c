/* VPICD -- the virtual programmable interrupt controller device (device 3),
 * a VxD on the public API (vmm.h, vpicd.h).
 *
 * It owns the real 8259A pair's masks and the lines' ends of interrupt,
 * and gives every VM its own virtual pair (vxd/vpicd_chip.c) in its
 * Allocate_Device_CB_Area block, at ports 20h/21h/A0h/A1h
 * (Install_IO_Handler).  It reaches the hardware interrupts through
 * VMM386_Hook_Hw_Int (all lines but the VMM's clock, IRQ 0) and tells the
 * VMM which VM has a request (VMM386_Set_Int_Requested) and which vector
 * it takes (VMM386_Install_Int_Controller): the trap path knows no PIC.
 *
 * A line a VxD virtualized (VPICD_Virtualize_IRQ) goes to its Hw_Int_Proc,
 * which raises the request in the VM of its choice (VPICD_Set_Int_Request)
 * and ends the physical interrupt (VPICD_Phys_EOI).  IRQ 0 can be
 * virtualized for its virtual side only (VTD does): the real IRQ 0 stays
 * the VMM's clock, so its Hw_Int_Proc is never called.  A guest EOI of a
 * virtualized line calls its VID_EOI_Proc, a change of its virtual mask its
 * VID_Mask_Change_Proc; its delivery into a VM its VID_Virt_Int_Proc, and
 * the handler's IRET its VID_IRET_Proc (Call_When_VM_Returns on the
 * interrupt's frame, with VID_IRET_Time_Out).  Lines nobody virtualized go,
 * ended at once, to a default VM: the disk controllers' to the VM in the
 * critical section (it waits inside the BIOS disk code for them), the
 * others to the system VM.  The system VM's virtual masks are the real
 * ones, as VPICD does for the VM that owns the devices; a virtualized line
 * stays unmasked, the clock and the cascade always.
 *
 * The IRQ handle is a pointer to our record of the line.
 */
#include "vmm.h"
#include "portio.h"
#include "vpicd.h"
#include "vxd/regs.h"                   /* register-level entry points and calls */
#include "vxd/vpicd_chip.h"

#define NIRQ            16
#define IRQ_TIMER       0
#define IRQ_CASCADE     2
#define IRQ_FLOPPY      6
#define IRQ_ATA0        14
#define IRQ_ATA1        15

#define PIC1_CMD        0x20            /* the real chips */
#define PIC1_DATA       0x21
#define PIC2_CMD        0xA0
#define PIC2_DATA       0xA1
#define PIC_EOI         0x20            /* non-specific EOI */
#define PIC_SEOI        0x60            /* specific EOI | level */
#define ICW1            0x10            /* a command port write that starts initialisation */

struct virq {
    BOOL used;
    BOOL phys_in_service;               /* delivered, VPICD_Phys_EOI not yet called */
    BYTE irq;
    struct VPICD_IRQ_Descriptor vid;    /* a copy: the caller's may go away */
};
static struct virq lines[NIRQ];
static WORD virtualized;                /* bit n: IRQ n has a record */
static WORD eoi_procs;                  /* bit n: and a VID_EOI_Proc */
static WORD virt_procs, mask_procs, iret_procs;     /* ... a VID_Virt_Int_, Mask_Change_, IRET_Proc */

struct vpicd_vm {                       /* in every VM's control block */
    struct vpic pic;
    BYTE inited;
    BYTE requested;                     /* what VMM386_Set_Int_Requested was last told */
    BYTE threaded;                      /* a thread besides the initial one has run (Thread_Init) */
    BYTE slow_ack;                      /* threaded, or a line has a Virt_Int_ or IRET_Proc: ack_watched */
    BYTE watch;                         /* IRQ + 1 whose IRET the next VMM386_INTC_WATCH asks for */
    THREADHANDLE isr_thread[NIRQ];      /* then: the thread each in-service line was delivered on */
};
static void log_hex(const char *what, DWORD v);

static DWORD cb_off;
static DWORD req_off;                   /* the VMM's request flag in a VM control block */
static DWORD bios_masks;                /* AL master, AH slave: a new VM's virtual masks */
static VMHANDLE sys_vm;


/* A VM's virtual pair; one never touched starts as the BIOS left the real
 * one (a fork's is a copy of its parent's, as the rest of its state). */
static __attribute__((noinline, cold)) void st_init(struct vpicd_vm *p)
{
    vpic_init(&p->pic, (BYTE)bios_masks, (BYTE)(bios_masks >> 8));
    p->inited = 1;
    p->slow_ack = (virt_procs | iret_procs) != 0;
}
static inline struct vpicd_vm *st(VMHANDLE vm)
{
    struct vpicd_vm *p = (struct vpicd_vm *)((char *)vm + cb_off);
    if (__builtin_expect(!p->inited, 0))
        st_init(p);
    return p;
}

/* The VMM's request flag follows the IRR: any request at all sends the VM
 * the slow way where its IF may go on, as the trap path did with the IRR. */
static inline __attribute__((always_inline)) void sync(VMHANDLE vm, struct vpicd_vm *p)
{
    BYTE r = (p->pic.master.irr | p->pic.slave.irr) != 0;
    if (r != p->requested) {
        p->requested = r;
        if (r)
            VMM386_Set_Int_Requested(vm, TRUE);     /* wakes the VM too */
        else
            *((BYTE *)vm + req_off) = 0;            /* a clear is only the flag */
    }
}

/* An edge on a line of the VM's virtual pair; the VM is woken for it.  The
 * VM the interrupt came in, running on one thread, needs no waking: it
 * takes the interrupt on its way back, so the flag is set in place (a disk
 * interrupt's common case, one service call less). */
static void raise(VMHANDLE vm, int irq, VMHANDLE cur)
{
    struct vpicd_vm *p = st(vm);
    vpic_raise(&p->pic, irq);
    p->requested = 1;
    if (vm == cur && !p->threaded && !(vm->CB_VM_Status & (VMSTAT_IDLE | VMSTAT_BLOCKED | VMSTAT_SUSPENDED)))
        *((BYTE *)vm + req_off) = 1;
    else
        VMM386_Set_Int_Requested(vm, TRUE);
}

static void phys_eoi(int irq)
{
    if (irq >= 8)
        outb(PIC2_CMD, PIC_SEOI | (irq & 7));
    outb(PIC1_CMD, PIC_SEOI | (irq >= 8 ? IRQ_CASCADE : irq));
}

static void phys_unmask(int irq)
{
    WORD port = irq >= 8 ? PIC2_DATA : PIC1_DATA;
    outb(port, inb(port) & ~(1u << (irq & 7)));
}

static VMHANDLE the_sys_vm(void)
{
    if (!sys_vm)
        sys_vm = Get_Sys_VM_Handle();
    return sys_vm;
}

/* The system VM's virtual masks are the real ones, but for the lines a VxD
 * virtualized (it wants them), the VMM's clock and the cascade. */
static void sync_real_masks(VMHANDLE vm, struct vpicd_vm *p)
{
    if (vm != the_sys_vm())
        return;
    BYTE master = p->pic.master.imr & ~((1u << IRQ_TIMER) | (1u << IRQ_CASCADE)) & ~virtualized;
    outb(PIC1_DATA, master);
    outb(PIC2_DATA, p->pic.slave.imr & ~(virtualized >> 8));
}

/* A descriptor's procedure other than Hw_Int_Proc: EAX = IRQ handle, EBX =
 * VM, ECX = arg, carry = cf; C: proc(handle, VM, arg). */
static void call_proc(struct virq *v, DWORD proc, VMHANDLE vm, DWORD arg, BOOL cf)
{
    if (v->vid.VID_Options & VPICD_OPT_VMM386_C) {
        ((VPICD_MASK_CHANGE_HANDLER)proc)((HIRQ)v, vm, arg);
        return;
    }
    struct vxd_regs r = { .eax = (DWORD)v, .ebx = (DWORD)vm, .ecx = arg, .eflags = 0x2 | (cf ? 1 : 0) };
    vxd_call_regs(&r, (const void *)proc);
}

static void call_eoi_proc(struct virq *v, VMHANDLE vm)
{
    call_proc(v, v->vid.VID_EOI_Proc, vm, 0, FALSE);
}

/* The IMR bits that changed: each virtualized line's VID_Mask_Change_Proc. */
static __attribute__((noinline, cold)) void mask_notify(VMHANDLE vm, struct vpicd_vm *p, WORD imr_before)
{
    WORD imr = p->pic.master.imr | (p->pic.slave.imr << 8);
    WORD changed = (imr ^ imr_before) & mask_procs;
    for (int irq = 0; changed; irq++, changed >>= 1)
        if (changed & 1)
            call_proc(&lines[irq], lines[irq].vid.VID_Mask_Change_Proc, vm, imr >> irq & 1, FALSE);
}

/* Call_When_VM_Returns for a line's IRET: RefData = the IRQ. */
static void iret_returned(VMHANDLE vm, CLIENT_STRUCT *pcrs, DWORD irq, BOOL timed_out)
{
    (void)pcrs;
    struct virq *v = &lines[irq & (NIRQ - 1)];
    if (v->used && v->vid.VID_IRET_Proc)
        call_proc(v, v->vid.VID_IRET_Proc, vm, timed_out, timed_out);
}

/* In service before the write, not after: the guest's EOI of those lines. */
static inline __attribute__((always_inline)) void eoi_notify(VMHANDLE vm, struct vpicd_vm *p, WORD isr_before)
{
    WORD isr_after = p->pic.master.isr | (p->pic.slave.isr << 8);
    WORD ended = isr_before & ~isr_after & eoi_procs;
    for (int irq = 0; ended; irq++, ended >>= 1)
        if (ended & 1)
            call_eoi_proc(&lines[irq], vm);
}

/* A VM's ports: its pair is set up already (Sys_VM_Init, Create_VM: a VM
 * runs no instruction before), so no st() check on this busiest path. */
static DWORD pic_io(VMHANDLE hVM, DWORD IOType, DWORD Port, CLIENT_STRUCT *pcrs, DWORD OutData)
{
    (void)pcrs;
    struct vpicd_vm *p = (struct vpicd_vm *)((char *)hVM + cb_off);
    if (!(IOType & Output)) {
        if (Port & 1)                   /* the masks (OCW1): the most frequent access */
            return Port == PIC1_DATA ? p->pic.master.imr : p->pic.slave.imr;
        DWORD v = vpic_read(&p->pic, (WORD)Port);
        sync(hVM, p);                   /* a poll read acknowledges */
        return v;
    }
    if (Port == PIC1_CMD && OutData == PIC_EOI) {   /* a handler's end: IRR, IMR unchanged */
        int irq = vpic_master_eoi(&p->pic);
        if (irq >= 0 && (eoi_procs & (1u << irq)))
            call_eoi_proc(&lines[irq], hVM);
        return 0;
    }
    WORD isr_before = p->pic.master.isr | (p->pic.slave.isr << 8);
    WORD imr_before = mask_procs ? p->pic.master.imr | (p->pic.slave.imr << 8) : 0;
    vpic_write(&p->pic, (WORD)Port, (BYTE)OutData);
    sync(hVM, p);
    if ((Port & 1) || (OutData & ICW1))  /* the masks change: OCW1, ICW1 clears them */
        sync_real_masks(hVM, p);
    if (eoi_procs && isr_before)
        eoi_notify(hVM, p, isr_before);
    if (mask_procs)
        mask_notify(hVM, p, imr_before);
    return 0;
}

/* The acknowledge in a VM with threads: remember which thread's handler
 * owes each line's EOI (none in AEOI mode), for end_threads_lines. */
static __attribute__((noinline, cold)) LONG ack_on_thread(VMHANDLE vm, struct vpicd_vm *p)
{
    THREADHANDLE t = Get_Cur_Thread_Handle();      /* the one the VMM delivers to */
    WORD isr_before = p->pic.master.isr | (p->pic.slave.isr << 8);
    LONG vec = vpic_ack(&p->pic);
    WORD taken = (p->pic.master.isr | (p->pic.slave.isr << 8)) & ~isr_before;
    for (int irq = 0; taken; irq++, taken >>= 1)
        if (taken & 1)
            p->isr_thread[irq] = t;
    sync(vm, p);
    return vec;
}

/* The acknowledge of a line with a VID_Virt_Int_Proc or VID_IRET_Proc, or
 * in a VM with threads. */
static __attribute__((noinline, cold)) LONG ack_watched(VMHANDLE vm, struct vpicd_vm *p)
{
    int irq = vpic_pending(&p->pic);
    LONG vec;
    if (p->threaded) {
        vec = ack_on_thread(vm, p);
    } else {
        vec = vpic_ack(&p->pic);
        sync(vm, p);
    }
    if (vec < 0 || irq < 0)
        return vec;
    WORD bit = 1u << irq;
    if (virt_procs & bit)
        call_proc(&lines[irq], lines[irq].vid.VID_Virt_Int_Proc, vm, 0, FALSE);
    if (iret_procs & bit) {
        p->watch = (BYTE)(irq + 1);
        vec |= VMM386_INTC_WATCH_IRET;  /* the VMM calls VMM386_INTC_WATCH next */
    }
    return vec;
}

/* VMM386_Install_Int_Controller: what the trap path asks of a VM's pair. */
static LONG intc(VMHANDLE vm, DWORD Op)
{
    struct vpicd_vm *p = st(vm);
    int irq;
    if (Op == VMM386_INTC_ACK) {        /* the delivery: first, and short */
        if (__builtin_expect(p->slow_ack, 0))
            return ack_watched(vm, p);
        LONG vec = vpic_ack_common(&p->pic);
        if (vec == VPIC_ACK_GENERAL)
            vec = vpic_ack(&p->pic);
        sync(vm, p);
        return vec;
    }
    switch (Op) {
    case VMM386_INTC_PENDING:
        irq = vpic_pending(&p->pic);
        if (irq < 0)
            return -1;
        return irq < 8 ? p->pic.master.vbase + irq : p->pic.slave.vbase + irq - 8;
    case VMM386_INTC_WATCH:            /* inside the frame's Call_When_VM_Returns bracket */
        if (p->watch) {
            irq = p->watch - 1;
            p->watch = 0;
            if (!Call_When_VM_Returns((LONG)lines[irq].vid.VID_IRET_Time_Out, (DWORD)irq, iret_returned))
                log_hex("no Call_When_VM_Returns left for the IRET of IRQ", (DWORD)irq);
        }
        return 0;
    case VMM386_INTC_ALL_MASKED: {
        /* the master's eight, or seven and the slave's eight behind the cascade */
        BYTE master = p->pic.master.imr | (p->pic.slave.imr == 0xFF ? 1u << IRQ_CASCADE : 0);
        return master == 0xFF && vpic_pending(&p->pic) < 0;
    }
    }
    return -1;
}

/* Where a line nobody virtualized goes. */
static VMHANDLE default_owner(int irq)
{
    DWORD claims;
    VMHANDLE crit = Get_Crit_Section_Status(&claims);
    if ((irq == IRQ_FLOPPY || irq == IRQ_ATA0 || irq == IRQ_ATA1) && claims)
        return crit;
    return the_sys_vm();
}

/* VMM386_Hook_Hw_Int: every hardware interrupt but the VMM's clock. */
static BOOL hw_int(DWORD irq, VMHANDLE cur)
{
    struct virq *v = &lines[irq];
    if (irq >= NIRQ)
        return FALSE;
    if (!v->used) {
        phys_eoi((int)irq);
        VMHANDLE to = default_owner((int)irq);
        if (to && (to == cur || Validate_VM_Handle(to)))   /* the running VM: valid */
            raise(to, (int)irq, cur);
        return TRUE;
    }
    v->phys_in_service = TRUE;
    DWORD ref = (v->vid.VID_Options & VPICD_OPT_REF_DATA) ? v->vid.VID_Hw_Int_Ref : 0;
    if (v->vid.VID_Options & VPICD_OPT_VMM386_C) {
        ((VPICD_HW_INT_HANDLER)v->vid.VID_Hw_Int_Proc)((HIRQ)v, cur, ref);
    } else {
        struct vxd_regs r = { .eax = (DWORD)v, .ebx = (DWORD)cur, .edx = ref, .eflags = 0x2 };
        vxd_call_regs(&r, (const void *)v->vid.VID_Hw_Int_Proc);
    }
    return TRUE;
}

/* Decimal v into line at n; the new end. */
static int put_dec(char *line, int n, DWORD v)
{
    char d[10];
    int k = 0;
    do
        d[k++] = (char)('0' + v % 10);
    while ((v /= 10) && k < 10);
    while (k)
        line[n++] = d[--k];
    return n;
}

/* "VPICD: <what> <hex>" on the log. */
static void log_hex(const char *what, DWORD v)
{
    static const char hex[] = "0123456789abcdef";
    char line[80] = "VPICD: ";
    int n = 7;
    for (const char *s = what; *s && n < 60; s++)
        line[n++] = *s;
    line[n++] = ' ';
    for (int i = 7; i >= 0; i--)
        line[n++] = hex[(v >> (4 * i)) & 15];
    line[n] = 0;
    VMM386_Log(line);
}

/* A thread dies (Destroy_Thread: ended or faulted) inside a handler it was
 * given: nobody
 * will send that line's EOI now, and the line (and every line below it)
 * would stay blocked in the VM for good.  End it as its EOI would have,
 * VID_EOI_Proc included, and say so. */
static void end_threads_lines(VMHANDLE vm, THREADHANDLE t)
{
    struct vpicd_vm *p = st(vm);
    WORD isr = p->pic.master.isr | (p->pic.slave.isr << 8);
    WORD ended = 0;
    for (int irq = 0; irq < NIRQ; irq++)
        if ((isr >> irq & 1) && p->isr_thread[irq] == t) {
            ended |= 1u << irq;
            p->isr_thread[irq] = 0;
        }
    if (!ended)
        return;
    p->pic.master.isr &= ~(BYTE)ended;
    p->pic.slave.isr &= ~(BYTE)(ended >> 8);
    for (int irq = 0; irq < NIRQ; irq++) {
        if (!(ended >> irq & 1) || irq == IRQ_CASCADE)
            continue;
        char line[80] = "VPICD: VM ";
        int n = 10;
        n = put_dec(line, n, vm->CB_VMID);
        for (const char *s = " thread "; *s; s++)
            line[n++] = *s;
        n = put_dec(line, n, t->TCB_ThreadId);
        for (const char *s = " ended with IRQ "; *s; s++)
            line[n++] = *s;
        n = put_dec(line, n, (DWORD)irq);
        for (const char *s = " in service: ended it"; *s; s++)
            line[n++] = *s;
        line[n] = 0;
        VMM386_Log(line);
    }
    sync(vm, p);
    if (eoi_procs & ended)
        eoi_notify(vm, p, isr);
}

/* ------------------------------------------------------------- services */
static struct virq *handle_of(DWORD h)
{
    struct virq *v = (struct virq *)h;
    if (v < lines || v >= lines + NIRQ || (DWORD)((char *)v - (char *)lines) % sizeof *v || !v->used)
        return 0;
    return v;
}

static struct virq *irq_arg(struct vxd_regs *r)
{
    struct virq *v = handle_of(r->eax);
    if (!v) {
        log_hex("bad IRQ handle, ignored:", r->eax);
        regs_set_cf(r, true);
    }
    return v;
}

static VMHANDLE vm_arg(struct vxd_regs *r)
{
    VMHANDLE vm = (VMHANDLE)r->ebx;
    if (!Validate_VM_Handle(vm)) {
        log_hex("invalid VM handle, ignored:", r->ebx);
        regs_set_cf(r, true);
        return 0;
    }
    return vm;
}

void svc_VPICD_Get_Version(struct vxd_regs *r)
{
    r->eax = 0x0400;
    r->ebx = 0;                         /* flags: no special hardware */
    r->ecx = NIRQ - 1;                  /* highest IRQ */
    regs_set_cf(r, false);
}

/* A line has a VID_Virt_Int_Proc or VID_IRET_Proc now: every VM's
 * acknowledge goes through ack_watched (a VM set up later: st()). */
static void every_vm_acks_slowly(void)
{
    /* Get_Next_VM_Handle goes round the live VMs from any handle, even the
     * system VM's after it ended: stop at the first live one met again */
    VMHANDLE first = 0, vm = Get_Sys_VM_Handle();
    for (int n = 0; vm && n < 256; n++) {
        vm = Get_Next_VM_Handle(vm);
        if (!vm || !Validate_VM_Handle(vm) || vm == first)
            break;
        if (!first)
            first = vm;
        st(vm)->slow_ack = 1;
    }
}

void svc_VPICD_Virtualize_IRQ(struct vxd_regs *r)
{
    const struct VPICD_IRQ_Descriptor *d = (const struct VPICD_IRQ_Descriptor *)r->edi;
    if (!d || d->VID_IRQ_Number >= NIRQ || d->VID_IRQ_Number == IRQ_CASCADE ||
        (!d->VID_Hw_Int_Proc && d->VID_IRQ_Number != IRQ_TIMER) || lines[d->VID_IRQ_Number].used) {
        log_hex("VPICD_Virtualize_IRQ refused, IRQ", d ? d->VID_IRQ_Number : 0xFFFF);
        regs_set_cf(r, true);
        return;
    }
    struct virq *v = &lines[d->VID_IRQ_Number];
    *v = (struct virq){ .used = TRUE, .irq = (BYTE)d->VID_IRQ_Number, .vid = *d };
    virtualized |= 1u << v->irq;
    if (d->VID_EOI_Proc)
        eoi_procs |= 1u << v->irq;
    if (d->VID_Virt_Int_Proc)
        virt_procs |= 1u << v->irq;
    if (d->VID_Mask_Change_Proc)
        mask_procs |= 1u << v->irq;
    if (d->VID_IRET_Proc)
        iret_procs |= 1u << v->irq;
    if (d->VID_Virt_Int_Proc || d->VID_IRET_Proc)
        every_vm_acks_slowly();
    if (v->irq != IRQ_TIMER)
        phys_unmask(v->irq);            /* the VxD wants it */
    r->eax = (DWORD)v;
    regs_set_cf(r, false);
}

void svc_VPICD_Set_Int_Request(struct vxd_regs *r)
{
    struct virq *v = irq_arg(r);
    VMHANDLE vm = v ? vm_arg(r) : 0;
    if (vm)
        raise(vm, v->irq, 0);
}

void svc_VPICD_Clear_Int_Request(struct vxd_regs *r)
{
    struct virq *v = irq_arg(r);
    VMHANDLE vm = v ? vm_arg(r) : 0;
    if (!vm)
        return;
    struct vpicd_vm *p = st(vm);
    struct vpic_chip *c = v->irq < 8 ? &p->pic.master : &p->pic.slave;
    c->irr &= ~(1u << (v->irq & 7));
    sync(vm, p);
}

void svc_VPICD_Phys_EOI(struct vxd_regs *r)
{
    struct virq *v = irq_arg(r);
    if (v && v->phys_in_service) {
        v->phys_in_service = FALSE;
        phys_eoi(v->irq);
    }
}

static DWORD status(struct virq *v, VMHANDLE vm)
{
    struct vpicd_vm *p = st(vm);
    struct vpic_chip *c = v->irq < 8 ? &p->pic.master : &p->pic.slave;
    BYTE bit = 1u << (v->irq & 7);
    return (c->isr & bit ? VPICD_Stat_In_Service : 0) | (c->imr & bit ? VPICD_Stat_Virt_Mask : 0) |
           (c->irr & bit ? VPICD_Stat_Virt_Req | VPICD_Stat_Virt_Dev_Req : 0) |
           (v->phys_in_service ? VPICD_Stat_Phys_In_Serv : 0);
}

void svc_VPICD_Get_Status(struct vxd_regs *r)
{
    struct virq *v = irq_arg(r);
    VMHANDLE vm = v ? vm_arg(r) : 0;
    if (vm)
        r->ecx = status(v, vm);
}

void svc_VPICD_Get_Complete_Status(struct vxd_regs *r) { svc_VPICD_Get_Status(r); }

/* ------------------------------------------------------------- the VxD */
static BOOL VPICD_Control(DWORD Msg, VMHANDLE hVM, DWORD Esi, DWORD Edi, DWORD Edx)
{
    (void)Esi, (void)Edi, (void)Edx;
    switch (Msg) {
    case Sys_Critical_Init:
        cb_off = _Allocate_Device_CB_Area(sizeof(struct vpicd_vm), 0);
        if (!cb_off || !VMM386_Hook_Hw_Int(hw_int, &bios_masks) || !VMM386_Install_Int_Controller(intc, &req_off))
            return FALSE;
        /* a VM must never reach the real PIC: trapping stays on */
        return VMM386_Install_IO_Handler_Always(PIC1_DATA, pic_io) &&    /* the masks first: */
               VMM386_Install_IO_Handler_Always(PIC1_CMD, pic_io) &&     /* the busiest port */
               VMM386_Install_IO_Handler_Always(PIC2_CMD, pic_io) &&
               VMM386_Install_IO_Handler_Always(PIC2_DATA, pic_io);
    case Sys_VM_Init:
        st(hVM);
        return TRUE;
    case Thread_Init:
        st(hVM)->threaded = st(hVM)->slow_ack = 1;
        return TRUE;
    case Destroy_Thread:
        end_threads_lines(hVM, (THREADHANDLE)Edi);
        return TRUE;
    case Create_VM: {
        /* a fork has its parent's pair: the VMM's flag must say so too */
        struct vpicd_vm *p = st(hVM);
        p->requested = 0xFF;
        sync(hVM, p);
        return TRUE;
    }
    }
    return TRUE;
}

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
    .DDB_Control_Proc = (void *)VPICD_Control,
    .DDB_Service_Table_Ptr = vpicd_services,
    .DDB_Service_Table_Size = VPICD_SERVICE_COUNT,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};
VXD_REGISTER(VPICD_DDB);
