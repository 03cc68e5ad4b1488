/* test_inspect.c - `arbatch inspect` (SPEC §2.6): the guesses it makes
 * (date formats, dd/mm against mm/dd, decimal mark, a column's role by its
 * name, kinds of values, document-type words) and whole inspections of
 * small files written here: header and title lines, the preset that
 * fits, and a proposed policy that reads every row.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ar/engine/policy.h"
#include "ar/ingest/inspect.h"
#include "ar/ingest/inspect_guess.h"

#define N(a) (sizeof(a) / sizeof *(a))

/* ---- dates -------------------------------------------------------------- */

static void test_inspect_date_day_above_12_says_day_first(void **state)
{
    (void)state;
    const char *v[] = {"13/02/2024", "01/03/2024", "28/12/2023"};
    ar_date_guess g;
    assert_true(ar_guess_date_format(v, N(v), &g));
    assert_string_equal(g.format, "%d/%m/%Y");
    assert_string_equal(g.other, "");
    assert_false(g.has_time);
}

static void test_inspect_date_day_above_12_says_month_first(void **state)
{
    (void)state;
    const char *v[] = {"1/2/2013", "1/26/2013", "12/31/2013"};
    ar_date_guess g;
    assert_true(ar_guess_date_format(v, N(v), &g));
    assert_string_equal(g.format, "%m/%d/%Y");
    assert_string_equal(g.other, "");
}

static void test_inspect_date_without_day_above_12_is_ambiguous(void **state)
{
    (void)state;
    const char *v[] = {"01/02/2024", "03/04/2024", "12/11/2024"};
    ar_date_guess g;
    assert_true(ar_guess_date_format(v, N(v), &g));
    assert_string_equal(g.format, "%m/%d/%Y");
    assert_string_equal(g.other, "%d/%m/%Y");
}

static void test_inspect_ambiguous_dates_decided_by_due_dates(void **state)
{
    (void)state;
    bool decided;
    size_t due_after_doc[2] = {3, 10}; /* the second reading fits better */
    assert_int_equal(ar_guess_pick_reading(due_after_doc, 1, '.', &decided),
                     1);
    assert_true(decided);
    size_t tie[2] = {4, 4};
    /* a tie: the decimal comma takes the day first, the point not */
    assert_int_equal(ar_guess_pick_reading(tie, 1, ',', &decided), 1);
    assert_false(decided);
    assert_int_equal(ar_guess_pick_reading(tie, 1, '.', &decided), 0);
    assert_int_equal(ar_guess_pick_reading(tie, 0, ',', &decided), 0);
}

static void test_inspect_date_forms(void **state)
{
    (void)state;
    static const struct {
        const char *values[2];
        const char *format;
        bool time;
    } cases[] = {
        {{"02.09.2024", "31.12.2025"}, "%d.%m.%Y", false},
        {{"2020-04-15 12:25:01.718750000", "2020-04-16"}, "%Y-%m-%d", true},
        {{"2024-01-31T00:00:00Z", "2024-02-01"}, "%Y-%m-%d", true},
        {{"20190307.0", "20191231"}, "%Y%m%d", false},
        {{"25-Jul-2026", "01-Mar-2026"}, "%d-%b-%Y", false},
        {{"Jul 25, 2026", "Mar 1, 2026"}, "%b %d, %Y", false},
        {{"31-12-2025", "01-01-2026"}, "%d-%m-%Y", false},
        {{"31.12.25", "01.01.26"}, "%d.%m.%y", false},
        {{"15 mars 2024", "3 déc. 2024"}, "%d %b %Y", false},
    };
    for (size_t i = 0; i < N(cases); i++) {
        ar_date_guess g;
        if (!ar_guess_date_format(cases[i].values, 2, &g))
            fail_msg("no format for %s", cases[i].values[0]);
        assert_string_equal(g.format, cases[i].format);
        assert_int_equal(g.has_time, cases[i].time);
    }
}

