/* Unit tests for the virtual 8259A pair (vxd/vpicd_chip.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "vxd/vpicd_chip.h"

#define M_CMD   0x20
#define M_DATA  0x21
#define S_CMD   0xA0
#define S_DATA  0xA1
#define EOI     0x20
#define SEOI(n) (0x60 | (n))
#define READ_IRR 0x0A
#define READ_ISR 0x0B
#define POLL    0x0C

static struct vpic pic;

static int fresh(void **state)
{
    (void)state;
    vpic_init(&pic, 0x00, 0x00);
    return 0;
}

/* Acknowledge and check the vector in one go. */
static void ack_expect(int vector)
{
    assert_int_equal(vpic_ack(&pic), vector);
}

static void eoi_master(void) { vpic_write(&pic, M_CMD, EOI); }
static void eoi_slave(void)  { vpic_write(&pic, S_CMD, EOI); }

static void test_init_defaults(void **state)
{
    const struct vpic_chip *m = &pic.master, *s = &pic.slave;

    (void)state;
    vpic_init(&pic, 0xB8, 0x8F);
    assert_int_equal(m->vbase, 0x08);
    assert_int_equal(s->vbase, 0x70);
    assert_int_equal(m->icw3, 0x04);
    assert_int_equal(s->icw3, 0x02);
    assert_int_equal(m->lowest_prio, 7);
    assert_int_equal(s->lowest_prio, 7);
    assert_int_equal(m->init_step, 0);
    assert_int_equal(s->init_step, 0);
    assert_false(m->single);
    assert_false(m->auto_eoi);
    assert_false(m->read_isr);
    assert_false(m->special_mask);
    assert_false(m->poll);
    assert_int_equal(m->irr | m->isr | s->irr | s->isr, 0);
    assert_int_equal(m->imr, 0xB8);
    assert_int_equal(s->imr, 0x8F);
    assert_int_equal(vpic_read(&pic, M_DATA), 0xB8);
    assert_int_equal(vpic_read(&pic, S_DATA), 0x8F);
    assert_int_equal(vpic_read(&pic, M_CMD), 0);
    assert_int_equal(vpic_pending(&pic), -1);
    assert_int_equal(vpic_ack(&pic), -1);
}

static void test_raise_ack_eoi(void **state)
{
    (void)state;
    vpic_raise(&pic, 0);
    assert_int_equal(vpic_pending(&pic), 0);
    assert_int_equal(vpic_read(&pic, M_CMD), 0x01);       /* IRR */
    ack_expect(0x08);
    assert_true(vpic_in_service(&pic, 0));
    assert_int_equal(pic.master.irr, 0);
    assert_int_equal(vpic_pending(&pic), -1);

    /* a new edge on the same line waits for the EOI */
    vpic_raise(&pic, 0);
    assert_int_equal(vpic_pending(&pic), -1);
    eoi_master();
    assert_false(vpic_in_service(&pic, 0));
    assert_int_equal(vpic_pending(&pic), 0);
    ack_expect(0x08);
    eoi_master();
    assert_int_equal(vpic_pending(&pic), -1);
    assert_int_equal(pic.master.isr, 0);
}

static void test_edges_coalesce(void **state)
{
    (void)state;
    vpic_raise(&pic, 1);
    vpic_raise(&pic, 1);
    ack_expect(0x09);
    eoi_master();
    assert_int_equal(vpic_pending(&pic), -1);
}

static void test_masking(void **state)
{
    (void)state;
    vpic_write(&pic, M_DATA, 0x02);
    assert_int_equal(vpic_read(&pic, M_DATA), 0x02);
    vpic_raise(&pic, 1);
    assert_int_equal(vpic_pending(&pic), -1);
    assert_int_equal(vpic_ack(&pic), -1);
    /* still latched in IRR while masked */
    assert_int_equal(vpic_read(&pic, M_CMD) & 0x02, 0x02);
    /* a masked higher-priority request does not hide a lower one */
    vpic_raise(&pic, 5);
    assert_int_equal(vpic_pending(&pic), 5);
    ack_expect(0x0D);
    eoi_master();
    vpic_write(&pic, M_DATA, 0x00);
    assert_int_equal(vpic_pending(&pic), 1);
    ack_expect(0x09);
}

