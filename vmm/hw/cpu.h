#ifndef VMM_HW_CPU_H
#define VMM_HW_CPU_H
#include <stdint.h>
#include <stdbool.h>
struct cpu_info {
    int family;                 /* 3 = 386, 4 = 486, 5+ from CPUID */
    bool has_cpuid;
    bool has_vme, has_tsc, has_pse, has_cr4;
    char vendor[13];
};
extern struct cpu_info cpu;
void cpu_detect(void);
uint64_t rdtsc(void);           /* only when cpu.has_tsc */
#endif
