/* test_metrics.c - the KPIs of SPEC §4 on small ledgers worked by hand,
 * their trend, cost per recovery by stage and tier, the top debtors and
 * the red/amber/green status. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ar/engine/analysis.h"
#include "ar/engine/metrics.h"

/* ---- building ledgers ------------------------------------------------ */

typedef struct fx {
    ar_ledger *lg;
    ar_policy p;
    ar_analysis a;
    bool analysed;
} fx;

static ar_date day(const char *iso)
{
    ar_date d;
    if (ar_date_parse(iso, strlen(iso), "%Y-%m-%d", &d) != AR_OK)
        fail_msg("bad test date %s", iso);
    return d;
}

static fx *fx_new(void)
{
    fx *f = test_calloc(1, sizeof *f);
    f->lg = ar_ledger_new();
    ar_policy_defaults(&f->p);
    return f;
}

static void fx_free(fx *f)
{
    if (f->analysed)
        ar_analysis_fini(&f->a);
    ar_ledger_free(f->lg);
    test_free(f);
}

static uint32_t client(fx *f, const char *id)
{
    return ar_ledger_client(f->lg, id, strlen(id));
}

static uint32_t add(fx *f, ar_doc_type type, const char *cl, const char *no,
                    const char *date, const char *due, ar_cents amount,
                    const char *applies_to, const char *settled)
{
    ar_doc d = {0};
    d.type = (uint8_t)type;
    d.client = client(f, cl);
    d.doc_no = ar_ledger_intern(f->lg, no, strlen(no));
    d.applies_to =
        applies_to ? ar_ledger_intern_ref(f->lg, applies_to, strlen(applies_to))
                   : 0;
    d.doc_date = day(date);
    d.due_date = ar_doc_is_item(type) ? day(due ? due : date) : AR_DATE_NONE;
    d.settled_date = settled ? day(settled) : AR_DATE_NONE;
    d.amount = amount;
    d.line = (uint32_t)ar_ledger_doc_count(f->lg) + 2;
    return ar_ledger_add_doc(f->lg, &d);
}

static void inv(fx *f, const char *cl, const char *no, const char *date,
                const char *due, ar_cents amount)
{
    add(f, AR_DOC_INV, cl, no, date, due, amount, NULL, NULL);
}

/* An invoice of an "invoice register" export, settled on a date. */
static void inv_settled(fx *f, const char *cl, const char *no,
                        const char *date, const char *due, ar_cents amount,
                        const char *settled)
{
    add(f, AR_DOC_INV, cl, no, date, due, amount, NULL, settled);
}

static void settle(fx *f, ar_doc_type type, const char *cl, const char *no,
                   const char *date, ar_cents amount, const char *applies_to)
{
    add(f, type, cl, no, date, NULL, amount, applies_to, NULL);
}

static void cost(fx *f, const char *cl, const char *date, const char *action,
                 ar_cents amount)
{
    ar_cost c = {0};
    c.date = day(date);
    c.client = client(f, cl);
    c.action = ar_ledger_intern(f->lg, action, strlen(action));
    c.cost = amount;
    ar_ledger_add_cost(f->lg, &c);
    ar_ledger_set_costs_loaded(f->lg);
}

static void letter(fx *f, const char *cl, const char *date, int stage)
{
    ar_letter_sent l = {0};
    l.run_date = day(date);
    l.client = client(f, cl);
    l.stage = stage;
    ar_ledger_add_letter(f->lg, &l);
}

static void segment(fx *f, const char *cl, ar_tier tier)
{
    ar_client_info in = {0};
    in.id = ar_ledger_intern(f->lg, cl, strlen(cl));
    in.name = ar_ledger_intern(f->lg, cl, strlen(cl));
    in.segment = (int)tier;
    assert_true(ar_ledger_add_info(f->lg, &in));
}

static const ar_kpis *analyse(fx *f, const char *as_of)
{
    if (f->analysed)
        ar_analysis_fini(&f->a);
    else
        ar_ledger_finish(f->lg, "");
    ar_analyse(f->lg, &f->p, day(as_of), &f->a);
    f->analysed = true;
    return &f->a.kpi;
}

static void assert_kpi(ar_kpi_value v, double want)
{
    if (!v.defined)
        fail_msg("KPI is n/a, want %.10g", want);
    if (fabs(v.value - want) > 1e-9 * (fabs(want) > 1 ? fabs(want) : 1))
        fail_msg("KPI is %.12g, want %.12g", v.value, want);
}

static void assert_na(ar_kpi_value v)
{
    if (v.defined)
        fail_msg("KPI is %.12g, want n/a", v.value);
}

/* ---- DSO, best possible DSO, ADD, CEI ------------------------------- */

/* D = 2024-03-31, W = (2024-01-01, 2024-03-31], S = 2024-02-29.
 * INV0 300.00 (Dec, paid on time), INV1 1000.00 due 2024-02-14 open,
 * INV2 500.00 due 2024-04-19 open, an unapplied payment of 150.00.
 * AR(D) = 1500 - 150 = 1350, Current(D) = 500, Sales(W) = 1500. */
static fx *dso_ledger(void)
{
    fx *f = fx_new();
    inv(f, "A", "INV0", "2023-12-01", "2023-12-31", 30000);
    settle(f, AR_DOC_PAY, "A", "PAY0", "2023-12-20", 30000, "INV0");
    inv(f, "A", "INV1", "2024-01-15", "2024-02-14", 100000);
    inv(f, "A", "INV2", "2024-03-20", "2024-04-19", 50000);
    settle(f, AR_DOC_PAY, "A", "PAY1", "2024-03-25", 15000, NULL);
    return f;
}

static void test_metrics_dso_counts_unapplied_credits_in_ar(void **state)
{
    (void)state;
    fx *f = dso_ledger();
    const ar_kpis *k = analyse(f, "2024-03-31");
    assert_int_equal(k->in.ar_d, 135000);
    assert_int_equal(k->in.sales_w, 150000);
    assert_kpi(k->v[AR_KPI_DSO], 1350.0 / 1500.0 * 90); /* 81 */
    fx_free(f);
}

static void test_metrics_best_possible_dso_ignores_credits(void **state)
{
    (void)state;
    fx *f = dso_ledger();
    const ar_kpis *k = analyse(f, "2024-03-31");
    assert_int_equal(k->in.current_d, 50000);
    assert_kpi(k->v[AR_KPI_BEST_DSO], 30.0);
    assert_kpi(k->v[AR_KPI_ADD], 51.0); /* 81 - 30 */
    fx_free(f);
}