static void test_inspect_numbers_are_no_dates(void **state)
{
    (void)state;
    const char *ids[] = {"0000611365", "0007900770"};
    const char *short_numbers[] = {"2024112", "1037"};
    const char *mixed[] = {"2024-01-31", "soon"};
    ar_date_guess g;
    assert_false(ar_guess_date_format(ids, N(ids), &g));
    assert_false(ar_guess_date_format(short_numbers, N(short_numbers), &g));
    assert_false(ar_guess_date_format(mixed, N(mixed), &g));
    assert_string_equal(g.format, "");
}

/* ---- amounts and kinds -------------------------------------------------- */

static void test_inspect_decimal_mark(void **state)
{
    (void)state;
    bool sure;
    const char *comma[] = {"1.234,56", "12,50", "100", "425,50-"};
    assert_int_equal(ar_guess_decimal_mark(comma, N(comma), &sure), ',');
    assert_true(sure);
    const char *point[] = {"1,234.56", "12.50", "-3.00", "100"};
    assert_int_equal(ar_guess_decimal_mark(point, N(point), &sure), '.');
    assert_true(sure);
    const char *whole[] = {"100", "2500"};
    assert_int_equal(ar_guess_decimal_mark(whole, N(whole), &sure), '.');
    assert_false(sure);
    /* "1,234" is a thousand with a point, "1.234" with a comma */
    const char *grouped[] = {"1.234", "12.345.678"};
    assert_int_equal(ar_guess_decimal_mark(grouped, N(grouped), &sure), ',');
}

static void test_inspect_kinds(void **state)
{
    (void)state;
    const char *amounts[] = {"-12.50", "3.00"};
    const char *whole[] = {"391", "0000611365"};
    const char *codes[] = {"EUR", "USD"};
    const char *types[] = {"INV", "PAY"};
    const char *flags[] = {"Y", "No", "true"};
    const char *text[] = {"Amy's Bird Sanctuary", "Bill's Windsurf Shop"};
    assert_int_equal(ar_guess_kind(amounts, 2, '.'), AR_KIND_AMOUNT);
    assert_int_equal(ar_guess_kind(whole, 2, '.'), AR_KIND_WHOLE);
    assert_int_equal(ar_guess_kind(codes, 2, '.'), AR_KIND_CURRENCY);
    assert_int_equal(ar_guess_kind(types, 2, '.'), AR_KIND_CODE);
    assert_int_equal(ar_guess_kind(flags, 3, '.'), AR_KIND_FLAG);
    assert_int_equal(ar_guess_kind(text, 2, '.'), AR_KIND_TEXT);
    assert_int_equal(ar_guess_kind(NULL, 0, '.'), AR_KIND_EMPTY);
}

/* ---- names -------------------------------------------------------------- */

static void test_inspect_fold(void **state)
{
    (void)state;
    char key[64];
    ar_guess_fold("Fällig am", key, sizeof key);
    assert_string_equal(key, "falligam");
    ar_guess_fold("Document No.", key, sizeof key);
    assert_string_equal(key, "documentno");
    ar_guess_fold("*ContactName", key, sizeof key);
    assert_string_equal(key, "contactname");
    ar_guess_fold("Date d'échéance", key, sizeof key);
    assert_string_equal(key, "datedecheance");
    ar_guess_fold("Straße", key, sizeof key);
    assert_string_equal(key, "strasse");
}

