/* Unit tests for the V86 instruction decoder (v86/decode.c).
 *
 * Every instruction is decoded from the very end of a page followed by an
 * inaccessible guard page, so any read past `avail` crashes the test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "v86/decode.h"

static uint8_t *guard_page;     /* first byte of the PROT_NONE page */

static int setup_guard(void **state)
{
    long pg = sysconf(_SC_PAGESIZE);
    uint8_t *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    (void)state;
    if (m == MAP_FAILED || mprotect(m + pg, pg, PROT_NONE) != 0)
        return -1;
    guard_page = m + pg;
    return 0;
}

/* Decode b[0..n) placed right before the guard page. */
static struct v86_insn decode_n(const uint8_t *b, size_t n)
{
    struct v86_insn o;
    uint8_t *p = guard_page - n;
    enum v86_op op;

    if (n)
        memcpy(p, b, n);
    memset(&o, 0xA5, sizeof o);         /* decoder must overwrite it all */
    op = v86_decode(&o, p, n);
    assert_int_equal(op, o.op);
    return o;
}

#define BYTES(...) ((const uint8_t[]){ __VA_ARGS__ })
#define DECODE(...) decode_n(BYTES(__VA_ARGS__), sizeof(BYTES(__VA_ARGS__)))

struct vec {
    uint8_t b[V86_MAX_INSN + 4];
    uint8_t n;
    enum v86_op op;
    uint8_t len;
};

static void check_vecs(const struct vec *v, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++) {
        struct v86_insn o = decode_n(v[i].b, v[i].n);
        if (o.op != v[i].op || o.len != v[i].len)
            fail_msg("vector %zu (%02x %02x %02x): op %s len %u, want %s len %u",
                     i, v[i].b[0], v[i].b[1], v[i].b[2], v86_op_name(o.op),
                     o.len, v86_op_name(v[i].op), v[i].len);
    }
}

#define CHECK_VECS(v) check_vecs(v, sizeof(v) / sizeof(v[0]))

/* ---- one-byte opcodes ---- */

static void test_single_byte_ops(void **state)
{
    static const struct vec v[] = {
        { {0xFA}, 1, OP_CLI, 1 },   { {0xFB}, 1, OP_STI, 1 },
        { {0x9C}, 1, OP_PUSHF, 1 }, { {0x9D}, 1, OP_POPF, 1 },
        { {0xCC}, 1, OP_INT3, 1 },  { {0xCE}, 1, OP_INTO, 1 },
        { {0xCF}, 1, OP_IRET, 1 },  { {0xF4}, 1, OP_HLT, 1 },
    };
    (void)state;
    CHECK_VECS(v);
}

static void test_plain_fields(void **state)
{
    struct v86_insn o = DECODE(0xFA);

    (void)state;
    assert_int_equal(o.opcode, 0xFA);
    assert_int_equal(o.opcode2, 0);
    assert_false(o.has_modrm);
    assert_false(o.opsize32);
    assert_false(o.addrsize32);
    assert_false(o.lock);
    assert_int_equal(o.rep, 0);
    assert_int_equal(o.seg, SEG_NONE);
    assert_int_equal(o.nprefix, 0);
    assert_int_equal(o.imm8, 0);
    assert_int_equal(o.io_size, 0);
    assert_false(o.port_in_dx);
}

static void test_int_imm8(void **state)
{
    struct v86_insn o = DECODE(0xCD, 0x21);

    (void)state;
    assert_int_equal(o.op, OP_INT);
    assert_int_equal(o.len, 2);
    assert_int_equal(o.imm8, 0x21);
    o = DECODE(0xCD, 0xFF, 0x90);       /* trailing byte not consumed */
    assert_int_equal(o.op, OP_INT);
    assert_int_equal(o.len, 2);
    assert_int_equal(o.imm8, 0xFF);
}

