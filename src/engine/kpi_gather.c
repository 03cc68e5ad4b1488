/* kpi_gather.c - the row inputs of every KPI at one date, per group of
 * clients, from a settlement as of that date (kpi_gather.h): the point at
 * D, and the month-ends the trend settles again. Base currency only
 * (SPEC §8.23). */
#include "ar/engine/kpi_gather.h"

#include <stdlib.h>
#include <string.h>

static bool is_agency_cost(const ar_ledger *lg, const ar_cost *c)
{
    return strcasestr(ar_ledger_text(lg, c->action), "agency") != NULL;
}

/* SPEC §8.22: the base-currency cost per recovery counts recoveries in
 * the base currency only, and so the costs of the clients whose
 * recoveries it counts: a client with a used row dated on or before D in
 * the base currency, or with none at all (its costs are taken as base
 * currency). With --fx the consolidated KPI counts every cost (fx.c);
 * the base currency's stays this one. NULL when every cost row counts
 * (one currency). */
static bool *cost_counts(const ar_analysis *a)
{
    const ar_ledger *lg = a->ledger;
    uint16_t base = ar_ledger_base_currency(lg);
    size_t nc = ar_ledger_client_count(lg);
    const ar_doc *docs = ar_ledger_docs(lg);
    /* 1: a row in the base currency, 2: a row in another */
    uint8_t *seen = ar_xcalloc(nc + 1, 1);
    bool other = false;
    for (size_t i = 0; i < ar_ledger_doc_count(lg); i++)
        if (docs[i].doc_date <= a->as_of) {
            bool in_base = docs[i].currency == base;
            seen[docs[i].client] |= in_base ? 1 : 2;
            other |= !in_base;
        }
    /* a folded ledger's closed rows are in its summary (dated <= D) */
    const ar_folded *f = ar_ledger_folded(lg);
    for (size_t k = 0; f && k < f->client_count && k < nc; k++) {
        seen[k] |= f->clients[k].seen_base ? 1 : 0;
        seen[k] |= f->clients[k].seen_other ? 2 : 0;
        other |= f->clients[k].seen_other;
    }
    bool *counts = NULL;
    if (other) {
        counts = ar_xmalloc((nc + 1) * sizeof *counts);
        for (size_t k = 0; k <= nc; k++)
            counts[k] = seen[k] != 2;
    }
    free(seen);
    return counts;
}

void ar_kpi_ctx_init(ar_kpi_ctx *c, const ar_analysis *a, bool rows)
{
    const ar_ledger *lg = a->ledger;
    memset(c, 0, sizeof *c);
    c->lg = lg;
    c->p = a->policy;
    c->base = ar_ledger_base_currency(lg);
    c->nc = ar_ledger_client_count(lg);
    c->group = ar_xcalloc(c->nc + 1, sizeof *c->group);
    for (size_t r = 0; r < a->client_count; r++)
        c->group[a->clients[r].client] =
            (uint8_t)(1 + a->clients[r].risk.tier);
    if (!rows) {
        c->cost_counts = cost_counts(a);
        return;
    }
    c->placed_on = ar_xmalloc((c->nc + 1) * sizeof *c->placed_on);
    c->last_late = ar_xmalloc((c->nc + 1) * sizeof *c->last_late);
    c->last_inv = ar_xmalloc((c->nc + 1) * sizeof *c->last_inv);
    c->last_late_all = ar_xmalloc((c->nc + 1) * sizeof *c->last_late_all);
    c->last_inv_all = ar_xmalloc((c->nc + 1) * sizeof *c->last_inv_all);
    for (size_t k = 0; k <= c->nc; k++)
        c->placed_on[k] = AR_DATE_NONE;
    /* An account counts as placed with the agency from the date of its
     * first agency cost (placement fee or commission) on or before D. */
    const ar_cost *costs = ar_ledger_costs(lg);
    for (size_t k = 0; k < ar_ledger_cost_count(lg); k++) {
        const ar_cost *cs = &costs[k];
        ar_date *on = &c->placed_on[cs->client];
        if (cs->date <= a->as_of && is_agency_cost(lg, cs) &&
            (*on == AR_DATE_NONE || cs->date < *on))
            *on = cs->date;
    }
}

void ar_kpi_ctx_fini(ar_kpi_ctx *c)
{
    free(c->group);
    free(c->placed_on);
    free(c->last_late);
    free(c->last_inv);
    free(c->last_late_all);
    free(c->last_inv_all);
    free(c->cost_counts);
}

/* AR(d) per group from a settlement as of d: open items minus unapplied
 * credits (SPEC §8.20); with cur, every currency's into cur[c].ar_d. */
