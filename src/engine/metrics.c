/* metrics.c - the KPIs of SPEC §4 from exact cents: at the as-of date D,
 * by risk tier, as a trend over month-ends, cost per recovery by dunning
 * stage and tier, and the top debtors. Base currency only (SPEC §8.23);
 * a ratio with a zero denominator is n/a, never 0.
 *
 * The entry of the KPI files: the rows' inputs come from the trend
 * (trend.c), the gather at D (kpi_gather.c) and the recoveries by stage
 * (recovery.c), or from a folded ledger's summary; this file completes
 * them with the costs file and the commissions and evaluates them. */
#include "ar/engine/metrics.h"
#include "ar/engine/fx.h"
#include "ar/engine/kpi_gather.h"
#include "ar/engine/recovery.h"
#include "ar/engine/trend.h"

#include <stdlib.h>
#include <string.h>

/* The costs-file rows dated in the KPI window ending at to, per group:
 * those that count (SPEC §8.22, kpi_gather.h), and into *left (unless
 * NULL) those left out. */
static void costs_by_group(const ar_kpi_ctx *c, ar_date to,
                           ar_cents out[AR_KPI_GROUPS],
                           ar_kpi_coverage *left)
{
    ar_date from = to - c->p->kpi_window_days;
    const ar_cost *costs = ar_ledger_costs(c->lg);
    memset(out, 0, AR_KPI_GROUPS * sizeof *out);
    for (size_t k = 0; k < ar_ledger_cost_count(c->lg); k++) {
        const ar_cost *cs = &costs[k];
        if (cs->date <= from || cs->date > to)
            continue;
        if (!c->cost_counts || c->cost_counts[cs->client]) {
            out[c->group[cs->client]] += cs->cost;
        } else if (left) {
            left->cost_rows_left_out++;
            left->costs_left_out += cs->cost;
        }
    }
}

/* A point's inputs completed: the costs in its window and the agency's
 * commission on the placed recoveries. */
static void complete(const ar_kpi_ctx *c, ar_kpi_inputs *x, ar_cents costs,
                     ar_cents placed)
{
    x->costs_w = costs;
    x->have_costs = ar_ledger_costs_loaded(c->lg);
    x->commission_w =
        ar_cents_muldiv(placed, c->p->agency_commission_bp, 10000);
}

/* ---- top debtors ----------------------------------------------------- */

/* The largest overdue balances in the base currency: open items >= 1 day
 * past due, disputed ones included (the aging's past-due buckets). */
static void top_debtors(const ar_analysis *a, uint16_t base, ar_kpis *out)
{
    const ar_doc *docs = ar_ledger_docs(a->ledger);
    const ar_totals *t = ar_analysis_totals(a, base);
    if (t)
        out->overdue_total = t->open - t->buckets[0];
    for (size_t r = 0; r < a->client_count; r++) {
        const ar_client_result *cr = &a->clients[r];
        ar_debtor d = {(uint32_t)r, 0, 0, 0};
        for (uint32_t k = 0; k < cr->open_count; k++) {
            uint32_t i = a->open_items[cr->first_open + k];
            int32_t dpd = ar_days_past_due(a, i);
            if (docs[i].currency != base || dpd < 1)
                continue;
            d.overdue += a->settlement.open[i];
            if (docs[i].disputed)
                d.disputed += a->settlement.open[i];
            if (dpd > d.max_dpd)
                d.max_dpd = dpd;
        }
        if (d.overdue <= 0)
            continue;
        /* insert keeping the list sorted; clients come in id order, so a
         * tie keeps the smaller id first */
        int n = out->top_count, j = n;
        while (j > 0 && out->top[j - 1].overdue < d.overdue)
            j--;
        if (j >= AR_TOP_DEBTORS)
            continue;
        if (n == AR_TOP_DEBTORS)
            n--;
        memmove(&out->top[j + 1], &out->top[j],
                (size_t)(n - j) * sizeof out->top[0]);
        out->top[j] = d;
        out->top_count = n + 1;
    }
    for (int k = 0; k < out->top_count; k++)
        out->top_overdue += out->top[k].overdue;
    out->concentration =
        ar_kpi_ratio(out->top_overdue, out->overdue_total, 100);
}

