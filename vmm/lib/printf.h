#ifndef VMM_LIB_PRINTF_H
#define VMM_LIB_PRINTF_H
#include <stdarg.h>
#include <stddef.h>
/* %d %i %u %x %X %p %s %c %%, flags '0' '-', width, 'l' (ignored: 32-bit). */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#endif
