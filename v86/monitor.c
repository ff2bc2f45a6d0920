/* The V86 monitor: emulates the IOPL-sensitive instructions against the
 * VM's virtual IF, reflects CPU exceptions to the VM's own vectors, and
 * terminates the VM for what a real-mode program can never legitimately do.
 *
 * Decode once from guest memory, then act only on what was decoded. */
#include "v86/monitor.h"
#include "vmm/sched.h"
#include "v86/decode.h"
#include "v86/guestmem.h"
#include "v86/vflags.h"
#include "v86/reflect.h"
#include "v86/io.h"
#include "callbacks/dispatch.h"
#include "vmm/console.h"
#include "vmm/cmdline.h"
#include "vmm/events.h"
#include "vmm/thread.h"
#include "vmm/lib/x86.h"
#include "vmm/hw/pic.h"

#define STRING_IO_BATCH 1024    /* iterations per trap: bounds time with IF off */

static uint16_t ip_of(const struct Client_Reg_Struc *c) { return (uint16_t)c->Client_EIP; }

static void advance(struct Client_Reg_Struc *c, const struct v86_insn *in)
{
    /* A 32-bit EIP past FFFFh makes the next fetch fault, as on the CPU. */
    c->Client_EIP = (uint32_t)ip_of(c) + in->len;
}

static uint32_t *reg_eax(struct Client_Reg_Struc *c) { return &c->Client_EAX; }

static void emulate_in_out(struct vm *vm, struct Client_Reg_Struc *c, const struct v86_insn *in)
{
    uint16_t port = in->port_in_dx ? (uint16_t)c->Client_EDX : in->imm8;
    unsigned size = in->io_size;
    if (in->op == OP_OUT) {
        io_access(vm, port, size, true, *reg_eax(c));
    } else {
        uint32_t v = io_access(vm, port, size, false, 0);
        uint32_t mask = size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
        *reg_eax(c) = (*reg_eax(c) & ~mask) | (v & mask);
    }
    advance(c, in);
}

static uint16_t seg_value(const struct Client_Reg_Struc *c, int seg)
{
    switch (seg) {
    case SEG_ES: return c->Client_ES;
    case SEG_CS: return c->Client_CS;
    case SEG_SS: return c->Client_SS;
    case SEG_FS: return c->Client_FS;
    case SEG_GS: return c->Client_GS;
    default:     return c->Client_DS;
    }
}

/* INS / OUTS, with or without REP, in bounded batches.  Under TF the CPU
 * traps after every iteration of a REP string instruction, so a stepping VM
 * gets one iteration per trap. */
static void emulate_string_io(struct vm *vm, struct Client_Reg_Struc *c, const struct v86_insn *in,
                              bool stepping)
{
    uint16_t port = (uint16_t)c->Client_EDX;
    unsigned size = in->io_size;
    bool a32 = in->addrsize32;
    uint32_t amask = a32 ? 0xFFFFFFFFu : 0xFFFFu;
    uint32_t count = in->rep ? (c->Client_ECX & amask) : 1;
    int32_t step = (c->Client_EFlags & EFL_DF) ? -(int32_t)size : (int32_t)size;
    uint32_t *idx = in->op == OP_OUTS ? &c->Client_ESI : &c->Client_EDI;
    uint16_t seg = in->op == OP_OUTS ? seg_value(c, in->seg) : c->Client_ES;
    uint32_t batch = stepping ? 1 : STRING_IO_BATCH;

    for (uint32_t n = 0; count && n < batch; n++, count--) {
        uint32_t off = *idx & amask;
        if (off > 0x10000u - size)
            vm_terminate(vm, "string I/O beyond the segment limit at %04x:%04x",
                         c->Client_CS, ip_of(c));
        uint32_t v = 0;
        if (in->op == OP_OUTS) {
            vm_read_seg(vm, seg, (uint16_t)off, &v, size);
            io_access(vm, port, size, true, v);
        } else {
            v = io_access(vm, port, size, false, 0);
            vm_write_seg(vm, seg, (uint16_t)off, &v, size);
        }
        *idx = (*idx & ~amask) | ((off + step) & amask);
    }
    if (in->rep)
        c->Client_ECX = (c->Client_ECX & ~amask) | count;
    if (!count)
        advance(c, in);         /* else re-execute: the rest traps again */
}

