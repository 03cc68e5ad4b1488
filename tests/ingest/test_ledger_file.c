/* test_ledger_file.c - a real export read into the ledger (SPEC §2.6;
 * src/ingest/ledger_file.c): the header among title lines, skipped rows
 * listed, rows read = used + rejected + skipped, line items grouped,
 * open-balance exports and their companion rows, master data from the
 * ledger, the counters that say whether a ledger has settlement
 * information.
 *
 * Each test writes its fixture into a fresh temporary directory (made by
 * the group setup, removed by the teardown) and reads it with
 * ar_ingest_ledger.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/base/files.h"
#include "ar/engine/settle.h"
#include "ar/ingest/ledger_file.h"
#include "ar/ingest/policy_file.h"
#include "ar/ingest/small_files.h"

static char tmp_dir[256];
static int file_seq;

static int make_tmp_dir(void **state)
{
    (void)state;
    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/test_ledger_file.XXXXXX");
    return mkdtemp(tmp_dir) ? 0 : -1;
}

static int remove_tmp_dir(void **state)
{
    (void)state;
    return ar_remove_tree(tmp_dir) ? 0 : -1;
}

static void write_text(char *path, size_t size, const char *text)
{
    snprintf(path, size, "%s/l%03d.csv", tmp_dir, ++file_seq);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

static void assert_contains(const char *s, const char *part)
{
    if (!strstr(s, part))
        fail_msg("\"%s\" does not contain \"%s\"", s, part);
}

static ar_date ymd(int y, int m, int d)
{
    return ar_date_from_ymd(y, m, d);
}

/* ---- a ledger read ----------------------------------------------------- */

typedef struct ing {
    char path[512];
    ar_policy p;
    ar_ledger *lg;
    ar_rejects rej;
    ar_ingest_stats st;
    ar_diag d;
    ar_err err;
} ing;

/* The defaults overlaid with the policy text (NULL: none). */
static void ing_init(ing *x, const char *policy)
{
    memset(x, 0, sizeof *x);
    ar_policy_defaults(&x->p);
    x->lg = ar_ledger_new();
    ar_rejects_init(&x->rej);
    ar_diag_clear(&x->d);
    if (policy && ar_policy_load_string(&x->p, policy, "t.ini", &x->d) != AR_OK)
        fail_msg("policy: %s:%ld: %s", x->d.file, x->d.line, x->d.message);
}

static void ing_fini(ing *x)
{
    ar_ingest_stats_fini(&x->st);
    ar_ledger_free(x->lg);
    ar_rejects_fini(&x->rej);
}

/* Read text as the ledger. On success, SPEC §2.6: rows read = used +
 * rejected + skipped, each reject and skip listed once. */
static ar_err ing_text(ing *x, const char *text)
{
    write_text(x->path, sizeof x->path, text);
    x->err = ar_ingest_ledger(x->lg, x->path, &x->p, NULL, &x->rej, &x->st,
                              NULL, NULL, &x->d);
    if (x->err == AR_OK) {
        assert_int_equal(x->st.rows_read, x->st.rows_used +
                                              x->st.rows_rejected +
                                              x->st.rows_skipped);
        assert_int_equal(x->st.rows_rejected, x->rej.count);
        assert_int_equal(x->st.rows_skipped, x->st.skips.count);
        uint64_t by_reason = 0;
        for (int r = 0; r < AR_SKIP_COUNT_; r++)
            by_reason += x->st.skips.by_reason[r];
        assert_int_equal(by_reason, x->st.rows_skipped);
    }
    return x->err;
}

static void ing_ok(ing *x, const char *text)
{
    if (ing_text(x, text) != AR_OK)
        fail_msg("ingest failed: %s:%ld: %s", x->d.file, x->d.line,
                 x->d.message);
}

static void assert_counts(const ing *x, uint64_t read, uint64_t used,
                          uint64_t rejected, uint64_t skipped)
{
    if (x->st.rows_read != read || x->st.rows_used != used ||
        x->st.rows_rejected != rejected || x->st.rows_skipped != skipped)
        fail_msg("read %llu used %llu rejected %llu skipped %llu, expected "
                 "%llu %llu %llu %llu",
                 (unsigned long long)x->st.rows_read,
                 (unsigned long long)x->st.rows_used,
                 (unsigned long long)x->st.rows_rejected,
                 (unsigned long long)x->st.rows_skipped,
                 (unsigned long long)read, (unsigned long long)used,
                 (unsigned long long)rejected, (unsigned long long)skipped);
}

static const ar_reject *reject_at(const ing *x, long line)
{
    const ar_reject *found = NULL;
    for (size_t i = 0; i < x->rej.count; i++) {
        if (x->rej.items[i].line != line)
            continue;
        if (found)
            fail_msg("two rejects on line %ld", line);
        found = &x->rej.items[i];
    }
    if (!found)
        fail_msg("no reject on line %ld", line);
    return found;
}

static void assert_reject(const ing *x, long line, ar_err reason,
                          const char *column)
{
    const ar_reject *r = reject_at(x, line);
    if (r->reason != reason)
        fail_msg("line %ld: reason \"%s\", expected \"%s\"", line,
                 ar_strerror(r->reason), ar_strerror(reason));
    assert_string_equal(r->column, column);
}

static void assert_skipped(const ing *x, size_t i, long line,
                           ar_skip_reason why, const char *first)
{
    if (i >= x->st.skips.count)
        fail_msg("only %zu skipped rows", x->st.skips.count);
    const ar_skipped *s = &x->st.skips.items[i];
    assert_int_equal(s->line, line);
    assert_int_equal(s->reason, why);
    assert_string_equal(s->first_field, first);
}