static void test_pushf_popf_iret_opsize(void **state)
{
    static const uint8_t ops[] = { 0x9C, 0x9D, 0xCF };
    static const enum v86_op want[] = { OP_PUSHF, OP_POPF, OP_IRET };
    size_t i;

    (void)state;
    for (i = 0; i < 3; i++) {
        struct v86_insn o = decode_n(ops + i, 1);
        assert_int_equal(o.op, want[i]);
        assert_false(o.opsize32);
        o = decode_n(BYTES(0x66, ops[i]), 2);
        assert_int_equal(o.op, want[i]);
        assert_true(o.opsize32);
        assert_int_equal(o.len, 2);
        assert_int_equal(o.nprefix, 1);
        assert_int_equal(o.opcode, ops[i]);
    }
}

/* ---- I/O ---- */

static void test_in_out_imm8(void **state)
{
    struct v86_insn o;

    (void)state;
    o = DECODE(0xE4, 0x60);
    assert_int_equal(o.op, OP_IN);
    assert_int_equal(o.len, 2);
    assert_int_equal(o.imm8, 0x60);
    assert_int_equal(o.io_size, 1);
    assert_false(o.port_in_dx);

    o = DECODE(0xE5, 0x40);
    assert_int_equal(o.op, OP_IN);
    assert_int_equal(o.io_size, 2);
    assert_int_equal(o.imm8, 0x40);

    o = DECODE(0xE6, 0x80);
    assert_int_equal(o.op, OP_OUT);
    assert_int_equal(o.len, 2);
    assert_int_equal(o.io_size, 1);
    assert_int_equal(o.imm8, 0x80);
    assert_false(o.port_in_dx);

    o = DECODE(0xE7, 0xF4);
    assert_int_equal(o.op, OP_OUT);
    assert_int_equal(o.io_size, 2);
    assert_int_equal(o.imm8, 0xF4);
}

static void test_in_out_dx(void **state)
{
    static const struct { uint8_t opc; enum v86_op op; uint8_t size; } v[] = {
        { 0xEC, OP_IN, 1 }, { 0xED, OP_IN, 2 },
        { 0xEE, OP_OUT, 1 }, { 0xEF, OP_OUT, 2 },
    };
    size_t i;

    (void)state;
    for (i = 0; i < 4; i++) {
        struct v86_insn o = decode_n(&v[i].opc, 1);
        assert_int_equal(o.op, v[i].op);
        assert_int_equal(o.len, 1);
        assert_int_equal(o.io_size, v[i].size);
        assert_true(o.port_in_dx);
    }
}

static void test_io_opsize32(void **state)
{
    struct v86_insn o;

    (void)state;
    o = DECODE(0x66, 0xE5, 0x40);
    assert_int_equal(o.op, OP_IN);
    assert_int_equal(o.len, 3);
    assert_int_equal(o.io_size, 4);
    assert_int_equal(o.imm8, 0x40);

    o = DECODE(0x66, 0xE7, 0x42);
    assert_int_equal(o.op, OP_OUT);
    assert_int_equal(o.io_size, 4);

    o = DECODE(0x66, 0xED);
    assert_int_equal(o.op, OP_IN);
    assert_int_equal(o.len, 2);
    assert_int_equal(o.io_size, 4);
    assert_true(o.port_in_dx);

    o = DECODE(0x66, 0xEF);
    assert_int_equal(o.op, OP_OUT);
    assert_int_equal(o.io_size, 4);

    /* 66h does not widen the byte forms */
    o = DECODE(0x66, 0xE4, 0x60);
    assert_int_equal(o.io_size, 1);
    o = DECODE(0x66, 0xEE);
    assert_int_equal(o.io_size, 1);
}

static void test_ins_outs(void **state)
{
    static const struct { uint8_t opc; enum v86_op op; uint8_t size, size32; } v[] = {
        { 0x6C, OP_INS, 1, 1 },  { 0x6D, OP_INS, 2, 4 },
        { 0x6E, OP_OUTS, 1, 1 }, { 0x6F, OP_OUTS, 2, 4 },
    };
    size_t i;

    (void)state;
    for (i = 0; i < 4; i++) {
        struct v86_insn o = decode_n(&v[i].opc, 1);
        assert_int_equal(o.op, v[i].op);
        assert_int_equal(o.len, 1);
        assert_int_equal(o.io_size, v[i].size);
        assert_true(o.port_in_dx);
        assert_int_equal(o.rep, 0);

        o = decode_n(BYTES(0xF3, 0x66, v[i].opc), 3);
        assert_int_equal(o.op, v[i].op);
        assert_int_equal(o.len, 3);
        assert_int_equal(o.io_size, v[i].size32);
        assert_int_equal(o.rep, 0xF3);
    }
    /* OUTS with a source segment override, as in "rep outsb es:" */
    struct v86_insn o = DECODE(0x26, 0xF3, 0x6E);
    assert_int_equal(o.op, OP_OUTS);
    assert_int_equal(o.seg, SEG_ES);
    assert_int_equal(o.rep, 0xF3);
    assert_int_equal(o.len, 3);
}

