#include "v86/int15.h"
#include "v86/intchain.h"
#include "v86/guestmem.h"
#include "vmm/mem.h"
#include "vmm/console.h"
#include "vmm/lib/x86.h"
#include "vmm/lib/string.h"

#define HMA_BASE 0x100000u
#define EXT_BASE 0x110000u
#define SMAP 0x534D4150u

static uint16_t conv_kb;                /* conventional memory when we started */

static void set_carry(struct Client_Reg_Struc *c, bool cf)
{
    if (cf) c->Client_EFlags |= EFL_CF;
    else c->Client_EFlags &= ~EFL_CF;
}

static void set_ah(struct Client_Reg_Struc *c, uint8_t ah)
{
    c->Client_EAX = (c->Client_EAX & ~0xFF00u) | ((uint32_t)ah << 8);
}

/* Ring-0 pointer to `lin` as the block move sees memory (A20 on), and how
 * many bytes to the end of that page; NULL past the VM's memory. */
static uint8_t *block_ptr(struct vm *vm, uint32_t lin, uint32_t *room)
{
    uint32_t frame;
    if (lin < EXT_BASE)
        frame = vm->frame[lin >> 12];
    else if (((lin - EXT_BASE) >> 12) < vm->ext_pages)
        frame = vm->ext_frames[(lin - EXT_BASE) >> 12];
    else
        return 0;
    *room = 4096 - (lin & 0xFFF);
    return (uint8_t *)P2V(frame) + (lin & 0xFFF);
}

static bool block_move(struct vm *vm, uint32_t src, uint32_t dst, uint32_t n)
{
    while (n) {
        uint32_t sroom, droom;
        uint8_t *s = block_ptr(vm, src, &sroom), *d = block_ptr(vm, dst, &droom);
        if (!s || !d)
            return false;
        uint32_t k = n < sroom ? n : sroom;
        if (k > droom)
            k = droom;
        memmove(d, s, k);
        src += k, dst += k, n -= k;
    }
    return true;
}

static uint32_t desc_base(const uint8_t *d)
{
    return d[2] | (d[3] << 8) | (d[4] << 16) | ((uint32_t)d[7] << 24);
}

static void int15_87(struct vm *vm, struct Client_Reg_Struc *c)
{
    uint8_t gdt[48];
    uint32_t words = c->Client_ECX & 0xFFFF;
    vm_read_seg(vm, c->Client_ES, (uint16_t)c->Client_ESI, gdt, sizeof gdt);
    uint32_t src = desc_base(gdt + 0x10), dst = desc_base(gdt + 0x18);
    bool ok = words <= 0x8000 && block_move(vm, src, dst, words * 2);
    set_ah(c, ok ? 0x00 : 0x02);        /* 02h: exception during the move */
    set_carry(c, !ok);
    if (ok)
        c->Client_EFlags |= EFL_ZF;
}

static void int15_e820(struct vm *vm, struct Client_Reg_Struc *c)
{
    struct { uint64_t base, len; uint32_t type; } __attribute__((packed)) map[3] = {
        { 0, (uint64_t)conv_kb << 10, 1 },
        { 0xF0000, 0x10000, 2 },
        { HMA_BASE, 0x10000 + ((uint64_t)vm->ext_pages << 12), 1 },
    };
    uint32_t i = c->Client_EBX;
    if (c->Client_EDX != SMAP || i >= 3 || (c->Client_ECX & 0xFFFF) < 20) {
        set_carry(c, true);
        set_ah(c, 0x86);
        return;
    }
    vm_write_seg(vm, c->Client_ES, (uint16_t)c->Client_EDI, &map[i], 20);
    c->Client_EAX = SMAP;
    c->Client_ECX = 20;
    c->Client_EBX = i + 1 < 3 ? i + 1 : 0;
    set_carry(c, false);
}

static bool int15_hook(struct vm *vm, struct Client_Reg_Struc *c, unsigned vec, void *ref)
{
    (void)vec, (void)ref;
    uint16_t ax = c->Client_EAX & 0xFFFF;
    uint32_t ext_kb = 64 + vm->ext_pages * 4;           /* the HMA counts */
    switch (ax >> 8) {
    case 0x87:
        int15_87(vm, c);
        return true;
    case 0x88:
        c->Client_EAX = (c->Client_EAX & ~0xFFFFu) | (ext_kb > 0xFFFF ? 0xFFFF : ext_kb);
        set_carry(c, false);
        return true;
    case 0x89:                          /* enter protected mode: not from V86 */
        set_ah(c, 0x86);
        set_carry(c, true);
        return true;
    }
    if (ax == 0xE801) {
        uint32_t below16 = ext_kb < 15360 ? ext_kb : 15360;
        uint32_t above16 = ext_kb > 15360 ? (ext_kb - 15360) / 64 : 0;
        c->Client_EAX = c->Client_ECX = below16;
        c->Client_EBX = c->Client_EDX = above16;
        set_carry(c, false);
        return true;
    }
    if (ax == 0xE820) {
        int15_e820(vm, c);
        return true;
    }
    return false;
}

static void hook_once(void)
{
    static bool hooked;
    if (!hooked)
        v86_hook_int(0x15, int15_hook, 0);
    hooked = true;
}

static void alloc_ext(struct vm *vm, uint32_t want)
{
    vm->ext_frames = want ? kpages_alloc((want * 4 + 4095) / 4096) : 0;
    for (uint32_t i = 0; vm->ext_frames && i < want; i++) {
        if (!(vm->ext_frames[i] = page_alloc()))
            break;
        vm->ext_pages = i + 1;
    }
}

void int15_fork(struct vm *parent, struct vm *child)
{
    alloc_ext(child, parent->ext_pages);
    for (uint32_t i = 0; i < child->ext_pages; i++)
        memcpy(P2V(child->ext_frames[i]), P2V(parent->ext_frames[i]), 4096);
}

void int15_install(struct vm *vm, uint32_t ext_kb)
{
    conv_kb = vm_peek16(vm, 0x413);
    uint32_t want = ext_kb / 4;
    uint32_t spare = phys_pages.nfree > 1024 ? phys_pages.nfree - 1024 : 0;
    if (want > spare / 2)
        want = spare / 2;               /* leave room for the VMM and later VMs */
    alloc_ext(vm, want);
    kprintf("vmm386: VM %u has %u KB of extended memory (INT 15h)\n", vm->CB_VMID,
            64 + vm->ext_pages * 4);
    hook_once();
}
