/* test_money.c - amount parsing (SPEC §2.1, §8.7), formatting, arithmetic. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "ar/base/money.h"

#define NBSP "\xC2\xA0"
#define NNBSP "\xE2\x80\xAF"

/* Parse a C string; on error *out keeps the sentinel it was given. */
static ar_err parse(const char *s, char mark, ar_cents *out)
{
    *out = 0x5EED;
    return ar_money_parse(s, strlen(s), mark, out);
}

static void check_ok(const char *s, char mark, ar_cents want)
{
    ar_cents got;
    ar_err err = parse(s, mark, &got);
    if (err != AR_OK)
        fail_msg("\"%s\" (mark '%c'): error %d, want %lld", s, mark, (int)err,
                 (long long)want);
    if (got != want)
        fail_msg("\"%s\" (mark '%c'): %lld, want %lld", s, mark,
                 (long long)got, (long long)want);
}

static void check_err(const char *s, char mark, ar_err want)
{
    ar_cents got;
    ar_err err = parse(s, mark, &got);
    if (err != want)
        fail_msg("\"%s\" (mark '%c'): error %d, want %d", s, mark, (int)err,
                 (int)want);
    assert_int_equal(got, 0x5EED);
}

static void check_bad(const char *s, char mark)
{
    check_err(s, mark, AR_ERR_AMOUNT);
}

/* ---- parsing: numbers ---------------------------------------------------- */

static void test_money_parses_two_decimals(void **state)
{
    (void)state;
    check_ok("1234.56", '.', 123456);
    check_ok("0.01", '.', 1);
}

static void test_money_parses_one_decimal_as_tens_of_cents(void **state)
{
    (void)state;
    check_ok("1.5", '.', 150);
    check_ok("0.5", '.', 50);
}

static void test_money_parses_whole_units(void **state)
{
    (void)state;
    check_ok("42", '.', 4200);
    check_ok("1", ',', 100);
}

static void test_money_rejects_three_decimals(void **state)
{
    (void)state;
    check_bad("1.234", '.');
    check_bad("0.001", '.');
    check_bad("12,345.678", '.');
    check_bad("1,234", ','); /* three decimals after a comma mark */
}

static void test_money_rejects_decimal_mark_without_digits_after(void **state)
{
    (void)state;
    check_bad("7.", '.');
    check_bad("7,", ',');
    check_bad("$7.", '.');
}

static void test_money_rejects_decimal_mark_without_digits_before(void **state)
{
    (void)state;
    check_bad(".5", '.');
    check_bad(",50", ',');
}

static void test_money_accepts_zero(void **state)
{
    (void)state;
    check_ok("0", '.', 0);
    check_ok("0.00", '.', 0);
    check_ok("-0", '.', 0);
    check_ok("(0.00)", '.', 0);
    check_ok("$0", '.', 0);
    check_ok("0,00", ',', 0);
}

static void test_money_accepts_leading_zeros(void **state)
{
    (void)state;
    check_ok("007.50", '.', 750);
    check_ok("000", '.', 0);
}

static void test_money_ignores_surrounding_blanks(void **state)
{
    (void)state;
    check_ok("  12.30\t", '.', 1230);
    check_ok("\t-5 ", '.', -500);
    check_ok(NBSP "5" NNBSP, '.', 500);
}

static void test_money_rejects_empty_and_blank(void **state)
{
    (void)state;
    check_bad("", '.');
    check_bad("   ", '.');
    check_bad("\t", ',');
    ar_cents out = 7;
    assert_int_equal(ar_money_parse(NULL, 0, '.', &out), AR_ERR_AMOUNT);
    assert_int_equal(out, 7);
}

static void test_money_rejects_inner_blanks(void **state)
{
    (void)state;
    check_bad("1 2", '.');
    check_bad("- 5", '.');
    check_bad("( 5)", '.');
    check_bad("(5 )", '.');
    check_bad("5 .00", '.');
}

static void test_money_rejects_non_decimal_notation(void **state)
{
    (void)state;
    check_bad("1e5", '.');
    check_bad("1E5", '.');
    check_bad("0x10", '.');
    check_bad("1,234.5.6", '.');
    check_bad("five", '.');
    check_bad("12a", '.');
    check_bad("\xD9\xA1\xD9\xA2", '.'); /* Arabic-Indic digits */
    check_bad("inf", '.');
    check_bad("nan", '.');
}

/* ---- parsing: thousands groups ------------------------------------------- */

static void test_money_parses_thousands_groups_of_three(void **state)
{
    (void)state;
    check_ok("1,234.56", '.', 123456);
    check_ok("1,234,567.89", '.', 123456789);
    check_ok("12,345", '.', 1234500);
    check_ok("999,999,999", '.', 99999999900);
}

