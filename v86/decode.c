/* Decoder for the 16-bit V86 instructions the monitor has to look at.
 *
 * Only what the monitor needs: the prefixes, the opcode, and the exact
 * length of the instructions it classifies (so it can step over them).
 * Every byte fetch goes through room(), which enforces both the 15-byte
 * architectural limit and the number of bytes the caller supplied, so a
 * run of prefixes can neither loop forever nor read past the buffer.
 */
#include "v86/decode.h"

/* ModRM fields */
#define MODRM_MOD(m)    ((uint8_t)(m) >> 6)
#define MODRM_REG(m)    (((uint8_t)(m) >> 3) & 7)
#define MODRM_RM(m)     ((uint8_t)(m) & 7)
#define MOD_REG         3       /* mod=11: register operand, no memory */
#define SIB_BASE(s)     ((uint8_t)(s) & 7)

/* Prefix bytes */
#define PFX_OPSIZE      0x66
#define PFX_ADDRSIZE    0x67
#define PFX_LOCK        0xF0
#define PFX_REPNE       0xF2
#define PFX_REP         0xF3
#define PFX_ES          0x26
#define PFX_CS          0x2E
#define PFX_SS          0x36
#define PFX_DS          0x3E
#define PFX_FS          0x64
#define PFX_GS          0x65

#define OPC_TWOBYTE     0x0F

struct dec {
    const uint8_t *bytes;
    size_t avail;
    unsigned pos;           /* bytes consumed so far */
    enum v86_op fail;       /* why the last room() check failed */
};

/* Can n more bytes be consumed?  The 15-byte limit is checked first: the
 * CPU raises #GP on it whatever the following bytes are. */
static bool room(struct dec *d, unsigned n)
{
    if (d->pos + n > V86_MAX_INSN) {
        d->fail = OP_TOO_LONG;
        return false;
    }
    if (d->pos + n > d->avail) {
        d->fail = OP_TRUNCATED;
        return false;
    }
    return true;
}

static bool fetch(struct dec *d, uint8_t *v)
{
    if (!room(d, 1))
        return false;
    *v = d->bytes[d->pos++];
    return true;
}

static bool skip(struct dec *d, unsigned n)
{
    if (!room(d, n))
        return false;
    d->pos += n;
    return true;
}

/* Consume one byte if it is a prefix, recording it.  Returns false at the
 * first non-prefix byte (left unconsumed) or when no byte can be read. */
static bool prefix(struct dec *d, struct v86_insn *o)
{
    uint8_t b;

    if (!room(d, 1))
        return false;
    b = d->bytes[d->pos];
    switch (b) {
    case PFX_OPSIZE:   o->opsize32 = true; break;
    case PFX_ADDRSIZE: o->addrsize32 = true; break;
    case PFX_LOCK:     o->lock = true; break;
    case PFX_REPNE:
    case PFX_REP:      o->rep = b; break;
    case PFX_ES:       o->seg = SEG_ES; break;
    case PFX_CS:       o->seg = SEG_CS; break;
    case PFX_SS:       o->seg = SEG_SS; break;
    case PFX_DS:       o->seg = SEG_DS; break;
    case PFX_FS:       o->seg = SEG_FS; break;
    case PFX_GS:       o->seg = SEG_GS; break;
    default:
        return false;
    }
    d->pos++;
    o->nprefix++;
    return true;
}

/* Displacement bytes after a 16-bit-addressing ModRM. */
static unsigned disp16_len(uint8_t modrm)
{
    switch (MODRM_MOD(modrm)) {
    case 0:  return MODRM_RM(modrm) == 6 ? 2 : 0;   /* [disp16] */
    case 1:  return 1;
    case 2:  return 2;
    default: return 0;
    }
}

/* SIB and displacement bytes after a 32-bit-addressing ModRM (67h). */
static bool skip_addr32(struct dec *d, uint8_t modrm)
{
    unsigned mod = MODRM_MOD(modrm);
    uint8_t sib;

    if (mod == MOD_REG)
        return true;
    if (MODRM_RM(modrm) == 4) {                     /* SIB follows */
        if (!fetch(d, &sib))
            return false;
        if (mod == 0 && SIB_BASE(sib) == 5)         /* no base: disp32 */
            return skip(d, 4);
    } else if (mod == 0 && MODRM_RM(modrm) == 5) {  /* [disp32] */
        return skip(d, 4);
    }
    return skip(d, mod == 1 ? 1 : mod == 2 ? 4 : 0);
}