static void test_metrics_cei_at_month_end(void **state)
{
    (void)state;
    fx *f = dso_ledger();
    const ar_kpis *k = analyse(f, "2024-03-31");
    /* AR(2024-02-29) = INV1 1000; Sales(S, D] = INV2 500 */
    assert_int_equal(k->in.ar_s, 100000);
    assert_int_equal(k->in.sales_s, 50000);
    /* (1000 + 500 - 1350) / (1000 + 500 - 500) = 15 % */
    assert_kpi(k->v[AR_KPI_CEI], 15.0);
    fx_free(f);
}

static void test_metrics_cei_month_to_date(void **state)
{
    (void)state;
    fx *f = fx_new();
    inv(f, "A", "INV1", "2024-02-01", "2024-03-02", 100000);
    inv(f, "A", "INV2", "2024-03-05", "2024-04-04", 50000);
    inv(f, "A", "INV3", "2024-03-25", "2024-04-24", 70000); /* after D */
    settle(f, AR_DOC_PAY, "A", "PAY1", "2024-03-10", 60000, "INV1");
    settle(f, AR_DOC_PAY, "A", "PAY2", "2024-03-22", 30000, "INV1");
    const ar_kpis *k = analyse(f, "2024-03-20");
    /* S = 2024-02-29: AR(S) = 1000; Sales(S, D] = 500 (INV3 is later);
     * AR(D) = 400 + 500 = 900; Current(D) = INV2 500 */
    assert_int_equal(k->in.ar_s, 100000);
    assert_int_equal(k->in.sales_s, 50000);
    assert_int_equal(k->in.ar_d, 90000);
    assert_int_equal(k->in.current_d, 50000);
    assert_kpi(k->v[AR_KPI_CEI], 60.0);
    /* the trend ends at D itself, after the previous month-end */
    assert_int_equal(k->trend[k->trend_count - 1].date, day("2024-03-20"));
    assert_int_equal(k->trend[k->trend_count - 2].date, day("2024-02-29"));
    fx_free(f);
}

/* ---- collection rate, days to payment, retention --------------------- */

static void test_metrics_collection_rate_by_amount_with_partials(
    void **state)
{
    (void)state;
    fx *f = fx_new();
    /* D = 2024-03-31: items due in (2023-11-17, 2024-02-15] */
    inv(f, "A", "P", "2023-12-01", "2024-01-01", 100000);
    settle(f, AR_DOC_PAY, "A", "P1", "2024-01-20", 40000, "P"); /* in 45 */
    settle(f, AR_DOC_PAY, "A", "P2", "2024-03-01", 60000, "P"); /* 60 d */
    inv(f, "B", "Q", "2024-01-01", "2024-02-01", 50000);
    settle(f, AR_DOC_CRN, "B", "Q1", "2024-02-10", 10000, "Q"); /* counts */
    settle(f, AR_DOC_WO, "B", "Q2", "2024-03-20", 40000, "Q"); /* 48 d */
    inv(f, "B", "R", "2024-01-21", "2024-02-20", 70000); /* due later */
    settle(f, AR_DOC_PAY, "B", "R1", "2024-02-20", 70000, "R");
    const ar_kpis *k = analyse(f, "2024-03-31");
    assert_int_equal(k->in.due_amount, 150000);
    assert_int_equal(k->in.collected_45, 50000);
    assert_kpi(k->v[AR_KPI_COLLECTION_RATE], 500.0 / 1500.0 * 100);
    fx_free(f);
}

static void test_metrics_collection_rate_boundaries(void **state)
{
    (void)state;
    fx *f = fx_new();
    /* due exactly D-45 is in, D-135 is out; paid exactly due+45 counts */
    inv(f, "A", "IN", "2024-01-01", "2024-02-15", 10000);
    settle(f, AR_DOC_PAY, "A", "P1", "2024-03-31", 10000, "IN");
    inv(f, "A", "OUT", "2023-10-01", "2023-11-17", 20000);
    const ar_kpis *k = analyse(f, "2024-03-31");
    assert_int_equal(k->in.due_amount, 10000);
    assert_kpi(k->v[AR_KPI_COLLECTION_RATE], 100.0);
    fx_free(f);
}

static void test_metrics_days_to_payment_mean_of_late_settlements(
    void **state)
{
    (void)state;
    fx *f = fx_new();
    inv(f, "A", "a", "2023-12-11", "2024-01-10", 10000);
    settle(f, AR_DOC_PAY, "A", "pa", "2024-01-20", 10000, "a"); /* 10 */
    inv_settled(f, "A", "b", "2024-01-02", "2024-02-01", 20000,
                "2024-02-16");                                  /* 15 */
    inv(f, "A", "c", "2024-02-01", "2024-03-01", 10000);
    settle(f, AR_DOC_PAY, "A", "pc", "2024-02-25", 10000, "c"); /* early */
    inv_settled(f, "A", "d", "2023-11-01", "2023-12-01", 10000,
                "2023-12-31"); /* late, before W */
    inv(f, "A", "e", "2024-01-01", "2024-01-31", 10000);
    settle(f, AR_DOC_PAY, "A", "pe", "2024-03-01", 5000, "e"); /* partial */
    const ar_kpis *k = analyse(f, "2024-03-31");
    assert_int_equal(k->in.late_count, 2);
    assert_int_equal(k->in.late_days_sum, 25);
    assert_kpi(k->v[AR_KPI_DAYS_TO_PAYMENT], 12.5);
    fx_free(f);
}

