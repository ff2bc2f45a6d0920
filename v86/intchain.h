/* Per-vector chains of V86 interrupt hooks (Hook_V86_Int_Chain).
 * The hook installed last runs first; a hook that returns true consumed the
 * interrupt (the DDK's carry clear), false passes it on down the chain;
 * an interrupt no hook consumes is reflected through the VM's IVT. */
#ifndef V86_INTCHAIN_H
#define V86_INTCHAIN_H

#include <stdbool.h>
#include "vmm/vm.h"

typedef bool (*v86_int_hook_fn)(struct vm *vm, struct Client_Reg_Struc *c, unsigned vec, void *ref);

#define V86_MAX_INT_HOOKS 256

/* The chains, by vector (NULL: no hook), read by the fast paths. */
struct int_hook;
extern struct int_hook *v86_int_chain[256];

/* 0 on success, -1 when the pool is full. */
int v86_hook_int(unsigned vec, v86_int_hook_fn fn, void *ref);
/* The same for a VxD's C hook (V86Int_HANDLER, include/vmm.h), which the
 * chain calls directly, with the VM's Client_Reg_Struc, instead of through
 * fn (its adapter, still what identifies the hook). */
int v86_hook_int_c(unsigned vec, v86_int_hook_fn fn, void *ref, const void *c_proc);
/* 0 on success, -1 when (fn, ref) is not hooked on vec. */
int v86_unhook_int(unsigned vec, v86_int_hook_fn fn, void *ref);
/* Run the chain; true when some hook consumed the interrupt. */
bool v86_run_int_hooks(struct vm *vm, struct Client_Reg_Struc *c, unsigned vec);
int v86_int_hook_count(unsigned vec);
/* With VME, an INT n the VM executes goes straight to its IVT when the
 * vector's bit in the TSS redirection bitmap is clear: keep exactly the
 * hooked vectors (all of them under trace=int) trapping to the monitor. */
void v86_int_redirect_sync(void);

#endif
