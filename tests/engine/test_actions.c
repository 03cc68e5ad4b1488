/* test_actions.c - the actions list and the agency placement as written
 * (SPEC §3.4, §6, §8.13-§8.16): actions.csv, agency/placement.csv and the
 * statement files, rendered from small ledgers built in memory and read
 * back.
 *
 * The action bits themselves at every threshold (Standard 44/45 days,
 * High-Risk 29/30, VIP 44/45 and 200 days, 499.99/500.00 overdue, legal
 * at 89/90 days and 4,999.99/5,000.00, balances net of credits, disputed
 * items ignored, unknown clients) are pinned by test_engine.c on
 * ar_actions_decide and the analysis. These tests pin what a collector
 * and the agency get from them: one row per client and action, in working
 * order, the placement rows and their figures, the contact-data flag, and
 * statement files that stay inside agency/.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ar/render/agency/packet.h"
#include "ar/engine/actions.h"
#include "ar/ingest/policy_file.h"
#include "ar/engine/metrics.h"
#include "ar/render/render.h"

/* ---- a run built in memory ----------------------------------------------- */

typedef struct fx {
    ar_run run;
    char dir[64];
    int seq;
    bool analysed;
} fx;

static ar_date dt(const char *iso)
{
    ar_date d;
    if (ar_date_parse(iso, strlen(iso), "%Y-%m-%d", &d) != AR_OK)
        fail_msg("bad test date %s", iso);
    return d;
}

#define D0 dt("2026-10-31")

static void fx_init(fx *f)
{
    memset(f, 0, sizeof *f);
    f->run.ledger = ar_ledger_new();
    f->run.letter_date = AR_DATE_NONE; /* the letters bear the as-of date */
    ar_policy_defaults(&f->run.policy);
    /* the thresholds, not the letters before a placement (that rule has
     * tests of its own below) */
    f->run.policy.agency_requires_letter = false;
    snprintf(f->dir, sizeof f->dir, "/tmp/test_actions.XXXXXX");
    if (!mkdtemp(f->dir))
        fail_msg("mkdtemp failed");
}

static void fx_fini(fx *f)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        fail_msg("cannot remove %s", f->dir);
    if (f->analysed)
        ar_analysis_fini(&f->run.analysis);
    free(f->run.letter_written);
    ar_ledger_free(f->run.ledger);
}

static ar_str intern(fx *f, const char *s)
{
    return ar_ledger_intern(f->run.ledger, s, strlen(s));
}

/* A client of the clients file with a postal address: tier forced (-1 =
 * computed), contact name, e-mail and phone as given ("" = none). */
static void client_with(fx *f, const char *id, int segment,
                        const char *contact, const char *email,
                        const char *phone)
{
    ar_client_info info = {0};
    info.id = intern(f, id);
    char name[64];
    snprintf(name, sizeof name, "Name of %s", id);
    info.name = intern(f, name);
    info.address1 = intern(f, "Hafenstraße 1");
    info.postal_code = intern(f, "20457");
    info.city = intern(f, "Hamburg");
    info.country = intern(f, "DE");
    info.contact = intern(f, contact);
    info.email = intern(f, email);
    info.phone = intern(f, phone);
    info.account_manager = intern(f, "Claire Dubois");
    info.segment = segment;
    assert_true(ar_ledger_add_info(f->run.ledger, &info));
}

/* The same with every contact datum, or none. */
static void client(fx *f, const char *id, int segment, bool with_contact)
{
    if (with_contact)
        client_with(f, id, segment, "Frau Krüger", "ap@example.com",
                    "+49 40 1234");
    else
        client_with(f, id, segment, "", "", "");
}

static uint32_t doc(fx *f, ar_doc_type t, const char *id, ar_date date,
                    ar_date due, ar_cents amount, const char *applies,
                    bool disputed, const char *currency)
{
    char no[32];
    snprintf(no, sizeof no, "%s-%03d", ar_doc_type_name(t), ++f->seq);
    ar_doc d = {0};
    d.type = (uint8_t)t;
    d.client = ar_ledger_client(f->run.ledger, id, strlen(id));
    d.doc_no = intern(f, no);
    d.applies_to = applies ? ar_ledger_intern_ref(f->run.ledger, applies,
                                                  strlen(applies))
                           : 0;
    d.doc_date = date;
    d.due_date = ar_doc_is_item(t) ? due : AR_DATE_NONE;
    d.settled_date = AR_DATE_NONE;
    d.amount = amount;
    d.disputed = disputed;
    d.currency = ar_ledger_currency(f->run.ledger, currency ? currency : "EUR",
                                    3);
    d.line = (uint32_t)ar_ledger_doc_count(f->run.ledger) + 2;
    return ar_ledger_add_doc(f->run.ledger, &d);
}

/* An invoice dpd days past due at D0. */
static uint32_t overdue(fx *f, const char *id, int dpd, ar_cents amount)
{
    return doc(f, AR_DOC_INV, id, D0 - dpd - 30, D0 - dpd, amount, NULL,
               false, NULL);
}