static void test_metrics_retention_uses_last_late_settlement(void **state)
{
    (void)state;
    fx *f = fx_new();
    /* D = 2024-12-31: window (2024-01-01, 2024-10-02] */
    inv(f, "A", "A1", "2024-01-31", "2024-03-01", 10000);
    settle(f, AR_DOC_PAY, "A", "PA1", "2024-03-15", 10000, "A1");
    inv(f, "A", "A2", "2024-05-01", "2024-05-31", 10000); /* kept */
    inv(f, "B", "B1", "2024-03-01", "2024-04-01", 10000);
    settle(f, AR_DOC_PAY, "B", "PB1", "2024-04-20", 10000, "B1");
    inv(f, "B", "B2", "2024-04-20", "2024-05-20", 10000); /* same day */
    inv(f, "C", "C1", "2024-09-01", "2024-10-01", 10000);
    settle(f, AR_DOC_PAY, "C", "PC1", "2024-11-01", 10000, "C1"); /* late */
    inv(f, "D", "D1", "2024-03-01", "2024-04-01", 10000);
    settle(f, AR_DOC_PAY, "D", "PD1", "2024-03-20", 10000, "D1"); /* ok */
    inv(f, "E", "E1", "2024-01-01", "2024-01-20", 10000);
    settle(f, AR_DOC_PAY, "E", "PE1", "2024-02-01", 10000, "E1");
    inv(f, "E", "E2", "2024-03-01", "2024-05-01", 10000);
    settle(f, AR_DOC_PAY, "E", "PE2", "2024-06-01", 10000, "E2");
    const ar_kpis *k = analyse(f, "2024-12-31");
    assert_int_equal(k->in.retention_base, 3); /* A, B, E */
    assert_int_equal(k->in.retention_kept, 1); /* A */
    assert_kpi(k->v[AR_KPI_RETENTION], 100.0 / 3);
    fx_free(f);
}

/* ---- cost per recovery ---------------------------------------------- */

/* D = 2024-03-31. X 1000.00 due 2024-01-31: PAY 800.00 on 2024-03-10
 * (late: a recovery) and a credit note of 200.00 (not a recovery);
 * Y 200.00 paid before its due date (not a recovery). */
static fx *recovery_ledger(void)
{
    fx *f = fx_new();
    inv(f, "A", "X", "2024-01-01", "2024-01-31", 100000);
    settle(f, AR_DOC_PAY, "A", "PX", "2024-03-10", 80000, "X");
    settle(f, AR_DOC_CRN, "A", "CX", "2024-03-20", 20000, "X");
    inv(f, "A", "Y", "2024-02-15", "2024-03-15", 20000);
    settle(f, AR_DOC_PAY, "A", "PY", "2024-03-01", 20000, "Y");
    return f;
}

static void test_metrics_cost_per_recovery_without_costs_is_na(void **state)
{
    (void)state;
    fx *f = recovery_ledger();
    const ar_kpis *k = analyse(f, "2024-03-31");
    assert_int_equal(k->in.recovered_w, 80000);
    assert_false(k->in.have_costs);
    assert_na(k->v[AR_KPI_COST_PER_RECOVERY]);
    assert_na(k->cost_total.ratio);
    fx_free(f);
}

static void test_metrics_cost_per_recovery_with_costs(void **state)
{
    (void)state;
    fx *f = recovery_ledger();
    cost(f, "A", "2024-02-15", "letter", 120);
    cost(f, "A", "2024-03-01", "call", 850);
    cost(f, "A", "2023-12-01", "letter", 500); /* before W */
    const ar_kpis *k = analyse(f, "2024-03-31");
    assert_int_equal(k->in.costs_w, 970);
    assert_kpi(k->v[AR_KPI_COST_PER_RECOVERY], 9.70 / 800.0 * 100);
    fx_free(f);
}

static void test_metrics_agency_commission_from_placement_on(void **state)
{
    (void)state;
    fx *f = recovery_ledger();
    f->p.agency_commission_bp = 1500; /* 15 % */
    cost(f, "A", "2024-02-15", "letter", 120);
    cost(f, "A", "2024-03-01", "call", 850);
    cost(f, "A", "2024-03-05", "agency_fee", 5000);
    const ar_kpis *k = analyse(f, "2024-03-31");
    /* placed 2024-03-05, recovered 800.00 on 2024-03-10: 120.00 */
    assert_int_equal(k->in.commission_w, 12000);
    assert_kpi(k->v[AR_KPI_COST_PER_RECOVERY],
               (9.70 + 50.00 + 120.00) / 800.0 * 100);
    fx_free(f);
}

static void test_metrics_no_commission_on_recovery_before_placement(
    void **state)
{
    (void)state;
    fx *f = recovery_ledger();
    f->p.agency_commission_bp = 1500;
    cost(f, "A", "2024-03-15", "Agency placement", 5000);
    const ar_kpis *k = analyse(f, "2024-03-31");
    assert_int_equal(k->in.commission_w, 0);
    fx_free(f);
}

static void test_metrics_cost_by_stage_of_latest_letter(void **state)
{
    (void)state;
    fx *f = recovery_ledger();
    f->p.agency_commission_bp = 1500;
    letter(f, "A", "2024-02-10", 1);
    letter(f, "A", "2024-03-05", 3);
    letter(f, "A", "2024-03-05", 2); /* same day: the higher stage */
    letter(f, "A", "2024-04-05", 5); /* after D: ignored */
    cost(f, "A", "2024-02-01", "letter", 100);     /* before any letter */
    cost(f, "A", "2024-02-15", "letter", 120);     /* stage 1 */
    cost(f, "A", "2024-03-01", "call", 850);       /* stage 1 */
    cost(f, "A", "2024-03-05", "agency_fee", 5000); /* stage 3, same day */
    const ar_kpis *k = analyse(f, "2024-03-31");
    assert_int_equal(k->by_stage[0].costs, 100);
    assert_int_equal(k->by_stage[0].recovered, 0);
    assert_na(k->by_stage[0].ratio);
    assert_int_equal(k->by_stage[1].costs, 970);
    assert_int_equal(k->by_stage[1].cost_rows, 2);
    assert_na(k->by_stage[1].ratio); /* nothing recovered at stage 1 */
    assert_int_equal(k->by_stage[3].costs, 5000);
    assert_int_equal(k->by_stage[3].recovered, 80000);
    assert_int_equal(k->by_stage[3].commission, 12000);
    assert_kpi(k->by_stage[3].ratio, (50.0 + 120.0) / 800.0 * 100);
    assert_int_equal(k->by_stage[5].cost_rows, 0);
    /* the stages add up to the KPI */
    assert_int_equal(k->cost_total.costs, k->in.costs_w);
    assert_int_equal(k->cost_total.recovered, k->in.recovered_w);
    assert_int_equal(k->cost_total.commission, k->in.commission_w);
    assert_kpi(k->cost_total.ratio, k->v[AR_KPI_COST_PER_RECOVERY].value);
    fx_free(f);
}

/* ---- empty windows --------------------------------------------------- */

