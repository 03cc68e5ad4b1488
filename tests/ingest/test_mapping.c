/* test_mapping.c - a real export's rows in our layout (SPEC §2.6;
 * src/ingest/mapping.c): types by sign, signed amounts and their rejects,
 * trailing minus, debit and credit, open amounts, keys of several columns
 * and alternatives, layout lines, skipped rows, entities, leading zeros,
 * rounding.
 *
 * Each test writes a small CSV into a fresh temporary directory, opens it
 * with the CSV reader (its first line the header) and maps its records one
 * by one with ar_mapping_row, checking the view the row rules then see.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/ingest/mapping.h"
#include "ar/ingest/policy_file.h"
#include "ar/base/files.h" /* ar_remove_tree */

static char tmp_dir[256];
static int file_seq;

static int make_tmp_dir(void **state)
{
    (void)state;
    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/test_mapping.XXXXXX");
    return mkdtemp(tmp_dir) ? 0 : -1;
}

static int remove_tmp_dir(void **state)
{
    (void)state;
    return ar_remove_tree(tmp_dir) ? 0 : -1;
}

/* ---- a mapped file ---------------------------------------------------- */

typedef struct mp {
    char path[512];
    ar_policy p;
    ar_csv_reader *r;
    ar_mapping *m;
    ar_csv_record rec;
    ar_mapped_row out;
    ar_map_result res;
    ar_skip_reason skip;
    ar_err why;
    ar_column col;
    const char *value;
    char detail[200];
    ar_diag d;
} mp;

/* Write csv, read its header with the policy text (over the defaults) and
 * make the mapping; the open must succeed. */
static void mp_open(mp *x, const char *policy, const char *csv)
{
    memset(x, 0, sizeof *x);
    ar_policy_defaults(&x->p);
    ar_diag_clear(&x->d);
    if (policy && ar_policy_load_string(&x->p, policy, "t.ini", &x->d) != AR_OK)
        fail_msg("policy: %s:%ld: %s", x->d.file, x->d.line, x->d.message);
    snprintf(x->path, sizeof x->path, "%s/m%03d.csv", tmp_dir, ++file_seq);
    FILE *f = fopen(x->path, "wb");
    assert_non_null(f);
    assert_int_equal(fputs(csv, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
    if (ar_csv_open(&x->r, x->path, x->p.delimiter, &x->d) != AR_OK)
        fail_msg("open: %s", x->d.message);
    if (ar_mapping_new(&x->p, x->r, x->path, &x->m, &x->d) != AR_OK)
        fail_msg("mapping: %s", x->d.message);
}

static void mp_close(mp *x)
{
    assert_int_equal(ar_csv_next(x->r, &x->rec, &x->d), 0); /* all read */
    ar_mapping_free(x->m);
    ar_csv_close(x->r);
}

/* Map the next record. */
static ar_map_result mp_next(mp *x)
{
    if (ar_csv_next(x->r, &x->rec, &x->d) != 1)
        fail_msg("no more records");
    x->why = AR_OK;
    x->col = AR_COL_COUNT_;
    x->res = ar_mapping_row(x->m, &x->rec, &x->out, &x->skip, &x->why,
                            &x->col, &x->value, x->detail,
                            sizeof x->detail);
    return x->res;
}

static const char *view(const mp *x, ar_column c)
{
    assert_true(c < AR_COL_CANONICAL_);
    return x->out.view.fields[c];
}

/* The next record is used as type with amount (our layout's text). */
static void expect_use(mp *x, const char *type, const char *amount)
{
    if (mp_next(x) != AR_MAP_USE)
        fail_msg("line %ld: not used (result %d, reason %s, %s)", x->rec.line,
                 (int)x->res, ar_strerror(x->why), x->detail);
    assert_string_equal(view(x, AR_COL_DOC_TYPE), type);
    assert_string_equal(view(x, AR_COL_AMOUNT), amount);
    assert_int_equal(x->out.view.line, x->rec.line);
}

/* The next record is rejected for why in column col (its value shown). */
static void expect_reject(mp *x, ar_err why, ar_column col,
                          const char *value)
{
    if (mp_next(x) != AR_MAP_REJECT)
        fail_msg("line %ld: not rejected (result %d)", x->rec.line,
                 (int)x->res);
    if (x->why != why)
        fail_msg("line %ld: reason \"%s\", expected \"%s\"", x->rec.line,
                 ar_strerror(x->why), ar_strerror(why));
    if (why != AR_ERR_FIELD_COUNT) {
        assert_int_equal(x->col, col);
        assert_string_equal(x->value, value);
    }
}

static void expect_skip(mp *x, ar_skip_reason why)
{
    if (mp_next(x) != AR_MAP_SKIP)
        fail_msg("line %ld: not skipped (result %d, %s)", x->rec.line,
                 (int)x->res, ar_strerror(x->why));
    assert_int_equal(x->skip, why);
}

/* ---- types ----------------------------------------------------------- */

#define QB_TYPES                                                             \
    "[doc_types]\n"                                                          \
    "Invoice = INV\n"                                                        \
    "Credit Memo = CRN\n"                                                    \
    "Payment = PAY\n"                                                        \
    "Journal Entry = DEB/CRN\n"                                              \
    "Estimate = skip\n"

#define QB_COLUMNS                                                           \
    "[columns]\n"                                                            \
    "doc_type = Type\n"                                                      \
    "doc_no = Num\n"                                                         \
    "client_id = Customer\n"                                                 \
    "doc_date = Date\n"                                                      \
    "amount = Amount\n"

static void test_mapping_doc_types_x_slash_y_picks_by_sign(void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[input]\nsigned_amounts = yes\n" QB_COLUMNS QB_TYPES,
            "Type,Num,Customer,Date,Amount\n"
            "Journal Entry,J1,C1,2026-01-05,50.00\n"
            "Journal Entry,J2,C1,2026-01-05,-50.00\n"
            " JOURNAL entry ,J3,C1,2026-01-05,-7\n"
            "Journal Entry,J4,C1,2026-01-05,0\n");
    expect_use(&x, "DEB", "50.00");
    expect_use(&x, "CRN", "50.00");
    /* matched ignoring case, after trimming */
    expect_use(&x, "CRN", "7.00");
    /* zero is positive */
    expect_use(&x, "DEB", "0.00");
    mp_close(&x);
}

static void test_mapping_doc_types_words_our_codes_and_skip(void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[columns]\ndoc_type = Type\ndoc_no = Num\n"
                "client_id = Customer\ndoc_date = Date\namount = Amount\n"
                QB_TYPES,
            "Type,Num,Customer,Date,Amount\n"
            "Invoice,1001,C1,2026-01-05,100.00\n"
            "credit memo,CM1,C1,2026-01-05,20.00\n"
            "pay,P1,C1,2026-01-05,30.00\n"
            "Estimate,E1,C1,2026-01-05,99.00\n"
            "Sales Receipt,S1,C1,2026-01-05,10.00\n"
            ",X1,C1,2026-01-05,10.00\n");
    expect_use(&x, "INV", "100.00");
    assert_string_equal(view(&x, AR_COL_DOC_NO), "1001");
    assert_string_equal(view(&x, AR_COL_CLIENT_ID), "C1");
    assert_string_equal(view(&x, AR_COL_DOC_DATE), "2026-01-05");
    expect_use(&x, "CRN", "20.00");
    /* our own codes always work */
    expect_use(&x, "PAY", "30.00");
    expect_skip(&x, AR_SKIP_DOC_TYPE);
    expect_reject(&x, AR_ERR_DOC_TYPE, AR_COL_DOC_TYPE, "Sales Receipt");
    assert_non_null(strstr(x.detail, "[doc_types]"));
    expect_reject(&x, AR_ERR_MISSING_KEY, AR_COL_DOC_TYPE, "");
    mp_close(&x);
}