static void emulate_iret(struct vm *vm, struct Client_Reg_Struc *c, bool is32)
{
    uint32_t eip, cs, flags;
    if (is32) {
        eip = client_pop32(vm, c);
        cs = client_pop32(vm, c);
        flags = client_pop32(vm, c);
    } else {
        eip = client_pop16(vm, c);
        cs = client_pop16(vm, c);
        flags = client_pop16(vm, c);
    }
    c->Client_EIP = eip;
    c->Client_CS = (uint16_t)cs;
    v86_load_flags(vm, c, flags, is32);
}

static uint32_t csip_of(const struct Client_Reg_Struc *c)
{
    return ((uint32_t)c->Client_CS << 16) | ip_of(c);
}

/* Idle until the VM has an interrupt to take.  Events scheduled meanwhile
 * (from time-outs, say) run here, not after the next interrupt; one that
 * moves the VM (Simulate_Int, Simulate_Far_Call, ...) gave it something to
 * run and ends the HLT, as an interrupt would.  One that leaves CS:IP alone
 * leaves the VM halted.  In a VM with threads the interrupt wakes the
 * halted thread that takes it (thread_takes_interrupt), not whichever was
 * loaded last: else a thread idling in a loop of HLTs could take every
 * interrupt and the initial thread would sleep for good. */
static bool wakes(struct vm *vm)
{
    return vm_int_pending(vm) && thread_takes_interrupt(vm->cur_thread);
}

void v86_idle(struct vm *vm, struct Client_Reg_Struc *c)
{
    uint32_t halted_at = csip_of(c);
    vm->CB_VM_Status |= VMStat_Idle;
    while (!wakes(vm) && !vm->dead && csip_of(c) == halted_at &&
           (vm->CB_VM_Status & VMStat_Idle)) {
        if (events_ready(vm)) {
            events_deliver(vm);
            continue;
        }
        sched_idle_wait();              /* other VMs run, or the CPU halts */
    }
    vm->CB_VM_Status &= ~VMStat_Idle;
}

static void emulate_hlt(struct vm *vm, struct Client_Reg_Struc *c, const struct v86_insn *in)
{
    if (!v86_vif(vm, c))
        vm_terminate(vm, "HLT with interrupts disabled at %04x:%04x (VM hung)",
                     c->Client_CS, ip_of(c));
    /* the controller (VPICD) says no interrupt can ever reach it */
    if (vm_ints_all_masked(vm))
        vm_terminate(vm, "HLT with every interrupt masked at the PIC at %04x:%04x (VM hung)",
                     c->Client_CS, ip_of(c));
    advance(c, in);
    v86_idle(vm, c);
}

/* A stack fault the VM cannot be given: its INT 0Ch frame would straddle
 * SS:FFFF too (a 386 shuts down when it cannot push the frame). */
static void __attribute__((noreturn)) stack_fault(struct vm *vm, struct Client_Reg_Struc *c)
{
    vm_terminate(vm, "stack fault at %04x:%04x (SS:SP %04x:%04x)", c->Client_CS,
                 ip_of(c), c->Client_SS, c->Client_ESP & 0xFFFF);
}

/* Would one of `count` stack items of `width` bytes, pushed below SP or
 * popped from SP up, straddle SS:FFFF and SS:0000?  The 8086 wrapped; a 386
 * raises #SS (a word at offset FFFFh is beyond the 64 KB limit) before the
 * instruction changes anything, so the check comes first. */
static bool frame_straddles(uint16_t sp, unsigned count, unsigned width, bool push)
{
    for (unsigned k = 0; k < count; k++) {
        uint16_t off = push ? (uint16_t)(sp - (k + 1) * width) : (uint16_t)(sp + k * width);
        if ((uint32_t)off + width > 0x10000)
            return true;
    }
    return false;
}

/* The stack traffic of the emulated instruction: PUSHF/POPF one item, INT
 * three words, IRET three items; all of 2 bytes, or 4 under 66h. */
