/* test_input_keys.c - the policy keys that say how a ledger is written
 * (SPEC §2.6; src/ingest/input_keys.c): every [input], [columns] and
 * [doc_types] key, each value form it accepts and each reject with its
 * message, read the way a user's file is (ar_policy_load_string).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "ar/ingest/policy_file.h"

static void assert_contains(const char *s, const char *part)
{
    if (!strstr(s, part))
        fail_msg("\"%s\" does not contain \"%s\"", s, part);
}

/* The defaults overlaid with text, which must load. */
static ar_policy load_good(const char *text)
{
    ar_policy p;
    ar_policy_defaults(&p);
    ar_diag d;
    ar_diag_clear(&d);
    if (ar_policy_load_string(&p, text, "t.ini", &d) != AR_OK)
        fail_msg("policy: %s:%ld: %s", d.file, d.line, d.message);
    return p;
}

/* text must be refused with AR_ERR_POLICY on line; the message holds
 * every one of the NULL-ended parts. */
static void load_bad(const char *text, long line, ...)
{
    ar_policy p;
    ar_policy_defaults(&p);
    ar_diag d;
    ar_diag_clear(&d);
    ar_err err = ar_policy_load_string(&p, text, "t.ini", &d);
    if (err != AR_ERR_POLICY)
        fail_msg("\"%s\" gave %s, expected a policy error", text,
                 ar_strerror(err));
    assert_int_equal(d.line, line);
    va_list ap;
    va_start(ap, line);
    for (const char *part; (part = va_arg(ap, const char *));)
        assert_contains(d.message, part);
    va_end(ap);
}

/* ---- [input] -------------------------------------------------------------- */

static void test_input_date_format_accepts_every_documented_form(void **state)
{
    (void)state;
    static const char *const forms[] = {"%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y",
                                        "%d-%b-%Y", "%b %d, %Y", "%Y%m%d",
                                        "%d/%m/%y"};
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        char text[80];
        snprintf(text, sizeof text, "[input]\ndate_format = %s\n", forms[i]);
        ar_policy p = load_good(text);
        assert_string_equal(p.date_format, forms[i]);
    }
}

static void test_input_date_format_needs_year_month_and_day_once(void **state)
{
    (void)state;
    load_bad("[input]\ndate_format = %Y-%m\n", 2, "date_format", "\"%Y-%m\"",
             NULL);
    load_bad("[input]\ndate_format = %Y-%m-%d %d\n", 2, "date_format", NULL);
    load_bad("[input]\ndate_format = %Y-%q-%d\n", 2, "date_format", NULL);
}

static void test_input_date_format_per_column(void **state)
{
    (void)state;
    ar_policy p = load_good("[input]\ndate_format = %d.%m.%Y\n"
                            "date_format.due_date = %Y%m%d\n"
                            "date_format.SETTLED_DATE = %d-%b-%y\n");
    assert_string_equal(p.date_format, "%d.%m.%Y");
    assert_string_equal(p.date_formats[0], "");
    assert_string_equal(p.date_formats[1], "%Y%m%d");
    assert_string_equal(p.date_formats[2], "%d-%b-%y");
    /* blank: back to date_format (a later file can undo a preset's) */
    ar_diag d;
    ar_diag_clear(&d);
    assert_int_equal(ar_policy_load_string(&p, "[input]\n"
                                               "date_format.due_date =\n",
                                           "u.ini", &d),
                     AR_OK);
    assert_string_equal(p.date_formats[1], "");
}

static void test_input_date_format_per_column_rejects_bad_pattern(
    void **state)
{
    (void)state;
    load_bad("[input]\ndate_format.due_date = %Y-%m\n", 2,
             "date_format.due_date", "\"%Y-%m\"", NULL);
    load_bad("[input]\n\ndate_format.due_date = tomorrow\n", 3,
             "date_format.due_date", "tomorrow", NULL);
    /* only our three date columns have a format of their own */
    load_bad("[input]\ndate_format.paid_date = %Y-%m-%d\n", 2,
             "date_format.paid_date", "per date column", NULL);
}

static void test_input_decimal_mark_dot_or_comma(void **state)
{
    (void)state;
    assert_int_equal(load_good("[input]\ndecimal_mark = ,\n").decimal_mark,
                     ',');
    assert_int_equal(load_good("[input]\ndecimal_mark = Comma\n").decimal_mark,
                     ',');
    assert_int_equal(load_good("[input]\ndecimal_mark = dot\n").decimal_mark,
                     '.');
    load_bad("[input]\ndecimal_mark = '\n", 2, "decimal_mark", NULL);
}