static void test_metrics_empty_windows_are_na_never_zero(void **state)
{
    (void)state;
    fx *f = fx_new();
    inv(f, "A", "OLD", "2020-01-01", "2020-01-31", 10000);
    settle(f, AR_DOC_PAY, "A", "P", "2020-01-15", 10000, "OLD");
    cost(f, "A", "2020-01-10", "letter", 120);
    const ar_kpis *k = analyse(f, "2024-03-31");
    for (int id = 0; id < AR_KPI_COUNT_; id++)
        assert_na(k->v[id]);
    for (int t = 0; t < AR_TIER_COUNT_; t++)
        for (int id = 0; id < AR_KPI_COUNT_; id++)
            assert_na(k->by_tier[t][id]);
    assert_na(k->concentration);
    assert_int_equal(k->top_count, 0);
    fx_free(f);
}

/* ---- by tier --------------------------------------------------------- */

static void test_metrics_by_tier_splits_clients(void **state)
{
    (void)state;
    fx *f = fx_new();
    segment(f, "V", AR_TIER_VIP);
    segment(f, "S", AR_TIER_STANDARD);
    segment(f, "H", AR_TIER_HIGH_RISK);
    /* VIP: 600 sales in W, 300 open past due; Standard: 400 sales, all
     * paid; High-Risk: nothing in W */
    inv(f, "V", "V1", "2024-01-10", "2024-02-09", 60000);
    settle(f, AR_DOC_PAY, "V", "PV", "2024-02-01", 30000, "V1");
    inv(f, "S", "S1", "2024-02-10", "2024-03-11", 40000);
    settle(f, AR_DOC_PAY, "S", "PS", "2024-03-01", 40000, "S1");
    inv(f, "H", "H1", "2023-06-01", "2023-07-01", 10000);
    settle(f, AR_DOC_PAY, "H", "PH", "2023-07-01", 10000, "H1");
    const ar_kpis *k = analyse(f, "2024-03-31");
    assert_kpi(k->v[AR_KPI_DSO], 300.0 / 1000.0 * 90);
    assert_kpi(k->by_tier[AR_TIER_VIP][AR_KPI_DSO], 300.0 / 600.0 * 90);
    assert_kpi(k->by_tier[AR_TIER_STANDARD][AR_KPI_DSO], 0.0);
    assert_na(k->by_tier[AR_TIER_HIGH_RISK][AR_KPI_DSO]);
    /* every input is a sum over the tiers */
    ar_cents ar = 0, sales = 0;
    for (int t = 0; t < AR_TIER_COUNT_; t++) {
        ar += k->tier_in[t].ar_d;
        sales += k->tier_in[t].sales_w;
    }
    assert_int_equal(ar, k->in.ar_d);
    assert_int_equal(sales, k->in.sales_w);
    fx_free(f);
}

/* ---- trend ------------------------------------------------------------ */

/* 13 by default: D and the same month a year before (the dashboard's
 * change on a year) */
static void test_metrics_trend_has_thirteen_month_ends(void **state)
{
    (void)state;
    fx *f = dso_ledger();
    const ar_kpis *k = analyse(f, "2024-03-31");
    static const char *const want[13] = {
        "2023-03-31", "2023-04-30", "2023-05-31", "2023-06-30",
        "2023-07-31", "2023-08-31", "2023-09-30", "2023-10-31",
        "2023-11-30", "2023-12-31", "2024-01-31", "2024-02-29",
        "2024-03-31"};
    assert_int_equal(k->trend_count, 13);
    for (int i = 0; i < 13; i++)
        assert_int_equal(k->trend[i].date, day(want[i]));
    /* the last point is the KPI sheet's */
    for (int id = 0; id < AR_KPI_COUNT_; id++) {
        assert_int_equal(k->trend[12].v[id].defined, k->v[id].defined);
        if (k->v[id].defined)
            assert_true(k->trend[12].v[id].value == k->v[id].value);
    }
    fx_free(f);
}

static void test_metrics_trend_months_follows_policy(void **state)
{
    (void)state;
    fx *f = dso_ledger();
    f->p.trend_months = 3;
    const ar_kpis *k = analyse(f, "2024-03-31");
    assert_int_equal(k->trend_count, 3);
    assert_int_equal(k->trend[0].date, day("2024-01-31"));
    fx_free(f);
}

/* A ledger with some of everything over 15 months, for comparing each
 * trend point with a full analysis at that date. */
static void busy_ledger(fx *f)
{
    static const char *const cl[] = {"A", "B", "C", "D"};
    char no[32], pno[32], d0[16], d1[16], d2[16];
    f->p.agency_commission_bp = 1000; /* B is placed from 2023-10-01 */
    for (int i = 0; i < 60; i++) {
        ar_date doc = day("2023-01-03") + i * 7;
        ar_date due = doc + 30;
        ar_date paid = due + (i % 5) * 9 - 10;
        snprintf(no, sizeof no, "I%d", i);
        ar_date_format_iso(doc, d0, sizeof d0);
        ar_date_format_iso(due, d1, sizeof d1);
        ar_date_format_iso(paid, d2, sizeof d2);
        ar_cents amount = 10000 + i * 1234;
        if (i % 7 == 3) {
            inv_settled(f, cl[i % 4], no, d0, d1, amount, d2);
            continue;
        }
        inv(f, cl[i % 4], no, d0, d1, amount);
        snprintf(pno, sizeof pno, "P%d", i);
        if (i % 6 != 5) /* some stay open */
            settle(f, AR_DOC_PAY, cl[i % 4], pno, d2,
                   i % 4 == 1 ? amount / 2 : amount, no);
    }
    /* boundaries: a late settlement exactly 365 days before the
     * 2024-01-31 month-end (outside its retention window), a payment
     * exactly 45 days after the due date (inside the collection rate) */
    inv(f, "E", "E1", "2022-12-11", "2023-01-10", 8000);
    settle(f, AR_DOC_PAY, "E", "PE1", "2023-01-31", 8000, "E1");
    inv(f, "E", "E2", "2023-06-01", "2023-07-01", 8000);
    settle(f, AR_DOC_PAY, "E", "PE2", "2023-06-20", 8000, "E2");
    inv(f, "F", "F1", "2023-09-01", "2023-10-01", 9000);
    settle(f, AR_DOC_PAY, "F", "PF1", "2023-11-15", 9000, "F1");
    settle(f, AR_DOC_PAY, "B", "U1", "2023-06-10", 5000, NULL);
    settle(f, AR_DOC_CRN, "C", "U2", "2023-09-10", 7000, "NOPE");
    settle(f, AR_DOC_WO, "D", "W1", "2023-11-10", 3000, "I3");
    cost(f, "A", "2023-08-01", "letter", 120);
    cost(f, "B", "2023-10-01", "agency_fee", 9500);
    cost(f, "C", "2024-01-15", "call", 850);
}

