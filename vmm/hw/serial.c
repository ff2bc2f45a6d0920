/* COM1 16550 UART: the VMM's log and debugger line.  Polled, no IRQ, so it
 * works from any context, including panics. */
#include "vmm/hw/serial.h"
#include "vmm/lib/x86.h"

#define UART_DATA 0
#define UART_IER  1
#define UART_FCR  2
#define UART_LCR  3
#define UART_MCR  4
#define UART_LSR  5
#define UART_SCR  7
#define LSR_DR    0x01
#define LSR_THRE  0x20
#define LSR_TEMT  0x40

static bool present;

void serial_init(void)
{
    /* The scratch register tells whether a UART is there at all. */
    outb(COM1 + UART_SCR, 0x5A);
    if (inb(COM1 + UART_SCR) != 0x5A)
        return;
    outb(COM1 + UART_IER, 0x00);
    outb(COM1 + UART_LCR, 0x80);        /* DLAB */
    outb(COM1 + 0, 1);                  /* divisor 1 = 115200 baud */
    outb(COM1 + 1, 0);
    outb(COM1 + UART_LCR, 0x03);        /* 8N1 */
    outb(COM1 + UART_FCR, 0xC7);        /* FIFO on, cleared, 14-byte threshold */
    outb(COM1 + UART_MCR, 0x03);        /* DTR, RTS; OUT2 off: no IRQ */
    present = true;
}

bool serial_present(void) { return present; }

void serial_putc(char c)
{
    if (!present)
        return;
    if (c == '\n')
        serial_putc('\r');
    for (int i = 0; i < 100000 && !(inb(COM1 + UART_LSR) & LSR_THRE); i++)
        ;
    outb(COM1 + UART_DATA, (uint8_t)c);
}

int serial_getc(void)
{
    if (!present || !(inb(COM1 + UART_LSR) & LSR_DR))
        return -1;
    return inb(COM1 + UART_DATA);
}

void serial_drain(void)
{
    for (int i = 0; present && i < 1000000 && !(inb(COM1 + UART_LSR) & LSR_TEMT); i++)
        ;
}
