#ifndef VMM_CONSOLE_H
#define VMM_CONSOLE_H
#include <stdbool.h>
/* Every VMM line goes to COM1 and, unless a VM owns the screen, to VGA. */
void console_init(void);
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kputs(const char *s);
/* The VGA copy is switched off once VM 1 owns the display and back on for
 * fatal messages (VM termination, panic). */
void console_vga(bool on);
#endif