/* ---- signs ----------------------------------------------------------- */

static void test_mapping_signed_amount_must_agree_with_type(void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[input]\nsigned_amounts = yes\n" QB_COLUMNS QB_TYPES,
            "Type,Num,Customer,Date,Amount\n"
            "Invoice,1001,C1,2026-01-05,100.00\n"
            "Invoice,1002,C1,2026-01-05,-100.00\n"
            "Credit Memo,CM1,C1,2026-01-05,-20.00\n"
            "Credit Memo,CM2,C1,2026-01-05,20.00\n"
            "Payment,P1,C1,2026-01-05,(30.00)\n"
            "Invoice,1003,C1,2026-01-05,0.00\n"
            "Credit Memo,CM3,C1,2026-01-05,-0.00\n");
    expect_use(&x, "INV", "100.00");
    expect_reject(&x, AR_ERR_SIGN, AR_COL_AMOUNT, "-100.00");
    assert_non_null(strstr(x.detail, "negative"));
    /* the sign is dropped once it agrees */
    expect_use(&x, "CRN", "20.00");
    expect_reject(&x, AR_ERR_SIGN, AR_COL_AMOUNT, "20.00");
    expect_use(&x, "PAY", "30.00");
    /* zero agrees with every type */
    expect_use(&x, "INV", "0.00");
    expect_use(&x, "CRN", "0.00");
    mp_close(&x);
}

static void test_mapping_without_type_column_negative_is_negative_type(
    void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[input]\nsigned_amounts = yes\n",
            "doc_no,client_id,doc_date,amount\n"
            "1,C1,2026-01-05,100.00\n"
            "2,C1,2026-01-05,-5.00\n");
    expect_use(&x, "INV", "100.00");
    expect_use(&x, "CRN", "5.00"); /* SPEC §2.6: negative_type = CRN */
    mp_close(&x);
    mp_open(&x, "[input]\nsigned_amounts = yes\nnegative_type = PAY\n",
            "doc_no,client_id,doc_date,amount\n"
            "2,C1,2026-01-05,-5.00\n");
    expect_use(&x, "PAY", "5.00");
    mp_close(&x);
}

/* Unsigned amounts: a minus stays, and the row rules reject it
 * ("negative amount"). */
static void test_mapping_unsigned_negative_amount_is_left_to_row_rules(
    void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[input]\nround_amounts = half-even\n",
            "doc_type,doc_no,client_id,doc_date,amount\n"
            "INV,1,C1,2026-01-05,-5.00\n");
    expect_use(&x, "INV", "-5.00");
    mp_close(&x);
}

