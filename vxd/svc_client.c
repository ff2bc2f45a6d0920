/* VMM services on the current VM's client state (Simulate_*, Map_Flat,
 * interrupt vectors, nested execution).  vmm386 takes the client registers
 * from the current VM's CB_Client_Pointer, which is what EBP points to in
 * every context the DDK allows these calls. */
#include "vxd/regs.h"
#include "vmm/vm.h"
#include "vmm/panic.h"
#include "v86/guestmem.h"
#include "v86/vflags.h"
#include "v86/reflect.h"
#include "v86/nest.h"
#include "vmm/lib/string.h"

static struct Client_Reg_Struc *crs(void) { return vm_crs(cur_vm); }

void svc_Map_Flat(struct vxd_regs *r)
{
    const uint8_t *base = (const uint8_t *)crs();
    unsigned seg_off = (r->eax >> 8) & 0xFF, off_off = r->eax & 0xFF;
    if (seg_off > 0x6A || (off_off != 0xFF && off_off > 0x6A)) {
        r->eax = 0xFFFFFFFFu;
        return;
    }
    uint16_t seg = *(const uint16_t *)(base + seg_off);
    uint16_t off = off_off == 0xFF ? 0 : *(const uint16_t *)(base + off_off);
    uint32_t lin = a20_wrap(v86_lin(seg, off), cur_vm->a20);
    r->eax = vm_flat(cur_vm, lin, 1) ? cur_vm->CB_High_Linear + lin : 0xFFFFFFFFu;
}

void svc_Get_V86_Int_Vector(struct vxd_regs *r)
{
    unsigned v = r->eax & 0xFF;
    r->edx = vm_peek16(cur_vm, v * 4);
    r->ecx = (r->ecx & 0xFFFF0000u) | vm_peek16(cur_vm, v * 4 + 2);
}

void svc_Set_V86_Int_Vector(struct vxd_regs *r)
{
    unsigned v = r->eax & 0xFF;
    vm_poke16(cur_vm, v * 4, r->edx & 0xFFFF);
    vm_poke16(cur_vm, v * 4 + 2, r->ecx & 0xFFFF);
}

void svc_Simulate_Int(struct vxd_regs *r) { v86_simulate_int(cur_vm, crs(), r->eax & 0xFF); }

void svc_Simulate_Iret(struct vxd_regs *r)
{
    (void)r;
    struct Client_Reg_Struc *c = crs();
    uint16_t sp = (uint16_t)c->Client_ESP, f[3];   /* IP, CS, FLAGS */
    if (sp <= 0x10000 - sizeof f) {     /* SS:SP + 6 <= 10FFF0h: inside the VM */
        const uint16_t *p = (const uint16_t *)(cur_vm->CB_High_Linear + v86_lin(c->Client_SS, sp));
        f[0] = p[0], f[1] = p[1], f[2] = p[2];
        c->Client_ESP = (c->Client_ESP & 0xFFFF0000u) | (uint16_t)(sp + sizeof f);
    } else {                            /* at the segment's end: item by item (a straddle ends the VM) */
        f[0] = client_pop16(cur_vm, c);
        f[1] = client_pop16(cur_vm, c);
        f[2] = client_pop16(cur_vm, c);
    }
    c->Client_EIP = f[0];
    c->Client_CS = f[1];
    v86_load_flags(cur_vm, c, f[2], false);
}

static void far_call(uint16_t seg, uint16_t off)
{
    struct Client_Reg_Struc *c = crs();
    client_push16(cur_vm, c, c->Client_CS);
    client_push16(cur_vm, c, (uint16_t)c->Client_EIP);
    c->Client_CS = seg;
    c->Client_EIP = off;
}

void svc_Simulate_Far_Call(struct vxd_regs *r) { far_call(r->ecx & 0xFFFF, r->edx & 0xFFFF); }

void svc_Simulate_Far_Jmp(struct vxd_regs *r)
{
    crs()->Client_CS = r->ecx & 0xFFFF;
    crs()->Client_EIP = r->edx & 0xFFFF;
}

static void far_ret(uint16_t extra)
{
    struct Client_Reg_Struc *c = crs();
    c->Client_EIP = client_pop16(cur_vm, c);
    c->Client_CS = client_pop16(cur_vm, c);
    c->Client_ESP = (c->Client_ESP & 0xFFFF0000u) | (uint16_t)(c->Client_ESP + extra);
}

void svc_Simulate_Far_Ret(struct vxd_regs *r) { (void)r; far_ret(0); }
void svc_Simulate_Far_Ret_N(struct vxd_regs *r) { far_ret(r->eax & 0xFFFF); }

void svc_Build_Int_Stack_Frame(struct vxd_regs *r)
{
    struct Client_Reg_Struc *c = crs();
    client_push16(cur_vm, c, (uint16_t)v86_flags_image(cur_vm, c));
    far_call(r->ecx & 0xFFFF, r->edx & 0xFFFF);
    v86_set_vif(cur_vm, c, false);
    c->Client_EFlags &= ~EFL_TF;
}

void svc_Simulate_Push(struct vxd_regs *r) { client_push16(cur_vm, crs(), r->eax & 0xFFFF); }
void svc_Simulate_Pop(struct vxd_regs *r) { r->eax = client_pop16(cur_vm, crs()); }

/* The real EFLAGS of a running VM always has IF=1, IOPL=0: the saved copy
 * gets the VM's own IF, IOPL and NT instead, so that a later
 * Restore_Client_State brings back the interrupt state the VM had here. */
void svc_Save_Client_State(struct vxd_regs *r)
{
    struct Client_Reg_Struc *buf = (struct Client_Reg_Struc *)r->edi;
    memcpy(buf, crs(), sizeof *buf);
    buf->Client_EFlags = (buf->Client_EFlags & ~V86_VIRTUAL_FLAGS) |
                         (v86_flags_image(cur_vm, crs()) & V86_VIRTUAL_FLAGS);
}

/* The frame shape (VM flag, forced flags) stays the monitor's; the saved
 * IF, IOPL and NT become the VM's virtual ones, as an IRETD would load them. */
void svc_Restore_Client_State(struct vxd_regs *r)
{
    struct Client_Reg_Struc *c = crs();
    const struct Client_Reg_Struc *s = (const struct Client_Reg_Struc *)r->esi;
    uint32_t flags = s->Client_EFlags;
    *c = *s;
    c->Client_EFlags = V86_FORCED_FLAGS;
    v86_load_flags(cur_vm, c, flags, true);
}

void svc_Begin_Nest_V86_Exec(struct vxd_regs *r)
{
    (void)r;
    if (!begin_nest_v86_exec(cur_vm))
        panic("Begin_Nest_V86_Exec nested deeper than %d", VM_MAX_NEST);
}

void svc_Exec_Int(struct vxd_regs *r) { exec_int(cur_vm, r->eax & 0xFF); }
void svc_Resume_Exec(struct vxd_regs *r) { (void)r; resume_exec(cur_vm); }
void svc_End_Nest_Exec(struct vxd_regs *r) { (void)r; end_nest_exec(cur_vm); }
