/* test_line_map.c - a shard folder's copy read in place of the original
 * file, its records numbered with the original's lines (issue #21). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/base/files.h"
#include "ar/ingest/csv_reader.h"
#include "ar/ingest/line_map.h"

static char dir[64];

static void put(const char *name, const char *text, char *path, size_t n)
{
    snprintf(path, n, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/test_line_map.XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ar_csv_redirect_clear();
    ar_remove_tree(dir);
    return 0;
}

/* the header and records take the original's lines, a record of two
 * lines keeps its two lines, and the digest is the original's */
static void test_line_map_numbers_records_as_the_original(void **state)
{
    (void)state;
    char copy[128], lines[128];
    put("copy.csv", "a,b\n1,2\n\"x\ny\",3\n", copy, sizeof copy);
    put("copy.lines", "5\n9\n12\n", lines, sizeof lines);
    const char *sha = "ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12";
    ar_csv_redirect("/nowhere/ledger.csv", copy, lines, sha);
    ar_csv_reader *r = NULL;
    ar_diag d;
    assert_int_equal(ar_csv_open(&r, "/nowhere/ledger.csv", 0, &d), AR_OK);
    assert_int_equal(ar_csv_header_line(r), 5);
    ar_csv_record rec;
    assert_int_equal(ar_csv_next(r, &rec, &d), 1);
    assert_int_equal(rec.line, 9);
    assert_int_equal(rec.end_line, 9);
    assert_int_equal(ar_csv_next(r, &rec, &d), 1);
    assert_int_equal(rec.line, 12);
    assert_int_equal(rec.end_line, 13);
    assert_string_equal(rec.fields[0], "x\ny");
    assert_int_equal(ar_csv_next(r, &rec, &d), 0);
    char hex[65];
    ar_csv_sha256(r, hex);
    assert_string_equal(hex, sha);
    ar_csv_close(r);
    assert_string_equal(ar_csv_redirected("/nowhere/ledger.csv"), copy);
    assert_string_equal(ar_csv_redirected("other.csv"), "other.csv");
}

/* a map that runs short, or goes backwards, refuses the file instead of
 * numbering records wrongly */
static void test_line_map_damaged_is_refused(void **state)
{
    (void)state;
    char copy[128], shortl[128], back[128];
    put("c2.csv", "a,b\n1,2\n3,4\n", copy, sizeof copy);
    put("short.lines", "1\n2\n", shortl, sizeof shortl);
    put("back.lines", "1\n7\n3\n", back, sizeof back);
    const char *maps[] = {shortl, back};
    for (int i = 0; i < 2; i++) {
        ar_csv_redirect_clear();
        ar_csv_redirect("orig.csv", copy, maps[i], "-");
        ar_csv_reader *r = NULL;
        ar_diag d;
        assert_int_equal(ar_csv_open(&r, "orig.csv", 0, &d), AR_OK);
        ar_csv_record rec;
        assert_int_equal(ar_csv_next(r, &rec, &d), 1);
        assert_int_equal(ar_csv_next(r, &rec, &d), -1);
        assert_int_equal(ar_csv_error(r), AR_ERR_IO);
        assert_non_null(strstr(d.message, "does not number"));
        ar_csv_close(r);
    }
}

/* without a redirection a path is read as it is */
static void test_line_map_unredirected_path_reads_itself(void **state)
{
    (void)state;
    ar_csv_redirect_clear();
    char plain[128];
    put("plain.csv", "a,b\n\n1,2\n", plain, sizeof plain);
    ar_csv_reader *r = NULL;
    ar_diag d;
    assert_int_equal(ar_csv_open(&r, plain, 0, &d), AR_OK);
    ar_csv_record rec;
    assert_int_equal(ar_csv_next(r, &rec, &d), 1);
    assert_int_equal(rec.line, 3);
    ar_csv_close(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_map_numbers_records_as_the_original),
        cmocka_unit_test(test_line_map_damaged_is_refused),
        cmocka_unit_test(test_line_map_unredirected_path_reads_itself),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
