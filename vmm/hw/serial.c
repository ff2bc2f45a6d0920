/* The VMM's log and debugger line: a 16550 UART (COM1 unless log= says
 * otherwise), or output only to the debug port E9h, or nothing.  Polled, no
 * IRQ, so it works from any context, including panics. */
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
static uint16_t com = COM1;             /* the UART's base */
static uint16_t log_port = COM1;

uint16_t serial_port(void) { return log_port; }

void serial_init(uint16_t base)
{
    log_port = base;
    present = false;
    if (base == LOG_NONE || base == LOG_E9)
        return;
    com = base;
    /* The scratch register tells whether a UART is there at all. */
    outb(com + UART_SCR, 0x5A);
    if (inb(com + UART_SCR) != 0x5A)
        return;
    outb(com + UART_IER, 0x00);
    outb(com + UART_LCR, 0x80);        /* DLAB */
    outb(com + 0, 1);                  /* divisor 1 = 115200 baud */
    outb(com + 1, 0);
    outb(com + UART_LCR, 0x03);        /* 8N1 */
    outb(com + UART_FCR, 0xC7);        /* FIFO on, cleared, 14-byte threshold */
    outb(com + UART_MCR, 0x03);        /* DTR, RTS; OUT2 off: no IRQ */
    present = true;
}

bool serial_present(void) { return present; }

void serial_putc(char c)
{
    if (log_port == LOG_E9) {
        outb(LOG_E9, (uint8_t)c);
        return;
    }
    if (!present)
        return;
    if (c == '\n')
        serial_putc('\r');
    for (int i = 0; i < 100000 && !(inb(com + UART_LSR) & LSR_THRE); i++)
        ;
    outb(com + UART_DATA, (uint8_t)c);
}

int serial_getc(void)
{
    if (!present || !(inb(com + UART_LSR) & LSR_DR))
        return -1;
    return inb(com + UART_DATA);
}

void serial_drain(void)
{
    for (int i = 0; present && i < 1000000 && !(inb(com + UART_LSR) & LSR_TEMT); i++)
        ;
}