static void assert_point_equal(const ar_kpi_point *got,
                               const ar_kpis *want)
{
    const ar_kpi_inputs *g = &got->in, *w = &want->in;
    char d[16];
    ar_date_format_iso(got->date, d, sizeof d);
    if (g->ar_d != w->ar_d || g->current_d != w->current_d ||
        g->sales_w != w->sales_w || g->ar_s != w->ar_s ||
        g->sales_s != w->sales_s || g->due_amount != w->due_amount ||
        g->collected_45 != w->collected_45 ||
        g->late_days_sum != w->late_days_sum ||
        g->late_count != w->late_count ||
        g->retention_base != w->retention_base ||
        g->retention_kept != w->retention_kept ||
        g->costs_w != w->costs_w || g->commission_w != w->commission_w ||
        g->recovered_w != w->recovered_w)
        fail_msg("trend point %s differs from an analysis as of %s "
                 "(AR %lld/%lld current %lld/%lld due %lld/%lld coll "
                 "%lld/%lld late %u/%u ret %u/%u rec %lld/%lld)",
                 d, d, (long long)g->ar_d, (long long)w->ar_d,
                 (long long)g->current_d, (long long)w->current_d,
                 (long long)g->due_amount, (long long)w->due_amount,
                 (long long)g->collected_45, (long long)w->collected_45,
                 g->late_count, w->late_count, g->retention_base,
                 w->retention_base, (long long)g->recovered_w,
                 (long long)w->recovered_w);
    /* the dashboard's aging at each month-end */
    for (int b = 0; b < AR_MAX_BUCKETS; b++)
        if (g->buckets[b] != w->buckets[b])
            fail_msg("trend point %s: bucket %d is %lld, an analysis as of "
                     "that date has %lld",
                     d, b, (long long)g->buckets[b], (long long)w->buckets[b]);
    assert_int_equal(g->over_days, w->over_days);
    for (int id = 0; id < AR_KPI_COUNT_; id++) {
        assert_int_equal(got->v[id].defined, want->v[id].defined);
        if (want->v[id].defined)
            assert_true(got->v[id].value == want->v[id].value);
    }
}

/* Each trend point equals a full analysis as of its date. */
static void check_trend_against_full_runs(fx *f, const char *as_of)
{
    const ar_kpis *k = analyse(f, as_of);
    int n = k->trend_count;
    ar_kpi_point pts[AR_TREND_MAX];
    memcpy(pts, k->trend, sizeof pts);
    for (int i = 0; i < n; i++) {
        char d[16];
        ar_date_format_iso(pts[i].date, d, sizeof d);
        const ar_kpis *at = analyse(f, d);
        assert_point_equal(&pts[i], at);
        /* and the aging at that date is the aging workbook's */
        const ar_totals *t = f->a.totals_count ? &f->a.totals[0] : NULL;
        ar_cents over = 0;
        for (int b = 0; t && b < f->p.bucket_count; b++) {
            assert_int_equal(pts[i].in.buckets[b], t->buckets[b]);
            if (f->p.buckets[b].min_days > AR_KPI_OVER_DAYS)
                over += t->buckets[b];
        }
        if (t)
            assert_int_equal(pts[i].in.over_days, over);
    }
}

static void test_metrics_trend_points_equal_analyses_at_month_ends(
    void **state)
{
    (void)state;
    fx *f = fx_new();
    busy_ledger(f);
    check_trend_against_full_runs(f, "2024-03-31");
    check_trend_against_full_runs(f, "2024-02-17"); /* not a month-end */
    fx_free(f);
}

static void test_metrics_trend_exact_with_apply_unapplied_oldest(
    void **state)
{
    (void)state;
    fx *f = fx_new();
    f->p.apply_unapplied_oldest = true;
    busy_ledger(f);
    check_trend_against_full_runs(f, "2024-03-31");
    fx_free(f);
}

static void test_metrics_trend_exact_with_payment_before_invoice(
    void **state)
{
    (void)state;
    fx *f = fx_new();
    busy_ledger(f);
    /* paid in February against an invoice dated in March: a credit at
     * the end of February, applied from March on */
    settle(f, AR_DOC_PAY, "A", "EARLY", "2024-02-10", 25000, "LATE");
    inv(f, "A", "LATE", "2024-03-05", "2024-04-04", 25000);
    /* a debit note dated the day after a month-end but due before it,
     * paid before it existed: settled 10 days late as of D, yet as of
     * 2024-01-31 only an unapplied credit */
    settle(f, AR_DOC_PAY, "A", "EARLY2", "2024-01-20", 12000, "DEBX");
    add(f, AR_DOC_DEB, "A", "DEBX", "2024-02-01", "2024-01-10", 12000, NULL,
        NULL);
    check_trend_against_full_runs(f, "2024-03-31");
    fx_free(f);
}

/* An invoice-register row settled before its own date (an export can
 * say so): as of a month-end between the two it does not exist yet, and
 * its settlement cannot have taken from it. The month-end after both
 * must open with that AR (before, the one pass booked the payment at the
 * earlier date, and only a point settled again had AR right). */
static void test_metrics_trend_exact_with_settled_before_issued(
    void **state)
{
    (void)state;
    fx *f = fx_new();
    busy_ledger(f);
    inv_settled(f, "A", "BACK", "2024-02-15", "2024-03-01", 40000,
                "2024-01-20");
    check_trend_against_full_runs(f, "2024-03-31");
    fx_free(f);
}

/* SPEC §2.6 clearing (SAP Clearing date, BC Closed at Date): the
 * invoice and the payment or credit that cleared it carry the same
 * settled_date. Until then the payment is an unapplied credit; from then
 * on it is none, and the invoice is paid. The one pass booked the
 * payment's credit and the invoice's payment both and never gave the
 * credit back: AR at every later month-end fell short by every cleared
 * payment (CEI 116 % on the samples as SAP or BC exports). */