static void test_money_rejects_thousands_group_of_two(void **state)
{
    (void)state;
    check_bad("12,34.56", '.');
    check_bad("1,234,56.00", '.');
}

static void test_money_rejects_thousands_group_of_four(void **state)
{
    (void)state;
    check_bad("1,2345.00", '.');
    check_bad("1234,567.00", '.');
}

static void test_money_rejects_misplaced_group_separator(void **state)
{
    (void)state;
    check_bad(",123", '.');
    check_bad("1,", '.');
    check_bad("1,,234", '.');
    check_bad("1,234,", '.');
    check_bad("1.234,56", '.'); /* European form needs decimal = comma */
}

/* ---- parsing: comma as decimal mark -------------------------------------- */

static void test_money_comma_mark_parses_dot_groups(void **state)
{
    (void)state;
    check_ok("1.234,56", ',', 123456);
    check_ok("1.234.567,89", ',', 123456789);
    check_ok("1.234", ',', 123400);
    check_ok("1234,5", ',', 123450);
}

static void test_money_comma_mark_parses_space_groups(void **state)
{
    (void)state;
    check_ok("1 234,56", ',', 123456);
    check_ok("1" NBSP "234,56", ',', 123456);
    check_ok("1" NNBSP "234" NNBSP "567,89", ',', 123456789);
    check_ok("1 234,56 \xE2\x82\xAC", ',', 123456);
    check_ok("1" NNBSP "234,56" NBSP "\xE2\x82\xAC", ',', 123456);
    check_ok("-1 234 €", ',', -123400);
}

static void test_money_comma_mark_rejects_mixed_group_separators(void **state)
{
    (void)state;
    check_bad("1.234 567,00", ',');
    check_bad("1 234" NBSP "567,00", ',');
}

static void test_money_comma_mark_rejects_dot_decimals(void **state)
{
    (void)state;
    check_bad("1.5", ',');
    check_bad("12.34", ',');
    check_bad("1,234.56", ',');
}

static void test_money_dot_mark_rejects_space_groups(void **state)
{
    (void)state;
    check_bad("1 234.56", '.');
    check_bad("1" NBSP "234.56", '.');
}

static void test_money_rejects_unknown_decimal_mark(void **state)
{
    (void)state;
    check_bad("5", ';');
    check_bad("5", '\0');
}

/* ---- parsing: signs, parentheses, symbols --------------------------------- */

static void test_money_parses_signs(void **state)
{
    (void)state;
    check_ok("-5", '.', -500);
    check_ok("+5", '.', 500);
    check_ok("-1,234.56", '.', -123456);
}

static void test_money_parses_parenthesised_negative(void **state)
{
    (void)state;
    check_ok("(1,234.56)", '.', -123456);
    check_ok("(1234.56)", '.', -123456);
    check_ok("  (5)  ", '.', -500);
    check_ok("(1.234,56)", ',', -123456);
}

static void test_money_parses_currency_symbol_before(void **state)
{
    (void)state;
    check_ok("$1,234.56", '.', 123456);
    check_ok("\xE2\x82\xAC" "5", '.', 500);   /* € */
    check_ok("\xC2\xA3" "5.10", '.', 510);    /* £ */
    check_ok("\xC2\xA5" "500", '.', 50000);   /* ¥ */
    check_ok("\xE2\x82\xB9" "1,000", '.', 100000); /* ₹ */
    check_ok("$ 5", '.', 500);
    check_ok("\xE2\x82\xAC" NBSP "5", ',', 500);
}

static void test_money_parses_currency_symbol_after(void **state)
{
    (void)state;
    check_ok("1234.56 €", '.', 123456);
    check_ok("1234.56€", '.', 123456);
    check_ok("5$", '.', 500);
    check_ok("1.234,56 €", ',', 123456);
    check_ok("5 £", '.', 500);
}

static void test_money_parses_sign_and_symbol_combinations(void **state)
{
    (void)state;
    check_ok("-$1,234.56", '.', -123456);
    check_ok("$-1,234.56", '.', -123456);
    check_ok("$ -1,234.56", '.', -123456);
    check_ok("($1,234.56)", '.', -123456);
    check_ok("(1,234.56 €)", '.', -123456);
    check_ok("-1234.56 €", '.', -123456);
    check_ok("+€5", '.', 500);
    check_ok("-€ 5,50", ',', -550);
}

static void test_money_rejects_symbol_alone(void **state)
{
    (void)state;
    check_bad("$", '.');
    check_bad("€", '.');
    check_bad("-$", '.');
    check_bad("()", '.');
    check_bad("( )", '.');
    check_bad("-", '.');
}

