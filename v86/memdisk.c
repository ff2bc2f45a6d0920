#include "v86/memdisk.h"
#include "v86/intchain.h"
#include "v86/guestmem.h"
#include "vmm/mem.h"
#include "vmm/console.h"
#include "vmm/lib/x86.h"
#include "vmm/lib/string.h"

#define DRIVE 0x00
#define BDA_DISK_STATUS 0x441
#define BDA_EQUIPMENT 0x410

static uint8_t *image;
static uint32_t image_size;
static unsigned cyls, heads, spt;
static uint8_t drive_type;              /* INT 13h AH=08h BL */

struct geometry { uint32_t size; uint8_t cyls, heads, spt, type; };
static const struct geometry known[] = {
    { 163840, 40, 1, 8, 1 }, { 184320, 40, 1, 9, 1 }, { 327680, 40, 2, 8, 1 },
    { 368640, 40, 2, 9, 1 }, { 737280, 80, 2, 9, 3 }, { 1228800, 80, 2, 15, 2 },
    { 1474560, 80, 2, 18, 4 }, { 1720320, 80, 2, 21, 4 }, { 2949120, 80, 2, 36, 6 },
};

static bool geometry_from_bpb(void)
{
    unsigned s = image[0x18] | (image[0x19] << 8), h = image[0x1A] | (image[0x1B] << 8);
    uint32_t total = image[0x13] | (image[0x14] << 8);
    if (!total)
        total = image[0x20] | (image[0x21] << 8) | (image[0x22] << 16) | ((uint32_t)image[0x23] << 24);
    if (!s || s > 63 || !h || h > 255 || !total)
        return false;
    spt = s, heads = h, cyls = (total + s * h - 1) / (s * h);
    drive_type = 4;
    return cyls <= 1024;
}

static void finish(struct Client_Reg_Struc *c, struct vm *vm, uint8_t ah)
{
    c->Client_EAX = (c->Client_EAX & ~0xFF00u) | ((uint32_t)ah << 8);
    if (ah) c->Client_EFlags |= EFL_CF;
    else c->Client_EFlags &= ~EFL_CF;
    vm_poke8(vm, BDA_DISK_STATUS, ah);
}

static uint8_t transfer(struct vm *vm, struct Client_Reg_Struc *c, bool write)
{
    unsigned count = c->Client_EAX & 0xFF;
    unsigned cyl = ((c->Client_ECX >> 8) & 0xFF) | ((c->Client_ECX & 0xC0) << 2);
    unsigned sec = c->Client_ECX & 0x3F, head = (c->Client_EDX >> 8) & 0xFF;
    if (!count || !sec || sec > spt || head >= heads || cyl >= cyls)
        return 0x04;                    /* sector not found */
    uint32_t lba = (cyl * heads + head) * spt + sec - 1;
    if ((lba + count) * 512 > image_size)
        return 0x04;
    uint32_t buf = v86_lin(c->Client_ES, (uint16_t)c->Client_EBX);
    uint8_t *disk = image + lba * 512;
    bool ok = write ? vm_read(vm, buf, disk, count * 512) : vm_write(vm, buf, disk, count * 512);
    return ok ? 0x00 : 0x09;            /* outside the VM: "DMA boundary" */
}

static bool int13_hook(struct vm *vm, struct Client_Reg_Struc *c, unsigned vec, void *ref)
{
    (void)vec, (void)ref;
    if ((c->Client_EDX & 0xFF) != DRIVE)
        return false;
    uint8_t ah = (c->Client_EAX >> 8) & 0xFF;
    switch (ah) {
    case 0x00: finish(c, vm, 0); break;                         /* reset */
    case 0x01: finish(c, vm, vm_peek8(vm, BDA_DISK_STATUS)); break;
    case 0x02: finish(c, vm, transfer(vm, c, false)); break;
    case 0x03: finish(c, vm, transfer(vm, c, true)); break;
    case 0x04: finish(c, vm, 0); break;                         /* verify */
    case 0x08: {
        unsigned mc = cyls - 1;
        c->Client_EBX = (c->Client_EBX & ~0xFFu) | drive_type;
        c->Client_ECX = (c->Client_ECX & ~0xFFFFu) | ((mc & 0xFF) << 8) | ((mc >> 2) & 0xC0) | spt;
        c->Client_EDX = (c->Client_EDX & ~0xFFFFu) | ((heads - 1) << 8) |
                        (((vm_peek16(vm, BDA_EQUIPMENT) >> 6) & 3) + 1);
        c->Client_ES = vm_peek16(vm, 0x1E * 4 + 2);            /* diskette parameter table */
        c->Client_EDI = (c->Client_EDI & ~0xFFFFu) | vm_peek16(vm, 0x1E * 4);
        finish(c, vm, 0);
        break;
    }
    case 0x15:                          /* drive type: floppy with change line */
        finish(c, vm, 0);
        c->Client_EAX = (c->Client_EAX & ~0xFF00u) | 0x0200;
        break;
    case 0x16: finish(c, vm, 0); break; /* media not changed */
    case 0x17: case 0x18: finish(c, vm, 0); break;
    default: finish(c, vm, 0x01); break;                        /* invalid function */
    }
    return true;
}

bool memdisk_install(struct vm *vm, uint32_t phys, uint32_t size)
{
    if (phys + size > ram_top || size < 512) {
        kprintf("vmm386: boot module at %x (%u bytes) is not usable as a disk\n", phys, size);
        return false;
    }
    image = P2V(phys);
    image_size = size;
    bool found = false;
    for (unsigned i = 0; i < sizeof known / sizeof known[0]; i++)
        if (known[i].size == size) {
            cyls = known[i].cyls, heads = known[i].heads, spt = known[i].spt;
            drive_type = known[i].type;
            found = true;
        }
    if (!found && !geometry_from_bpb()) {
        kprintf("vmm386: boot module: no floppy geometry for %u bytes\n", size);
        return false;
    }
    /* DOS counts floppies from the equipment word: make sure A: exists. */
    vm_poke16(vm, BDA_EQUIPMENT, vm_peek16(vm, BDA_EQUIPMENT) | 0x0001);
    v86_hook_int(0x13, int13_hook, 0);
    kprintf("vmm386: module disk %u KB as drive A: (%u/%u/%u)\n", size >> 10, cyls, heads, spt);
    return true;
}