static void test_metrics_trend_exact_with_cleared_credits(void **state)
{
    (void)state;
    fx *f = fx_new();
    busy_ledger(f);
    inv_settled(f, "A", "CL1", "2023-11-10", "2023-12-10", 30000,
                "2024-01-15");
    add(f, AR_DOC_PAY, "A", "CP1", "2023-12-20", NULL, 20000, NULL,
        "2024-01-15");
    add(f, AR_DOC_CRN, "A", "CC1", "2023-11-20", NULL, 10000, NULL,
        "2024-01-15");
    /* cleared on the day it was posted, and one cleared only after D */
    inv_settled(f, "B", "CL2", "2024-02-05", "2024-03-06", 5000,
                "2024-02-05");
    add(f, AR_DOC_PAY, "B", "CP2", "2024-02-05", NULL, 5000, NULL,
        "2024-02-05");
    inv_settled(f, "C", "CL3", "2024-02-10", "2024-03-11", 7000,
                "2024-04-20");
    add(f, AR_DOC_PAY, "C", "CP3", "2024-02-20", NULL, 7000, NULL,
        "2024-04-20");
    /* a cleared payment that also names its invoice: before the
     * clearing date it settles that invoice, from then on it is consumed */
    inv_settled(f, "D", "CL4", "2023-12-05", "2024-01-04", 9000,
                "2024-02-12");
    add(f, AR_DOC_PAY, "D", "CP4", "2023-12-28", NULL, 9000, "CL4",
        "2024-02-12");
    check_trend_against_full_runs(f, "2024-03-31");
    check_trend_against_full_runs(f, "2024-02-17");
    fx_free(f);
}

/* ---- top debtors ----------------------------------------------------- */

static void test_metrics_top_ten_debtors_and_concentration(void **state)
{
    (void)state;
    fx *f = fx_new();
    char id[8], no[8];
    /* 12 clients owing 100, 200, ... 1200 (C05 and C06 tie at 500) */
    for (int i = 1; i <= 12; i++) {
        snprintf(id, sizeof id, "C%02d", i);
        snprintf(no, sizeof no, "I%02d", i);
        ar_cents v = (i == 6 ? 5 : i) * 10000;
        inv(f, id, no, "2024-01-01", "2024-01-31", v);
    }
    inv(f, "C01", "NOTDUE", "2024-03-15", "2024-04-14", 999999);
    const ar_kpis *k = analyse(f, "2024-03-31");
    assert_int_equal(k->top_count, 10);
    const ar_client *cl = ar_ledger_clients(f->lg);
    const char *first =
        ar_ledger_text(f->lg, cl[f->a.clients[k->top[0].result].client].id);
    assert_string_equal(first, "C12");
    assert_int_equal(k->top[0].overdue, 120000);
    assert_int_equal(k->top[0].max_dpd, 60);
    /* the tie keeps the smaller id first */
    const char *a6 =
        ar_ledger_text(f->lg, cl[f->a.clients[k->top[6].result].client].id);
    const char *a7 =
        ar_ledger_text(f->lg, cl[f->a.clients[k->top[7].result].client].id);
    assert_string_equal(a6, "C05");
    assert_string_equal(a7, "C06");
    /* total overdue 100+...+1200 with 600 -> 500: 7700; top 10 leaves
     * out C01 (100) and C02 (200) */
    assert_int_equal(k->overdue_total, 770000);
    assert_int_equal(k->top_overdue, 740000);
    assert_kpi(k->concentration, 7400.0 / 7700.0 * 100);
    fx_free(f);
}

/* ---- status ---------------------------------------------------------- */

static ar_rag status(const ar_policy *p, ar_kpi_id id, double v)
{
    return ar_kpi_status(p, id, (ar_kpi_value){true, v});
}

static void test_metrics_status_bands_follow_policy(void **state)
{
    (void)state;
    ar_policy p;
    ar_policy_defaults(&p);
    assert_int_equal(status(&p, AR_KPI_CEI, 80.0), AR_RAG_GREEN);
    assert_int_equal(status(&p, AR_KPI_CEI, 79.99), AR_RAG_AMBER);
    assert_int_equal(status(&p, AR_KPI_CEI, 70.0), AR_RAG_AMBER);
    assert_int_equal(status(&p, AR_KPI_CEI, 69.99), AR_RAG_RED);
    assert_int_equal(status(&p, AR_KPI_COLLECTION_RATE, 95.0), AR_RAG_GREEN);
    assert_int_equal(status(&p, AR_KPI_COLLECTION_RATE, 89.0), AR_RAG_RED);
    assert_int_equal(status(&p, AR_KPI_DAYS_TO_PAYMENT, 12.0), AR_RAG_GREEN);
    assert_int_equal(status(&p, AR_KPI_DAYS_TO_PAYMENT, 15.0), AR_RAG_AMBER);
    assert_int_equal(status(&p, AR_KPI_DAYS_TO_PAYMENT, 15.01), AR_RAG_RED);
    assert_int_equal(status(&p, AR_KPI_RETENTION, 80.0), AR_RAG_GREEN);
    /* seed 002: "< 5 %": exactly 5 is not green */
    assert_int_equal(status(&p, AR_KPI_COST_PER_RECOVERY, 4.99),
                     AR_RAG_GREEN);
    assert_int_equal(status(&p, AR_KPI_COST_PER_RECOVERY, 5.0), AR_RAG_AMBER);
    assert_int_equal(status(&p, AR_KPI_COST_PER_RECOVERY, 7.5), AR_RAG_AMBER);
    assert_int_equal(status(&p, AR_KPI_COST_PER_RECOVERY, 7.51), AR_RAG_RED);
    assert_int_equal(status(&p, AR_KPI_DSO, 500.0), AR_RAG_NONE);
    assert_int_equal(ar_kpi_status(&p, AR_KPI_CEI, (ar_kpi_value){false, 0}),
                     AR_RAG_NONE);
    p.cei_target_bp = 9000;
    assert_int_equal(status(&p, AR_KPI_CEI, 85.0), AR_RAG_AMBER);
}

/* ---- open-balance exports (SPEC §2.6) ---------------------------------- */

/* A year of invoices of two clients, most paid 10 days late, the last
 * two months open, and a cost: every KPI has data at D and before. */
static fx *year_ledger(void)
{
    fx *f = fx_new();
    static const char *const clients[] = {"A", "B"};
    for (int c = 0; c < 2; c++)
        for (int m = 1; m <= 12; m++) {
            char no[16], pno[16], date[16], due[16], paid[16];
            snprintf(no, sizeof no, "%s-%02d", clients[c], m);
            snprintf(pno, sizeof pno, "P%s-%02d", clients[c], m);
            snprintf(date, sizeof date, "2024-%02d-01", m);
            snprintf(due, sizeof due, "2024-%02d-28", m);
            inv(f, clients[c], no, date, due, 100000 + 1000 * m);
            if (m > 10)
                continue;
            snprintf(paid, sizeof paid, "2024-%02d-08", m + 1);
            settle(f, AR_DOC_PAY, clients[c], pno, paid, 100000 + 1000 * m,
                   no);
        }
    cost(f, "A", "2024-11-15", "letter", 500);
    return f;
}