static void test_money_rejects_multiple_symbols(void **state)
{
    (void)state;
    check_bad("$5$", '.');
    check_bad("$€5", '.');
    check_bad("$5 €", '.');
    check_bad("$$5", '.');
    check_bad("5 € €", '.');
}

static void test_money_rejects_double_sign(void **state)
{
    (void)state;
    check_bad("--5", '.');
    check_bad("+-5", '.');
    check_bad("-$-5", '.');
    check_bad("(-5)", '.');
    check_bad("(+5)", '.');
    check_bad("-(5)", '.');
    check_bad("((5))", '.');
}

static void test_money_rejects_trailing_or_misplaced_sign(void **state)
{
    (void)state;
    check_bad("5 -", '.');
    check_bad("- $5", '.');
    check_bad("1-2", '.');
    check_bad("5+", '.');
}

static void test_money_rejects_unbalanced_parentheses(void **state)
{
    (void)state;
    check_bad("(5", '.');
    check_bad("5)", '.');
    check_bad("(", '.');
    check_bad(")", '.');
    check_bad("(5))", '.');
    check_bad("$(5)", '.');
}

static void test_money_rejects_broken_utf8_symbol(void **state)
{
    (void)state;
    check_bad("\xE2\x82" "5", '.');
    check_bad("5\xE2\x82", '.');
    check_bad("\xC2" "5", '.');
}

/* ---- parsing: trailing minus (SPEC §2.6) --------------------------------- */

static void test_money_trailing_minus_is_negative(void **state)
{
    (void)state;
    check_ok("425,50-", ',', -42550);
    check_ok("1,234.56-", '.', -123456);
    check_ok("1.234,56-", ',', -123456);
    check_ok("5-", '.', -500);
    check_ok("0-", '.', 0);
    check_ok("  425,50-\t", ',', -42550);
    check_ok("$5-", '.', -500);
    check_ok("92233720368547758.07-", '.', -INT64_MAX);
    check_err("92233720368547758.08-", '.', AR_ERR_OVERFLOW);
}

static void test_money_trailing_minus_is_the_only_sign(void **state)
{
    (void)state;
    check_bad("-5-", '.');
    check_bad("+5-", '.');
    check_bad("$-5-", '.');
    check_bad("-$5-", '.');
    check_bad("(5-)", '.');
    check_bad("(5)-", '.');
    check_bad("5--", '.');
    check_bad("5-+", '.');
    check_bad("5+", '.');
    check_bad("-", '.');
    check_bad(",50-", ',');
    check_bad("7,-", ',');
}

static void test_money_trailing_minus_after_a_blank_is_an_error(void **state)
{
    (void)state;
    check_bad("5 -", '.');
    check_bad("425,50 -", ',');
    check_bad("425,50" NBSP "-", ',');
    check_bad("1 234,56 -", ',');
}

/* ---- parsing: rounding to the cent (SPEC §2.6 round_amounts) ------------- */

/* ar_money_parse_rounded on a C string; *out and *rounded keep sentinels on
 * error. */
static ar_err parse_rounded(const char *s, char mark, ar_cents *out,
                            bool *rounded)
{
    *out = 0x5EED;
    *rounded = true;
    return ar_money_parse_rounded(s, strlen(s), mark, out, rounded);
}

static void check_rounded(const char *s, char mark, ar_cents want,
                          bool want_rounded)
{
    ar_cents got;
    bool rounded;
    ar_err err = parse_rounded(s, mark, &got, &rounded);
    if (err != AR_OK)
        fail_msg("\"%s\" (mark '%c'): error %d, want %lld", s, mark, (int)err,
                 (long long)want);
    if (got != want || rounded != want_rounded)
        fail_msg("\"%s\" (mark '%c'): %lld rounded %d, want %lld rounded %d",
                 s, mark, (long long)got, rounded, (long long)want,
                 want_rounded);
}

static void check_rounded_err(const char *s, char mark, ar_err want)
{
    ar_cents got;
    bool rounded;
    ar_err err = parse_rounded(s, mark, &got, &rounded);
    if (err != want)
        fail_msg("\"%s\" (mark '%c'): error %d, want %d", s, mark, (int)err,
                 (int)want);
    assert_int_equal(got, 0x5EED);
    assert_true(rounded);
}

static void test_money_rounded_removes_float_noise(void **state)
{
    (void)state;
    check_rounded("2309.7899999999995", '.', 230979, true);
    check_rounded("0.30000000000000004", '.', 30, true);
    check_rounded("1234.5600000000001", '.', 123456, true);
    check_rounded("99.99499999999999", '.', 9999, true);
}

