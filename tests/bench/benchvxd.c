/* BENCHVXD -- the ring-0 half of `make bench` (linked only into
 * build/bench/vmm386.elf).  A V86 API (device 7B01h, INT 2Fh AX=1684h) that
 * the benchmark guest uses to set things up:
 *   AH=01h  install the measured V86 breakpoint at ES:DI (an ARPL; the
 *           callback only moves IP past it); AL=1: the INT3 variant
 *   AH=02h  install CX more breakpoints at ES:DI, ES:DI+1, ... (never hit),
 *           returns AX = how many are installed in all
 *   AH=03h  allocate a V86 callback (does nothing) -> ES:DI
 *   AH=04h  VMMcall round trips measured here in ring 0, CX * 1000 calls,
 *           5 runs: through the patched call site, and through a site
 *           re-armed with INT 20h before every call (the dynalink path)
 *   AH=05h  Schedule_VM_Event (current VM) with an empty callback: it runs
 *           on the way back to the VM
 *   AH=06h  nothing: the cost of the API call itself, subtracted from 05h
 *   AH=07h  ping: Signal_Semaphore(ping), Wait_Semaphore(pong) -- the
 *           partner VM (bench_partner.asm) answers: two VM-to-VM task
 *           switches per call
 *   AH=08h  (the partner) Wait_Semaphore(ping), Signal_Semaphore(pong)
 *   AH=0Ch/0Dh  the same ping and partner between two threads of one VM
 *   AH=09h  AX = is a partner waiting (has it called 08h yet)?
 *   AH=0Ah  AX = how many VMs there are
 *   AH=0Bh  Nuke_VM every other VM (the guest is done: the machine ends)
 *   AH=10h  Call_Priority_VM_Event (current VM, no boost, PEF_Always_Sched)
 *           with an empty callback: it runs on the way back to the VM
 * Results go to the log as "BENCH <row> <run> <hi> <lo>" (TSC deltas).
 * Written against include/vmm.h only. */
#include "vmm.h"

static DWORD installed;
static DWORD ping, pong;                /* the task-switch ping-pong (07h/08h) */
static DWORD tping, tpong;              /* the thread-switch ping-pong (0Ch/0Dh) */
static BOOL partner_seen;

static inline unsigned long long rdtsc(void)
{
    DWORD lo, hi;
    __asm__ volatile(".byte 0x0f, 0x31" : "=a"(lo), "=d"(hi));  /* RDTSC: Pentium+ */
    return ((unsigned long long)hi << 32) | lo;
}

static void log_hex(const char *row, int run, unsigned long long v)
{
    char line[64];
    static const char hexd[] = "0123456789ABCDEF";
    int k = 0;
    for (const char *p = "BENCH "; *p; p++) line[k++] = *p;
    for (const char *p = row; *p; p++) line[k++] = *p;
    line[k++] = ' ';
    line[k++] = '0' + run;
    line[k++] = ' ';
    for (int i = 15; i >= 0; i--) {
        line[k++] = hexd[(v >> (i * 4)) & 15];
        if (i == 8) line[k++] = ' ';
    }
    line[k] = 0;
    VMM386_Log(line);
}

static void skip_arpl(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData, DWORD BreakAddr, DWORD Lin)
{
    (void)hVM, (void)RefData, (void)BreakAddr, (void)Lin;
    pcrs->CWRS.Client_IP += (WORD)RefData;
}

static void never_hit(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData, DWORD BreakAddr, DWORD Lin)
{
    (void)hVM, (void)pcrs, (void)RefData, (void)BreakAddr, (void)Lin;
    VMM386_Log("BENCHVXD: a filler breakpoint was hit");
}

static void empty_callback(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData)
{
    (void)hVM, (void)pcrs, (void)RefData;
}

static void empty_event(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData)
{
    (void)hVM, (void)pcrs, (void)RefData;
}

static void empty_priority_event(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData, BOOL TimedOut)
{
    (void)hVM, (void)pcrs, (void)RefData, (void)TimedOut;
}

/* One VMMcall at a fixed call site; `rearm` puts INT 20h back first, so
 * every call goes through the dynalink (trap, lookup, patch). */
static unsigned char site_bytes[6];
__attribute__((noinline)) static void call_site(int rearm)
{
    extern unsigned char benchvxd_site[];
    if (rearm)
        for (int i = 0; i < 6; i++)
            benchvxd_site[i] = site_bytes[i];
    __asm__ volatile(".globl benchvxd_site\nbenchvxd_site:\n\t" VMMcall(Get_Cur_VM_Handle)
                     ::: "ebx", "cc", "memory");
}