static void test_priority_order(void **state)
{
    (void)state;
    vpic_raise(&pic, 7);
    vpic_raise(&pic, 5);
    vpic_raise(&pic, 3);
    ack_expect(0x0B);
    /* lower levels wait while 3 is in service */
    assert_int_equal(vpic_pending(&pic), -1);
    eoi_master();
    ack_expect(0x0D);
    eoi_master();
    ack_expect(0x0F);
    eoi_master();
    assert_int_equal(vpic_ack(&pic), -1);
}

static void test_nesting(void **state)
{
    (void)state;
    vpic_raise(&pic, 4);
    ack_expect(0x0C);
    /* lower or equal priority is held off */
    vpic_raise(&pic, 6);
    vpic_raise(&pic, 4);
    assert_int_equal(vpic_pending(&pic), -1);
    /* higher priority interrupts the handler */
    vpic_raise(&pic, 1);
    assert_int_equal(vpic_pending(&pic), 1);
    ack_expect(0x09);
    assert_true(vpic_in_service(&pic, 1));
    assert_true(vpic_in_service(&pic, 4));
    /* non-specific EOI ends the highest level in service first */
    eoi_master();
    assert_false(vpic_in_service(&pic, 1));
    assert_true(vpic_in_service(&pic, 4));
    assert_int_equal(vpic_pending(&pic), -1);
    eoi_master();
    assert_false(vpic_in_service(&pic, 4));
    ack_expect(0x0C);
    eoi_master();
    ack_expect(0x0E);
}

static void test_cascade(void **state)
{
    (void)state;
    vpic_raise(&pic, 12);
    assert_int_equal(vpic_pending(&pic), 12);
    /* the slave's INT shows up as master IRR bit 2 */
    assert_int_equal(vpic_read(&pic, M_CMD), 0x04);
    assert_int_equal(vpic_read(&pic, S_CMD), 0x10);
    ack_expect(0x74);
    assert_true(vpic_in_service(&pic, 12));
    assert_true(vpic_in_service(&pic, 2));
    assert_int_equal(pic.master.isr, 0x04);
    assert_int_equal(pic.slave.isr, 0x10);
    assert_int_equal(pic.slave.irr, 0);

    /* after only the slave EOI, master IR2 still blocks other slave IRQs */
    vpic_raise(&pic, 13);
    eoi_slave();
    assert_false(vpic_in_service(&pic, 12));
    assert_true(vpic_in_service(&pic, 2));
    assert_int_equal(vpic_pending(&pic), -1);
    eoi_master();
    assert_false(vpic_in_service(&pic, 2));
    assert_int_equal(vpic_pending(&pic), 13);
    ack_expect(0x75);
    eoi_slave();
    eoi_master();
    assert_int_equal(pic.master.isr | pic.slave.isr, 0);
}

static void test_cascade_all_slave_lines(void **state)
{
    int irq;

    (void)state;
    for (irq = 8; irq < 16; irq++) {
        vpic_raise(&pic, irq);
        assert_int_equal(vpic_pending(&pic), irq);
        ack_expect(0x70 + irq - 8);
        eoi_slave();
        eoi_master();
    }
    assert_int_equal(vpic_pending(&pic), -1);
}

static void test_cascade_priority(void **state)
{
    (void)state;
    /* slave requests rank at master level 2: below 0/1, above 3..7 */
    vpic_raise(&pic, 3);
    vpic_raise(&pic, 15);
    assert_int_equal(vpic_pending(&pic), 15);
    vpic_raise(&pic, 1);
    assert_int_equal(vpic_pending(&pic), 1);
    ack_expect(0x09);
    eoi_master();
    ack_expect(0x77);
    /* IRQ 3 is below the slave level in service on the master */
    assert_int_equal(vpic_pending(&pic), -1);
    eoi_slave();
    eoi_master();
    ack_expect(0x0B);
}