static void test_money_rounded_half_goes_to_the_even_cent(void **state)
{
    (void)state;
    check_rounded("0.005", '.', 0, true);
    check_rounded("0.015", '.', 2, true);
    check_rounded("0.025", '.', 2, true);
    check_rounded("0.0250", '.', 2, true);
    check_rounded("0.035", '.', 4, true);
    check_rounded("0.995", '.', 100, true);
    check_rounded("-0.015", '.', -2, true);
    check_rounded("-0.025", '.', -2, true);
    check_rounded("1.125", '.', 112, true);
    check_rounded("1.135", '.', 114, true);
    /* a digit after the 5 makes it more than half */
    check_rounded("0.0251", '.', 3, true);
    check_rounded("0.02500000000000001", '.', 3, true);
    check_rounded("0.0249999", '.', 2, true);
    check_rounded("0.024", '.', 2, true);
    check_rounded("0.026", '.', 3, true);
}

static void test_money_rounded_dropping_zeros_is_not_rounding(void **state)
{
    (void)state;
    check_rounded("12.3400", '.', 1234, false);
    check_rounded("5.000000000000000000000", '.', 500, false);
    check_rounded("12.34", '.', 1234, false);
    check_rounded("12.3", '.', 1230, false);
    check_rounded("12", '.', 1200, false);
    check_rounded("0.000", '.', 0, false);
}

static void test_money_rounded_keeps_the_grammar(void **state)
{
    (void)state;
    check_rounded("1,234.5678", '.', 123457, true);
    check_rounded("1.234,5678", ',', 123457, true);
    check_rounded("1 234,565 \xE2\x82\xAC", ',', 123456, true);
    check_rounded("(0.015)", '.', -2, true);
    check_rounded("$0.015", '.', 2, true);
    check_rounded("0,015-", ',', -2, true);
    check_rounded("-$1,234.565", '.', -123456, true);
    check_rounded_err("7.", '.', AR_ERR_AMOUNT);
    check_rounded_err(".555", '.', AR_ERR_AMOUNT);
    check_rounded_err("1,23.456", '.', AR_ERR_AMOUNT);
    check_rounded_err("1.2345", ',', AR_ERR_AMOUNT);
    check_rounded_err("1e5", '.', AR_ERR_AMOUNT);
    check_rounded_err("0.015x", '.', AR_ERR_AMOUNT);
    check_rounded_err("0.01 5", '.', AR_ERR_AMOUNT);
    check_rounded_err("-0.015-", '.', AR_ERR_AMOUNT);
    check_rounded_err("", '.', AR_ERR_AMOUNT);
    check_rounded_err("1.005", ';', AR_ERR_AMOUNT);
}

static void test_money_rounded_takes_any_number_of_decimals(void **state)
{
    (void)state;
    char buf[1100];
    strcpy(buf, "0.");
    memset(buf + 2, '9', 1000);
    buf[1002] = '\0';
    check_rounded(buf, '.', 100, true);
    memset(buf + 2, '0', 1000);
    check_rounded(buf, '.', 0, false);
    buf[1001] = '1';
    check_rounded(buf, '.', 0, true);
    buf[4] = '5';
    check_rounded(buf, '.', 1, true); /* 0.005000...001: above half */
}

static void test_money_rounded_keeps_the_overflow_rule(void **state)
{
    (void)state;
    check_rounded("92233720368547758.07", '.', INT64_MAX, false);
    check_rounded("92233720368547758.074999", '.', INT64_MAX, true);
    check_rounded("-92233720368547758.0749", '.', -INT64_MAX, true);
    /* a tie on an odd cent, or more than half, rounds up past the range */
    check_rounded_err("92233720368547758.075", '.', AR_ERR_OVERFLOW);
    check_rounded_err("92233720368547758.076", '.', AR_ERR_OVERFLOW);
    check_rounded_err("92233720368547758.08", '.', AR_ERR_OVERFLOW);
    check_rounded_err("1234567890123456789012.001", '.', AR_ERR_OVERFLOW);
}

static void test_money_rounded_agrees_with_parse_to_two_decimals(void **state)
{
    (void)state;
    static const char *const inputs[] = {
        "1234.56", "1,234.56", "(5)", "$-5", "5 \xE2\x82\xAC", "-0.01",
        "425.50-", "0", "92233720368547758.07", "1.5", "007.50"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        ar_cents a = 1, b = 2;
        bool rounded = true;
        assert_int_equal(ar_money_parse(inputs[i], strlen(inputs[i]), '.', &a),
                         AR_OK);
        assert_int_equal(ar_money_parse_rounded(inputs[i], strlen(inputs[i]),
                                                '.', &b, &rounded),
                         AR_OK);
        assert_int_equal(a, b);
        assert_false(rounded);
    }
}

