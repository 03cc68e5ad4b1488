/* test_date.c - day numbers, calendar validation, pattern parsing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "ar/base/date.h"

#define SENTINEL 424242

static ar_err parse(const char *s, const char *pattern, ar_date *out)
{
    *out = SENTINEL;
    return ar_date_parse(s, strlen(s), pattern, out);
}

static void check_ok(const char *s, const char *pattern, int y, int m, int d)
{
    ar_date got;
    if (parse(s, pattern, &got) != AR_OK)
        fail_msg("\"%s\" by \"%s\": rejected, want %04d-%02d-%02d", s,
                 pattern, y, m, d);
    if (got != ar_date_from_ymd(y, m, d))
        fail_msg("\"%s\" by \"%s\": day %d, want %04d-%02d-%02d", s, pattern,
                 (int)got, y, m, d);
}

static void check_bad(const char *s, const char *pattern)
{
    ar_date got;
    if (parse(s, pattern, &got) != AR_ERR_DATE)
        fail_msg("\"%s\" by \"%s\": accepted as day %d", s, pattern,
                 (int)got);
    assert_int_equal(got, SENTINEL);
}

/* ---- day numbers --------------------------------------------------------- */

static void test_date_epoch_is_day_zero(void **state)
{
    (void)state;
    assert_int_equal(ar_date_from_ymd(1970, 1, 1), 0);
    assert_int_equal(ar_date_from_ymd(1970, 1, 2), 1);
    assert_int_equal(ar_date_from_ymd(1969, 12, 31), -1);
    assert_int_equal(ar_date_from_ymd(2000, 3, 1), 11017);
    assert_int_equal(ar_date_from_ymd(2024, 1, 5), 19727);
    assert_int_equal(ar_date_from_ymd(1, 1, 1), -719162);
    assert_int_equal(ar_date_from_ymd(9999, 12, 31), 2932896);
}

