#include "v86/io.h"
#include "boot/tss.h"
#include "vmm/cmdline.h"
#include "vmm/console.h"
#include "vmm/lib/x86.h"
#include "include/vmm.h"

struct io_range io_ranges[MAX_IO_RANGES];
static int nranges;
bool io_trap_every_port;
/* Each port's range, + 1 (0: none): every trapped IN/OUT looks here. */
uint8_t io_port_range[65536];
_Static_assert(MAX_IO_RANGES < 255, "range numbers fit in io_port_range");


static void index_range(int i, uint8_t value)
{
    for (uint32_t p = io_ranges[i].first; p < (uint32_t)io_ranges[i].first + io_ranges[i].count; p++)
        io_port_range[p] = value;
}

/* Ports whose trapping Disable_Global_Trapping turned off: what a VM created
 * later starts with (each VM has its own copy, vm->io_untrapped). */
static uint32_t global_untrapped[65536 / 32];

static bool bit(const uint32_t *map, uint16_t port) { return map[port >> 5] & (1u << (port & 31)); }
static void set_bit(uint32_t *map, uint16_t port, bool on)
{
    if (on)
        map[port >> 5] |= 1u << (port & 31);
    else
        map[port >> 5] &= ~(1u << (port & 31));
}

/* The TSS I/O bitmap is the running VM's: a VxD port whose trapping is off
 * for it reaches the hardware without a trap.  Set for each VM as it is
 * switched to (only the VxD ranges can differ between VMs). */
void io_vm_activate(const struct vm *vm)
{
    for (int i = 0; i < nranges; i++) {
        if (!(io_ranges[i].flags & IO_UNTRAPPABLE))
            continue;
        for (uint32_t p = io_ranges[i].first; p < (uint32_t)io_ranges[i].first + io_ranges[i].count; p++)
            tss_io_trap((uint16_t)p, io_trap_every_port || !vm || !bit(vm->io_untrapped, (uint16_t)p));
    }
}

bool io_set_trapping(struct vm *vm, uint16_t port, bool on)
{
    struct io_range *r = io_find(port);
    if (!r || !(r->flags & IO_UNTRAPPABLE))
        return false;
    if (vm) {
        set_bit(vm->io_untrapped, port, !on);
    } else {
        set_bit(global_untrapped, port, !on);
        for (struct vm *v = vm_list; v; v = v->next)
            set_bit(v->io_untrapped, port, !on);
    }
    if (!vm || vm == cur_vm)
        tss_io_trap(port, io_trap_every_port || !cur_vm || !bit(cur_vm->io_untrapped, port));
    return true;
}

bool io_trapping(const struct vm *vm, uint16_t port) { return io_find_for(vm, port) != 0; }

void io_vm_created(struct vm *vm)
{
    for (unsigned i = 0; i < 65536 / 32; i++)
        vm->io_untrapped[i] = global_untrapped[i];
}

int io_install(uint16_t port, uint16_t count, io_handler_fn fn, void *ctx, unsigned flags)
{
    if (nranges == MAX_IO_RANGES || !count)
        return -1;
    for (uint32_t p = port; p < (uint32_t)port + count; p++)
        if (p > 0xFFFF || io_find((uint16_t)p))
            return -1;
    io_ranges[nranges] = (struct io_range){ port, count, fn, ctx, flags, 0 };
    index_range(nranges, nranges + 1);
    nranges++;
    for (uint32_t p = port; p < (uint32_t)port + count; p++)
        tss_io_trap((uint16_t)p, true);
    return 0;
}

int io_remove(uint16_t port, uint16_t count)
{
    for (int i = 0; i < nranges; i++) {
        if (io_ranges[i].first == port && io_ranges[i].count == count) {
            index_range(i, 0);
            io_ranges[i] = io_ranges[--nranges];
            if (i < nranges)
                index_range(i, i + 1);
            for (uint32_t p = port; p < (uint32_t)port + count; p++) {
                tss_io_trap((uint16_t)p, io_trap_every_port);
                set_bit(global_untrapped, (uint16_t)p, false);
                for (struct vm *v = vm_list; v; v = v->next)
                    set_bit(v->io_untrapped, (uint16_t)p, false);
            }
            return 0;
        }
    }
    return -1;
}

bool io_is_trapped(uint16_t port) { return io_find(port) != 0; }

void io_trap_all(void)
{
    io_trap_every_port = true;
    for (uint32_t p = 0; p <= 0xFFFF; p++)
        tss_io_trap((uint16_t)p, true);
}

uint32_t io_passthrough(uint16_t port, unsigned size, bool out, uint32_t val)
{
    if (out) {
        if (size == 1) outb(port, val);
        else if (size == 2) outw(port, val);
        else outl(port, val);
        return val;
    }
    return size == 1 ? inb(port) : size == 2 ? inw(port) : inl(port);
}

/* Does a word or dword access starting at an untrapped port reach a trapped
 * one?  On a PC the bytes of "out 1Fh, ax" go to ports 1Fh and 20h: passed
 * through whole, the high byte would reach the real PIC (or COM1, port 92h,
 * the keyboard controller) behind the monitor's back.  Port numbers wrap at
 * FFFFh, as in the CPU's I/O permission check. */
static bool reaches_trapped(const struct vm *vm, uint16_t port, unsigned size)
{
    for (unsigned i = 1; i < size; i++)
        if (io_find_for(vm, (uint16_t)(port + i)))
            return true;
    return false;
}

/* May a handler that takes wide accesses get this one whole?  Only if it
 * stays inside that handler's range. */
static bool whole_in_range(const struct io_range *r, uint16_t port, unsigned size)
{
    return (r->flags & IO_WIDE) && (uint32_t)(uint16_t)(port - r->first) + size <= r->count;
}

static uint32_t access1(struct vm *vm, uint16_t port, unsigned size, bool out, uint32_t val)
{
    struct io_range *r = io_find_for(vm, port);
    if (!r && !reaches_trapped(vm, port, size))
        return io_passthrough(port, size, out, val);
    if (r && (size == 1 || whole_in_range(r, port, size)))
        return r->fn(vm, port, size, out, val, r->ctx);
    /* Split for a byte handler, and where the access crosses from one range
     * (or from untrapped ports) into another: byte by byte, as the bus does. */
    uint32_t result = 0;
    for (unsigned i = 0; i < size; i++) {
        uint32_t b = access1(vm, (uint16_t)(port + i), 1, out, (val >> (8 * i)) & 0xFF);
        result |= (b & 0xFF) << (8 * i);
    }
    return result;
}

void io_set_c_proc(uint16_t port, const void *c_proc)
{
    struct io_range *r = io_find(port);
    if (r)
        r->c_proc = (IO_HANDLER)c_proc;
}

uint32_t io_fast_access(struct vm *vm, uint16_t port, unsigned size, bool out, uint32_t val)
{
    struct io_range *r = io_find_for(vm, port);
    if (r && !io_trap_every_port && (size == 1 || whole_in_range(r, port, size)))
        return r->fn(vm, port, size, out, val, r->ctx);
    return io_access(vm, port, size, out, val);
}

uint32_t io_access(struct vm *vm, uint16_t port, unsigned size, bool out, uint32_t val)
{
    uint32_t mask = size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
    uint32_t r = access1(vm, port, size, out, val & mask) & mask;
    if (cmdline.trace_io)
        kprintf("io VM%u %s%u %04x %s %x\n", vm->CB_VMID, out ? "out" : "in", size * 8,
                port, out ? "<-" : "->", out ? (val & mask) : r);
    return out ? 0 : r;
}