static void test_input_delimiter_words_and_pipe(void **state)
{
    (void)state;
    static const struct {
        const char *v;
        char want;
    } ok[] = {{"auto", 0},    {"comma", ','}, {",", ','},
              {"semicolon", ';'}, {"TAB", '\t'}, {"|", '|'},
              {"pipe", '|'}};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        char text[80];
        snprintf(text, sizeof text, "[input]\ndelimiter = %s\n", ok[i].v);
        assert_int_equal(load_good(text).delimiter, ok[i].want);
    }
    load_bad("[input]\ndelimiter = colon\n", 2, "delimiter", "pipe",
             "\"colon\"", NULL);
}

static void test_input_header_line_auto_or_1_to_50(void **state)
{
    (void)state;
    assert_int_equal(load_good("[input]\nheader_line = 4\n").header_line, 4);
    assert_int_equal(load_good("[input]\nheader_line = 50\n").header_line,
                     50);
    assert_int_equal(load_good("[input]\nheader_line = 1\n").header_line, 1);
    ar_policy p = load_good("[input]\nheader_line = 7\n");
    ar_diag d;
    ar_diag_clear(&d);
    assert_int_equal(ar_policy_load_string(&p, "[input]\nheader_line = AUTO\n",
                                           "u.ini", &d),
                     AR_OK);
    assert_int_equal(p.header_line, 0);
    load_bad("[input]\nheader_line = 0\n", 2, "header_line", "1 to 50",
             "\"0\"", NULL);
    load_bad("[input]\nheader_line = 51\n", 2, "header_line", "\"51\"", NULL);
    load_bad("[input]\nheader_line = abc\n", 2, "header_line", "\"abc\"",
             NULL);
    load_bad("[input]\nheader_line = 4x\n", 2, "header_line", NULL);
    load_bad("[input]\nheader_line = -3\n", 2, "header_line", NULL);
    load_bad("[input]\nheader_line =\n", 2, "header_line", NULL);
}

static void test_input_skip_rows_is_a_posix_ere(void **state)
{
    (void)state;
    ar_policy p = load_good("[input]\nskip_rows = ^(Total|TOTAL)\n");
    assert_string_equal(p.skip_rows, "^(Total|TOTAL)");
    p = load_good("[input]\nskip_rows = ^Total for .+$\n");
    assert_string_equal(p.skip_rows, "^Total for .+$");
    /* blank: no row is skipped by pattern */
    assert_string_equal(load_good("[input]\nskip_rows =\n").skip_rows, "");
    load_bad("[input]\nskip_rows = ^(Total|TOTAL\n", 2, "skip_rows",
             "POSIX extended regular expression", "\"^(Total|TOTAL\"", NULL);
    load_bad("[input]\nskip_rows = [a-\n", 2, "skip_rows", NULL);
    char text[300];
    snprintf(text, sizeof text, "[input]\nskip_rows = ^%0130d\n", 0);
    load_bad(text, 2, "skip_rows", "at most 127 bytes", NULL);
}

static void test_input_yes_no_keys(void **state)
{
    (void)state;
    static const char *const keys[] = {"signed_amounts",
                                       "client_id_strip_zeros"};
    for (size_t k = 0; k < 2; k++) {
        char text[120];
        static const char *const yes[] = {"yes", "True", "1"};
        static const char *const no[] = {"no", "FALSE", "0"};
        for (size_t i = 0; i < 3; i++) {
            snprintf(text, sizeof text, "[input]\n%s = %s\n", keys[k],
                     yes[i]);
            ar_policy p = load_good(text);
            assert_true(k == 0 ? p.signed_amounts : p.client_id_strip_zeros);
            assert_false(k == 0 ? p.client_id_strip_zeros
                                : p.signed_amounts);
            snprintf(text, sizeof text, "[input]\n%s = %s\n", keys[k], no[i]);
            p = load_good(text);
            assert_false(k == 0 ? p.signed_amounts : p.client_id_strip_zeros);
        }
        snprintf(text, sizeof text, "[input]\n%s = maybe\n", keys[k]);
        load_bad(text, 2, keys[k], "yes or no", "\"maybe\"", NULL);
    }
}

static void test_input_negative_type_is_one_of_our_codes(void **state)
{
    (void)state;
    ar_policy p;
    ar_policy_defaults(&p);
    assert_int_equal(p.negative_type, AR_DOC_CRN); /* SPEC §2.6 default */
    assert_int_equal(load_good("[input]\nnegative_type = PAY\n").negative_type,
                     AR_DOC_PAY);
    assert_int_equal(load_good("[input]\nnegative_type = wo\n").negative_type,
                     AR_DOC_WO);
    load_bad("[input]\nnegative_type = XYZ\n", 2, "negative_type",
             "\"XYZ\"", NULL);
    /* skip is a [doc_types] word, not a type */
    load_bad("[input]\nnegative_type = skip\n", 2, "negative_type", NULL);
}

