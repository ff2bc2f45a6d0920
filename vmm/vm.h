/* Virtual machine control blocks.
 *
 * A VM handle is a pointer to struct vm.  Its first fields are the DDK's
 * cb_s (CB_VM_Status, CB_High_Linear, CB_Client_Pointer, CB_VMID,
 * CB_Signature) so VxDs can read them at the documented offsets.
 *
 * Each VM has its own page directory (linear 0..10FFEFh is the VM), its own
 * ring-0 stack with the Client_Reg_Struc at the top (TSS.ESP0 points at its
 * end), a virtual A20 line and a virtual interrupt flag.  The virtual PIC
 * and PIT are VxDs' (VPICD, VTD), in the Allocate_Device_CB_Area space.
 */
#ifndef VMM_VM_H
#define VMM_VM_H

#include <stdint.h>
#include <stdbool.h>
#include "include/crs.h"
#include "include/vmm.h"
#include "vmm/trap.h"

#define VMCB_ID 0x62634D56u             /* "VMcb" */
#define VM_PAGES 0x110                  /* 1 MB + 64 KB of V86 address space */
#define VM_SPACE (VM_PAGES * 4096u)
#define VM_KSTACK_PAGES 4
#define VM_CB_AREA_SIZE 2048            /* Allocate_Device_CB_Area space in every VM */
#define VM_MAX_NEST 8
#define VM_MAX_INTS_WAITERS 16       /* Call_When_VM_Ints_Enabled pending per VM */

struct thread;

/* CB_VM_Status bits: VMStat_* in include/vmm.h (the DDK's) */

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

    /* --- scheduling (vmm/sched.c, vmm/timeslice.c) --- */
    uint32_t slot;                      /* 1..MAX_VMS-1: CB_High_Linear slot, table index */
    uint32_t kesp;                      /* unused: each thread has its own (vmm/thread.h) */
    uint32_t exec_priority;             /* the primary scheduler's: base + boosts */
    uint32_t ts_fg, ts_bg;              /* time-slice priorities (weights) */
    uint32_t slice_left_ms;             /* of the current time slice, when it is ours */
    uint32_t exec_time_ms;              /* Get_VM_Exec_Time */
    uint32_t suspend_count;             /* Suspend_VM minus Resume_VM */
    const void *wait_on;                /* what a VMStat_Blocked VM waits for */
    uint32_t block_flags;               /* Wait_Semaphore's Block_* flags */
    uint32_t crit_claims_held;          /* critical-section claims released by End_Crit_And_Suspend */
    uint32_t vne_flags;                 /* VNE_* reasons once it stops */
    struct vm *sched_next;              /* round-robin order (creation order) */
    int boot_module;                    /* VM_BOOT: the multiboot module it boots */
    struct memdisk *memdisk;            /* its module disk (v86/memdisk.c), copy-on-write */
    uint32_t rom_step_page;             /* ROM page mapped to rom_scratch for one step (+1) */
    bool rom_step_tf;                   /* we set TF for that step, the VM did not */
    uint32_t rom_scratch;               /* frame that absorbs a write to ROM */
    bool floppy_refused_logged;         /* v86/biosdisk.c said it once */

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

    /* guest debug console (port E9h) */
    char e9buf[120];
    int e9len;

    /* runaway detection: consecutive reflected faults at one CS:IP */
    uint32_t last_fault_csip;
    uint32_t fault_repeat;

    bool dead;
    struct vm *next;

    /* --- issue 7 (VxD services) --- */
    /* Call_When_VM_Ints_Enabled requests waiting for the VM's IF, FIFO
     * (vmm/events.c); the fields are those of struct vxd_callback */
    struct { const void *proc; uint32_t flags, refdata; } ints_waiters[VM_MAX_INTS_WAITERS];
    int n_ints_waiters;
    /* ports with a VxD I/O handler whose trapping is off in this VM:
     * Disable_Local_Trapping / Disable_Global_Trapping (vxd/svc_io.c) */
    uint32_t io_untrapped[65536 / 32];
    bool dos_ready_sent;                /* VMM386_DOS_Ready went out for this VM */
    /* a breakpoint hit over and over without CS:IP moving (callbacks/breakpoints.c) */
    uint32_t bp_stuck_csip;
    uint32_t bp_stuck_hits;

    /* --- appended (issue 10); keep new fields below, never reorder --- */
    uint32_t v86_eflags_set;            /* forced into the real EFLAGS by the #GP fast path */

    /* --- appended (issue 9: threads, vmm/thread.h) --- */
    struct thread *threads;             /* its threads, the initial one first */
    struct thread *cur_thread;          /* the loaded thread: whose context the fields above hold */

    /* Allocate_Device_CB_Area: VxDs' per-VM data at [VM handle + offset] */
    uint8_t cb_area[VM_CB_AREA_SIZE];

    /* the interrupt controller (VPICD) has a request for this VM
     * (VMM386_Set_Int_Requested; vmm/intc.h, boot/fastpath.asm) */
    uint8_t int_requested;
    /* what V86 code may own in its real EFLAGS (v86_safe_eflags): set with
     * v86_eflags_set, by VME and trusted mode */
    uint32_t v86_eflags_owned;
};

