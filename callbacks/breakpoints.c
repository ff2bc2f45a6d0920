#include "callbacks/breakpoints.h"
#include "callbacks/v86page.h"
#include "callbacks/udfast.h"
#include "v86/guestmem.h"
#include "v86/reflect.h"
#include "vmm/mem.h"
#include "vmm/console.h"
#include "vxd/svc_names.h"

/* Lookup is two array reads: vm->bp_index[page][offset] is the breakpoint's
 * slot in `bps` (NONE when there is none), so the cost of a hit does not
 * depend on how many breakpoints exist.  A page's index (8 KB) is allocated
 * with its first breakpoint. */
#define OP_ARPL 0x63
#define OP_INT3 0xCC
#define NONE 0xFFFF
#define BP_STUCK_LIMIT 10000

struct break_point {
    struct vm *vm;                      /* NULL: free (then .off links the free list) */
    uint32_t lin;                       /* A20-applied linear address */
    uint16_t seg, off;                  /* as installed: the CS the hit must use */
    uint8_t orig, opcode;
    struct vxd_callback cb;
    uint32_t hits;
};
_Static_assert(MAX_V86_BREAK_POINTS < NONE, "slot numbers fit in the index");

static struct break_point *bps;         /* MAX_V86_BREAK_POINTS entries */
static uint16_t free_head = NONE;

static bool table_init(void)
{
    if (bps)
        return true;
    bps = kpages_alloc((MAX_V86_BREAK_POINTS * sizeof *bps + 4095) / 4096);
    if (!bps)
        return false;
    for (uint32_t i = MAX_V86_BREAK_POINTS; i-- > 0;) {
        bps[i].off = free_head;
        free_head = i;
    }
    return true;
}

