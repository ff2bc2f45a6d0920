/* Port I/O from V86 VMs.
 *
 * A port with a handler has its bit set in the TSS I/O permission bitmap, so
 * the VM's IN/OUT traps (#GP) and the monitor calls the handler; all other
 * ports go straight to the hardware (VM 1 owns the machine's devices).
 * Multi-byte accesses to byte handlers are split into bytes, low port first.
 */
#ifndef V86_IO_H
#define V86_IO_H

#include <stdint.h>
#include <stdbool.h>
#include "vmm/vm.h"
#include "include/vmm.h"

/* out=false: return the value read.  out=true: `val` was written. */
/* ctx: what io_install() was given for the range (a VxD's handler record). */
typedef uint32_t (*io_handler_fn)(struct vm *vm, uint16_t port, unsigned size, bool out, uint32_t val,
                                  void *ctx);

#define IO_WIDE 1       /* handler takes 2- and 4-byte accesses itself */
#define IO_UNTRAPPABLE 2 /* a VxD's (Install_IO_Handler): trapping can be off per VM */

/* 0 on success, -1 when a port is taken or the table is full. */
int io_install(uint16_t port, uint16_t count, io_handler_fn fn, void *ctx, unsigned flags);
int io_remove(uint16_t port, uint16_t count);
bool io_is_trapped(uint16_t port);
/* One IN or OUT of `size` bytes at `port` on behalf of the VM. */
uint32_t io_access(struct vm *vm, uint16_t port, unsigned size, bool out, uint32_t val);
/* A VxD's C handler (IO_HANDLER, include/vmm.h) for the range io_install()
 * just made for port: IN/OUT from the fast entry call it straight. */
void io_set_c_proc(uint16_t port, const void *c_proc);
/* io_access() for the fast entry (v86/iofast.c), after io_byte_c_proc():
 * the port's handler found once and called at once when it takes the
 * access whole in this VM; anything else through io_access(). */
uint32_t io_fast_access(struct vm *vm, uint16_t port, unsigned size, bool out, uint32_t val);
/* The port table, for the inline lookup below. */
#define MAX_IO_RANGES 64
struct io_range {
    uint16_t first, count;
    io_handler_fn fn;
    void *ctx;
    unsigned flags;
    IO_HANDLER c_proc;                  /* a VxD's C handler: fn is its adapter */
};
extern struct io_range io_ranges[MAX_IO_RANGES];
extern uint8_t io_port_range[65536];
extern bool io_trap_every_port;         /* trace=io */

/* The port's handler, or NULL. */
static inline struct io_range *io_find(uint16_t port)
{
    uint8_t i = io_port_range[port];
    return i ? &io_ranges[i - 1] : 0;
}

/* The handler of port for this VM: none where an IO_UNTRAPPABLE handler
 * has its trapping off in this VM (the access goes to the hardware). */
static inline struct io_range *io_find_for(const struct vm *vm, uint16_t port)
{
    struct io_range *r = io_find(port);
    if (r && (r->flags & IO_UNTRAPPABLE) && vm && (vm->io_untrapped[port >> 5] & (1u << (port & 31))))
        return 0;
    return r;
}

/* The fast entry's shortcut for a byte IN/OUT (a PIC EOI, a PIT count): the
 * VxD's C handler for the port in this VM, called without its adapter, or
 * NULL (no handler, an adapter only, its trapping off here, trace=io). */
static inline IO_HANDLER io_byte_c_proc(const struct vm *vm, uint16_t port)
{
    const struct io_range *r = io_find_for(vm, port);
    return r && !io_trap_every_port ? r->c_proc : 0;
}

/* Straight to the hardware. */
uint32_t io_passthrough(uint16_t port, unsigned size, bool out, uint32_t val);
/* Enable/Disable_Local_Trapping (vm) and _Global_Trapping (vm NULL: every
 * VM, and the VMs created later) of an IO_UNTRAPPABLE port; false for any
 * other port.  Where it is off, the VM's accesses go to the hardware (they
 * still trap in the CPU: the TSS bitmap is shared by all VMs today). */
bool io_set_trapping(struct vm *vm, uint16_t port, bool on);
bool io_trapping(const struct vm *vm, uint16_t port);
/* A new VM starts with the global trapping state. */
void io_vm_created(struct vm *vm);
/* The TSS I/O bitmap for the VM being switched to (vm_activate). */
void io_vm_activate(const struct vm *vm);
/* trace=io: trap every port (then passed through with a log line). */
void io_trap_all(void);

#endif