static void test_money_parse_still_rejects_what_rounding_accepts(void **state)
{
    (void)state;
    /* SPEC §8.7: without round_amounts more than two decimals is a reject */
    check_bad("2309.7899999999995", '.');
    check_bad("12.3400", '.');
    check_bad("0.015-", '.');
}

static void test_money_rounded_flag_may_be_null(void **state)
{
    (void)state;
    ar_cents v = 0;
    assert_int_equal(ar_money_parse_rounded("0.015", 5, '.', &v, NULL), AR_OK);
    assert_int_equal(v, 2);
    assert_int_equal(ar_money_parse_rounded(NULL, 0, '.', &v, NULL),
                     AR_ERR_AMOUNT);
    assert_int_equal(v, 2);
}

static void test_money_rounded_reads_only_len_bytes(void **state)
{
    (void)state;
    ar_cents v = 0;
    bool rounded = true;
    assert_int_equal(ar_money_parse_rounded("0.0151", 5, '.', &v, &rounded),
                     AR_OK);
    assert_int_equal(v, 2);
    assert_true(rounded);
    assert_int_equal(ar_money_parse_rounded("5.00-", 4, '.', &v, &rounded),
                     AR_OK);
    assert_int_equal(v, 500);
    assert_false(rounded);

    /* Unterminated heap copies: ASan reports any read past the end. */
    static const char *const inputs[] = {"0.015", "0.", "425,50-", "5-",
                                         "0.0250000", "1,234.5678 $"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        size_t n = strlen(inputs[i]);
        char *copy = malloc(n ? n : 1);
        assert_non_null(copy);
        memcpy(copy, inputs[i], n);
        (void)ar_money_parse_rounded(copy, n, '.', &v, &rounded);
        (void)ar_money_parse_rounded(copy, n, ',', &v, &rounded);
        (void)ar_money_parse(copy, n, ',', &v);
        free(copy);
    }
}

/* ---- parsing: range ------------------------------------------------------ */

static void test_money_int64_max_cents_is_accepted(void **state)
{
    (void)state;
    check_ok("92233720368547758.07", '.', INT64_MAX);
    check_ok("92,233,720,368,547,758.07", '.', INT64_MAX);
    check_ok("-92233720368547758.07", '.', -INT64_MAX);
    check_ok("92.233.720.368.547.758,07", ',', INT64_MAX);
}

static void test_money_overflow_is_detected_not_wrapped(void **state)
{
    (void)state;
    check_err("92233720368547758.08", '.', AR_ERR_OVERFLOW);
    check_err("92233720368547759", '.', AR_ERR_OVERFLOW);
    check_err("1234567890123456789012345678901234567890", '.',
              AR_ERR_OVERFLOW);
    check_err("184467440737095516.16", '.', AR_ERR_OVERFLOW); /* 2^64 */
    check_err("(99,999,999,999,999,999,999.99)", '.', AR_ERR_OVERFLOW);
    check_err("$1000000000000000000000", '.', AR_ERR_OVERFLOW);
}

static void test_money_magnitude_above_int64_max_is_overflow_even_if_negative(
    void **state)
{
    (void)state;
    /* INT64_MIN cents would fit, but then -v would not: symmetric range. */
    check_err("-92233720368547758.08", '.', AR_ERR_OVERFLOW);
    check_err("(92233720368547758.08)", '.', AR_ERR_OVERFLOW);
}

static void test_money_bad_syntax_wins_over_overflow(void **state)
{
    (void)state;
    check_bad("99999999999999999999x", '.');
    check_bad("99999999999999999999.999", '.');
    check_bad("9999,99999999999999999999", '.');
}

/* ---- parsing: interface -------------------------------------------------- */

static void test_money_parse_reads_only_len_bytes(void **state)
{
    (void)state;
    ar_cents v = 0;
    assert_int_equal(ar_money_parse("12.34999", 5, '.', &v), AR_OK);
    assert_int_equal(v, 1234);
    assert_int_equal(ar_money_parse("12.3x", 4, '.', &v), AR_OK);
    assert_int_equal(v, 1230);
    assert_int_equal(ar_money_parse("5€", 2, '.', &v), AR_ERR_AMOUNT);

    /* An unterminated heap copy: ASan reports any read past the end. */
    static const char *const inputs[] = {"1,234.56", "(5", "$", "5 ",
                                         "1 234,56 \xE2\x82\xAC", "7.", "(",
                                         ("1" NBSP), "\xE2\x82"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        size_t n = strlen(inputs[i]);
        char *copy = malloc(n ? n : 1);
        assert_non_null(copy);
        memcpy(copy, inputs[i], n);
        (void)ar_money_parse(copy, n, '.', &v);
        (void)ar_money_parse(copy, n, ',', &v);
        free(copy);
    }
}

