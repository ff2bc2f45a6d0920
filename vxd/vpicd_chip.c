/* Virtual 8259A master/slave pair.
 *
 * Models what a real-mode guest can observe through ports 20h/21h/A0h/A1h:
 * the ICW1-4 initialisation sequence, OCW1 masks, OCW2 EOI/rotation
 * commands and OCW3 read select, poll and special mask mode.  Edge
 * triggered only; the slave's INT output is the master's IR2 input.
 */
#include <stddef.h>
#include "vxd/vpicd_chip.h"

#define MASTER_CMD      0x20
#define MASTER_DATA     0x21
#define SLAVE_CMD       0xA0
#define SLAVE_DATA      0xA1

#define CASCADE_IRQ     2

/* Defaults a PC BIOS leaves behind. */
#define BIOS_MASTER_BASE 0x08
#define BIOS_SLAVE_BASE  0x70
#define MASTER_ICW3     (1u << CASCADE_IRQ)     /* slave on IR2 */
#define SLAVE_ICW3      CASCADE_IRQ             /* slave ID */
#define DEFAULT_LOWEST  7

/* Command port writes are told apart by bits 4 and 3. */
#define ICW1_SEL        0x10
#define ICW1_IC4        0x01    /* ICW4 follows */
#define ICW1_SNGL       0x02    /* no ICW3: single chip */
#define OCW3_SEL        0x08
#define ICW2_BASE_MASK  0xF8
#define ICW4_AEOI       0x02

/* OCW2: R, SL, EOI in bits 7..5; level in bits 2..0. */
#define OCW2_CMD_MASK   0xE0
#define OCW2_LEVEL(v)   ((v) & 7)
#define OCW2_CLR_ROT_AEOI 0x00
#define OCW2_EOI        0x20    /* non-specific EOI */
#define OCW2_NOP        0x40
#define OCW2_SEOI       0x60    /* specific EOI */
#define OCW2_SET_ROT_AEOI 0x80
#define OCW2_ROT_EOI    0xA0    /* rotate on non-specific EOI */
#define OCW2_SET_PRIO   0xC0
#define OCW2_ROT_SEOI   0xE0    /* rotate on specific EOI */

/* OCW3 */
#define OCW3_ESMM       0x40    /* SMM bit is valid */
#define OCW3_SMM        0x20
#define OCW3_POLL       0x04
#define OCW3_RR         0x02    /* RIS bit is valid */
#define OCW3_RIS        0x01

#define POLL_INT        0x80    /* poll word: an interrupt was pending */

#define BIT(n)          ((uint8_t)(1u << (n)))

/* The IRQ with priority rank i (0 = highest) under the current rotation. */
static unsigned by_rank(const struct vpic_chip *c, unsigned i)
{
    return (c->lowest_prio + 1 + i) & 7;
}

/* Rotate an 8-bit set right by n: bit k becomes the bit of rank k when n is
 * the rank-0 level. */
static uint8_t rank_order(uint8_t bits, unsigned n)
{
    return (uint8_t)((bits >> n) | (bits << ((8 - n) & 7)));
}

/* Highest-priority in-service level, or -1 (every non-specific EOI: no
 * loop, as in chip_pending). */
static int highest_isr(const struct vpic_chip *c)
{
    if (!c->isr)
        return -1;
    unsigned first = by_rank(c, 0);
    return (int)((first + (unsigned)__builtin_ctz(rank_order(c->isr, first))) & 7);
}

/* Priority resolver: the level this chip would signal for requests irr,
 * or -1.  Fully nested: an in-service level blocks itself and everything
 * below it.  Special mask mode: it only blocks itself.  Runs for every
 * interrupt delivered, so without a loop: the requests and the in-service
 * levels in rank order, the first request, anything in service at or
 * above its rank. */
static int chip_pending(const struct vpic_chip *c, uint8_t irr)
{
    uint8_t req = irr & ~c->imr;
    if (!req)
        return -1;
    unsigned first = by_rank(c, 0);
    uint8_t isr = rank_order(c->isr, first);
    req = rank_order(req, first);
    if (c->special_mask) {
        req &= ~isr;
        isr = 0;
    }
    if (!req)
        return -1;
    unsigned rank = (unsigned)__builtin_ctz(req);
    if (isr & ((2u << rank) - 1))
        return -1;
    return (int)((first + rank) & 7);
}

/* INTA (or poll) for level irq: request becomes in service. */
static void chip_ack(struct vpic_chip *c, unsigned irq)
{
    c->irr &= ~BIT(irq);
    if (!c->auto_eoi)
        c->isr |= BIT(irq);
    else if (c->rotate_aeoi)
        c->lowest_prio = irq;
}

/* Master inputs: its own latched requests plus the slave's INT line. */
static uint8_t master_irr(const struct vpic *p)
{
    uint8_t irr = p->master.irr;

    if (chip_pending(&p->slave, p->slave.irr) >= 0)
        irr |= BIT(CASCADE_IRQ);
    return irr;
}

static void chip_reset(struct vpic_chip *c, uint8_t vbase, uint8_t icw3,
                       uint8_t imr)
{
    c->irr = 0;
    c->isr = 0;
    c->imr = imr;
    c->vbase = vbase;
    c->init_step = 0;
    c->icw4_needed = true;
    c->single = false;
    c->auto_eoi = false;
    c->read_isr = false;
    c->poll = false;
    c->special_mask = false;
    c->lowest_prio = DEFAULT_LOWEST;
    c->icw3 = icw3;
    c->rotate_aeoi = false;
}

void vpic_init(struct vpic *p, uint8_t master_imr, uint8_t slave_imr)
{
    chip_reset(&p->master, BIOS_MASTER_BASE, MASTER_ICW3, master_imr);
    chip_reset(&p->slave, BIOS_SLAVE_BASE, SLAVE_ICW3, slave_imr);
}

