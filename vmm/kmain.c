/* kmain: from the multiboot entry to VM 1 running its boot sector. */
#include "vmm/console.h"
#include "vmm/multiboot.h"
#include "vmm/cmdline.h"
#include "vmm/mem.h"
#include "vmm/panic.h"
#include "vmm/timer.h"
#include "vmm/vpit.h"
#include "vmm/a20.h"
#include "vmm/devices.h"
#include "vmm/sysvm.h"
#include "vmm/vm.h"
#include "vmm/sched.h"
#include "vmm/thread.h"
#include "vmm/hw/cpu.h"
#include "vmm/hw/pic.h"
#include "boot/gdt.h"
#include "boot/idt.h"
#include "boot/tss.h"
#include "v86/io.h"
#include "v86/vflags.h"
#include "v86/intchain.h"
#include "v86/fastpath.h"
#include "vxd/vxd.h"
#include "vmm/kdb.h"
#include "vmm/lib/x86.h"

static void cpu_setup(void)
{
    cpu_detect();
    kprintf("vmm386: CPU family %d%s%s%s%s\n", cpu.family,
            cpu.has_cpuid ? ", " : "", cpu.has_cpuid ? cpu.vendor : "",
            cpu.has_vme ? ", VME" : "", cpu.has_tsc ? ", TSC" : "");
    if (cpu.has_vme && !cmdline.vme_off && !cmdline.iopl3) {  /* IOPL 3 makes VME moot */
        write_cr4(read_cr4() | CR4_VME);
        vme_enabled = true;
        v86_int_redirect_sync();        /* unhooked INT n: straight to the IVT */
        kprintf("vmm386: using VME\n");
    }
}

/* The VMM needs the real A20 on; VMs get a virtual one. */
static bool a20_enable_real(void)
{
    bool was_on = inb(0x92) & 0x02;
    outb(0x92, (inb(0x92) | 0x02) & ~0x01);
    return was_on;
}

/* boot/trapentry.asm */
void swtch(uint32_t *save_esp, uint32_t new_esp);

void kmain(uint32_t magic, uint32_t mbi_phys)
{
    console_init(cmdline_log_port(multiboot_cmdline(magic, mbi_phys)));
    kprintf("vmm386 %s: a virtual machine manager for the 386\n", VMM386_VERSION);
    if (multiboot_parse(magic, mbi_phys, &boot_info) < 0)
        panic("not started by a multiboot loader (magic %x)", magic);
    cmdline_parse(boot_info.cmdline);
    if (boot_info.loader[0])
        kprintf("vmm386: loaded by %s, command line '%s'\n", boot_info.loader, boot_info.cmdline);

    gdt_init();
    mem_init(&boot_info);
    tss_init(kernel_pd_phys());
    idt_init();
    cpu_setup();
    kprintf("vmm386: %u KB of RAM, %u KB free\n", ram_top >> 10, phys_pages.nfree * 4);

    bool a20 = a20_enable_real();
    uint8_t master_mask, slave_mask;
    pic_init(&master_mask, &slave_mask);
    timer_init();

    vpic_ports_install();
    vpit_install();
    a20_install();
    dbgport_install();
    if (cmdline.trace_io)
        io_trap_all();
    v86_fastpath_init();
    vxd_init();

    bios_pic_imr[0] = master_mask;
    bios_pic_imr[1] = slave_mask;
    vm_snapshot_bios();
    struct vm *vm = vm_create(VM_SYSTEM, 0);
    if (!vm)
        panic("cannot create VM 1");
    vm_set_a20(vm, a20);
    focus_vm = vm;
    vm_activate(vm);
    kdb_boot();
    /* From here on the VMM runs on VMs' ring-0 stacks: VM 1's first. */
    sched_start(vm, sys_vm_boot);
    uint32_t boot_esp;
    swtch(&boot_esp, vm->threads->kesp);
    panic("back on the boot stack");
}
