/* metrics.c - the KPIs of SPEC §4 at one date, from exact cents; a ratio
 * with a zero denominator is n/a (SPEC §8.23). Base currency only. */
#include "ar/analysis.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const kpi_keys[AR_KPI_COUNT_] = {
    [AR_KPI_DSO] = "dso",
    [AR_KPI_BEST_DSO] = "best_possible_dso",
    [AR_KPI_ADD] = "add",
    [AR_KPI_CEI] = "cei",
    [AR_KPI_COLLECTION_RATE] = "collection_rate_45",
    [AR_KPI_DAYS_TO_PAYMENT] = "days_to_payment",
    [AR_KPI_RETENTION] = "retention",
    [AR_KPI_COST_PER_RECOVERY] = "cost_per_recovery",
};

const char *ar_kpi_key(ar_kpi_id k)
{
    return (unsigned)k < AR_KPI_COUNT_ ? kpi_keys[k] : "?";
}

static ar_kpi_value ratio(double num, double den, double scale)
{
    ar_kpi_value v = {false, 0};
    if (den != 0) {
        v.defined = true;
        v.value = num / den * scale;
    }
    return v;
}

/* AR(d) of the base currency from a settlement as of d (SPEC §8.20). */
static ar_cents ar_at(const ar_ledger *lg, const ar_settlement *s,
                      uint16_t base)
{
    const ar_doc *docs = ar_ledger_docs(lg);
    ar_cents sum = 0;
    for (size_t i = 0; i < s->doc_count; i++)
        if (s->open[i] > 0 && docs[i].currency == base)
            sum += s->open[i];
    for (size_t i = 0; i < s->credit_count; i++)
        if (s->credits[i].currency == base)
            sum -= s->credits[i].amount;
    return sum;
}

static bool is_agency_cost(const ar_ledger *lg, const ar_cost *c)
{
    return strcasestr(ar_ledger_text(lg, c->action), "agency") != NULL;
}

