#ifndef BOOT_IDT_H
#define BOOT_IDT_H
void idt_init(void);
#endif
