/* VTD -- the virtual timer device (device 5), a VxD on the public API
 * (vmm.h, vpicd.h, vtd.h).
 *
 * Each VM has its own 8254 channel 0 in its Allocate_Device_CB_Area block:
 * it programs its own rate at ports 40h/43h (Install_IO_Handler) while the
 * real PIT keeps the VMM's 1 ms clock; channels 1 and 2 (refresh, speaker)
 * are the hardware's.  The VMM's clock reaches VTD through
 * VMM386_Hook_Timer_Tick; VTD raises the VM's IRQ 0 with
 * VPICD_Set_Int_Request on the IRQ 0 it virtualized (its virtual side: the
 * real line stays the VMM's), and VPICD calls its VID_EOI_Proc when the VM
 * ends that interrupt.
 *
 * Timer ticks are never lost (as Windows' VTD): a period that ends while
 * the VM's IRQ 0 is still requested (its IF is off, or it runs its timer
 * handler, or the guest's rate is above the VMM's 1 kHz) is owed, and the
 * owed ticks go in one at a time as the VM takes each: at the next VMM tick
 * or when the VM ends its IRQ 0 (EOI), whichever comes first.  A real PIC
 * would merge them and DOS's clock would fall behind.
 */
#include "vmm.h"
#include "portio.h"
#include "vpicd.h"
#include "vtd.h"
#include "vxd/regs.h"                   /* register-level entry points */

#define PIT_HZ          1193182u
#define PIT_CH0         0x40
#define PIT_CMD         0x43
#define PIC1_IRR        0x20            /* the VMM leaves the real master on "read IRR" */
#define VTD_MAX_OWED_CLOCKS (10u * PIT_HZ)     /* owe at most 10 s of ticks */
#define VTD_VERSION     0x0400
#define MAX_MIN_PERIOD_MS 1000

struct vtd_vm {                         /* in every VM's control block */
    DWORD reload;                       /* guest divisor (65536 for 0) */
    DWORD acc;                          /* PIT input clocks since the last virtual IRQ 0 */
    DWORD owed;                         /* virtual IRQ 0s the VM could not take yet */
    BYTE mode, access, flipflop, latched, write_lo, inited;
    WORD latch;
    VMHANDLE next;                      /* the VMs VTD ticks */
    BOOL listed;
};

static DWORD cb_off;
static DWORD tick_clocks;               /* PIT clocks of one VMM tick */
static HIRQ irq0;
static DWORD min_period_users;          /* VTD_Begin_Min_Int_Period calls outstanding */
static DWORD ticks;                     /* VMM ticks VTD has seen: its clock, no service call */
/* The VMs from Sys_VM_Init / Create_VM to Destroy_VM: the clock walks this
 * list, not the VMM's, so a tick costs no service call (on a 1 MIPS 386 a
 * few dozen per millisecond would leave the VMs nothing). */
static VMHANDLE vms;


/* The real channel 0's count (the VMM's clock runs in mode 2). */
static WORD real_count(void)
{
    DWORD f;
    __asm__ volatile("pushfl; popl %0; cli" : "=r"(f) :: "memory");
    outb(PIT_CMD, 0x00);                /* latch ch 0 */
    WORD v = inb(PIT_CH0);
    v |= inb(PIT_CH0) << 8;
    __asm__ volatile("pushl %0; popfl" :: "r"(f) : "memory", "cc");
    return v;
}

/* A VM's channel; one never touched starts as the BIOS leaves it (mode 3,
 * divisor 65536: 18.2 Hz). */
static struct vtd_vm *st(VMHANDLE vm)
{
    struct vtd_vm *t = (struct vtd_vm *)((char *)vm + cb_off);
    if (!t->inited) {
        t->inited = 1;
        t->reload = 0x10000;
        t->access = 3;
        t->mode = 3;
    }
    return t;
}