/* ---- prefixes ---- */

static void test_each_prefix(void **state)
{
    static const uint8_t seg_pfx[] = { 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65 };
    static const int8_t seg_val[] = { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS };
    struct v86_insn o;
    size_t i;

    (void)state;
    for (i = 0; i < 6; i++) {
        o = decode_n(BYTES(seg_pfx[i], 0xFA), 2);
        assert_int_equal(o.op, OP_CLI);
        assert_int_equal(o.len, 2);
        assert_int_equal(o.nprefix, 1);
        assert_int_equal(o.seg, seg_val[i]);
        assert_false(o.opsize32);
    }
    o = DECODE(0x66, 0xFB);
    assert_int_equal(o.op, OP_STI);
    assert_true(o.opsize32);
    assert_false(o.addrsize32);
    assert_int_equal(o.seg, SEG_NONE);

    o = DECODE(0x67, 0xFB);
    assert_true(o.addrsize32);
    assert_false(o.opsize32);
    assert_int_equal(o.len, 2);

    o = DECODE(0xF0, 0xFB);
    assert_true(o.lock);
    assert_int_equal(o.len, 2);

    o = DECODE(0xF2, 0x6C);
    assert_int_equal(o.rep, 0xF2);
    assert_int_equal(o.op, OP_INS);
    o = DECODE(0xF3, 0x6C);
    assert_int_equal(o.rep, 0xF3);
}

static void test_prefix_combinations(void **state)
{
    struct v86_insn o;

    (void)state;
    /* last segment override and last rep win */
    o = DECODE(0x26, 0x2E, 0x65, 0xF2, 0xF3, 0x6F);
    assert_int_equal(o.op, OP_OUTS);
    assert_int_equal(o.seg, SEG_GS);
    assert_int_equal(o.rep, 0xF3);
    assert_int_equal(o.nprefix, 5);
    assert_int_equal(o.len, 6);

    o = DECODE(0xF3, 0x64, 0xF2, 0x36, 0x6E);
    assert_int_equal(o.seg, SEG_SS);
    assert_int_equal(o.rep, 0xF2);

    /* all flags at once, in an odd order, some repeated */
    o = DECODE(0x67, 0xF0, 0x66, 0x3E, 0x66, 0xF3, 0x67, 0xED);
    assert_int_equal(o.op, OP_IN);
    assert_true(o.opsize32);
    assert_true(o.addrsize32);
    assert_true(o.lock);
    assert_int_equal(o.rep, 0xF3);
    assert_int_equal(o.seg, SEG_DS);
    assert_int_equal(o.nprefix, 7);
    assert_int_equal(o.len, 8);
    assert_int_equal(o.io_size, 4);

    /* prefixes in front of a two-byte opcode */
    o = DECODE(0xF0, 0x2E, 0x0F, 0x20, 0xC0);
    assert_int_equal(o.op, OP_MOV_CR);
    assert_true(o.lock);
    assert_int_equal(o.seg, SEG_CS);
    assert_int_equal(o.len, 5);
}

static void test_14_prefixes_ok(void **state)
{
    uint8_t b[15];
    struct v86_insn o;

    (void)state;
    memset(b, 0x2E, 14);
    b[14] = 0xFA;
    o = decode_n(b, 15);
    assert_int_equal(o.op, OP_CLI);
    assert_int_equal(o.len, 15);
    assert_int_equal(o.nprefix, 14);
    assert_int_equal(o.seg, SEG_CS);

    /* a 2-byte instruction after 13 prefixes just fits */
    memset(b, 0x66, 13);
    b[13] = 0xCD;
    b[14] = 0x15;
    o = decode_n(b, 15);
    assert_int_equal(o.op, OP_INT);
    assert_int_equal(o.len, 15);
    assert_int_equal(o.imm8, 0x15);
}

