/* test_date.c - day numbers, calendar validation, pattern parsing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
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
    check_bad("2024-01-05T00", "%Y-%m-%d");
    check_bad("2024-01-05 00:00:00x", "%Y-%m-%d");
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
    assert_false(ar_date_pattern_valid("%C%y-%m-%d"));
    assert_false(ar_date_pattern_valid("%Y-%m-%d%%"));
    assert_false(ar_date_pattern_valid("%Y-%m-%d%"));
    assert_false(ar_date_pattern_valid("%Y-%h-%d"));
}

/* ---- two-digit years, month names (SPEC §2.6) ---------------------------- */

static void test_date_two_digit_year_pivots_at_69(void **state)
{
    (void)state;
    check_ok("25.07.26", "%d.%m.%y", 2026, 7, 25);
    check_ok("1/1/00", "%m/%d/%y", 2000, 1, 1);
    check_ok("31.12.68", "%d.%m.%y", 2068, 12, 31);
    check_ok("01.01.69", "%d.%m.%y", 1969, 1, 1);
    check_ok("31.12.99", "%d.%m.%y", 1999, 12, 31);
    check_ok("260725", "%y%m%d", 2026, 7, 25);
    check_ok("29.02.00", "%d.%m.%y", 2000, 2, 29);
    check_bad("29.02.01", "%d.%m.%y");
}

static void test_date_two_digit_year_needs_exactly_two_digits(void **state)
{
    (void)state;
    check_bad("5.1.6", "%d.%m.%y");
    check_bad("5.1.026", "%d.%m.%y");
    check_bad("5.1.2026", "%d.%m.%y");
    check_bad("5.1.+6", "%d.%m.%y");
}

static void test_date_pattern_valid_accepts_y_and_month_names(void **state)
{
    (void)state;
    assert_true(ar_date_pattern_valid("%y-%m-%d"));
    assert_true(ar_date_pattern_valid("%d.%m.%y"));
    assert_true(ar_date_pattern_valid("%Y-%b-%d"));
    assert_true(ar_date_pattern_valid("%b %d, %Y"));
    assert_true(ar_date_pattern_valid("%d-%B-%y"));
}

static void test_date_pattern_valid_takes_one_year_and_one_month(void **state)
{
    (void)state;
    assert_false(ar_date_pattern_valid("%Y %y-%m-%d"));
    assert_false(ar_date_pattern_valid("%y-%m-%d %y"));
    assert_false(ar_date_pattern_valid("%b %m %d %Y"));
    assert_false(ar_date_pattern_valid("%b %B %d %Y"));
    assert_false(ar_date_pattern_valid("%b %d"));
    assert_false(ar_date_pattern_valid("%y %d"));
    check_bad("2026 26-07-25", "%Y %y-%m-%d");
    check_bad("Jul 07 25 2026", "%b %m %d %Y");
}

static void test_date_month_names_english(void **state)
{
    (void)state;
    check_ok("Jul 25, 2026", "%b %d, %Y", 2026, 7, 25);
    check_ok("25-Jul-2026", "%d-%b-%Y", 2026, 7, 25);
    check_ok("July 4, 2026", "%B %d, %Y", 2026, 7, 4);
    check_ok("Sept 1, 2026", "%b %d, %Y", 2026, 9, 1);
    static const char *const names[12][2] = {
        {"Jan", "January"}, {"Feb", "February"}, {"Mar", "March"},
        {"Apr", "April"},   {"May", "May"},      {"Jun", "June"},
        {"Jul", "July"},    {"Aug", "August"},   {"Sep", "September"},
        {"Oct", "October"}, {"Nov", "November"}, {"Dec", "December"}};
    char buf[64];
    for (int m = 1; m <= 12; m++)
        for (int i = 0; i < 2; i++) {
            snprintf(buf, sizeof buf, "1 %s 2026", names[m - 1][i]);
            check_ok(buf, "%d %b %Y", 2026, m, 1);
            snprintf(buf, sizeof buf, "1 %s. 2026", names[m - 1][i]);
            check_ok(buf, "%d %b %Y", 2026, m, 1);
        }
}