static void advance(VMHANDLE vm, struct vtd_vm *t, DWORD clocks)
{
    t->acc += clocks;
    if (t->acc >= t->reload) {
        DWORD periods = t->acc / t->reload;
        DWORD max_owed = VTD_MAX_OWED_CLOCKS / t->reload;
        t->acc %= t->reload;
        t->owed = t->owed + periods > max_owed ? max_owed : t->owed + periods;
    }
    if (!t->owed)
        return;
    DWORD s = VPICD_Get_Status(irq0, vm);
    /* A VM that masks IRQ 0 at its PIC stopped its clock: the chip latches
     * one request, nothing is owed. */
    if (s & VPICD_Stat_Virt_Mask)
        t->owed = !(s & VPICD_Stat_Virt_Req) ? 1 : 0;
    if (t->owed && !(s & VPICD_Stat_Virt_Req)) {
        t->owed--;
        VPICD_Set_Int_Request(irq0, vm);
    }
}

static void vm_list_add(VMHANDLE vm, struct vtd_vm *t)
{
    t->next = vms;
    t->listed = TRUE;
    vms = vm;
}

static void vm_list_remove(VMHANDLE vm)
{
    for (VMHANDLE *pp = &vms; *pp; pp = &st(*pp)->next)
        if (*pp == vm) {
            *pp = st(vm)->next;
            st(vm)->listed = FALSE;
            return;
        }
}

/* VMM386_Hook_Timer_Tick: every VM's channel advances by the same time;
 * a VM that ended (its Destroy_VM still to come) no longer. */
static void tick(DWORD clocks)
{
    ticks += clocks / tick_clocks;
    for (VMHANDLE vm = vms; vm; vm = st(vm)->next)
        if (!(vm->CB_VM_Status & VMSTAT_NOT_EXECUTEABLE))
            advance(vm, st(vm), clocks);
}

/* VID_EOI_Proc of IRQ 0: the VM ended its timer interrupt, the next owed
 * tick can go in. */
static void irq0_eoi(HIRQ hIRQ, VMHANDLE vm)
{
    (void)hIRQ;
    struct vtd_vm *t = st(vm);
    if (t->owed)
        advance(vm, t, 0);
}

/* PIT input clocks since the VMM last ticked: the real channel 0 counts
 * down from tick_clocks within each tick.  The monitor runs with
 * interrupts off, so the real counter may already be into the next tick
 * while that tick is not taken yet: its clocks count too, or the VM would
 * see its counter jump back up (a false wrap) until the VMM catches up.
 * Two signs of it: the real counter went back since the last read in the
 * same tick, or the tick's IRQ 0 already waits in the real PIC (port 20h
 * reads its IRR).  What the signs miss, a clamp catches: the time handed
 * out never goes back (it is the same real time for every VM). */
static DWORD clocks_into_tick(void)
{
    static DWORD seen_ms, seen_into;    /* the last read */
    static unsigned long long last;     /* the latest time handed out */
    DWORD read_window = tick_clocks / 16;   /* clocks between the count and IRR reads, at most */
    DWORD ms = ticks;
    WORD count = real_count();
    DWORD into = count >= tick_clocks ? 0 : tick_clocks - count;
    BOOL same_tick = seen_ms == ms;
    BOOL irq_waiting = inb(PIC1_IRR) & 1;

    /* A waiting IRQ raised in the few clocks between the two reads belongs
     * to the tick after this count: only the very end of a tick is that. */
    if ((same_tick && into < seen_into) || (irq_waiting && into < tick_clocks - read_window))
        into += tick_clocks;
    seen_ms = ms;
    seen_into = into;

    unsigned long long tick_start = (unsigned long long)ms * tick_clocks;
    unsigned long long now = tick_start + into;
    if (now < last && last - tick_start <= 2ull * tick_clocks)
        now = last;
    last = now;
    return (DWORD)(now - tick_start);
}

static WORD current_count(struct vtd_vm *t)
{
    DWORD left = t->reload - t->acc;
    DWORD into_tick = clocks_into_tick();
    /* At most down to 1: the count reaches its end (and the VM's IRQ 0 is
     * raised) when the VMM takes the tick. */
    left = left > into_tick ? left - into_tick : 1;
    return (WORD)left;
}

