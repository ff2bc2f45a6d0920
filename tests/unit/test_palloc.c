/* Unit tests for the bitmap page allocator (vmm/palloc.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "vmm/palloc.h"

#define NFRAMES 1024u                   /* 4 MiB of "RAM" */
#define KB(x) ((uint64_t)(x) << 10)
#define MB(x) ((uint64_t)(x) << 20)
#define GB(x) ((uint64_t)(x) << 30)
#define FRAME(f) ((uint32_t)(f) << PAGE_SHIFT)

static uint32_t bitmap[PALLOC_WORDS(NFRAMES) + 1];
static struct palloc pa;

static int fresh(void **state)
{
    (void)state;
    memset(bitmap, 0, sizeof bitmap);   /* init must set every bit itself */
    bitmap[PALLOC_WORDS(NFRAMES)] = 0x5A5A5A5A;        /* canary */
    palloc_init(&pa, bitmap, NFRAMES);
    return 0;
}

/* nfree must always equal what the bitmap says. */
static uint32_t count_free(void)
{
    uint32_t f, n = 0;

    for (f = 0; f < pa.nframes; f++)
        n += palloc_is_free(&pa, FRAME(f));
    return n;
}

static void check_consistent(void)
{
    assert_int_equal(pa.nfree, count_free());
    assert_int_equal(bitmap[PALLOC_WORDS(NFRAMES)], 0x5A5A5A5A);
}

static void test_init_all_used(void **state)
{
    (void)state;
    assert_int_equal(pa.nframes, NFRAMES);
    assert_int_equal(pa.nfree, 0);
    assert_int_equal(count_free(), 0);
    assert_int_equal(palloc_alloc(&pa), 0);
    assert_int_equal(palloc_alloc_contig(&pa, 1), 0);
    for (uint32_t i = 0; i < PALLOC_WORDS(NFRAMES); i++)
        assert_int_equal(bitmap[i], 0xFFFFFFFFu);
    check_consistent();
}

static void test_add_free_unaligned_edges(void **state)
{
    (void)state;
    /* [0x1800, 0x4800): only frames 2 and 3 are whole */
    palloc_add_free(&pa, 0x1800, 0x3000);
    assert_int_equal(pa.nfree, 2);
    assert_false(palloc_is_free(&pa, FRAME(1)));
    assert_true(palloc_is_free(&pa, FRAME(2)));
    assert_true(palloc_is_free(&pa, FRAME(3)));
    assert_false(palloc_is_free(&pa, FRAME(4)));
    /* exact frame boundaries are inclusive start, exclusive end */
    palloc_add_free(&pa, FRAME(10), FRAME(2));
    assert_false(palloc_is_free(&pa, FRAME(9)));
    assert_true(palloc_is_free(&pa, FRAME(10)));
    assert_true(palloc_is_free(&pa, FRAME(11)));
    assert_false(palloc_is_free(&pa, FRAME(12)));
    /* a range inside one frame frees nothing */
    palloc_add_free(&pa, FRAME(20) + 1, PAGE_SIZE - 2);
    palloc_add_free(&pa, FRAME(21) + 1, PAGE_SIZE);
    assert_false(palloc_is_free(&pa, FRAME(20)));
    assert_false(palloc_is_free(&pa, FRAME(21)));
    assert_false(palloc_is_free(&pa, FRAME(22)));
    palloc_add_free(&pa, FRAME(30), 0);
    assert_false(palloc_is_free(&pa, FRAME(30)));
    assert_int_equal(pa.nfree, 4);
    check_consistent();
}

static void test_add_free_clipping(void **state)
{
    (void)state;
    /* entirely beyond the managed frames / above 4 GiB */
    palloc_add_free(&pa, MB(4), MB(4));
    palloc_add_free(&pa, GB(4), GB(1));
    palloc_add_free(&pa, 0xFFFFFFFFFFFFF000ull, 0x1000);
    palloc_add_free(&pa, 0xFFFFFFFFFFFFFFFFull, 0xFFFFFFFFFFFFFFFFull);
    assert_int_equal(pa.nfree, 0);
    /* straddling the end: clipped to nframes */
    palloc_add_free(&pa, FRAME(NFRAMES - 3), MB(64));
    assert_int_equal(pa.nfree, 3);
    assert_true(palloc_is_free(&pa, FRAME(NFRAMES - 1)));
    assert_false(palloc_is_free(&pa, FRAME(NFRAMES)));
    /* a length that would wrap 64 bits frees to the end, no hang */
    palloc_add_free(&pa, FRAME(100), 0xFFFFFFFFFFFFFFFFull);
    assert_int_equal(pa.nfree, NFRAMES - 100);
    check_consistent();
}