static void test_money_parse_round_trips_formatted_values(void **state)
{
    (void)state;
    static const ar_cents values[] = {
        0, 1, -1, 5, 99, 100, 123456, -123456, 100000000, -99999999999,
        INT64_MAX, -INT64_MAX, 1000, 999999, 1000000};
    char buf[48];
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        ar_cents v = values[i];
        check_ok(ar_money_format_plain(v, buf, sizeof buf), '.', v);
        check_ok(ar_money_format(v, ',', '.', buf, sizeof buf), '.', v);
        check_ok(ar_money_format(v, '.', ',', buf, sizeof buf), ',', v);
        check_ok(ar_money_format(v, ' ', ',', buf, sizeof buf), ',', v);
        check_ok(ar_money_format(v, 0, ',', buf, sizeof buf), ',', v);
    }
}

/* ---- arithmetic ---------------------------------------------------------- */

static void test_cents_add_sums(void **state)
{
    (void)state;
    ar_cents acc = 100;
    assert_true(ar_cents_add(&acc, 250));
    assert_int_equal(acc, 350);
    assert_true(ar_cents_add(&acc, -400));
    assert_int_equal(acc, -50);
    acc = INT64_MAX - 1;
    assert_true(ar_cents_add(&acc, 1));
    assert_int_equal(acc, INT64_MAX);
}

static void test_cents_add_detects_overflow_and_keeps_acc(void **state)
{
    (void)state;
    ar_cents acc = INT64_MAX;
    assert_false(ar_cents_add(&acc, 1));
    assert_int_equal(acc, INT64_MAX);
    acc = INT64_MIN;
    assert_false(ar_cents_add(&acc, -1));
    assert_int_equal(acc, INT64_MIN);
}

static void test_cents_muldiv_rounds_half_away_from_zero(void **state)
{
    (void)state;
    assert_int_equal(ar_cents_muldiv(5, 1, 2), 3);   /* 2.5 -> 3 */
    assert_int_equal(ar_cents_muldiv(-5, 1, 2), -3); /* -2.5 -> -3 */
    assert_int_equal(ar_cents_muldiv(5, -1, 2), -3);
    assert_int_equal(ar_cents_muldiv(1, 1, 3), 0);
    assert_int_equal(ar_cents_muldiv(2, 1, 3), 1);
    assert_int_equal(ar_cents_muldiv(-2, 1, 3), -1);
    assert_int_equal(ar_cents_muldiv(-1, 1, 3), 0);
    assert_int_equal(ar_cents_muldiv(0, 7, 3), 0);
    /* 10.00 at 8% for 30 of 365 days = 6.575... cents -> 7 */
    assert_int_equal(ar_cents_muldiv(1000, 8 * 30, 100 * 365), 7);
}

/* README "Currencies": an amount converts at a rate half to even */
static void test_cents_muldiv_even_rounds_half_to_even(void **state)
{
    (void)state;
    assert_int_equal(ar_cents_muldiv_even(5, 1, 2), 2);   /* 2.5 -> 2 */
    assert_int_equal(ar_cents_muldiv_even(7, 1, 2), 4);   /* 3.5 -> 4 */
    assert_int_equal(ar_cents_muldiv_even(-5, 1, 2), -2);
    assert_int_equal(ar_cents_muldiv_even(-7, 1, 2), -4);
    assert_int_equal(ar_cents_muldiv_even(5, -1, 2), -2);
    assert_int_equal(ar_cents_muldiv_even(5, 1, -2), -2);
    assert_int_equal(ar_cents_muldiv_even(251, 1, 100), 3); /* 2.51 */
    assert_int_equal(ar_cents_muldiv_even(249, 1, 100), 2);
    /* 1,234.56 USD at 0.912345678901 EUR: 112634.548... cents */
    assert_int_equal(ar_cents_muldiv_even(123456, 912345678901LL,
                                          1000000000000LL),
                     112635);
    /* 2^53 - 1 cents at a rate with 12 decimals: exact in 128 bits */
    assert_int_equal(ar_cents_muldiv_even((1LL << 53) - 1, 1000000000000LL,
                                          1000000000000LL),
                     (1LL << 53) - 1);
    assert_int_equal(ar_cents_muldiv_even(INT64_MAX, 2, 1), INT64_MAX);
}

