/* Threads: a VM's units of execution.
 *
 * Every VM has an initial thread, made with the VM, whose context is the
 * VM's own (its client frame and ring-0 stack from vm_create); a VM can have
 * more (VMMCreateThread, the VMM's V86 API AH=05h).  A thread has its own
 * Client_Reg_Struc and ring-0 stack and shares its VM's memory (the same
 * page directory), virtual PIC and devices.  A thread handle points at its
 * struct thread, whose first fields are the DDK's tcb_s.
 *
 * The VM control block holds the context of one of its threads, the
 * "loaded" one (vm->cur_thread): CB_Client_Pointer, the nested-execution
 * state, the virtual IF and the per-thread status bits (VMStat_Idle,
 * VMStat_Blocked and what it waits on) are that thread's.  So everything
 * that works on "the current VM" works on the current thread unchanged.
 * Switching threads of a VM saves those fields into the old thread and
 * loads the new one's (thread_load); switching VMs keeps each VM's loaded
 * thread.  The running thread is always its VM's loaded thread.
 *
 * Scheduling (vmm/sched.c): the scheduler picks a VM exactly as before (its
 * priority, the time slicer), then one of its runnable threads: the loaded
 * one while its quantum (THREAD_QUANTUM_MS) lasts, else the next runnable
 * one in creation order.  A VM with one thread never switches threads.
 *
 * A thread can later run protected-mode code: its context is a client
 * frame like any VM's, so the DPMI work changes what runs, not this.
 */
#ifndef VMM_THREAD_H
#define VMM_THREAD_H
#include <stdint.h>
#include <stdbool.h>
#include "include/vmm.h"
#include "vmm/vm.h"

#define MAX_THREADS 128                 /* live threads, all VMs */
#define MAX_VM_THREADS 32               /* of one VM, its initial thread included */
#define THREAD_KSTACK_PAGES VM_KSTACK_PAGES
#define THREAD_QUANTUM_MS 10            /* between threads of one VM */

enum thread_state {
    THREAD_FREE,                        /* slot unused */
    THREAD_CREATING,                    /* Create_Thread sent, not yet run */
    THREAD_LIVE,
    THREAD_DEAD,                        /* ended; its stack goes once we are off it */
};

/* What a VM control block holds for its loaded thread (thread_load). */
struct thread_ctx {
    struct Client_Reg_Struc *client;    /* CB_Client_Pointer */
    struct trapframe *tf0;
    uint32_t status;                    /* CB_VM_Status & THREAD_STATUS_BITS */
    const void *wait_on;
    uint32_t block_flags;
    uint32_t vflags;
    bool sti_shadow, shadow_tf;
    uint32_t shadow_csip;
    uint32_t rom_step_page;
    bool rom_step_tf;
    uint32_t last_fault_csip, fault_repeat;
    uint32_t bp_stuck_csip, bp_stuck_hits;
    int nest, resume_depth;
    struct Client_Reg_Struc nest_saved[VM_MAX_NEST];
    uint32_t exec_esp[VM_MAX_NEST];
    struct Client_Reg_Struc *resume_outer[VM_MAX_NEST];
    char e9buf[sizeof ((struct vm *)0)->e9buf];     /* its debug-console line so far */
    int e9len;
};
/* The CB_VM_Status bits that belong to a thread, not to its VM. */
#define THREAD_STATUS_BITS (VMStat_Idle | VMStat_Blocked)

struct thread {
    struct tcb_s tcb;                   /* the DDK's fields: keep first */
    struct vm *vm;
    struct thread *vm_next;             /* the VM's threads, creation order */
    enum thread_state state;
    bool initial;                       /* the VM's initial thread */
    uint32_t kesp;                      /* ring-0 ESP saved by swtch() */
    uint8_t *kstack;                    /* own stack (the initial thread: vm->kstack) */
    uint32_t quantum_left;              /* ms of its turn among the VM's threads */
    uint32_t vne_flags;                 /* Thread_Not_Executeable EDX: VNE_* (0: ended normally) */
    void *init_callback;                /* VMMCreateThread's InitCallback */
    uint32_t init_refdata;
    struct thread_ctx ctx;              /* its VM fields while not loaded */
    struct thread *zombie_next;
    /* Free for vmm/events.c (thread events, restricted events): the
     * thread's own event list.  Zero for a new thread; events_thread_gone()
     * is called before the thread's Thread_Not_Executeable. */
    void *ev_first, *ev_last;
    uint32_t ev_count;
    bool kicked;                        /* thread_kick: run it next, even from HLT */
    uint32_t exec_time_ms;              /* ms it ran (Set_Thread_Time_Out counts these) */
};

