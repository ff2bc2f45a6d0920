/* Basic DDK-style types for VxD authors (freestanding). */
#ifndef VMM386_TYPES_H
#define VMM386_TYPES_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

typedef uint8_t  BYTE;
typedef uint16_t WORD;
typedef uint32_t DWORD;
typedef int32_t  LONG;
typedef uint32_t ULONG;
typedef void    *PVOID;
typedef int      BOOL;
#ifndef TRUE
#define TRUE  1
#define FALSE 0
#endif

#define STATIC_ASSERT(c, m) _Static_assert(c, m)
#define OFFSET_ASSERT(type, field, off) \
    _Static_assert(__builtin_offsetof(type, field) == (off), #type "." #field " offset")

#endif