static void test_cents_muldiv_product_is_exact_in_128_bits(void **state)
{
    (void)state;
    assert_int_equal(ar_cents_muldiv(INT64_MAX, 3, 3), INT64_MAX);
    assert_int_equal(ar_cents_muldiv(INT64_MIN, INT64_MAX, INT64_MAX),
                     INT64_MIN);
    assert_int_equal(ar_cents_muldiv(INT64_MAX, INT64_MAX, INT64_MAX),
                     INT64_MAX);
}

static void test_cents_muldiv_saturates_out_of_range(void **state)
{
    (void)state;
    assert_int_equal(ar_cents_muldiv(INT64_MAX, 2, 1), INT64_MAX);
    assert_int_equal(ar_cents_muldiv(INT64_MIN, 2, 1), INT64_MIN);
    assert_int_equal(ar_cents_muldiv(INT64_MIN, -1, 1), INT64_MAX);
    assert_int_equal(ar_cents_muldiv(INT64_MIN, INT64_MIN, 1), INT64_MAX);
}

static void test_cents_muldiv_negative_den_flips_sign(void **state)
{
    (void)state;
    assert_int_equal(ar_cents_muldiv(5, 1, -2), -3);
    assert_int_equal(ar_cents_muldiv(-5, 1, -2), 3);
}

/* ---- formatting ---------------------------------------------------------- */

static void test_money_format_plain_examples(void **state)
{
    (void)state;
    char buf[24];
    assert_string_equal(ar_money_format_plain(-123456, buf, sizeof buf),
                        "-1234.56");
    assert_string_equal(ar_money_format_plain(0, buf, sizeof buf), "0.00");
    assert_string_equal(ar_money_format_plain(5, buf, sizeof buf), "0.05");
    assert_string_equal(ar_money_format_plain(-5, buf, sizeof buf), "-0.05");
    assert_string_equal(ar_money_format_plain(10000, buf, sizeof buf),
                        "100.00");
    assert_string_equal(ar_money_format_plain(123456789, buf, sizeof buf),
                        "1234567.89");
}

static void test_money_format_plain_handles_int64_extremes(void **state)
{
    (void)state;
    char buf[24];
    assert_string_equal(ar_money_format_plain(INT64_MIN, buf, sizeof buf),
                        "-92233720368547758.08");
    assert_string_equal(ar_money_format_plain(INT64_MAX, buf, sizeof buf),
                        "92233720368547758.07");
}

static void test_money_format_truncates_to_small_buffer(void **state)
{
    (void)state;
    char buf[5];
    assert_string_equal(ar_money_format_plain(123456, buf, sizeof buf),
                        "1234");
    char one[1] = {'x'};
    ar_money_format_plain(5, one, 1);
    assert_int_equal(one[0], '\0');
    char none = 'x';
    ar_money_format(5, ',', '.', &none, 0);
    assert_int_equal(none, 'x');
}

static void test_money_format_groups_thousands(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(ar_money_format(123456, ',', '.', buf, sizeof buf),
                        "1,234.56");
    assert_string_equal(ar_money_format(123456, '.', ',', buf, sizeof buf),
                        "1.234,56");
    assert_string_equal(ar_money_format(12345, ',', '.', buf, sizeof buf),
                        "123.45");
    assert_string_equal(ar_money_format(123456789, ',', '.', buf, sizeof buf),
                        "1,234,567.89");
    assert_string_equal(ar_money_format(100000000, ',', '.', buf, sizeof buf),
                        "1,000,000.00");
    assert_string_equal(ar_money_format(-123456, ',', '.', buf, sizeof buf),
                        "-1,234.56");
    assert_string_equal(ar_money_format(-12345, ',', '.', buf, sizeof buf),
                        "-123.45");
    assert_string_equal(ar_money_format(0, ',', '.', buf, sizeof buf),
                        "0.00");
    assert_string_equal(ar_money_format(INT64_MIN, ',', '.', buf, sizeof buf),
                        "-92,233,720,368,547,758.08");
}

