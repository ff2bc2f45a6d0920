/* Decoder for the instructions a V86 monitor has to look at.
 *
 * Pure logic: the caller copies up to V86_MAX_INSN bytes from CS:IP (IP
 * wrapping at 16 bits, reads through the VM's safe accessors) and the
 * decoder classifies what the CPU trapped on.  Decoding never loops past
 * the 15-byte architectural limit.
 */
#ifndef V86_DECODE_H
#define V86_DECODE_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

#define V86_MAX_INSN 15

/* Segment override, in Client_Reg_Struc order of the sregs. */
enum v86_seg { SEG_NONE = -1, SEG_ES = 0, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS };

enum v86_op {
    OP_UNKNOWN = 0,     /* not a sensitive instruction we know: reflect as #UD / #GP */
    OP_TOO_LONG,        /* more than 15 bytes (prefix run): the CPU raises #GP */
    OP_TRUNCATED,       /* ran out of supplied bytes before the instruction ended */
    OP_CLI, OP_STI,
    OP_PUSHF,           /* 9C; opsize32 => PUSHFD */
    OP_POPF,            /* 9D; opsize32 => POPFD */
    OP_INT,             /* CD ib; imm = vector */
    OP_INT3,            /* CC */
    OP_INTO,            /* CE */
    OP_IRET,            /* CF; opsize32 => IRETD */
    OP_HLT,             /* F4 */
    OP_IN,              /* E4/E5 (port = imm8) or EC/ED (port in DX) */
    OP_OUT,             /* E6/E7 or EE/EF */
    OP_INS,             /* 6C/6D */
    OP_OUTS,            /* 6E/6F */
    OP_ARPL,            /* 63 /r: our V86 breakpoint opcode */
    /* Privileged system instructions: #GP in V86, never emulated. */
    OP_MOV_CR, OP_MOV_DR, OP_MOV_TR, OP_LGDT, OP_LIDT, OP_SGDT, OP_SIDT,
    OP_LLDT, OP_SLDT, OP_LTR, OP_STR, OP_LMSW, OP_SMSW, OP_CLTS, OP_INVD,
    OP_WBINVD, OP_INVLPG, OP_RDMSR, OP_WRMSR, OP_RDTSC, OP_RDPMC,
    OP_SYSENTER, OP_SYSEXIT, OP_SYSCALL, OP_SYSRET, OP_LAR, OP_LSL,
    OP_VERR, OP_VERW, OP_UD2,
    OP_COUNT
};

struct v86_insn {
    enum v86_op op;
    uint8_t len;          /* bytes consumed, prefixes included (1..15) */
    uint8_t opcode;       /* primary opcode byte (0x0F for two-byte opcodes) */
    uint8_t opcode2;      /* second opcode byte of 0F xx, else 0 */
    uint8_t modrm;        /* valid when has_modrm */
    bool has_modrm;
    bool opsize32;        /* 66h seen (in V86 default size is 16) */
    bool addrsize32;      /* 67h seen */
    bool lock;            /* F0h seen */
    uint8_t rep;          /* 0, 0xF2 or 0xF3 (last one wins) */
    int8_t seg;           /* enum v86_seg: last segment override, or SEG_NONE */
    uint8_t nprefix;      /* number of prefix bytes */
    uint8_t imm8;         /* INT vector, IN/OUT imm8 port */
    /* I/O instructions */
    uint8_t io_size;      /* 1, 2 or 4 */
    bool port_in_dx;      /* port comes from DX rather than imm8 */
};

/* Decode the instruction in bytes[0..avail).  Always fills *out (op may be
 * OP_UNKNOWN, OP_TOO_LONG or OP_TRUNCATED).  Returns out->op. */
enum v86_op v86_decode(struct v86_insn *out, const uint8_t *bytes, size_t avail);

/* Printable name of an op ("CLI", "MOV CRn", ...) for log messages. */
const char *v86_op_name(enum v86_op op);

#endif
