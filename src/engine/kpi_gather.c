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
    if (!rows)
        return;
    c->placed_on = ar_xmalloc((c->nc + 1) * sizeof *c->placed_on);
    c->last_late = ar_xmalloc((c->nc + 1) * sizeof *c->last_late);
    c->last_inv = ar_xmalloc((c->nc + 1) * sizeof *c->last_inv);
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
}

/* AR(d) per group from a settlement as of d: open items minus unapplied
 * credits (SPEC §8.20). */
static void ar_by_group(const ar_kpi_ctx *c, const ar_settlement *s,
                        ar_cents out[AR_KPI_GROUPS])
{
    const ar_doc *docs = ar_ledger_docs(c->lg);
    memset(out, 0, AR_KPI_GROUPS * sizeof *out);
    for (size_t i = 0; i < s->doc_count; i++)
        if (s->open[i] > 0 && docs[i].currency == c->base)
            out[c->group[docs[i].client]] += s->open[i];
    for (size_t i = 0; i < s->credit_count; i++)
        if (s->credits[i].currency == c->base)
            out[c->group[s->credits[i].client]] -= s->credits[i].amount;
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

void ar_kpi_gather(const ar_kpi_ctx *c, const ar_settlement *s, ar_date D,
                   const ar_cents ar_s[AR_KPI_GROUPS],
                   ar_cents ar_d[AR_KPI_GROUPS],
                   ar_kpi_inputs g[AR_KPI_GROUPS],
                   ar_cents placed[AR_KPI_GROUPS])
{
    const ar_policy *p = c->p;
    const ar_ledger *lg = c->lg;
    const ar_doc *docs = ar_ledger_docs(lg);
    ar_date w_from = D - p->kpi_window_days;          /* W = (w_from, D] */
    ar_date S = ar_date_prev_month_end(D);            /* CEI: (S, D] */
    ar_date due_from = w_from - p->collection_days;   /* (D-135, D-45] */
    ar_date due_to = D - p->collection_days;
    ar_date ret_from = D - p->retention_days;         /* (D-365, D-90] */
    ar_date ret_to = w_from;
    memset(g, 0, AR_KPI_GROUPS * sizeof *g);
    memset(placed, 0, AR_KPI_GROUPS * sizeof *placed);

    ar_by_group(c, s, ar_d);
    for (int k = 0; k < AR_KPI_GROUPS; k++) {
        g[k].ar_s = ar_s[k];
        g[k].ar_d = ar_d[k];
    }
    for (size_t k = 0; k <= c->nc; k++)
        c->last_late[k] = c->last_inv[k] = AR_DATE_NONE;

    for (size_t i = 0; i < s->doc_count; i++) {
        const ar_doc *d = &docs[i];
        if (!ar_doc_is_item((ar_doc_type)d->type) || d->doc_date > D ||
            d->currency != c->base)
            continue;
        ar_kpi_inputs *in = &g[c->group[d->client]];
        if (d->type == AR_DOC_INV && d->doc_date > c->last_inv[d->client])
            c->last_inv[d->client] = d->doc_date;
        if (d->doc_date > w_from)
            in->sales_w += d->amount;
        if (d->doc_date > S)
            in->sales_s += d->amount;
        /* SPEC §8.20: Current(d) = open items with due date >= d */
        if (s->open[i] > 0 && d->due_date >= D)
            in->current_d += s->open[i];
        if (s->open[i] > 0)
            ar_kpi_age(p, in, D - d->due_date, s->open[i]);
        if (d->due_date > due_from && d->due_date <= due_to)
            in->due_amount += d->amount;
        ar_date on = s->settled_on[i];
        if (on == AR_DATE_NONE || on <= d->due_date || d->amount == 0)
            continue; /* from here on: items settled after their due date */
        if (on > w_from && on <= D) {
            in->late_days_sum += on - d->due_date;
            in->late_count++;
        }
        /* SPEC §8.21: each client's last late settlement in the window */
        if (on > ret_from && on <= ret_to && on > c->last_late[d->client])
            c->last_late[d->client] = on;
    }

    for (size_t k = 0; k < s->app_count; k++) {
        const ar_application *ap = &s->apps[k];
        const ar_doc *d = &docs[ap->item];
        if (d->currency != c->base)
            continue;
        uint8_t grp = c->group[d->client];
        /* SPEC §8.21: every settlement kind, partial ones for their part */
        if (d->due_date > due_from && d->due_date <= due_to &&
            ap->date <= d->due_date + p->collection_days)
            g[grp].collected_45 += ap->amount;
        if (!ar_kpi_is_recovery(ap, d, w_from, D))
            continue;
        g[grp].recovered_w += ap->amount;
        ar_date on = c->placed_on[d->client];
        if (on != AR_DATE_NONE && ap->date >= on)
            placed[grp] += ap->amount;
    }

    for (size_t k = 0; k < c->nc; k++) {
        if (c->last_late[k] == AR_DATE_NONE)
            continue;
        ar_kpi_inputs *in = &g[c->group[k]];
        in->retention_base++;
        /* an INV dated strictly after the last late settlement, <= D */
        if (c->last_inv[k] > c->last_late[k])
            in->retention_kept++;
    }
}
