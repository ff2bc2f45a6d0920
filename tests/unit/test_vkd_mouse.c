/* Unit tests for the virtual PS/2 mouse's protocol (vxd/vkd_mouse.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "vxd/vkd_mouse.h"

static struct vmouse m;
static uint8_t out[VMOUSE_MAX_ANSWER];

static int fresh(void **state)
{
    (void)state;
    vmouse_reset(&m);
    return 0;
}

/* Write b and check the whole answer. */
static void expect(uint8_t b, int n, ...)
{
    va_list ap;
    va_start(ap, n);
    assert_int_equal(vmouse_write(&m, b, out), n);
    for (int i = 0; i < n; i++)
        assert_int_equal(out[i], (uint8_t)va_arg(ap, int));
    va_end(ap);
}

static void test_power_on_state(void **state)
{
    (void)state;
    assert_false(vmouse_streams(&m));   /* not reporting until F4h */
    expect(0xE9, 4, 0xFA, 0x00, 2, 100);
}

static void test_reset_answers_bat_and_id(void **state)
{
    (void)state;
    expect(0xF4, 1, 0xFA);
    assert_true(vmouse_streams(&m));
    expect(0xFF, 3, 0xFA, 0xAA, 0x00);
    assert_false(vmouse_streams(&m));
}

static void test_rate_and_resolution_take_an_argument(void **state)
{
    (void)state;
    expect(0xF3, 1, 0xFA);
    expect(40, 1, 0xFA);                /* the argument, not a command */
    expect(0xE8, 1, 0xFA);
    expect(3, 1, 0xFA);
    expect(0xE7, 1, 0xFA);              /* 2:1 */
    expect(0xF0, 1, 0xFA);              /* remote */
    expect(0xE9, 4, 0xFA, 0x50, 3, 40); /* remote | scaling, resolution, rate */
    expect(0xF6, 1, 0xFA);              /* defaults */
    expect(0xE9, 4, 0xFA, 0x00, 2, 100);
}

static void test_remote_mode_does_not_stream(void **state)
{
    (void)state;
    expect(0xF4, 1, 0xFA);
    expect(0xF0, 1, 0xFA);
    assert_false(vmouse_streams(&m));
    expect(0xEA, 1, 0xFA);
    assert_true(vmouse_streams(&m));
    expect(0xF5, 1, 0xFA);
    assert_false(vmouse_streams(&m));
}

static void test_status_and_read_data_show_the_buttons(void **state)
{
    (void)state;
    expect(0xF4, 1, 0xFA);
    vmouse_packet(&m, 0x08 | 0x01 | 0x04);          /* left and middle down */
    expect(0xE9, 4, 0xFA, 0x20 | 0x04 | 0x02, 2, 100);
    expect(0xEB, 4, 0xFA, 0x08 | 0x05, 0, 0);
    expect(0xF2, 2, 0xFA, 0x00);        /* a standard mouse */
}

static void test_wrap_mode_echoes(void **state)
{
    (void)state;
    expect(0xEE, 1, 0xFA);
    expect(0x12, 1, 0x12);
    expect(0xF4, 1, 0xF4);              /* echoed, not obeyed */
    assert_false(vmouse_streams(&m));
    expect(0xEC, 1, 0xFA);
    expect(0xF4, 1, 0xFA);
    assert_true(vmouse_streams(&m));
}

static void test_unknown_command_is_resend(void **state)
{
    (void)state;
    expect(0x00, 1, 0xFE);
    expect(0xE1, 1, 0xFE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_power_on_state, fresh),
        cmocka_unit_test_setup(test_reset_answers_bat_and_id, fresh),
        cmocka_unit_test_setup(test_rate_and_resolution_take_an_argument, fresh),
        cmocka_unit_test_setup(test_remote_mode_does_not_stream, fresh),
        cmocka_unit_test_setup(test_status_and_read_data_show_the_buttons, fresh),
        cmocka_unit_test_setup(test_wrap_mode_echoes, fresh),
        cmocka_unit_test_setup(test_unknown_command_is_resend, fresh),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