/* The thread running now (NULL before VM 1 runs, as cur_vm). */
static inline struct thread *thread_current(void) { return cur_vm ? cur_vm->cur_thread : 0; }
/* A live thread (not ended) for this handle, or NULL: zero, garbage, a
 * destroyed thread and a thread of a VM that ended are all NULL. */
struct thread *thread_validate(const void *handle);
/* The VM's initial thread (NULL for an invalid VM). */
struct thread *thread_of_vm_initial(const struct vm *vm);
static inline struct vm *thread_vm(const struct thread *t) { return t->vm; }
/* The system thread: VM 1's initial thread. */
struct thread *thread_sys(void);
/* The VM's threads: first, then ->vm_next (ended ones included until they
 * are destroyed). */
struct thread *thread_first(const struct vm *vm);
/* Live threads of the VM. */
unsigned thread_count(const struct vm *vm);
/* Its CB_VM_Status bits (THREAD_STATUS_BITS) and client registers, loaded
 * or not (the debuggers). */
uint32_t thread_status(const struct thread *t);
struct Client_Reg_Struc *thread_crs(const struct thread *t);

/* Something is waiting for this thread (an event for it): it runs before
 * the other threads of its VM as soon as its VM runs, even out of its HLT
 * (as an event for a VM does), until it has run once.  For vmm/events.c. */
void thread_kick(struct thread *t);

/* Called by vmm/events.c's own definition (a weak empty default here): a
 * thread is going; drop its events.  Not called for the initial thread
 * (its VM's events_vm_terminated covers it). */
void events_thread_gone(struct thread *t);

/* ---- for the VMM (vmm/vm.c, vmm/sched.c, vmm/vmlife.c) ---- */
/* The VM's initial thread, made with the VM (false: no slot left). */
bool thread_vm_created(struct vm *vm);
/* Make t the VM's loaded thread (t belongs to vm; vm's loaded thread is not
 * running, or is the one running and about to switch to t). */
void thread_load(struct vm *vm, struct thread *t);
/* Can the thread run now (its VM aside: suspended, ended)? */
bool thread_runnable(const struct thread *t);
/* vm_runnable for a VM with several threads: can any of them run? */
bool thread_any_runnable(const struct vm *vm);
/* A halted thread of vm wakes for the interrupt it has waiting: the one
 * that takes it (the first halted one, so the initial thread before any
 * other), or every halted one when the VM has a single thread. */
bool thread_takes_interrupt(const struct thread *t);
/* VM picked by the scheduler: which of its threads runs (NULL: none). */
struct thread *thread_pick(struct vm *vm);
/* From sched_tick, 1 ms: the running thread's quantum. */
void thread_tick(void);
/* sched_wake for the threads of vm that are not loaded: wake those blocked
 * on `on` (only the first unless all); true if any woke. */
bool thread_wake_others(struct vm *vm, const void *on, bool all);
/* Wake_Up_VM: the HLT of every thread of the VM ends (the loaded one's
 * through the VM's own fields). */
void thread_wake_up(struct vm *vm);
/* A VM ended (vm_end): its other threads are dead too. */
void thread_vm_ended(struct vm *vm);
/* From vmlife_destroy, off the VM's stacks: its non-initial threads'
 * Thread_Not_Executeable and Destroy_Thread, their stacks back. */
void thread_vm_destroy(struct vm *vm);
/* vm_destroy: the initial thread's slot back. */
void thread_vm_free(struct vm *vm);
/* Destroy ended threads that are not running (the scheduler's reap). */
void thread_reap(void);
extern struct thread *thread_zombies;   /* ended, waiting for us to be off their stack */
extern int thread_switched_callbacks;   /* Call_When_Thread_Switched registrations */

/* VMMCreateThread in the current VM: NULL when refused (logged). */
struct thread *thread_create(struct vm *vm, uint16_t ss, uint32_t esp, uint16_t cs, uint32_t eip,
                             uint16_t ds, uint16_t es, uint32_t type, void *init_cb,
                             uint32_t refdata);
/* End a thread that is not its VM's initial one.  The current thread: never
 * returns (Terminate_Thread first when vne_flags is 0).  Another: it is
 * destroyed now (Thread_Not_Executeable, Destroy_Thread). */
void thread_end(struct thread *t, uint32_t vne_flags, const char *why);

/* Call_When_Thread_Switched (register-level callbacks). */
bool thread_call_when_switched(const void *proc);
/* The callbacks, from the scheduler at every switch of threads. */
void thread_switched(struct thread *from, struct thread *to);
#endif