static void test_inspect_role_by_name(void **state)
{
    (void)state;
    static const struct {
        const char *header;
        int role;
    } cases[] = {
        {"Invoice Number", AR_COL_DOC_NO}, {"Num", AR_COL_DOC_NO},
        {"Voucher No", AR_COL_DOC_NO}, {"Belegnummer", AR_COL_DOC_NO},
        {"Document No.", AR_COL_DOC_NO}, {"invoiceNumber", AR_COL_DOC_NO},
        {"N° de pièce", AR_COL_DOC_NO},
        {"Customer", AR_COL_CLIENT_ID},
        {"Customer full name", AR_COL_CLIENT_ID},
        {"Party", AR_COL_CLIENT_ID}, {"Partner", AR_COL_CLIENT_ID},
        {"Account", AR_COL_CLIENT_ID}, {"Konto", AR_COL_CLIENT_ID},
        {"customerID", AR_COL_CLIENT_ID}, {"Kundennummer", AR_COL_CLIENT_ID},
        {"Open balance", AR_COL_OPEN_AMOUNT},
        {"Amount Due", AR_COL_OPEN_AMOUNT},
        {"Remaining Amount", AR_COL_OPEN_AMOUNT},
        {"Outstanding Amount", AR_COL_OPEN_AMOUNT},
        {"Residual Amount", AR_COL_OPEN_AMOUNT},
        {"InvoiceAmountDue", AR_COL_OPEN_AMOUNT},
        {"Transaction type", AR_COL_DOC_TYPE},
        {"Voucher Type", AR_COL_DOC_TYPE},
        {"Belegart", AR_COL_DOC_TYPE},
        {"Posting Date", AR_COL_DOC_DATE}, {"Belegdatum", AR_COL_DOC_DATE},
        {"Fällig am", AR_COL_DUE_DATE}, {"Net due date", AR_COL_DUE_DATE},
        {"Date d'échéance", AR_COL_DUE_DATE},
        {"Amount", AR_COL_AMOUNT}, {"Montant", AR_COL_AMOUNT},
        {"Betrag", AR_COL_AMOUNT}, {"Amount in doc. curr.", AR_COL_AMOUNT},
        {"Währung", AR_COL_CURRENCY}, {"Currency Code", AR_COL_CURRENCY},
        {"Clearing date", AR_COL_SETTLED_DATE},
        {"Closed at Date", AR_COL_SETTLED_DATE},
        {"Company Code", AR_COL_ENTITY}, {"Buchungskreis", AR_COL_ENTITY},
        {"Debit", AR_COL_DEBIT}, {"Haben", AR_COL_CREDIT},
        {"Open", AR_COL_OPEN}, {"POPostalCode", AR_COL_POSTAL_CODE},
        /* other wordings of the presets' exports (tests/e2e/
         * inspect_renamed.sh): QuickBooks in French, Xero's UI, ERPNext,
         * BC and Odoo in German, SAP's short column headings */
        {"N°", AR_COL_DOC_NO}, {"Nº", AR_COL_DOC_NO},
        {"Solde ouvert", AR_COL_OPEN_AMOUNT},
        {"Invoice Total", AR_COL_AMOUNT}, {"Invoice Type", AR_COL_DOC_TYPE},
        {"Partei", AR_COL_CLIENT_ID},
        {"Ausstehender Betrag", AR_COL_OPEN_AMOUNT},
        {"Debitorennr.", AR_COL_CLIENT_ID},
        {"Geschlossen am", AR_COL_SETTLED_DATE},
        {"Buchungssatz", AR_COL_DOC_NO}, {"CoCd", AR_COL_ENTITY},
        {"Amount in DC", AR_COL_AMOUNT},
        /* a word inside a name */
        {"Invoice due (net)", AR_COL_DUE_DATE},
        {"PaperlessBill", AR_ROLE_NONE}, {"", AR_ROLE_NONE},
    };
    for (size_t i = 0; i < N(cases); i++) {
        int got = ar_guess_role_by_name(cases[i].header, NULL);
        if (got != cases[i].role)
            fail_msg("'%s': role %d, expected %d", cases[i].header, got,
                     cases[i].role);
    }
}

static void test_inspect_name_may_mean_key_and_name(void **state)
{
    (void)state;
    int roles[4], ranks[4];
    size_t n = ar_guess_roles_by_name("Customer full name", roles, ranks, 4);
    assert_int_equal(n, 2);
    assert_int_equal(roles[0], AR_COL_CLIENT_ID);
    assert_int_equal(roles[1], AR_COL_NAME);
    /* a weaker synonym ranks lower: Amount (LCY) below Amount */
    int a, b;
    ar_guess_role_by_name("Amount", &a);
    assert_int_equal(ar_guess_role_by_name("Amount (LCY)", &b), AR_COL_AMOUNT);
    assert_true(a < b);
    /* SAP's short headings: the document currency's amount first */
    ar_guess_role_by_name("Amount in DC", &a);
    assert_int_equal(ar_guess_role_by_name("Amount in LC", &b), AR_COL_AMOUNT);
    assert_true(a < b);
    /* the name beside the number (BC in German) */
    n = ar_guess_roles_by_name("Debitorenname", roles, ranks, 4);
    assert_int_equal(n, 1);
    assert_int_equal(roles[0], AR_COL_NAME);
}

