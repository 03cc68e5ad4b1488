/* test_fx.c - several currencies in the KPIs (SPEC §8.22-8.23, README
 * "Currencies"): without rates the KPIs cover the base currency and
 * count only the costs of the clients whose recoveries they count; with
 * --fx rates every currency converts, half to even, into consolidated
 * KPIs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "ar/engine/analysis.h"
#include "ar/engine/fx.h"
#include "ar/engine/kpi_gather.h"
#include "ar/engine/metrics.h"

/* ---- building ledgers ------------------------------------------------ */

typedef struct fxl {
    ar_ledger *lg;
    ar_policy p;
    ar_analysis a;
    bool analysed;
    /* clients whose rows are in the other currency */
    const char *other_clients;
    const char *other_code;
} fxl;

static ar_date day(const char *iso)
{
    ar_date d;
    if (ar_date_parse(iso, strlen(iso), "%Y-%m-%d", &d) != AR_OK)
        fail_msg("bad test date %s", iso);
    return d;
}

static fxl *fxl_new(const char *other_clients, const char *other_code)
{
    fxl *f = test_calloc(1, sizeof *f);
    f->lg = ar_ledger_new();
    ar_policy_defaults(&f->p);
    snprintf(f->p.base_currency, sizeof f->p.base_currency, "EUR");
    f->other_clients = other_clients;
    f->other_code = other_code;
    ar_ledger_currency(f->lg, "EUR", 3);
    return f;
}

static void fxl_free(fxl *f)
{
    if (f->analysed)
        ar_analysis_fini(&f->a);
    ar_ledger_free(f->lg);
    test_free(f);
}

static uint32_t client(fxl *f, const char *id)
{
    return ar_ledger_client(f->lg, id, strlen(id));
}

static void add(fxl *f, ar_doc_type type, const char *cl, const char *no,
                ar_date date, ar_date due, ar_cents amount,
                const char *applies_to)
{
    ar_doc d = {0};
    d.type = (uint8_t)type;
    d.client = client(f, cl);
    d.doc_no = ar_ledger_intern(f->lg, no, strlen(no));
    d.applies_to =
        applies_to ? ar_ledger_intern_ref(f->lg, applies_to, strlen(applies_to))
                   : 0;
    d.doc_date = date;
    d.due_date = ar_doc_is_item(type) ? due : AR_DATE_NONE;
    d.settled_date = AR_DATE_NONE;
    d.amount = amount;
    d.line = (uint32_t)ar_ledger_doc_count(f->lg) + 2;
    bool other = f->other_clients && strstr(f->other_clients, cl);
    d.currency = ar_ledger_currency(f->lg, other ? f->other_code : "EUR", 3);
    ar_ledger_add_doc(f->lg, &d);
}

static void cost(fxl *f, const char *cl, const char *date, ar_cents amount)
{
    ar_cost c = {0};
    c.date = day(date);
    c.client = client(f, cl);
    c.action = ar_ledger_intern(f->lg, "call", 4);
    c.cost = amount;
    ar_ledger_add_cost(f->lg, &c);
    ar_ledger_set_costs_loaded(f->lg);
}

static void rate(fxl *f, const char *code, int64_t num, int scale)
{
    ar_fx_rate r = {.num = num, .scale = scale, .date = AR_DATE_NONE};
    memcpy(r.code, code, 4);
    assert_true(ar_ledger_add_fx(f->lg, &r));
}

/* Five clients A..E over 15 months: invoices weekly, most paid (some
 * late, some in part), some open, a credit and a write-off; costs in
 * the KPI window for each. */
static void busy(fxl *f)
{
    static const char *const cl[] = {"A", "B", "C", "D", "E"};
    char no[32], pno[32];
    for (int i = 0; i < 64; i++) {
        ar_date doc = day("2023-01-03") + i * 7;
        ar_date due = doc + 30;
        ar_date paid = due + (i % 5) * 9 - 10;
        const char *c = cl[i % 5];
        snprintf(no, sizeof no, "I%d", i);
        snprintf(pno, sizeof pno, "P%d", i);
        ar_cents amount = 10001 + i * 1237;
        add(f, AR_DOC_INV, c, no, doc, due, amount, NULL);
        if (i % 6 != 5 && paid <= day("2024-03-31"))
            add(f, AR_DOC_PAY, c, pno, paid, AR_DATE_NONE,
                i % 4 == 1 ? amount / 3 : amount, no);
    }
    add(f, AR_DOC_PAY, "B", "U1", day("2024-02-10"), AR_DATE_NONE, 5003,
        NULL);
    add(f, AR_DOC_CRN, "D", "U2", day("2024-03-10"), AR_DATE_NONE, 7001,
        NULL);
    add(f, AR_DOC_WO, "C", "W1", day("2023-11-10"), AR_DATE_NONE, 3000, "I2");
    cost(f, "A", "2024-02-01", 1200);
    cost(f, "B", "2024-02-15", 9500);
    cost(f, "C", "2024-03-15", 850);
    cost(f, "D", "2024-01-20", 333);
    cost(f, "E", "2023-10-01", 999); /* before W */
    cost(f, "Z", "2024-03-01", 77);  /* no ledger row */
}

