/* I/O trapping services: Install_IO_Handler / Remove_IO_Handler (EDX = port,
 * ESI = callback; global: one handler per port, for every VM) and
 * Enable/Disable_Global_Trapping (EDX = port, all VMs) and
 * Enable/Disable_Local_Trapping (EBX = VM, EDX = port).  Built on the
 * monitor's port handlers (v86/io.c): a VxD's port is an IO_UNTRAPPABLE
 * range whose handler calls the VxD.  Ports the VMM keeps (its log UART,
 * E9h, CF8h-CFFh) or another VxD took (VPICD's PIC, VTD's PIT, VKD's
 * keyboard controller...) cannot be taken: carry.
 *
 * The callback gets byte accesses only (a word or dword IN/OUT reaches it
 * byte by byte, low port first, as if the DDK's Simulate_IO had split it):
 * EAX = the byte written, EBX = VM, ECX = Byte_Input or Byte_Output,
 * EDX = port, EBP = Client_Reg_Struc; for input it returns the byte in AL.
 * VMM386_Install_IO_Handler_Ex with VMM386_IO_ALWAYS_TRAP: a port whose
 * trapping nobody can turn off (VPICD's PIC, VTD's PIT). */
#include "vxd/regs.h"
#include "vxd/svc_check.h"
#include "callbacks/invoke.h"
#include "v86/io.h"
#include "include/vmm.h"

#define MAX_VXD_IO_HANDLERS 64

struct vxd_io { bool used; uint16_t port; struct vxd_callback cb; };
static struct vxd_io handlers[MAX_VXD_IO_HANDLERS];

/* Only Remove_IO_Handler looks a port up here: a trap gets its record from
 * the monitor's per-port index (io_install's ctx). */
static struct vxd_io *handler_of(uint16_t port)
{
    for (int i = 0; i < MAX_VXD_IO_HANDLERS; i++)
        if (handlers[i].used && handlers[i].port == port)
            return &handlers[i];
    return 0;
}

static uint32_t vxd_io(struct vm *vm, uint16_t port, unsigned size, bool out, uint32_t val, void *ctx)
{
    (void)size;                         /* 1: not IO_WIDE */
    const struct vxd_io *h = ctx;
    uint32_t type = out ? Byte_Output : Byte_Input, data = out ? val & 0xFF : 0, in;
    if (h->cb.flags & VMM386_CB_C) {    /* the common case, without invoke_io's copy */
        in = ((IO_HANDLER)h->cb.proc)((VMHANDLE)vm, type, port, (CLIENT_STRUCT *)vm_crs(vm), data);
    } else {
        struct vxd_callback cb = h->cb;
        in = invoke_io(&cb, vm, type, port, data);
    }
    return out ? val : in & 0xFF;
}

static void install(struct vxd_regs *r, uint32_t flags)
{
    uint16_t port = r->edx & 0xFFFF;
    struct vxd_io *h = 0;
    for (int i = 0; i < MAX_VXD_IO_HANDLERS && !h; i++)
        if (!handlers[i].used)
            h = &handlers[i];
    unsigned io_flags = flags & VMM386_IO_ALWAYS_TRAP ? 0 : IO_UNTRAPPABLE;
    if (!h || !r->esi || io_install(port, 1, vxd_io, h, io_flags) != 0) {
        regs_set_cf(r, true);
        return;
    }
    *h = (struct vxd_io){ true, port, { (const void *)r->esi, flags & VMM386_CB_C, 0 } };
    if (flags & VMM386_CB_C)
        io_set_c_proc(port, h->cb.proc);        /* the fast entry calls it straight */
    regs_set_cf(r, false);
}

void svc_Install_IO_Handler(struct vxd_regs *r) { install(r, 0); }
void svc_VMM386_Install_IO_Handler_Ex(struct vxd_regs *r) { install(r, r->ecx); }

void svc_Remove_IO_Handler(struct vxd_regs *r)
{
    struct vxd_io *h = handler_of(r->edx & 0xFFFF);
    if (!h) {
        regs_set_cf(r, true);
        return;
    }
    io_remove(h->port, 1);
    h->used = false;
    regs_set_cf(r, false);
}

static void trapping(struct vxd_regs *r, struct vm *vm, bool on)
{
    regs_set_cf(r, !io_set_trapping(vm, r->edx & 0xFFFF, on));
}

void svc_Enable_Global_Trapping(struct vxd_regs *r) { trapping(r, 0, true); }
void svc_Disable_Global_Trapping(struct vxd_regs *r) { trapping(r, 0, false); }

void svc_Enable_Local_Trapping(struct vxd_regs *r)
{
    struct vm *vm = svc_vm(r, VMM_Enable_Local_Trapping);
    if (vm)
        trapping(r, vm, true);
}

void svc_Disable_Local_Trapping(struct vxd_regs *r)
{
    struct vm *vm = svc_vm(r, VMM_Disable_Local_Trapping);
    if (vm)
        trapping(r, vm, false);
}