/* SPEC §8.23: what the base-currency KPIs cover, in clients with an open
 * item and open items. */
static void coverage(const ar_analysis *a, uint16_t base,
                     ar_kpi_coverage *cv)
{
    const ar_ledger *lg = a->ledger;
    bool *used = ar_xcalloc(ar_ledger_currency_count(lg) + 1, sizeof *used);
    for (size_t i = 0; i < a->totals_count; i++)
        used[a->totals[i].currency] = true;
    for (size_t c = 0; c < ar_ledger_currency_count(lg); c++)
        cv->currencies += used[c];
    free(used);
    cv->items_all = a->open_item_count;
    for (size_t r = 0; r < a->client_count; r++) {
        const ar_client_result *cr = &a->clients[r];
        bool any = false, in_base = false;
        for (uint32_t k = 0; k < cr->account_count; k++) {
            const ar_account *acc = &a->accounts[cr->first_account + k];
            if (acc->open_items == 0)
                continue;
            any = true;
            if (acc->currency == base) {
                in_base = true;
                cv->items_base += acc->open_items;
            }
        }
        cv->clients_all += any;
        cv->clients_base += in_base;
    }
}

/* The row part of the KPIs comes from the ledger's folded summary: the
 * partitions computed it, and the rows are not all here. */
static const ar_kpi_rows *folded_rows(const ar_analysis *a)
{
    const ar_folded *f = ar_ledger_folded(a->ledger);
    return f ? f->kpi_rows : NULL;
}

bool ar_metrics_settles_again(const ar_analysis *a)
{
    return !folded_rows(a) && ar_trend_settles_again(a);
}

void ar_metrics_rows(const ar_analysis *a, ar_kpi_rows *out)
{
    memset(out, 0, sizeof *out);
    ar_kpi_ctx c;
    ar_kpi_ctx_init(&c, a, true);
    ar_cents ar_at[AR_TREND_MAX + 1][AR_KPI_GROUPS];
    int n = ar_trend_rows(a, &c, out, ar_at);

    /* the point at D, by tier too, from the engine's own settlement */
    ar_cents ar_d[AR_KPI_GROUPS];
    ar_kpi_gather(&c, &a->settlement, a->as_of, ar_at[n - 1], ar_d,
                  out->at_d, out->placed_d, out);
    ar_recovery_rows(a, &c, out);
    ar_kpi_ctx_fini(&c);
}

static void add_recoveries(ar_recovery_cost *to, const ar_recovery_cost *x)
{
    to->recovered += x->recovered;
    to->recoveries += x->recoveries;
}

void ar_kpi_rows_add(ar_kpi_rows *to, const ar_kpi_rows *x)
{
    for (int k = 0; k < AR_TREND_MAX; k++) {
        ar_kpi_inputs_add(&to->trend[k], &x->trend[k]);
        to->trend_placed[k] += x->trend_placed[k];
    }
    for (int g = 0; g < AR_KPI_GROUPS; g++) {
        ar_kpi_inputs_add(&to->at_d[g], &x->at_d[g]);
        to->placed_d[g] += x->placed_d[g];
    }
    for (int k = 0; k <= AR_STAGES; k++) {
        add_recoveries(&to->by_stage[k], &x->by_stage[k]);
        to->stage_placed[k] += x->stage_placed[k];
    }
    for (int t = 0; t < AR_TIER_COUNT_; t++) {
        add_recoveries(&to->by_tier[t], &x->by_tier[t]);
        to->tier_placed[t] += x->tier_placed[t];
    }
    for (int c = 0; c < AR_KPI_CURRENCIES; c++) {
        ar_kpi_inputs_add(&to->cur_d[c], &x->cur_d[c]);
        to->cur_placed[c] += x->cur_placed[c];
    }
    to->retention_base_all += x->retention_base_all;
    to->retention_kept_all += x->retention_kept_all;
}

/* SPEC §2.6: an open-balance export says what is open on the export
 * date, not when anything was settled: the KPIs that need settlement
 * dates are n/a, and so is every month-end before D (AR then is not
 * known). */