static void test_input_group_lines_no_same_or_sum(void **state)
{
    (void)state;
    assert_int_equal(load_good("[input]\ngroup_lines = same\n").group_lines,
                     AR_GROUP_SAME);
    assert_int_equal(load_good("[input]\ngroup_lines = SUM\n").group_lines,
                     AR_GROUP_SUM);
    assert_int_equal(load_good("[input]\ngroup_lines = off\n").group_lines,
                     AR_GROUP_NONE);
    assert_int_equal(load_good("[input]\ngroup_lines = no\n").group_lines,
                     AR_GROUP_NONE);
    load_bad("[input]\ngroup_lines = maybe\n", 2, "group_lines",
             "no, same or sum", "\"maybe\"", NULL);
}

static void test_input_entity_is_kept_as_written(void **state)
{
    (void)state;
    assert_string_equal(load_good("[input]\nentity = 1000\n").entity, "1000");
    assert_string_equal(load_good("[input]\nentity =\n").entity, "");
    char text[200];
    snprintf(text, sizeof text, "[input]\nentity = %070d\n", 1);
    load_bad(text, 2, "entity", "longer than 63 bytes", NULL);
}

static void test_input_round_amounts_off_or_half_even(void **state)
{
    (void)state;
    assert_true(load_good("[input]\nround_amounts = half-even\n")
                    .round_amounts);
    assert_false(load_good("[input]\nround_amounts = off\n").round_amounts);
    assert_false(load_good("[input]\nround_amounts = no\n").round_amounts);
    load_bad("[input]\nround_amounts = half-up\n", 2, "round_amounts",
             "off or half-even", "\"half-up\"", NULL);
}

static void test_input_open_amount_currency_document_or_company(void **state)
{
    (void)state;
    assert_true(load_good("[input]\nopen_amount_currency = company\n")
                    .open_amount_in_company);
    assert_false(load_good("[input]\nopen_amount_currency = Document\n")
                     .open_amount_in_company);
    load_bad("[input]\nopen_amount_currency = EUR\n", 2,
             "open_amount_currency", "document or company", NULL);
}

static void test_input_export_date_is_a_real_iso_date(void **state)
{
    (void)state;
    ar_policy p = load_good("[input]\nexport_date = 2026-02-28\n");
    assert_int_equal(p.export_date, ar_date_from_ymd(2026, 2, 28));
    /* blank: the as-of date (set by the run) */
    assert_int_equal(load_good("[input]\nexport_date =\n").export_date,
                     AR_DATE_NONE);
    load_bad("[input]\nexport_date = 2026-02-30\n", 2, "export_date",
             "YYYY-MM-DD", "\"2026-02-30\"", NULL);
    load_bad("[input]\nexport_date = 28.02.2026\n", 2, "export_date", NULL);
    load_bad("[input]\nexport_date = 2026-13-01\n", 2, "export_date", NULL);
    load_bad("[input]\nexport_date = 2026-02-28 12:00\n", 2, "export_date",
             NULL);
}

static void test_input_unknown_key_is_named(void **state)
{
    (void)state;
    load_bad("[input]\nheader_row = 3\n", 2, "unknown key 'header_row'",
             "[input]", NULL);
}

/* ---- [columns] ------------------------------------------------------------ */

static void test_columns_every_column_takes_a_header_name(void **state)
{
    (void)state;
    for (int c = 0; c < AR_COL_COUNT_; c++) {
        char text[160];
        snprintf(text, sizeof text, "[columns]\n%s = My Header %d\n",
                 ar_column_name((ar_column)c), c);
        ar_policy p = load_good(text);
        char want[40];
        snprintf(want, sizeof want, "My Header %d", c);
        assert_string_equal(p.columns[c], want);
    }
    load_bad("[columns]\ninvoice_no = Num\n", 2, "unknown key 'invoice_no'",
             NULL);
}