static void sent(fx *f, const char *id, ar_date date, int stage,
                 const char *docs)
{
    ar_letter_sent l = {0};
    l.client = ar_ledger_client(f->run.ledger, id, strlen(id));
    l.run_date = date;
    l.letter_date = AR_DATE_NONE; /* a history from before letter dates */
    l.stage = stage;
    l.doc_nos = intern(f, docs);
    l.amount = 100;
    ar_ledger_add_letter(f->run.ledger, &l);
}

static void analyse(fx *f)
{
    ar_ledger_finish(f->run.ledger, "");
    ar_analyse(f->run.ledger, &f->run.policy, D0, &f->run.analysis);
    f->analysed = true;
    f->run.letter_written =
        calloc(f->run.analysis.client_count + 1, sizeof(bool));
    assert_non_null(f->run.letter_written);
}

static uint32_t result_of(const fx *f, const char *id)
{
    uint32_t c = ar_ledger_find_client(f->run.ledger, id, strlen(id));
    assert_int_not_equal(c, AR_NONE);
    uint32_t r = f->run.analysis.result_of[c];
    assert_int_not_equal(r, AR_NONE);
    return r;
}

/* Write actions.csv and agency/ into the fixture's directory. */
static void render(fx *f)
{
    ar_diag d;
    ar_diag_clear(&d);
    if (ar_render_actions(&f->run, f->dir, &d) != AR_OK ||
        ar_render_agency(&f->run, f->dir, &d) != AR_OK)
        fail_msg("render: %s: %s", d.file, d.message);
}

/* ---- reading a CSV back -------------------------------------------------- */

#define MAX_FIELDS 64
#define MAX_ROWS 128

typedef struct csv {
    char *cell[MAX_ROWS][MAX_FIELDS];
    size_t fields[MAX_ROWS];
    size_t rows;             /* the header included */
} csv;

static void csv_read(csv *t, const char *dir, const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("cannot read %s", path);
    memset(t, 0, sizeof *t);
    /* the files for people begin with a UTF-8 byte order mark */
    unsigned char bom[3];
    if (fread(bom, 1, 3, fp) != 3 || memcmp(bom, "\xEF\xBB\xBF", 3) != 0)
        rewind(fp);
    char field[8192];
    size_t len = 0;
    bool quoted = false, at_start = true;
    int ch;
    while ((ch = getc(fp)) != EOF) {
        if (quoted) {
            if (ch == '"') {
                int next = getc(fp);
                if (next != '"') {
                    quoted = false;
                    if (next == EOF)
                        break;
                    ungetc(next, fp);
                    continue;
                }
            }
            field[len++] = (char)ch;
            continue;
        }
        if (ch == '"' && at_start) {
            quoted = true;
            at_start = false;
            continue;
        }
        if (ch == ',' || ch == '\n') {
            assert_true(t->rows < MAX_ROWS);
            field[len] = '\0';
            size_t *n = &t->fields[t->rows];
            assert_true(*n < MAX_FIELDS);
            t->cell[t->rows][(*n)++] = strdup(field);
            len = 0;
            at_start = true;
            if (ch == '\n')
                t->rows++;
            continue;
        }
        at_start = false;
        assert_true(len + 1 < sizeof field);
        field[len++] = (char)ch;
    }
    fclose(fp);
    assert_true(t->rows >= 1);
    for (size_t r = 1; r < t->rows; r++)
        assert_int_equal(t->fields[r], t->fields[0]);
}

static void csv_free(csv *t)
{
    for (size_t r = 0; r < t->rows; r++)
        for (size_t k = 0; k < t->fields[r]; k++)
            free(t->cell[r][k]);
}

static size_t col(const csv *t, const char *name)
{
    for (size_t k = 0; k < t->fields[0]; k++)
        if (strcmp(t->cell[0][k], name) == 0)
            return k;
    fail_msg("no column %s", name);
    return 0;
}

static const char *cell(const csv *t, size_t row, const char *name)
{
    return t->cell[row][col(t, name)];
}

/* The data row (1-based) where column key is value, and column key2 is
 * value2 when key2 is given; 0 when there is none. */
static size_t find(const csv *t, const char *key, const char *value,
                   const char *key2, const char *value2)
{
    for (size_t r = 1; r < t->rows; r++)
        if (strcmp(cell(t, r, key), value) == 0 &&
            (!key2 || strcmp(cell(t, r, key2), value2) == 0))
            return r;
    return 0;
}

/* The actions of client id on actions.csv, as "agency suspend call". */
static const char *actions_of(const csv *t, const char *id)
{
    static char buf[128];
    buf[0] = '\0';
    for (size_t r = 1; r < t->rows; r++)
        if (strcmp(cell(t, r, "client_id"), id) == 0) {
            if (buf[0])
                strcat(buf, " ");
            strcat(buf, cell(t, r, "action"));
        }
    return buf;
}

/* The debtor row (1-based) of id's placement in currency cur (NULL: its
 * first), 0 when it is not placed. */
static size_t debtor(const csv *pl, const char *id, const char *cur)
{
    for (size_t r = 1; r < pl->rows; r++)
        if (strcmp(cell(pl, r, "record_type"), "debtor") == 0 &&
            strcmp(cell(pl, r, "debtor_id"), id) == 0 &&
            (!cur || strcmp(cell(pl, r, "currency"), cur) == 0))
            return r;
    return 0;
}