static void ar_by_group(const ar_kpi_ctx *c, const ar_settlement *s,
                        ar_cents out[AR_KPI_GROUPS], ar_kpi_inputs *cur)
{
    const ar_doc *docs = ar_ledger_docs(c->lg);
    memset(out, 0, AR_KPI_GROUPS * sizeof *out);
    for (size_t i = 0; i < s->doc_count; i++) {
        if (s->open[i] <= 0)
            continue;
        if (docs[i].currency == c->base)
            out[c->group[docs[i].client]] += s->open[i];
        if (cur && docs[i].currency < AR_KPI_CURRENCIES)
            cur[docs[i].currency].ar_d += s->open[i];
    }
    for (size_t i = 0; i < s->credit_count; i++) {
        const ar_credit *cd = &s->credits[i];
        if (cd->currency == c->base)
            out[c->group[cd->client]] -= cd->amount;
        if (cur && cd->currency < AR_KPI_CURRENCIES)
            cur[cd->currency].ar_d -= cd->amount;
    }
}

/* AR(S) of every currency from the documents and the settlement as of
 * D (S < D): the flows dated on or before S, as the trend makes AR at
 * its month-ends (trend.c). */
static void ar_s_by_currency(const ar_kpi_ctx *c, const ar_settlement *s,
                             ar_date S, ar_kpi_inputs *cur)
{
    const ar_doc *docs = ar_ledger_docs(c->lg);
    for (size_t i = 0; i < s->doc_count; i++) {
        const ar_doc *d = &docs[i];
        if (d->doc_date > S || d->currency >= AR_KPI_CURRENCIES)
            continue;
        ar_cents *ar = &cur[d->currency].ar_s;
        if (ar_doc_is_item((ar_doc_type)d->type)) {
            *ar += d->amount;
            continue;
        }
        *ar -= d->amount; /* SPEC §8.19 */
        ar_date gone = d->settled_date > d->doc_date ? d->settled_date
                                                     : d->doc_date;
        if (ar_doc_consumed(d, S) && gone <= S)
            *ar += d->amount; /* SPEC §2.6: consumed by a clearing */
    }
    for (size_t k = 0; k < s->app_count; k++) {
        const ar_application *ap = &s->apps[k];
        const ar_doc *d = &docs[ap->item];
        ar_date took = ap->date > d->doc_date ? ap->date : d->doc_date;
        if (ap->source == ap->item && took <= S &&
            d->currency < AR_KPI_CURRENCIES)
            cur[d->currency].ar_s -= ap->amount; /* a settled_date */
    }
}

bool ar_kpi_is_recovery(const ar_application *ap, const ar_doc *item,
                        ar_date from, ar_date to)
{
    return ap->kind == AR_DOC_PAY && ap->date > from && ap->date <= to &&
           ap->date > item->due_date;
}

void ar_kpi_inputs_add(ar_kpi_inputs *to, const ar_kpi_inputs *x)
{
    to->ar_d += x->ar_d;
    to->current_d += x->current_d;
    to->sales_w += x->sales_w;
    to->ar_s += x->ar_s;
    to->sales_s += x->sales_s;
    to->due_amount += x->due_amount;
    to->collected_45 += x->collected_45;
    to->late_days_sum += x->late_days_sum;
    to->late_count += x->late_count;
    to->retention_base += x->retention_base;
    to->retention_kept += x->retention_kept;
    to->costs_w += x->costs_w;
    to->recovered_w += x->recovered_w;
    for (int b = 0; b < AR_MAX_BUCKETS; b++)
        to->buckets[b] += x->buckets[b];
    to->over_days += x->over_days;
}

void ar_kpi_age(const ar_policy *p, ar_kpi_inputs *in, int32_t dpd,
                ar_cents open)
{
    in->buckets[ar_policy_bucket_for(p, dpd)] += open;
    if (dpd > AR_KPI_OVER_DAYS)
        in->over_days += open;
}

ar_cents ar_kpi_sum_groups(const ar_kpi_inputs g[AR_KPI_GROUPS],
                           const ar_cents placed[AR_KPI_GROUPS],
                           ar_kpi_inputs *total)
{
    ar_cents sum = 0;
    memset(total, 0, sizeof *total);
    for (int k = 0; k < AR_KPI_GROUPS; k++) {
        ar_kpi_inputs_add(total, &g[k]);
        sum += placed[k];
    }
    return sum;
}

/* The windows of the KPIs at D (SPEC §4). */
typedef struct windows {
    ar_date D, w_from, S, due_from, due_to, ret_from, ret_to;
    int32_t collection_days;
} windows;

/* Item d (index i, dated <= D) into the inputs in. */
static void add_item(const windows *w, const ar_policy *p,
                     const ar_settlement *s, size_t i, const ar_doc *d,
                     ar_kpi_inputs *in)
{
    if (d->doc_date > w->w_from)
        in->sales_w += d->amount;
    if (d->doc_date > w->S)
        in->sales_s += d->amount;
    /* SPEC §8.20: Current(d) = open items with due date >= d */
    if (s->open[i] > 0 && d->due_date >= w->D)
        in->current_d += s->open[i];
    if (s->open[i] > 0)
        ar_kpi_age(p, in, w->D - d->due_date, s->open[i]);
    if (d->due_date > w->due_from && d->due_date <= w->due_to)
        in->due_amount += d->amount;
    ar_date on = s->settled_on[i];
    if (on != AR_DATE_NONE && on > d->due_date && d->amount != 0 &&
        on > w->w_from && on <= w->D) {
        in->late_days_sum += on - d->due_date;
        in->late_count++;
    }
}