static void test_mapping_trailing_minus_is_negative(void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[input]\nsigned_amounts = yes\ndecimal_mark = ,\n"
                "delimiter = semicolon\n"
                "[doc_types]\nRV = INV\nDZ = PAY\nDG = CRN\n",
            "doc_type;doc_no;client_id;doc_date;amount\n"
            "DZ;1400000001;C1;2026-01-05;425,50-\n"
            "RV;1800000001;C1;2026-01-05;1.234,56\n"
            "RV;1800000002;C1;2026-01-05;425,50-\n"
            "DG;1600000001;C1;2026-01-05;-12,00\n");
    expect_use(&x, "PAY", "425.50"); /* the view's amounts are ours */
    expect_use(&x, "INV", "1234.56");
    expect_reject(&x, AR_ERR_SIGN, AR_COL_AMOUNT, "425,50-");
    expect_use(&x, "CRN", "12.00");
    mp_close(&x);
}

/* ---- debit and credit ------------------------------------------------ */

static void test_mapping_debit_minus_credit_is_the_signed_amount(void **state)
{
    (void)state;
    mp x;
    /* no signed_amounts: debit and credit columns are signed by nature */
    mp_open(&x, "[columns]\ndebit = Debit\ncredit = Credit\n"
                "[doc_types]\nInvoice = INV\nPayment = PAY\n"
                "Entry = DEB/CRN\n",
            "doc_type,doc_no,client_id,doc_date,Debit,Credit\n"
            "Invoice,1,C1,2026-01-05,100.00,\n"
            "Payment,2,C1,2026-01-05,,40.00\n"
            "Invoice,3,C1,2026-01-05,0,40.00\n"
            "Entry,4,C1,2026-01-05,10.00,25.00\n"
            "Entry,5,C1,2026-01-05,,\n"
            "Invoice,6,C1,2026-01-05,ten,\n"
            "Payment,7,C1,2026-01-05,,40.00-\n");
    expect_use(&x, "INV", "100.00");
    expect_use(&x, "PAY", "40.00");
    expect_reject(&x, AR_ERR_SIGN, AR_COL_AMOUNT, "");
    expect_use(&x, "CRN", "15.00");
    expect_use(&x, "DEB", "0.00");
    expect_reject(&x, AR_ERR_AMOUNT, AR_COL_DEBIT, "ten");
    /* a credit written negative is a debit */
    expect_reject(&x, AR_ERR_SIGN, AR_COL_AMOUNT, "");
    mp_close(&x);
}

/* SPEC §2.6 Odoo: amount (document currency) gives the size, debit -
 * credit (company currency) the sign. */
static void test_mapping_amount_with_debit_credit_size_and_sign(void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[columns]\namount = Amount in Currency\ndebit = Debit\n"
                "credit = Credit\n"
                "[doc_types]\nInvoice = INV\nPayment = PAY\n",
            "doc_type,doc_no,client_id,doc_date,Amount in Currency,Debit,"
            "Credit\n"
            "Invoice,1,C1,2026-01-05,120.00,100.00,0\n"
            "Payment,2,C1,2026-01-05,120.00,0,100.00\n"
            "Invoice,3,C1,2026-01-05,-120.00,100.00,0\n"
            "Payment,4,C1,2026-01-05,-120.00,0,100.00\n"
            "Invoice,5,C1,2026-01-05,,100.00,0\n"
            "Payment,6,C1,2026-01-05,120.00,100.00,0\n");
    expect_use(&x, "INV", "120.00");
    expect_use(&x, "PAY", "120.00");
    expect_use(&x, "INV", "120.00");
    expect_use(&x, "PAY", "120.00");
    /* no amount: debit - credit */
    expect_use(&x, "INV", "100.00");
    /* the books' sign decides: a payment with a debit is wrong */
    expect_reject(&x, AR_ERR_SIGN, AR_COL_AMOUNT, "120.00");
    mp_close(&x);
}

/* Odoo 13 and earlier write Amount in Currency as 0 on a company-currency
 * line: the amount is then debit - credit, not zero. */
static void test_mapping_zero_amount_with_debit_credit_takes_the_books(
    void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[columns]\namount = Amount in Currency\ndebit = Debit\n"
                "credit = Credit\n",
            "doc_no,client_id,doc_date,Amount in Currency,Debit,Credit\n"
            "1,C1,2026-01-05,0.00,100.00,0\n"
            "2,C1,2026-01-05,0,0,40.00\n"
            "3,C1,2026-01-05,0,0,0\n");
    expect_use(&x, "INV", "100.00");
    expect_use(&x, "CRN", "40.00");
    expect_use(&x, "INV", "0.00");
    mp_close(&x);
}

/* A blank type is mapped by "(blank)" (Business Central's general journal
 * entries), else it is a missing key. */
static void test_mapping_blank_type_maps_by_its_own_key(void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[input]\nsigned_amounts = yes\n"
                "[doc_types]\n(blank) = DEB/CRN\n",
            "doc_type,doc_no,client_id,doc_date,amount\n"
            ",1,C1,2026-01-05,30.00\n"
            ",2,C1,2026-01-05,-30.00\n");
    expect_use(&x, "DEB", "30.00");
    expect_use(&x, "CRN", "30.00");
    mp_close(&x);
    mp_open(&x, "", "doc_type,doc_no,client_id,doc_date,amount\n"
                    ",1,C1,2026-01-05,30.00\n");
    expect_reject(&x, AR_ERR_MISSING_KEY, AR_COL_DOC_TYPE, "");
    mp_close(&x);
}

