/* The profile (SYSTEM.INI's role): a `[Section] key=value` multiboot module. */
#ifndef VXD_PROFILE_H
#define VXD_PROFILE_H
/* Read the module, if there is one (before the first control message). */
void profile_init(void);
/* The value of key in section (NULL: [386Enh]); NULL when absent. */
const char *profile_get(const char *section, const char *key);
#endif
