/* test_spool.c - the fold's temporary files: rows come back whole and in
 * the order written, across the write buffer and read chunk boundaries,
 * in the partition their number or client picks. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ar/fold/spool.h"

typedef struct fx {
    char dir[512];
    ar_spool_parts sp;
    ar_diag d;
} fx;

static int setup(void **state)
{
    fx *f = test_calloc(1, sizeof *f);
    const char *tmp = getenv("TMPDIR");
    snprintf(f->dir, sizeof f->dir, "%s/arbatch-spool-test-XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    assert_non_null(mkdtemp(f->dir));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    ar_spool_parts_close(&f->sp);
    rmdir(f->dir); /* empty: every file was unlinked when made */
    test_free(f);
    return 0;
}

/* Row k: number "N<k>" padded to len bytes, applies_to "R<k>". */
static ar_spool_row row(uint32_t k, uint32_t client, char *no, size_t len,
                        char *ref)
{
    memset(no, 'x', len);
    int n = snprintf(no, len, "N%u", k);
    no[n] = 'x'; /* no terminator inside the field */
    int m = sprintf(ref, "R%u", k);
    ar_spool_row r = {.no = no, .ref = ref};
    r.h = (ar_spool_head){.amount = 100 * (ar_cents)k, .client = client,
                          .line = k + 2, .no_len = (uint32_t)len,
                          .ref_len = (uint32_t)m, .type = 1};
    return r;
}

static void check_row(const ar_spool_row *r, uint32_t k, size_t len)
{
    char no[16], ref[16];
    assert_int_equal(r->h.line, k + 2);
    assert_int_equal(r->h.amount, 100 * (ar_cents)k);
    assert_int_equal(r->h.no_len, len);
    int n = snprintf(no, sizeof no, "N%u", k);
    assert_memory_equal(r->no, no, (size_t)n);
    for (size_t i = (size_t)n; i < len; i++)
        assert_int_equal(r->no[i], 'x');
    int m = snprintf(ref, sizeof ref, "R%u", k);
    assert_int_equal(r->h.ref_len, m);
    assert_memory_equal(r->ref, ref, (size_t)m);
}

/* Field sizes across the 32 KiB write buffer and the 1 MiB read chunk. */
static size_t len_of(uint32_t k)
{
    return k == 7 ? (2u << 20) : k % 50 == 3 ? 40000 : 8 + k % 5;
}

static void test_spool_rows_come_back_in_order_and_whole(void **state)
{
    fx *f = *state;
    enum { N = 3000 };
    assert_int_equal(ar_spool_parts_open(&f->sp, 1, f->dir, &f->d), AR_OK);
    char *no = malloc(len_of(7));
    char ref[16];
    assert_non_null(no);
    for (uint32_t k = 0; k < N; k++) {
        ar_spool_row r = row(k, k % 7, no, len_of(k), ref);
        assert_int_equal(ar_spool_put_by_no(&f->sp, &r, &f->d), AR_OK);
    }
    free(no);
    ar_spool_reader rr;
    ar_spool_row r;
    uint32_t k = 0;
    ar_spool_reader_open(&rr, &f->sp.by_no[0], &f->d);
    while (ar_spool_next(&rr, &r)) {
        check_row(&r, k, len_of(k));
        k++;
    }
    assert_int_equal(ar_spool_reader_close(&rr, false), AR_OK);
    assert_int_equal(k, N);
    assert_true(f->sp.by_no[0].size > 0); /* kept: not done */

    char *buf;
    ar_spool_row *rows;
    size_t n;
    assert_int_equal(
        ar_spool_read_all(&f->sp.by_no[0], &buf, &rows, &n, &f->d), AR_OK);
    assert_int_equal(n, N);
    for (k = 0; k < N; k++)
        check_row(&rows[k], k, len_of(k));
    free(rows);
    free(buf);
    assert_int_equal(f->sp.by_no[0].size, 0); /* emptied */
}

static void test_spool_partition_by_number_and_by_client(void **state)
{
    fx *f = *state;
    enum { N = 500, PARTS = 5 };
    assert_int_equal(ar_spool_parts_open(&f->sp, PARTS, f->dir, &f->d),
                     AR_OK);
    char no[16], ref[16];
    for (uint32_t k = 0; k < N; k++) {
        ar_spool_row r = row(k, k % 37, no, 10, ref);
        assert_int_equal(ar_spool_put_by_no(&f->sp, &r, &f->d), AR_OK);
        assert_int_equal(ar_spool_put_by_client(&f->sp, &r, &f->d), AR_OK);
    }
    size_t by_no = 0, by_client = 0;
    for (size_t p = 0; p < PARTS; p++) {
        ar_spool_reader rr;
        ar_spool_row r;
        uint32_t last = 0;
        ar_spool_reader_open(&rr, &f->sp.by_no[p], &f->d);
        for (; ar_spool_next(&rr, &r); by_no++) {
            uint64_t h = ar_spool_hash_no(r.h.type, r.no, r.h.no_len);
            assert_int_equal(h % PARTS, p);
            assert_true(r.h.line > last); /* in the order written */
            last = r.h.line;
        }
        assert_int_equal(ar_spool_reader_close(&rr, true), AR_OK);
        last = 0;
        ar_spool_reader_open(&rr, &f->sp.by_client[p], &f->d);
        for (; ar_spool_next(&rr, &r); by_client++) {
            size_t part = ar_spool_client_part(&f->sp, r.h.client);
            assert_int_equal(part, p);
            assert_true(r.h.line > last);
            last = r.h.line;
        }
        assert_int_equal(ar_spool_reader_close(&rr, true), AR_OK);
    }
    assert_int_equal(by_no, N);
    assert_int_equal(by_client, N);
}

/* A directory that cannot be made (a file is in the way) is an output
 * error; one that is only missing is made again: a run beside this one
 * with the same --out made it and removed it, empty, when it was done. */
static void test_spool_dir_that_cannot_be_made_is_an_output_error(void **state)
{
    fx *f = *state;
    char file[600], dir[700];
    snprintf(file, sizeof file, "%s/file", f->dir);
    FILE *fp = fopen(file, "w");
    assert_non_null(fp);
    fclose(fp);
    snprintf(dir, sizeof dir, "%s/sub", file);
    assert_int_equal(ar_spool_parts_open(&f->sp, 2, dir, &f->d),
                     AR_ERR_OUTPUT);
    assert_non_null(strstr(f->d.message, "temporary file"));
    unlink(file);
}

static void test_spool_missing_dir_is_made_again(void **state)
{
    fx *f = *state;
    char dir[600];
    snprintf(dir, sizeof dir, "%s/gone", f->dir);
    assert_int_equal(ar_spool_parts_open(&f->sp, 2, dir, &f->d), AR_OK);
    ar_spool_parts_close(&f->sp);
    memset(&f->sp, 0, sizeof f->sp);
    assert_int_equal(rmdir(dir), 0); /* made, and empty: all unlinked */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_spool_rows_come_back_in_order_and_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_spool_partition_by_number_and_by_client, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_spool_dir_that_cannot_be_made_is_an_output_error, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_spool_missing_dir_is_made_again, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