static void test_date_month_names_german(void **state)
{
    (void)state;
    check_ok("25. März 2026", "%d. %b %Y", 2026, 3, 25);
    check_ok("25. Mär. 2026", "%d. %b %Y", 2026, 3, 25);
    check_ok("25. Mrz 2026", "%d. %b %Y", 2026, 3, 25);
    check_ok("2. Jän. 2026", "%d. %b %Y", 2026, 1, 2);
    check_ok("2. Jänner 2026", "%d. %b %Y", 2026, 1, 2);
    check_ok("2. Januar 2026", "%d. %b %Y", 2026, 1, 2);
    check_ok("2. Februar 2026", "%d. %b %Y", 2026, 2, 2);
    check_ok("2. Mai 2026", "%d. %b %Y", 2026, 5, 2);
    check_ok("2. Juni 2026", "%d. %b %Y", 2026, 6, 2);
    check_ok("2. Juli 2026", "%d. %b %Y", 2026, 7, 2);
    check_ok("2. Okt. 2026", "%d. %b %Y", 2026, 10, 2);
    check_ok("2. Oktober 2026", "%d. %b %Y", 2026, 10, 2);
    check_ok("2. Dez. 2026", "%d. %b %Y", 2026, 12, 2);
    check_ok("2. Dezember 2026", "%d. %b %Y", 2026, 12, 2);
}

static void test_date_month_names_french(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int m;
    } fr[] = {
        {"3 janv. 2026", 1},    {"3 janvier 2026", 1}, {"3 févr. 2026", 2},
        {"3 fév 2026", 2},      {"3 février 2026", 2}, {"3 fevr. 2026", 2},
        {"3 fevrier 2026", 2},  {"3 mars 2026", 3},    {"3 avr. 2026", 4},
        {"3 avril 2026", 4},    {"3 mai 2026", 5},     {"3 juin 2026", 6},
        {"3 juil. 2026", 7},    {"3 juillet 2026", 7}, {"3 août 2026", 8},
        {"3 aout 2026", 8},     {"3 sept. 2026", 9},   {"3 septembre 2026", 9},
        {"3 oct. 2026", 10},    {"3 octobre 2026", 10}, {"3 nov. 2026", 11},
        {"3 novembre 2026", 11}, {"3 déc. 2026", 12},  {"3 décembre 2026", 12},
        {"3 dec. 2026", 12},    {"3 decembre 2026", 12}};
    for (size_t i = 0; i < sizeof fr / sizeof fr[0]; i++)
        check_ok(fr[i].s, "%d %b %Y", 2026, fr[i].m, 3);
}

static void test_date_month_names_ignore_case(void **state)
{
    (void)state;
    check_ok("JUL 25, 2026", "%b %d, %Y", 2026, 7, 25);
    check_ok("jul 25, 2026", "%b %d, %Y", 2026, 7, 25);
    check_ok("jULy 25, 2026", "%b %d, %Y", 2026, 7, 25);
    check_ok("25. MÄRZ 2026", "%d. %b %Y", 2026, 3, 25);
    check_ok("3 FÉVR. 2026", "%d %b %Y", 2026, 2, 3);
    check_ok("3 AOÛT 2026", "%d %b %Y", 2026, 8, 3);
    check_ok("3 DÉCEMBRE 2026", "%d %b %Y", 2026, 12, 3);
    check_ok("2. JÄNNER 2026", "%d. %b %Y", 2026, 1, 2);
}

static void test_date_month_name_longest_wins(void **state)
{
    (void)state;
    /* "Juni" is June, not "Jun" + "i"; "mars" is not "mar" + "s". */
    check_ok("5Juni2026", "%d%b%Y", 2026, 6, 5);
    check_ok("5Juli2026", "%d%b%Y", 2026, 7, 5);
    check_ok("5Jun2026", "%d%b%Y", 2026, 6, 5);
    check_ok("5mars2026", "%d%b%Y", 2026, 3, 5);
    check_ok("5Sept2026", "%d%b%Y", 2026, 9, 5);
    check_ok("5September2026", "%d%b%Y", 2026, 9, 5);
    check_ok("5Septembre2026", "%d%b%Y", 2026, 9, 5);
    check_ok("5Juillet2026", "%d%b%Y", 2026, 7, 5);
    check_bad("5Junii2026", "%d%b%Y");
}