static void command(struct vtd_vm *t, BYTE val)
{
    unsigned ch = (val >> 6) & 3, access = (val >> 4) & 3;
    if (ch == 3) {                      /* read-back: latch ch 0 count if asked */
        if (!(val & 0x20) && (val & 0x02)) {
            t->latch = current_count(t);
            t->latched = 2;
        }
        if (val & 0x0C)
            outb(PIT_CMD, val & ~0x02);
        return;
    }
    if (ch != 0) {
        outb(PIT_CMD, val);             /* channels 1 and 2 are the hardware's */
        return;
    }
    if (access == 0) {                  /* counter latch */
        t->latch = current_count(t);
        t->latched = t->access == 3 ? 2 : 1;
    } else {
        t->access = access;
        t->mode = (val >> 1) & 7;
        t->flipflop = 0;
        t->latched = 0;
    }
}

static void write_ch0(struct vtd_vm *t, BYTE val)
{
    DWORD reload = t->reload & 0xFFFF;
    switch (t->access) {
    case 1: reload = val; break;
    case 2: reload = (DWORD)val << 8; break;
    default:
        if (!t->flipflop) {
            t->write_lo = val;
            t->flipflop = 1;
            return;
        }
        reload = t->write_lo | ((DWORD)val << 8);
        t->flipflop = 0;
    }
    t->reload = reload ? reload : 0x10000;
    t->acc = 0;
    t->owed = 0;                        /* ticks of the old rate are moot */
}

static BYTE read_ch0(struct vtd_vm *t)
{
    WORD count = t->latched ? t->latch : current_count(t);
    BYTE b;
    switch (t->access) {
    case 1: b = count & 0xFF; break;
    case 2: b = count >> 8; break;
    default:
        b = t->flipflop ? count >> 8 : count & 0xFF;
        t->flipflop ^= 1;
    }
    if (t->latched && (t->access != 3 || --t->latched == 0))
        t->latched = 0;
    return b;
}

static DWORD pit_io(VMHANDLE hVM, DWORD IOType, DWORD Port, CLIENT_STRUCT *pcrs, DWORD OutData)
{
    (void)pcrs;
    struct vtd_vm *t = st(hVM);
    BOOL out = IOType & Output;
    if (Port == PIT_CMD) {
        if (out)
            command(t, (BYTE)OutData);
        return 0xFF;                    /* the command register is write-only */
    }
    if (out) {
        write_ch0(t, (BYTE)OutData);
        return 0;
    }
    return read_ch0(t);
}

/* ------------------------------------------------------------- services */
void svc_VTD_Get_Version(struct vxd_regs *r)
{
    r->eax = VTD_VERSION;
    regs_set_cf(r, false);
}

void svc_VTD_Get_Interrupt_Period(struct vxd_regs *r)
{
    r->eax = (tick_clocks * 1000 + PIT_HZ / 2) / PIT_HZ;
    regs_set_cf(r, false);
}

/* The VMM's clock already ticks every millisecond: every request in range
 * is met as it is; the count keeps Begin and End paired. */
void svc_VTD_Begin_Min_Int_Period(struct vxd_regs *r)
{
    bool ok = r->eax >= 1 && r->eax <= MAX_MIN_PERIOD_MS;
    if (ok)
        min_period_users++;
    regs_set_cf(r, !ok);
}

void svc_VTD_End_Min_Int_Period(struct vxd_regs *r)
{
    bool ok = r->eax >= 1 && r->eax <= MAX_MIN_PERIOD_MS && min_period_users;
    if (ok)
        min_period_users--;
    regs_set_cf(r, !ok);
}

/* The system clock is the VMM's (Get_System_Time): nothing to update. */
void svc_VTD_Update_System_Clock(struct vxd_regs *r) { regs_set_cf(r, false); }

/* The real channel 0 is the VMM's clock: no VM gets it (carry). */
void svc_VTD_Disable_Trapping(struct vxd_regs *r)
{
    VMM386_Log("VTD: VTD_Disable_Trapping refused: the PIT is the VMM's clock");
    regs_set_cf(r, true);
}
void svc_VTD_Enable_Trapping(struct vxd_regs *r) { regs_set_cf(r, false); }