static void test_15_prefixes_too_long(void **state)
{
    uint8_t b[64];
    struct v86_insn o;

    (void)state;
    memset(b, 0x66, 15);
    b[15] = 0xFA;
    o = decode_n(b, 16);
    assert_int_equal(o.op, OP_TOO_LONG);
    assert_int_equal(o.len, 15);

    /* exactly 15 prefix bytes supplied: the limit is hit before the
     * missing byte, so this is over-long rather than truncated */
    o = decode_n(b, 15);
    assert_int_equal(o.op, OP_TOO_LONG);
    assert_int_equal(o.len, 15);

    /* a long run of prefixes terminates at the limit */
    memset(b, 0xF3, sizeof b);
    o = decode_n(b, sizeof b);
    assert_int_equal(o.op, OP_TOO_LONG);
    assert_int_equal(o.len, 15);
}

static void test_too_long_operands(void **state)
{
    uint8_t b[20];
    struct v86_insn o;

    (void)state;
    /* 14 prefixes + CD ib = 16 bytes */
    memset(b, 0x3E, 14);
    b[14] = 0xCD;
    b[15] = 0x21;
    o = decode_n(b, 16);
    assert_int_equal(o.op, OP_TOO_LONG);
    assert_int_equal(o.len, 15);

    /* 8 prefixes + 67 63 84 SIB disp32 = 16 bytes */
    memset(b, 0x26, 8);
    memcpy(b + 8, BYTES(0x67, 0x63, 0x84, 0x24, 1, 2, 3, 4), 8);
    o = decode_n(b, 16);
    assert_int_equal(o.op, OP_TOO_LONG);
    /* one prefix fewer: exactly 15 */
    o = decode_n(b + 1, 15);
    assert_int_equal(o.op, OP_ARPL);
    assert_int_equal(o.len, 15);

    /* 12 prefixes + 0F 01 16 disp16 = 17 bytes */
    memset(b, 0x66, 12);
    memcpy(b + 12, BYTES(0x0F, 0x01, 0x16, 0x00, 0x10), 5);
    o = decode_n(b, 17);
    assert_int_equal(o.op, OP_TOO_LONG);
    o = decode_n(b + 2, 15);
    assert_int_equal(o.op, OP_LGDT);
    assert_int_equal(o.len, 15);
}

/* ---- truncation ---- */

static void test_truncated_every_length(void **state)
{
    static const struct vec v[] = {
        { {0xCD, 0x21}, 2, OP_INT, 2 },
        { {0x66, 0xE5, 0x40}, 3, OP_IN, 3 },
        { {0xE6, 0x80}, 2, OP_OUT, 2 },
        { {0x26, 0xF3, 0x66, 0x6F}, 4, OP_OUTS, 4 },
        { {0x63, 0x80, 0x34, 0x12}, 4, OP_ARPL, 4 },
        { {0x63, 0x46, 0xFE}, 3, OP_ARPL, 3 },
        { {0x67, 0x63, 0x84, 0x8B, 0x78, 0x56, 0x34, 0x12}, 8, OP_ARPL, 8 },
        { {0x67, 0x63, 0x04, 0x25, 0x78, 0x56, 0x34, 0x12}, 8, OP_ARPL, 8 },
        { {0x67, 0x63, 0x05, 0x78, 0x56, 0x34, 0x12}, 7, OP_ARPL, 7 },
        { {0x0F, 0x20, 0xC0}, 3, OP_MOV_CR, 3 },
        { {0x66, 0x0F, 0x01, 0x16, 0x34, 0x12}, 6, OP_LGDT, 6 },
        { {0x0F, 0x00, 0x5E, 0x10}, 4, OP_LTR, 4 },
        { {0x0F, 0x02, 0x87, 0x00, 0x01}, 5, OP_LAR, 5 },
        { {0x0F, 0x30}, 2, OP_WRMSR, 2 },
        { {0x3E, 0x0F, 0xFF}, 3, OP_UNKNOWN, 3 },
        { {0x66, 0x66, 0x66, 0x9D}, 4, OP_POPF, 4 },
    };
    size_t i, n;

    (void)state;
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        for (n = 0; n < v[i].n; n++) {
            struct v86_insn o = decode_n(v[i].b, n);
            if (o.op != OP_TRUNCATED || o.len != n)
                fail_msg("vector %zu cut at %zu: op %s len %u", i, n,
                         v86_op_name(o.op), o.len);
        }
    }
    CHECK_VECS(v);
}