/* The document of type t numbered no, or NULL. */
static const ar_doc *doc_of(const ing *x, ar_doc_type t, const char *no)
{
    const ar_doc *docs = ar_ledger_docs(x->lg);
    for (size_t i = 0; i < ar_ledger_doc_count(x->lg); i++)
        if (docs[i].type == t &&
            strcmp(ar_ledger_text(x->lg, docs[i].doc_no), no) == 0)
            return &docs[i];
    return NULL;
}

static const ar_doc *must_doc(const ing *x, ar_doc_type t, const char *no)
{
    const ar_doc *d = doc_of(x, t, no);
    if (!d)
        fail_msg("no %s %s in the ledger", ar_doc_type_name(t), no);
    return d;
}

/* ---- the header ------------------------------------------------------- */

#define QB_POLICY                                                            \
    "[input]\n"                                                              \
    "date_format = %m/%d/%Y\n"                                               \
    "signed_amounts = yes\n"                                                 \
    "[columns]\n"                                                            \
    "doc_type = Transaction type\n"                                          \
    "doc_no = Num\n"                                                         \
    "client_id = Customer full name | Customer\n"                            \
    "doc_date = Date\n"                                                      \
    "due_date = Due date\n"                                                  \
    "amount = Amount\n"                                                      \
    "[doc_types]\n"                                                          \
    "Invoice = INV\n"                                                        \
    "Credit Memo = CRN\n"                                                    \
    "Payment = PAY\n"

#define QB_HEADER "Date,Transaction type,Num,Customer,Due date,Amount\n"

static void test_ledger_header_found_below_title_lines(void **state)
{
    (void)state;
    ing x;
    ing_init(&x, QB_POLICY);
    ing_ok(&x, "Craig's Design and Landscaping Services\n"
               "A/R Aging Detail\n"
               "\n"
               "\"As of March 31, 2026\"\n"
               QB_HEADER
               "03/01/2026,Invoice,1001,Amy's Bird Sanctuary,03/31/2026,"
               "100.00\n"
               "03/02/2026,Credit Memo,CM1,Amy's Bird Sanctuary,,-20.00\n");
    /* three title lines (the empty line is no row), two documents */
    assert_counts(&x, 5, 2, 0, 3);
    assert_int_equal(x.st.skips.by_reason[AR_SKIP_ABOVE_HEADER], 3);
    assert_skipped(&x, 0, 1, AR_SKIP_ABOVE_HEADER,
                   "Craig's Design and Landscaping Services");
    assert_skipped(&x, 1, 2, AR_SKIP_ABOVE_HEADER, "A/R Aging Detail");
    assert_skipped(&x, 2, 4, AR_SKIP_ABOVE_HEADER, "As of March 31, 2026");
    const ar_doc *d = must_doc(&x, AR_DOC_INV, "1001");
    assert_int_equal(d->line, 6);
    assert_int_equal(d->amount, 10000);
    assert_int_equal(d->doc_date, ymd(2026, 3, 1));
    assert_int_equal(d->due_date, ymd(2026, 3, 31));
    d = must_doc(&x, AR_DOC_CRN, "CM1");
    assert_int_equal(d->line, 7);
    assert_int_equal(d->amount, 2000);
    ing_fini(&x);
}

/* The canonical layout finds its header below title lines too. */
static void test_ledger_canonical_header_found_below_title_lines(
    void **state)
{
    (void)state;
    ing x;
    ing_init(&x, NULL);
    ing_ok(&x, "Receivables export\n"
               "doc_type,doc_no,client_id,doc_date,amount\n"
               "INV,1,C1,2026-01-05,1.00\n");
    assert_counts(&x, 2, 1, 0, 1);
    assert_skipped(&x, 0, 1, AR_SKIP_ABOVE_HEADER, "Receivables export");
    ing_fini(&x);
}

static void test_ledger_header_line_n_takes_that_line(void **state)
{
    (void)state;
    ing x;
    ing_init(&x, "[input]\nheader_line = 3\n");
    /* line 1 would do for auto; header_line says line 3 */
    ing_ok(&x, "doc_type,doc_no,client_id,doc_date,amount\n"
               "INV,1,C1,2026-01-05,1.00\n"
               "doc_no,client_id,doc_date,amount,doc_type\n"
               "2,C1,2026-01-05,2.00,INV\n");
    assert_counts(&x, 3, 1, 0, 2);
    assert_skipped(&x, 0, 1, AR_SKIP_ABOVE_HEADER, "doc_type");
    assert_skipped(&x, 1, 2, AR_SKIP_ABOVE_HEADER, "INV");
    assert_int_equal(must_doc(&x, AR_DOC_INV, "2")->amount, 200);
    ing_fini(&x);

    /* the line it names lacks a column */
    ing_init(&x, "[input]\nheader_line = 2\n");
    assert_int_equal(ing_text(&x, "doc_no,client_id,doc_date,amount\n"
                                  "doc_no,client_id,amount\n"
                                  "1,C1,1.00\n"),
                     AR_ERR_COLUMN);
    assert_contains(x.d.message, "'doc_date'");
    assert_int_equal(x.d.line, 2);
    ing_fini(&x);

    /* the line it names is no header at all: the first lines shown */
    ing_init(&x, "[input]\nheader_line = 2\n");
    assert_int_equal(ing_text(&x, "Title\n"
                                  "Printed 2026-03-31\n"
                                  "doc_no,client_id,doc_date,amount\n"),
                     AR_ERR_COLUMN);
    assert_contains(x.d.message, "header_line");
    assert_contains(x.d.message, "line 1 \"Title\"");
    assert_contains(x.d.message, "line 2 \"Printed 2026-03-31\"");
    ing_fini(&x);
}