static bool placed(const csv *placement, const char *id)
{
    return debtor(placement, id, NULL) != 0;
}

/* Debtor rows: the placements. */
static size_t placements(const csv *pl)
{
    size_t n = 0;
    for (size_t r = 1; r < pl->rows; r++)
        n += strcmp(cell(pl, r, "record_type"), "debtor") == 0;
    return n;
}

static bool statement_exists(const fx *f, const char *file)
{
    char path[256];
    snprintf(path, sizeof path, "%s/agency/%s", f->dir, file);
    return access(path, F_OK) == 0;
}

/* ---- the boundary ledger ------------------------------------------------- */

/* One client per boundary of SPEC §3.4 / §8.15, every one owing 1,000.00
 * unless the case is about the amount. */
static void boundaries(fx *f, bool with_contact)
{
    client(f, "VIP50", AR_TIER_VIP, with_contact);
    overdue(f, "VIP50", 50, 100000);
    client(f, "HR30", AR_TIER_HIGH_RISK, with_contact);
    overdue(f, "HR30", 30, 100000);
    client(f, "HR29", AR_TIER_HIGH_RISK, with_contact);
    overdue(f, "HR29", 29, 100000);
    client(f, "STD44", AR_TIER_STANDARD, with_contact);
    overdue(f, "STD44", 44, 100000);
    client(f, "STD45", AR_TIER_STANDARD, with_contact);
    overdue(f, "STD45", 45, 100000);
    client(f, "BAL49999", AR_TIER_STANDARD, with_contact);
    overdue(f, "BAL49999", 60, 49999);
    client(f, "BAL50000", AR_TIER_STANDARD, with_contact);
    overdue(f, "BAL50000", 60, 50000);
    client(f, "LEG499999", AR_TIER_STANDARD, with_contact);
    overdue(f, "LEG499999", 90, 499999);
    client(f, "LEG500000", AR_TIER_STANDARD, with_contact);
    overdue(f, "LEG500000", 90, 500000);
}

/* The expected list for every boundary client, whatever its contact
 * data: actions in working order (legal, agency, account_manager,
 * suspend, call), and whether it is placed. */
static const struct {
    const char *id;
    const char *actions;
    bool placed;
} expected[] = {
    {"VIP50", "account_manager call", false},
    {"HR30", "agency suspend call", true},
    {"HR29", "suspend call", false},
    {"STD44", "suspend call", false},
    {"STD45", "agency suspend call", true},
    {"BAL49999", "suspend call", false},
    {"BAL50000", "agency suspend call", true},
    {"LEG499999", "agency suspend call", true},
    {"LEG500000", "legal agency suspend call", true},
};

static void check_boundaries(bool with_contact)
{
    fx f;
    fx_init(&f);
    boundaries(&f, with_contact);
    analyse(&f);
    render(&f);
    csv act, pl;
    csv_read(&act, f.dir, "actions.csv");
    csv_read(&pl, f.dir, "agency/placement.csv");
    size_t want_placed = 0;
    for (size_t i = 0; i < sizeof expected / sizeof *expected; i++) {
        const char *got = actions_of(&act, expected[i].id);
        if (strcmp(got, expected[i].actions) != 0)
            fail_msg("%s (%s contact data): actions [%s], expected [%s]",
                     expected[i].id, with_contact ? "with" : "without", got,
                     expected[i].actions);
        if (placed(&pl, expected[i].id) != expected[i].placed)
            fail_msg("%s (%s contact data): %s", expected[i].id,
                     with_contact ? "with" : "without",
                     expected[i].placed ? "not placed" : "placed");
        want_placed += expected[i].placed;
    }
    assert_int_equal(placements(&pl), want_placed);
    assert_int_equal(f.run.analysis.actions[AR_ACTION_AGENCY], want_placed);
    assert_int_equal(f.run.analysis.agency_debtors, want_placed);
    assert_int_equal(f.run.analysis.agency_placements, want_placed);
    /* the contact data decides the flag, nothing else */
    for (size_t r = 1; r < pl.rows; r++)
        if (strcmp(cell(&pl, r, "record_type"), "debtor") == 0)
            assert_string_equal(cell(&pl, r, "no_contact_data"),
                                with_contact ? "N" : "Y");
    csv_free(&act);
    csv_free(&pl);
    fx_fini(&f);
}

/* ---- tests ------------------------------------------------------------------ */

/* SPEC §3.4, §8.15 at every boundary, as rows of both lists. */
static void test_lists_at_every_boundary_with_contact_data(void **state)
{
    (void)state;
    check_boundaries(true);
}

static void test_lists_at_every_boundary_without_contact_data(void **state)
{
    (void)state;
    check_boundaries(false);
}

/* SPEC §8.15: a VIP at 50 days with 1,000.00 overdue is on the account
 * manager's list, named, and nowhere in the agency packet. */