static const ar_kpis *analyse(fxl *f, const char *as_of)
{
    if (f->analysed)
        ar_analysis_fini(&f->a);
    else
        ar_ledger_finish(f->lg, f->p.base_currency);
    ar_analyse(f->lg, &f->p, day(as_of), &f->a);
    f->analysed = true;
    return &f->a.kpi;
}

static void assert_inputs_equal(const ar_kpi_inputs *a,
                                const ar_kpi_inputs *b)
{
    assert_int_equal(a->ar_d, b->ar_d);
    assert_int_equal(a->current_d, b->current_d);
    assert_int_equal(a->sales_w, b->sales_w);
    assert_int_equal(a->ar_s, b->ar_s);
    assert_int_equal(a->sales_s, b->sales_s);
    assert_int_equal(a->due_amount, b->due_amount);
    assert_int_equal(a->collected_45, b->collected_45);
    assert_int_equal(a->late_days_sum, b->late_days_sum);
    assert_int_equal(a->late_count, b->late_count);
    assert_int_equal(a->retention_base, b->retention_base);
    assert_int_equal(a->retention_kept, b->retention_kept);
    assert_int_equal(a->recovered_w, b->recovered_w);
    for (int k = 0; k < AR_MAX_BUCKETS; k++)
        assert_int_equal(a->buckets[k], b->buckets[k]);
    assert_int_equal(a->over_days, b->over_days);
}

static void assert_values_equal(const ar_kpi_value *a, const ar_kpi_value *b)
{
    for (int id = 0; id < AR_KPI_COUNT_; id++) {
        assert_int_equal(a[id].defined, b[id].defined);
        if (a[id].defined && a[id].value != b[id].value)
            fail_msg("KPI %s: %.15g against %.15g", ar_kpi_key((ar_kpi_id)id),
                     a[id].value, b[id].value);
    }
}

/* ---- tests ------------------------------------------------------------ */

static void test_fx_convert_rounds_half_to_even(void **state)
{
    (void)state;
    fxl *f = fxl_new("B", "USD");
    busy(f);
    rate(f, "USD", 5, 1); /* 0.5 */
    analyse(f, "2024-03-31");
    uint16_t usd = ar_ledger_currency(f->lg, "USD", 3);
    uint16_t eur = ar_ledger_base_currency(f->lg);
    assert_int_equal(ar_fx_convert(f->lg, usd, 3), 2);  /* 1.5 -> 2 */
    assert_int_equal(ar_fx_convert(f->lg, usd, 5), 2);  /* 2.5 -> 2 */
    assert_int_equal(ar_fx_convert(f->lg, usd, 7), 4);  /* 3.5 -> 4 */
    assert_int_equal(ar_fx_convert(f->lg, usd, -5), -2);
    assert_int_equal(ar_fx_convert(f->lg, eur, 12345), 12345);
    fxl_free(f);
}

/* The per-currency inputs of the base currency are the KPIs' own. */
static void test_fx_base_currency_row_is_the_kpis(void **state)
{
    (void)state;
    fxl *f = fxl_new("BD", "USD");
    busy(f);
    analyse(f, "2024-03-31");
    ar_kpi_rows *rows = test_malloc(sizeof *rows);
    ar_metrics_rows(&f->a, rows);
    ar_kpi_inputs sum = {0};
    for (int g = 0; g <= AR_TIER_COUNT_; g++)
        ar_kpi_inputs_add(&sum, &rows->at_d[g]);
    uint16_t eur = ar_ledger_base_currency(f->lg);
    /* retention is kept over every currency at once, not per currency */
    ar_kpi_inputs base = rows->cur_d[eur];
    assert_int_equal(base.retention_base, 0);
    base.retention_base = sum.retention_base;
    base.retention_kept = sum.retention_kept;
    assert_inputs_equal(&base, &sum);
    assert_true(rows->retention_base_all > sum.retention_base);
    /* and each currency's aging is the aging workbook's */
    for (size_t t = 0; t < f->a.totals_count; t++) {
        const ar_totals *tt = &f->a.totals[t];
        for (int b = 0; b < f->p.bucket_count; b++)
            assert_int_equal(rows->cur_d[tt->currency].buckets[b],
                             tt->buckets[b]);
        assert_int_equal(rows->cur_d[tt->currency].ar_d,
                         tt->open - tt->unapplied);
    }
    test_free(rows);
    fxl_free(f);
}