static void test_empty_buffer(void **state)
{
    struct v86_insn o;

    (void)state;
    o = decode_n(NULL, 0);
    assert_int_equal(o.op, OP_TRUNCATED);
    assert_int_equal(o.len, 0);
    assert_int_equal(o.seg, SEG_NONE);
}

/* ---- ModRM lengths ---- */

static void test_arpl_modrm16(void **state)
{
    static const struct vec v[] = {
        { {0x63, 0x00}, 2, OP_ARPL, 2 },                /* [bx+si] */
        { {0x63, 0x07}, 2, OP_ARPL, 2 },                /* [bx] */
        { {0x63, 0x06, 0x34, 0x12}, 4, OP_ARPL, 4 },    /* [disp16] */
        { {0x63, 0x46, 0x02}, 3, OP_ARPL, 3 },          /* [bp+disp8] */
        { {0x63, 0x40, 0x02}, 3, OP_ARPL, 3 },          /* [bx+si+disp8] */
        { {0x63, 0x80, 0x34, 0x12}, 4, OP_ARPL, 4 },    /* [bx+si+disp16] */
        { {0x63, 0x86, 0x34, 0x12}, 4, OP_ARPL, 4 },    /* [bp+disp16] */
        { {0x63, 0xC0}, 2, OP_ARPL, 2 },                /* ax, ax */
        /* 32-bit-looking SIB/rm values mean nothing without 67h */
        { {0x63, 0x04}, 2, OP_ARPL, 2 },
        { {0x63, 0x05}, 2, OP_ARPL, 2 },
        { {0x63, 0x44, 0x01}, 3, OP_ARPL, 3 },
    };
    struct v86_insn o;

    (void)state;
    CHECK_VECS(v);
    o = DECODE(0x2E, 0x63, 0x80, 0x34, 0x12);
    assert_true(o.has_modrm);
    assert_int_equal(o.modrm, 0x80);
    assert_int_equal(o.opcode, 0x63);
    assert_int_equal(o.len, 5);
}

static void test_modrm32(void **state)
{
    static const struct vec v[] = {
        { {0x67, 0x63, 0x00}, 3, OP_ARPL, 3 },                      /* [eax] */
        { {0x67, 0x63, 0x06}, 3, OP_ARPL, 3 },                      /* [esi] */
        { {0x67, 0x63, 0x05, 1, 2, 3, 4}, 7, OP_ARPL, 7 },          /* [disp32] */
        { {0x67, 0x63, 0x04, 0x18}, 4, OP_ARPL, 4 },                /* [eax+ebx] */
        { {0x67, 0x63, 0x04, 0x25, 1, 2, 3, 4}, 8, OP_ARPL, 8 },    /* SIB, no base */
        { {0x67, 0x63, 0x04, 0x8D, 1, 2, 3, 4}, 8, OP_ARPL, 8 },    /* [ecx*4+disp32] */
        { {0x67, 0x63, 0x40, 0x10}, 4, OP_ARPL, 4 },                /* [eax+d8] */
        { {0x67, 0x63, 0x44, 0x24, 0x10}, 5, OP_ARPL, 5 },          /* [esp+d8] */
        { {0x67, 0x63, 0x45, 0x10}, 4, OP_ARPL, 4 },                /* [ebp+d8] */
        { {0x67, 0x63, 0x44, 0x25, 0x10}, 5, OP_ARPL, 5 },          /* [ebp+d8] via SIB */
        { {0x67, 0x63, 0x80, 1, 2, 3, 4}, 7, OP_ARPL, 7 },          /* [eax+d32] */
        { {0x67, 0x63, 0x84, 0x8B, 1, 2, 3, 4}, 8, OP_ARPL, 8 },    /* [ebx+ecx*4+d32] */
        { {0x67, 0x63, 0x84, 0x25, 1, 2, 3, 4}, 8, OP_ARPL, 8 },    /* [ebp+d32] via SIB */
        { {0x67, 0x63, 0xC1}, 3, OP_ARPL, 3 },                      /* register */
        { {0x67, 0x63, 0x06, 0x34, 0x12}, 5, OP_ARPL, 3 },          /* no disp16 */
    };
    struct v86_insn o;

    (void)state;
    CHECK_VECS(v);
    o = DECODE(0x67, 0x63, 0x84, 0x8B, 0x78, 0x56, 0x34, 0x12);
    assert_true(o.addrsize32);
    assert_int_equal(o.modrm, 0x84);
}

