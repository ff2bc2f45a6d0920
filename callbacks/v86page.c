#include "callbacks/v86page.h"
#include "v86/guestmem.h"
#include "vmm/console.h"
#include "vmm/panic.h"

uint16_t v86page_seg;
uint32_t v86page_lin;

#define BDA_MEMSIZE 0x413               /* conventional memory in KB */

void v86page_init(struct vm *vm)
{
    uint16_t kb = vm_peek16(vm, BDA_MEMSIZE);
    uint32_t top = (uint32_t)kb << 10;
    uint32_t page = (top - 4096) & ~0xFFFu;
    if (kb < 64 || top > 0xA0000)
        panic("BIOS reports %u KB of conventional memory", kb);
    vm_poke16(vm, BDA_MEMSIZE, page >> 10);
    v86page_lin = page;
    v86page_seg = page >> 4;
    uint8_t *p = vm_flat(vm, page, 4096);
    for (int i = 0; i < 4096; i++)
        p[i] = V86_BREAK_OPCODE;
    kprintf("vmm386: V86 break page at %04x:0000, conventional memory now %u KB\n",
            v86page_seg, page >> 10);
}
