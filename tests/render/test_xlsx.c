/* test_xlsx.c - the workbook plumbing shared by the workbook renderers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "ar/render/xlsx/common.h"

static void test_xlsx_width_counts_characters_not_bytes(void **state)
{
    (void)state;
    /* "Łódź" is 4 characters in 7 bytes; + 1 for padding */
    assert_true(ar_xlsx_width("Łódź", 0, 100) == 5.0);
    assert_true(ar_xlsx_width("", 8, 100) == 8.0);
    assert_true(ar_xlsx_width("a very long client name", 0, 10) == 10.0);
}

static void test_xlsx_sheet_ref_is_quoted_with_quotes_doubled(void **state)
{
    (void)state;
    char buf[80];
    assert_string_equal(ar_xlsx_sheet_ref("Open items (2)", buf, sizeof buf),
                        "'Open items (2)'");
    assert_string_equal(ar_xlsx_sheet_ref("O'Brien", buf, sizeof buf),
                        "'O''Brien'");
    /* cut short, still closed and terminated */
    assert_string_equal(ar_xlsx_sheet_ref("Summary", buf, 6), "'Sum'");
    assert_string_equal(ar_xlsx_sheet_ref("a'b", buf, 5), "'a'");
    assert_string_equal(ar_xlsx_sheet_ref("a'b", buf, 6), "'a'''");
}

static void test_xlsx_serial_counts_from_1899_12_30(void **state)
{
    (void)state;
    assert_true(ar_xlsx_serial(ar_date_from_ymd(1970, 1, 1)) == 25569.0);
    assert_true(ar_xlsx_serial(ar_date_from_ymd(1900, 3, 1)) == 61.0);
    assert_true(ar_xlsx_serial(ar_date_from_ymd(2026, 10, 31)) == 46326.0);
}

static void test_xlsx_units_are_the_nearest_double(void **state)
{
    (void)state;
    assert_true(ar_xlsx_units(123456) == 1234.56);
    assert_true(ar_xlsx_units(-5) == -0.05);
    assert_true(ar_xlsx_units(0) == 0.0);
}

/* Text over Excel's limit is cut (the library alone refuses it), dates
 * outside Excel's range go in as text, and the workbook closes cleanly.
 * The test drives libxlsxwriter directly for the worksheet it needs. */
static void test_xlsx_writers_take_what_excel_cannot_hold(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_xlsx.XXXXXX";
    assert_non_null(mkdtemp(dir));
    ar_diag d;
    ar_diag_clear(&d);
    lxw_workbook *wb = ar_xlsx_open(dir, "t.xlsx",
                                    ar_date_from_ymd(2026, 10, 31), "test",
                                    true, &d);
    assert_non_null(wb);
    ar_xlsx_formats f;
    ar_xlsx_formats_init(wb, &f);
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    assert_non_null(ws);

    size_t n = AR_XLSX_MAX_TEXT + 100;
    char *long_text = malloc(n + 1);
    assert_non_null(long_text);
    memset(long_text, 'x', n);
    /* an "é" straddles the cut: it must go whole */
    memcpy(long_text + AR_XLSX_MAX_TEXT - 1, "\xC3\xA9", 2);
    long_text[n] = '\0';
    assert_int_not_equal(worksheet_write_string(ws, 0, 0, long_text, NULL),
                         LXW_NO_ERROR);
    assert_int_equal(ar_xlsx_text(ws, 0, 0, long_text, NULL), LXW_NO_ERROR);
    free(long_text);
    assert_int_equal(ar_xlsx_text(ws, 1, 0, "=HYPERLINK(\"x\")", NULL), 0);
    assert_int_equal(ar_xlsx_date(ws, 2, 0, ar_date_from_ymd(1, 1, 1),
                                  f.date), 0);
    assert_int_equal(ar_xlsx_date(ws, 2, 1, ar_date_from_ymd(1900, 2, 28),
                                  f.date), 0);
    assert_int_equal(ar_xlsx_date(ws, 2, 2, ar_date_from_ymd(9999, 12, 31),
                                  f.date), 0);
    assert_int_equal(ar_xlsx_date(ws, 2, 3, AR_DATE_NONE, f.date), 0);
    assert_int_equal(ar_xlsx_cents(ws, 3, 0, 123456, f.money), 0);
    assert_int_equal(ar_xlsx_close(wb, 0, dir, "t.xlsx", &d), AR_OK);

    char path[256];
    snprintf(path, sizeof path, "%s/t.xlsx", dir);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(st.st_size > 0);
    unlink(path);
    rmdir(dir);
}

/* A cell writer's error fails the close, naming the file. */
static void test_xlsx_close_reports_a_cell_error(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_xlsx.XXXXXX";
    assert_non_null(mkdtemp(dir));
    ar_diag d;
    ar_diag_clear(&d);
    lxw_workbook *wb = ar_xlsx_open(dir, "t.xlsx",
                                    ar_date_from_ymd(2026, 10, 31), NULL,
                                    true, &d);
    assert_non_null(wb);
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    assert_int_equal(worksheet_write_number(ws, 5, 0, 1, NULL), 0);
    /* constant_memory: a row already passed cannot be written */
    int e = worksheet_write_number(ws, 4, 0, 1, NULL);
    assert_int_not_equal(e, 0);
    assert_int_equal(ar_xlsx_close(wb, e, dir, "t.xlsx", &d),
                     AR_ERR_OUTPUT);
    char want[256];
    snprintf(want, sizeof want, "%s/t.xlsx", dir);
    assert_string_equal(d.file, want);
    unlink(want);
    rmdir(dir);
}

static void test_xlsx_close_reports_an_unwritable_directory(void **state)
{
    (void)state;
    ar_diag d;
    ar_diag_clear(&d);
    lxw_workbook *wb = ar_xlsx_open("/nonexistent/dir", "t.xlsx",
                                           ar_date_from_ymd(2026, 10, 31),
                                           NULL, false, &d);
    if (!wb) { /* refused at once: also an output error */
        assert_string_equal(d.file, "/nonexistent/dir/t.xlsx");
        return;
    }
    assert_int_equal(ar_xlsx_close(wb, 0, "/nonexistent/dir", "t.xlsx", &d),
                     AR_ERR_OUTPUT);
    assert_string_equal(d.file, "/nonexistent/dir/t.xlsx");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xlsx_width_counts_characters_not_bytes),
        cmocka_unit_test(test_xlsx_sheet_ref_is_quoted_with_quotes_doubled),
        cmocka_unit_test(test_xlsx_serial_counts_from_1899_12_30),
        cmocka_unit_test(test_xlsx_units_are_the_nearest_double),
        cmocka_unit_test(test_xlsx_writers_take_what_excel_cannot_hold),
        cmocka_unit_test(test_xlsx_close_reports_a_cell_error),
        cmocka_unit_test(test_xlsx_close_reports_an_unwritable_directory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
