/* test_rollforward.c - the AR rollforward of the close (rollforward.h,
 * SPEC §6): opening + invoices + debit notes - cash - credit notes -
 * write-offs = closing, per currency, with figures worked by hand; and
 * the provision matrix's rounding.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "ar/engine/analysis.h"
#include "ar/engine/rollforward.h"
#include "ar/ingest/policy_file.h"

static ar_date dt(const char *iso)
{
    ar_date d;
    if (ar_date_parse(iso, strlen(iso), "%Y-%m-%d", &d) != AR_OK)
        fail_msg("bad test date %s", iso);
    return d;
}

#define NONE AR_DATE_NONE

/* A ledger row: type, client, number, date, due, amount, applies_to,
 * settled_date, currency (NULL = blank). */
static void add(ar_ledger *lg, ar_doc_type t, const char *client,
                const char *no, const char *date, const char *due,
                ar_cents amount, const char *applies, const char *settled,
                const char *cur)
{
    ar_doc d = {0};
    d.type = (uint8_t)t;
    d.client = ar_ledger_client(lg, client, strlen(client));
    d.doc_no = ar_ledger_intern(lg, no, strlen(no));
    d.applies_to = applies ? ar_ledger_intern_ref(lg, applies, strlen(applies))
                           : 0;
    d.doc_date = dt(date);
    d.due_date = ar_doc_is_item(t) ? dt(due ? due : date) : NONE;
    d.settled_date = settled ? dt(settled) : NONE;
    d.amount = amount;
    d.currency = cur ? ar_ledger_currency(lg, cur, 3) : 0;
    d.line = (uint32_t)ar_ledger_doc_count(lg) + 2;
    ar_ledger_add_doc(lg, &d);
}

typedef struct rf_run {
    ar_ledger *lg;
    ar_policy p;
    ar_analysis a;
    ar_rollforward rf;
} rf_run;

static void run(rf_run *r, const char *as_of, const char *from)
{
    ar_ledger_finish(r->lg, r->p.base_currency);
    ar_analyse_without_kpis(r->lg, &r->p, dt(as_of), &r->a);
    ar_rollforward_compute(&r->a, from ? dt(from) : NONE, &r->rf);
}

static void done(rf_run *r)
{
    ar_rollforward_fini(&r->rf);
    ar_analysis_fini(&r->a);
    ar_ledger_free(r->lg);
}

/* What every rollforward must satisfy: the lines add up to the closing,
 * and the closing is the analysis' open AR less its unapplied credits. */
static void check_ties(const rf_run *r)
{
    for (size_t i = 0; i < r->a.totals_count; i++) {
        const ar_totals *t = &r->a.totals[i];
        const ar_rf_figures *f = ar_rollforward_of(&r->rf, t->currency);
        assert_int_equal(ar_rf_computed_closing(f), f->closing);
        assert_int_equal(f->closing, t->open - t->unapplied);
        assert_int_equal(f->open_items, t->open);
        ar_cents credits = 0;
        for (int k = 0; k < AR_RF_CREDIT_COUNT_; k++)
            credits += f->unapplied[k];
        assert_int_equal(credits, t->unapplied);
    }
}

/* A month of activity in one currency, every line worked by hand:
 * opening 1,000.00 + 500.00 + 80.00 - 1,030.00 - 50.00 - 20.00 =
 * 480.00 (open items 730.00 less the 250.00 unapplied payment). */