/* ---- two-byte opcodes ---- */

static void test_0f_no_operand(void **state)
{
    static const struct vec v[] = {
        { {0x0F, 0x06}, 2, OP_CLTS, 2 },   { {0x0F, 0x08}, 2, OP_INVD, 2 },
        { {0x0F, 0x09}, 2, OP_WBINVD, 2 }, { {0x0F, 0x30}, 2, OP_WRMSR, 2 },
        { {0x0F, 0x32}, 2, OP_RDMSR, 2 },  { {0x0F, 0x31}, 2, OP_RDTSC, 2 },
        { {0x0F, 0x33}, 2, OP_RDPMC, 2 },  { {0x0F, 0x34}, 2, OP_SYSENTER, 2 },
        { {0x0F, 0x35}, 2, OP_SYSEXIT, 2 }, { {0x0F, 0x05}, 2, OP_SYSCALL, 2 },
        { {0x0F, 0x07}, 2, OP_SYSRET, 2 }, { {0x0F, 0x0B}, 2, OP_UD2, 2 },
    };
    struct v86_insn o;

    (void)state;
    CHECK_VECS(v);
    o = DECODE(0x0F, 0x06);
    assert_int_equal(o.opcode, 0x0F);
    assert_int_equal(o.opcode2, 0x06);
    assert_false(o.has_modrm);
}

static void test_mov_special_regs(void **state)
{
    static const struct vec v[] = {
        { {0x0F, 0x20, 0xC0}, 3, OP_MOV_CR, 3 },   /* mov eax, cr0 */
        { {0x0F, 0x22, 0xD8}, 3, OP_MOV_CR, 3 },   /* mov cr3, eax */
        { {0x0F, 0x21, 0xF8}, 3, OP_MOV_DR, 3 },   /* mov eax, dr7 */
        { {0x0F, 0x23, 0xC0}, 3, OP_MOV_DR, 3 },
        { {0x0F, 0x24, 0xF0}, 3, OP_MOV_TR, 3 },   /* mov eax, tr6 */
        { {0x0F, 0x26, 0xF8}, 3, OP_MOV_TR, 3 },
        /* mod bits are ignored: never a displacement */
        { {0x0F, 0x20, 0x06, 0x34, 0x12}, 5, OP_MOV_CR, 3 },
        { {0x0F, 0x23, 0x80, 0x34, 0x12}, 5, OP_MOV_DR, 3 },
        { {0x67, 0x0F, 0x22, 0x04, 0x25}, 5, OP_MOV_CR, 4 },
    };
    struct v86_insn o;

    (void)state;
    CHECK_VECS(v);
    o = DECODE(0x0F, 0x22, 0xD8);
    assert_true(o.has_modrm);
    assert_int_equal(o.modrm, 0xD8);
    assert_int_equal(o.opcode2, 0x22);
}

