/* Virtual machine control blocks.
 *
 * A VM handle is a pointer to struct vm.  Its first fields are the DDK's
 * cb_s (CB_VM_Status, CB_High_Linear, CB_Client_Pointer, CB_VMID,
 * CB_Signature) so VxDs can read them at the documented offsets.
 *
 * Each VM has its own page directory (linear 0..10FFEFh is the VM), its own
 * ring-0 stack with the Client_Reg_Struc at the top (TSS.ESP0 points at its
 * end), a virtual PIC, a virtual A20 line and a virtual interrupt flag.
 */
#ifndef VMM_VM_H
#define VMM_VM_H

#include <stdint.h>
#include <stdbool.h>
#include "include/crs.h"
#include "vmm/trap.h"
#include "vmm/vpic.h"

#define VMCB_ID 0x62634D56u             /* "VMcb" */
#define VM_PAGES 0x110                  /* 1 MB + 64 KB of V86 address space */
#define VM_SPACE (VM_PAGES * 4096u)
#define VM_KSTACK_PAGES 4
#define VM_MAX_NEST 8

/* CB_VM_Status bits (DDK VMStat_*) */
#define VMStat_Exclusive        0x00000001u
#define VMStat_Background       0x00000002u
#define VMStat_Creating         0x00000004u
#define VMStat_Suspended        0x00000008u
#define VMStat_Not_Executeable  0x00000010u
#define VMStat_PM_Exec          0x00000020u
#define VMStat_PM_App           0x00000040u
#define VMStat_PM_Use32         0x00000080u
#define VMStat_VxD_Exec         0x00000100u
#define VMStat_High_Pri_Back    0x00000200u
#define VMStat_Blocked          0x00000400u
#define VMStat_Awakening        0x00000800u
#define VMStat_PageableV86      0x00001000u
#define VMStat_V86IntsLocked    0x00002000u
#define VMStat_TS_Sched         0x00004000u
#define VMStat_Idle             0x00008000u
#define VMStat_Closing          0x00010000u

struct vm {
    /* --- DDK cb_s: keep first, in this order --- */
    uint32_t CB_VM_Status;
    uint32_t CB_High_Linear;
    struct Client_Reg_Struc *CB_Client_Pointer;
    uint32_t CB_VMID;
    uint32_t CB_Signature;

    /* --- monitor-private --- */
    uint32_t pd_phys;                   /* page directory */
    uint32_t *pt;                       /* page table for linear 0..4 MB */
    uint32_t pt_phys;
    uint32_t frame[VM_PAGES];           /* physical frame behind each VM page */
    bool a20;                           /* virtual A20 gate */

    uint32_t vflags;                    /* virtual IF, IOPL and NT as the VM set them */
    bool sti_shadow;                    /* STI enabled interrupts: none before the next insn */
    uint32_t shadow_csip;               /* CS:IP right after that STI */
    bool shadow_tf;                     /* we set TF to trap after that insn, the VM did not */
    struct vpic vpic;

    uint8_t *kstack;                    /* VM_KSTACK_PAGES pages */
    struct trapframe *tf0;              /* the outermost client frame at the stack top */
    /* nested execution (v86/nest.c) */
    int nest;                           /* Begin_Nest_Exec levels outstanding */
    struct Client_Reg_Struc nest_saved[VM_MAX_NEST];
    int resume_depth;                   /* Resume_Exec calls running */
    uint32_t exec_esp[VM_MAX_NEST];     /* vm_exec_frame save slots */
    struct Client_Reg_Struc *resume_outer[VM_MAX_NEST];

    /* V86 breakpoints: per VM page, a 4096-entry index into the breakpoint
     * table (callbacks/breakpoints.c), allocated when the page gets one */
    uint16_t *bp_index[VM_PAGES];

    /* extended memory seen through INT 15h AH=87h (beyond the HMA) */
    uint32_t *ext_frames;
    uint32_t ext_pages;

    /* keyboard controller / port 92h virtualization */
    uint8_t kbc_pending_cmd;            /* command whose data byte is awaited at 60h */
    int kbc_outport_read;               /* value to return at the next 60h read, or -1 */
    uint8_t port92;

    /* virtual PIT channel 0 */
    uint32_t pit_reload;                /* guest divisor (65536 for 0) */
    uint32_t pit_acc;                   /* PIT input clocks since the last virtual IRQ 0 */
    uint8_t pit_mode, pit_access, pit_flipflop, pit_latched, pit_write_lo;
    uint16_t pit_latch;

    /* guest debug console (port E9h) */
    char e9buf[120];
    int e9len;

    /* runaway detection: consecutive reflected faults at one CS:IP */
    uint32_t last_fault_csip;
    uint32_t fault_repeat;

    bool dead;
    struct vm *next;

    /* --- appended (issue 10); keep new fields below, never reorder --- */
    uint32_t pit_owed;                  /* virtual IRQ 0s the VM could not take yet (vmm/vpit.c) */
    uint32_t v86_eflags_set;            /* forced into the real EFLAGS by the #GP fast path */
};

OFFSET_ASSERT(struct vm, CB_VM_Status, 0x00);
OFFSET_ASSERT(struct vm, CB_High_Linear, 0x04);
OFFSET_ASSERT(struct vm, CB_Client_Pointer, 0x08);
OFFSET_ASSERT(struct vm, CB_VMID, 0x0C);
OFFSET_ASSERT(struct vm, CB_Signature, 0x10);

extern struct vm *cur_vm;
extern struct vm *sys_vm;
extern struct vm *vm_list;

/* Create a VM.  VM 1 (identity=true) maps the real first megabyte. */
struct vm *vm_create(bool identity);
void vm_set_a20(struct vm *vm, bool on);
/* Switch the CPU to this VM's address space and ring-0 stack pointer. */
void vm_activate(struct vm *vm);
/* The frame traps from V86 land in (nesting moves it). */
static inline struct Client_Reg_Struc *vm_crs(struct vm *vm) { return vm->CB_Client_Pointer; }
bool vm_validate(const struct vm *vm);
/* VMs alive (not terminated): checks that only hold with one VM use this. */
unsigned vm_count(void);

/* Kill a VM with a reason on the log; does not return to it. */
void vm_terminate(struct vm *vm, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 2, 3)));

#endif
