/* VGA text mode (80x25 at B8000h) output for the VMM's own messages. */
#include <stdint.h>
#include "vmm/hw/vga.h"
#include "vmm/mem.h"
#include "vmm/lib/x86.h"

#define COLS 80
#define ROWS 25
#define ATTR 0x1F00             /* white on blue: distinguishable from the guest */

static uint16_t *screen;
static int row, col;

static void set_cursor(void)
{
    uint16_t pos = row * COLS + col;
    outb(0x3D4, 0x0E); outb(0x3D5, pos >> 8);
    outb(0x3D4, 0x0F); outb(0x3D5, pos & 0xFF);
}

void vga_init(void)
{
    screen = (uint16_t *)P2V(0xB8000);
    /* Continue below whatever the BIOS / boot loader printed. */
    outb(0x3D4, 0x0E); uint16_t pos = inb(0x3D5) << 8;
    outb(0x3D4, 0x0F); pos |= inb(0x3D5);
    if (pos >= COLS * ROWS)
        pos = 0;
    row = pos / COLS;
    col = 0;
    if (pos % COLS)
        row++;
}

static void scroll(void)
{
    for (int i = 0; i < (ROWS - 1) * COLS; i++)
        screen[i] = screen[i + COLS];
    for (int i = (ROWS - 1) * COLS; i < ROWS * COLS; i++)
        screen[i] = ATTR | ' ';
    row = ROWS - 1;
}

void vga_putc(char c)
{
    if (!screen)
        return;
    if (c == '\n') {
        col = 0;
        if (++row >= ROWS)
            scroll();
    } else if (c != '\r') {
        if (row >= ROWS)
            scroll();
        screen[row * COLS + col] = ATTR | (uint8_t)c;
        if (++col >= COLS) {
            col = 0;
            if (++row >= ROWS)
                scroll();
        }
    }
    set_cursor();
}

void vga_cursor(int *r, int *c)
{
    *r = row < ROWS ? row : ROWS - 1;
    *c = col;
}
