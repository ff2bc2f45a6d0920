#include "vxd/devices.h"
#include "vmm/console.h"
#include "vmm/lib/string.h"

struct VxD_Desc_Block *ddb_list;

const char *ddb_name(const struct VxD_Desc_Block *ddb, char buf[9])
{
    int n = 8;
    memcpy(buf, ddb->DDB_Name, 8);
    while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == 0))
        n--;
    buf[n] = 0;
    return buf;
}

struct VxD_Desc_Block *ddb_find(uint16_t id, const char *name)
{
    for (struct VxD_Desc_Block *d = ddb_list; d; d = d->DDB_Next) {
        if (id != UNDEFINED_DEVICE_ID && d->DDB_Req_Device_Number == id)
            return d;
        if (id == UNDEFINED_DEVICE_ID && name && !memcmp(d->DDB_Name, name, 8))
            return d;
    }
    return 0;
}

bool ddb_add(struct VxD_Desc_Block *ddb)
{
    char nb[9];
    if (ddb->DDB_Req_Device_Number != UNDEFINED_DEVICE_ID && ddb_find(ddb->DDB_Req_Device_Number, 0)) {
        kprintf("vmm386: VxD %s: device ID %04x is taken, not loaded\n", ddb_name(ddb, nb),
                ddb->DDB_Req_Device_Number);
        return false;
    }
    if (ddb_find(UNDEFINED_DEVICE_ID, ddb->DDB_Name)) {
        kprintf("vmm386: VxD %s is already loaded\n", ddb_name(ddb, nb));
        return false;
    }
    struct VxD_Desc_Block **pp = &ddb_list;
    while (*pp && (*pp)->DDB_Init_Order <= ddb->DDB_Init_Order)
        pp = &(*pp)->DDB_Next;
    ddb->DDB_Next = *pp;
    ddb->DDB_Prev = 0;
    *pp = ddb;
    return true;
}

void ddb_remove(struct VxD_Desc_Block *ddb)
{
    for (struct VxD_Desc_Block **pp = &ddb_list; *pp; pp = &(*pp)->DDB_Next)
        if (*pp == ddb) {
            *pp = ddb->DDB_Next;
            return;
        }
}
