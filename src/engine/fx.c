/* fx.c - conversion at the --fx rates and the consolidated KPIs (fx.h).
 *
 * README "Currencies": each per-currency total of a figure converts once
 * at its currency's rate, half to even; a consolidated figure is the sum
 * of the converted totals. AR(D) is made of the converted buckets less
 * the converted credits, so the consolidated aging foots to the cent. */
#include "ar/engine/fx.h"

#include <string.h>

static const int64_t ten_to[AR_FX_MAX_SCALE + 1] = {
    1LL,           10LL,           100LL,           1000LL,
    10000LL,       100000LL,       1000000LL,       10000000LL,
    100000000LL,   1000000000LL,   10000000000LL,   100000000000LL,
    1000000000000LL};

bool ar_fx_fraction(const ar_fx_rate *r, int64_t *num, int64_t *den)
{
    if (!r || r->scale < 0 || r->scale > AR_FX_MAX_SCALE)
        return false;
    *num = r->num;
    *den = ten_to[r->scale];
    return true;
}

bool ar_fx_rate_of(const ar_ledger *lg, uint16_t c, int64_t *num,
                   int64_t *den)
{
    if (c == ar_ledger_base_currency(lg)) {
        *num = *den = 1;
        return true;
    }
    return ar_fx_fraction(ar_ledger_fx_of(lg, c), num, den);
}

ar_cents ar_fx_convert(const ar_ledger *lg, uint16_t c, ar_cents v)
{
    int64_t num, den;
    if (!ar_fx_rate_of(lg, c, &num, &den))
        return 0; /* not reached: the caller checked the rate */
    return ar_cents_muldiv_even(v, num, den);
}

static bool no_data(const ar_kpi_inputs *x, ar_cents placed)
{
    static const ar_kpi_inputs zero;
    return memcmp(x, &zero, sizeof zero) == 0 && placed == 0;
}

/* Every cost row in W: with rates every currency's recoveries count,
 * and so every cost (SPEC §8.22). */
static ar_cents all_costs(const ar_analysis *a)
{
    ar_date from = a->as_of - a->policy->kpi_window_days;
    const ar_cost *costs = ar_ledger_costs(a->ledger);
    ar_cents sum = 0;
    for (size_t k = 0; k < ar_ledger_cost_count(a->ledger); k++)
        if (costs[k].date > from && costs[k].date <= a->as_of)
            sum += costs[k].cost;
    return sum;
}

void ar_fx_add(ar_kpi_inputs *sum, ar_cents *credits, ar_cents *placed,
               const ar_kpi_inputs *x, ar_cents x_placed, int64_t num,
               int64_t den)
{
#define CONVERT(v) ar_cents_muldiv_even((v), num, den)
    ar_cents open = 0;
    for (int b = 0; b < AR_MAX_BUCKETS; b++) {
        sum->buckets[b] += CONVERT(x->buckets[b]);
        open += x->buckets[b];
    }
    *credits += CONVERT(open - x->ar_d); /* unapplied, positive */
    sum->over_days += CONVERT(x->over_days);
    sum->ar_s += CONVERT(x->ar_s);
    sum->sales_w += CONVERT(x->sales_w);
    sum->sales_s += CONVERT(x->sales_s);
    sum->due_amount += CONVERT(x->due_amount);
    sum->collected_45 += CONVERT(x->collected_45);
    sum->recovered_w += CONVERT(x->recovered_w);
    *placed += CONVERT(x_placed);
#undef CONVERT
    sum->late_days_sum += x->late_days_sum;
    sum->late_count += x->late_count;
}

void ar_fx_finish(ar_kpi_inputs *sum, ar_cents credits)
{
    ar_cents open = 0;
    for (int b = 0; b < AR_MAX_BUCKETS; b++)
        open += sum->buckets[b];
    sum->ar_d = open - credits;
    sum->current_d = sum->buckets[0]; /* SPEC §8.20: due on or after D */
}

void ar_kpi_consolidate(const ar_analysis *a, const ar_kpi_rows *rows,
                        ar_kpis *out)
{
    const ar_ledger *lg = a->ledger;
    const ar_policy *p = a->policy;
    ar_kpi_consolidated *k = &out->cons;
    memset(k, 0, sizeof *k);
    if (!ar_ledger_fx_loaded(lg))
        return;
    size_t ncur = ar_ledger_currency_count(lg);
    if (ncur > AR_KPI_CURRENCIES) {
        k->why_not = "the ledger has more currencies than arbatch "
                     "consolidates (64)";
        return;
    }
    ar_kpi_inputs *in = &k->in;
    ar_cents credits = 0;
    for (uint16_t c = 0; c < ncur; c++) {
        const ar_kpi_inputs *x = &rows->cur_d[c];
        if (no_data(x, rows->cur_placed[c]))
            continue;
        int64_t num, den;
        if (!ar_fx_rate_of(lg, c, &num, &den)) {
            k->why_not = "a currency of the ledger has no rate";
            return;
        }
        k->cur[c] = *x;
        k->cur_placed[c] = rows->cur_placed[c];
        ar_fx_add(in, &credits, &k->placed, x, rows->cur_placed[c], num,
                  den);
    }
    ar_fx_finish(in, credits);
    k->unapplied = credits;
    in->retention_base = rows->retention_base_all;
    in->retention_kept = rows->retention_kept_all;
    in->have_costs = ar_ledger_costs_loaded(lg);
    in->costs_w = all_costs(a);
    in->commission_w =
        ar_cents_muldiv(k->placed, p->agency_commission_bp, 10000);
    ar_kpi_evaluate(p, in, k->v);
    if (ar_ledger_open_balances(lg)) /* SPEC §2.6, as metrics.c */
        for (int id = 0; id < AR_KPI_COUNT_; id++)
            if (ar_kpi_needs_settlement_dates((ar_kpi_id)id))
                k->v[id].defined = false;
    k->currency_count = (uint16_t)ncur;
    k->available = true;
}