static void without_settlement_dates(ar_kpis *out)
{
    for (int k = 0; k < AR_KPI_COUNT_; k++) {
        if (!ar_kpi_needs_settlement_dates((ar_kpi_id)k))
            continue;
        out->v[k].defined = false;
        out->trend[out->trend_count - 1].v[k].defined = false;
        for (int t = 0; t < AR_TIER_COUNT_; t++)
            out->by_tier[t][k].defined = false;
    }
    for (int i = 0; i + 1 < out->trend_count; i++)
        for (int k = 0; k < AR_KPI_COUNT_; k++)
            out->trend[i].v[k].defined = false;
    for (int s = 0; s <= AR_STAGES; s++)
        out->by_stage[s].ratio.defined = false;
    for (int t = 0; t < AR_TIER_COUNT_; t++)
        out->cost_by_tier[t].ratio.defined = false;
    out->cost_total.ratio.defined = false;
}

/* Each currency's row inputs at D as they are, for a group's roll-up. */
static void by_currency(const ar_analysis *a, const ar_kpi_rows *rows,
                        ar_kpi_by_currency *b)
{
    size_t n = ar_ledger_currency_count(a->ledger);
    if (n > AR_KPI_CURRENCIES)
        return;
    b->count = (uint16_t)n;
    memcpy(b->in, rows->cur_d, n * sizeof *b->in);
    memcpy(b->placed, rows->cur_placed, n * sizeof *b->placed);
    b->retention_base_all = rows->retention_base_all;
    b->retention_kept_all = rows->retention_kept_all;
}

void ar_metrics_compute(const ar_analysis *a, ar_kpis *out)
{
    const ar_policy *p = a->policy;
    memset(out, 0, sizeof *out);
    out->as_of = a->as_of;
    ar_kpi_rows *own = NULL;
    const ar_kpi_rows *rows = folded_rows(a);
    if (!rows) {
        own = ar_xmalloc(sizeof *own);
        ar_metrics_rows(a, own);
        rows = own;
    }
    ar_kpi_ctx c;
    ar_kpi_ctx_init(&c, a, false);
    ar_date t[AR_TREND_MAX];
    int n = out->trend_count = ar_trend_dates(a, t);
    ar_cents costs[AR_KPI_GROUPS];
    for (int k = 0; k < n - 1; k++) {
        ar_kpi_point *pt = &out->trend[k];
        ar_cents all = 0;
        costs_by_group(&c, t[k], costs, NULL);
        for (int g = 0; g < AR_KPI_GROUPS; g++)
            all += costs[g];
        pt->date = t[k];
        pt->in = rows->trend[k];
        complete(&c, &pt->in, all, rows->trend_placed[k]);
        ar_kpi_evaluate(p, &pt->in, pt->v);
    }

    /* the point at D, by tier too */
    ar_kpi_point *last = &out->trend[n - 1];
    ar_kpi_inputs g[AR_KPI_GROUPS];
    memcpy(g, rows->at_d, sizeof g);
    costs_by_group(&c, a->as_of, costs, &out->coverage);
    for (int k = 0; k < AR_KPI_GROUPS; k++)
        complete(&c, &g[k], costs[k], rows->placed_d[k]);
    ar_cents placed = ar_kpi_sum_groups(g, rows->placed_d, &last->in);
    complete(&c, &last->in, last->in.costs_w, placed);
    last->date = a->as_of;
    ar_kpi_evaluate(p, &last->in, last->v);
    out->in = last->in;
    memcpy(out->v, last->v, sizeof out->v);
    for (int tr = 0; tr < AR_TIER_COUNT_; tr++) {
        out->tier_in[tr] = g[1 + tr];
        ar_kpi_evaluate(p, &g[1 + tr], out->by_tier[tr]);
    }

    ar_recovery_costs(a, &c, rows, out);
    top_debtors(a, c.base, out);
    coverage(a, c.base, &out->coverage);
    ar_kpi_consolidate(a, rows, out);
    by_currency(a, rows, &out->by_cur);
    ar_kpi_ctx_fini(&c);
    free(own);
    if (ar_ledger_open_balances(a->ledger))
        without_settlement_dates(out);
}

void ar_analyse(const ar_ledger *lg, const ar_policy *p, ar_date as_of,
                ar_analysis *a)
{
    ar_analyse_without_kpis(lg, p, as_of, a);
    ar_metrics_compute(a, &a->kpi);
}