static void test_metrics_open_balances_make_settlement_kpis_na(void **state)
{
    (void)state;
    /* the same ledger read as a register: every KPI defined */
    fx *f = year_ledger();
    const ar_kpis *k = analyse(f, "2024-12-31");
    for (int id = 0; id < AR_KPI_COUNT_; id++)
        if (!k->v[id].defined)
            fail_msg("%s is n/a on the register", ar_kpi_key((ar_kpi_id)id));
    assert_true(k->trend_count >= 2);
    assert_true(k->trend[k->trend_count - 2].v[AR_KPI_CEI].defined);
    assert_true(k->trend[k->trend_count - 2].v[AR_KPI_DSO].defined);
    fx_free(f);

    f = year_ledger();
    ar_ledger_set_open_balances(f->lg);
    k = analyse(f, "2024-12-31");
    for (int id = 0; id < AR_KPI_COUNT_; id++) {
        bool needs = ar_kpi_needs_settlement_dates((ar_kpi_id)id);
        assert_int_equal(k->v[id].defined, !needs);
        assert_int_equal(k->trend[k->trend_count - 1].v[id].defined, !needs);
        /* as of a month-end before D the export says nothing true */
        for (int t = 0; t + 1 < k->trend_count; t++)
            assert_false(k->trend[t].v[id].defined);
    }
    assert_true(ar_kpi_needs_settlement_dates(AR_KPI_CEI));
    assert_true(ar_kpi_needs_settlement_dates(AR_KPI_COLLECTION_RATE));
    assert_true(ar_kpi_needs_settlement_dates(AR_KPI_DAYS_TO_PAYMENT));
    assert_true(ar_kpi_needs_settlement_dates(AR_KPI_RETENTION));
    assert_true(ar_kpi_needs_settlement_dates(AR_KPI_COST_PER_RECOVERY));
    assert_false(ar_kpi_needs_settlement_dates(AR_KPI_DSO));
    /* DSO at D stays what the register gives */
    assert_int_equal(k->in.ar_d, 111000 + 112000 + 111000 + 112000);
    assert_true(k->v[AR_KPI_DSO].defined);
    for (int t = 0; t < AR_TIER_COUNT_; t++)
        assert_na(k->by_tier[t][AR_KPI_CEI]);
    assert_na(k->cost_total.ratio);
    fx_free(f);
}

static void test_metrics_kpi_keys_match_run_json(void **state)
{
    (void)state;
    assert_string_equal(ar_kpi_key(AR_KPI_DSO), "dso");
    assert_string_equal(ar_kpi_key(AR_KPI_BEST_DSO), "best_possible_dso");
    assert_string_equal(ar_kpi_key(AR_KPI_ADD), "add");
    assert_string_equal(ar_kpi_key(AR_KPI_CEI), "cei");
    assert_string_equal(ar_kpi_key(AR_KPI_COLLECTION_RATE),
                        "collection_rate_45");
    assert_string_equal(ar_kpi_key(AR_KPI_DAYS_TO_PAYMENT),
                        "days_to_payment");
    assert_string_equal(ar_kpi_key(AR_KPI_RETENTION), "retention");
    assert_string_equal(ar_kpi_key(AR_KPI_COST_PER_RECOVERY),
                        "cost_per_recovery");
}

/* SPEC §8.23: a zero denominator gives n/a, never 0; otherwise num x
 * scale / den, rounded once (a negative numerator stays negative). */
static void test_metrics_ratio_zero_denominator_is_na(void **state)
{
    (void)state;
    ar_kpi_value v = ar_kpi_ratio(0, 0, 100);
    assert_false(v.defined);
    assert_true(v.value == 0);
    v = ar_kpi_ratio(1, 3, 100);
    assert_true(v.defined);
    assert_true(v.value == 100.0 / 3.0);
    v = ar_kpi_ratio(-50, 200, 30);
    assert_true(v.defined && v.value == -7.5);
}

/* ar_metrics_settles_again: a run frees the applies_to targets before the
 * KPIs when it is false, so it must be true whenever the trend settles
 * again at an earlier month-end. */
static void test_metrics_settles_again_only_for_uncut_month_ends(void **state)
{
    (void)state;
    fx *f = dso_ledger();
    analyse(f, "2024-03-31");
    assert_false(ar_metrics_settles_again(&f->a));
    fx_free(f);

    /* paid on 2024-01-20 for an invoice of 2024-02-10: as of January's
     * month-end the payment is a credit, not an application */
    f = fx_new();
    inv(f, "A", "INV1", "2024-02-10", "2024-03-10", 100000);
    settle(f, AR_DOC_PAY, "A", "PAY1", "2024-01-20", 40000, "INV1");
    analyse(f, "2024-03-31");
    assert_true(ar_metrics_settles_again(&f->a));
    fx_free(f);

    /* the same with apply_unapplied = oldest: every point settles again */
    f = dso_ledger();
    f->p.apply_unapplied_oldest = true;
    analyse(f, "2024-03-31");
    assert_true(ar_metrics_settles_again(&f->a));
    fx_free(f);
}

/* ---- the row inputs add up over client partitions (fold.c) -------- */

/* Clients A, B and C, with what each kind of KPI input reads: late and
 * early payments, a payment dated before its invoice (the trend settles
 * again at a month-end), a settled_date invoice, an agency placement and
 * a recovery after it, letters, a forced tier and an unapplied credit.
 * Only the clients named in `only` are added. */
