#ifndef VMM_HW_SERIAL_H
#define VMM_HW_SERIAL_H
#include <stdbool.h>
#include <stdint.h>
#define COM1 0x3F8
#define COM2 0x2F8
#define COM3 0x3E8
#define COM4 0x2E8
#define LOG_E9 0xE9                     /* Bochs/QEMU debug port: output only */
#define LOG_NONE 0
/* The VMM's log line: a UART at base (COMn), LOG_E9 or LOG_NONE; a UART is
 * set to 115200 8N1, FIFOs on. */
void serial_init(uint16_t base);
uint16_t serial_port(void);             /* what serial_init was given */
bool serial_present(void);              /* a UART to talk to (the debugger's line) */
void serial_putc(char c);
int serial_getc(void);                  /* -1 when nothing received */
void serial_drain(void);                /* wait until the transmitter is empty */
#endif
