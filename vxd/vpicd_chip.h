/* Virtual 8259A pair, one per VM: VPICD's model (vxd/vpicd.c keeps one in
 * each VM's control block area and traps ports 20h/21h/A0h/A1h for it).
 * Pure logic (no I/O), unit-tested on the host.
 * Edge-triggered semantics, fully nested mode, cascade on master IRQ 2.
 */
#ifndef VXD_VPICD_CHIP_H
#define VXD_VPICD_CHIP_H

#include <stdint.h>
#include <stdbool.h>

struct vpic_chip {
    uint8_t irr, isr, imr;
    uint8_t vbase;        /* vector of IRQ 0 of this chip (ICW2 & 0xF8) */
    uint8_t init_step;    /* 0 = operational; 2,3,4 = expecting ICW2/3/4 */
    bool icw4_needed;
    bool single;          /* ICW1 SNGL */
    bool auto_eoi;        /* ICW4 AEOI */
    bool read_isr;        /* OCW3 RR/RIS: port read returns ISR instead of IRR */
    bool poll;            /* OCW3 poll command pending */
    bool special_mask;    /* OCW3 SMM */
    uint8_t lowest_prio;  /* rotation: IRQ with lowest priority (default 7) */
    uint8_t icw3;
    bool rotate_aeoi;     /* OCW2 80h/00h: rotate priority on each AEOI */
};

struct vpic {
    struct vpic_chip master, slave;
};

/* Reset to what a BIOS leaves: master base 08h, slave base 70h, cascade
 * on IRQ 2, the given masks, nothing pending or in service. */
void vpic_init(struct vpic *p, uint8_t master_imr, uint8_t slave_imr);

/* An edge on IRQ line 0..15 (line 2 is the AT bus's IRQ 9: the slave's
 * IR1).  Inline: every hardware interrupt a VM gets comes through here. */
static inline void vpic_raise(struct vpic *p, int irq)
{
    if (irq < 0 || irq > 15)
        return;
    if (irq == 2)
        irq = 9;
    if (irq < 8)
        p->master.irr |= (uint8_t)(1u << irq);
    else
        p->slave.irr |= (uint8_t)(1u << (irq - 8));
}

/* Highest-priority IRQ (0..15) that the CPU would be interrupted with now
 * (requested, unmasked, above everything in service), or -1. */
int vpic_pending(const struct vpic *p);

/* Interrupt acknowledge: moves the pending IRQ from IRR to ISR (honouring
 * AEOI) and returns the vector the guest expects; -1 when none pending. */
int vpic_ack(struct vpic *p);

/* vpic_ack's common case, inline for VPICD's acknowledge of every
 * interrupt it delivers: no unmasked request on the slave, the master fully
 * nested in its default priority order (IR0 highest), no special mask, no
 * AEOI.  Then the request is the lowest unmasked IRR bit, and it goes in
 * unless that level or a higher one is in service.  VPIC_ACK_GENERAL:
 * not that case, vpic_ack() decides. */
#define VPIC_ACK_GENERAL (-2)
static inline int vpic_ack_common(struct vpic *p)
{
    struct vpic_chip *m = &p->master;
    if ((p->slave.irr & ~p->slave.imr) || m->lowest_prio != 7 || m->special_mask || m->auto_eoi)
        return VPIC_ACK_GENERAL;
    uint8_t req = m->irr & ~m->imr;
    if (!req)
        return -1;
    unsigned irq = (unsigned)__builtin_ctz(req);
    if (m->isr & ((2u << irq) - 1))
        return -1;
    if (irq == 2)                       /* the cascade: the slave's own resolver */
        return VPIC_ACK_GENERAL;
    m->irr &= (uint8_t)~(1u << irq);
    m->isr |= (uint8_t)(1u << irq);
    return m->vbase + (int)irq;
}

/* OCW2 20h to the master (the EOI nearly every handler ends with): what
 * vpic_write(p, 0x20, 0x20) does.  The level it ended, or -1.  Inline for
 * the default priorities (the highest level in service is the lowest ISR
 * bit); a rotated master goes to the general resolver. */
int vpic_master_eoi_general(struct vpic *p);
static inline int vpic_master_eoi(struct vpic *p)
{
    struct vpic_chip *m = &p->master;
    if (m->lowest_prio != 7)
        return vpic_master_eoi_general(p);
    if (!m->isr)
        return -1;
    int irq = __builtin_ctz(m->isr);
    m->isr &= (uint8_t)~(1u << irq);
    return irq;
}

/* Guest port writes/reads; port is 0x20, 0x21, 0xA0 or 0xA1. */
void vpic_write(struct vpic *p, uint16_t port, uint8_t val);
uint8_t vpic_read(struct vpic *p, uint16_t port);

/* Is IRQ line in service (for diagnostics and tests)? */
bool vpic_in_service(const struct vpic *p, int irq);

#endif