static void test_vip_at_50_days_is_for_the_account_manager_not_placed(
    void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    client(&f, "VIP50", AR_TIER_VIP, true);
    overdue(&f, "VIP50", 50, 100000);
    analyse(&f);
    render(&f);
    csv act, pl;
    csv_read(&act, f.dir, "actions.csv");
    csv_read(&pl, f.dir, "agency/placement.csv");
    size_t r = find(&act, "client_id", "VIP50", "action", "account_manager");
    assert_int_not_equal(r, 0);
    assert_string_equal(cell(&act, r, "note"), "account manager: Claire Dubois");
    assert_int_equal(find(&act, "action", "agency", NULL, NULL), 0);
    assert_int_equal(pl.rows, 1); /* the header alone */
    assert_int_equal(f.run.analysis.actions[AR_ACTION_AGENCY], 0);
    assert_false(statement_exists(&f, "VIP50.pdf"));
    csv_free(&act);
    csv_free(&pl);
    fx_fini(&f);
}

/* SPEC §3.4: a High-Risk client is placed from 30 days: its debtor row
 * says so with the figures the decision used, its invoice row follows,
 * and both carry the placement's keys. */
static void test_high_risk_at_30_days_is_placed_with_its_figures(
    void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    client(&f, "HR30", AR_TIER_HIGH_RISK, true);
    overdue(&f, "HR30", 30, 60000);
    analyse(&f);
    render(&f);
    csv pl;
    csv_read(&pl, f.dir, "agency/placement.csv");
    assert_int_equal(pl.rows, 3);
    assert_string_equal(cell(&pl, 1, "record_type"), "debtor");
    assert_string_equal(cell(&pl, 1, "debtor_id"), "HR30");
    assert_string_equal(cell(&pl, 1, "placement_id"), "20261031-00001");
    assert_string_equal(cell(&pl, 1, "placement_date"), "2026-10-31");
    assert_string_equal(cell(&pl, 1, "currency"), "EUR");
    assert_string_equal(cell(&pl, 1, "tier"), "HIGH_RISK");
    assert_string_equal(cell(&pl, 1, "days_past_due"), "30");
    assert_string_equal(cell(&pl, 1, "due_date"), "2026-10-01");
    assert_string_equal(cell(&pl, 1, "placed_amount"), "600.00");
    assert_string_equal(cell(&pl, 1, "open_amount"), "600.00");
    assert_string_equal(cell(&pl, 1, "invoices"), "1");
    assert_string_equal(cell(&pl, 1, "legal_candidate"), "N");
    assert_string_equal(cell(&pl, 1, "no_contact_data"), "N");
    assert_string_equal(cell(&pl, 1, "email"), "ap@example.com");
    assert_string_equal(cell(&pl, 1, "statement_file"), "HR30.pdf");
    assert_string_equal(cell(&pl, 2, "record_type"), "invoice");
    assert_string_equal(cell(&pl, 2, "placement_id"), "20261031-00001");
    assert_string_equal(cell(&pl, 2, "debtor_id"), "HR30");
    assert_string_equal(cell(&pl, 2, "doc_type"), "INV");
    assert_string_equal(cell(&pl, 2, "due_date"), "2026-10-01");
    assert_string_equal(cell(&pl, 2, "open_amount"), "600.00");
    assert_string_equal(cell(&pl, 2, "debtor_name"), "");
    assert_string_equal(cell(&pl, 2, "placed_amount"), "");
    assert_true(statement_exists(&f, "HR30.pdf"));
    csv_free(&pl);
    fx_fini(&f);
}

/* SPEC §8.13, §8.16, README "Agency packet": a postal address alone is
 * flagged as no contact data but placed; an e-mail address or a phone
 * alone is enough. A client missing from the clients file has no name
 * and no address: it is held, never placed, and has no statement. */
static void test_no_contact_data_is_placed_and_flagged(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    client(&f, "POSTAL", AR_TIER_STANDARD, false);
    overdue(&f, "POSTAL", 60, 100000);
    client_with(&f, "MAILONLY", AR_TIER_STANDARD, "", "ap@mail.example",
                "");
    overdue(&f, "MAILONLY", 60, 90000);
    client_with(&f, "PHONEONLY", AR_TIER_STANDARD, "", "", "+1 555 0100");
    overdue(&f, "PHONEONLY", 60, 90000);
    overdue(&f, "UNKNOWN", 60, 80000); /* not in the clients file */
    analyse(&f);
    render(&f);
    csv pl, act;
    csv_read(&pl, f.dir, "agency/placement.csv");
    csv_read(&act, f.dir, "actions.csv");
    assert_int_equal(placements(&pl), 3);
    size_t r = debtor(&pl, "POSTAL", NULL);
    assert_string_equal(cell(&pl, r, "no_contact_data"), "Y");
    assert_string_equal(cell(&pl, r, "city"), "Hamburg");
    r = debtor(&pl, "MAILONLY", NULL);
    assert_string_equal(cell(&pl, r, "no_contact_data"), "N");
    r = debtor(&pl, "PHONEONLY", NULL);
    assert_string_equal(cell(&pl, r, "no_contact_data"), "N");
    /* SPEC §6: placement.csv is for machines: the number exactly */
    assert_string_equal(cell(&pl, r, "phone"), "+1 555 0100");
    assert_false(placed(&pl, "UNKNOWN"));
    assert_false(statement_exists(&f, "UNKNOWN.pdf"));
    assert_int_equal(f.run.analysis.agency_held[AR_AGENCY_NO_NAME], 1);
    r = find(&act, "client_id", "UNKNOWN", "action", "agency");
    assert_int_not_equal(r, 0);
    assert_string_equal(cell(&act, r, "note"),
                        "held, not placed: no name: not in the clients file "
                        "(agency/placement.xlsx, Held)");
    csv_free(&act);
    csv_free(&pl);
    fx_fini(&f);
}