static void bench_vmmcall(DWORD thousands)
{
    extern unsigned char benchvxd_site[];
    for (int i = 0; i < 6; i++)
        site_bytes[i] = benchvxd_site[i];       /* still CD 20 ...: never called yet */
    for (int rearm = 0; rearm < 2; rearm++) {
        for (int run = 0; run < 5; run++) {
            unsigned long long t0 = rdtsc();
            for (DWORD n = 0; n < thousands * 1000; n++)
                call_site(rearm);
            log_hex(rearm ? "vmmcall_dynalink" : "vmmcall_patched", run, rdtsc() - t0);
        }
        if (!rearm)
            for (int run = 0; run < 5; run++) {     /* the loop and re-arm cost alone */
                unsigned long long t0 = rdtsc();
                for (DWORD n = 0; n < thousands * 1000; n++)
                    __asm__ volatile("" ::: "memory");
                log_hex("ring0_loop", run, rdtsc() - t0);
            }
    }
}

static void Bench_API(VMHANDLE hVM, CLIENT_STRUCT *pcrs)
{
    DWORD addr = ((DWORD)pcrs->CRS.Client_ES << 16) | pcrs->CWRS.Client_DI;
    pcrs->CRS.Client_EFlags &= ~1u;
    switch (pcrs->CBRS.Client_AH) {
    case 0x01:
        if (Install_V86_Break_Point_Ex(addr, pcrs->CBRS.Client_AL ? 1 : 2, skip_arpl,
                                       pcrs->CBRS.Client_AL ? VMM386_BP_INT3 : 0))
            installed++;
        else
            pcrs->CRS.Client_EFlags |= 1;
        break;
    case 0x02:
        for (WORD i = 0; i < pcrs->CWRS.Client_CX; i++)
            if (Install_V86_Break_Point(addr + i, 0, never_hit))
                installed++;
        pcrs->CWRS.Client_AX = (WORD)installed;
        break;
    case 0x03: {
        DWORD cb = Allocate_V86_Call_Back(0, empty_callback);
        pcrs->CRS.Client_ES = (WORD)(cb >> 16);
        pcrs->CWRS.Client_DI = (WORD)cb;
        break;
    }
    case 0x04:
        bench_vmmcall(pcrs->CWRS.Client_CX);
        break;
    case 0x05:
        if (!Schedule_VM_Event(hVM, 0, empty_event))
            pcrs->CRS.Client_EFlags |= 1;
        break;
    case 0x06:
        break;
    case 0x10: {
        BOOL refused;
        if (!Call_Priority_VM_Event(0, hVM, PEF_Always_Sched, 0, empty_priority_event, 0, &refused))
            pcrs->CRS.Client_EFlags |= 1;       /* Always_Sched: never at once */
        break;
    }
    case 0x07:
        if (!ping && !(ping = Create_Semaphore(0)))
            pcrs->CRS.Client_EFlags |= 1;
        if (!pong && !(pong = Create_Semaphore(0)))
            pcrs->CRS.Client_EFlags |= 1;
        Signal_Semaphore(ping);
        Wait_Semaphore(pong, 0);
        break;
    case 0x08:
        if (!ping && !(ping = Create_Semaphore(0)))
            pcrs->CRS.Client_EFlags |= 1;
        if (!pong && !(pong = Create_Semaphore(0)))
            pcrs->CRS.Client_EFlags |= 1;
        partner_seen = TRUE;
        Wait_Semaphore(ping, 0);
        Signal_Semaphore(pong);
        break;
    case 0x0C:                          /* the same between two threads of this VM */
    case 0x0D:
        if (!tping && !(tping = Create_Semaphore(0)))
            pcrs->CRS.Client_EFlags |= 1;
        if (!tpong && !(tpong = Create_Semaphore(0)))
            pcrs->CRS.Client_EFlags |= 1;
        if (pcrs->CBRS.Client_AH == 0x0C) {
            Signal_Semaphore(tping);
            Wait_Semaphore(tpong, 0);
        } else {
            Wait_Semaphore(tping, 0);
            Signal_Semaphore(tpong);
        }
        break;
    case 0x09:
        pcrs->CWRS.Client_AX = (WORD)partner_seen;
        break;
    case 0x0B:
        for (VMHANDLE v = Get_Next_VM_Handle(hVM); v != hVM; v = Get_Next_VM_Handle(hVM))
            Nuke_VM(v);
        break;
    case 0x0A: {
        VMHANDLE v = hVM;
        WORD n = 0;
        do {
            v = Get_Next_VM_Handle(v);
            n++;
        } while (v != hVM && n < 64);
        pcrs->CWRS.Client_AX = n;
        break;
    }
    default:
        pcrs->CRS.Client_EFlags |= 1;
    }
}

static struct VxD_Desc_Block BENCHVXD_DDB = {
    .DDB_SDK_Version = DDK_VERSION,
    .DDB_Req_Device_Number = 0x7B01,
    .DDB_Dev_Major_Version = 1,
    .DDB_Flags = DDB_VMM386_C_PROCS,
    .DDB_Name = { 'B', 'E', 'N', 'C', 'H', 'V', 'X', 'D' },
    .DDB_Init_Order = UNDEFINED_INIT_ORDER,
    .DDB_V86_API_Proc = (void *)Bench_API,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};
VXD_REGISTER(BENCHVXD_DDB);