/* SPEC §2.6: no header found: the message shows the first lines it saw,
 * control characters escaped. */
static void test_ledger_header_not_found_shows_the_first_lines(void **state)
{
    (void)state;
    char text[4096];
    size_t n = (size_t)snprintf(text, sizeof text,
                                "Report \x1b[31mred\x1b[0m\n"
                                "Customer,Balance\n");
    for (int i = 0; i < 60; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "Acme %d,1.00\n", i);
    ing x;
    ing_init(&x, NULL);
    assert_int_equal(ing_text(&x, text), AR_ERR_COLUMN);
    assert_contains(x.d.message, "no header line");
    assert_contains(x.d.message, "first 50 lines");
    assert_contains(x.d.message, "'doc_no'");
    assert_contains(x.d.message, "line 1 \"Report \\x1b[31mred\\x1b[0m\"");
    assert_contains(x.d.message, "line 2 \"Customer,Balance\"");
    assert_contains(x.d.message, "line 3 \"Acme 0,1.00\"");
    assert_null(strchr(x.d.message, '\x1b'));
    ing_fini(&x);
}

/* A header that lacks only one required column is named by that column,
 * on its own line. */
static void test_ledger_header_lacking_a_column_names_it_and_its_line(
    void **state)
{
    (void)state;
    ing x;
    ing_init(&x, NULL);
    assert_int_equal(ing_text(&x, "Title\n\n"
                                  "doc_type,doc_no,client_id,amount\n"
                                  "INV,1,C1,1.00\n"),
                     AR_ERR_COLUMN);
    assert_contains(x.d.message, "'doc_date'");
    assert_int_equal(x.d.line, 3);
    ing_fini(&x);
}

/* ---- rows that are not documents --------------------------------------- */

static void test_ledger_total_row_rejected_without_skip_rows_skipped_with(
    void **state)
{
    (void)state;
    const char *text = QB_HEADER
        "03/01/2026,Invoice,1001,Amy,03/31/2026,100.00\n"
        "Total for Amy,,,,,100.00\n"
        "03/02/2026,Invoice,1002,Bill,03/31/2026,50.00\n"
        "TOTAL,,,,,150.00\n";
    ing x;
    ing_init(&x, QB_POLICY);
    ing_ok(&x, text);
    /* visible: each is a reject with its line */
    assert_counts(&x, 4, 2, 2, 0);
    assert_reject(&x, 3, AR_ERR_MISSING_KEY, "doc_type");
    assert_reject(&x, 5, AR_ERR_MISSING_KEY, "doc_type");
    ing_fini(&x);

    ing_init(&x, QB_POLICY "[input]\nskip_rows = ^(Total|TOTAL)\n");
    ing_ok(&x, text);
    assert_counts(&x, 4, 2, 0, 2);
    assert_int_equal(x.st.skips.by_reason[AR_SKIP_PATTERN], 2);
    assert_skipped(&x, 0, 3, AR_SKIP_PATTERN, "Total for Amy");
    assert_skipped(&x, 1, 5, AR_SKIP_PATTERN, "TOTAL");
    ing_fini(&x);
}

static void test_ledger_layout_lines_and_other_skips_are_listed(void **state)
{
    (void)state;
    ing x;
    ing_init(&x, "[columns]\ndoc_type = Type\nentity = Company Code\n"
                 "[input]\nentity = 1000\n"
                 "[doc_types]\nInvoice = INV\nEstimate = skip\n");
    ing_ok(&x, "Section,Type,Company Code,doc_no,client_id,doc_date,amount\n"
               "Current,,,,,,\n"
               ",Invoice,1000,1,C1,2026-01-05,1.00\n"
               ",Invoice,2000,2,C1,2026-01-05,1.00\n"
               ",Estimate,1000,3,C1,2026-01-05,1.00\n"
               "Printed Monday 2 March 2026\n");
    assert_counts(&x, 5, 1, 0, 4);
    assert_int_equal(x.st.skips.by_reason[AR_SKIP_LAYOUT], 2);
    assert_int_equal(x.st.skips.by_reason[AR_SKIP_ENTITY], 1);
    assert_int_equal(x.st.skips.by_reason[AR_SKIP_DOC_TYPE], 1);
    assert_skipped(&x, 0, 2, AR_SKIP_LAYOUT, "Current");
    assert_skipped(&x, 1, 4, AR_SKIP_ENTITY, "Invoice");
    assert_skipped(&x, 2, 5, AR_SKIP_DOC_TYPE, "Estimate");
    assert_skipped(&x, 3, 6, AR_SKIP_LAYOUT, "Printed Monday 2 March 2026");
    ing_fini(&x);
}

/* "Customer full name | Customer" alone (no other key of SPEC §2.6) is
 * still read as alternatives. */
static void test_ledger_alternatives_alone_are_resolved(void **state)
{
    (void)state;
    ing x;
    ing_init(&x, "[columns]\nclient_id = Customer full name | Customer\n");
    ing_ok(&x, "doc_type,doc_no,Customer,doc_date,amount\n"
               "INV,1,Amy,2026-01-05,1.00\n");
    assert_counts(&x, 1, 1, 0, 0);
    const ar_doc *d = must_doc(&x, AR_DOC_INV, "1");
    assert_string_equal(
        ar_ledger_text(x.lg, ar_ledger_clients(x.lg)[d->client].id), "Amy");
    ing_fini(&x);
}