static void test_date_month_name_dot_goes_to_a_literal_dot(void **state)
{
    (void)state;
    /* The pattern's '.' takes the dot; otherwise the name does. */
    check_ok("25.Jul.2026", "%d.%b.%Y", 2026, 7, 25);
    check_ok("Jul. 25, 2026", "%b %d, %Y", 2026, 7, 25);
    check_ok("25-Jul.-2026", "%d-%b-%Y", 2026, 7, 25);
    check_ok("2026 25 Jul.", "%Y %d %b", 2026, 7, 25);
    check_bad("25.Jul..2026", "%d.%b.%Y");
    check_bad("25-Jul..-2026", "%d-%b-%Y");
}

static void test_date_month_name_rejects_other_words(void **state)
{
    (void)state;
    check_bad("25-Jly-2026", "%d-%b-%Y");
    check_bad("25-Ju-2026", "%d-%b-%Y");
    check_bad("25-Julyy-2026", "%d-%b-%Y");
    check_bad("25-07-2026", "%d-%b-%Y");
    check_bad("25- Jul-2026", "%d-%b-%Y");
    check_bad("25-Maerz-2026", "%d-%b-%Y");
    check_bad("25-J\xC3-2026", "%d-%b-%Y");       /* cut UTF-8 */
    check_bad("25-J\xC3\xA4-2026", "%d-%b-%Y");   /* "Jä" */
    check_bad("25-J\xE4n-2026", "%d-%b-%Y");      /* Latin-1 "Jän" */
    check_bad("25-J\xC3\x97n-2026", "%d-%b-%Y");  /* U+00D7 is no letter */
    check_bad("25-Jan-2026", "%d-%m-%Y");
    check_bad("Jan", "%d-%b-%Y");
}

/* ---- suffixes: a time of day, a float's ".0" (SPEC §2.6) ----------------- */

static void test_date_time_suffix_is_ignored(void **state)
{
    (void)state;
    check_ok("2020-04-15 12:25:01.718750000", "%Y-%m-%d", 2020, 4, 15);
    check_ok("2020-04-15 12:25:01.7187", "%Y-%m-%d", 2020, 4, 15);
    check_ok("2026-07-25T00:00:00", "%Y-%m-%d", 2026, 7, 25);
    check_ok("2026-07-25T00:00:00Z", "%Y-%m-%d", 2026, 7, 25);
    check_ok("2024-01-05T00:00", "%Y-%m-%d", 2024, 1, 5);
    check_ok("2024-01-05 00:00:00", "%Y-%m-%d", 2024, 1, 5);
    check_ok("07/25/2026 3:04", "%m/%d/%Y", 2026, 7, 25);
    check_ok("25.07.2026 23:59:59", "%d.%m.%Y", 2026, 7, 25);
    check_ok("Jul 25, 2026 11:30", "%b %d, %Y", 2026, 7, 25);
    check_ok("20190307 00:00:00", "%Y%m%d", 2019, 3, 7);
    check_ok("  2026-07-25 10:00\t", "%Y-%m-%d", 2026, 7, 25);
}

static void test_date_time_suffix_takes_a_utc_offset(void **state)
{
    (void)state;
    check_ok("2026-07-25T10:00:00+02:00", "%Y-%m-%d", 2026, 7, 25);
    check_ok("2026-07-25T10:00:00-05:00", "%Y-%m-%d", 2026, 7, 25);
    check_ok("2026-07-25T10:00:00+0530", "%Y-%m-%d", 2026, 7, 25);
    check_ok("2026-07-25T10:00:00.5-0800", "%Y-%m-%d", 2026, 7, 25);
    check_ok("2026-07-25 10:00Z", "%Y-%m-%d", 2026, 7, 25);
    check_ok("2026-07-25T10:00+00:00", "%Y-%m-%d", 2026, 7, 25);
}