static void test_rollforward_month_of_activity(void **state)
{
    (void)state;
    rf_run r = {.lg = ar_ledger_new()};
    ar_policy_defaults(&r.p);
    ar_ledger *lg = r.lg;
    /* before the opening: 1,000.00 open at 2024-05-31 */
    add(lg, AR_DOC_INV, "C1", "I1", "2024-05-02", "2024-06-01", 120000,
        NULL, NULL, "EUR");
    add(lg, AR_DOC_PAY, "C1", "P0", "2024-05-20", NULL, 20000, "I1", NULL,
        "EUR");
    /* the period */
    add(lg, AR_DOC_INV, "C1", "I2", "2024-06-03", "2024-07-03", 50000, NULL,
        NULL, "EUR");
    add(lg, AR_DOC_DEB, "C1", "D1", "2024-06-04", NULL, 8000, NULL, NULL,
        "EUR");
    add(lg, AR_DOC_PAY, "C1", "P1", "2024-06-10", NULL, 78000, "I1", NULL,
        "EUR");
    add(lg, AR_DOC_PAY, "C1", "P2", "2024-06-11", NULL, 25000, NULL, NULL,
        "EUR");
    add(lg, AR_DOC_CRN, "C1", "CN1", "2024-06-12", NULL, 5000, "I2", NULL,
        "EUR");
    add(lg, AR_DOC_WO, "C1", "W1", "2024-06-13", NULL, 2000, "D1", NULL,
        "EUR");
    /* after the close: in no figure but "later" */
    add(lg, AR_DOC_INV, "C1", "I9", "2024-07-02", NULL, 99900, NULL, NULL,
        "EUR");
    add(lg, AR_DOC_PAY, "C1", "P9", "2024-07-03", NULL, 1100, "I2", NULL,
        "EUR");
    run(&r, "2024-06-30", NULL);
    check_ties(&r);
    assert_int_equal(r.rf.opening_date, dt("2024-05-31"));
    const ar_rf_figures *f =
        ar_rollforward_of(&r.rf, ar_ledger_currency(lg, "EUR", 3));
    assert_int_equal(f->opening, 100000);
    assert_int_equal(f->line[AR_RF_INVOICES], 50000);
    assert_int_equal(f->line[AR_RF_DEBIT_NOTES], 8000);
    assert_int_equal(f->line[AR_RF_CASH], 103000);
    assert_int_equal(f->line[AR_RF_CREDIT_NOTES], 5000);
    assert_int_equal(f->line[AR_RF_WRITE_OFFS], 2000);
    assert_int_equal(f->closing, 48000);
    assert_int_equal(f->count[AR_RF_INVOICES], 1);
    assert_int_equal(f->count[AR_RF_DEBIT_NOTES], 1);
    assert_int_equal(f->count[AR_RF_CASH], 2);
    assert_int_equal(f->count[AR_RF_CREDIT_NOTES], 1);
    assert_int_equal(f->count[AR_RF_WRITE_OFFS], 1);
    for (int l = 0; l < AR_RF_LINE_COUNT_; l++)
        assert_int_equal(f->earlier[l], 0);
    assert_int_equal(f->open_items, 73000);
    assert_int_equal(f->open_count, 3);
    assert_int_equal(f->unapplied[AR_RF_UNAPPLIED_CASH], 25000);
    assert_int_equal(f->unapplied_count[AR_RF_UNAPPLIED_CASH], 1);
    assert_int_equal(f->later_items, 99900);
    assert_int_equal(f->later_items_count, 1);
    assert_int_equal(f->later_credits, 1100);
    assert_int_equal(f->later_credits_count, 1);
    done(&r);
}

/* SPEC §2.6 clearing counts once: an invoice and the payment that
 * cleared it both carry the clearing date. A payment received before the
 * opening and cleared in the period was a credit in the opening; the
 * period's cash line nets to nothing, and says how much of it comes from
 * documents dated before the opening. */
static void test_rollforward_clearing_counts_once(void **state)
{
    (void)state;
    rf_run r = {.lg = ar_ledger_new()};
    ar_policy_defaults(&r.p);
    ar_ledger *lg = r.lg;
    add(lg, AR_DOC_INV, "C1", "I1", "2024-05-10", NULL, 100000, NULL,
        "2024-06-05", NULL);
    add(lg, AR_DOC_PAY, "C1", "P1", "2024-05-28", NULL, 100000, NULL,
        "2024-06-05", NULL);
    /* one received and cleared in the period: cash of the period */
    add(lg, AR_DOC_INV, "C1", "I2", "2024-05-15", NULL, 40000, NULL,
        "2024-06-20", NULL);
    add(lg, AR_DOC_PAY, "C1", "P2", "2024-06-20", NULL, 40000, NULL,
        "2024-06-20", NULL);
    run(&r, "2024-06-30", NULL);
    check_ties(&r);
    const ar_rf_figures *f = ar_rollforward_of(&r.rf, 0);
    /* at 2024-05-31: 1,400.00 of invoices less the 1,000.00 credit */
    assert_int_equal(f->opening, 40000);
    assert_int_equal(f->line[AR_RF_CASH], 40000);
    assert_int_equal(f->count[AR_RF_CASH], 2); /* the two clearings */
    assert_int_equal(f->earlier[AR_RF_CASH], -100000);
    assert_int_equal(f->closing, 0);
    done(&r);
}