static void test_frame0_never_free(void **state)
{
    uint32_t f, n = 0;

    (void)state;
    palloc_add_free(&pa, 0, MB(4));
    assert_false(palloc_is_free(&pa, 0));
    assert_int_equal(pa.nfree, NFRAMES - 1);
    assert_false(palloc_free(&pa, 0));
    while ((f = palloc_alloc(&pa)) != 0) {
        assert_int_not_equal(f, 0);
        n++;
    }
    assert_int_equal(n, NFRAMES - 1);
    assert_false(palloc_free(&pa, 0));
    assert_int_equal(pa.nfree, 0);
    check_consistent();
}

static void test_add_free_idempotent(void **state)
{
    (void)state;
    palloc_add_free(&pa, FRAME(8), FRAME(8));
    palloc_add_free(&pa, FRAME(8), FRAME(8));
    palloc_add_free(&pa, FRAME(12), FRAME(8));     /* overlaps 12..15 */
    assert_int_equal(pa.nfree, 12);
    check_consistent();
}

static void test_reserve_edges(void **state)
{
    (void)state;
    palloc_add_free(&pa, FRAME(1), FRAME(63));
    assert_int_equal(pa.nfree, 63);
    /* [0x2800, 0x3800) touches frames 2 and 3 */
    palloc_reserve(&pa, 0x2800, 0x1000);
    assert_true(palloc_is_free(&pa, FRAME(1)));
    assert_false(palloc_is_free(&pa, FRAME(2)));
    assert_false(palloc_is_free(&pa, FRAME(3)));
    assert_true(palloc_is_free(&pa, FRAME(4)));
    assert_int_equal(pa.nfree, 61);
    /* a single byte takes its whole frame */
    palloc_reserve(&pa, FRAME(10) + 0xFFF, 1);
    assert_false(palloc_is_free(&pa, FRAME(10)));
    assert_true(palloc_is_free(&pa, FRAME(11)));
    /* aligned end does not take the next frame */
    palloc_reserve(&pa, FRAME(20), FRAME(2));
    assert_false(palloc_is_free(&pa, FRAME(21)));
    assert_true(palloc_is_free(&pa, FRAME(22)));
    assert_int_equal(pa.nfree, 58);
    /* overlapping reserves are counted once */
    palloc_reserve(&pa, FRAME(19), FRAME(4));
    assert_int_equal(pa.nfree, 56);
    /* empty, beyond the end and above 4 GiB: no effect */
    palloc_reserve(&pa, FRAME(30), 0);
    palloc_reserve(&pa, MB(8), MB(1));
    palloc_reserve(&pa, GB(5), GB(1));
    palloc_reserve(&pa, 0xFFFFFFFFFFFFF800ull, 0x10000);
    assert_true(palloc_is_free(&pa, FRAME(30)));
    assert_int_equal(pa.nfree, 56);
    /* straddling the top of memory */
    palloc_reserve(&pa, FRAME(62), GB(8));
    assert_false(palloc_is_free(&pa, FRAME(62)));
    assert_false(palloc_is_free(&pa, FRAME(63)));
    assert_int_equal(pa.nfree, 54);
    check_consistent();
}

/* A BIOS-style map: low RAM ending below the EBDA, ROM hole, extended
 * memory with ragged ends, a region above 4 GiB; then the kernel, a
 * module overlapping it and the first megabyte get reserved. */