static void check_stack(struct vm *vm, struct Client_Reg_Struc *c, const struct v86_insn *in)
{
    unsigned width = in->opsize32 ? 4 : 2;
    uint16_t sp = (uint16_t)c->Client_ESP;
    bool bad;

    switch (in->op) {
    case OP_PUSHF: bad = frame_straddles(sp, 1, width, true); break;
    case OP_POPF:  bad = frame_straddles(sp, 1, width, false); break;
    case OP_INT:   bad = frame_straddles(sp, 3, 2, true); break;   /* real-mode frame */
    case OP_IRET:  bad = frame_straddles(sp, 3, width, false); break;
    default:       bad = false; break;
    }
    if (bad)
        stack_fault(vm, c);
}

/* Does a TF that was set when the instruction began raise the single-step
 * trap after it?  Yes for everything the monitor completes, as on the CPU,
 * except INT n (its handler starts with TF clear; the trap comes after the
 * instruction the handler's IRET returns to) and HLT (it ends only through an
 * interrupt, whose handler likewise runs untraced). */
static bool traps_after(enum v86_op op)
{
    return op != OP_INT && op != OP_HLT;
}

/* The #DB the CPU would have raised after the emulated instruction: the VM's
 * INT 1 with CS:IP of the next instruction.  Not a fault, so it is not
 * counted by the runaway detector. */
static void single_step_trap(struct vm *vm, struct Client_Reg_Struc *c)
{
    v86_reflect_int(vm, c, T_DB);
}

static void v86_gp(struct vm *vm, struct Client_Reg_Struc *c)
{
    bool step = c->Client_EFlags & EFL_TF;      /* the VM's own TF, as it began */

    /* At IOPL 3 (trusted mode) INT n reaches the IDT, whose gates are DPL 0:
     * a #GP naming that IDT entry (error code vector * 8 + 2). */
    bool int_via_idt = v86_iopl3(vm) && (c->Client_Error & 7) == 2;
    if (c->Client_Error != 0 && !int_via_idt)
        vm_terminate(vm, "general protection fault (error code %04x) at %04x:%04x",
                     c->Client_Error & 0xFFFF, c->Client_CS, ip_of(c));

    uint8_t code[V86_MAX_INSN];
    vm_read_seg(vm, c->Client_CS, ip_of(c), code, sizeof code);
    struct v86_insn in;
    v86_decode(&in, code, sizeof code);

    if (int_via_idt && (in.op != OP_INT || in.imm8 != (c->Client_Error >> 3)))
        vm_terminate(vm, "general protection fault (error code %04x) at %04x:%04x",
                     c->Client_Error & 0xFFFF, c->Client_CS, ip_of(c));
    if (in.op > OP_TRUNCATED && (uint32_t)ip_of(c) + in.len > 0x10000)
        vm_terminate(vm, "instruction crosses the end of the code segment at %04x:%04x",
                     c->Client_CS, ip_of(c));

    /* LOCK on any of these is #UD on a 386: it is checked while decoding,
     * before IOPL or privilege.  A CPU that raised #GP instead (QEMU) must
     * not get the instruction emulated. */
    if (in.lock && in.op > OP_TRUNCATED) {
        v86_reflect_fault(vm, c, T_UD);
        return;
    }
    check_stack(vm, c, &in);
    switch (in.op) {
    case OP_CLI:
        v86_set_vif(vm, c, false);
        advance(c, &in);
        break;
    case OP_STI:
        advance(c, &in);
        if (!v86_vif(vm, c)) {
            vm->sti_shadow = true;      /* interrupts wait one more instruction */
            vm->shadow_csip = ((uint32_t)c->Client_CS << 16) | ip_of(c);
        }
        v86_set_vif(vm, c, true);
        break;
    case OP_PUSHF:
        if (in.opsize32)
            client_push32(vm, c, v86_flags_image(vm, c));
        else
            client_push16(vm, c, (uint16_t)v86_flags_image(vm, c));
        advance(c, &in);
        break;
    case OP_POPF: {
        uint32_t f = in.opsize32 ? client_pop32(vm, c) : client_pop16(vm, c);
        advance(c, &in);
        v86_load_flags(vm, c, f, in.opsize32);
        break;
    }
    case OP_INT:
        advance(c, &in);
        v86_reflect_int(vm, c, in.imm8);
        break;
    case OP_IRET:
        emulate_iret(vm, c, in.opsize32);
        break;
    case OP_HLT:
        emulate_hlt(vm, c, &in);
        break;
    case OP_IN:
    case OP_OUT:
        emulate_in_out(vm, c, &in);
        break;
    case OP_INS:
    case OP_OUTS:
        emulate_string_io(vm, c, &in, step);
        break;
    case OP_TOO_LONG:
        vm_terminate(vm, "instruction longer than 15 bytes at %04x:%04x",
                     c->Client_CS, ip_of(c));
    case OP_UNKNOWN:
        /* Nothing the monitor emulates: a segment overrun (a word at offset
         * FFFFh, an address past FFFFh).  Real mode vectors it through the
         * VM's INT 0Dh; so does the monitor (found by the fuzzer, Bochs). */
        v86_reflect_fault(vm, c, T_GP);
        return;
    case OP_TRUNCATED:
    case OP_INT3:
    case OP_INTO:
    case OP_ARPL:
        vm_terminate(vm, "general protection fault at %04x:%04x (opcode %02x %02x)",
                     c->Client_CS, ip_of(c), code[in.nprefix], code[in.nprefix + 1]);
    default:
        vm_terminate(vm, "privileged instruction %s at %04x:%04x",
                     v86_op_name(in.op), c->Client_CS, ip_of(c));
    }
    if (step && traps_after(in.op))
        single_step_trap(vm, c);
}

