/* Safe access to a VM's memory from ring 0.
 *
 * All accesses go through the VM's CB_High_Linear alias (supervisor-only,
 * the same page table as the VM's own low mapping, so A20 wrap applies) and
 * are bounds-checked against the VM's 1 MB + 64 KB.  Segment:offset helpers
 * wrap the offset at 16 bits as the CPU does in V86 mode.  Every VM page is
 * always mapped, so a checked access cannot fault.
 */
#ifndef V86_GUESTMEM_H
#define V86_GUESTMEM_H

#include <stdint.h>
#include <stdbool.h>
#include "vmm/vm.h"

static inline uint32_t v86_lin(uint16_t seg, uint16_t off) { return ((uint32_t)seg << 4) + off; }
/* Linear address with the A20 line applied (what the VM actually touches). */
static inline uint32_t a20_wrap(uint32_t lin, bool a20) { return a20 ? lin : (lin & ~0x100000u); }

bool vm_read(struct vm *vm, uint32_t lin, void *dst, uint32_t n);
bool vm_write(struct vm *vm, uint32_t lin, const void *src, uint32_t n);
/* Byte-wise seg:off access; the offset wraps at 64 KB. */
bool vm_read_seg(struct vm *vm, uint16_t seg, uint16_t off, void *dst, uint32_t n);
bool vm_write_seg(struct vm *vm, uint16_t seg, uint16_t off, const void *src, uint32_t n);
uint8_t vm_peek8(struct vm *vm, uint32_t lin);          /* 0xFF outside the VM */
uint16_t vm_peek16(struct vm *vm, uint32_t lin);
void vm_poke8(struct vm *vm, uint32_t lin, uint8_t v);
void vm_poke16(struct vm *vm, uint32_t lin, uint16_t v);
/* Ring-0 pointer to a VM linear address range, or NULL when it leaves the VM. */
void *vm_flat(struct vm *vm, uint32_t lin, uint32_t n);

/* Client stack, SS:SP with SP wrapping at 16 bits (the high half of ESP is
 * left alone, as the CPU does for a 16-bit stack). */
void client_push16(struct vm *vm, struct Client_Reg_Struc *c, uint16_t v);
void client_push32(struct vm *vm, struct Client_Reg_Struc *c, uint32_t v);
uint16_t client_pop16(struct vm *vm, struct Client_Reg_Struc *c);
uint32_t client_pop32(struct vm *vm, struct Client_Reg_Struc *c);

#endif