/* Our own layout read the fast way: "(none)" leaves a column unread even
 * where the file has it, "doc_type = (none)" makes every row an invoice. */
static void test_ledger_none_leaves_our_columns_unread(void **state)
{
    (void)state;
    ing x;
    ing_init(&x, "[columns]\ndoc_type = (none)\ncurrency = (none)\n");
    ing_ok(&x, "doc_type,doc_no,client_id,doc_date,amount,currency\n"
               "CRN,1,C1,2026-01-05,1.00,GBP\n");
    assert_counts(&x, 1, 1, 0, 0);
    const ar_doc *d = must_doc(&x, AR_DOC_INV, "1");
    assert_string_equal(ar_ledger_currency_code(x.lg, d->currency), "");
    ing_fini(&x);
}

static void test_ledger_date_format_per_column(void **state)
{
    (void)state;
    ing x;
    ing_init(&x, "[input]\ndate_format = %d.%m.%Y\n"
                 "date_format.due_date = %Y%m%d\n");
    ing_ok(&x, "doc_type,doc_no,client_id,doc_date,due_date,amount\n"
               "INV,1,C1,07.03.2019,20190406.0,1.00\n"
               "INV,2,C1,07.03.2019,06.04.2019,1.00\n");
    assert_counts(&x, 2, 1, 1, 0);
    const ar_doc *d = must_doc(&x, AR_DOC_INV, "1");
    assert_int_equal(d->doc_date, ymd(2019, 3, 7));
    assert_int_equal(d->due_date, ymd(2019, 4, 6));
    assert_reject(&x, 3, AR_ERR_DATE, "due_date");
    ing_fini(&x);
}

/* ---- line items (group_lines) ---------------------------------------- */

#define LINES_HEADER "doc_type,doc_no,client_id,doc_date,amount,open_amount\n"

static void test_ledger_group_lines_same_makes_one_document(void **state)
{
    (void)state;
    ing x;
    ing_init(&x, "[input]\ngroup_lines = same\nexport_date = 2026-03-31\n"
                 "[columns]\nopen_amount = open_amount\n");
    ing_ok(&x, LINES_HEADER
               "INV,1,C1,2026-01-05,100.00,40.00\n"
               "INV,1,C1,2026-01-05,100.00,40.00\n"
               "INV,1,C1,2026-01-05,100.00,40.00\n"
               "INV,2,C1,2026-01-05,50.00,50.00\n"
               "INV,2,C2,2026-01-05,50.00,50.00\n");
    /* every line is a used row; the documents are one each */
    assert_counts(&x, 5, 4, 1, 0);
    const ar_doc *d = must_doc(&x, AR_DOC_INV, "1");
    assert_int_equal(d->amount, 10000);
    assert_int_equal(d->line, 2);
    /* the open amount counted once: 60.00 paid */
    assert_int_equal(must_doc(&x, AR_DOC_PAY, "1 INV (export)")->amount,
                     6000);
    /* the same number for another client right after: a document of its
     * own, and then a duplicate (SPEC §8.8) */
    assert_reject(&x, 6, AR_ERR_DUPLICATE, "doc_no");
    ing_fini(&x);
}

static void test_ledger_group_lines_same_rejects_every_line_when_one_differs(
    void **state)
{
    (void)state;
    ing x;
    ing_init(&x, "[input]\ngroup_lines = same\n");
    ing_ok(&x, LINES_HEADER
               "INV,1,C1,2026-01-05,100.00,\n"
               "INV,1,C1,2026-01-05,100.00,\n"
               "INV,1,C1,2026-01-05,90.00,\n"
               "INV,1,C1,2026-01-05,100.00,\n"
               "INV,2,C1,2026-01-05,5.00,\n");
    assert_counts(&x, 5, 1, 4, 0);
    for (long line = 2; line <= 5; line++)
        assert_reject(&x, line, AR_ERR_LINE_ITEMS, "amount");
    assert_contains(reject_at(&x, 2)->detail, "line 4");
    assert_null(doc_of(&x, AR_DOC_INV, "1"));
    assert_non_null(doc_of(&x, AR_DOC_INV, "2"));
    ing_fini(&x);

    /* an open amount that differs does the same */
    ing_init(&x, "[input]\ngroup_lines = same\nexport_date = 2026-03-31\n"
                 "[columns]\nopen_amount = open_amount\n");
    ing_ok(&x, LINES_HEADER
               "INV,1,C1,2026-01-05,100.00,40.00\n"
               "INV,1,C1,2026-01-05,100.00,30.00\n");
    assert_counts(&x, 2, 0, 2, 0);
    assert_reject(&x, 2, AR_ERR_LINE_ITEMS, "amount");
    assert_reject(&x, 3, AR_ERR_LINE_ITEMS, "amount");
    ing_fini(&x);
}

static void test_ledger_group_lines_sum_adds_amounts_and_open_amounts(
    void **state)
{
    (void)state;
    ing x;
    ing_init(&x, "[input]\ngroup_lines = sum\nexport_date = 2026-03-31\n"
                 "[columns]\nopen_amount = open_amount\n");
    ing_ok(&x, LINES_HEADER
               "INV,1,C1,2026-01-05,60.00,10.00\n"
               "INV,1,C1,2026-01-05,30.00,5.00\n"
               "INV,1,C1,2026-01-05,10.00,0.00\n"
               "CRN,1,C1,2026-01-06,5.00,5.00\n");
    assert_counts(&x, 4, 4, 0, 0);
    const ar_doc *d = must_doc(&x, AR_DOC_INV, "1");
    assert_int_equal(d->amount, 10000);
    /* open 15.00 of 100.00: 85.00 paid on the export date */
    const ar_doc *pay = must_doc(&x, AR_DOC_PAY, "1 INV (export)");
    assert_int_equal(pay->amount, 8500);
    assert_int_equal(pay->doc_date, ymd(2026, 3, 31));
    /* another type with the same number is another document */
    assert_int_equal(must_doc(&x, AR_DOC_CRN, "1")->amount, 500);
    ing_fini(&x);
}

