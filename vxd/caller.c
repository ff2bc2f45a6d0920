/* Naming the VxD whose code is at an address.  The link puts a marker
 * object before every VxD object (vxd/samples and VXDS, see the Makefile:
 * vxd/vxdmark.asm); vxd_code_marks[] lists the markers, the last one after
 * the last VxD.  A VxD's code is [mark i, mark i+1); its name is that of the
 * DDB whose procedures lie there. */
#include "vxd/svc_names.h"
#include "vxd/devices.h"
#include "vmm/lib/printf.h"

extern const uint32_t vxd_code_marks[];
extern const uint32_t vxd_code_mark_count;
extern struct VxD_Desc_Block *__vxd_ddbs_start[], *__vxd_ddbs_end[];

static bool inside(const void *p, uint32_t lo, uint32_t hi)
{
    return (uint32_t)p >= lo && (uint32_t)p < hi;
}

static const struct VxD_Desc_Block *ddb_in(uint32_t lo, uint32_t hi)
{
    for (struct VxD_Desc_Block **p = __vxd_ddbs_start; p < __vxd_ddbs_end; p++) {
        const struct VxD_Desc_Block *d = *p;
        if (inside(d->DDB_Control_Proc, lo, hi) || inside(d->DDB_V86_API_Proc, lo, hi))
            return d;
        for (uint32_t i = 0; d->DDB_Service_Table_Ptr && i < d->DDB_Service_Table_Size; i++)
            if (inside(d->DDB_Service_Table_Ptr[i], lo, hi))
                return d;
    }
    return 0;
}

const char *vxd_caller(uint32_t addr, char *buf, size_t n)
{
    char nb[9];
    for (uint32_t i = 0; i + 1 < vxd_code_mark_count; i++) {
        uint32_t lo = vxd_code_marks[i], hi = vxd_code_marks[i + 1];
        if (addr < lo || addr >= hi)
            continue;
        const struct VxD_Desc_Block *d = ddb_in(lo, hi);
        snprintf(buf, n, "VxD %s+%04Xh", d ? ddb_name(d, nb) : "?", addr - lo);
        return buf;
    }
    snprintf(buf, n, "the VMM at %08x", addr);
    return buf;
}

const char *service_desc(uint16_t dev, uint16_t svc, char *buf, size_t n)
{
    char nb[9];
    const char *name = dev == VMM_DEVICE_ID ? vmm_service_name(svc) : 0;
    struct VxD_Desc_Block *d = ddb_find(dev, 0);
    if (name)
        snprintf(buf, n, "%s (VMM %04Xh)", name, svc);
    else if (d)
        snprintf(buf, n, "service %04Xh of device %04Xh (%s)", svc, dev, ddb_name(d, nb));
    else
        snprintf(buf, n, "service %04Xh of device %04Xh", svc, dev);
    return buf;
}