static void load_memory_map(void)
{
    palloc_add_free(&pa, 0, 0x9FC00);                /* frames 1..0x9E */
    assert_int_equal(pa.nfree, 158);
    palloc_reserve(&pa, 0x9FC00, 0x400);             /* EBDA: already used */
    palloc_reserve(&pa, 0xF0000, 0x10000);           /* BIOS ROM */
    assert_int_equal(pa.nfree, 158);
    palloc_add_free(&pa, 0x100800, 0x3FF800 - 0x100800);  /* 0x101..0x3FE */
    assert_int_equal(pa.nfree, 158 + 766);
    palloc_add_free(&pa, 0x3FF800, MB(1));           /* past the end */
    palloc_add_free(&pa, GB(4), GB(2));              /* above 4 GiB */
    assert_int_equal(pa.nfree, 924);
    palloc_reserve(&pa, 0x100000, 0x23456);          /* kernel: 0x100..0x123 */
    assert_int_equal(pa.nfree, 924 - 35);
    palloc_reserve(&pa, 0x120000, 0x8001);           /* module: ..0x128 */
    assert_int_equal(pa.nfree, 924 - 35 - 5);
    palloc_reserve(&pa, 0, MB(1));                   /* first MB */
    assert_int_equal(pa.nfree, 924 - 35 - 5 - 158);
}

static void test_memory_map(void **state)
{
    (void)state;
    load_memory_map();
    assert_false(palloc_is_free(&pa, 0x9E000));
    assert_false(palloc_is_free(&pa, 0x128000));
    assert_true(palloc_is_free(&pa, 0x129000));
    assert_true(palloc_is_free(&pa, 0x3FE000));
    assert_false(palloc_is_free(&pa, 0x3FF000));
    assert_int_equal(palloc_alloc(&pa), 0x129000);
    assert_int_equal(palloc_alloc(&pa), 0x12A000);
    check_consistent();
}

static void test_alloc_order_and_wrap(void **state)
{
    uint32_t a, b, c;

    (void)state;
    palloc_add_free(&pa, FRAME(5), FRAME(3));        /* 5, 6, 7 */
    palloc_add_free(&pa, FRAME(40), FRAME(1));       /* 40 */
    a = palloc_alloc(&pa);
    b = palloc_alloc(&pa);
    assert_int_equal(a, FRAME(5));
    assert_int_equal(b, FRAME(6));
    /* freeing behind the hint does not pull the search back... */
    assert_true(palloc_free(&pa, a));
    c = palloc_alloc(&pa);
    assert_int_equal(c, FRAME(7));
    assert_int_equal(palloc_alloc(&pa), FRAME(40));
    /* ...until the search wraps around */
    assert_int_equal(palloc_alloc(&pa), FRAME(5));
    assert_int_equal(palloc_alloc(&pa), 0);
    assert_int_equal(pa.nfree, 0);
    /* last frame, then wrap from the top */
    palloc_add_free(&pa, FRAME(NFRAMES - 1), FRAME(1));
    palloc_add_free(&pa, FRAME(2), FRAME(1));
    assert_int_equal(palloc_alloc(&pa), FRAME(NFRAMES - 1));
    assert_int_equal(palloc_alloc(&pa), FRAME(2));
    check_consistent();
}

static void test_alloc_skips_full_words(void **state)
{
    (void)state;
    /* free frames only at 31, 64 and 200: crossing word boundaries */
    palloc_add_free(&pa, FRAME(31), FRAME(1));
    palloc_add_free(&pa, FRAME(64), FRAME(1));
    palloc_add_free(&pa, FRAME(200), FRAME(1));
    assert_int_equal(palloc_alloc(&pa), FRAME(31));
    assert_int_equal(palloc_alloc(&pa), FRAME(64));
    assert_int_equal(palloc_alloc(&pa), FRAME(200));
    assert_int_equal(palloc_alloc(&pa), 0);
}

static void test_exhaustion(void **state)
{
    uint32_t f, prev = 0, n = 0;

    (void)state;
    palloc_add_free(&pa, MB(1), MB(1));              /* 256 frames */
    while ((f = palloc_alloc(&pa)) != 0) {
        assert_int_equal(f & (PAGE_SIZE - 1), 0);
        assert_true(f > prev);                       /* ascending, unique */
        assert_true(f >= MB(1) && f < MB(2));
        assert_false(palloc_is_free(&pa, f));
        prev = f;
        n++;
    }
    assert_int_equal(n, 256);
    assert_int_equal(pa.nfree, 0);
    assert_int_equal(palloc_alloc(&pa), 0);
    assert_int_equal(palloc_alloc_contig(&pa, 1), 0);
    /* one frame back, one frame out */
    assert_true(palloc_free(&pa, MB(1) + FRAME(17)));
    assert_int_equal(palloc_alloc(&pa), MB(1) + FRAME(17));
    assert_int_equal(palloc_alloc(&pa), 0);
    check_consistent();
}