/* The lines of a document follow each other: the same number later in
 * the file is a duplicate (SPEC §8.8), not more lines. */
static void test_ledger_group_lines_later_repeat_is_a_duplicate(void **state)
{
    (void)state;
    ing x;
    ing_init(&x, "[input]\ngroup_lines = sum\n");
    ing_ok(&x, LINES_HEADER
               "INV,1,C1,2026-01-05,60.00,\n"
               "INV,1,C1,2026-01-05,40.00,\n"
               "INV,2,C1,2026-01-05,5.00,\n"
               "INV,1,C1,2026-01-05,7.00,\n");
    assert_counts(&x, 4, 3, 1, 0);
    assert_int_equal(must_doc(&x, AR_DOC_INV, "1")->amount, 10000);
    assert_reject(&x, 5, AR_ERR_DUPLICATE, "doc_no");
    assert_contains(reject_at(&x, 5)->detail, "line 2");
    ing_fini(&x);
}

/* A document of several lines repeated later is rejected whole: every
 * one of its lines is a duplicate row, none counts as used. */
static void test_ledger_group_lines_repeated_document_rejects_all_its_lines(
    void **state)
{
    (void)state;
    ing x;
    ing_init(&x, "[input]\ngroup_lines = sum\n");
    ing_ok(&x, LINES_HEADER
               "INV,1,C1,2026-01-05,60.00,\n"
               "INV,2,C1,2026-01-05,5.00,\n"
               "INV,1,C1,2026-01-05,7.00,\n"
               "INV,1,C1,2026-01-05,3.00,\n");
    /* read 4 = used 2 (lines 2, 3) + rejected 2 (lines 4, 5) */
    assert_counts(&x, 4, 2, 2, 0);
    assert_int_equal(must_doc(&x, AR_DOC_INV, "1")->amount, 6000);
    assert_reject(&x, 4, AR_ERR_DUPLICATE, "doc_no");
    assert_reject(&x, 5, AR_ERR_DUPLICATE, "doc_no");
    ing_fini(&x);
}

/* ---- open balances (SPEC §2.6) ------------------------------------------ */

#define OPEN_POLICY                                                          \
    "[input]\nexport_date = 2026-03-31\nsigned_amounts = yes\n"              \
    "[columns]\nopen_amount = Open\n"

#define OPEN_HEADER "doc_type,doc_no,client_id,doc_date,amount,Open\n"

static void test_ledger_open_balance_companions(void **state)
{
    (void)state;
    ing x;
    ing_init(&x, OPEN_POLICY);
    ing_ok(&x, OPEN_HEADER
               "INV,1001,C1,2026-01-05,100.00,40.00\n"
               "INV,1002,C1,2026-01-05,100.00,0.00\n"
               "INV,1003,C1,2026-01-05,100.00,100.00\n"
               "CRN,CM1,C1,2026-01-06,-100.00,-30.00\n"
               "CRN,CM2,C1,2026-01-06,-50.00,0.00\n"
               "PAY,P1,C1,2026-01-07,-25.00,-25.00\n");
    assert_counts(&x, 6, 6, 0, 0);
    assert_true(x.st.open_balances);
    ar_date e = ymd(2026, 3, 31);
    /* the paid part of 1001 is a payment on the export date */
    const ar_doc *d = must_doc(&x, AR_DOC_INV, "1001");
    assert_int_equal(d->amount, 10000);
    assert_int_equal(d->settled_date, AR_DATE_NONE);
    const ar_doc *pay = must_doc(&x, AR_DOC_PAY, "1001 INV (export)");
    assert_int_equal(pay->amount, 6000);
    assert_int_equal(pay->doc_date, e);
    assert_int_equal(pay->line, 2);
    assert_true(pay->companion);
    assert_string_equal(ar_ledger_ref_text(x.lg, pay->applies_to), "1001");
    /* open 0: settled on the export date, no companion */
    d = must_doc(&x, AR_DOC_INV, "1002");
    assert_int_equal(d->settled_date, e);
    assert_null(doc_of(&x, AR_DOC_PAY, "1002 INV (export)"));
    /* wholly open: as it is */
    assert_int_equal(must_doc(&x, AR_DOC_INV, "1003")->settled_date,
                     AR_DATE_NONE);
    assert_null(doc_of(&x, AR_DOC_PAY, "1003 INV (export)"));
    /* a credit: the open part stays, the applied part is consumed on E */
    d = must_doc(&x, AR_DOC_CRN, "CM1");
    assert_int_equal(d->amount, 3000);
    assert_int_equal(d->settled_date, AR_DATE_NONE);
    const ar_doc *cm = must_doc(&x, AR_DOC_CRN, "CM1 CRN (export)");
    assert_int_equal(cm->amount, 7000);
    assert_int_equal(cm->settled_date, e);
    assert_int_equal(cm->doc_date, ymd(2026, 1, 6));
    /* a credit applied in full is consumed on E */
    assert_int_equal(must_doc(&x, AR_DOC_CRN, "CM2")->settled_date, e);
    assert_int_equal(must_doc(&x, AR_DOC_PAY, "P1")->settled_date,
                     AR_DATE_NONE);
    assert_int_equal(ar_ledger_doc_count(x.lg), 8);

    /* as of E: 40 + 100 open; as of the day before, all of it */
    ar_ledger_finish(x.lg, x.p.base_currency);
    ar_settlement s;
    ar_settle(x.lg, &x.p, e, &s);
    const ar_doc *docs = ar_ledger_docs(x.lg);
    ar_cents open = 0, credits = 0;
    for (size_t i = 0; i < ar_ledger_doc_count(x.lg); i++)
        open += s.open[i];
    for (size_t i = 0; i < s.credit_count; i++)
        credits += s.credits[i].amount;
    assert_int_equal(open, 4000 + 10000);
    assert_int_equal(credits, 3000 + 2500);
    ar_settlement_fini(&s);
    ar_settle(x.lg, &x.p, e - 1, &s);
    open = credits = 0;
    for (size_t i = 0; i < ar_ledger_doc_count(x.lg); i++)
        if (ar_doc_is_item((ar_doc_type)docs[i].type))
            open += s.open[i];
    for (size_t i = 0; i < s.credit_count; i++)
        credits += s.credits[i].amount;
    assert_int_equal(open, 30000);
    assert_int_equal(credits, 10000 + 5000 + 2500);
    ar_settlement_fini(&s);
    ing_fini(&x);
}