/* ModRM with a full memory operand: consume it and its SIB/displacement. */
static bool modrm_mem(struct dec *d, struct v86_insn *o)
{
    if (!fetch(d, &o->modrm))
        return false;
    o->has_modrm = true;
    if (o->addrsize32)
        return skip_addr32(d, o->modrm);
    return skip(d, disp16_len(o->modrm));
}

/* MOV to/from control, debug and test registers: the CPU treats the
 * mod field as 11 whatever it holds, so there is never a displacement. */
static bool modrm_reg_only(struct dec *d, struct v86_insn *o)
{
    if (!fetch(d, &o->modrm))
        return false;
    o->has_modrm = true;
    return true;
}

static enum v86_op with_modrm(struct dec *d, struct v86_insn *o, enum v86_op op)
{
    return modrm_mem(d, o) ? op : d->fail;
}

/* 0F 00: group 6, selected by the reg field. */
static enum v86_op group6(struct dec *d, struct v86_insn *o)
{
    static const uint8_t ops[8] = {
        OP_SLDT, OP_STR, OP_LLDT, OP_LTR, OP_VERR, OP_VERW,
        OP_UNKNOWN, OP_UNKNOWN,
    };

    if (!modrm_mem(d, o))
        return d->fail;
    return (enum v86_op)ops[MODRM_REG(o->modrm)];
}

/* 0F 01: group 7.  With mod=11 only SMSW and LMSW take a register; the
 * other register forms are unrelated newer instructions (VMCALL, ...). */
static enum v86_op group7(struct dec *d, struct v86_insn *o)
{
    static const uint8_t ops[8] = {
        OP_SGDT, OP_SIDT, OP_LGDT, OP_LIDT, OP_SMSW, OP_UNKNOWN,
        OP_LMSW, OP_INVLPG,
    };
    unsigned reg;

    if (!modrm_mem(d, o))
        return d->fail;
    reg = MODRM_REG(o->modrm);
    if (MODRM_MOD(o->modrm) == MOD_REG && reg != 4 && reg != 6)
        return OP_UNKNOWN;
    return (enum v86_op)ops[reg];
}

static enum v86_op twobyte(struct dec *d, struct v86_insn *o)
{
    if (!fetch(d, &o->opcode2))
        return d->fail;
    switch (o->opcode2) {
    case 0x00: return group6(d, o);
    case 0x01: return group7(d, o);
    case 0x02: return with_modrm(d, o, OP_LAR);
    case 0x03: return with_modrm(d, o, OP_LSL);
    case 0x05: return OP_SYSCALL;
    case 0x06: return OP_CLTS;
    case 0x07: return OP_SYSRET;
    case 0x08: return OP_INVD;
    case 0x09: return OP_WBINVD;
    case 0x0B: return OP_UD2;
    case 0x20: case 0x22:
        return modrm_reg_only(d, o) ? OP_MOV_CR : d->fail;
    case 0x21: case 0x23:
        return modrm_reg_only(d, o) ? OP_MOV_DR : d->fail;
    case 0x24: case 0x26:
        return modrm_reg_only(d, o) ? OP_MOV_TR : d->fail;
    case 0x30: return OP_WRMSR;
    case 0x31: return OP_RDTSC;
    case 0x32: return OP_RDMSR;
    case 0x33: return OP_RDPMC;
    case 0x34: return OP_SYSENTER;
    case 0x35: return OP_SYSEXIT;
    default:   return OP_UNKNOWN;
    }
}

/* Even I/O opcodes move a byte; odd ones a word, or a dword under 66h. */
static void io_size(struct v86_insn *o)
{
    if (!(o->opcode & 1))
        o->io_size = 1;
    else
        o->io_size = o->opsize32 ? 4 : 2;
}

static enum v86_op port_imm8(struct dec *d, struct v86_insn *o, enum v86_op op)
{
    io_size(o);
    return fetch(d, &o->imm8) ? op : d->fail;
}

static enum v86_op port_dx(struct v86_insn *o, enum v86_op op)
{
    io_size(o);
    o->port_in_dx = true;
    return op;
}