static void test_slave_priority_and_mask(void **state)
{
    (void)state;
    vpic_raise(&pic, 14);
    vpic_raise(&pic, 9);
    assert_int_equal(vpic_pending(&pic), 9);
    /* master IMR bit 2 masks the whole slave */
    vpic_write(&pic, M_DATA, 0x04);
    assert_int_equal(vpic_pending(&pic), -1);
    assert_int_equal(vpic_read(&pic, M_CMD) & 0x04, 0x04);
    vpic_write(&pic, M_DATA, 0x00);
    vpic_write(&pic, S_DATA, 0x02);
    assert_int_equal(vpic_pending(&pic), 14);
    /* nothing unmasked on the slave: master IR2 goes quiet */
    vpic_write(&pic, S_DATA, 0xFF);
    assert_int_equal(vpic_pending(&pic), -1);
    assert_int_equal(vpic_read(&pic, M_CMD), 0x00);
}

static void test_irq2_is_irq9(void **state)
{
    (void)state;
    vpic_raise(&pic, 2);
    assert_int_equal(vpic_pending(&pic), 9);
    assert_int_equal(pic.slave.irr, 0x02);
    ack_expect(0x71);
}

static void test_out_of_range(void **state)
{
    (void)state;
    vpic_raise(&pic, -1);
    vpic_raise(&pic, 16);
    assert_int_equal(pic.master.irr | pic.slave.irr, 0);
    assert_false(vpic_in_service(&pic, -1));
    assert_false(vpic_in_service(&pic, 16));
    vpic_write(&pic, 0x22, 0xFF);
    assert_int_equal(pic.master.imr | pic.slave.imr, 0);
    assert_int_equal(vpic_read(&pic, 0x22), 0xFF);
}

static void test_specific_eoi(void **state)
{
    (void)state;
    vpic_raise(&pic, 4);
    ack_expect(0x0C);
    vpic_raise(&pic, 1);
    ack_expect(0x09);
    vpic_write(&pic, M_CMD, SEOI(4));       /* out of order on purpose */
    assert_false(vpic_in_service(&pic, 4));
    assert_true(vpic_in_service(&pic, 1));
    vpic_write(&pic, M_CMD, SEOI(1));
    assert_false(vpic_in_service(&pic, 1));
    /* specific EOI on the slave */
    vpic_raise(&pic, 10);
    ack_expect(0x72);
    vpic_write(&pic, S_CMD, SEOI(3));       /* wrong level: no effect */
    assert_true(vpic_in_service(&pic, 10));
    vpic_write(&pic, S_CMD, SEOI(2));
    assert_false(vpic_in_service(&pic, 10));
    vpic_write(&pic, M_CMD, SEOI(2));
    assert_false(vpic_in_service(&pic, 2));
}

static void write_init(uint16_t cmd, uint8_t icw1, uint8_t icw2,
                       uint8_t icw3, uint8_t icw4)
{
    vpic_write(&pic, cmd, icw1);
    vpic_write(&pic, cmd + 1, icw2);
    vpic_write(&pic, cmd + 1, icw3);
    vpic_write(&pic, cmd + 1, icw4);
}

static void test_aeoi(void **state)
{
    (void)state;
    write_init(M_CMD, 0x11, 0x08, 0x04, 0x03);     /* ICW4: AEOI, 8086 */
    assert_true(pic.master.auto_eoi);
    vpic_raise(&pic, 3);
    ack_expect(0x0B);
    assert_false(vpic_in_service(&pic, 3));
    vpic_raise(&pic, 5);
    assert_int_equal(vpic_pending(&pic), 5);       /* nothing blocks it */
    ack_expect(0x0D);
    /* AEOI master with a normal slave: only the slave needs an EOI */
    vpic_raise(&pic, 8);
    ack_expect(0x70);
    assert_false(vpic_in_service(&pic, 2));
    assert_true(vpic_in_service(&pic, 8));
    vpic_raise(&pic, 9);
    assert_int_equal(vpic_pending(&pic), -1);
    eoi_slave();
    assert_int_equal(vpic_pending(&pic), 9);
}