/* SPEC §2.6: a credit's open amount is the part not yet applied, an
 * unapplied credit, whatever its applies_to says; what was applied is in
 * the item's own open amount. Before the export date both are wholly
 * open. */
static void test_ledger_open_credit_is_unapplied_despite_applies_to(
    void **state)
{
    (void)state;
    ing x;
    ing_init(&x, OPEN_POLICY);
    ing_ok(&x, "doc_type,doc_no,client_id,doc_date,amount,Open,applies_to\n"
               "INV,1001,C1,2026-01-05,100.00,40.00,\n"
               "CRN,CM1,C1,2026-01-06,-100.00,-40.00,1001\n"
               "INV,1003,C1,2026-01-05,10.00,10.00,\n"
               "CRN,CM3,C1,2026-01-06,-10.00,-10.00,1003\n");
    ar_ledger_finish(x.lg, x.p.base_currency);
    ar_date e = ymd(2026, 3, 31);
    const ar_date days[] = {e, e - 1};
    /* as of E: 1001's 40 and 1003's 10 open, CM1's 40 and CM3's 10
     * unapplied; the day before: every document wholly open */
    const ar_cents want_open[] = {4000 + 1000, 10000 + 1000};
    const ar_cents want_credits[] = {4000 + 1000, 10000 + 1000};
    for (int k = 0; k < 2; k++) {
        ar_settlement s;
        ar_settle(x.lg, &x.p, days[k], &s);
        const ar_doc *docs = ar_ledger_docs(x.lg);
        ar_cents open = 0, credits = 0;
        for (size_t i = 0; i < ar_ledger_doc_count(x.lg); i++)
            if (ar_doc_is_item((ar_doc_type)docs[i].type))
                open += s.open[i];
        for (size_t i = 0; i < s.credit_count; i++)
            credits += s.credits[i].amount;
        assert_int_equal(open, want_open[k]);
        assert_int_equal(credits, want_credits[k]);
        ar_settlement_fini(&s);
    }
    ing_fini(&x);
}

/* An `open` flag without an open amount: closed = settled (or consumed)
 * on the export date; a date the row has wins. */
static void test_ledger_open_flag_settles_on_the_export_date(void **state)
{
    (void)state;
    ing x;
    ing_init(&x, "[input]\nexport_date = 2026-03-31\n"
                 "[columns]\nopen = Open\n");
    ing_ok(&x, "doc_type,doc_no,client_id,doc_date,amount,settled_date,"
               "Open\n"
               "INV,1,C1,2026-01-05,100.00,,No\n"
               "INV,2,C1,2026-01-05,100.00,2026-02-01,No\n"
               "INV,3,C1,2026-01-05,100.00,,Yes\n"
               "PAY,4,C1,2026-01-05,100.00,,No\n");
    /* a closing-date column dates the settlements: the KPIs stand */
    assert_false(x.st.open_balances);
    assert_int_equal(must_doc(&x, AR_DOC_INV, "1")->settled_date,
                     ymd(2026, 3, 31));
    assert_int_equal(must_doc(&x, AR_DOC_INV, "2")->settled_date,
                     ymd(2026, 2, 1));
    assert_int_equal(must_doc(&x, AR_DOC_INV, "3")->settled_date,
                     AR_DATE_NONE);
    assert_int_equal(must_doc(&x, AR_DOC_PAY, "4")->settled_date,
                     ymd(2026, 3, 31));
    ing_fini(&x);
}

/* A duplicate invoice's companion goes with it, and is no reject of its
 * own. */
