#ifndef BOOT_IDT_H
#define BOOT_IDT_H
void idt_init(void);
void idt_set_handler(int vec, void (*fn)(void));
void idt_set_user_gate(int vec, void (*fn)(void));
#endif
