#include "v86/memdisk.h"
#include "v86/intchain.h"
#include "v86/guestmem.h"
#include "vmm/mem.h"
#include "vmm/console.h"
#include "vmm/lib/x86.h"
#include "vmm/lib/string.h"
#include "vmm/heap.h"

#define DRIVE 0x00
#define BDA_DISK_STATUS 0x441
#define BDA_EQUIPMENT 0x410

/* One per VM that has a module disk.  The module is never written: a write
 * lands in the VM's private copy of that 4 KB of the image (copy-on-write),
 * so every VM, and a fork, sees its own disk. */
struct memdisk {
    const uint8_t *image;               /* the module, read-only */
    uint32_t size;
    unsigned cyls, heads, spt;
    uint8_t drive_type;                 /* INT 13h AH=08h BL */
    uint32_t npages;
    uint32_t *cow;                      /* per 4 KB of image: private frame, or 0 */
};

static bool hooked;

struct geometry { uint32_t size; uint8_t cyls, heads, spt, type; };
static const struct geometry known[] = {
    { 163840, 40, 1, 8, 1 }, { 184320, 40, 1, 9, 1 }, { 327680, 40, 2, 8, 1 },
    { 368640, 40, 2, 9, 1 }, { 737280, 80, 2, 9, 3 }, { 1228800, 80, 2, 15, 2 },
    { 1474560, 80, 2, 18, 4 }, { 1720320, 80, 2, 21, 4 }, { 2949120, 80, 2, 36, 6 },
};

static bool geometry_from_bpb(struct memdisk *d)
{
    const uint8_t *image = d->image;
    unsigned s = image[0x18] | (image[0x19] << 8), h = image[0x1A] | (image[0x1B] << 8);
    uint32_t total = image[0x13] | (image[0x14] << 8);
    if (!total)
        total = image[0x20] | (image[0x21] << 8) | (image[0x22] << 16) | ((uint32_t)image[0x23] << 24);
    if (!s || s > 63 || !h || h > 255 || !total)
        return false;
    d->spt = s, d->heads = h, d->cyls = (total + s * h - 1) / (s * h);
    d->drive_type = 4;
    return d->cyls <= 1024;
}

static void finish(struct Client_Reg_Struc *c, struct vm *vm, uint8_t ah)
{
    c->Client_EAX = (c->Client_EAX & ~0xFF00u) | ((uint32_t)ah << 8);
    if (ah) c->Client_EFlags |= EFL_CF;
    else c->Client_EFlags &= ~EFL_CF;
    vm_poke8(vm, BDA_DISK_STATUS, ah);
}

/* The bytes of image page pg as this VM sees them; for a write, its own copy. */
static uint8_t *image_page(struct memdisk *d, uint32_t pg, bool write)
{
    if (d->cow[pg])
        return P2V(d->cow[pg]);
    if (!write)
        return (uint8_t *)d->image + pg * 4096;
    uint32_t f = page_alloc();
    if (!f)
        return 0;
    uint32_t n = d->size - pg * 4096 < 4096 ? d->size - pg * 4096 : 4096;
    memcpy(P2V(f), d->image + pg * 4096, n);
    d->cow[pg] = f;
    return P2V(f);
}

static uint8_t transfer(struct vm *vm, struct memdisk *d, struct Client_Reg_Struc *c, bool write)
{
    unsigned count = c->Client_EAX & 0xFF;
    unsigned cyl = ((c->Client_ECX >> 8) & 0xFF) | ((c->Client_ECX & 0xC0) << 2);
    unsigned sec = c->Client_ECX & 0x3F, head = (c->Client_EDX >> 8) & 0xFF;
    if (!count || !sec || sec > d->spt || head >= d->heads || cyl >= d->cyls)
        return 0x04;                    /* sector not found */
    uint32_t lba = (cyl * d->heads + head) * d->spt + sec - 1;
    if ((lba + count) * 512 > d->size)
        return 0x04;
    uint32_t buf = v86_lin(c->Client_ES, (uint16_t)c->Client_EBX);
    for (uint32_t pos = lba * 512, end = (lba + count) * 512; pos < end;) {
        uint32_t n = 4096 - (pos & 0xFFF);
        if (n > end - pos)
            n = end - pos;
        uint8_t *disk = image_page(d, pos >> 12, write);
        if (!disk)
            return 0x20;                /* controller failure: no memory for the copy */
        disk += pos & 0xFFF;
        bool ok = write ? vm_read(vm, buf, disk, n) : vm_write(vm, buf, disk, n);
        if (!ok)
            return 0x09;                /* outside the VM: "DMA boundary" */
        pos += n, buf += n;
    }
    return 0x00;
}