static void test_contig(void **state)
{
    (void)state;
    palloc_add_free(&pa, FRAME(1), FRAME(3));        /* 1..3 */
    palloc_add_free(&pa, FRAME(5), FRAME(6));        /* 5..10 */
    assert_int_equal(pa.nfree, 9);
    assert_int_equal(palloc_alloc_contig(&pa, 0), 0);
    assert_int_equal(palloc_alloc_contig(&pa, 7), 0);    /* no run of 7 */
    assert_int_equal(palloc_alloc_contig(&pa, 10), 0);   /* > nfree */
    assert_int_equal(pa.nfree, 9);
    assert_int_equal(palloc_alloc_contig(&pa, 4), FRAME(5));
    assert_int_equal(pa.nfree, 5);
    assert_false(palloc_is_free(&pa, FRAME(8)));
    assert_true(palloc_is_free(&pa, FRAME(9)));
    assert_int_equal(palloc_alloc_contig(&pa, 3), FRAME(1));
    assert_int_equal(palloc_alloc_contig(&pa, 3), 0);    /* only 9,10 left */
    assert_int_equal(palloc_alloc_contig(&pa, 2), FRAME(9));
    assert_int_equal(pa.nfree, 0);
    /* frees make a run again */
    assert_true(palloc_free(&pa, FRAME(2)));
    assert_true(palloc_free(&pa, FRAME(3)));
    assert_int_equal(palloc_alloc_contig(&pa, 2), FRAME(2));
    check_consistent();
}

static void test_contig_never_frame0(void **state)
{
    (void)state;
    palloc_add_free(&pa, 0, FRAME(4));               /* 1..3 usable */
    assert_int_equal(palloc_alloc_contig(&pa, 4), 0);
    assert_int_equal(palloc_alloc_contig(&pa, 3), FRAME(1));
}

static void test_contig_across_words_at_end(void **state)
{
    (void)state;
    palloc_add_free(&pa, FRAME(NFRAMES - 40), FRAME(40));
    assert_int_equal(palloc_alloc_contig(&pa, 40), FRAME(NFRAMES - 40));
    assert_int_equal(pa.nfree, 0);
    check_consistent();
}

static void test_free_checks(void **state)
{
    (void)state;
    palloc_add_free(&pa, FRAME(1), FRAME(10));
    assert_int_equal(palloc_alloc(&pa), FRAME(1));
    assert_int_equal(pa.nfree, 9);
    /* double free */
    assert_true(palloc_free(&pa, FRAME(1)));
    assert_int_equal(pa.nfree, 10);
    assert_false(palloc_free(&pa, FRAME(1)));
    assert_int_equal(pa.nfree, 10);
    /* never allocated (still free) */
    assert_false(palloc_free(&pa, FRAME(5)));
    /* out of range */
    assert_false(palloc_free(&pa, FRAME(NFRAMES)));
    assert_false(palloc_free(&pa, 0xFFFFF000u));
    /* not page aligned */
    assert_int_equal(palloc_alloc(&pa), FRAME(2));
    assert_false(palloc_free(&pa, FRAME(2) + 4));
    assert_false(palloc_is_free(&pa, FRAME(2)));
    assert_true(palloc_free(&pa, FRAME(2)));
    assert_false(palloc_is_free(&pa, FRAME(NFRAMES)));
    assert_int_equal(pa.nfree, 10);
    check_consistent();
}

static void test_clamp_to_4g(void **state)
{
    static uint32_t big[PALLOC_WORDS(0x100100u)];
    struct palloc p;

    (void)state;
    palloc_init(&p, big, 0x100100u);
    assert_int_equal(p.nframes, 0x100000u);
    palloc_add_free(&p, GB(4) - MB(1), MB(2));       /* straddles 4 GiB */
    assert_int_equal(p.nfree, 256);
    assert_true(palloc_is_free(&p, 0xFFFFF000u));
    assert_int_equal(palloc_alloc(&p), 0xFFF00000u);
    assert_int_equal(palloc_alloc_contig(&p, 255), 0xFFF01000u);
    assert_int_equal(palloc_alloc(&p), 0);
}