/* "(none)" in [columns]: the file's column of that name is not read
 * (QuickBooks' Currency beside home-currency amounts). */
static void test_mapping_none_leaves_a_column_unread(void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[input]\nsigned_amounts = yes\n[columns]\ncurrency = (none)\n",
            "doc_type,doc_no,client_id,doc_date,amount,currency\n"
            "INV,1,C1,2026-01-05,10.00,GBP\n");
    expect_use(&x, "INV", "10.00");
    assert_string_equal(view(&x, AR_COL_CURRENCY), "");
    mp_close(&x);
}

/* ---- open amounts ---------------------------------------------------- */

static void expect_open(const mp *x, ar_cents open)
{
    assert_true(x->out.has_open);
    assert_int_equal(x->out.open, open);
}

static void test_mapping_open_amount_follows_the_amount_sign_rule(
    void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[input]\nsigned_amounts = yes\n" QB_COLUMNS
                "open_amount = Open balance\n" QB_TYPES,
            "Type,Num,Customer,Date,Amount,Open balance\n"
            "Invoice,1,C1,2026-01-05,100.00,40.00\n"
            "Invoice,2,C1,2026-01-05,100.00,0.00\n"
            "Invoice,3,C1,2026-01-05,100.00,100.00\n"
            "Invoice,4,C1,2026-01-05,100.00,100.01\n"
            "Invoice,5,C1,2026-01-05,100.00,-10.00\n"
            "Credit Memo,6,C1,2026-01-05,-100.00,-30.00\n"
            "Credit Memo,7,C1,2026-01-05,-100.00,30.00\n"
            "Credit Memo,8,C1,2026-01-05,-100.00,-100.01\n"
            "Invoice,9,C1,2026-01-05,100.00,\n"
            "Invoice,10,C1,2026-01-05,100.00,abc\n");
    expect_use(&x, "INV", "100.00");
    expect_open(&x, 4000);
    expect_use(&x, "INV", "100.00");
    expect_open(&x, 0);
    expect_use(&x, "INV", "100.00");
    expect_open(&x, 10000);
    expect_reject(&x, AR_ERR_OPEN_AMOUNT, AR_COL_OPEN_AMOUNT, "100.01");
    expect_reject(&x, AR_ERR_OPEN_AMOUNT, AR_COL_OPEN_AMOUNT, "-10.00");
    /* a credit's open part is positive in our layout, like its amount */
    expect_use(&x, "CRN", "100.00");
    expect_open(&x, 3000);
    expect_reject(&x, AR_ERR_OPEN_AMOUNT, AR_COL_OPEN_AMOUNT, "30.00");
    expect_reject(&x, AR_ERR_OPEN_AMOUNT, AR_COL_OPEN_AMOUNT, "-100.01");
    /* blank: the export does not say */
    expect_use(&x, "INV", "100.00");
    assert_false(x.out.has_open);
    expect_reject(&x, AR_ERR_AMOUNT, AR_COL_OPEN_AMOUNT, "abc");
    mp_close(&x);
}

static void test_mapping_unsigned_open_amount_may_not_be_negative(
    void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[columns]\nopen_amount = Open\n",
            "doc_type,doc_no,client_id,doc_date,amount,Open\n"
            "INV,1,C1,2026-01-05,100.00,-10.00\n"
            "CRN,2,C1,2026-01-05,100.00,10.00\n");
    expect_reject(&x, AR_ERR_OPEN_AMOUNT, AR_COL_OPEN_AMOUNT, "-10.00");
    expect_use(&x, "CRN", "100.00");
    expect_open(&x, 1000);
    mp_close(&x);
}

/* SPEC §2.6 ERPNext: a payment row gives only what is outstanding. */
static void test_mapping_blank_amount_takes_the_open_amount(void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[input]\nsigned_amounts = yes\n"
                "[columns]\nopen_amount = Outstanding\n"
                "[doc_types]\nPayment Entry = PAY\nSales Invoice = INV\n",
            "doc_type,doc_no,client_id,doc_date,amount,Outstanding\n"
            "Payment Entry,PE-1,C1,2026-01-05,,-250.00\n"
            "Sales Invoice,SI-1,C1,2026-01-05,,80.00\n");
    expect_use(&x, "PAY", "250.00");
    expect_open(&x, 25000);
    expect_use(&x, "INV", "80.00");
    expect_open(&x, 8000);
    mp_close(&x);
}

/* SPEC §2.6 Odoo: the residual is in company currency; back at the
 * line's own rate |amount| / |debit - credit|, half to even. */