void svc_VTD_Get_Real_Time(struct vxd_regs *r)
{
    unsigned long long t = (unsigned long long)Get_System_Time() * tick_clocks + clocks_into_tick();
    /* (clocks_into_tick counts from VTD's own last tick, the VMM's last one) */
    r->eax = (DWORD)t;
    r->edx = (DWORD)(t >> 32);
    regs_set_cf(r, false);
}

/* ------------------------------------------------------------- the VxD */
static BOOL VTD_Control(DWORD Msg, VMHANDLE hVM, DWORD Esi, DWORD Edi, DWORD Edx)
{
    (void)Esi, (void)Edi, (void)Edx;
    switch (Msg) {
    case Sys_Critical_Init: {
        static VID vid = { .VID_IRQ_Number = 0, .VID_Options = VPICD_OPT_VMM386_C };
        vid.VID_EOI_Proc = (DWORD)irq0_eoi;
        cb_off = _Allocate_Device_CB_Area(sizeof(struct vtd_vm), 0);
        irq0 = cb_off ? VPICD_Virtualize_IRQ(&vid) : 0;
        tick_clocks = irq0 ? VMM386_Hook_Timer_Tick(tick) : 0;
        /* the real channel 0 is the VMM's clock: trapping stays on */
        return tick_clocks && VMM386_Install_IO_Handler_Always(PIT_CH0, pit_io) &&
               VMM386_Install_IO_Handler_Always(PIT_CMD, pit_io);
    }
    case Sys_VM_Init:
        vm_list_add(hVM, st(hVM));
        return TRUE;
    case Create_VM: {
        /* a fork keeps its parent's programming, not its time */
        struct vtd_vm *t = st(hVM);
        t->acc = t->owed = 0;
        t->flipflop = t->latched = t->write_lo = 0;
        t->latch = 0;
        vm_list_add(hVM, t);
        return TRUE;
    }
    case Destroy_VM:
        if (st(hVM)->listed)
            vm_list_remove(hVM);
        return TRUE;
    }
    return TRUE;
}

#define E(name) extern char name##_entry[];
E(VTD_Get_Version) E(VTD_Update_System_Clock) E(VTD_Get_Interrupt_Period) E(VTD_Begin_Min_Int_Period)
E(VTD_End_Min_Int_Period) E(VTD_Disable_Trapping) E(VTD_Enable_Trapping) E(VTD_Get_Real_Time)
#undef E

static void *const vtd_services[VTD_SERVICE_COUNT] = {
    [VTD_Get_Version_Svc] = VTD_Get_Version_entry,
    [VTD_Update_System_Clock_Svc] = VTD_Update_System_Clock_entry,
    [VTD_Get_Interrupt_Period_Svc] = VTD_Get_Interrupt_Period_entry,
    [VTD_Begin_Min_Int_Period_Svc] = VTD_Begin_Min_Int_Period_entry,
    [VTD_End_Min_Int_Period_Svc] = VTD_End_Min_Int_Period_entry,
    [VTD_Disable_Trapping_Svc] = VTD_Disable_Trapping_entry,
    [VTD_Enable_Trapping_Svc] = VTD_Enable_Trapping_entry,
    [VTD_Get_Real_Time_Svc] = VTD_Get_Real_Time_entry,
};

static struct VxD_Desc_Block VTD_DDB = {
    .DDB_SDK_Version = DDK_VERSION,
    .DDB_Req_Device_Number = VTD_DEVICE_ID,
    .DDB_Dev_Major_Version = 4,
    .DDB_Flags = DDB_VMM386_C_PROCS,
    .DDB_Name = { 'V', 'T', 'D', ' ', ' ', ' ', ' ', ' ' },
    .DDB_Init_Order = VTD_INIT_ORDER,
    .DDB_Control_Proc = (void *)VTD_Control,
    .DDB_Service_Table_Ptr = vtd_services,
    .DDB_Service_Table_Size = VTD_SERVICE_COUNT,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};
VXD_REGISTER(VTD_DDB);