static void test_date_time_suffix_checks_its_ranges(void **state)
{
    (void)state;
    check_ok("2026-07-25 23:59:60", "%Y-%m-%d", 2026, 7, 25); /* leap sec. */
    check_bad("2026-07-25 24:00", "%Y-%m-%d");
    check_bad("2026-07-25 12:60", "%Y-%m-%d");
    check_bad("2026-07-25 12:00:61", "%Y-%m-%d");
    check_bad("2026-07-25T12:00+24:00", "%Y-%m-%d");
    check_bad("2026-07-25T12:00+02:60", "%Y-%m-%d");
    check_bad("2026-07-25T12:00-2400", "%Y-%m-%d");
}

static void test_date_time_suffix_rejects_other_shapes(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "2026-07-25T",          "2026-07-25 T",          "2026-07-25 12",
        "2026-07-25 12:",       "2026-07-25 12:0",       "2026-07-25 12:000",
        "2026-07-25 123:00",    "2026-07-25 :00",        "2026-07-25  12:00",
        "2026-07-25t12:00",     "2026-07-25\t12:00",     "2026-07-25_12:00",
        "2026-07-2512:00",      "2026-07-25 12:00:0",    "2026-07-25 12:00:00.",
        "2026-07-25 12:00.5",   "2026-07-25 12:00:00,5", "2026-07-25 12:00:00.5.5",
        "2026-07-25 12:00:00z", "2026-07-25 12:00 Z",    "2026-07-25 12:00:00ZZ",
        "2026-07-25 12:00:00Z+01:00", "2026-07-25 12:00+2:00",
        "2026-07-25 12:00+02",  "2026-07-25 12:00+02:0", "2026-07-25 12:00+020",
        "2026-07-25 12:00+02:00:00", "2026-07-25 12:00 +02:00",
        "2026-07-25 12:00 PM",  "2026-07-25 +1:00",      "2026-07-25 -12:00",
        "2026-07-25 12:00:00 x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        check_bad(bad[i], "%Y-%m-%d");
    /* After a literal at the end of the pattern, the same rules. */
    check_ok("[2026-07-25] 12:00", "[%Y-%m-%d]", 2026, 7, 25);
    check_bad("[2026-07-25 12:00]", "[%Y-%m-%d]");
}

static void test_date_float_zeros_are_ignored(void **state)
{
    (void)state;
    check_ok("20190307.0", "%Y%m%d", 2019, 3, 7);
    check_ok("20190307.000", "%Y%m%d", 2019, 3, 7);
    check_ok(" 20190307.0 ", "%Y%m%d", 2019, 3, 7);
    check_ok("190307.0", "%y%m%d", 2019, 3, 7);
    check_ok("3/7/2019.0", "%m/%d/%Y", 2019, 3, 7);
}

static void test_date_float_with_a_fraction_is_rejected(void **state)
{
    (void)state;
    check_bad("20190307.5", "%Y%m%d");
    check_bad("20190307.05", "%Y%m%d");
    check_bad("20190307.", "%Y%m%d");
    check_bad("20190307.0.0", "%Y%m%d");
    check_bad("20190307.0 12:00", "%Y%m%d");
    check_bad("20190307,0", "%Y%m%d");
    check_bad("20190307.0e0", "%Y%m%d");
    check_bad("2.019030700e7", "%Y%m%d");
}

static void test_date_float_zeros_need_a_conversion_last(void **state)
{
    (void)state;
    /* After a literal or a month name, a '.' is no float's. */
    check_bad("[20190307].0", "[%Y%m%d]");
    check_bad("20190307x.0", "%Y%m%dx");
    check_bad("2019 7 Mar.0", "%Y %d %b");
    check_bad("2019 7 Mar..0", "%Y %d %b");
}