void v86_trap(struct vm *vm, struct trapframe *tf)
{
    struct Client_Reg_Struc *c = &tf->crs;

    /* A write to shared ROM was let through onto a scratch copy for one
     * instruction: the ROM is back, and our single step is nobody's. */
    if (vm->rom_step_page && vm_rom_step_done(vm, tf->trapno))
        return;

    v86_iopl3_window(vm, c);

    /* TF we set to end an STI shadow is never the VM's to see. */
    if (vm->shadow_tf) {
        c->Client_EFlags &= ~EFL_TF;
        vm->shadow_tf = false;
        if (tf->trapno == T_DB)
            return;                     /* the shadow is over: trap() delivers */
    }
    /* EIP above FFFFh: the VM ran off the end of its 64 KB code segment (or
     * jumped there with a 32-bit offset).  A 386 raises #GP on that fetch;
     * whatever it became here (#GP, a #PF beyond the VM's memory, or the
     * fault of whatever lay at CS:10000h when the CPU did not check), it is
     * that, and the IP must not be truncated into a wrong address. */
    if (c->Client_EIP > 0xFFFF)
        vm_terminate(vm, "execution past the end of the code segment at %04x:%04x",
                     c->Client_CS, c->Client_EIP);
    /* The VMM's own ring-3 -> ring-0 transfers (breakpoints, callbacks, the
     * nest return) come first: they are not faults for Hook_V86_Fault. */
    if (tf->trapno == T_UD && callbacks_dispatch_ud(vm, c))
        return;
    if (tf->trapno == T_BP && callbacks_dispatch_int3(vm, c))
        return;
    if (callbacks_fault_hook(vm, c, tf->trapno))
        return;

    switch (tf->trapno) {
    case T_GP:
        v86_gp(vm, c);
        break;
    case T_UD:
        v86_reflect_fault(vm, c, 6);
        break;
    case T_BP:
        v86_reflect_fault(vm, c, 3);
        break;
    case T_DE:
    case T_DB:
    case T_OF:
    case T_BR:
    case T_NM:
        v86_reflect_fault(vm, c, (uint8_t)tf->trapno);
        break;
    case T_SS:
        /* A stack-segment overrun (a word at SS:FFFFh, ENTER walking its
         * frame...): real mode vectors it through INT 0Ch when it can push
         * that frame (found by the fuzzer, Bochs); when it cannot, a 386
         * shuts down. */
        if (frame_straddles((uint16_t)c->Client_ESP, 3, 2, true))
            stack_fault(vm, c);
        v86_reflect_fault(vm, c, T_SS);
        break;
    case T_PF:
        if (vm_page_fault(vm, read_cr2(), c->Client_Error))
            break;
        vm_terminate(vm, "page fault at linear %08x, %04x:%04x", read_cr2(),
                     c->Client_CS, ip_of(c));
    default:
        vm_terminate(vm, "unexpected exception %u (error %x) at %04x:%04x", tf->trapno,
                     c->Client_Error, c->Client_CS, ip_of(c));
    }
}