static void test_ocw3_read_select(void **state)
{
    (void)state;
    vpic_raise(&pic, 4);
    ack_expect(0x0C);
    vpic_raise(&pic, 6);
    assert_int_equal(vpic_read(&pic, M_CMD), 0x40);    /* IRR by default */
    vpic_write(&pic, M_CMD, READ_ISR);
    assert_int_equal(vpic_read(&pic, M_CMD), 0x10);
    assert_int_equal(vpic_read(&pic, M_CMD), 0x10);    /* selection sticks */
    vpic_write(&pic, M_CMD, 0x08);                     /* RR=0: unchanged */
    assert_int_equal(vpic_read(&pic, M_CMD), 0x10);
    vpic_write(&pic, M_CMD, READ_IRR);
    assert_int_equal(vpic_read(&pic, M_CMD), 0x40);
    /* each chip has its own selection */
    vpic_write(&pic, S_CMD, READ_ISR);
    vpic_raise(&pic, 11);
    assert_int_equal(vpic_read(&pic, S_CMD), 0x00);
    assert_int_equal(vpic_read(&pic, M_CMD), 0x44);    /* slave INT on IR2 */
    assert_int_equal(vpic_pending(&pic), 11);          /* IR2 outranks 4 */
    /* data port always reads IMR */
    vpic_write(&pic, M_DATA, 0x5A);
    assert_int_equal(vpic_read(&pic, M_DATA), 0x5A);
}

static void test_poll(void **state)
{
    (void)state;
    /* nothing pending: no interrupt bit */
    vpic_write(&pic, M_CMD, POLL);
    assert_int_equal(vpic_read(&pic, M_CMD), 0x00);

    vpic_raise(&pic, 6);
    vpic_raise(&pic, 3);
    vpic_write(&pic, M_CMD, POLL);
    assert_int_equal(vpic_read(&pic, M_CMD), 0x83);
    assert_true(vpic_in_service(&pic, 3));
    /* the poll is one-shot: next read is IRR again */
    assert_int_equal(vpic_read(&pic, M_CMD), 0x40);
    eoi_master();
    vpic_write(&pic, M_CMD, POLL);
    assert_int_equal(vpic_read(&pic, M_CMD), 0x86);
    assert_int_equal(pic.master.irr, 0);

    /* polling the slave after the master reports level 2 */
    eoi_master();
    vpic_raise(&pic, 13);
    vpic_write(&pic, M_CMD, POLL);
    assert_int_equal(vpic_read(&pic, M_CMD), 0x82);
    vpic_write(&pic, S_CMD, POLL);
    assert_int_equal(vpic_read(&pic, S_CMD), 0x85);
    assert_true(vpic_in_service(&pic, 13));
    assert_true(vpic_in_service(&pic, 2));
}

static void test_reinit_remap(void **state)
{
    (void)state;
    /* leftovers that ICW1 must wipe */
    vpic_write(&pic, M_DATA, 0xD8);
    vpic_write(&pic, S_DATA, 0xFF);
    vpic_raise(&pic, 5);
    ack_expect(0x0D);
    vpic_raise(&pic, 6);
    vpic_write(&pic, M_CMD, READ_ISR);

    /* the usual protected-mode style remap to 20h/28h */
    vpic_write(&pic, M_CMD, 0x11);
    assert_int_equal(pic.master.init_step, 2);
    assert_int_equal(pic.master.imr | pic.master.isr | pic.master.irr, 0);
    assert_false(pic.master.read_isr);
    vpic_write(&pic, M_DATA, 0x20);
    assert_int_equal(pic.master.init_step, 3);
    vpic_write(&pic, M_DATA, 0x04);
    assert_int_equal(pic.master.init_step, 4);
    vpic_write(&pic, M_DATA, 0x01);
    assert_int_equal(pic.master.init_step, 0);
    write_init(S_CMD, 0x11, 0x28, 0x02, 0x01);

    assert_int_equal(pic.master.vbase, 0x20);
    assert_int_equal(pic.slave.vbase, 0x28);
    assert_int_equal(pic.master.icw3, 0x04);
    assert_int_equal(pic.slave.icw3, 0x02);
    assert_false(pic.master.auto_eoi);
    /* ICWs did not leak into the masks: both cleared by ICW1 */
    assert_int_equal(vpic_read(&pic, M_DATA), 0x00);
    assert_int_equal(vpic_read(&pic, S_DATA), 0x00);
    /* the next data write is OCW1 again */
    vpic_write(&pic, M_DATA, 0x80);
    assert_int_equal(vpic_read(&pic, M_DATA), 0x80);

    vpic_raise(&pic, 0);
    ack_expect(0x20);
    eoi_master();
    vpic_raise(&pic, 15);
    ack_expect(0x2F);
}