OFFSET_ASSERT(struct vm, CB_VM_Status, 0x00);
OFFSET_ASSERT(struct vm, CB_High_Linear, 0x04);
OFFSET_ASSERT(struct vm, CB_Client_Pointer, 0x08);
OFFSET_ASSERT(struct vm, CB_VMID, 0x0C);
OFFSET_ASSERT(struct vm, CB_Signature, 0x10);

extern struct vm *cur_vm;
extern struct vm *sys_vm;
extern struct vm *vm_list;
extern uint8_t bios_pic_imr[2];         /* master, slave: what the BIOS had masked (VPICD starts VMs so) */

enum vm_kind {
    VM_SYSTEM,          /* VM 1: the real first megabyte, identity mapped */
    VM_BOOT,            /* the BIOS state at VMM boot, then its own disk */
    VM_FORK,            /* a copy of another VM's first megabyte */
};
/* Make a VM's control block and address space (not yet scheduled).  For
 * VM_FORK, parent's memory is copied; NULL when out of slots or memory. */
struct vm *vm_create(enum vm_kind kind, struct vm *parent);
/* Free everything a terminated VM still holds (it is not current). */
void vm_destroy(struct vm *vm);
/* The low-memory snapshot VM_BOOT VMs start from (taken before VM 1 runs). */
void vm_snapshot_bios(void);
/* A V86 page fault: a write to a ROM page gets the VM a private copy
 * (true: retry the instruction); false when the fault is the VM's. */
bool vm_page_fault(struct vm *vm, uint32_t lin, uint32_t error);
/* Make upper-memory page p the VM's own for the VMM to patch: a ROM page
 * becomes its own copy (read-only to it, as the ROM is), a RAM page is its
 * own already; false outside upper memory or out of memory. */
bool vm_rom_private(struct vm *vm, uint32_t p);
/* The trap after that write (vm->rom_step_page set): ROM mapped again;
 * true when the trap was only the single step we asked for. */
bool vm_rom_step_done(struct vm *vm, uint32_t trapno);
void vm_set_a20(struct vm *vm, bool on);
/* Map a V86 page of the first megabyte to another frame (_PhysIntoV86,
 * _LinMapIntoV86: VDD's video memory); vm->frame keeps what it owns. */
bool vm_map_v86(struct vm *vm, uint32_t page, uint32_t frame);
/* Switch the CPU to this VM's address space and ring-0 stack pointer. */
void vm_activate(struct vm *vm);
/* The frame traps from V86 land in (nesting moves it). */
static inline struct Client_Reg_Struc *vm_crs(struct vm *vm) { return vm->CB_Client_Pointer; }
bool vm_validate(const struct vm *vm);
/* The live VM with this CB_VMID, or NULL. */
struct vm *vm_by_id(uint32_t id);
/* VMs alive (not terminated): checks that only hold with one VM use this. */
unsigned vm_count(void);

/* Kill the current VM (VNE_Crashed) with a reason on the log; the other
 * VMs go on.  Never returns to it. */
void vm_terminate(struct vm *vm, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 2, 3)));
/* End any VM: VNE_* reasons (0: it closed normally), a log line.  For the
 * current VM this does not return; for another it returns once it is gone. */
void vm_end(struct vm *vm, uint32_t vne_flags, const char *why);

#endif
