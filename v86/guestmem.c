#include "v86/guestmem.h"
#include "vmm/lib/string.h"

void *vm_flat(struct vm *vm, uint32_t lin, uint32_t n)
{
    if (lin >= VM_SPACE || n > VM_SPACE - lin)
        return 0;
    return (void *)(vm->CB_High_Linear + lin);
}

bool vm_read(struct vm *vm, uint32_t lin, void *dst, uint32_t n)
{
    void *p = vm_flat(vm, lin, n);
    if (!p)
        return false;
    memcpy(dst, p, n);
    return true;
}

bool vm_write(struct vm *vm, uint32_t lin, const void *src, uint32_t n)
{
    void *p = vm_flat(vm, lin, n);
    if (!p)
        return false;
    memcpy(p, src, n);
    return true;
}

/* The usual case, no 64 KB wrap and inside the VM, is one copy; otherwise
 * byte by byte, so that a partial access still gets the bytes that exist. */
bool vm_read_seg(struct vm *vm, uint16_t seg, uint16_t off, void *dst, uint32_t n)
{
    if ((uint32_t)off + n <= 0x10000 && vm_read(vm, v86_lin(seg, off), dst, n))
        return true;
    uint8_t *d = dst;
    for (uint32_t i = 0; i < n; i++)
        if (!vm_read(vm, v86_lin(seg, (uint16_t)(off + i)), d + i, 1))
            return false;
    return true;
}

bool vm_write_seg(struct vm *vm, uint16_t seg, uint16_t off, const void *src, uint32_t n)
{
    if ((uint32_t)off + n <= 0x10000 && vm_write(vm, v86_lin(seg, off), src, n))
        return true;
    const uint8_t *s = src;
    for (uint32_t i = 0; i < n; i++)
        if (!vm_write(vm, v86_lin(seg, (uint16_t)(off + i)), s + i, 1))
            return false;
    return true;
}

uint8_t vm_peek8(struct vm *vm, uint32_t lin)
{
    uint8_t v = 0xFF;
    vm_read(vm, lin, &v, 1);
    return v;
}

uint16_t vm_peek16(struct vm *vm, uint32_t lin)
{
    return vm_peek8(vm, lin) | (vm_peek8(vm, lin + 1) << 8);
}

void vm_poke8(struct vm *vm, uint32_t lin, uint8_t v) { vm_write(vm, lin, &v, 1); }
void vm_poke16(struct vm *vm, uint32_t lin, uint16_t v)
{
    vm_poke8(vm, lin, v & 0xFF);
    vm_poke8(vm, lin + 1, v >> 8);
}

static void set_sp(struct Client_Reg_Struc *c, uint16_t sp)
{
    c->Client_ESP = (c->Client_ESP & 0xFFFF0000u) | sp;
}

/* A stack item at SS:sp of n bytes must not straddle SS:FFFF and SS:0000:
 * a 386 raises #SS there (the 8086 wrapped).  The monitor checks the frames
 * of the instructions it emulates first; this catches the other pushes and
 * pops (interrupt delivery, services working on the client stack). */
static void stack_item(struct vm *vm, struct Client_Reg_Struc *c, uint16_t sp, unsigned n)
{
    if ((uint32_t)sp + n > 0x10000)
        vm_terminate(vm, "stack fault at %04x:%04x (SS:SP %04x:%04x)", c->Client_CS,
                     c->Client_EIP & 0xFFFF, c->Client_SS, c->Client_ESP & 0xFFFF);
}

void client_push16(struct vm *vm, struct Client_Reg_Struc *c, uint16_t v)
{
    uint16_t sp = (uint16_t)(c->Client_ESP - 2);
    stack_item(vm, c, sp, 2);
    vm_write_seg(vm, c->Client_SS, sp, &v, 2);
    set_sp(c, sp);
}

void client_push32(struct vm *vm, struct Client_Reg_Struc *c, uint32_t v)
{
    uint16_t sp = (uint16_t)(c->Client_ESP - 4);
    stack_item(vm, c, sp, 4);
    vm_write_seg(vm, c->Client_SS, sp, &v, 4);
    set_sp(c, sp);
}

uint16_t client_pop16(struct vm *vm, struct Client_Reg_Struc *c)
{
    uint16_t v = 0xFFFF;
    uint16_t sp = (uint16_t)c->Client_ESP;
    stack_item(vm, c, sp, 2);
    vm_read_seg(vm, c->Client_SS, sp, &v, 2);
    set_sp(c, sp + 2);
    return v;
}

uint32_t client_pop32(struct vm *vm, struct Client_Reg_Struc *c)
{
    uint32_t v = 0xFFFFFFFFu;
    uint16_t sp = (uint16_t)c->Client_ESP;
    stack_item(vm, c, sp, 4);
    vm_read_seg(vm, c->Client_SS, sp, &v, 4);
    set_sp(c, sp + 4);
    return v;
}