static inline struct break_point *lookup(struct vm *vm, uint32_t lin)
{
    const uint16_t *index = vm->bp_index[lin >> 12];
    if (!index || index[lin & 0xFFF] == NONE)
        return 0;
    return &bps[index[lin & 0xFFF]];
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

/* The page's index, allocated (all NONE) on first use. */
static uint16_t *page_index(struct vm *vm, uint32_t lin)
{
    uint16_t **slot = &vm->bp_index[lin >> 12];
    if (!*slot && (*slot = kpages_alloc(BP_INDEX_PAGES)))
        for (int i = 0; i < 4096; i++)
            (*slot)[i] = NONE;
    return *slot;
}

enum bp_error bp_install(struct vm *vm, uint32_t break_addr, const struct vxd_callback *cb, bool int3,
                         bool rom)
{
    uint32_t lin = bp_linear(vm, break_addr);
    if (lookup(vm, lin))
        return BP_ALREADY;
    /* In ROM (the BIOS's own entry points), when asked: on the VM's own copy. */
    if (!is_vm_ram(lin) && !(rom && vm_rom_private(vm, lin >> 12)))
        return BP_NOT_RAM;
    uint16_t *index;
    if (!table_init() || free_head == NONE || !(index = page_index(vm, lin)))
        return BP_FULL;
    uint16_t i = free_head;
    struct break_point *bp = &bps[i];
    free_head = bp->off;
    *bp = (struct break_point){
        .vm = vm, .lin = lin, .seg = break_addr >> 16, .off = break_addr & 0xFFFF,
        .orig = vm_peek8(vm, lin), .opcode = int3 ? OP_INT3 : OP_ARPL, .cb = *cb,
    };
    index[lin & 0xFFF] = i;
    vm_poke8(vm, lin, bp->opcode);
    return BP_OK;
}

enum bp_error bp_remove(struct vm *vm, uint32_t break_addr)
{
    uint32_t lin = bp_linear(vm, break_addr);
    struct break_point *bp = lookup(vm, lin);
    if (!bp)
        return BP_NONE;
    if (vm_peek8(vm, lin) == bp->opcode)
        vm_poke8(vm, lin, bp->orig);
    vm->bp_index[lin >> 12][lin & 0xFFF] = NONE;
    bp->vm = 0;
    bp->off = free_head;
    free_head = bp - bps;
    return BP_OK;
}

/* Ours only if the opcode that trapped is still the one we patched in
 * (the index only covers the VM's own pages: a direct read is safe). */
static inline bool armed(const struct vm *vm, const struct break_point *bp, uint32_t lin, uint8_t opcode)
{
    return bp->opcode == opcode && *(const uint8_t *)(vm->CB_High_Linear + lin) == opcode;
}

/* A callback that never moves CS:IP has the VM hit the breakpoint forever
 * (Windows would hang): after BP_STUCK_LIMIT such hits in a row the VM ends,
 * and the log names the breakpoint, the callback and its VxD.  Off the hit
 * path: only reached when the callback left CS:IP where it was. */
static void __attribute__((noinline)) not_moved(const struct break_point *bp, struct vm *vm, uint32_t csip)
{
    if (vm->bp_stuck_csip != csip) {
        vm->bp_stuck_csip = csip;
        vm->bp_stuck_hits = 0;
    }
    if (++vm->bp_stuck_hits < BP_STUCK_LIMIT)
        return;
    char who[48];
    vm_terminate(vm, "V86 breakpoint %04x:%04x hit %u times in a row, its callback %08x (%s) never "
                 "moves CS:IP", bp->seg, bp->off, vm->bp_stuck_hits, (uint32_t)bp->cb.proc,
                 vxd_caller((uint32_t)bp->cb.proc, who, sizeof who));
}

/* Client_CS:IP already point at the breakpoint. */
static inline void hit(struct break_point *bp, struct vm *vm, uint32_t lin)
{
    const struct Client_Reg_Struc *c = vm_crs(vm);
    uint32_t eip = c->Client_EIP;
    uint16_t cs = c->Client_CS;
    bp->hits++;
    invoke_break_point(&bp->cb, vm, ((uint32_t)bp->seg << 16) | bp->off, lin);
    if (c->Client_EIP != eip || c->Client_CS != cs)
        vm->bp_stuck_hits = 0;
    else
        not_moved(bp, vm, ((uint32_t)cs << 16) | (uint16_t)eip);
}

bool bp_dispatch(struct vm *vm, struct Client_Reg_Struc *c, uint32_t lin, bool int3)
{
    struct break_point *bp = lookup(vm, lin);
    if (!bp || !armed(vm, bp, lin, int3 ? OP_INT3 : OP_ARPL))
        return false;
    uint16_t ip = (uint16_t)(c->Client_EIP - (int3 ? 1 : 0));
    if (c->Client_CS != bp->seg) {
        kprintf("VM %u: V86 breakpoint %04x:%04x hit through %04x:%04x (CS differs from the installed segment)\n",
                vm->CB_VMID, bp->seg, bp->off, c->Client_CS, ip);
        return false;                   /* the VM sees what the CPU raised */
    }
    c->Client_EIP = ip;                 /* INT3: the CPU left IP past the CC */
    hit(bp, vm, lin);
    return true;
}

void bp_ud_fast(struct trapframe *tf)
{
    struct vm *vm = cur_vm;
    struct Client_Reg_Struc *c = &tf->crs;
    uint32_t lin = a20_wrap(v86_lin(c->Client_CS, (uint16_t)c->Client_EIP), vm->a20);
    struct break_point *bp = lookup(vm, lin);
    if (!bp || c->Client_CS != bp->seg || !armed(vm, bp, lin, OP_ARPL) || !ud_fast_ok(vm, c)) {
        trap(tf);                       /* the general path decides (and logs an alias) */
        return;
    }
    hit(bp, vm, lin);
    v86_resume(vm, c);
}

int32_t bp_hits(struct vm *vm, uint32_t break_addr)
{
    struct break_point *bp = lookup(vm, bp_linear(vm, break_addr));
    return bp ? (int32_t)bp->hits : -1;
}

int bp_list(struct bp_info *out, int max)
{
    int n = 0;
    for (uint32_t i = 0; bps && i < MAX_V86_BREAK_POINTS && n < max; i++) {
        struct break_point *bp = &bps[i];
        if (bp->vm)
            out[n++] = (struct bp_info){ bp->seg, bp->off, bp->lin, bp->hits, bp->opcode, bp->vm->CB_VMID };
    }
    return n;
}

void bp_vm_gone(struct vm *vm)
{
    for (uint32_t i = 0; bps && i < MAX_V86_BREAK_POINTS; i++) {
        struct break_point *bp = &bps[i];
        if (bp->vm != vm)
            continue;
        bp->vm = 0;
        bp->off = free_head;
        free_head = i;
    }
}

/* A forked VM has the parent's memory, breakpoint opcodes included: it
 * gets the same breakpoints (as every VM shares them in Windows, where the
 * DOS below the VM instance data is one copy). */
void bp_fork(struct vm *parent, struct vm *child)
{
    for (uint32_t i = 0; bps && i < MAX_V86_BREAK_POINTS; i++) {
        struct break_point *bp = &bps[i];
        uint16_t *index;
        if (bp->vm != parent || free_head == NONE || !(index = page_index(child, bp->lin)))
            continue;
        uint16_t j = free_head;
        free_head = bps[j].off;
        bps[j] = *bp;
        bps[j].vm = child;
        bps[j].hits = 0;
        index[bp->lin & 0xFFF] = j;
    }
}
