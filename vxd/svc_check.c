#include "vxd/svc_check.h"
#include "vxd/svc_names.h"
#include "vmm/console.h"
#include "vmm/lib/printf.h"
#include "include/vmm.h"

void svc_refuse(const struct vxd_regs *r, uint16_t svc, const char *why)
{
    char sb[64], cb[48];
    kprintf("vmm386: %s from %s: %s, refused\n", service_desc(VMM_DEVICE_ID, svc, sb, sizeof sb),
            vxd_caller(svc_call_site(r), cb, sizeof cb), why);
}

/* svc_vm()'s other VMs (the current one is checked inline). */
struct vm *svc_vm_checked(struct vxd_regs *r, uint16_t svc)
{
    struct vm *vm = (struct vm *)r->ebx;
    if (vm_validate(vm))
        return vm;
    char why[40];
    snprintf(why, sizeof why, "invalid VM handle %08x", r->ebx);
    svc_refuse(r, svc, why);
    regs_set_cf(r, true);
    return 0;
}
