#ifndef VMM_PANIC_H
#define VMM_PANIC_H
#include <stdint.h>
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* End the machine: under exit=qemu through isa-debug-exit / Bochs' shutdown
 * port with `code`, otherwise halt with interrupts off. */
void machine_exit(uint8_t code) __attribute__((noreturn));
#define EXIT_NO_VMS 0x7D
#define EXIT_PANIC  0x7E
#define ASSERT(c) do { if (!(c)) panic("assertion failed: %s (%s:%d)", #c, __FILE__, __LINE__); } while (0)
#endif
