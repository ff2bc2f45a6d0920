/* `make bench` support.  With `bench` on the command line, UD2 (0F 0B)
 * executed in V86 mode is the floor of the benchmark table: the trap stub
 * saves and restores the complete Client_Reg_Struc, trap() skips the two
 * bytes and returns, and nothing else runs. */
#ifndef VMM_BENCH_H
#define VMM_BENCH_H
#include <stdbool.h>
#include "vmm/trap.h"
/* True when tf was the floor trap (already handled). */
bool bench_floor(struct trapframe *tf);
#endif
