#include <stdarg.h>
#include "vmm/panic.h"
#include "vmm/console.h"
#include "vmm/cmdline.h"
#include "vmm/hw/serial.h"
#include "vmm/kdb.h"
#include "vmm/lib/printf.h"
#include "vmm/lib/x86.h"

void machine_exit(uint8_t code)
{
    cli();
    serial_drain();
    if (cmdline.exit_qemu) {
        outb(0xF4, code);               /* QEMU isa-debug-exit */
        for (const char *s = "Shutdown"; *s; s++)
            outb(0x8900, *s);           /* Bochs */
    }
    for (;;)
        hlt();
}

void panic(const char *fmt, ...)
{
    char buf[200];
    va_list ap;
    cli();
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    console_vga(true);
    kprintf("vmm386 PANIC: %s\n", buf);
    kdb_fatal(buf);
    machine_exit(EXIT_PANIC);
}