static void test_icw_short_sequences(void **state)
{
    (void)state;
    /* single, no ICW4: only ICW2 follows */
    vpic_write(&pic, M_CMD, 0x12);
    vpic_write(&pic, M_DATA, 0x50);
    assert_int_equal(pic.master.init_step, 0);
    assert_true(pic.master.single);
    vpic_write(&pic, M_DATA, 0x33);
    assert_int_equal(pic.master.imr, 0x33);
    assert_int_equal(pic.master.vbase, 0x50);

    /* cascaded, no ICW4: ICW2, ICW3 */
    vpic_write(&pic, M_CMD, 0x10);
    vpic_write(&pic, M_DATA, 0x67);            /* low bits dropped */
    vpic_write(&pic, M_DATA, 0x04);
    assert_int_equal(pic.master.init_step, 0);
    assert_int_equal(pic.master.vbase, 0x60);
    vpic_write(&pic, M_DATA, 0x01);
    assert_int_equal(pic.master.imr, 0x01);

    /* single with ICW4: ICW2, ICW4 (AEOI) */
    vpic_write(&pic, M_CMD, 0x13);
    vpic_write(&pic, M_DATA, 0x08);
    assert_int_equal(pic.master.init_step, 4);
    vpic_write(&pic, M_DATA, 0x03);
    assert_int_equal(pic.master.init_step, 0);
    assert_true(pic.master.auto_eoi);

    /* a later ICW1 without IC4 turns AEOI back off */
    vpic_write(&pic, M_CMD, 0x12);
    vpic_write(&pic, M_DATA, 0x08);
    assert_false(pic.master.auto_eoi);
}

static void test_rotate_nonspecific(void **state)
{
    (void)state;
    vpic_raise(&pic, 3);
    ack_expect(0x0B);
    vpic_write(&pic, M_CMD, 0xA0);              /* rotate on EOI */
    assert_false(vpic_in_service(&pic, 3));
    assert_int_equal(pic.master.lowest_prio, 3);
    /* now 4 is highest, 3 lowest */
    vpic_raise(&pic, 3);
    vpic_raise(&pic, 0);
    vpic_raise(&pic, 6);
    ack_expect(0x0E);
    vpic_write(&pic, M_CMD, 0xA0);
    assert_int_equal(pic.master.lowest_prio, 6);
    ack_expect(0x08);                           /* 7 absent, then 0 */
    /* with 0 in service, 3 (lower now) waits */
    assert_int_equal(vpic_pending(&pic), -1);
    vpic_write(&pic, M_CMD, 0xA0);
    assert_int_equal(pic.master.lowest_prio, 0);
    ack_expect(0x0B);
    vpic_write(&pic, M_CMD, 0xA0);
    assert_int_equal(pic.master.lowest_prio, 3);
    /* rotate-EOI with nothing in service changes nothing */
    vpic_write(&pic, M_CMD, 0xC5);
    vpic_write(&pic, M_CMD, 0xA0);
    assert_int_equal(pic.master.lowest_prio, 5);
}

/* A non-specific EOI ends the highest-ranked level in service under the
 * current rotation, whatever its number (every rotation, both orders). */
static void test_nonspecific_eoi_rank(void **state)
{
    (void)state;
    for (unsigned lowest = 0; lowest < 8; lowest++) {
        for (unsigned a = 0; a < 8; a++) {
            for (unsigned b = 0; b < 8; b++) {
                if (a == b)
                    continue;
                vpic_init(&pic, 0, 0);
                pic.master.lowest_prio = (uint8_t)lowest;
                pic.master.isr = (uint8_t)((1u << a) | (1u << b));
                unsigned rank_a = (a - lowest - 1) & 7, rank_b = (b - lowest - 1) & 7;
                unsigned first = rank_a < rank_b ? a : b, second = first == a ? b : a;
                eoi_master();
                assert_int_equal(pic.master.isr, 1u << second);
                eoi_master();
                assert_int_equal(pic.master.isr, 0);
                eoi_master();                   /* nothing in service: nothing changes */
                assert_int_equal(pic.master.isr, 0);
            }
        }
    }
}