static void test_ledger_duplicate_takes_its_companion_along(void **state)
{
    (void)state;
    ing x;
    ing_init(&x, OPEN_POLICY);
    ing_ok(&x, OPEN_HEADER
               "INV,1001,C1,2026-01-05,100.00,100.00\n"
               "INV,1002,C1,2026-01-05,10.00,5.00\n"
               "INV,1001,C1,2026-01-06,100.00,40.00\n"
               "CRN,CM1,C1,2026-01-06,-10.00,-10.00\n"
               "CRN,CM1,C1,2026-01-07,-80.00,-20.00\n");
    assert_counts(&x, 5, 3, 2, 0);
    assert_int_equal(x.rej.count, 2);
    assert_reject(&x, 4, AR_ERR_DUPLICATE, "doc_no");
    assert_reject(&x, 6, AR_ERR_DUPLICATE, "doc_no");
    assert_null(doc_of(&x, AR_DOC_PAY, "1001 INV (export)"));
    assert_null(doc_of(&x, AR_DOC_CRN, "CM1 CRN (export)"));
    assert_int_equal(must_doc(&x, AR_DOC_INV, "1001")->line, 2);
    assert_int_equal(must_doc(&x, AR_DOC_CRN, "CM1")->amount, 1000);
    /* the companion of a kept row stays */
    assert_int_equal(must_doc(&x, AR_DOC_PAY, "1002 INV (export)")->amount,
                     500);
    assert_int_equal(ar_ledger_doc_count(x.lg), 4);
    ing_fini(&x);
}

/* ---- master data from the ledger -------------------------------------- */

static void test_ledger_master_data_from_first_row_with_a_name(void **state)
{
    (void)state;
    ing x;
    ing_init(&x, "[columns]\nname = Customer Name\ncity = City\n");
    ing_ok(&x, "doc_type,doc_no,client_id,doc_date,amount,Customer Name,"
               "City\n"
               "INV,1,C1,2026-01-05,1.00,,Nowhere\n"
               "INV,2,C1,2026-01-05,1.00,Acme Ltd,Wellington\n"
               "INV,3,C1,2026-01-05,1.00,Acme Renamed,Auckland\n"
               "INV,4,C2,2026-01-05,1.00,Bolt AG,Bern\n"
               "INV,5,C3,2026-01-05,1.00,,\n");
    assert_int_equal(x.st.derived_count, 2);
    assert_string_equal(ar_ledger_text(x.lg, x.st.derived[0].name),
                        "Acme Ltd");
    assert_string_equal(ar_ledger_text(x.lg, x.st.derived[0].city),
                        "Wellington");
    assert_int_equal(x.st.derived[0].line, 3);
    assert_string_equal(ar_ledger_text(x.lg, x.st.derived[0].id), "C1");
    assert_string_equal(ar_ledger_text(x.lg, x.st.derived[1].name),
                        "Bolt AG");

    /* a clients file read afterwards wins */
    char path[512];
    write_text(path, sizeof path, "client_id,name,city\n"
                                  "C2,Bolt Holding AG,Zurich\n");
    char sha[65];
    assert_int_equal(ar_ingest_clients(x.lg, path, &x.p, &x.rej, sha, &x.d),
                     AR_OK);
    ar_ingest_add_derived(x.lg, &x.st);
    assert_int_equal(ar_ledger_info_count(x.lg), 2);
    const ar_client *cl = ar_ledger_clients(x.lg);
    const ar_client_info *infos = ar_ledger_infos(x.lg);
    for (size_t c = 0; c < ar_ledger_client_count(x.lg); c++) {
        const char *id = ar_ledger_text(x.lg, cl[c].id);
        if (strcmp(id, "C2") == 0)
            assert_string_equal(ar_ledger_text(x.lg, infos[cl[c].info].name),
                                "Bolt Holding AG");
        else if (strcmp(id, "C1") == 0)
            assert_string_equal(ar_ledger_text(x.lg, infos[cl[c].info].name),
                                "Acme Ltd");
        else
            assert_int_equal(cl[c].info, AR_NONE); /* C3 never named */
    }
    ing_fini(&x);
}

/* SPEC §2.6: client_id_strip_zeros applies to the client id in every
 * input: the ledger, the clients file, the costs and the history. */
static void test_ledger_client_id_strip_zeros_in_every_input(void **state)
{
    (void)state;
    ing x;
    ing_init(&x, "[input]\nclient_id_strip_zeros = yes\n");
    ing_ok(&x, "doc_type,doc_no,client_id,doc_date,amount\n"
               "INV,1,0200769623,2026-01-05,1.00\n"
               "INV,2,200769623,2026-01-05,1.00\n"
               "INV,3,000,2026-01-05,1.00\n");
    assert_int_equal(ar_ledger_client_count(x.lg), 2);
    char path[512], sha[65];
    write_text(path, sizeof path, "client_id,name\n"
                                  "00200769623,Acme\n"
                                  "0,Zero Ltd\n"
                                  "200769623,Acme again\n");
    assert_int_equal(ar_ingest_clients(x.lg, path, &x.p, &x.rej, sha, &x.d),
                     AR_OK);
    /* the same client twice: the second row is a repeat */
    assert_int_equal(x.rej.count, 1);
    assert_int_equal(x.rej.items[0].reason, AR_ERR_DUPLICATE_CLIENT);
    write_text(path, sizeof path, "date,client_id,action,cost\n"
                                  "2026-02-01,0200769623,letter,1.00\n");
    assert_int_equal(ar_ingest_costs(x.lg, path, &x.p, &x.rej, sha, &x.d),
                     AR_OK);
    write_text(path, sizeof path, "run_date,client_id,stage\n"
                                  "2026-02-01,000,1\n");
    assert_int_equal(ar_ingest_history(x.lg, path, &x.p, &x.rej, NULL, sha, &x.d),
                     AR_OK);
    /* still the two clients of the ledger, both known */
    assert_int_equal(ar_ledger_client_count(x.lg), 2);
    const ar_client *cl = ar_ledger_clients(x.lg);
    for (size_t c = 0; c < 2; c++)
        assert_int_not_equal(cl[c].info, AR_NONE);
    uint32_t acme = ar_ledger_find_client(x.lg, "200769623", 9);
    assert_int_not_equal(acme, AR_NONE);
    assert_string_equal(
        ar_ledger_text(x.lg, ar_ledger_infos(x.lg)[cl[acme].info].name),
        "Acme");
    assert_int_equal(ar_ledger_costs(x.lg)[0].client, acme);
    assert_int_equal(ar_ledger_letters(x.lg)[0].client,
                     ar_ledger_find_client(x.lg, "0", 1));
    ing_fini(&x);
}