static void test_group7(void **state)
{
    static const enum v86_op mem_ops[8] = {
        OP_SGDT, OP_SIDT, OP_LGDT, OP_LIDT, OP_SMSW, OP_UNKNOWN,
        OP_LMSW, OP_INVLPG,
    };
    unsigned reg;
    struct v86_insn o;

    (void)state;
    for (reg = 0; reg < 8; reg++) {
        /* mod=00 rm=110: [disp16] */
        o = decode_n(BYTES(0x0F, 0x01, (uint8_t)(reg << 3 | 6), 0x00, 0x20), 5);
        assert_int_equal(o.op, mem_ops[reg]);
        assert_int_equal(o.len, 5);
        assert_true(o.has_modrm);
        /* mod=01 rm=111: [bx+disp8] */
        o = decode_n(BYTES(0x0F, 0x01, (uint8_t)(0x40 | reg << 3 | 7), 0x08), 4);
        assert_int_equal(o.op, mem_ops[reg]);
        assert_int_equal(o.len, 4);
    }
    /* register forms: only SMSW and LMSW exist */
    o = DECODE(0x0F, 0x01, 0xE0);       /* smsw ax */
    assert_int_equal(o.op, OP_SMSW);
    assert_int_equal(o.len, 3);
    o = DECODE(0x0F, 0x01, 0xF0);       /* lmsw ax */
    assert_int_equal(o.op, OP_LMSW);
    assert_int_equal(o.len, 3);
    for (reg = 0; reg < 8; reg++) {
        if (reg == 4 || reg == 6)
            continue;
        o = decode_n(BYTES(0x0F, 0x01, (uint8_t)(0xC0 | reg << 3 | 1)), 3);
        assert_int_equal(o.op, OP_UNKNOWN);
    }
    /* lgdt with 66h and 32-bit addressing */
    o = DECODE(0x66, 0x67, 0x0F, 0x01, 0x15, 0x00, 0x10, 0x00, 0x00);
    assert_int_equal(o.op, OP_LGDT);
    assert_int_equal(o.len, 9);
    assert_true(o.opsize32);
}

static void test_group6(void **state)
{
    static const enum v86_op ops[8] = {
        OP_SLDT, OP_STR, OP_LLDT, OP_LTR, OP_VERR, OP_VERW,
        OP_UNKNOWN, OP_UNKNOWN,
    };
    unsigned reg;
    struct v86_insn o;

    (void)state;
    for (reg = 0; reg < 8; reg++) {
        o = decode_n(BYTES(0x0F, 0x00, (uint8_t)(0xC0 | reg << 3)), 3);
        assert_int_equal(o.op, ops[reg]);
        assert_int_equal(o.len, 3);
        o = decode_n(BYTES(0x0F, 0x00, (uint8_t)(0x80 | reg << 3 | 2), 1, 2), 5);
        assert_int_equal(o.op, ops[reg]);
        assert_int_equal(o.len, 5);             /* [bp+si+disp16] */
        assert_int_equal(o.opcode2, 0x00);
    }
}

static void test_lar_lsl(void **state)
{
    static const struct vec v[] = {
        { {0x0F, 0x02, 0xC3}, 3, OP_LAR, 3 },
        { {0x0F, 0x03, 0xC3}, 3, OP_LSL, 3 },
        { {0x0F, 0x02, 0x06, 0x00, 0x10}, 5, OP_LAR, 5 },
        { {0x67, 0x0F, 0x03, 0x84, 0x24, 1, 2, 3, 4}, 9, OP_LSL, 9 },
    };
    (void)state;
    CHECK_VECS(v);
}

static void test_unknown(void **state)
{
    struct v86_insn o;

    (void)state;
    o = DECODE(0x90);
    assert_int_equal(o.op, OP_UNKNOWN);
    assert_int_equal(o.len, 1);
    assert_int_equal(o.opcode, 0x90);

    o = DECODE(0x2E, 0x8B, 0x07);       /* mov ax, cs:[bx]: not ours */
    assert_int_equal(o.op, OP_UNKNOWN);
    assert_int_equal(o.len, 2);
    assert_int_equal(o.seg, SEG_CS);

    o = DECODE(0x0F, 0xFF);
    assert_int_equal(o.op, OP_UNKNOWN);
    assert_int_equal(o.len, 2);
    assert_int_equal(o.opcode2, 0xFF);

    o = DECODE(0x0F, 0x04);             /* hole between SYSCALL and CLTS */
    assert_int_equal(o.op, OP_UNKNOWN);

    o = DECODE(0x0F, 0x25);             /* MOV TR odd slot does not exist */
    assert_int_equal(o.op, OP_UNKNOWN);

    o = DECODE(0x0F);
    assert_int_equal(o.op, OP_TRUNCATED);
    assert_int_equal(o.len, 1);
}