static void test_mapping_open_amount_in_company_currency_is_scaled(
    void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[input]\nopen_amount_currency = company\n"
                "[columns]\namount = Amount in Currency\ndebit = Debit\n"
                "credit = Credit\nopen_amount = Residual\n"
                "[doc_types]\nInvoice = INV\nPayment = PAY\n",
            "doc_type,doc_no,client_id,doc_date,Amount in Currency,Debit,"
            "Credit,Residual\n"
            "Invoice,1,C1,2026-01-05,100.00,90.00,,45.00\n"
            "Invoice,2,C1,2026-01-05,0.03,0.02,,0.01\n"
            "Invoice,3,C1,2026-01-05,0.05,0.02,,0.01\n"
            "Invoice,4,C1,2026-01-05,0.07,0.02,,0.01\n"
            "Payment,5,C1,2026-01-05,120.00,,100.00,-50.00\n"
            "Invoice,6,C1,2026-01-05,100.00,100.00,,33.33\n");
    expect_use(&x, "INV", "100.00");
    expect_open(&x, 5000);
    expect_use(&x, "INV", "0.03");
    expect_open(&x, 2); /* 1.5 -> 2 */
    expect_use(&x, "INV", "0.05");
    expect_open(&x, 2); /* 2.5 -> 2 */
    expect_use(&x, "INV", "0.07");
    expect_open(&x, 4); /* 3.5 -> 4 */
    expect_use(&x, "PAY", "120.00");
    expect_open(&x, 6000);
    /* the same currency: unchanged */
    expect_use(&x, "INV", "100.00");
    expect_open(&x, 3333);
    mp_close(&x);
}

/* A residual in company currency larger than the line's own amount there
 * is refused before it is scaled: scaled, 2^24 cents times 2^40 over one
 * cent is 2^64, which wrapped to 0 and read the invoice as paid. */
static void test_mapping_company_residual_above_the_line_is_rejected(
    void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[input]\nopen_amount_currency = company\n"
                "[columns]\namount = Amount in Currency\ndebit = Debit\n"
                "credit = Credit\nopen_amount = Residual\n",
            "doc_no,client_id,doc_date,Amount in Currency,Debit,Credit,"
            "Residual\n"
            "1,C1,2026-01-05,10995116277.76,0.01,,167772.16\n"
            "2,C1,2026-01-05,100.00,90.00,,90.01\n"
            "3,C1,2026-01-05,100.00,90.00,,90.00\n");
    expect_reject(&x, AR_ERR_OPEN_AMOUNT, AR_COL_OPEN_AMOUNT, "167772.16");
    expect_reject(&x, AR_ERR_OPEN_AMOUNT, AR_COL_OPEN_AMOUNT, "90.01");
    expect_use(&x, "INV", "100.00");
    expect_open(&x, 10000);
    mp_close(&x);
}

static void test_mapping_scale_rounds_half_to_even(void **state)
{
    (void)state;
    assert_int_equal(ar_mapping_scale(1, 3, 2), 2);
    assert_int_equal(ar_mapping_scale(1, 5, 2), 2);
    assert_int_equal(ar_mapping_scale(1, 7, 2), 4);
    assert_int_equal(ar_mapping_scale(-1, 3, 2), -2);
    assert_int_equal(ar_mapping_scale(-1, 5, 2), -2);
    assert_int_equal(ar_mapping_scale(10, 1, 3), 3);
    assert_int_equal(ar_mapping_scale(20, 1, 3), 7);
    assert_int_equal(ar_mapping_scale(4500, 10000, 9000), 5000);
    /* no overflow in between: 2^53 cents times 2^20 */
    assert_int_equal(ar_mapping_scale(INT64_C(9007199254740991), 1 << 20,
                                      1 << 20),
                     INT64_C(9007199254740991));
}

static void test_mapping_open_flag_yes_no(void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[columns]\nopen = Open\n",
            "doc_type,doc_no,client_id,doc_date,amount,Open\n"
            "INV,1,C1,2026-01-05,100.00,Yes\n"
            "INV,2,C1,2026-01-05,100.00,no\n"
            "INV,3,C1,2026-01-05,100.00,\n"
            "INV,4,C1,2026-01-05,100.00,maybe\n");
    expect_use(&x, "INV", "100.00");
    assert_int_equal(x.out.open_flag, 1);
    assert_false(x.out.has_open);
    expect_use(&x, "INV", "100.00");
    assert_int_equal(x.out.open_flag, 0);
    expect_use(&x, "INV", "100.00");
    assert_int_equal(x.out.open_flag, -1);
    expect_reject(&x, AR_ERR_FLAG, AR_COL_OPEN, "maybe");
    mp_close(&x);
}

/* ---- keys ------------------------------------------------------------ */

static void test_mapping_key_of_several_columns_joined_with_slash(
    void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[columns]\ndoc_no = Company Code + Document Number\n",
            "doc_type,Company Code,Document Number,client_id,doc_date,"
            "amount\n"
            "INV,1000,4711,C1,2026-01-05,1.00\n"
            "INV,2000,4711,C1,2026-01-05,1.00\n"
            "INV,,4711,C1,2026-01-05,1.00\n"
            "INV,1000,,C1,2026-01-05,1.00\n");
    assert_string_equal(ar_mapping_source(x.m, AR_COL_DOC_NO),
                        "Company Code + Document Number");
    assert_int_equal(ar_mapping_column(x.m, AR_COL_DOC_NO), -1);
    assert_int_equal(ar_mapping_column(x.m, AR_COL_CLIENT_ID), 3);
    expect_use(&x, "INV", "1.00");
    assert_string_equal(view(&x, AR_COL_DOC_NO), "1000/4711");
    expect_use(&x, "INV", "1.00");
    assert_string_equal(view(&x, AR_COL_DOC_NO), "2000/4711");
    /* a blank part makes the key blank (the row rules: missing key) */
    expect_use(&x, "INV", "1.00");
    assert_string_equal(view(&x, AR_COL_DOC_NO), "");
    expect_use(&x, "INV", "1.00");
    assert_string_equal(view(&x, AR_COL_DOC_NO), "");
    mp_close(&x);
}

