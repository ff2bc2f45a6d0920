#ifndef VMM_HW_VGA_H
#define VMM_HW_VGA_H
void vga_init(void);        /* take over the text screen for the VMM's boot messages */
void vga_putc(char c);
/* Where the next VMM character goes (row, column), to hand the screen over. */
void vga_cursor(int *row, int *col);
#endif
