/* The installed interrupt controller (vmm/intc.h). */
#include "vmm/intc.h"

VMM386_INTC_PROC intc_proc;