/* A payment that named its invoice and was cleared after the opening
 * applied to the invoice as of the opening, so the invoice's settled
 * date took only the rest then (as of D it takes all): the opening is
 * what a run as of the opening shows, not the settlement as of D cut
 * there. */
static void test_rollforward_opening_settles_again_when_cut_is_wrong(
    void **state)
{
    (void)state;
    rf_run r = {.lg = ar_ledger_new()};
    ar_policy_defaults(&r.p);
    ar_ledger *lg = r.lg;
    add(lg, AR_DOC_INV, "C1", "I1", "2024-05-01", NULL, 100000, NULL,
        "2024-05-20", NULL);
    add(lg, AR_DOC_PAY, "C1", "P1", "2024-05-10", NULL, 30000, "I1",
        "2024-06-10", NULL);
    add(lg, AR_DOC_INV, "C1", "I2", "2024-05-15", NULL, 5000, NULL, NULL,
        NULL);
    run(&r, "2024-06-30", NULL);
    check_ties(&r);
    const ar_rf_figures *f = ar_rollforward_of(&r.rf, 0);
    /* as of 05-31: P1 took 300.00 of I1, its settled date the other
     * 700.00; I2 open */
    assert_int_equal(f->opening, 5000);
    assert_int_equal(f->line[AR_RF_CASH], 0);
    assert_int_equal(f->closing, 5000);
    done(&r);
}

/* --from: any opening date; a ledger's rows before it are the opening,
 * and each currency rolls forward on its own. */
static void test_rollforward_from_date_per_currency(void **state)
{
    (void)state;
    rf_run r = {.lg = ar_ledger_new()};
    ar_policy_defaults(&r.p);
    ar_ledger *lg = r.lg;
    add(lg, AR_DOC_INV, "C1", "I1", "2024-01-10", NULL, 10000, NULL, NULL,
        "EUR");
    add(lg, AR_DOC_INV, "C1", "I2", "2024-03-10", NULL, 20000, NULL, NULL,
        "EUR");
    add(lg, AR_DOC_INV, "C2", "J1", "2024-03-11", NULL, 700, NULL, NULL,
        "JPY");
    add(lg, AR_DOC_PAY, "C2", "Q1", "2024-06-11", NULL, 900, NULL, NULL,
        "JPY");
    run(&r, "2024-06-30", "2024-02-29");
    check_ties(&r);
    const ar_rf_figures *eur =
        ar_rollforward_of(&r.rf, ar_ledger_currency(lg, "EUR", 3));
    const ar_rf_figures *jpy =
        ar_rollforward_of(&r.rf, ar_ledger_currency(lg, "JPY", 3));
    assert_int_equal(eur->opening, 10000);
    assert_int_equal(eur->line[AR_RF_INVOICES], 20000);
    assert_int_equal(eur->closing, 30000);
    assert_int_equal(jpy->opening, 0);
    assert_int_equal(jpy->line[AR_RF_INVOICES], 700);
    assert_int_equal(jpy->line[AR_RF_CASH], 900);
    assert_int_equal(jpy->closing, -200);
    assert_int_equal(jpy->unapplied[AR_RF_UNAPPLIED_CASH], 900);
    done(&r);
}

/* apply_unapplied = oldest moves credits onto items: the closing (net)
 * is the same, and the lines still add up to it. */