void ar_metrics_compute(const ar_analysis *a, ar_kpis *out)
{
    const ar_ledger *lg = a->ledger;
    const ar_policy *p = a->policy;
    const ar_doc *docs = ar_ledger_docs(lg);
    const ar_settlement *s = &a->settlement;
    uint16_t base = ar_ledger_base_currency(lg);
    ar_date D = a->as_of;
    ar_date w_from = D - p->kpi_window_days;            /* W = (w_from, D] */
    ar_date S = ar_date_prev_month_end(D);              /* CEI start */
    ar_date due_from = w_from - p->collection_days;     /* collection rate */
    ar_date due_to = D - p->collection_days;
    ar_date ret_from = D - p->retention_days, ret_to = w_from;
    memset(out, 0, sizeof *out);
    out->as_of = D;
    ar_kpi_inputs *in = &out->in;

    in->ar_d = ar_at(lg, s, base);
    ar_settlement at_s;
    ar_settle(lg, p, S, &at_s);
    in->ar_s = ar_at(lg, &at_s, base);
    ar_settlement_fini(&at_s);

    size_t nc = ar_ledger_client_count(lg);
    ar_date *last_late = ar_xmalloc((nc + 1) * sizeof *last_late);
    ar_date *last_inv = ar_xmalloc((nc + 1) * sizeof *last_inv);
    for (size_t c = 0; c <= nc; c++)
        last_late[c] = last_inv[c] = AR_DATE_NONE;

    for (size_t i = 0; i < s->doc_count; i++) {
        const ar_doc *d = &docs[i];
        if (!ar_doc_is_item((ar_doc_type)d->type) || d->doc_date > D ||
            d->currency != base)
            continue;
        if (d->type == AR_DOC_INV && d->doc_date > last_inv[d->client])
            last_inv[d->client] = d->doc_date;
        if (d->doc_date > w_from)
            in->sales_w += d->amount;
        if (d->doc_date > S)
            in->sales_s += d->amount;
        if (s->open[i] > 0 && d->due_date >= D)
            in->current_d += s->open[i];
        if (d->due_date > due_from && d->due_date <= due_to)
            in->due_amount += d->amount;
        ar_date on = s->settled_on[i];
        if (on == AR_DATE_NONE || on <= d->due_date || d->amount == 0)
            continue; /* only items settled late from here on */
        if (on > w_from && on <= D) {
            in->late_days_sum += on - d->due_date;
            in->late_count++;
        }
        if (on > ret_from && on <= ret_to && on > last_late[d->client])
            last_late[d->client] = on;
    }
    /* SPEC §8.21: every settlement kind counts toward the collection
     * rate, partial ones for their part */
    for (size_t k = 0; k < s->app_count; k++) {
        const ar_application *ap = &s->apps[k];
        const ar_doc *d = &docs[ap->item];
        if (d->currency != base)
            continue;
        if (d->due_date > due_from && d->due_date <= due_to &&
            ap->date <= d->due_date + p->collection_days)
            in->collected_45 += ap->amount;
        /* SPEC §8.22: recovered = cash applied in W after the due date */
        if (ap->kind == AR_DOC_PAY && ap->date > w_from && ap->date <= D &&
            ap->date > d->due_date)
            in->recovered_w += ap->amount;
    }
    for (size_t c = 0; c < nc; c++) {
        if (last_late[c] == AR_DATE_NONE)
            continue;
        in->retention_base++;
        if (last_inv[c] > last_late[c])
            in->retention_kept++;
    }

    in->have_costs = ar_ledger_costs_loaded(lg);
    const ar_cost *costs = ar_ledger_costs(lg);
    bool *placed = ar_xcalloc(nc + 1, sizeof *placed);
    for (size_t k = 0; k < ar_ledger_cost_count(lg); k++) {
        if (costs[k].date > w_from && costs[k].date <= D)
            in->costs_w += costs[k].cost;
        if (costs[k].date <= D && is_agency_cost(lg, &costs[k]))
            placed[costs[k].client] = true;
    }
    /* agency commission on the recoveries of placed accounts */
    ar_cents placed_recovered = 0;
    for (size_t k = 0; k < s->app_count; k++) {
        const ar_application *ap = &s->apps[k];
        const ar_doc *d = &docs[ap->item];
        if (d->currency == base && placed[d->client] &&
            ap->kind == AR_DOC_PAY && ap->date > w_from && ap->date <= D &&
            ap->date > d->due_date)
            placed_recovered += ap->amount;
    }
    in->commission_w =
        ar_cents_muldiv(placed_recovered, p->agency_commission_bp, 10000);
    free(placed);
    free(last_late);
    free(last_inv);

    ar_kpi_value *v = out->v;
    double window = p->kpi_window_days;
    v[AR_KPI_DSO] = ratio((double)in->ar_d, (double)in->sales_w, window);
    v[AR_KPI_BEST_DSO] =
        ratio((double)in->current_d, (double)in->sales_w, window);
    v[AR_KPI_ADD] = ratio((double)(in->ar_d - in->current_d),
                          (double)in->sales_w, window);
    v[AR_KPI_CEI] =
        ratio((double)(in->ar_s + in->sales_s - in->ar_d),
              (double)(in->ar_s + in->sales_s - in->current_d), 100);
    v[AR_KPI_COLLECTION_RATE] =
        ratio((double)in->collected_45, (double)in->due_amount, 100);
    v[AR_KPI_DAYS_TO_PAYMENT] =
        ratio((double)in->late_days_sum, (double)in->late_count, 1);
    v[AR_KPI_RETENTION] = ratio((double)in->retention_kept,
                                (double)in->retention_base, 100);
    if (in->have_costs)
        v[AR_KPI_COST_PER_RECOVERY] =
            ratio((double)(in->costs_w + in->commission_w),
                  (double)in->recovered_w, 100);
}
