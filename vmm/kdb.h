/* The serial kernel debugger (in the spirit of WDEB386's dot commands) and
 * the debugging aids of the kernel command line (debug=kdb, debug=magic). */
#ifndef VMM_KDB_H
#define VMM_KDB_H
#include "vmm/trap.h"
/* Called at every entry from V86 mode (debug=magic places a Bochs magic
 * breakpoint here). */
void debug_v86_entry(struct trapframe *tf);
/* Called from the timer tick: enters the prompt when the break sequence
 * arrived on the serial line. */
void kdb_poll(void);
/* Called by panic() before the machine ends: a last look under debug=kdb. */
void kdb_fatal(const char *why);
/* Boot-time entry (debug=kdb stops before VM 1 starts). */
void kdb_boot(void);
#endif