static void test_inspect_role_needs_fitting_values(void **state)
{
    (void)state;
    assert_true(ar_guess_role_fits(AR_COL_DOC_DATE, AR_KIND_DATE));
    assert_false(ar_guess_role_fits(AR_COL_DOC_DATE, AR_KIND_WHOLE));
    assert_true(ar_guess_role_fits(AR_COL_AMOUNT, AR_KIND_WHOLE));
    assert_false(ar_guess_role_fits(AR_COL_AMOUNT, AR_KIND_TEXT));
    assert_false(ar_guess_role_fits(AR_COL_COUNTRY, AR_KIND_WHOLE));
    assert_true(ar_guess_role_fits(AR_COL_DUE_DATE, AR_KIND_EMPTY));
    assert_false(ar_guess_role_fits(AR_COL_CLIENT_ID, AR_KIND_EMPTY));
}

/* ---- document types ----------------------------------------------------- */

static void test_inspect_doc_type_words(void **state)
{
    (void)state;
    static const struct {
        const char *word;
        uint8_t pos, neg;
    } cases[] = {
        {"Invoice", AR_DOC_INV, AR_DOC_INV},
        {"Credit Memo", AR_DOC_CRN, AR_DOC_CRN},
        {"Credit Note", AR_DOC_CRN, AR_DOC_CRN},
        {"Payment", AR_DOC_PAY, AR_DOC_PAY},
        {"Payment Entry", AR_DOC_PAY, AR_DOC_PAY},
        {"Journal Entry", AR_DOC_DEB, AR_DOC_CRN},
        {"Sales invoice", AR_DOC_INV, AR_DOC_INV},
        {"Sales credit note", AR_DOC_CRN, AR_DOC_CRN},
        {"Sales overpayment", AR_DOC_PAY, AR_DOC_PAY},
        {"Finance Charge Memo", AR_DOC_DEB, AR_DOC_DEB},
        {"Refund", AR_DOC_DEB, AR_DOC_DEB},
        {"Gutschrift", AR_DOC_CRN, AR_DOC_CRN},
        {"Rechnung", AR_DOC_INV, AR_DOC_INV},
        {"Zahlung", AR_DOC_PAY, AR_DOC_PAY},
        {"Facture", AR_DOC_INV, AR_DOC_INV},
        {"Avoir", AR_DOC_CRN, AR_DOC_CRN},
        {"Règlement", AR_DOC_PAY, AR_DOC_PAY},
        {"RV", AR_DOC_INV, AR_DOC_INV},
        {"DR", AR_DOC_INV, AR_DOC_INV},
        {"DG", AR_DOC_CRN, AR_DOC_CRN},
        {"DZ", AR_DOC_PAY, AR_DOC_PAY},
        {"crn", AR_DOC_CRN, AR_DOC_CRN},
        {"Sales Receipt", AR_TYPE_SKIP, AR_TYPE_SKIP},
    };
    for (size_t i = 0; i < N(cases); i++) {
        uint8_t pos = 99, neg = 99;
        if (!ar_guess_doc_type(cases[i].word, &pos, &neg))
            fail_msg("'%s' is not known", cases[i].word);
        assert_int_equal(pos, cases[i].pos);
        assert_int_equal(neg, cases[i].neg);
    }
    uint8_t pos, neg;
    assert_false(ar_guess_doc_type("Frobnication", &pos, &neg));
}