static void test_rotate_specific(void **state)
{
    (void)state;
    vpic_raise(&pic, 13);
    ack_expect(0x75);
    vpic_write(&pic, S_CMD, 0xE5);              /* rotate on specific EOI 5 */
    eoi_master();
    assert_false(vpic_in_service(&pic, 13));
    assert_int_equal(pic.slave.lowest_prio, 5);
    vpic_raise(&pic, 8);
    vpic_raise(&pic, 14);
    ack_expect(0x76);                           /* 14 outranks 8 now */
    assert_int_equal(vpic_pending(&pic), -1);   /* 8 is below 14 */
}

static void test_set_priority(void **state)
{
    (void)state;
    vpic_write(&pic, M_CMD, 0xC4);              /* IRQ 4 lowest, 5 highest */
    assert_int_equal(pic.master.lowest_prio, 4);
    vpic_raise(&pic, 0);
    vpic_raise(&pic, 4);
    vpic_raise(&pic, 7);
    ack_expect(0x0F);
    eoi_master();                               /* non-specific: highest ISR */
    ack_expect(0x08);
    /* 0 in service blocks 4 (lower) but not 5 (higher) */
    vpic_raise(&pic, 5);
    assert_int_equal(vpic_pending(&pic), 5);
    ack_expect(0x0D);
    /* non-specific EOI must clear 5, the highest in rotated order */
    eoi_master();
    assert_false(vpic_in_service(&pic, 5));
    assert_true(vpic_in_service(&pic, 0));
    eoi_master();
    ack_expect(0x0C);
    /* OCW2 NOP changes nothing */
    vpic_write(&pic, M_CMD, 0x40);
    assert_true(vpic_in_service(&pic, 4));
    assert_int_equal(pic.master.lowest_prio, 4);
}

static void test_rotate_in_aeoi(void **state)
{
    (void)state;
    write_init(M_CMD, 0x11, 0x08, 0x04, 0x03);
    vpic_write(&pic, M_CMD, 0x80);              /* set rotate in AEOI */
    vpic_raise(&pic, 1);
    ack_expect(0x09);
    assert_int_equal(pic.master.lowest_prio, 1);
    vpic_raise(&pic, 1);
    vpic_raise(&pic, 6);
    ack_expect(0x0E);                           /* 1 now ranks last */
    ack_expect(0x09);
    vpic_write(&pic, M_CMD, 0x00);              /* clear rotate in AEOI */
    vpic_raise(&pic, 3);
    ack_expect(0x0B);
    assert_int_equal(pic.master.lowest_prio, 1);
}

static void test_special_mask_mode(void **state)
{
    (void)state;
    vpic_raise(&pic, 1);
    ack_expect(0x09);
    vpic_raise(&pic, 4);
    assert_int_equal(vpic_pending(&pic), -1);
    /* the handler masks itself and enables lower levels with SMM */
    vpic_write(&pic, M_DATA, 0x02);
    vpic_write(&pic, M_CMD, 0x68);              /* ESMM|SMM|OCW3 */
    assert_true(pic.master.special_mask);
    assert_int_equal(vpic_pending(&pic), 4);
    ack_expect(0x0C);
    /* same level stays blocked even when unmasked */
    vpic_write(&pic, M_DATA, 0x00);
    vpic_raise(&pic, 4);
    assert_int_equal(vpic_pending(&pic), -1);
    vpic_raise(&pic, 6);
    assert_int_equal(vpic_pending(&pic), 6);
    /* OCW3 without ESMM (a read select here) leaves the mode alone */
    vpic_write(&pic, M_CMD, READ_IRR);
    assert_true(pic.master.special_mask);
    assert_int_equal(vpic_pending(&pic), 6);
    vpic_write(&pic, M_CMD, 0x48);              /* reset SMM */
    assert_false(pic.master.special_mask);
    assert_int_equal(vpic_pending(&pic), -1);
    vpic_write(&pic, M_CMD, SEOI(1));
    vpic_write(&pic, M_CMD, SEOI(4));
    assert_int_equal(vpic_pending(&pic), 4);
}