static void test_tiny(void **state)
{
    uint32_t w[1];
    struct palloc p;

    (void)state;
    palloc_init(&p, w, 0);
    palloc_add_free(&p, 0, MB(1));
    palloc_reserve(&p, 0, MB(1));
    assert_int_equal(p.nfree, 0);
    assert_int_equal(palloc_alloc(&p), 0);
    assert_false(palloc_free(&p, FRAME(1)));

    palloc_init(&p, w, 2);                           /* frames 0 and 1 */
    assert_int_equal(w[0], 0xFFFFFFFFu);
    palloc_add_free(&p, 0, MB(1));
    assert_int_equal(p.nfree, 1);
    assert_int_equal(palloc_alloc(&p), FRAME(1));
    assert_int_equal(palloc_alloc(&p), 0);
    assert_true(palloc_free(&p, FRAME(1)));
    assert_int_equal(palloc_alloc(&p), FRAME(1));
}

/* Random operations checked against a simple model of which frames the
 * allocator may hand out. */
static void test_random_against_model(void **state)
{
    static bool owned[NFRAMES];      /* allocated by us */
    static bool usable[NFRAMES];     /* free after the memory map */
    uint32_t seed = 12345, i, f, owned_n = 0, total;

    (void)state;
    memset(owned, 0, sizeof owned);
    load_memory_map();
    for (f = 0; f < NFRAMES; f++)
        usable[f] = palloc_is_free(&pa, FRAME(f));
    total = pa.nfree;
    for (i = 0; i < 20000; i++) {
        seed = seed * 1103515245u + 12345u;
        uint32_t r = (seed >> 16) % 100;
        if (r < 45) {
            f = palloc_alloc(&pa);
            if (owned_n == total) {
                assert_int_equal(f, 0);
                continue;
            }
            assert_int_not_equal(f, 0);
            assert_true(usable[f >> PAGE_SHIFT]);
            assert_false(owned[f >> PAGE_SHIFT]);
            owned[f >> PAGE_SHIFT] = true;
            owned_n++;
        } else if (r < 50) {
            uint32_t n = 1 + (seed >> 8) % 8, k;
            f = palloc_alloc_contig(&pa, n);
            if (f == 0)
                continue;
            for (k = 0; k < n; k++) {
                assert_true(usable[(f >> PAGE_SHIFT) + k]);
                assert_false(owned[(f >> PAGE_SHIFT) + k]);
                owned[(f >> PAGE_SHIFT) + k] = true;
            }
            owned_n += n;
        } else {
            /* reserved frames look allocated: freeing them is a caller
             * bug the bitmap cannot catch, so only try usable ones */
            f = (seed >> 4) % NFRAMES;
            if (!usable[f])
                continue;
            bool ok = palloc_free(&pa, FRAME(f));
            assert_int_equal(ok, owned[f]);
            if (ok) {
                owned[f] = false;
                owned_n--;
            }
        }
        assert_int_equal(pa.nfree, total - owned_n);
    }
    check_consistent();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_init_all_used, fresh),
        cmocka_unit_test_setup(test_add_free_unaligned_edges, fresh),
        cmocka_unit_test_setup(test_add_free_clipping, fresh),
        cmocka_unit_test_setup(test_frame0_never_free, fresh),
        cmocka_unit_test_setup(test_add_free_idempotent, fresh),
        cmocka_unit_test_setup(test_reserve_edges, fresh),
        cmocka_unit_test_setup(test_memory_map, fresh),
        cmocka_unit_test_setup(test_alloc_order_and_wrap, fresh),
        cmocka_unit_test_setup(test_alloc_skips_full_words, fresh),
        cmocka_unit_test_setup(test_exhaustion, fresh),
        cmocka_unit_test_setup(test_contig, fresh),
        cmocka_unit_test_setup(test_contig_never_frame0, fresh),
        cmocka_unit_test_setup(test_contig_across_words_at_end, fresh),
        cmocka_unit_test_setup(test_free_checks, fresh),
        cmocka_unit_test_setup(test_clamp_to_4g, fresh),
        cmocka_unit_test_setup(test_tiny, fresh),
        cmocka_unit_test_setup(test_random_against_model, fresh),
    };

    return cmocka_run_group_tests_name("palloc", tests, NULL, NULL);
}