static void test_columns_key_of_several_parts_and_alternatives(void **state)
{
    (void)state;
    ar_policy p = load_good("[columns]\n"
                            "doc_no = Company Code + Document Number\n"
                            "client_id = Customer full name | Customer\n"
                            "doc_no_else = Reference+InvoiceDate\n"
                            "entity = A + B + C + D\n");
    assert_string_equal(p.columns[AR_COL_DOC_NO],
                        "Company Code + Document Number");
    assert_string_equal(p.columns[AR_COL_CLIENT_ID],
                        "Customer full name | Customer");
    assert_string_equal(p.columns[AR_COL_DOC_NO_ELSE],
                        "Reference+InvoiceDate");
    assert_string_equal(p.columns[AR_COL_ENTITY], "A + B + C + D");
    /* blank: back to our own name (a preset's mapping undone) */
    ar_diag d;
    ar_diag_clear(&d);
    assert_int_equal(ar_policy_load_string(&p, "[columns]\ndoc_no =\n",
                                           "u.ini", &d),
                     AR_OK);
    assert_string_equal(p.columns[AR_COL_DOC_NO], "");
}

static void test_columns_key_with_an_empty_part_is_refused(void **state)
{
    (void)state;
    load_bad("[columns]\ndoc_no = A + \n", 2, "doc_no", "\"A +\"", NULL);
    load_bad("[columns]\ndoc_no = + A\n", 2, "doc_no", NULL);
    load_bad("[columns]\ndoc_no = A + + B\n", 2, "doc_no", NULL);
}

static void test_columns_key_of_five_parts_is_refused(void **state)
{
    (void)state;
    load_bad("[columns]\ndoc_no = A + B + C + D + E\n", 2, "doc_no",
             "up to 4", NULL);
}

static void test_columns_header_name_too_long_is_refused(void **state)
{
    (void)state;
    /* a policy line holds 198 bytes (libinih's line buffer), so a header
     * name is refused by the line's length before the column's */
    char text[400];
    snprintf(text, sizeof text, "[columns]\namount = %0200d\n", 7);
    load_bad(text, 2, "line is longer than 198 bytes", NULL);
}

/* ---- [doc_types] ---------------------------------------------------------- */

static const ar_type_map *map_of(const ar_policy *p, const char *value)
{
    for (int i = 0; i < p->doc_type_count; i++)
        if (strcmp(p->doc_types[i].value, value) == 0)
            return &p->doc_types[i];
    fail_msg("no [doc_types] entry '%s'", value);
    return NULL;
}

static void test_doc_types_words_map_to_our_types_or_skip(void **state)
{
    (void)state;
    ar_policy p = load_good("[doc_types]\n"
                            "Invoice = INV\n"
                            "Credit Memo = crn\n"
                            "Payment Entry = PAY\n"
                            "Finance Charge Memo = DEB\n"
                            "Bad debt = WO\n"
                            "Estimate = skip\n"
                            "RV = INV\n");
    assert_int_equal(p.doc_type_count, 7);
    const ar_type_map *m = map_of(&p, "Credit Memo");
    assert_int_equal(m->positive, AR_DOC_CRN);
    assert_int_equal(m->negative, AR_DOC_CRN);
    m = map_of(&p, "Estimate");
    assert_int_equal(m->positive, AR_TYPE_SKIP);
    assert_int_equal(m->negative, AR_TYPE_SKIP);
    assert_int_equal(map_of(&p, "Bad debt")->positive, AR_DOC_WO);
}

static void test_doc_types_x_slash_y_maps_by_sign(void **state)
{
    (void)state;
    ar_policy p = load_good("[doc_types]\nJournal Entry = DEB/CRN\n"
                            "Adjustment = skip/WO\n");
    const ar_type_map *m = map_of(&p, "Journal Entry");
    assert_int_equal(m->positive, AR_DOC_DEB);
    assert_int_equal(m->negative, AR_DOC_CRN);
    m = map_of(&p, "Adjustment");
    assert_int_equal(m->positive, AR_TYPE_SKIP);
    assert_int_equal(m->negative, AR_DOC_WO);
}

static void test_doc_types_unknown_type_is_refused(void **state)
{
    (void)state;
    load_bad("[doc_types]\nX = INV/ZZZ\n", 2, "'X'", "X/Y", "\"INV/ZZZ\"",
             NULL);
    load_bad("[doc_types]\nX = ZZZ\n", 2, "'X'", "\"ZZZ\"", NULL);
    load_bad("[doc_types]\nX = INV/\n", 2, "'X'", NULL);
    load_bad("[doc_types]\nX = /CRN\n", 2, "'X'", NULL);
    load_bad("[doc_types]\nX =\n", 2, "'X'", NULL);
}

static void test_doc_types_value_listed_twice_in_one_file_is_refused(
    void **state)
{
    (void)state;
    load_bad("[doc_types]\nInvoice = INV\nPayment = PAY\nINVOICE = DEB\n", 4,
             "'INVOICE'", "given twice", NULL);
}

