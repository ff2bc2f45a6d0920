/* Freestanding string helpers (gcc may also emit calls to these). */
#ifndef VMM_LIB_STRING_H
#define VMM_LIB_STRING_H
#include <stddef.h>
#include <stdint.h>
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strncpy_z(char *d, const char *s, size_t n);   /* always NUL-terminates */
uint32_t strtoul_simple(const char *s, const char **end, int base);
#endif