/* README "Agency packet": no street line, or neither a postal code nor
 * a city, is no address: held. */
static void test_no_address_is_held(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    ar_client_info info = {0};
    info.id = intern(&f, "NOSTREET");
    info.name = intern(&f, "No Street Ltd");
    info.city = intern(&f, "Leeds");
    info.segment = -1;
    assert_true(ar_ledger_add_info(f.run.ledger, &info));
    overdue(&f, "NOSTREET", 60, 100000);
    ar_client_info town = {0};
    town.id = intern(&f, "NOTOWN");
    town.name = intern(&f, "No Town Ltd");
    town.address1 = intern(&f, "1 High Street");
    town.segment = -1;
    assert_true(ar_ledger_add_info(f.run.ledger, &town));
    overdue(&f, "NOTOWN", 60, 100000);
    analyse(&f);
    assert_int_equal(f.run.analysis.agency_held[AR_AGENCY_NO_ADDRESS], 2);
    assert_int_equal(f.run.analysis.agency_debtors, 0);
    render(&f);
    csv pl;
    csv_read(&pl, f.dir, "agency/placement.csv");
    assert_int_equal(pl.rows, 1);
    ar_agency_packet pk;
    ar_agency_collect(&f.run, &pk);
    assert_int_equal(pk.count, 0);
    assert_int_equal(pk.held_count, 2);
    assert_int_equal(pk.held[0].reason, AR_AGENCY_NO_ADDRESS);
    ar_agency_fini(&pk);
    csv_free(&pl);
    fx_fini(&f);
}

/* Policy agency_requires_letter (the default): placed only after an
 * earlier letter of stage 4 or 5 (which announces the agency) has run its
 * wait by D (14 days for both by default): its date to pay has passed. A
 * reminder of a lower stage announces nothing; this run's letter and a
 * history row dated after D are not earlier. The placed client gets no
 * letter in the run that places it. */
static void test_placement_needs_an_earlier_letter(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    f.run.policy.agency_requires_letter = true;
    /* the most overdue item, 60 days past due, fell due on 2026-09-01 */
    const char *ids[] = {"WARNED", "NAMED", "RECENT", "REMINDED", "NEVER",
                         "LATER", "PAIDOFF", "ONDUE"};
    for (size_t i = 0; i < 8; i++) {
        client(&f, ids[i], AR_TIER_STANDARD, true);
        overdue(&f, ids[i], 60, 100000);
    }
    sent(&f, "WARNED", dt("2026-10-17"), 4, "INV-001"); /* 14 days: run */
    sent(&f, "NAMED", dt("2026-09-02"), 5, "INV-001"); /* 1 day past due */
    sent(&f, "RECENT", dt("2026-10-18"), 5, "INV-002"); /* 13 days */
    sent(&f, "REMINDED", dt("2026-09-30"), 3, "INV-003");
    sent(&f, "LATER", dt("2026-11-01"), 4, "INV-005");
    /* a letter sent before what is owed now fell due asked for another
     * debt (since paid): it announced nothing of this one */
    sent(&f, "PAIDOFF", dt("2026-08-01"), 5, "INV-006");
    sent(&f, "ONDUE", dt("2026-09-01"), 4, "INV-007"); /* not yet past due */
    analyse(&f);
    render(&f);
    csv pl;
    csv_read(&pl, f.dir, "agency/placement.csv");
    assert_true(placed(&pl, "WARNED"));
    assert_true(placed(&pl, "NAMED"));
    for (size_t i = 2; i < 8; i++)
        assert_false(placed(&pl, ids[i]));
    /* RECENT's letter announced it, but its date to pay has not passed */
    assert_int_equal(f.run.analysis.agency_held[AR_AGENCY_NO_LETTER], 5);
    assert_int_equal(f.run.analysis.agency_held[AR_AGENCY_LETTER_WAITING], 1);
    assert_int_equal(f.run.analysis.clients[result_of(&f, "RECENT")].agency_hold,
                     AR_AGENCY_LETTER_WAITING);
    const ar_client_result *cl = f.run.analysis.clients;
    assert_int_equal(cl[result_of(&f, "WARNED")].hold, AR_HOLD_PLACED);
    assert_int_equal(cl[result_of(&f, "WARNED")].letter_stage, 0);
    /* held: the letter goes, announcing the agency */
    assert_int_equal(cl[result_of(&f, "NEVER")].hold, AR_HOLD_NONE);
    assert_int_equal(cl[result_of(&f, "REMINDED")].hold, AR_HOLD_NONE);
    assert_int_equal(cl[result_of(&f, "RECENT")].hold, AR_HOLD_WAITING);
    assert_int_equal(cl[result_of(&f, "PAIDOFF")].hold, AR_HOLD_NONE);
    assert_int_equal(cl[result_of(&f, "PAIDOFF")].letter_stage, 5);
    /* off: every client with a name and address is placed */
    f.run.policy.agency_requires_letter = false;
    ar_analysis_fini(&f.run.analysis);
    f.analysed = false;
    ar_analyse(f.run.ledger, &f.run.policy, D0, &f.run.analysis);
    f.analysed = true;
    assert_int_equal(f.run.analysis.agency_debtors, 8);
    csv_free(&pl);
    fx_fini(&f);
}

