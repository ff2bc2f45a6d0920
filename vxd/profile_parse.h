/* The profile's text format, `[Section]` and `key=value` lines (pure logic:
 * tests/unit/test_profile.c).  Section and key names compare without case;
 * ';' starts a comment line; blanks around names and values are dropped;
 * lines before the first section belong to section "". */
#ifndef VXD_PROFILE_PARSE_H
#define VXD_PROFILE_PARSE_H
#include <stdbool.h>
#include <stdint.h>

struct profile_entry { const char *section, *key, *value; };

/* Parse text in place (it is cut into NUL-terminated names and values);
 * at most max entries.  Returns how many. */
int profile_parse(char *text, struct profile_entry *out, int max);
/* The value of key in section, NULL when absent. */
const char *profile_lookup(const struct profile_entry *e, int n, const char *section, const char *key);
/* "-42" -> -42; false when the value does not start with a number. */
bool profile_int(const char *s, int32_t *out);
/* yes/no, true/false, on/off, y/n, 1/0 (any case); false for anything else. */
bool profile_bool(const char *s, bool *out);
#endif