static void test_inspect_unknown_type_by_words_then_signs(void **state)
{
    (void)state;
    uint8_t pos, neg;
    ar_guess_doc_type_by_sign("Ausgangsrechnung Inland", 3, 0, &pos, &neg);
    assert_int_equal(pos, AR_DOC_INV);
    ar_guess_doc_type_by_sign("Customer credit (manual)", 0, 2, &pos, &neg);
    assert_int_equal(neg, AR_DOC_CRN);
    ar_guess_doc_type_by_sign("XY", 0, 4, &pos, &neg);
    assert_int_equal(pos, AR_DOC_CRN);
    ar_guess_doc_type_by_sign("XY", 4, 0, &pos, &neg);
    assert_int_equal(pos, AR_DOC_INV);
    ar_guess_doc_type_by_sign("XY", 4, 1, &pos, &neg);
    assert_int_equal(pos, AR_DOC_DEB);
    assert_int_equal(neg, AR_DOC_CRN);
}

static void test_inspect_total_lines_by_their_first_words(void **state)
{
    (void)state;
    assert_int_equal(ar_guess_total_word("Total for Current"), 5);
    assert_int_equal(ar_guess_total_word("TOTAL"), 5);
    assert_int_equal(ar_guess_total_word("Grand Total:"), 11);
    assert_int_equal(ar_guess_total_word("Summe Konto 1000"), 5);
    assert_int_equal(ar_guess_total_word("Sous-total"), 10);
    assert_int_equal(ar_guess_total_word("TotalEnergies SE"), 0);
    assert_int_equal(ar_guess_total_word("Sumitomo Corp"), 0);
    assert_int_equal(ar_guess_total_word("INV-1001"), 0);
    /* SAP's subtotal and total marks; a star inside a value is none */
    assert_int_equal(ar_guess_total_word("*"), 1);
    assert_int_equal(ar_guess_total_word("**"), 2);
    assert_int_equal(ar_guess_total_word("*1000"), 0);
    assert_int_equal(ar_guess_total_word("****"), 0);
}

/* ---- whole files -------------------------------------------------------- */

static char tmp_dir[64];