static void test_mapping_alternatives_take_the_first_in_the_header(
    void **state)
{
    (void)state;
    const char *policy = "[columns]\n"
                         "client_id = Customer full name | Customer\n"
                         "doc_no = Company + Num | Num\n";
    mp x;
    mp_open(&x, policy,
            "doc_type,Num,Customer,doc_date,amount\n"
            "INV,1,Acme,2026-01-05,1.00\n");
    assert_string_equal(ar_mapping_source(x.m, AR_COL_CLIENT_ID), "Customer");
    assert_string_equal(ar_mapping_source(x.m, AR_COL_DOC_NO), "Num");
    expect_use(&x, "INV", "1.00");
    assert_string_equal(view(&x, AR_COL_CLIENT_ID), "Acme");
    assert_string_equal(view(&x, AR_COL_DOC_NO), "1");
    mp_close(&x);
    mp_open(&x, policy,
            "doc_type,Num,Customer,CUSTOMER FULL NAME,doc_date,amount,"
            "Company\n"
            "INV,1,Acme,Acme Corp.,2026-01-05,1.00,C9\n");
    assert_string_equal(ar_mapping_source(x.m, AR_COL_CLIENT_ID),
                        "Customer full name");
    assert_string_equal(ar_mapping_source(x.m, AR_COL_DOC_NO),
                        "Company + Num");
    expect_use(&x, "INV", "1.00");
    assert_string_equal(view(&x, AR_COL_CLIENT_ID), "Acme Corp.");
    assert_string_equal(view(&x, AR_COL_DOC_NO), "C9/1");
    mp_close(&x);
}

static void test_mapping_missing_required_column_names_it(void **state)
{
    (void)state;
    mp x;
    memset(&x, 0, sizeof x);
    ar_policy_defaults(&x.p);
    ar_diag_clear(&x.d);
    assert_int_equal(ar_policy_load_string(&x.p,
                                           "[columns]\ndebit = Debit\n"
                                           "credit = Credit\n"
                                           "amount = Amount\n",
                                           "t.ini", &x.d),
                     AR_OK);
    snprintf(x.path, sizeof x.path, "%s/h%03d.csv", tmp_dir, ++file_seq);
    FILE *f = fopen(x.path, "wb");
    assert_non_null(f);
    fputs("doc_no,client_id,doc_date,Debit\n", f);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(ar_csv_open(&x.r, x.path, 0, &x.d), AR_OK);
    /* debit without credit is no amount */
    assert_int_equal(ar_mapping_new(&x.p, x.r, x.path, &x.m, &x.d),
                     AR_ERR_COLUMN);
    assert_null(x.m);
    assert_non_null(strstr(x.d.message, "'Amount'"));
    ar_csv_close(x.r);
}

static void test_mapping_doc_no_else_when_doc_no_is_blank(void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[columns]\ndoc_no = InvoiceNumber\n"
                "doc_no_else = Reference + InvoiceDate\n"
                "doc_date = InvoiceDate\n",
            "doc_type,InvoiceNumber,Reference,client_id,InvoiceDate,amount\n"
            "INV,INV-1,R1,C1,2026-01-05,1.00\n"
            "PAY,,Overpay,C1,2026-01-06,1.00\n"
            "PAY,,,C1,2026-01-06,1.00\n");
    expect_use(&x, "INV", "1.00");
    assert_string_equal(view(&x, AR_COL_DOC_NO), "INV-1");
    expect_use(&x, "PAY", "1.00");
    assert_string_equal(view(&x, AR_COL_DOC_NO), "Overpay/2026-01-06");
    /* doc_no_else leaves a blank part out (a Xero overpayment with no
     * reference keeps its date): only doc_no itself needs every part */
    expect_use(&x, "PAY", "1.00");
    assert_string_equal(view(&x, AR_COL_DOC_NO), "2026-01-06");
    mp_close(&x);
}

static void test_mapping_client_id_strip_zeros_keeps_one_zero(void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[input]\nclient_id_strip_zeros = yes\n",
            "doc_type,doc_no,client_id,doc_date,amount\n"
            "INV,1,0200769623,2026-01-05,1.00\n"
            "INV,2,200769623,2026-01-05,1.00\n"
            "INV,3,000,2026-01-05,1.00\n"
            "INV,4,0,2026-01-05,1.00\n"
            "INV,5,00A10,2026-01-05,1.00\n");
    static const char *const want[] = {"200769623", "200769623", "0", "0",
                                       "A10"};
    for (size_t i = 0; i < 5; i++) {
        expect_use(&x, "INV", "1.00");
        assert_string_equal(view(&x, AR_COL_CLIENT_ID), want[i]);
        assert_int_equal(x.out.view.lens[AR_COL_CLIENT_ID],
                         strlen(want[i]));
    }
    mp_close(&x);
}

/* ---- rows that are not documents --------------------------------------- */

