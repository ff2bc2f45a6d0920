/* Unit tests for the profile format (vxd/profile_parse.c): what
 * Get_Profile_String / _Decimal_Int / _Boolean read. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <stdlib.h>
#include <cmocka.h>

#include "vxd/profile_parse.h"

static struct profile_entry e[16];

static int parse(const char *text)
{
    static char buf[1024];
    strcpy(buf, text);
    return profile_parse(buf, e, 16);
}

static void sections_keys_values(void **state)
{
    (void)state;
    int n = parse("top=1\r\n[386Enh]\r\n  Key One = value with blanks  \r\n"
                  "; comment=no\n[ MyVxD ]\nname=x\nempty=\nnot a setting\n");
    assert_int_equal(n, 4);
    assert_string_equal(profile_lookup(e, n, "", "top"), "1");
    assert_string_equal(profile_lookup(e, n, "386enh", "KEY ONE"), "value with blanks");
    assert_string_equal(profile_lookup(e, n, "myvxd", "Name"), "x");
    assert_string_equal(profile_lookup(e, n, "MyVxD", "empty"), "");
    assert_null(profile_lookup(e, n, "MyVxD", "comment"));
    assert_null(profile_lookup(e, n, "386Enh", "name"));
    assert_null(profile_lookup(e, n, "Other", "name"));
}

static void first_of_two_wins_and_max(void **state)
{
    (void)state;
    int n = parse("[s]\na=1\na=2\n");
    assert_string_equal(profile_lookup(e, n, "s", "a"), "1");
    char big[2048] = "";
    for (int i = 0; i < 40; i++)
        strcat(big, "k=v\n");
    static char buf[2048];
    strcpy(buf, big);
    assert_int_equal(profile_parse(buf, e, 16), 16);  /* never past max */
}

static void no_newline_at_end_and_unclosed_section(void **state)
{
    (void)state;
    int n = parse("[open\nk = v");
    assert_int_equal(n, 1);
    assert_string_equal(profile_lookup(e, n, "open", "k"), "v");
    assert_int_equal(parse(""), 0);
    assert_int_equal(parse("\n\n;x\n[]\n"), 0);
}

static void integers(void **state)
{
    (void)state;
    int32_t v = 7;
    assert_true(profile_int("-42", &v));
    assert_int_equal(v, -42);
    assert_true(profile_int("+15 ms", &v));
    assert_int_equal(v, 15);
    assert_true(profile_int("2147483647", &v));
    assert_int_equal(v, 2147483647);
    v = 7;
    assert_false(profile_int("many", &v));
    assert_false(profile_int("", &v));
    assert_false(profile_int("-", &v));
    assert_int_equal(v, 7);
}

static void booleans(void **state)
{
    (void)state;
    static const char *const t[] = { "1", "yes", "YES", "y", "true", "On" };
    static const char *const f[] = { "0", "no", "N", "false", "off", "OFF" };
    bool b;
    for (unsigned i = 0; i < 6; i++) {
        b = false;
        assert_true(profile_bool(t[i], &b));
        assert_true(b);
        b = true;
        assert_true(profile_bool(f[i], &b));
        assert_false(b);
    }
    assert_false(profile_bool("maybe", &b));
    assert_false(profile_bool("", &b));
    assert_false(profile_bool("yess", &b));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sections_keys_values),
        cmocka_unit_test(first_of_two_wins_and_max),
        cmocka_unit_test(no_newline_at_end_and_unclosed_section),
        cmocka_unit_test(integers),
        cmocka_unit_test(booleans),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