static void test_rollforward_ties_with_apply_oldest(void **state)
{
    (void)state;
    rf_run r = {.lg = ar_ledger_new()};
    ar_policy_defaults(&r.p);
    ar_diag d;
    ar_diag_clear(&d);
    assert_int_equal(ar_policy_load_string(&r.p,
                                           "[general]\napply_unapplied = "
                                           "oldest\n",
                                           "t.ini", &d),
                     AR_OK);
    ar_ledger *lg = r.lg;
    add(lg, AR_DOC_INV, "C1", "I1", "2024-04-10", NULL, 30000, NULL, NULL,
        NULL);
    add(lg, AR_DOC_CRN, "C1", "K1", "2024-05-10", NULL, 10000, NULL, NULL,
        NULL);
    add(lg, AR_DOC_PAY, "C1", "P1", "2024-06-10", NULL, 5000, NULL, NULL,
        NULL);
    add(lg, AR_DOC_INV, "C1", "I2", "2024-06-12", NULL, 7000, NULL, NULL,
        NULL);
    run(&r, "2024-06-30", NULL);
    check_ties(&r);
    const ar_rf_figures *f = ar_rollforward_of(&r.rf, 0);
    assert_int_equal(f->opening, 20000);
    assert_int_equal(f->line[AR_RF_INVOICES], 7000);
    assert_int_equal(f->line[AR_RF_CASH], 5000);
    assert_int_equal(f->closing, 22000);
    done(&r);
}

/* Two ledgers' rollforwards add up currency by currency (fold.c sums
 * its client partitions so). */
static void test_rollforward_add(void **state)
{
    (void)state;
    ar_rf_figures a[2] = {{0}}, b[3] = {{0}};
    a[1].opening = 5;
    a[1].line[AR_RF_CASH] = 7;
    a[1].count[AR_RF_CASH] = 1;
    b[1].opening = 1;
    b[2].closing = 9;
    b[2].used = true;
    ar_rollforward to = {0}, x = {.cur = a, .count = 2},
                   y = {.cur = b, .count = 3};
    ar_rollforward_add(&to, &x);
    ar_rollforward_add(&to, &y);
    assert_int_equal(to.count, 3);
    assert_int_equal(to.cur[1].opening, 6);
    assert_int_equal(to.cur[1].line[AR_RF_CASH], 7);
    assert_int_equal(to.cur[1].count[AR_RF_CASH], 1);
    assert_int_equal(to.cur[2].closing, 9);
    assert_true(to.cur[2].used);
    ar_rollforward_fini(&to);
}

/* IFRS 9: gross x rate, half-up to the cent per bucket. */
static void test_provision_ecl_rounds_half_up(void **state)
{
    (void)state;
    assert_int_equal(ar_provision_ecl(100000, 50, false), 500); /* 0.5 % */
    assert_int_equal(ar_provision_ecl(123, 50, false), 1);      /* 0.615 */
    assert_int_equal(ar_provision_ecl(100, 50, false), 1);      /* 0.5: up */
    assert_int_equal(ar_provision_ecl(99, 50, false), 0);       /* 0.495 */
    assert_int_equal(ar_provision_ecl(246900, 150, false), 3704); /* 37.035 */
    assert_int_equal(ar_provision_ecl(0, 4000, false), 0);
    assert_int_equal(ar_provision_ecl(777, 10000, false), 777);
    /* JPY 98,765 x 0.5 % = 493.825: a whole yen, 494 */
    assert_int_equal(ar_provision_ecl(9876500, 50, true), 49400);
    assert_int_equal(ar_provision_ecl(987000, 50, true), 4900); /* 49.35 */
    assert_int_equal(ar_provision_ecl(990000, 50, true), 5000); /* 49.5 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rollforward_month_of_activity),
        cmocka_unit_test(test_rollforward_clearing_counts_once),
        cmocka_unit_test(
            test_rollforward_opening_settles_again_when_cut_is_wrong),
        cmocka_unit_test(test_rollforward_from_date_per_currency),
        cmocka_unit_test(test_rollforward_ties_with_apply_oldest),
        cmocka_unit_test(test_rollforward_add),
        cmocka_unit_test(test_provision_ecl_rounds_half_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
