/* test_shard.c - a client's shard (issue #21): FNV-1a 64 of its id modulo
 * N, and the --shard argument. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "ar/base/shard.h"

/* The published FNV-1a 64 test vectors: the hash is the documented one,
 * so another tool (the tests' Python, a scheduler script) finds the same
 * shard. */
static void test_shard_hash_is_fnv1a_64(void **state)
{
    (void)state;
    assert_true(ar_shard_hash("", 0) == 0xcbf29ce484222325ULL);
    assert_true(ar_shard_hash("a", 1) == 0xaf63dc4c8601ec8cULL);
    assert_true(ar_shard_hash("foobar", 6) == 0x85944171f73967e8ULL);
}

static void test_shard_of_is_hash_mod_n(void **state)
{
    (void)state;
    const char *id = "C1001";
    uint64_t h = ar_shard_hash(id, strlen(id));
    for (unsigned n = 1; n <= 9; n++)
        assert_int_equal(ar_shard_of(id, strlen(id), n), h % n);
}

static void test_shard_row_without_client_is_shard_0(void **state)
{
    (void)state;
    for (unsigned n = 1; n <= 9; n++)
        assert_int_equal(ar_shard_of("", 0, n), 0);
}

static void test_shard_parse_k_of_n(void **state)
{
    (void)state;
    unsigned k = 9, n = 9;
    char msg[300];
    assert_int_equal(ar_shard_parse("2/7", NULL, NULL, &k, &n, msg,
                                    sizeof msg), AR_OK);
    assert_int_equal(k, 2);
    assert_int_equal(n, 7);
    assert_int_equal(ar_shard_parse("0/1", NULL, NULL, &k, &n, msg,
                                    sizeof msg), AR_OK);
    assert_int_equal(k, 0);
    assert_int_equal(n, 1);
}

static void test_shard_parse_refuses_k_out_of_range(void **state)
{
    (void)state;
    unsigned k, n;
    char msg[300];
    assert_int_equal(ar_shard_parse("4/4", NULL, NULL, &k, &n, msg,
                                    sizeof msg), AR_ERR_USAGE);
    assert_non_null(strstr(msg, "numbered 0 to 3"));
    const char *bad[] = {"1/0", "-1/4", "x/4", "4", "/4", "1/", "1/4x",
                         " 1/4", "1/65537", "99999999999/4"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(ar_shard_parse(bad[i], NULL, NULL, &k, &n, msg,
                                        sizeof msg), AR_ERR_USAGE);
}

static void test_shard_parse_auto_reads_slurm_then_kubernetes(void **state)
{
    (void)state;
    unsigned k = 9, n = 9;
    char msg[300];
    assert_int_equal(ar_shard_parse("auto/4", "3", "1", &k, &n, msg,
                                    sizeof msg), AR_OK);
    assert_int_equal(k, 3);
    assert_int_equal(ar_shard_parse("auto/4", NULL, "1", &k, &n, msg,
                                    sizeof msg), AR_OK);
    assert_int_equal(k, 1);
    assert_int_equal(ar_shard_parse("auto/4", "", "2", &k, &n, msg,
                                    sizeof msg), AR_OK);
    assert_int_equal(k, 2);
}

static void test_shard_parse_auto_without_env_is_a_usage_error(void **state)
{
    (void)state;
    unsigned k, n;
    char msg[300];
    assert_int_equal(ar_shard_parse("auto/4", NULL, NULL, &k, &n, msg,
                                    sizeof msg), AR_ERR_USAGE);
    assert_non_null(strstr(msg, "SLURM_ARRAY_TASK_ID"));
    assert_int_equal(ar_shard_parse("auto/4", "4", NULL, &k, &n, msg,
                                    sizeof msg), AR_ERR_USAGE);
    assert_non_null(strstr(msg, "out of range"));
    assert_int_equal(ar_shard_parse("auto/4", "1x", NULL, &k, &n, msg,
                                    sizeof msg), AR_ERR_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shard_hash_is_fnv1a_64),
        cmocka_unit_test(test_shard_of_is_hash_mod_n),
        cmocka_unit_test(test_shard_row_without_client_is_shard_0),
        cmocka_unit_test(test_shard_parse_k_of_n),
        cmocka_unit_test(test_shard_parse_refuses_k_out_of_range),
        cmocka_unit_test(test_shard_parse_auto_reads_slurm_then_kubernetes),
        cmocka_unit_test(test_shard_parse_auto_without_env_is_a_usage_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