static void test_op_names(void **state)
{
    static const struct { enum v86_op op; const char *name; } v[] = {
        { OP_CLI, "CLI" }, { OP_STI, "STI" }, { OP_PUSHF, "PUSHF" },
        { OP_POPF, "POPF" }, { OP_INT, "INT" }, { OP_INT3, "INT3" },
        { OP_INTO, "INTO" }, { OP_IRET, "IRET" }, { OP_HLT, "HLT" },
        { OP_IN, "IN" }, { OP_OUT, "OUT" }, { OP_INS, "INS" },
        { OP_OUTS, "OUTS" }, { OP_ARPL, "ARPL" }, { OP_MOV_CR, "MOV CRn" },
        { OP_MOV_DR, "MOV DRn" }, { OP_MOV_TR, "MOV TRn" },
        { OP_LGDT, "LGDT" }, { OP_LIDT, "LIDT" }, { OP_SGDT, "SGDT" },
        { OP_SIDT, "SIDT" }, { OP_LLDT, "LLDT" }, { OP_SLDT, "SLDT" },
        { OP_LTR, "LTR" }, { OP_STR, "STR" }, { OP_LMSW, "LMSW" },
        { OP_SMSW, "SMSW" }, { OP_CLTS, "CLTS" }, { OP_INVD, "INVD" },
        { OP_WBINVD, "WBINVD" }, { OP_INVLPG, "INVLPG" },
        { OP_RDMSR, "RDMSR" }, { OP_WRMSR, "WRMSR" }, { OP_RDTSC, "RDTSC" },
        { OP_RDPMC, "RDPMC" }, { OP_SYSENTER, "SYSENTER" },
        { OP_SYSEXIT, "SYSEXIT" }, { OP_SYSCALL, "SYSCALL" },
        { OP_SYSRET, "SYSRET" }, { OP_LAR, "LAR" }, { OP_LSL, "LSL" },
        { OP_VERR, "VERR" }, { OP_VERW, "VERW" }, { OP_UD2, "UD2" },
        { OP_UNKNOWN, "unknown" }, { OP_TOO_LONG, "over-long" },
        { OP_TRUNCATED, "truncated" },
    };
    size_t i;

    (void)state;
    assert_int_equal(sizeof v / sizeof v[0], OP_COUNT);    /* all covered */
    for (i = 0; i < sizeof v / sizeof v[0]; i++)
        assert_string_equal(v86_op_name(v[i].op), v[i].name);
    assert_non_null(v86_op_name(OP_COUNT));
    assert_non_null(v86_op_name((enum v86_op)-1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_byte_ops),
        cmocka_unit_test(test_plain_fields),
        cmocka_unit_test(test_int_imm8),
        cmocka_unit_test(test_pushf_popf_iret_opsize),
        cmocka_unit_test(test_in_out_imm8),
        cmocka_unit_test(test_in_out_dx),
        cmocka_unit_test(test_io_opsize32),
        cmocka_unit_test(test_ins_outs),
        cmocka_unit_test(test_each_prefix),
        cmocka_unit_test(test_prefix_combinations),
        cmocka_unit_test(test_14_prefixes_ok),
        cmocka_unit_test(test_15_prefixes_too_long),
        cmocka_unit_test(test_too_long_operands),
        cmocka_unit_test(test_truncated_every_length),
        cmocka_unit_test(test_empty_buffer),
        cmocka_unit_test(test_arpl_modrm16),
        cmocka_unit_test(test_modrm32),
        cmocka_unit_test(test_0f_no_operand),
        cmocka_unit_test(test_mov_special_regs),
        cmocka_unit_test(test_group7),
        cmocka_unit_test(test_group6),
        cmocka_unit_test(test_lar_lsl),
        cmocka_unit_test(test_unknown),
        cmocka_unit_test(test_op_names),
    };

    return cmocka_run_group_tests_name("v86_decode", tests, setup_guard, NULL);
}
