#ifndef VMM_HW_SERIAL_H
#define VMM_HW_SERIAL_H
#include <stdbool.h>
#define COM1 0x3F8
void serial_init(void);                 /* 115200 8N1, FIFOs on */
bool serial_present(void);
void serial_putc(char c);
int serial_getc(void);                  /* -1 when nothing received */
void serial_drain(void);                /* wait until the transmitter is empty */
#endif