static void three_clients(fx *f, const char *only)
{
    if (strchr(only, 'A')) {
        inv(f, "A", "A1", "2024-01-10", "2024-02-09", 100000);
        settle(f, AR_DOC_PAY, "A", "PA1", "2024-03-05", 100000, "A1");
        inv(f, "A", "A2", "2024-03-01", "2024-03-31", 50000);
        inv(f, "A", "A3", "2023-12-01", "2023-12-31", 30000);
        settle(f, AR_DOC_PAY, "A", "PA3", "2024-02-10", 30000, "A3");
        letter(f, "A", "2024-01-20", 1);
        cost(f, "A", "2024-01-25", "agency placement", 5000);
    }
    if (strchr(only, 'B')) {
        inv(f, "B", "B1", "2023-11-01", "2023-11-30", 200000);
        settle(f, AR_DOC_PAY, "B", "PB2", "2023-10-20", 50000, "B2");
        inv(f, "B", "B2", "2023-11-05", "2023-12-05", 50000);
        settle(f, AR_DOC_PAY, "B", "PB1", "2024-01-20", 200000, "B1");
        inv_settled(f, "B", "B3", "2024-02-01", "2024-02-15", 70000,
                    "2024-03-20");
        letter(f, "B", "2024-01-05", 2);
    }
    if (strchr(only, 'C')) {
        segment(f, "C", AR_TIER_VIP);
        inv(f, "C", "C1", "2024-03-25", "2024-04-24", 40000);
        inv(f, "C", "C0", "2023-09-01", "2023-10-01", 25000);
        settle(f, AR_DOC_PAY, "C", "PC0", "2023-09-20", 25000, "C0");
        settle(f, AR_DOC_CRN, "C", "CN1", "2024-03-26", 10000, NULL);
    }
}

static void rows_of(const char *only, ar_kpi_rows *out)
{
    fx *f = fx_new();
    three_clients(f, only);
    ar_ledger_finish(f->lg, "");
    ar_analyse_without_kpis(f->lg, &f->p, day("2024-03-31"), &f->a);
    f->analysed = true;
    /* B's payment of 2023-10-20 for its invoice of 2023-11-05 */
    assert_int_equal(ar_metrics_settles_again(&f->a), strchr(only, 'B') != NULL);
    ar_metrics_rows(&f->a, out);
    fx_free(f);
}

static void assert_inputs_equal(const ar_kpi_inputs *a, const ar_kpi_inputs *b)
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
    assert_int_equal(a->costs_w, b->costs_w);
    assert_int_equal(a->recovered_w, b->recovered_w);
    for (int k = 0; k < AR_MAX_BUCKETS; k++)
        assert_int_equal(a->buckets[k], b->buckets[k]);
    assert_int_equal(a->over_days, b->over_days);
}

/* A large ledger's partitions are analysed one by one and their row
 * inputs added (fold.c): the sum must be what the whole ledger gives,
 * every trend point, every tier at D, every stage. */
static void test_metrics_rows_add_up_over_client_partitions(void **state)
{
    (void)state;
    ar_kpi_rows *whole = test_malloc(sizeof *whole);
    ar_kpi_rows *sum = test_calloc(1, sizeof *sum);
    ar_kpi_rows *part = test_malloc(sizeof *part);
    rows_of("ABC", whole);
    rows_of("A", part);
    ar_kpi_rows_add(sum, part);
    rows_of("BC", part);
    ar_kpi_rows_add(sum, part);
    /* the ledger reaches every kind of input */
    assert_true(whole->trend[11].late_count > 0);
    assert_true(whole->stage_placed[1] > 0);
    assert_true(whole->trend_placed[11] > 0); /* 2024-02-29 */
    assert_true(whole->at_d[1 + AR_TIER_VIP].ar_d != 0);
    for (int k = 0; k < AR_TREND_MAX; k++) {
        assert_inputs_equal(&whole->trend[k], &sum->trend[k]);
        assert_int_equal(whole->trend_placed[k], sum->trend_placed[k]);
    }
    for (int g = 0; g <= AR_TIER_COUNT_; g++) {
        assert_inputs_equal(&whole->at_d[g], &sum->at_d[g]);
        assert_int_equal(whole->placed_d[g], sum->placed_d[g]);
    }
    for (int st = 0; st <= AR_STAGES; st++) {
        assert_int_equal(whole->by_stage[st].recovered,
                         sum->by_stage[st].recovered);
        assert_int_equal(whole->by_stage[st].recoveries,
                         sum->by_stage[st].recoveries);
        assert_int_equal(whole->stage_placed[st], sum->stage_placed[st]);
    }
    for (int t = 0; t < AR_TIER_COUNT_; t++) {
        assert_int_equal(whole->by_tier[t].recovered,
                         sum->by_tier[t].recovered);
        assert_int_equal(whole->tier_placed[t], sum->tier_placed[t]);
    }
    test_free(whole);
    test_free(sum);
    test_free(part);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metrics_settles_again_only_for_uncut_month_ends),
        cmocka_unit_test(test_metrics_dso_counts_unapplied_credits_in_ar),
        cmocka_unit_test(test_metrics_best_possible_dso_ignores_credits),
        cmocka_unit_test(test_metrics_cei_at_month_end),
        cmocka_unit_test(test_metrics_cei_month_to_date),
        cmocka_unit_test(
            test_metrics_collection_rate_by_amount_with_partials),
        cmocka_unit_test(test_metrics_collection_rate_boundaries),
        cmocka_unit_test(
            test_metrics_days_to_payment_mean_of_late_settlements),
        cmocka_unit_test(test_metrics_retention_uses_last_late_settlement),
        cmocka_unit_test(test_metrics_cost_per_recovery_without_costs_is_na),
        cmocka_unit_test(test_metrics_cost_per_recovery_with_costs),
        cmocka_unit_test(test_metrics_agency_commission_from_placement_on),
        cmocka_unit_test(
            test_metrics_no_commission_on_recovery_before_placement),
        cmocka_unit_test(test_metrics_cost_by_stage_of_latest_letter),
        cmocka_unit_test(test_metrics_empty_windows_are_na_never_zero),
        cmocka_unit_test(test_metrics_by_tier_splits_clients),
        cmocka_unit_test(test_metrics_trend_has_thirteen_month_ends),
        cmocka_unit_test(test_metrics_trend_months_follows_policy),
        cmocka_unit_test(
            test_metrics_trend_points_equal_analyses_at_month_ends),
        cmocka_unit_test(test_metrics_trend_exact_with_settled_before_issued),
        cmocka_unit_test(test_metrics_trend_exact_with_cleared_credits),
        cmocka_unit_test(
            test_metrics_trend_exact_with_apply_unapplied_oldest),
        cmocka_unit_test(
            test_metrics_trend_exact_with_payment_before_invoice),
        cmocka_unit_test(test_metrics_top_ten_debtors_and_concentration),
        cmocka_unit_test(test_metrics_status_bands_follow_policy),
        cmocka_unit_test(test_metrics_open_balances_make_settlement_kpis_na),
        cmocka_unit_test(test_metrics_kpi_keys_match_run_json),
        cmocka_unit_test(test_metrics_ratio_zero_denominator_is_na),
        cmocka_unit_test(test_metrics_rows_add_up_over_client_partitions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