static void test_money_format_group_zero_means_no_grouping(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(ar_money_format(123456789, 0, ',', buf, sizeof buf),
                        "1234567,89");
    assert_string_equal(ar_money_format(123456, ',', 0, buf, sizeof buf),
                        "1,234.56");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_money_parses_two_decimals),
        cmocka_unit_test(test_money_parses_one_decimal_as_tens_of_cents),
        cmocka_unit_test(test_money_parses_whole_units),
        cmocka_unit_test(test_money_rejects_three_decimals),
        cmocka_unit_test(test_money_rejects_decimal_mark_without_digits_after),
        cmocka_unit_test(test_money_rejects_decimal_mark_without_digits_before),
        cmocka_unit_test(test_money_accepts_zero),
        cmocka_unit_test(test_money_accepts_leading_zeros),
        cmocka_unit_test(test_money_ignores_surrounding_blanks),
        cmocka_unit_test(test_money_rejects_empty_and_blank),
        cmocka_unit_test(test_money_rejects_inner_blanks),
        cmocka_unit_test(test_money_rejects_non_decimal_notation),
        cmocka_unit_test(test_money_parses_thousands_groups_of_three),
        cmocka_unit_test(test_money_rejects_thousands_group_of_two),
        cmocka_unit_test(test_money_rejects_thousands_group_of_four),
        cmocka_unit_test(test_money_rejects_misplaced_group_separator),
        cmocka_unit_test(test_money_comma_mark_parses_dot_groups),
        cmocka_unit_test(test_money_comma_mark_parses_space_groups),
        cmocka_unit_test(test_money_comma_mark_rejects_mixed_group_separators),
        cmocka_unit_test(test_money_comma_mark_rejects_dot_decimals),
        cmocka_unit_test(test_money_dot_mark_rejects_space_groups),
        cmocka_unit_test(test_money_rejects_unknown_decimal_mark),
        cmocka_unit_test(test_money_parses_signs),
        cmocka_unit_test(test_money_parses_parenthesised_negative),
        cmocka_unit_test(test_money_parses_currency_symbol_before),
        cmocka_unit_test(test_money_parses_currency_symbol_after),
        cmocka_unit_test(test_money_parses_sign_and_symbol_combinations),
        cmocka_unit_test(test_money_rejects_symbol_alone),
        cmocka_unit_test(test_money_rejects_multiple_symbols),
        cmocka_unit_test(test_money_rejects_double_sign),
        cmocka_unit_test(test_money_rejects_trailing_or_misplaced_sign),
        cmocka_unit_test(test_money_rejects_unbalanced_parentheses),
        cmocka_unit_test(test_money_rejects_broken_utf8_symbol),
        cmocka_unit_test(test_money_trailing_minus_is_negative),
        cmocka_unit_test(test_money_trailing_minus_is_the_only_sign),
        cmocka_unit_test(test_money_trailing_minus_after_a_blank_is_an_error),
        cmocka_unit_test(test_money_rounded_removes_float_noise),
        cmocka_unit_test(test_money_rounded_half_goes_to_the_even_cent),
        cmocka_unit_test(test_money_rounded_dropping_zeros_is_not_rounding),
        cmocka_unit_test(test_money_rounded_keeps_the_grammar),
        cmocka_unit_test(test_money_rounded_takes_any_number_of_decimals),
        cmocka_unit_test(test_money_rounded_keeps_the_overflow_rule),
        cmocka_unit_test(test_money_rounded_agrees_with_parse_to_two_decimals),
        cmocka_unit_test(test_money_parse_still_rejects_what_rounding_accepts),
        cmocka_unit_test(test_money_rounded_flag_may_be_null),
        cmocka_unit_test(test_money_rounded_reads_only_len_bytes),
        cmocka_unit_test(test_money_int64_max_cents_is_accepted),
        cmocka_unit_test(test_money_overflow_is_detected_not_wrapped),
        cmocka_unit_test(
            test_money_magnitude_above_int64_max_is_overflow_even_if_negative),
        cmocka_unit_test(test_money_bad_syntax_wins_over_overflow),
        cmocka_unit_test(test_money_parse_reads_only_len_bytes),
        cmocka_unit_test(test_money_parse_round_trips_formatted_values),
        cmocka_unit_test(test_cents_add_sums),
        cmocka_unit_test(test_cents_add_detects_overflow_and_keeps_acc),
        cmocka_unit_test(test_cents_muldiv_rounds_half_away_from_zero),
        cmocka_unit_test(test_cents_muldiv_even_rounds_half_to_even),
        cmocka_unit_test(test_cents_muldiv_product_is_exact_in_128_bits),
        cmocka_unit_test(test_cents_muldiv_saturates_out_of_range),
        cmocka_unit_test(test_cents_muldiv_negative_den_flips_sign),
        cmocka_unit_test(test_money_format_plain_examples),
        cmocka_unit_test(test_money_format_plain_handles_int64_extremes),
        cmocka_unit_test(test_money_format_truncates_to_small_buffer),
        cmocka_unit_test(test_money_format_groups_thousands),
        cmocka_unit_test(test_money_format_group_zero_means_no_grouping),
    };
    return cmocka_run_group_tests_name("money", tests, NULL, NULL);
}