/* A collector works from the top: legal, agency, account_manager,
 * suspend, call; within an action the base currency first (amounts in
 * two currencies do not compare), then the largest overdue balance, then
 * the most days past due. priority counts 1, 2, 3... The placement file
 * lists the placed debtors in the same order. */
static void test_actions_in_working_order_and_placement_agrees(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    client(&f, "A", AR_TIER_STANDARD, true);
    overdue(&f, "A", 50, 100000);              /* EUR, the base */
    client(&f, "B", AR_TIER_STANDARD, true);
    overdue(&f, "B", 60, 300000);
    client(&f, "C", AR_TIER_STANDARD, true);
    overdue(&f, "C", 70, 300000);              /* same balance, older */
    client(&f, "D", AR_TIER_STANDARD, true);   /* USD: after every EUR */
    doc(&f, AR_DOC_INV, "D", D0 - 130, D0 - 100, 9900000, NULL, false,
        "USD");
    client(&f, "E", AR_TIER_VIP, true);
    overdue(&f, "E", 60, 200000);
    client(&f, "F", AR_TIER_STANDARD, true);
    overdue(&f, "F", 20, 900000);              /* call only */
    analyse(&f);
    render(&f);
    csv act, pl;
    csv_read(&act, f.dir, "actions.csv");
    csv_read(&pl, f.dir, "agency/placement.csv");
    static const char *const want[][2] = {
        {"legal", "D"},
        {"agency", "C"}, {"agency", "B"}, {"agency", "A"}, {"agency", "D"},
        {"account_manager", "E"},
        {"suspend", "C"}, {"suspend", "B"}, {"suspend", "A"},
        {"suspend", "D"},
        {"call", "F"}, {"call", "C"}, {"call", "B"}, {"call", "E"},
        {"call", "A"}, {"call", "D"},
    };
    size_t n = sizeof want / sizeof *want;
    assert_int_equal(act.rows - 1, n);
    for (size_t r = 1; r <= n; r++) {
        char prio[16];
        snprintf(prio, sizeof prio, "%zu", r);
        if (strcmp(cell(&act, r, "action"), want[r - 1][0]) != 0 ||
            strcmp(cell(&act, r, "client_id"), want[r - 1][1]) != 0)
            fail_msg("row %zu: %s %s, expected %s %s", r,
                     cell(&act, r, "action"), cell(&act, r, "client_id"),
                     want[r - 1][0], want[r - 1][1]);
        assert_string_equal(cell(&act, r, "priority"), prio);
    }
    /* the debtor rows = the agency rows of actions.csv, in their order */
    size_t k = 1, seen = 0;
    for (size_t r = 1; r < act.rows; r++) {
        if (strcmp(cell(&act, r, "action"), "agency") != 0)
            continue;
        while (k < pl.rows &&
               strcmp(cell(&pl, k, "record_type"), "debtor") != 0)
            k++;
        assert_true(k < pl.rows);
        assert_string_equal(cell(&pl, k, "debtor_id"),
                            cell(&act, r, "client_id"));
        assert_string_equal(cell(&pl, k, "placed_amount"),
                            cell(&act, r, "overdue_balance"));
        assert_string_equal(cell(&pl, k, "days_past_due"),
                            cell(&act, r, "days_past_due"));
        k++;
        seen++;
    }
    assert_int_equal(seen, placements(&pl));
    assert_int_equal(f.run.analysis.actions[AR_ACTION_AGENCY], seen);
    size_t d = debtor(&pl, "D", NULL);
    assert_string_equal(cell(&pl, d, "currency"), "USD");
    assert_string_equal(cell(&pl, d, "legal_candidate"), "Y");
    csv_free(&act);
    csv_free(&pl);
    fx_fini(&f);
}

/* The placement adds up: its invoices are the non-disputed past-due open
 * items, their open amounts the debtor row's open amount, placed = open
 * less the unapplied credits (SPEC §8.13); what is under review or not
 * yet due is on the row but not placed; the last payment, the letters
 * sent (history up to D and this run's letter, never a later history
 * row; dates and stages each one list with one separator) and the
 * commission at the policy's rate are on it. */