static void test_date_round_trips_every_day_1900_to_2100(void **state)
{
    (void)state;
    int y = 1900, m = 1, d = 1;
    ar_date last = ar_date_from_ymd(2100, 12, 31);
    for (ar_date day = ar_date_from_ymd(1900, 1, 1); day <= last; day++) {
        int gy, gm, gd;
        ar_date_to_ymd(day, &gy, &gm, &gd);
        if (gy != y || gm != m || gd != d)
            fail_msg("day %d: %04d-%02d-%02d, want %04d-%02d-%02d", (int)day,
                     gy, gm, gd, y, m, d);
        assert_true(ar_date_valid(y, m, d));
        assert_int_equal(ar_date_from_ymd(y, m, d), day);
        /* Step the calendar by hand, independently of the library. */
        if (++d > ar_date_days_in_month(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    assert_int_equal(y, 2101);
}

static void test_date_round_trips_years_1_to_9999(void **state)
{
    (void)state;
    ar_date prev = ar_date_from_ymd(1, 1, 1) - 1;
    for (int y = 1; y <= 9999; y++)
        for (int m = 1; m <= 12; m++) {
            int n = ar_date_days_in_month(y, m);
            for (int d = 1; d <= n; d++) {
                ar_date day = ar_date_from_ymd(y, m, d);
                assert_int_equal(day, prev + 1);
                int gy, gm, gd;
                ar_date_to_ymd(day, &gy, &gm, &gd);
                assert_int_equal(gy, y);
                assert_int_equal(gm, m);
                assert_int_equal(gd, d);
                prev = day;
            }
        }
}

static void test_date_none_compares_below_every_date(void **state)
{
    (void)state;
    assert_true(AR_DATE_NONE < ar_date_from_ymd(1, 1, 1));
}

/* ---- calendar validation ------------------------------------------------- */

static void test_date_2023_02_29_is_invalid(void **state)
{
    (void)state;
    assert_false(ar_date_valid(2023, 2, 29));
    check_bad("2023-02-29", "%Y-%m-%d");
}

static void test_date_2024_02_29_is_valid(void **state)
{
    (void)state;
    assert_true(ar_date_valid(2024, 2, 29));
    check_ok("2024-02-29", "%Y-%m-%d", 2024, 2, 29);
}

static void test_date_1900_02_29_is_invalid(void **state)
{
    (void)state;
    assert_false(ar_date_valid(1900, 2, 29));
    check_bad("1900-02-29", "%Y-%m-%d");
}

static void test_date_2000_02_29_is_valid(void **state)
{
    (void)state;
    assert_true(ar_date_valid(2000, 2, 29));
    check_ok("29.02.2000", "%d.%m.%Y", 2000, 2, 29);
}

static void test_date_month_13_is_invalid(void **state)
{
    (void)state;
    assert_false(ar_date_valid(2024, 13, 1));
    assert_false(ar_date_valid(2024, 0, 1));
    check_bad("2024-13-01", "%Y-%m-%d");
    check_bad("2024-00-01", "%Y-%m-%d");
}

static void test_date_day_0_is_invalid(void **state)
{
    (void)state;
    assert_false(ar_date_valid(2024, 1, 0));
    check_bad("2024-01-00", "%Y-%m-%d");
    check_bad("0/5/2024", "%d/%m/%Y");
}

static void test_date_day_32_is_invalid(void **state)
{
    (void)state;
    assert_false(ar_date_valid(2024, 1, 32));
    check_bad("2024-01-32", "%Y-%m-%d");
    check_bad("2024-04-31", "%Y-%m-%d");
}

static void test_date_year_0000_is_invalid(void **state)
{
    (void)state;
    assert_false(ar_date_valid(0, 1, 1));
    assert_false(ar_date_valid(10000, 1, 1));
    assert_true(ar_date_valid(1, 1, 1));
    assert_true(ar_date_valid(9999, 12, 31));
    check_bad("0000-01-01", "%Y-%m-%d");
    check_ok("0001-01-01", "%Y-%m-%d", 1, 1, 1);
}

static void test_date_days_in_month(void **state)
{
    (void)state;
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
    for (int m = 1; m <= 12; m++)
        assert_int_equal(ar_date_days_in_month(2023, m), days[m - 1]);
    assert_int_equal(ar_date_days_in_month(2024, 2), 29);
    assert_int_equal(ar_date_days_in_month(1900, 2), 28);
    assert_int_equal(ar_date_days_in_month(2000, 2), 29);
    assert_int_equal(ar_date_days_in_month(2024, 0), 0);
    assert_int_equal(ar_date_days_in_month(2024, 13), 0);
}

/* ---- parsing ------------------------------------------------------------- */

static void test_date_parses_iso(void **state)
{
    (void)state;
    check_ok("2024-01-05", "%Y-%m-%d", 2024, 1, 5);
    check_ok("1969-12-31", "%Y-%m-%d", 1969, 12, 31);
}

static void test_date_parses_us_month_first(void **state)
{
    (void)state;
    check_ok("01/05/2024", "%m/%d/%Y", 2024, 1, 5);
    check_ok("12/31/1999", "%m/%d/%Y", 1999, 12, 31);
    check_bad("31/12/1999", "%m/%d/%Y");
}

static void test_date_parses_german_dots(void **state)
{
    (void)state;
    check_ok("05.01.2024", "%d.%m.%Y", 2024, 1, 5);
    check_ok("5.1.2024", "%d.%m.%Y", 2024, 1, 5);
}

static void test_date_parses_european_slashes(void **state)
{
    (void)state;
    check_ok("31/12/1999", "%d/%m/%Y", 1999, 12, 31);
    check_bad("12/31/1999", "%d/%m/%Y");
}

static void test_date_parses_other_patterns(void **state)
{
    (void)state;
    check_ok("20240105", "%Y%m%d", 2024, 1, 5);
    check_ok("2024/01/05", "%Y/%m/%d", 2024, 1, 5);
    check_ok("05 01 2024", "%d %m %Y", 2024, 1, 5);
}

static void test_date_accepts_unpadded_month_and_day(void **state)
{
    (void)state;
    check_ok("2024-1-5", "%Y-%m-%d", 2024, 1, 5);
    check_ok("2024-01-5", "%Y-%m-%d", 2024, 1, 5);
    check_ok("1/5/2024", "%m/%d/%Y", 2024, 1, 5);
}

static void test_date_rejects_three_digit_month_or_day(void **state)
{
    (void)state;
    check_bad("2024-001-05", "%Y-%m-%d");
    check_bad("2024-01-005", "%Y-%m-%d");
    check_bad("005.01.2024", "%d.%m.%Y");
}

static void test_date_year_must_have_four_digits(void **state)
{
    (void)state;
    check_bad("24-01-05", "%Y-%m-%d");
    check_bad("02024-01-05", "%Y-%m-%d");
    check_bad("05.01.24", "%d.%m.%Y");
    check_bad("05.01.20245", "%d.%m.%Y");
}

static void test_date_rejects_trailing_garbage(void **state)
{
    (void)state;
    check_bad("2024-01-05x", "%Y-%m-%d");
    check_bad("2024-01-05T00:00", "%Y-%m-%d");
    check_bad("2024-01-05 00:00:00", "%Y-%m-%d");
    check_bad("2024-01-05-", "%Y-%m-%d");
}

static void test_date_rejects_leading_garbage(void **state)
{
    (void)state;
    check_bad("x2024-01-05", "%Y-%m-%d");
    check_bad("'2024-01-05", "%Y-%m-%d");
}

static void test_date_rejects_truncated_input(void **state)
{
    (void)state;
    check_bad("2024-01", "%Y-%m-%d");
    check_bad("2024-01-", "%Y-%m-%d");
    check_bad("2024", "%Y-%m-%d");
}

static void test_date_literals_must_match_exactly(void **state)
{
    (void)state;
    check_bad("2024/01/05", "%Y-%m-%d");
    check_bad("2024-01/05", "%Y-%m-%d");
    check_bad("05-01-2024", "%d.%m.%Y");
    check_bad("2024 - 01 - 05", "%Y-%m-%d");
}

static void test_date_ignores_surrounding_blanks(void **state)
{
    (void)state;
    check_ok("  2024-01-05\t", "%Y-%m-%d", 2024, 1, 5);
    check_ok("\t5.1.2024 ", "%d.%m.%Y", 2024, 1, 5);
}

static void test_date_rejects_blank_input(void **state)
{
    (void)state;
    check_bad("", "%Y-%m-%d");
    check_bad("   ", "%Y-%m-%d");
    ar_date out = SENTINEL;
    assert_int_equal(ar_date_parse(NULL, 0, "%Y-%m-%d", &out), AR_ERR_DATE);
    assert_int_equal(out, SENTINEL);
}

static void test_date_rejects_signs_and_non_digits(void **state)
{
    (void)state;
    check_bad("2024-+1-05", "%Y-%m-%d");
    check_bad("2024--1-05", "%Y-%m-%d");
    check_bad("+024-01-05", "%Y-%m-%d");
    check_bad("2024-0x-05", "%Y-%m-%d");
    check_bad("2024-Jan-05", "%Y-%m-%d");
    check_bad("2024-01-\xD9\xA5", "%Y-%m-%d"); /* Arabic-Indic five */
}

static void test_date_parse_reads_only_len_bytes(void **state)
{
    (void)state;
    ar_date out = SENTINEL;
    assert_int_equal(ar_date_parse("2024-01-05xyz", 10, "%Y-%m-%d", &out),
                     AR_OK);
    assert_int_equal(out, ar_date_from_ymd(2024, 1, 5));
    assert_int_equal(ar_date_parse("2024-1-51", 8, "%Y-%m-%d", &out),
                     AR_OK);
    assert_int_equal(out, ar_date_from_ymd(2024, 1, 5));

    /* An unterminated heap copy: ASan reports any read past the end. */
    static const char *const inputs[] = {"2024-01-05", "2024-01-", "2024",
                                         "2024-1-5 ", " "};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        size_t n = strlen(inputs[i]);
        char *copy = malloc(n ? n : 1);
        assert_non_null(copy);
        memcpy(copy, inputs[i], n);
        (void)ar_date_parse(copy, n, "%Y-%m-%d", &out);
        free(copy);
    }
}

static void test_date_parse_rejects_invalid_pattern(void **state)
{
    (void)state;
    check_bad("2024-01-05", "%Y-%m");
    check_bad("2024-01-05-05", "%Y-%m-%d-%d");
    check_bad("2024-01-05", "%Y-%m-%e");
    check_bad("2024-01-05%", "%Y-%m-%d%");
    check_bad("2024-01-05%", "%Y-%m-%d%%");
    check_bad("2024-01-05", "");
    ar_date out = SENTINEL;
    assert_int_equal(ar_date_parse("2024-01-05", 10, NULL, &out),
                     AR_ERR_DATE);
    assert_int_equal(out, SENTINEL);
}

static void test_date_pattern_valid_accepts_supported_formats(void **state)
{
    (void)state;
    assert_true(ar_date_pattern_valid("%Y-%m-%d"));
    assert_true(ar_date_pattern_valid("%m/%d/%Y"));
    assert_true(ar_date_pattern_valid("%d.%m.%Y"));
    assert_true(ar_date_pattern_valid("%d/%m/%Y"));
    assert_true(ar_date_pattern_valid("%Y%m%d"));
}

static void test_date_pattern_valid_requires_each_field_once(void **state)
{
    (void)state;
    assert_false(ar_date_pattern_valid(""));
    assert_false(ar_date_pattern_valid("%Y-%m"));
    assert_false(ar_date_pattern_valid("%m/%d"));
    assert_false(ar_date_pattern_valid("%Y-%m-%d %d"));
    assert_false(ar_date_pattern_valid("%Y-%Y-%m-%d"));
    assert_false(ar_date_pattern_valid("Y-m-d"));
    assert_false(ar_date_pattern_valid(NULL));
}

static void test_date_pattern_valid_rejects_other_percent_sequences(
    void **state)
{
    (void)state;
    assert_false(ar_date_pattern_valid("%Y-%m-%d %H:%M"));
    assert_false(ar_date_pattern_valid("%y-%m-%d"));
    assert_false(ar_date_pattern_valid("%Y-%m-%d%%"));
    assert_false(ar_date_pattern_valid("%Y-%m-%d%"));
    assert_false(ar_date_pattern_valid("%Y-%b-%d"));
}

/* ---- formatting and month ends ------------------------------------------- */

static void test_date_format_iso(void **state)
{
    (void)state;
    char buf[11];
    assert_string_equal(
        ar_date_format_iso(ar_date_from_ymd(2024, 1, 5), buf, sizeof buf),
        "2024-01-05");
    assert_string_equal(ar_date_format_iso(0, buf, sizeof buf), "1970-01-01");
    assert_string_equal(
        ar_date_format_iso(ar_date_from_ymd(1, 1, 1), buf, sizeof buf),
        "0001-01-01");
    assert_string_equal(
        ar_date_format_iso(ar_date_from_ymd(9999, 12, 31), buf, sizeof buf),
        "9999-12-31");
    assert_string_equal(ar_date_format_iso(AR_DATE_NONE, buf, sizeof buf),
                        "");
}

static void test_date_format_iso_round_trips_through_parse(void **state)
{
    (void)state;
    char buf[11];
    for (ar_date day = ar_date_from_ymd(1999, 1, 1);
         day <= ar_date_from_ymd(2031, 12, 31); day++) {
        ar_date back = SENTINEL;
        ar_date_format_iso(day, buf, sizeof buf);
        assert_int_equal(ar_date_parse(buf, 10, "%Y-%m-%d", &back), AR_OK);
        assert_int_equal(back, day);
    }
}

static void test_date_format_iso_truncates_to_small_buffer(void **state)
{
    (void)state;
    char buf[5];
    assert_string_equal(ar_date_format_iso(0, buf, sizeof buf), "1970");
    char none = 'x';
    ar_date_format_iso(0, &none, 0);
    assert_int_equal(none, 'x');
}

static void test_date_month_end(void **state)
{
    (void)state;
    assert_int_equal(ar_date_month_end(ar_date_from_ymd(2024, 2, 10)),
                     ar_date_from_ymd(2024, 2, 29));
    assert_int_equal(ar_date_month_end(ar_date_from_ymd(2023, 2, 1)),
                     ar_date_from_ymd(2023, 2, 28));
    assert_int_equal(ar_date_month_end(ar_date_from_ymd(2024, 12, 31)),
                     ar_date_from_ymd(2024, 12, 31));
    assert_int_equal(ar_date_month_end(ar_date_from_ymd(2024, 4, 1)),
                     ar_date_from_ymd(2024, 4, 30));
    assert_int_equal(ar_date_month_end(AR_DATE_NONE), AR_DATE_NONE);
}

static void test_date_prev_month_end(void **state)
{
    (void)state;
    assert_int_equal(ar_date_prev_month_end(ar_date_from_ymd(2024, 1, 15)),
                     ar_date_from_ymd(2023, 12, 31));
    assert_int_equal(ar_date_prev_month_end(ar_date_from_ymd(2024, 3, 1)),
                     ar_date_from_ymd(2024, 2, 29));
    assert_int_equal(ar_date_prev_month_end(ar_date_from_ymd(2023, 3, 31)),
                     ar_date_from_ymd(2023, 2, 28));
    /* A month-end's previous month-end is a month back, not itself. */
    assert_int_equal(ar_date_prev_month_end(ar_date_from_ymd(2026, 10, 31)),
                     ar_date_from_ymd(2026, 9, 30));
    assert_int_equal(ar_date_prev_month_end(AR_DATE_NONE), AR_DATE_NONE);
}

static void test_date_is_month_end(void **state)
{
    (void)state;
    assert_true(ar_date_is_month_end(ar_date_from_ymd(2024, 2, 29)));
    assert_false(ar_date_is_month_end(ar_date_from_ymd(2024, 2, 28)));
    assert_true(ar_date_is_month_end(ar_date_from_ymd(2023, 2, 28)));
    assert_true(ar_date_is_month_end(ar_date_from_ymd(2026, 10, 31)));
    assert_false(ar_date_is_month_end(ar_date_from_ymd(2026, 10, 30)));
    assert_true(ar_date_is_month_end(ar_date_from_ymd(2026, 9, 30)));
    assert_false(ar_date_is_month_end(AR_DATE_NONE));
}

static void test_date_month_end_helpers_agree_every_day(void **state)
{
    (void)state;
    for (ar_date day = ar_date_from_ymd(1999, 1, 1);
         day <= ar_date_from_ymd(2031, 12, 31); day++) {
        ar_date end = ar_date_month_end(day);
        assert_true(ar_date_is_month_end(end));
        assert_true(end >= day && end - day < 31);
        assert_int_equal(ar_date_is_month_end(day), end == day);
        ar_date prev = ar_date_prev_month_end(day);
        assert_true(ar_date_is_month_end(prev));
        assert_int_equal(ar_date_month_end(prev + 1), end);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_epoch_is_day_zero),
        cmocka_unit_test(test_date_round_trips_every_day_1900_to_2100),
        cmocka_unit_test(test_date_round_trips_years_1_to_9999),
        cmocka_unit_test(test_date_none_compares_below_every_date),
        cmocka_unit_test(test_date_2023_02_29_is_invalid),
        cmocka_unit_test(test_date_2024_02_29_is_valid),
        cmocka_unit_test(test_date_1900_02_29_is_invalid),
        cmocka_unit_test(test_date_2000_02_29_is_valid),
        cmocka_unit_test(test_date_month_13_is_invalid),
        cmocka_unit_test(test_date_day_0_is_invalid),
        cmocka_unit_test(test_date_day_32_is_invalid),
        cmocka_unit_test(test_date_year_0000_is_invalid),
        cmocka_unit_test(test_date_days_in_month),
        cmocka_unit_test(test_date_parses_iso),
        cmocka_unit_test(test_date_parses_us_month_first),
        cmocka_unit_test(test_date_parses_german_dots),
        cmocka_unit_test(test_date_parses_european_slashes),
        cmocka_unit_test(test_date_parses_other_patterns),
        cmocka_unit_test(test_date_accepts_unpadded_month_and_day),
        cmocka_unit_test(test_date_rejects_three_digit_month_or_day),
        cmocka_unit_test(test_date_year_must_have_four_digits),
        cmocka_unit_test(test_date_rejects_trailing_garbage),
        cmocka_unit_test(test_date_rejects_leading_garbage),
        cmocka_unit_test(test_date_rejects_truncated_input),
        cmocka_unit_test(test_date_literals_must_match_exactly),
        cmocka_unit_test(test_date_ignores_surrounding_blanks),
        cmocka_unit_test(test_date_rejects_blank_input),
        cmocka_unit_test(test_date_rejects_signs_and_non_digits),
        cmocka_unit_test(test_date_parse_reads_only_len_bytes),
        cmocka_unit_test(test_date_parse_rejects_invalid_pattern),
        cmocka_unit_test(test_date_pattern_valid_accepts_supported_formats),
        cmocka_unit_test(test_date_pattern_valid_requires_each_field_once),
        cmocka_unit_test(
            test_date_pattern_valid_rejects_other_percent_sequences),
        cmocka_unit_test(test_date_format_iso),
        cmocka_unit_test(test_date_format_iso_round_trips_through_parse),
        cmocka_unit_test(test_date_format_iso_truncates_to_small_buffer),
        cmocka_unit_test(test_date_month_end),
        cmocka_unit_test(test_date_prev_month_end),
        cmocka_unit_test(test_date_is_month_end),
        cmocka_unit_test(test_date_month_end_helpers_agree_every_day),
    };
    return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