static void test_doc_types_later_file_overrides_earlier_value(void **state)
{
    (void)state;
    /* a preset, then the user's policy over it */
    ar_policy p = load_good("[doc_types]\nInvoice = INV\n"
                            "Journal Entry = DEB/CRN\n");
    ar_diag d;
    ar_diag_clear(&d);
    if (ar_policy_load_string(&p, "[doc_types]\njournal entry = skip\n"
                                  "Refund = DEB\n",
                              "user.ini", &d) != AR_OK)
        fail_msg("%s", d.message);
    assert_int_equal(p.doc_type_count, 3);
    const ar_type_map *m = map_of(&p, "Journal Entry");
    assert_int_equal(m->positive, AR_TYPE_SKIP);
    assert_int_equal(m->negative, AR_TYPE_SKIP);
    assert_int_equal(map_of(&p, "Invoice")->positive, AR_DOC_INV);
    assert_int_equal(map_of(&p, "Refund")->positive, AR_DOC_DEB);
    /* the second file may not list one value twice either */
    ar_diag_clear(&d);
    assert_int_equal(ar_policy_load_string(&p, "[doc_types]\n"
                                                "Invoice = DEB\n"
                                                "invoice = CRN\n",
                                           "user2.ini", &d),
                     AR_ERR_POLICY);
    assert_int_equal(d.line, 3);
    assert_contains(d.message, "given twice");
    /* and a failed file changed nothing */
    assert_int_equal(map_of(&p, "Invoice")->positive, AR_DOC_INV);
}

static void test_doc_types_value_too_long_is_refused(void **state)
{
    (void)state;
    char text[200];
    snprintf(text, sizeof text, "[doc_types]\nT%060d = INV\n", 0);
    load_bad(text, 2, "longer than 47 bytes", NULL);
}

static void test_doc_types_at_most_64_values(void **state)
{
    (void)state;
    char text[4096];
    size_t n = (size_t)snprintf(text, sizeof text, "[doc_types]\n");
    for (int i = 0; i < AR_MAX_DOC_TYPES; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "T%d = INV\n", i);
    ar_policy p = load_good(text);
    assert_int_equal(p.doc_type_count, AR_MAX_DOC_TYPES);
    snprintf(text + n, sizeof text - n, "T%d = INV\n", AR_MAX_DOC_TYPES);
    load_bad(text, AR_MAX_DOC_TYPES + 2, "more than 64", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_input_date_format_accepts_every_documented_form),
        cmocka_unit_test(test_input_date_format_needs_year_month_and_day_once),
        cmocka_unit_test(test_input_date_format_per_column),
        cmocka_unit_test(
            test_input_date_format_per_column_rejects_bad_pattern),
        cmocka_unit_test(test_input_decimal_mark_dot_or_comma),
        cmocka_unit_test(test_input_delimiter_words_and_pipe),
        cmocka_unit_test(test_input_header_line_auto_or_1_to_50),
        cmocka_unit_test(test_input_skip_rows_is_a_posix_ere),
        cmocka_unit_test(test_input_yes_no_keys),
        cmocka_unit_test(test_input_negative_type_is_one_of_our_codes),
        cmocka_unit_test(test_input_group_lines_no_same_or_sum),
        cmocka_unit_test(test_input_entity_is_kept_as_written),
        cmocka_unit_test(test_input_round_amounts_off_or_half_even),
        cmocka_unit_test(
            test_input_open_amount_currency_document_or_company),
        cmocka_unit_test(test_input_export_date_is_a_real_iso_date),
        cmocka_unit_test(test_input_unknown_key_is_named),
        cmocka_unit_test(test_columns_every_column_takes_a_header_name),
        cmocka_unit_test(test_columns_key_of_several_parts_and_alternatives),
        cmocka_unit_test(test_columns_key_with_an_empty_part_is_refused),
        cmocka_unit_test(test_columns_key_of_five_parts_is_refused),
        cmocka_unit_test(test_columns_header_name_too_long_is_refused),
        cmocka_unit_test(test_doc_types_words_map_to_our_types_or_skip),
        cmocka_unit_test(test_doc_types_x_slash_y_maps_by_sign),
        cmocka_unit_test(test_doc_types_unknown_type_is_refused),
        cmocka_unit_test(
            test_doc_types_value_listed_twice_in_one_file_is_refused),
        cmocka_unit_test(test_doc_types_later_file_overrides_earlier_value),
        cmocka_unit_test(test_doc_types_value_too_long_is_refused),
        cmocka_unit_test(test_doc_types_at_most_64_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