static void test_placement_row_adds_up_and_lists_the_letters(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    ar_diag d;
    ar_diag_clear(&d);
    assert_int_equal(ar_policy_load_string(&f.run.policy,
                                           "[actions]\nagency_commission = "
                                           "12.5\n",
                                           "test.ini", &d),
                     AR_OK);
    client(&f, "P", AR_TIER_STANDARD, true);
    uint32_t i1 = overdue(&f, "P", 80, 200000);
    overdue(&f, "P", 50, 50000);
    doc(&f, AR_DOC_INV, "P", D0 - 100, D0 - 70, 30000, NULL, true, NULL);
    doc(&f, AR_DOC_INV, "P", D0 - 5, D0 + 25, 40000, NULL, false, NULL);
    const ar_doc *docs = ar_ledger_docs(f.run.ledger);
    char target[32];
    snprintf(target, sizeof target, "%s",
             ar_ledger_text(f.run.ledger, docs[i1].doc_no));
    doc(&f, AR_DOC_PAY, "P", D0 - 20, AR_DATE_NONE, 60000, target, false,
        NULL);
    doc(&f, AR_DOC_PAY, "P", D0 - 10, AR_DATE_NONE, 10000, NULL, false,
        NULL); /* on account: an unapplied credit */
    sent(&f, "P", dt("2026-09-30"), 4, "INV-001;INV-002");
    sent(&f, "P", dt("2026-11-05"), 5, "INV-001"); /* after D: not yet */
    analyse(&f);
    /* placed: the agency writes now, this run sends no letter */
    assert_int_equal(f.run.analysis.clients[result_of(&f, "P")].hold,
                     AR_HOLD_PLACED);
    render(&f);
    csv pl;
    csv_read(&pl, f.dir, "agency/placement.csv");
    assert_int_equal(pl.rows, 4); /* the debtor and its two invoices */
    assert_string_equal(cell(&pl, 1, "invoices"), "2");
    assert_string_equal(cell(&pl, 1, "original_amount"), "2500.00");
    assert_string_equal(cell(&pl, 1, "open_amount"), "1900.00");
    assert_string_equal(cell(&pl, 1, "disputed_not_placed"), "300.00");
    assert_string_equal(cell(&pl, 1, "not_yet_due_not_placed"), "400.00");
    assert_string_equal(cell(&pl, 1, "unapplied_credits"), "100.00");
    /* past due 1,400.00 + 500.00 less the 100.00 on account */
    assert_string_equal(cell(&pl, 1, "placed_amount"), "1800.00");
    assert_string_equal(cell(&pl, 1, "days_past_due"), "80");
    assert_string_equal(cell(&pl, 1, "last_payment_date"), "2026-10-21");
    assert_string_equal(cell(&pl, 1, "last_payment_amount"), "100.00");
    assert_string_equal(cell(&pl, 1, "letters_sent"), "1");
    assert_string_equal(cell(&pl, 1, "letter_dates"), "2026-09-30");
    assert_string_equal(cell(&pl, 1, "letter_stages"), "4");
    assert_string_equal(cell(&pl, 1, "commission_rate_pct"), "12.50");
    assert_string_equal(cell(&pl, 1, "expected_commission"), "225.00");
    assert_string_equal(cell(&pl, 2, "open_amount"), "1400.00");
    assert_string_equal(cell(&pl, 2, "original_amount"), "2000.00");
    assert_string_equal(cell(&pl, 2, "days_past_due"), "80");
    assert_string_equal(cell(&pl, 3, "open_amount"), "500.00");
    csv_free(&pl);
    fx_fini(&f);
}

/* SPEC §8.23, README "Agency packet": a debtor owing in two currencies
 * is placed once per currency, each placement in its own currency with
 * its own id and invoices, never added together; a currency whose
 * overdue its credits cover is not placed. */
static void test_two_currencies_are_two_placements(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    client(&f, "TWO", AR_TIER_STANDARD, true);
    overdue(&f, "TWO", 70, 300000);
    doc(&f, AR_DOC_INV, "TWO", D0 - 90, D0 - 60, 12345, NULL, false, "GBP");
    doc(&f, AR_DOC_INV, "TWO", D0 - 90, D0 - 60, 5000, NULL, false, "CHF");
    doc(&f, AR_DOC_PAY, "TWO", D0 - 9, AR_DATE_NONE, 5000, NULL, false,
        "CHF"); /* covers the CHF item */
    analyse(&f);
    assert_int_equal(f.run.analysis.agency_debtors, 1);
    assert_int_equal(f.run.analysis.agency_placements, 2);
    render(&f);
    csv pl;
    csv_read(&pl, f.dir, "agency/placement.csv");
    size_t e = debtor(&pl, "TWO", "EUR"), g = debtor(&pl, "TWO", "GBP");
    assert_true(e == 1 && g == 3);
    assert_int_equal(debtor(&pl, "TWO", "CHF"), 0);
    assert_string_equal(cell(&pl, e, "placed_amount"), "3000.00");
    assert_string_equal(cell(&pl, g, "placed_amount"), "123.45");
    assert_string_not_equal(cell(&pl, e, "placement_id"),
                            cell(&pl, g, "placement_id"));
    assert_string_equal(cell(&pl, g + 1, "currency"), "GBP");
    assert_string_equal(cell(&pl, g + 1, "open_amount"), "123.45");
    assert_string_equal(cell(&pl, g + 1, "placement_id"),
                        cell(&pl, g, "placement_id"));
    /* one statement for the debtor, named on both */
    assert_string_equal(cell(&pl, e, "statement_file"), "TWO.pdf");
    assert_string_equal(cell(&pl, g, "statement_file"), "TWO.pdf");
    csv_free(&pl);
    fx_fini(&f);
}

/* SPEC §5, §6: statement names come from the client id made safe: never
 * a path outside agency/, never two debtors on one file. */