static enum v86_op onebyte(struct dec *d, struct v86_insn *o)
{
    switch (o->opcode) {
    case 0xFA: return OP_CLI;
    case 0xFB: return OP_STI;
    case 0x9C: return OP_PUSHF;
    case 0x9D: return OP_POPF;
    case 0xCC: return OP_INT3;
    case 0xCD: return fetch(d, &o->imm8) ? OP_INT : d->fail;
    case 0xCE: return OP_INTO;
    case 0xCF: return OP_IRET;
    case 0xF4: return OP_HLT;
    case 0xE4: case 0xE5: return port_imm8(d, o, OP_IN);
    case 0xE6: case 0xE7: return port_imm8(d, o, OP_OUT);
    case 0xEC: case 0xED: return port_dx(o, OP_IN);
    case 0xEE: case 0xEF: return port_dx(o, OP_OUT);
    case 0x6C: case 0x6D: return port_dx(o, OP_INS);
    case 0x6E: case 0x6F: return port_dx(o, OP_OUTS);
    case 0x63: return with_modrm(d, o, OP_ARPL);
    case OPC_TWOBYTE: return twobyte(d, o);
    default:   return OP_UNKNOWN;
    }
}

/* Field by field: a struct assignment may become a memset call, and the
 * kernel has no libc. */
static void clear(struct v86_insn *o)
{
    o->op = OP_UNKNOWN;
    o->len = 0;
    o->opcode = 0;
    o->opcode2 = 0;
    o->modrm = 0;
    o->has_modrm = false;
    o->opsize32 = false;
    o->addrsize32 = false;
    o->lock = false;
    o->rep = 0;
    o->seg = SEG_NONE;
    o->nprefix = 0;
    o->imm8 = 0;
    o->io_size = 0;
    o->port_in_dx = false;
}

enum v86_op v86_decode(struct v86_insn *out, const uint8_t *bytes, size_t avail)
{
    struct dec d = { .bytes = bytes, .avail = avail, .pos = 0, .fail = OP_UNKNOWN };
    enum v86_op op;

    clear(out);
    while (prefix(&d, out))
        ;
    if (fetch(&d, &out->opcode))
        op = onebyte(&d, out);
    else
        op = d.fail;

    /* On failure pos stops short of the byte that could not be read:
     * report the limit, or everything we were given. */
    if (op == OP_TOO_LONG)
        out->len = V86_MAX_INSN;
    else if (op == OP_TRUNCATED)
        out->len = (uint8_t)avail;      /* < 15, else TOO_LONG hit first */
    else
        out->len = (uint8_t)d.pos;
    out->op = op;
    return op;
}

static const char *const op_names[OP_COUNT] = {
    [OP_UNKNOWN] = "unknown",   [OP_TOO_LONG] = "over-long",
    [OP_TRUNCATED] = "truncated",
    [OP_CLI] = "CLI",           [OP_STI] = "STI",
    [OP_PUSHF] = "PUSHF",       [OP_POPF] = "POPF",
    [OP_INT] = "INT",           [OP_INT3] = "INT3",
    [OP_INTO] = "INTO",         [OP_IRET] = "IRET",
    [OP_HLT] = "HLT",           [OP_IN] = "IN",
    [OP_OUT] = "OUT",           [OP_INS] = "INS",
    [OP_OUTS] = "OUTS",         [OP_ARPL] = "ARPL",
    [OP_MOV_CR] = "MOV CRn",    [OP_MOV_DR] = "MOV DRn",
    [OP_MOV_TR] = "MOV TRn",    [OP_LGDT] = "LGDT",
    [OP_LIDT] = "LIDT",         [OP_SGDT] = "SGDT",
    [OP_SIDT] = "SIDT",         [OP_LLDT] = "LLDT",
    [OP_SLDT] = "SLDT",         [OP_LTR] = "LTR",
    [OP_STR] = "STR",           [OP_LMSW] = "LMSW",
    [OP_SMSW] = "SMSW",         [OP_CLTS] = "CLTS",
    [OP_INVD] = "INVD",         [OP_WBINVD] = "WBINVD",
    [OP_INVLPG] = "INVLPG",     [OP_RDMSR] = "RDMSR",
    [OP_WRMSR] = "WRMSR",       [OP_RDTSC] = "RDTSC",
    [OP_RDPMC] = "RDPMC",       [OP_SYSENTER] = "SYSENTER",
    [OP_SYSEXIT] = "SYSEXIT",   [OP_SYSCALL] = "SYSCALL",
    [OP_SYSRET] = "SYSRET",     [OP_LAR] = "LAR",
    [OP_LSL] = "LSL",           [OP_VERR] = "VERR",
    [OP_VERW] = "VERW",         [OP_UD2] = "UD2",
};

const char *v86_op_name(enum v86_op op)
{
    if ((unsigned)op >= OP_COUNT || !op_names[op])
        return "invalid";
    return op_names[op];
}