static int make_dir(void **state)
{
    (void)state;
    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/test_inspect.XXXXXX");
    return mkdtemp(tmp_dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *write_file(const char *name, const char *text)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", tmp_dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
    return path;
}

static const ar_inspect_column *column_named(const ar_inspect_report *r,
                                             const char *header)
{
    for (size_t c = 0; c < r->column_count; c++)
        if (strcmp(r->columns[c].header, header) == 0)
            return &r->columns[c];
    fail_msg("no column '%s'", header);
    return NULL;
}

static void test_inspect_canonical_file_names_canonical(void **state)
{
    (void)state;
    const char *path = write_file(
        "own.csv",
        "doc_type,doc_no,client_id,doc_date,due_date,amount,currency,"
        "applies_to,settled_date,disputed\n"
        "INV,I1,C1,2026-01-05,2026-02-04,100.00,EUR,,,N\n"
        "PAY,P1,C1,2026-01-20,,40.00,EUR,I1,,\n"
        "INV,I2,C2,2026-02-05,2026-03-07,55.10,EUR,,,N\n");
    ar_inspect_report r;
    ar_diag d;
    ar_diag_clear(&d);
    assert_int_equal(ar_inspect(path, &r, &d), AR_OK);
    assert_int_equal(r.delimiter, ',');
    assert_int_equal(r.header_line, 1);
    assert_true(r.whole_file);
    assert_int_equal(r.verdict, AR_VERDICT_PRESET);
    assert_string_equal(r.trials[r.best].name, "canonical");
    assert_int_equal(r.trials[r.best].used, 3);
    assert_int_equal(column_named(&r, "doc_no")->role, AR_COL_DOC_NO);
    ar_inspect_fini(&r);
}

static void test_inspect_unknown_layout_gets_a_policy_that_reads_it(
    void **state)
{
    (void)state;
    const char *path = write_file(
        "de.csv",
        "Offene Posten;;;;;\r\n"
        "Belegart;Belegnummer;Kunde;Belegdatum;F\xC3\xA4llig am;Betrag\r\n"
        "Rechnung;R1;K1;02.01.2026;01.02.2026;1.234,56\r\n"
        "Gutschrift;G1;K1;05.01.2026;;100,00-\r\n"
        "Zahlung;Z1;K1;20.01.2026;;-500,00\r\n"
        "Rechnung;R2;K2;13.01.2026;12.02.2026;99,90\r\n"
        "Summe;;;;;734,46\r\n");
    ar_inspect_report r;
    ar_diag d;
    ar_diag_clear(&d);
    assert_int_equal(ar_inspect(path, &r, &d), AR_OK);
    assert_int_equal(r.delimiter, ';');
    assert_int_equal(r.header_line, 2);
    assert_int_equal(r.title_count, 1);
    assert_int_equal(r.decimal_mark, ',');
    assert_int_equal(r.crlf, 7);
    assert_true(r.signed_amounts);
    assert_int_equal(r.trailing_minus, 1);
    assert_string_equal(column_named(&r, "Belegdatum")->date.format,
                        "%d.%m.%Y");
    assert_int_equal(column_named(&r, "Kunde")->role, AR_COL_CLIENT_ID);
    assert_int_equal(r.type_count, 3);
    assert_string_equal(r.types[0].value, "Rechnung");
    assert_int_equal(r.types[0].count, 2);
    assert_string_equal(r.skip_rows, "^(Summe)([^[:alpha:]]|$)");
    assert_int_equal(r.best, -1);
    assert_int_equal(r.verdict, AR_VERDICT_PROPOSED);
    assert_non_null(r.policy);
    assert_int_equal(r.proposed.err, AR_OK);
    assert_int_equal(r.proposed.used, 4);
    assert_int_equal(r.proposed.rejected, 0);
    assert_int_equal(r.proposed.skipped, 2); /* title, Summe */
    assert_non_null(strstr(r.policy, "signed_amounts = yes"));
    assert_non_null(strstr(r.policy, "Gutschrift = CRN"));
    assert_non_null(strstr(r.policy, "delimiter = semicolon"));
    ar_inspect_fini(&r);
}

/* An export that keys customers by their name, with a status column of a
 * few words: the name is the client (never the status), and "Date
 * Closed" is when a document was settled. A user tried this layout and
 * got one letter to a client "Open" with other clients' invoices. */
static void test_inspect_name_keys_the_client_never_a_status(void **state)
{
    (void)state;
    const char *path = write_file(
        "ns.csv",
        "Type,Date,Document Number,Name,Due Date,Amount,Amount Remaining,"
        "Status,Date Closed\n"
        "Invoice,10/01/2026,INV1,Acme Corp,10/31/2026,1000.00,1000.00,Open,\n"
        "Invoice,10/02/2026,INV2,Beta LLC,11/01/2026,500.00,0.00,Paid In "
        "Full,10/20/2026\n"
        "Credit Memo,10/03/2026,CM7,Gamma Co,10/03/2026,-110.00,-110.00,"
        "Open,\n"
        "Invoice,10/04/2026,INV3,Gamma Co,11/03/2026,1220.00,1220.00,Open,\n"
        "Payment,10/05/2026,P5,Beta LLC,10/05/2026,-500.00,0.00,Deposited,"
        "10/20/2026\n");
    ar_inspect_report r;
    ar_diag d;
    ar_diag_clear(&d);
    assert_int_equal(ar_inspect(path, &r, &d), AR_OK);
    const ar_inspect_column *name = column_named(&r, "Name");
    assert_true(name->role == AR_COL_CLIENT_ID ||
                name->info_role == AR_COL_CLIENT_ID);
    assert_int_equal(column_named(&r, "Status")->role, AR_ROLE_NONE);
    assert_int_equal(column_named(&r, "Date Closed")->role,
                     AR_COL_SETTLED_DATE);
    assert_non_null(strstr(r.policy, "client_id = Name"));
    ar_inspect_fini(&r);
}

/* SAP FBL5N's short German column headings. */
static void test_inspect_sap_short_german_headings(void **state)
{
    (void)state;
    const char *path = write_file(
        "fbl5n.csv",
        "BuKr;Konto;Belegnr;Art;Belegdatum;Betrag in HW;HW;Ausgl.dat\n"
        "1000;100010;1800000010;RV;01.08.2026;2.380,00;EUR;03.09.2026\n"
        "1000;100010;1400000005;DZ;03.09.2026;2.380,00-;EUR;03.09.2026\n"
        "1000;100020;1800000012;RV;05.09.2026;1.200,00;EUR;\n");
    ar_inspect_report r;
    ar_diag d;
    ar_diag_clear(&d);
    assert_int_equal(ar_inspect(path, &r, &d), AR_OK);
    assert_int_equal(column_named(&r, "BuKr")->role, AR_COL_ENTITY);
    assert_int_equal(column_named(&r, "Art")->role, AR_COL_DOC_TYPE);
    assert_int_equal(column_named(&r, "Ausgl.dat")->role,
                     AR_COL_SETTLED_DATE);
    ar_inspect_fini(&r);
}

static void test_inspect_ambiguous_dates_said_and_tried(void **state)
{
    (void)state;
    const char *path = write_file(
        "amb.csv",
        "Invoice No,Customer,Invoice Date,Due Date,Amount\n"
        "A1,C1,01/02/2024,03/02/2024,10.00\n"
        "A2,C1,02/03/2024,04/03/2024,20.00\n");
    ar_inspect_report r;
    ar_diag d;
    ar_diag_clear(&d);
    assert_int_equal(ar_inspect(path, &r, &d), AR_OK);
    const ar_inspect_column *c = column_named(&r, "Invoice Date");
    assert_string_equal(c->date.other, "%d/%m/%Y");
    assert_false(c->date_decided);
    assert_true(r.note_count >= 1);
    assert_non_null(strstr(r.notes[0], "alike"));
    assert_int_equal(r.proposed.used, 2);
    ar_inspect_fini(&r);
}

static void test_inspect_refuses_what_is_no_text(void **state)
{
    (void)state;
    ar_inspect_report r;
    ar_diag d;
    ar_diag_clear(&d);
    assert_int_equal(ar_inspect(write_file("empty.csv", ""), &r, &d),
                     AR_ERR_EMPTY);
    ar_inspect_fini(&r);
    assert_int_equal(
        ar_inspect(write_file("latin1.csv", "Kunde;Betrag\nM\xFCller;1,00\n"),
                   &r, &d),
        AR_ERR_UTF8);
    assert_non_null(strstr(d.message, "iconv"));
    ar_inspect_fini(&r);
    assert_int_equal(ar_inspect(write_file("none.txt", "hello\nworld\n"), &r,
                                &d),
                     AR_OK);
    assert_int_equal(r.delimiter, 0);
    assert_int_equal(r.verdict, AR_VERDICT_NONE);
    assert_null(r.policy);
    ar_inspect_fini(&r);
    assert_int_equal(ar_inspect("/nonexistent/x.csv", &r, &d), AR_ERR_IO);
    ar_inspect_fini(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inspect_date_day_above_12_says_day_first),
        cmocka_unit_test(test_inspect_date_day_above_12_says_month_first),
        cmocka_unit_test(test_inspect_date_without_day_above_12_is_ambiguous),
        cmocka_unit_test(test_inspect_ambiguous_dates_decided_by_due_dates),
        cmocka_unit_test(test_inspect_date_forms),
        cmocka_unit_test(test_inspect_numbers_are_no_dates),
        cmocka_unit_test(test_inspect_decimal_mark),
        cmocka_unit_test(test_inspect_kinds),
        cmocka_unit_test(test_inspect_fold),
        cmocka_unit_test(test_inspect_role_by_name),
        cmocka_unit_test(test_inspect_name_may_mean_key_and_name),
        cmocka_unit_test(test_inspect_role_needs_fitting_values),
        cmocka_unit_test(test_inspect_doc_type_words),
        cmocka_unit_test(test_inspect_unknown_type_by_words_then_signs),
        cmocka_unit_test(test_inspect_total_lines_by_their_first_words),
        cmocka_unit_test(test_inspect_canonical_file_names_canonical),
        cmocka_unit_test(
            test_inspect_unknown_layout_gets_a_policy_that_reads_it),
        cmocka_unit_test(test_inspect_name_keys_the_client_never_a_status),
        cmocka_unit_test(test_inspect_sap_short_german_headings),
        cmocka_unit_test(test_inspect_ambiguous_dates_said_and_tried),
        cmocka_unit_test(test_inspect_refuses_what_is_no_text),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