static void test_mapping_skip_rows_matches_first_non_empty_field(
    void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[input]\nskip_rows = ^(Total|TOTAL)\n",
            "Section,doc_type,doc_no,client_id,doc_date,amount\n"
            ",INV,1,C1,2026-01-05,1.00\n"
            ",Total for C1,,,,1.00\n"
            "TOTAL,,,,,1.00\n"
            ",,,,,\n"
            "Subtotal,,,,,1.00\n");
    expect_use(&x, "INV", "1.00");
    expect_skip(&x, AR_SKIP_PATTERN);
    expect_skip(&x, AR_SKIP_PATTERN);
    expect_skip(&x, AR_SKIP_LAYOUT);
    /* no match: a row of its own (here without a type) */
    expect_reject(&x, AR_ERR_MISSING_KEY, AR_COL_DOC_TYPE, "");
    mp_close(&x);
}

static void test_mapping_layout_lines_include_short_rows(void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[columns]\ndoc_type = Type\n[doc_types]\nInvoice = INV\n",
            "Bucket,Type,doc_no,client_id,doc_date,amount,Memo\n"
            "1 - 30 days past due,,,,,,\n"
            "Invoice,Invoice,1,C1,2026-01-05,1.00,\n"
            "Accrual basis Monday 2 March 2026 10:15 AM GMT\n"
            ",,,,,,note only\n"
            ",Invoice,2\n"
            "x,Invoice,3,C1,2026-01-05,1.00,,extra\n");
    /* a section line: only an unmapped column */
    expect_skip(&x, AR_SKIP_LAYOUT);
    expect_use(&x, "INV", "1.00");
    /* a footer: one field, every mapped column missing */
    expect_skip(&x, AR_SKIP_LAYOUT);
    expect_skip(&x, AR_SKIP_LAYOUT);
    /* a short row with a value in a mapped column, a long row */
    expect_reject(&x, AR_ERR_FIELD_COUNT, AR_COL_COUNT_, "");
    expect_reject(&x, AR_ERR_FIELD_COUNT, AR_COL_COUNT_, "");
    mp_close(&x);
}

static void test_mapping_entity_keeps_the_chosen_one(void **state)
{
    (void)state;
    const char *csv = "doc_type,Company Code,doc_no,client_id,doc_date,"
                      "amount\n"
                      "INV,1000,1,C1,2026-01-05,1.00\n"
                      "INV,2000,1,C1,2026-01-05,2.00\n";
    mp x;
    mp_open(&x, "[columns]\nentity = Company Code\n[input]\nentity = 1000\n",
            csv);
    expect_use(&x, "INV", "1.00");
    expect_skip(&x, AR_SKIP_ENTITY);
    mp_close(&x);
    /* SPEC §2.6: no entity chosen, every entity is read */
    mp_open(&x, "[columns]\nentity = Company Code\n", csv);
    expect_use(&x, "INV", "1.00");
    expect_use(&x, "INV", "2.00");
    mp_close(&x);
}

/* An entity chosen for a file without an entity column would read every
 * entity as if it were the one: refused. */
static void test_mapping_entity_chosen_without_entity_column_is_refused(
    void **state)
{
    (void)state;
    static const char *const policies[] = {
        "[input]\nentity = 1000\n",
        "[input]\nentity = 1000\n[columns]\nentity = Company Code\n"};
    static const char *const says[] = {"names no entity column",
                                       "no column 'Company Code'"};
    for (int i = 0; i < 2; i++) {
        mp x;
        memset(&x, 0, sizeof x);
        ar_policy_defaults(&x.p);
        ar_diag_clear(&x.d);
        assert_int_equal(ar_policy_load_string(&x.p, policies[i], "t.ini",
                                               &x.d),
                         AR_OK);
        snprintf(x.path, sizeof x.path, "%s/e%03d.csv", tmp_dir, ++file_seq);
        FILE *f = fopen(x.path, "wb");
        assert_non_null(f);
        fputs("doc_type,doc_no,client_id,doc_date,amount\n"
              "INV,1,C1,2026-01-05,1.00\n", f);
        assert_int_equal(fclose(f), 0);
        assert_int_equal(ar_csv_open(&x.r, x.path, 0, &x.d), AR_OK);
        assert_int_equal(ar_mapping_new(&x.p, x.r, x.path, &x.m, &x.d),
                         AR_ERR_COLUMN);
        assert_null(x.m);
        assert_non_null(strstr(x.d.message, "entity '1000'"));
        assert_non_null(strstr(x.d.message, says[i]));
        ar_csv_close(x.r);
    }
}

/* ---- rounding ------------------------------------------------------- */

static void test_mapping_round_amounts_counts_each_rounded_row(void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[input]\nround_amounts = half-even\n"
                "[columns]\nopen_amount = Open\n",
            "doc_type,doc_no,client_id,doc_date,amount,Open\n"
            "INV,1,C1,2026-01-05,2309.7899999999995,\n"
            "INV,2,C1,2026-01-05,12.3400,\n"
            "INV,3,C1,2026-01-05,0.025,\n"
            "INV,4,C1,2026-01-05,2309.7899999999995,100.00\n"
            "INV,5,C1,2026-01-05,100.00,99.9999999\n");
    expect_use(&x, "INV", "2309.79");
    assert_true(x.out.rounded);
    expect_use(&x, "INV", "12.34");
    assert_false(x.out.rounded); /* only zeros dropped */
    expect_use(&x, "INV", "0.02");
    assert_true(x.out.rounded);
    /* a rounded amount stays counted whatever the open amount is */
    expect_use(&x, "INV", "2309.79");
    assert_true(x.out.rounded);
    expect_open(&x, 10000);
    expect_use(&x, "INV", "100.00");
    assert_true(x.out.rounded);
    expect_open(&x, 10000);
    mp_close(&x);
}