/* vpic_ack answers the common case (the slave's requests all masked, default
 * priorities, no special mask) without the general resolver: for every
 * master state it must still acknowledge what vpic_pending names, and
 * leave the same IRR and ISR the general path would. */
static void test_ack_fast_case_matches_resolver(void **state)
{
    (void)state;
    for (unsigned irr = 0; irr < 256; irr++) {
        for (unsigned isr = 0; isr < 256; isr += 3) {
            for (unsigned imr = 0; imr < 256; imr += 37) {
                vpic_init(&pic, (uint8_t)imr, 0xFF);
                pic.slave.irr = (uint8_t)(irr * 7);     /* masked: no cascade request */
                pic.master.irr = (uint8_t)(irr & ~4u);   /* IR2 only ever comes from the slave */
                pic.master.isr = (uint8_t)isr;
                int want = vpic_pending(&pic);
                uint8_t irr_after = pic.master.irr, isr_after = pic.master.isr;
                if (want >= 0) {
                    irr_after &= (uint8_t)~(1u << want);
                    isr_after |= (uint8_t)(1u << want);
                }
                assert_int_equal(vpic_ack(&pic), want < 0 ? -1 : 0x08 + want);
                assert_int_equal(pic.master.irr, irr_after);
                assert_int_equal(pic.master.isr, isr_after);
                assert_int_equal(pic.slave.irr, (uint8_t)(irr * 7));
            }
        }
    }
}

/* vpic_master_eoi is OCW2 20h to the master, for every ISR and rotation. */
static void test_master_eoi_is_ocw2_eoi(void **state)
{
    struct vpic ref;
    (void)state;
    for (unsigned isr = 0; isr < 256; isr++) {
        for (unsigned low = 0; low < 8; low++) {
            vpic_init(&pic, 0x00, 0x00);
            pic.master.isr = (uint8_t)isr;
            pic.master.lowest_prio = (uint8_t)low;
            ref = pic;
            vpic_write(&ref, M_CMD, EOI);
            int ended = vpic_master_eoi(&pic);
            assert_memory_equal(&pic, &ref, sizeof pic);
            assert_int_equal(ended, isr ? (int)((low + 1 + __builtin_ctz((isr >> ((low + 1) & 7)) |
                                                                 (isr << ((8 - ((low + 1) & 7)) & 7)))) & 7)
                                        : -1);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_defaults),
        cmocka_unit_test_setup(test_raise_ack_eoi, fresh),
        cmocka_unit_test_setup(test_edges_coalesce, fresh),
        cmocka_unit_test_setup(test_masking, fresh),
        cmocka_unit_test_setup(test_priority_order, fresh),
        cmocka_unit_test_setup(test_nesting, fresh),
        cmocka_unit_test_setup(test_cascade, fresh),
        cmocka_unit_test_setup(test_cascade_all_slave_lines, fresh),
        cmocka_unit_test_setup(test_cascade_priority, fresh),
        cmocka_unit_test_setup(test_slave_priority_and_mask, fresh),
        cmocka_unit_test_setup(test_irq2_is_irq9, fresh),
        cmocka_unit_test_setup(test_out_of_range, fresh),
        cmocka_unit_test_setup(test_specific_eoi, fresh),
        cmocka_unit_test_setup(test_aeoi, fresh),
        cmocka_unit_test_setup(test_ocw3_read_select, fresh),
        cmocka_unit_test_setup(test_poll, fresh),
        cmocka_unit_test_setup(test_reinit_remap, fresh),
        cmocka_unit_test_setup(test_icw_short_sequences, fresh),
        cmocka_unit_test_setup(test_rotate_nonspecific, fresh),
        cmocka_unit_test_setup(test_rotate_specific, fresh),
        cmocka_unit_test_setup(test_nonspecific_eoi_rank, fresh),
        cmocka_unit_test_setup(test_set_priority, fresh),
        cmocka_unit_test_setup(test_rotate_in_aeoi, fresh),
        cmocka_unit_test_setup(test_special_mask_mode, fresh),
        cmocka_unit_test(test_ack_fast_case_matches_resolver),
        cmocka_unit_test(test_master_eoi_is_ocw2_eoi),
    };

    return cmocka_run_group_tests_name("vpic", tests, NULL, NULL);
}
