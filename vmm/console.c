#include <stdarg.h>
#include "vmm/console.h"
#include "vmm/hw/serial.h"
#include "vmm/hw/vga.h"
#include "vmm/lib/printf.h"
#include "vmm/lib/x86.h"

static bool vga_on;

void console_init(uint16_t log_port)
{
    serial_init(log_port);
    vga_init();
    vga_on = true;
}

void console_vga(bool on) { vga_on = on; }

void kputs(const char *s)
{
    uint32_t f = irq_save();
    for (; *s; s++) {
        serial_putc(*s);
        if (vga_on)
            vga_putc(*s);
    }
    irq_restore(f);
}

void kprintf(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    kputs(buf);
}
