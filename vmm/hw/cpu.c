/* CPU identification.  The kernel must boot on a 386: EFLAGS.AC (bit 18)
 * only toggles on a 486+, EFLAGS.ID (bit 21) only with CPUID.  Optional
 * features (VME, TSC, CR4) are used only when reported here. */
#include "vmm/hw/cpu.h"
#include "vmm/lib/x86.h"

struct cpu_info cpu;

static bool eflags_bit_toggles(uint32_t bit)
{
    uint32_t orig = read_eflags();
    write_eflags(orig ^ bit);
    bool toggled = (read_eflags() ^ orig) & bit;
    write_eflags(orig);
    return toggled;
}

/* CPUID is a Pentium / late-486 instruction: only reached once ID toggles. */
static void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
    __asm__ volatile(".byte 0x0f, 0xa2" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf));
}

void cpu_detect(void)
{
    cpu.family = 3;
    if (!eflags_bit_toggles(EFL_AC))
        return;
    cpu.family = 4;
    if (!eflags_bit_toggles(EFL_ID))
        return;
    cpu.has_cpuid = true;
    uint32_t a, b, c, d;
    cpuid(0, &a, &b, &c, &d);
    uint32_t max = a;
    ((uint32_t *)cpu.vendor)[0] = b;
    ((uint32_t *)cpu.vendor)[1] = d;
    ((uint32_t *)cpu.vendor)[2] = c;
    cpu.vendor[12] = 0;
    if (max >= 1) {
        cpuid(1, &a, &b, &c, &d);
        cpu.family = (a >> 8) & 0xF;
        cpu.has_vme = d & (1u << 1);
        cpu.has_pse = d & (1u << 3);
        cpu.has_tsc = d & (1u << 4);
        /* Any of these features implies CR4 exists. */
        cpu.has_cr4 = cpu.has_vme || cpu.has_pse || cpu.has_tsc;
    }
}

uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile(".byte 0x0f, 0x31" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}