static void test_date_suffix_parse_reads_only_len_bytes(void **state)
{
    (void)state;
    ar_date out = SENTINEL;
    assert_int_equal(ar_date_parse("2024-01-05T12:00x", 16, "%Y-%m-%d",
                                   &out),
                     AR_OK);
    assert_int_equal(out, ar_date_from_ymd(2024, 1, 5));
    out = SENTINEL;
    assert_int_equal(ar_date_parse("20190307.05", 10, "%Y%m%d", &out),
                     AR_OK);
    assert_int_equal(out, ar_date_from_ymd(2019, 3, 7));
    out = SENTINEL;
    assert_int_equal(ar_date_parse("2026 5 Juni", 10, "%Y %d %b", &out),
                     AR_OK);
    assert_int_equal(out, ar_date_from_ymd(2026, 6, 5));

    /* Unterminated heap copies: ASan reports any read past the end. */
    static const struct {
        const char *s, *pattern;
    } inputs[] = {
        {"2024-01-05T12:00:00+01:00", "%Y-%m-%d"},
        {"2024-01-05 12:", "%Y-%m-%d"},
        {"2024-01-05 12:00:00.", "%Y-%m-%d"},
        {"2024-01-05T12:00+01", "%Y-%m-%d"},
        {"20190307.", "%Y%m%d"},
        {"20190307.00", "%Y%m%d"},
        {"2026 5 J\xC3", "%Y %d %b"},
        {"2026 5 Septembr", "%Y %d %b"},
        {"2026 5 Jul.", "%Y %d %b"},
        {"26 5 d\xC3\xA9", "%y %d %b"},
        {"2", "%y-%m-%d"},
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        size_t n = strlen(inputs[i].s);
        char *copy = malloc(n ? n : 1);
        assert_non_null(copy);
        memcpy(copy, inputs[i].s, n);
        (void)ar_date_parse(copy, n, inputs[i].pattern, &out);
        free(copy);
    }
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

/* The example a date message shows, written by hand from each format. */
static void test_date_example_per_format(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(ar_date_example("%Y-%m-%d", buf, sizeof buf),
                        "2026-10-31");
    assert_string_equal(ar_date_example("%d.%m.%Y | %Y-%m-%d", buf,
                                        sizeof buf),
                        "31.10.2026");
    assert_string_equal(ar_date_example("%m/%d/%y", buf, sizeof buf),
                        "10/31/26");
    assert_string_equal(ar_date_example("%d %b %Y", buf, sizeof buf),
                        "31 Oct 2026");
    char tiny[6];
    ar_date_example("%Y-%m-%d", tiny, sizeof tiny); /* never overruns */
    assert_true(strlen(tiny) < sizeof tiny);
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
        cmocka_unit_test(test_date_two_digit_year_pivots_at_69),
        cmocka_unit_test(test_date_two_digit_year_needs_exactly_two_digits),
        cmocka_unit_test(test_date_pattern_valid_accepts_y_and_month_names),
        cmocka_unit_test(test_date_pattern_valid_takes_one_year_and_one_month),
        cmocka_unit_test(test_date_month_names_english),
        cmocka_unit_test(test_date_month_names_german),
        cmocka_unit_test(test_date_month_names_french),
        cmocka_unit_test(test_date_month_names_ignore_case),
        cmocka_unit_test(test_date_month_name_longest_wins),
        cmocka_unit_test(test_date_month_name_dot_goes_to_a_literal_dot),
        cmocka_unit_test(test_date_month_name_rejects_other_words),
        cmocka_unit_test(test_date_time_suffix_is_ignored),
        cmocka_unit_test(test_date_time_suffix_takes_a_utc_offset),
        cmocka_unit_test(test_date_time_suffix_checks_its_ranges),
        cmocka_unit_test(test_date_time_suffix_rejects_other_shapes),
        cmocka_unit_test(test_date_float_zeros_are_ignored),
        cmocka_unit_test(test_date_float_with_a_fraction_is_rejected),
        cmocka_unit_test(test_date_float_zeros_need_a_conversion_last),
        cmocka_unit_test(test_date_suffix_parse_reads_only_len_bytes),
        cmocka_unit_test(test_date_format_iso),
        cmocka_unit_test(test_date_format_iso_round_trips_through_parse),
        cmocka_unit_test(test_date_format_iso_truncates_to_small_buffer),
        cmocka_unit_test(test_date_month_end),
        cmocka_unit_test(test_date_prev_month_end),
        cmocka_unit_test(test_date_is_month_end),
        cmocka_unit_test(test_date_month_end_helpers_agree_every_day),
        cmocka_unit_test(test_date_example_per_format),
    };
    return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