/* ---- is there settlement information? (SPEC §2.6 safety) -------------- */

static void test_ledger_settlement_counters(void **state)
{
    (void)state;
    ing x;
    ing_init(&x, NULL);
    ing_ok(&x, "doc_type,doc_no,client_id,doc_date,amount,settled_date\n"
               "INV,1,C1,2026-01-05,1.00,\n"
               "INV,2,C1,2026-01-05,1.00,\n");
    assert_int_equal(x.st.settlement_rows, 0);
    assert_false(x.st.open_balances);
    ing_fini(&x);

    ing_init(&x, NULL);
    ing_ok(&x, "doc_type,doc_no,client_id,doc_date,amount,settled_date\n"
               "INV,1,C1,2026-01-05,1.00,2026-02-01\n"
               "INV,2,C1,2026-01-05,1.00,\n"
               "PAY,3,C1,2026-01-05,1.00,\n"
               "WO,4,C1,2026-01-05,1.00,\n");
    assert_int_equal(x.st.settlement_rows, 3);
    assert_false(x.st.open_balances);
    ing_fini(&x);

    /* an open amount column says what is open, even when every row is
     * wholly open */
    ing_init(&x, OPEN_POLICY);
    ing_ok(&x, OPEN_HEADER "INV,1,C1,2026-01-05,1.00,1.00\n");
    assert_int_equal(x.st.settlement_rows, 1);
    assert_true(x.st.open_balances);
    ing_fini(&x);

    /* beside a clearing date column (Business Central filtered to its
     * open entries: no payment row, no date) the open amounts are the
     * settlement information: 2.00 of invoice 1 was paid */
    ing_init(&x, OPEN_POLICY "settled_date = Closed\n");
    ing_ok(&x, "doc_type,doc_no,client_id,doc_date,amount,Open,Closed\n"
               "INV,1,C1,2026-01-05,3.00,1.00,\n"
               "INV,2,C1,2026-01-05,1.00,1.00,\n");
    assert_int_equal(x.st.settlement_rows, 2);
    assert_false(x.st.open_balances);
    ing_fini(&x);
}

/* round_amounts: each rounded row counted once. */
static void test_ledger_rounded_rows_are_counted(void **state)
{
    (void)state;
    ing x;
    ing_init(&x, "[input]\nround_amounts = half-even\n");
    ing_ok(&x, "doc_type,doc_no,client_id,doc_date,amount\n"
               "INV,1,C1,2026-01-05,2309.7899999999995\n"
               "INV,2,C1,2026-01-05,10.00\n"
               "INV,3,C1,2026-01-05,0.005\n");
    assert_int_equal(x.st.rows_rounded, 2);
    assert_int_equal(must_doc(&x, AR_DOC_INV, "1")->amount, 230979);
    assert_int_equal(must_doc(&x, AR_DOC_INV, "3")->amount, 0);
    ing_fini(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ledger_header_found_below_title_lines),
        cmocka_unit_test(
            test_ledger_canonical_header_found_below_title_lines),
        cmocka_unit_test(test_ledger_header_line_n_takes_that_line),
        cmocka_unit_test(test_ledger_header_not_found_shows_the_first_lines),
        cmocka_unit_test(
            test_ledger_header_lacking_a_column_names_it_and_its_line),
        cmocka_unit_test(
            test_ledger_total_row_rejected_without_skip_rows_skipped_with),
        cmocka_unit_test(test_ledger_layout_lines_and_other_skips_are_listed),
        cmocka_unit_test(test_ledger_alternatives_alone_are_resolved),
        cmocka_unit_test(test_ledger_none_leaves_our_columns_unread),
        cmocka_unit_test(test_ledger_date_format_per_column),
        cmocka_unit_test(test_ledger_group_lines_same_makes_one_document),
        cmocka_unit_test(
            test_ledger_group_lines_same_rejects_every_line_when_one_differs),
        cmocka_unit_test(
            test_ledger_group_lines_sum_adds_amounts_and_open_amounts),
        cmocka_unit_test(test_ledger_group_lines_later_repeat_is_a_duplicate),
        cmocka_unit_test(
            test_ledger_group_lines_repeated_document_rejects_all_its_lines),
        cmocka_unit_test(test_ledger_open_balance_companions),
        cmocka_unit_test(
            test_ledger_open_credit_is_unapplied_despite_applies_to),
        cmocka_unit_test(test_ledger_open_flag_settles_on_the_export_date),
        cmocka_unit_test(test_ledger_duplicate_takes_its_companion_along),
        cmocka_unit_test(test_ledger_master_data_from_first_row_with_a_name),
        cmocka_unit_test(test_ledger_client_id_strip_zeros_in_every_input),
        cmocka_unit_test(test_ledger_settlement_counters),
        cmocka_unit_test(test_ledger_rounded_rows_are_counted),
    };
    return cmocka_run_group_tests(tests, make_tmp_dir, remove_tmp_dir);
}
