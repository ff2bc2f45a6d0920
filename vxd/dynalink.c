/* The INT 20h dynalink.  A VxD's `int 20h; dd (device << 16) | service`
 * traps here the first time it runs; we find the device's DDB, check the
 * service exists, and overwrite the six bytes with `call dword [slot]`
 * (FF 15) -- or `jmp dword [slot]` (FF 25) when bit 15 of the service word
 * is set -- then back EIP up so the patched instruction runs now.  Later
 * calls never trap.  INT 20h from V86 mode is DOS's terminate and never
 * comes here (IOPL < 3 makes it a #GP the monitor reflects). */
#include "vxd/dynalink.h"
#include "vxd/devices.h"
#include "vxd/svc_names.h"
#include "vmm/panic.h"
#include "vmm/console.h"

extern char unimplemented_service_entry[];
uint32_t dynalink_patches;              /* how many call sites were linked */

void dynalink(struct trapframe *tf)
{
    uint8_t *site = (uint8_t *)tf->crs.Client_EIP - 2;      /* the CD 20 */
    uint16_t word = *(uint16_t *)(site + 2), dev = *(uint16_t *)(site + 4);
    uint16_t svc = word & 0x7FFF;
    bool jmp = word & 0x8000;
    char nb[9];

    char sb[80], cb[48];
    if (site[0] != 0xCD || site[1] != 0x20)
        panic("INT 20h at %08x is not a VxDcall", (uint32_t)site);
    const char *who = vxd_caller((uint32_t)site, cb, sizeof cb);
    struct VxD_Desc_Block *ddb = ddb_find(dev, 0);
    if (!ddb || !ddb->DDB_Service_Table_Ptr)
        panic("VxDcall to unknown device %04Xh (service %04Xh) from %s (%08x)", dev, svc, who,
              (uint32_t)site);
    if (svc >= ddb->DDB_Service_Table_Size)
        panic("VxDcall %s from %s (%08x): device %s has %u services", service_desc(dev, svc, sb, sizeof sb),
              who, (uint32_t)site, ddb_name(ddb, nb), ddb->DDB_Service_Table_Size);
    void *const *slot = &ddb->DDB_Service_Table_Ptr[svc];
    if (*slot == unimplemented_service_entry || !*slot)
        panic("VxDcall %s from %s (%08x): not implemented in vmm386",
              service_desc(dev, svc, sb, sizeof sb), who, (uint32_t)site);

    site[0] = 0xFF;
    site[1] = jmp ? 0x25 : 0x15;
    *(uint32_t *)(site + 2) = (uint32_t)slot;
    dynalink_patches++;
    tf->crs.Client_EIP = (uint32_t)site;
}
