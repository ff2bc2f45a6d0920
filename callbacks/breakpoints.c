#include "callbacks/breakpoints.h"
#include "callbacks/v86page.h"
#include "v86/guestmem.h"
#include "v86/reflect.h"
#include "vmm/mem.h"
#include "vmm/console.h"

#define OP_ARPL 0x63
#define OP_INT3 0xCC
#define HASH_SLOTS 16384                /* power of two, > MAX / 0.65 */
#define EMPTY 0xFFFF

struct break_point {
    struct vm *vm;
    uint32_t lin;                       /* A20-applied linear address */
    uint16_t seg, off;                  /* as installed: the CS the hit must use */
    uint8_t orig, opcode;
    struct vxd_callback cb;
    uint32_t hits;
};

static struct break_point *bps;         /* MAX_V86_BREAK_POINTS entries */
static uint16_t *slots;                 /* open addressing, linear probing */
static uint16_t free_head = EMPTY;      /* free entries, chained through .off */
static uint32_t used;

static bool table_init(void)
{
    if (bps)
        return true;
    bps = kpages_alloc((MAX_V86_BREAK_POINTS * sizeof *bps + 4095) / 4096);
    slots = kpages_alloc((HASH_SLOTS * sizeof *slots + 4095) / 4096);
    if (!bps || !slots)
        return false;
    for (uint32_t i = 0; i < HASH_SLOTS; i++)
        slots[i] = EMPTY;
    for (uint32_t i = MAX_V86_BREAK_POINTS; i-- > 0;) {
        bps[i].off = free_head;
        free_head = i;
    }
    return true;
}

/* V86 linear addresses have 21 bits: fold the top ones onto the low 14.
 * (No multiply: a 386 has a slow one and GCC expands it for -march=i386.) */
static inline uint32_t hash(uint32_t lin)
{
    return (lin ^ (lin >> 14) ^ (lin >> 7)) & (HASH_SLOTS - 1);
}

/* Slot holding (vm, lin), or the empty slot where it would go. */
static inline uint32_t probe(struct vm *vm, uint32_t lin)
{
    uint32_t h = hash(lin);
    while (slots[h] != EMPTY && !(bps[slots[h]].lin == lin && bps[slots[h]].vm == vm))
        h = (h + 1) & (HASH_SLOTS - 1);
    return h;
}

static inline struct break_point *lookup(struct vm *vm, uint32_t lin)
{
    if (!bps)
        return 0;
    uint32_t h = probe(vm, lin);
    return slots[h] == EMPTY ? 0 : &bps[slots[h]];
}

/* Backward-shift deletion keeps probe chains intact without tombstones. */
static void slot_delete(uint32_t h)
{
    uint32_t j = h;
    for (;;) {
        slots[h] = EMPTY;
        for (;;) {
            j = (j + 1) & (HASH_SLOTS - 1);
            if (slots[j] == EMPTY)
                return;
            uint32_t k = hash(bps[slots[j]].lin);
            /* Move j back to h unless its home k lies cyclically in (h, j]. */
            if (h <= j ? (h < k && k <= j) : (h < k || k <= j))
                continue;
            break;
        }
        slots[h] = slots[j];
        h = j;
    }
}

static uint32_t bp_linear(struct vm *vm, uint32_t break_addr)
{
    return a20_wrap(v86_lin(break_addr >> 16, break_addr & 0xFFFF), vm->a20);
}

/* RAM the VM owns: conventional memory and its own HMA, not the VMM's page. */
static bool is_vm_ram(uint32_t lin)
{
    uint32_t page = lin >> 12;
    if (v86page_contains(lin))
        return false;
    return page < 0xA0 || (page >= 0x100 && page < VM_PAGES);
}

enum bp_error bp_install(struct vm *vm, uint32_t break_addr, const struct vxd_callback *cb, bool int3)
{
    uint32_t lin = bp_linear(vm, break_addr);
    if (!is_vm_ram(lin))
        return BP_NOT_RAM;
    if (!table_init())
        return BP_FULL;
    if (lookup(vm, lin))
        return BP_ALREADY;
    if (free_head == EMPTY)
        return BP_FULL;
    uint16_t i = free_head;
    struct break_point *bp = &bps[i];
    free_head = bp->off;
    bp->vm = vm;
    bp->lin = lin;
    bp->seg = break_addr >> 16;
    bp->off = break_addr & 0xFFFF;
    bp->orig = vm_peek8(vm, lin);
    bp->opcode = int3 ? OP_INT3 : OP_ARPL;
    bp->cb = *cb;
    bp->hits = 0;
    slots[probe(vm, lin)] = i;
    used++;
    vm_poke8(vm, lin, bp->opcode);
    return BP_OK;
}

enum bp_error bp_remove(struct vm *vm, uint32_t break_addr)
{
    uint32_t lin = bp_linear(vm, break_addr);
    if (!bps)
        return BP_NONE;
    uint32_t h = probe(vm, lin);
    if (slots[h] == EMPTY)
        return BP_NONE;
    struct break_point *bp = &bps[slots[h]];
    if (vm_peek8(vm, lin) == bp->opcode)
        vm_poke8(vm, lin, bp->orig);
    uint16_t i = slots[h];
    slot_delete(h);
    bp->vm = 0;
    bp->off = free_head;
    free_head = i;
    used--;
    return BP_OK;
}

bool bp_dispatch(struct vm *vm, struct Client_Reg_Struc *c, uint32_t lin, bool int3)
{
    struct break_point *bp = lookup(vm, lin);
    if (!bp)
        return false;
    /* Ours only if the opcode that trapped is still the one we patched in
     * (the table only holds addresses inside the VM: a direct read is safe). */
    uint8_t now = *(const uint8_t *)(vm->CB_High_Linear + lin);
    if (bp->opcode != (int3 ? OP_INT3 : OP_ARPL) || now != bp->opcode)
        return false;
    uint16_t ip = (uint16_t)(c->Client_EIP - (int3 ? 1 : 0));
    if (c->Client_CS != bp->seg) {
        kprintf("VM %u: V86 breakpoint %04x:%04x hit through %04x:%04x (CS differs from the installed segment)\n",
                vm->CB_VMID, bp->seg, bp->off, c->Client_CS, ip);
        return false;                   /* the VM sees what the CPU raised */
    }
    bp->hits++;
    c->Client_EIP = ip;                 /* Client_CS:IP point at the breakpoint */
    invoke_break_point(&bp->cb, vm, ((uint32_t)bp->seg << 16) | bp->off, lin);
    return true;
}

int32_t bp_hits(struct vm *vm, uint32_t break_addr)
{
    struct break_point *bp = lookup(vm, bp_linear(vm, break_addr));
    return bp ? (int32_t)bp->hits : -1;
}

int bp_list(struct bp_info *out, int max)
{
    int n = 0;
    for (uint32_t i = 0; bps && i < HASH_SLOTS && n < max; i++) {
        if (slots[i] == EMPTY)
            continue;
        struct break_point *bp = &bps[slots[i]];
        out[n++] = (struct bp_info){ bp->seg, bp->off, bp->lin, bp->hits, bp->opcode, bp->vm->CB_VMID };
    }
    return n;
}
