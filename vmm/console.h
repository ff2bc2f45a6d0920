#ifndef VMM_CONSOLE_H
#define VMM_CONSOLE_H
#include <stdbool.h>
#include <stdint.h>
/* Every VMM line goes to the log port (COM1 unless log= picks another, see
 * vmm/hw/serial.h) and, unless a VM owns the screen, to VGA. */
void console_init(uint16_t log_port);
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kputs(const char *s);
/* The VGA copy is switched off once VM 1 owns the display and back on for
 * fatal messages (VM termination, panic). */
void console_vga(bool on);
#endif
