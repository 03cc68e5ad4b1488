/* test_sort.c - the radix sort the engine orders documents and events
 * with, against qsort. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

#include "ar/base/sort.h"

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* n keys: a random high part from a small range (many ties) and, below
 * low_bits, an index that ascends with the input. */
static uint64_t *make_keys(size_t n, int low_bits, unsigned seed)
{
    uint64_t *k = malloc(n * sizeof *k);
    srand(seed);
    for (size_t i = 0; i < n; i++)
        k[i] = ((uint64_t)(rand() % 97) << low_bits) | i;
    return k;
}

static void check_sorted_like_qsort(int low_bits, int first_bit)
{
    size_t n = 20000;
    uint64_t *k = make_keys(n, low_bits, 7);
    uint64_t *want = malloc(n * sizeof *want);
    uint64_t *tmp = malloc(n * sizeof *tmp);
    for (size_t i = 0; i < n; i++)
        want[i] = k[i];
    qsort(want, n, sizeof *want, cmp_u64);
    if (first_bit)
        ar_sort_keys_from(k, tmp, n, first_bit);
    else
        ar_sort_keys(k, tmp, n);
    for (size_t i = 0; i < n; i++)
        assert_true(k[i] == want[i]);
    free(k);
    free(want);
    free(tmp);
}

static void test_sort_full_keys_equal_qsort(void **state)
{
    (void)state;
    check_sorted_like_qsort(32, 0);
}

static void test_sort_from_bit_32_with_ascending_index_equals_qsort(
    void **state)
{
    (void)state;
    check_sorted_like_qsort(32, 32);
}

/* The settlement events: date above bit 32, a class bit at 31 and the
 * document index below, sorted from bit 24. */
static void test_sort_from_bit_24_with_class_bit_equals_qsort(void **state)
{
    (void)state;
    size_t n = 20000;
    uint64_t *k = malloc(n * sizeof *k);
    uint64_t *want = malloc(n * sizeof *want);
    uint64_t *tmp = malloc(n * sizeof *tmp);
    srand(11);
    for (size_t i = 0; i < n; i++) {
        uint64_t date = (uint64_t)(rand() % 40), cls = (uint64_t)(rand() % 2);
        k[i] = want[i] = date << 32 | cls << 31 | i;
    }
    qsort(want, n, sizeof *want, cmp_u64);
    ar_sort_keys_from(k, tmp, n, 24);
    for (size_t i = 0; i < n; i++)
        assert_true(k[i] == want[i]);
    free(k);
    free(want);
    free(tmp);
}

static void test_sort_empty_and_single(void **state)
{
    (void)state;
    uint64_t one = 42, tmp;
    ar_sort_keys(&one, &tmp, 0);
    ar_sort_keys(&one, &tmp, 1);
    assert_true(one == 42);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sort_full_keys_equal_qsort),
        cmocka_unit_test(
            test_sort_from_bit_32_with_ascending_index_equals_qsort),
        cmocka_unit_test(test_sort_from_bit_24_with_class_bit_equals_qsort),
        cmocka_unit_test(test_sort_empty_and_single),
    };
    return cmocka_run_group_tests_name("sort", tests, NULL, NULL);
}