/* A client's last late settlement in the retention window and its last
 * invoice, from item d (SPEC §8.21). */
static void note_retention(const windows *w, const ar_settlement *s,
                           size_t i, const ar_doc *d, ar_date *last_late,
                           ar_date *last_inv)
{
    if (d->type == AR_DOC_INV && d->doc_date > *last_inv)
        *last_inv = d->doc_date;
    ar_date on = s->settled_on[i];
    if (on == AR_DATE_NONE || on <= d->due_date || d->amount == 0)
        return;
    if (on > w->ret_from && on <= w->ret_to && on > *last_late)
        *last_late = on;
}

/* Application ap of an item d into in (and its placed part into
 * *placed), with the client's placement date on. */
static void add_app(const windows *w, const ar_application *ap,
                    const ar_doc *d, ar_date on, ar_kpi_inputs *in,
                    ar_cents *placed)
{
    /* SPEC §8.21: every settlement kind, partial ones for their part */
    if (d->due_date > w->due_from && d->due_date <= w->due_to &&
        ap->date <= d->due_date + w->collection_days)
        in->collected_45 += ap->amount;
    if (!ar_kpi_is_recovery(ap, d, w->w_from, w->D))
        return;
    in->recovered_w += ap->amount;
    if (on != AR_DATE_NONE && ap->date >= on)
        *placed += ap->amount;
}

void ar_kpi_gather(const ar_kpi_ctx *c, const ar_settlement *s, ar_date D,
                   const ar_cents ar_s[AR_KPI_GROUPS],
                   ar_cents ar_d[AR_KPI_GROUPS],
                   ar_kpi_inputs g[AR_KPI_GROUPS],
                   ar_cents placed[AR_KPI_GROUPS], ar_kpi_rows *cur)
{
    const ar_policy *p = c->p;
    const ar_ledger *lg = c->lg;
    const ar_doc *docs = ar_ledger_docs(lg);
    windows w = {.D = D,
                 .w_from = D - p->kpi_window_days,    /* W = (w_from, D] */
                 .S = ar_date_prev_month_end(D),      /* CEI: (S, D] */
                 .collection_days = p->collection_days};
    w.due_from = w.w_from - p->collection_days;      /* (D-135, D-45] */
    w.due_to = D - p->collection_days;
    w.ret_from = D - p->retention_days;              /* (D-365, D-90] */
    w.ret_to = w.w_from;
    memset(g, 0, AR_KPI_GROUPS * sizeof *g);
    memset(placed, 0, AR_KPI_GROUPS * sizeof *placed);
    ar_kpi_inputs *ci = cur ? cur->cur_d : NULL;

    ar_by_group(c, s, ar_d, ci);
    for (int k = 0; k < AR_KPI_GROUPS; k++) {
        g[k].ar_s = ar_s[k];
        g[k].ar_d = ar_d[k];
    }
    if (ci)
        ar_s_by_currency(c, s, w.S, ci);
    for (size_t k = 0; k <= c->nc; k++) {
        c->last_late[k] = c->last_inv[k] = AR_DATE_NONE;
        if (ci)
            c->last_late_all[k] = c->last_inv_all[k] = AR_DATE_NONE;
    }

    for (size_t i = 0; i < s->doc_count; i++) {
        const ar_doc *d = &docs[i];
        if (!ar_doc_is_item((ar_doc_type)d->type) || d->doc_date > D)
            continue;
        if (d->currency == c->base) {
            add_item(&w, p, s, i, d, &g[c->group[d->client]]);
            note_retention(&w, s, i, d, &c->last_late[d->client],
                           &c->last_inv[d->client]);
        }
        if (!ci || d->currency >= AR_KPI_CURRENCIES)
            continue;
        add_item(&w, p, s, i, d, &ci[d->currency]);
        note_retention(&w, s, i, d, &c->last_late_all[d->client],
                       &c->last_inv_all[d->client]);
    }

    for (size_t k = 0; k < s->app_count; k++) {
        const ar_application *ap = &s->apps[k];
        const ar_doc *d = &docs[ap->item];
        ar_date on = c->placed_on[d->client];
        if (d->currency == c->base) {
            uint8_t grp = c->group[d->client];
            add_app(&w, ap, d, on, &g[grp], &placed[grp]);
        }
        if (ci && d->currency < AR_KPI_CURRENCIES)
            add_app(&w, ap, d, on, &ci[d->currency],
                    &cur->cur_placed[d->currency]);
    }

    for (size_t k = 0; k < c->nc; k++) {
        /* an INV dated strictly after the last late settlement, <= D */
        if (c->last_late[k] != AR_DATE_NONE) {
            ar_kpi_inputs *in = &g[c->group[k]];
            in->retention_base++;
            if (c->last_inv[k] > c->last_late[k])
                in->retention_kept++;
        }
        if (ci && c->last_late_all[k] != AR_DATE_NONE) {
            cur->retention_base_all++;
            if (c->last_inv_all[k] > c->last_late_all[k])
                cur->retention_kept_all++;
        }
    }
}