static bool int13_hook(struct vm *vm, struct Client_Reg_Struc *c, unsigned vec, void *ref)
{
    (void)vec, (void)ref;
    struct memdisk *d = vm->memdisk;
    if (!d || (c->Client_EDX & 0xFF) != DRIVE)
        return false;
    uint8_t ah = (c->Client_EAX >> 8) & 0xFF;
    switch (ah) {
    case 0x00: finish(c, vm, 0); break;                         /* reset */
    case 0x01: finish(c, vm, vm_peek8(vm, BDA_DISK_STATUS)); break;
    case 0x02: finish(c, vm, transfer(vm, d, c, false)); break;
    case 0x03: finish(c, vm, transfer(vm, d, c, true)); break;
    case 0x04: finish(c, vm, 0); break;                         /* verify */
    case 0x08: {
        unsigned mc = d->cyls - 1;
        c->Client_EBX = (c->Client_EBX & ~0xFFu) | d->drive_type;
        c->Client_ECX = (c->Client_ECX & ~0xFFFFu) | ((mc & 0xFF) << 8) | ((mc >> 2) & 0xC0) | d->spt;
        c->Client_EDX = (c->Client_EDX & ~0xFFFFu) | ((d->heads - 1) << 8) |
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

static struct memdisk *memdisk_new(const uint8_t *image, uint32_t size)
{
    struct memdisk *d = kmalloc(sizeof *d);
    if (!d)
        return 0;
    *d = (struct memdisk){ .image = image, .size = size, .npages = (size + 4095) / 4096 };
    if (!(d->cow = kmalloc(d->npages * sizeof *d->cow))) {
        kfree(d);
        return 0;
    }
    memset(d->cow, 0, d->npages * sizeof *d->cow);
    return d;
}

static void attach(struct vm *vm, struct memdisk *d)
{
    vm->memdisk = d;
    /* DOS counts floppies from the equipment word: make sure A: exists. */
    vm_poke16(vm, BDA_EQUIPMENT, vm_peek16(vm, BDA_EQUIPMENT) | 0x0001);
    if (!hooked)
        v86_hook_int(0x13, int13_hook, 0);
    hooked = true;
}

bool memdisk_install(struct vm *vm, uint32_t phys, uint32_t size)
{
    if (phys + size > ram_top || size < 512) {
        kprintf("vmm386: boot module at %x (%u bytes) is not usable as a disk\n", phys, size);
        return false;
    }
    struct memdisk *d = memdisk_new(P2V(phys), size);
    if (!d)
        return false;
    bool found = false;
    for (unsigned i = 0; i < sizeof known / sizeof known[0]; i++)
        if (known[i].size == size) {
            d->cyls = known[i].cyls, d->heads = known[i].heads, d->spt = known[i].spt;
            d->drive_type = known[i].type;
            found = true;
        }
    if (!found && !geometry_from_bpb(d)) {
        kprintf("vmm386: boot module: no floppy geometry for %u bytes\n", size);
        memdisk_free(d);
        return false;
    }
    attach(vm, d);
    kprintf("vmm386: VM %u: module disk %u KB as drive A: (%u/%u/%u)\n", vm->CB_VMID, size >> 10,
            d->cyls, d->heads, d->spt);
    return true;
}

bool memdisk_serves(const struct vm *vm, uint8_t drive)
{
    return vm->memdisk && drive == DRIVE;
}

bool memdisk_fork(struct vm *parent, struct vm *child)
{
    struct memdisk *p = parent->memdisk;
    if (!p)
        return true;
    struct memdisk *d = memdisk_new(p->image, p->size);
    if (!d)
        return false;
    d->cyls = p->cyls, d->heads = p->heads, d->spt = p->spt, d->drive_type = p->drive_type;
    for (uint32_t i = 0; i < d->npages; i++) {
        if (!p->cow[i])
            continue;
        if (!(d->cow[i] = page_alloc())) {
            memdisk_free(d);
            return false;
        }
        memcpy(P2V(d->cow[i]), P2V(p->cow[i]), 4096);
    }
    child->memdisk = d;
    return true;
}

void memdisk_free(struct memdisk *d)
{
    if (!d)
        return;
    for (uint32_t i = 0; i < d->npages; i++)
        if (d->cow[i])
            page_free(d->cow[i]);
    kfree(d->cow);
    kfree(d);
}