int vpic_pending(const struct vpic *p)
{
    int m = chip_pending(&p->master, master_irr(p));

    if (m != CASCADE_IRQ)
        return m;
    return 8 + chip_pending(&p->slave, p->slave.irr);
}

int vpic_ack(struct vpic *p)
{
    int vec = vpic_ack_common(p);
    if (vec != VPIC_ACK_GENERAL)
        return vec;
    int irq = vpic_pending(p);

    if (irq < 0)
        return -1;
    if (irq < 8) {
        chip_ack(&p->master, (unsigned)irq);
        return p->master.vbase + irq;
    }
    chip_ack(&p->master, CASCADE_IRQ);
    chip_ack(&p->slave, (unsigned)irq - 8);
    return p->slave.vbase + (irq - 8);
}

/* ICW1 starts initialisation: the chip forgets its masks, requests,
 * in-service state and rotation, and ICW4 functions default to zero. */
static void icw1(struct vpic_chip *c, uint8_t val)
{
    c->irr = 0;
    c->isr = 0;
    c->imr = 0;
    c->icw4_needed = val & ICW1_IC4;
    c->single = val & ICW1_SNGL;
    c->auto_eoi = false;
    c->rotate_aeoi = false;
    c->read_isr = false;
    c->poll = false;
    c->special_mask = false;
    c->lowest_prio = DEFAULT_LOWEST;
    c->init_step = 2;
}

/* ICW2..4 on the data port; which come depends on ICW1. */
static void icw_next(struct vpic_chip *c, uint8_t val)
{
    switch (c->init_step) {
    case 2:
        c->vbase = val & ICW2_BASE_MASK;
        if (!c->single)
            c->init_step = 3;
        else
            c->init_step = c->icw4_needed ? 4 : 0;
        break;
    case 3:
        c->icw3 = val;
        c->init_step = c->icw4_needed ? 4 : 0;
        break;
    default:
        c->auto_eoi = val & ICW4_AEOI;
        c->init_step = 0;
        break;
    }
}

/* Non-specific EOI: the highest level in service ends; which, or -1. */
static int eoi_highest(struct vpic_chip *c)
{
    int irq = highest_isr(c);
    if (irq >= 0)
        c->isr &= ~BIT(irq);
    return irq;
}

static void ocw2(struct vpic_chip *c, uint8_t val)
{
    unsigned level = OCW2_LEVEL(val);
    int irq;

    switch (val & OCW2_CMD_MASK) {
    case OCW2_EOI:
        eoi_highest(c);
        break;
    case OCW2_SEOI:
        c->isr &= ~BIT(level);
        break;
    case OCW2_ROT_EOI:
        irq = highest_isr(c);
        if (irq >= 0) {
            c->isr &= ~BIT(irq);
            c->lowest_prio = (uint8_t)irq;
        }
        break;
    case OCW2_ROT_SEOI:
        c->isr &= ~BIT(level);
        c->lowest_prio = level;
        break;
    case OCW2_SET_PRIO:
        c->lowest_prio = level;
        break;
    case OCW2_SET_ROT_AEOI:
        c->rotate_aeoi = true;
        break;
    case OCW2_CLR_ROT_AEOI:
        c->rotate_aeoi = false;
        break;
    case OCW2_NOP:
        break;
    }
}

int vpic_master_eoi_general(struct vpic *p)
{
    return eoi_highest(&p->master);
}

static void ocw3(struct vpic_chip *c, uint8_t val)
{
    if (val & OCW3_ESMM)
        c->special_mask = val & OCW3_SMM;
    if (val & OCW3_POLL)
        c->poll = true;
    if (val & OCW3_RR)
        c->read_isr = val & OCW3_RIS;
}

static struct vpic_chip *chip_of(struct vpic *p, uint16_t port)
{
    switch (port) {
    case MASTER_CMD: case MASTER_DATA: return &p->master;
    case SLAVE_CMD:  case SLAVE_DATA:  return &p->slave;
    default:         return NULL;
    }
}

void vpic_write(struct vpic *p, uint16_t port, uint8_t val)
{
    struct vpic_chip *c = chip_of(p, port);

    if (!c)
        return;
    if (port & 1) {
        if (c->init_step)
            icw_next(c, val);
        else
            c->imr = val;       /* OCW1 */
    } else if (val & ICW1_SEL) {
        icw1(c, val);
    } else if (val & OCW3_SEL) {
        ocw3(c, val);
    } else {
        ocw2(c, val);
    }
}

/* A poll read acts as an INTA on that chip alone: the guest polls the
 * slave itself after the master answers with level 2. */
static uint8_t poll_read(struct vpic *p, struct vpic_chip *c)
{
    uint8_t irr = c == &p->master ? master_irr(p) : c->irr;
    int irq = chip_pending(c, irr);

    c->poll = false;
    if (irq < 0)
        return 0;
    chip_ack(c, (unsigned)irq);
    return POLL_INT | (uint8_t)irq;
}

uint8_t vpic_read(struct vpic *p, uint16_t port)
{
    struct vpic_chip *c = chip_of(p, port);

    if (!c)
        return 0xFF;
    if (port & 1)
        return c->imr;
    if (c->poll)
        return poll_read(p, c);
    if (c->read_isr)
        return c->isr;
    return c == &p->master ? master_irr(p) : c->irr;
}

bool vpic_in_service(const struct vpic *p, int irq)
{
    if (irq < 0 || irq > 15)
        return false;
    if (irq < 8)
        return p->master.isr & BIT(irq);
    return p->slave.isr & BIT(irq - 8);
}