static void test_statement_names_stay_inside_agency_and_differ(
    void **state)
{
    (void)state;
    static const char *const ids[] = {"../../x", "/etc/passwd", "CON",
                                      "a/b", "a_b", "..", "con"};
    size_t n = sizeof ids / sizeof *ids;
    fx f;
    fx_init(&f);
    for (size_t i = 0; i < n; i++) {
        client(&f, ids[i], AR_TIER_STANDARD, true);
        overdue(&f, ids[i], 60, 100000 + (ar_cents)i);
    }
    analyse(&f);
    render(&f);
    csv pl;
    csv_read(&pl, f.dir, "agency/placement.csv");
    assert_int_equal(placements(&pl), n);
    /* every statement is a plain file name in agency/, one per debtor */
    char path[256];
    snprintf(path, sizeof path, "%s/agency", f.dir);
    DIR *dir = opendir(path);
    assert_non_null(dir);
    size_t pdfs = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".pdf") == 0)
            pdfs++;
    }
    closedir(dir);
    assert_int_equal(pdfs, n);
    for (size_t r = 1; r < pl.rows; r++) {
        if (strcmp(cell(&pl, r, "record_type"), "debtor") != 0)
            continue;
        const char *file = cell(&pl, r, "statement_file");
        assert_null(strchr(file, '/'));
        assert_true(file[0] != '.');
        assert_true(statement_exists(&f, file));
        for (size_t q = 1; q < r; q++)
            if (strcmp(cell(&pl, q, "record_type"), "debtor") == 0)
                assert_string_not_equal(cell(&pl, q, "statement_file"),
                                        file);
    }
    /* nothing was written above the output directory */
    snprintf(path, sizeof path, "%s/../x.pdf", f.dir);
    assert_int_not_equal(access(path, F_OK), 0);
    csv_free(&pl);
    fx_fini(&f);
}

/* The packet's statement pages: a debtor with many items gets more than
 * one page, and every placement its own lot: EUR with its 60 past-due
 * items, USD with its one. */
static void test_packet_collects_items_payments_and_credits(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    client(&f, "LONG", AR_TIER_STANDARD, true);
    for (int k = 0; k < 60; k++)
        overdue(&f, "LONG", 46 + k, 10000);
    doc(&f, AR_DOC_PAY, "LONG", D0 - 3, AR_DATE_NONE, 2500, "INV-001",
        false, NULL);
    doc(&f, AR_DOC_CRN, "LONG", D0 - 2, AR_DATE_NONE, 700, NULL, false,
        NULL);
    doc(&f, AR_DOC_INV, "LONG", D0 - 80, D0 - 50, 5000, NULL, false, "USD");
    analyse(&f);
    ar_agency_packet pk;
    ar_agency_collect(&f.run, &pk);
    assert_int_equal(pk.count, 1);
    const ar_placement *p = &pk.rows[0];
    assert_int_equal(p->open_items, 60);
    assert_int_equal(p->other_items, 1);
    assert_int_equal(p->item_count, 61);
    assert_string_equal(p->other_open, "USD 50.00");
    assert_int_equal(p->app_count, 1);
    assert_int_equal(pk.apps[p->first_app] < f.run.analysis.settlement.app_count,
                     true);
    assert_int_equal(p->credit_count, 1);
    assert_int_equal(p->open, 600000 - 2500);
    assert_int_equal(p->unapplied, 700);
    assert_int_equal(p->overdue_net, 600000 - 2500 - 700);
    assert_int_equal(pk.lot_count, 2);
    assert_true(pk.lots[0].primary && pk.lots[0].item_count == 60);
    assert_int_equal(pk.lots[0].placed, p->overdue_net);
    assert_int_equal(pk.lots[1].item_count, 1);
    assert_int_equal(pk.lots[1].placed, 5000);
    /* items by due date: the most overdue first */
    const ar_doc *docs = ar_ledger_docs(f.run.ledger);
    for (size_t k = 1; k < p->open_items; k++)
        assert_true(docs[pk.items[p->first_item + k - 1]].due_date <=
                    docs[pk.items[p->first_item + k]].due_date);
    ar_agency_fini(&pk);
    fx_fini(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lists_at_every_boundary_with_contact_data),
        cmocka_unit_test(test_lists_at_every_boundary_without_contact_data),
        cmocka_unit_test(
            test_vip_at_50_days_is_for_the_account_manager_not_placed),
        cmocka_unit_test(test_high_risk_at_30_days_is_placed_with_its_figures),
        cmocka_unit_test(test_no_contact_data_is_placed_and_flagged),
        cmocka_unit_test(test_no_address_is_held),
        cmocka_unit_test(test_placement_needs_an_earlier_letter),
        cmocka_unit_test(test_two_currencies_are_two_placements),
        cmocka_unit_test(test_actions_in_working_order_and_placement_agrees),
        cmocka_unit_test(test_placement_row_adds_up_and_lists_the_letters),
        cmocka_unit_test(test_statement_names_stay_inside_agency_and_differ),
        cmocka_unit_test(test_packet_collects_items_payments_and_credits),
    };
    return cmocka_run_group_tests_name("actions", tests, NULL, NULL);
}