static void test_mapping_round_amounts_counts_debit_and_credit(void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[input]\nround_amounts = half-even\n"
                "[columns]\ndebit = Debit\ncredit = Credit\n",
            "doc_type,doc_no,client_id,doc_date,Debit,Credit\n"
            "INV,1,C1,2026-01-05,10.004,0\n"
            "INV,2,C1,2026-01-05,10.00,0\n");
    expect_use(&x, "INV", "10.00");
    assert_true(x.out.rounded);
    expect_use(&x, "INV", "10.00");
    assert_false(x.out.rounded);
    mp_close(&x);
}

static void test_mapping_float_noise_without_rounding_is_rejected(
    void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[input]\nsigned_amounts = yes\n",
            "doc_type,doc_no,client_id,doc_date,amount\n"
            "INV,1,C1,2026-01-05,2309.7899999999995\n");
    expect_reject(&x, AR_ERR_AMOUNT, AR_COL_AMOUNT, "2309.7899999999995");
    assert_non_null(strstr(x.detail, "round_amounts"));
    mp_close(&x);
}

/* ---- master data ------------------------------------------------------ */

static void test_mapping_client_master_data_columns(void **state)
{
    (void)state;
    mp x;
    mp_open(&x, "[columns]\nname = ContactName\ncity = POCity\n"
                "country = POCountry\n",
            "doc_type,doc_no,client_id,doc_date,amount,ContactName,POCity,"
            "POCountry\n"
            "INV,1,C1,2026-01-05,1.00,Acme Ltd,Wellington,NZ\n");
    expect_use(&x, "INV", "1.00");
    assert_string_equal(x.out.info[AR_COL_NAME - AR_COL_NAME], "Acme Ltd");
    assert_string_equal(x.out.info[AR_COL_CITY - AR_COL_NAME], "Wellington");
    assert_string_equal(x.out.info[AR_COL_COUNTRY - AR_COL_NAME], "NZ");
    assert_string_equal(x.out.info[AR_COL_EMAIL - AR_COL_NAME], "");
    mp_close(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mapping_doc_types_x_slash_y_picks_by_sign),
        cmocka_unit_test(test_mapping_doc_types_words_our_codes_and_skip),
        cmocka_unit_test(test_mapping_signed_amount_must_agree_with_type),
        cmocka_unit_test(
            test_mapping_without_type_column_negative_is_negative_type),
        cmocka_unit_test(
            test_mapping_unsigned_negative_amount_is_left_to_row_rules),
        cmocka_unit_test(test_mapping_trailing_minus_is_negative),
        cmocka_unit_test(test_mapping_debit_minus_credit_is_the_signed_amount),
        cmocka_unit_test(test_mapping_amount_with_debit_credit_size_and_sign),
        cmocka_unit_test(
            test_mapping_zero_amount_with_debit_credit_takes_the_books),
        cmocka_unit_test(test_mapping_blank_type_maps_by_its_own_key),
        cmocka_unit_test(test_mapping_none_leaves_a_column_unread),
        cmocka_unit_test(
            test_mapping_open_amount_follows_the_amount_sign_rule),
        cmocka_unit_test(
            test_mapping_unsigned_open_amount_may_not_be_negative),
        cmocka_unit_test(test_mapping_blank_amount_takes_the_open_amount),
        cmocka_unit_test(
            test_mapping_open_amount_in_company_currency_is_scaled),
        cmocka_unit_test(test_mapping_company_residual_above_the_line_is_rejected),
        cmocka_unit_test(test_mapping_scale_rounds_half_to_even),
        cmocka_unit_test(test_mapping_open_flag_yes_no),
        cmocka_unit_test(
            test_mapping_key_of_several_columns_joined_with_slash),
        cmocka_unit_test(
            test_mapping_alternatives_take_the_first_in_the_header),
        cmocka_unit_test(test_mapping_missing_required_column_names_it),
        cmocka_unit_test(test_mapping_doc_no_else_when_doc_no_is_blank),
        cmocka_unit_test(test_mapping_client_id_strip_zeros_keeps_one_zero),
        cmocka_unit_test(
            test_mapping_skip_rows_matches_first_non_empty_field),
        cmocka_unit_test(test_mapping_layout_lines_include_short_rows),
        cmocka_unit_test(test_mapping_entity_keeps_the_chosen_one),
        cmocka_unit_test(
            test_mapping_entity_chosen_without_entity_column_is_refused),
        cmocka_unit_test(test_mapping_round_amounts_counts_each_rounded_row),
        cmocka_unit_test(test_mapping_round_amounts_counts_debit_and_credit),
        cmocka_unit_test(
            test_mapping_float_noise_without_rounding_is_rejected),
        cmocka_unit_test(test_mapping_client_master_data_columns),
    };
    return cmocka_run_group_tests(tests, make_tmp_dir, remove_tmp_dir);
}