/* SPEC §8.22 as amended: without rates, cost per recovery counts the
 * base currency's recoveries and the costs of the clients whose
 * recoveries it counts: not B's and D's (all in USD); Z, with no ledger
 * row, keeps its costs (taken as base currency). */
static void test_fx_without_rates_costs_of_base_clients_only(void **state)
{
    (void)state;
    fxl *f = fxl_new("BD", "USD");
    busy(f);
    const ar_kpis *k = analyse(f, "2024-03-31");
    assert_int_equal(k->in.costs_w, 1200 + 850 + 77);
    assert_int_equal(k->cost_total.costs, 1200 + 850 + 77);
    assert_int_equal(k->coverage.cost_rows_left_out, 2);
    assert_int_equal(k->coverage.costs_left_out, 9500 + 333);
    assert_int_equal(k->coverage.currencies, 2);
    assert_true(k->coverage.clients_base < k->coverage.clients_all);
    assert_true(k->coverage.items_base < k->coverage.items_all);
    assert_false(k->cons.available);
    /* one currency: every cost counts, as before */
    fxl *g = fxl_new(NULL, NULL);
    busy(g);
    const ar_kpis *one = analyse(g, "2024-03-31");
    assert_int_equal(one->in.costs_w, 1200 + 9500 + 850 + 333 + 77);
    assert_int_equal(one->coverage.cost_rows_left_out, 0);
    assert_int_equal(one->coverage.clients_base, one->coverage.clients_all);
    fxl_free(g);
    fxl_free(f);
}

/* At a rate of 1 the consolidated KPIs of a two-currency ledger are the
 * KPIs of the same ledger in one currency, figure for figure. */
static void test_fx_rate_one_consolidates_to_one_currency(void **state)
{
    (void)state;
    fxl *one = fxl_new(NULL, NULL);
    busy(one);
    const ar_kpis *want = analyse(one, "2024-03-31");
    fxl *two = fxl_new("BD", "USD");
    busy(two);
    rate(two, "USD", 1000000, 6);
    const ar_kpis *got = analyse(two, "2024-03-31");
    assert_true(got->cons.available);
    assert_inputs_equal(&got->cons.in, &want->in);
    assert_int_equal(got->cons.in.costs_w, want->in.costs_w);
    assert_values_equal(got->cons.v, want->v);
    /* the base-currency KPIs stay what they were */
    assert_true(got->in.ar_d != want->in.ar_d);
    fxl_free(two);
    fxl_free(one);
}

/* At another rate each currency's totals convert once, half to even, and
 * the consolidated aging foots: AR(D) = buckets - credits. */
static void test_fx_consolidated_totals_convert_each_total_once(
    void **state)
{
    (void)state;
    fxl *f = fxl_new("BD", "USD");
    busy(f);
    rate(f, "USD", 9234567, 7); /* 0.9234567 */
    const ar_kpis *k = analyse(f, "2024-03-31");
    assert_true(k->cons.available);
    const ar_totals *eur = &f->a.totals[0], *usd = NULL;
    for (size_t t = 1; t < f->a.totals_count; t++)
        usd = &f->a.totals[t];
    assert_non_null(usd);
    ar_cents open = 0;
    for (int b = 0; b < f->p.bucket_count; b++) {
        ar_cents want = eur->buckets[b] +
                        ar_cents_muldiv_even(usd->buckets[b], 9234567,
                                             10000000);
        assert_int_equal(k->cons.in.buckets[b], want);
        open += want;
    }
    ar_cents credits = eur->unapplied + ar_cents_muldiv_even(usd->unapplied,
                                                             9234567,
                                                             10000000);
    assert_int_equal(k->cons.unapplied, credits);
    assert_int_equal(k->cons.in.ar_d, open - credits);
    assert_int_equal(k->cons.in.current_d, k->cons.in.buckets[0]);
    /* every cost counts in the consolidated KPI; the base currency's
     * still counts only those of its own clients */
    assert_int_equal(k->cons.in.costs_w, 1200 + 9500 + 850 + 333 + 77);
    assert_int_equal(k->in.costs_w, 1200 + 850 + 77);
    fxl_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fx_convert_rounds_half_to_even),
        cmocka_unit_test(test_fx_base_currency_row_is_the_kpis),
        cmocka_unit_test(test_fx_without_rates_costs_of_base_clients_only),
        cmocka_unit_test(test_fx_rate_one_consolidates_to_one_currency),
        cmocka_unit_test(
            test_fx_consolidated_totals_convert_each_total_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
