/* trend.c - the KPIs' row inputs at the month-ends before D (trend.h).
 *
 * One O(n) pass over the settlement as of D serves every month-end it
 * can be cut at; a month-end it cannot is settled again over events
 * sorted once (ar_settle_sorted) and gathered as the point at D is. No
 * engine rerun. */
#include "ar/engine/trend.h"

#include <stdlib.h>
#include <string.h>

/* Trend dates t[0..n) ascending; a window [lo, hi] of days maps to the
 * points whose date falls in it, through a table over (t[0], t[n-1]]. */
typedef struct points {
    const ar_date *t;
    int n;
    uint8_t *first;          /* first[day - t[0] - 1]: first point >= day */
} points;

static void points_init(points *ps, const ar_date *t, int n)
{
    ps->t = t;
    ps->n = n;
    ar_date lo = t[0], hi = t[n - 1];
    ps->first = ar_xmalloc((size_t)(hi - lo) + 1);
    int k = 0;
    for (ar_date day = lo + 1; day <= hi; day++) {
        while (t[k] < day)
            k++;
        ps->first[day - lo - 1] = (uint8_t)k;
    }
}

/* First point dated on or after day (n when none). */
static int first_ge(const points *ps, ar_date day)
{
    if (day <= ps->t[0])
        return 0;
    if (day > ps->t[ps->n - 1])
        return ps->n;
    return ps->first[day - ps->t[0] - 1];
}

/* The points dated in [lo, hi]: [*from, *to). */
static void points_in(const points *ps, ar_date lo, ar_date hi, int *from,
                      int *to)
{
    *from = first_ge(ps, lo);
    *to = hi < lo ? *from : first_ge(ps, hi + 1);
}

/* Mark the points at which the settlement as of D, cut at the point's
 * date M, is not the settlement as of M; returns how many. Those are: a
 * settlement dated on or before M applied to an item dated after M (as
 * of M it is a credit, or goes to another document with that number), a
 * credit for a target in another currency (the same, conservatively, from
 * its date on), a credit that names an item and was consumed by D (SPEC
 * §2.6: before its settled_date it settles that item) and, with
 * apply_unapplied = oldest, every point (credits are applied as of each
 * date). AR itself is exact at every point: the flows that make it do not
 * depend on where a settlement went. */
static int mark_uncut(const ar_analysis *a, const points *ps, bool *bad)
{
    const ar_doc *docs = ar_ledger_docs(a->ledger);
    const ar_settlement *s = &a->settlement;
    int from, to, count = 0;
    for (int k = 0; k < ps->n; k++)
        bad[k] = a->policy->apply_unapplied_oldest;
    for (size_t j = 0; j < s->app_count; j++) {
        ar_date item = docs[s->apps[j].item].doc_date;
        points_in(ps, s->apps[j].date, item - 1, &from, &to);
        for (int k = from; k < to; k++)
            bad[k] = true;
    }
    for (size_t j = 0; j < s->credit_count; j++) {
        if (s->credits[j].reason != AR_CREDIT_CURRENCY)
            continue;
        points_in(ps, s->credits[j].date, a->as_of, &from, &to);
        for (int k = from; k < to; k++)
            bad[k] = true;
    }
    for (size_t i = 0; i < ar_ledger_doc_count(a->ledger); i++) {
        if (!docs[i].applies_to || !ar_doc_consumed(&docs[i], a->as_of))
            continue;
        points_in(ps, docs[i].doc_date, docs[i].settled_date - 1, &from,
                  &to);
        for (int k = from; k < to; k++)
            bad[k] = true;
    }
    for (int k = 0; k < ps->n; k++)
        count += bad[k];
    return count;
}

/* The trend in one pass over the documents and the applications of the
 * settlement as of D: every record adds to the inputs of the few
 * month-ends whose windows hold it. Exact at the points mark_uncut leaves
 * alone. AR per group is kept by month (opening balance + flows):
 * ar_at[0] is AR at S0 (the month-end before the first point), ar_at[1 +
 * k] AR at point k. Writes the points before D. */
static void trend_one_pass(const ar_analysis *a, const ar_kpi_ctx *c,
                           const points *pts, ar_kpi_rows *out,
                           ar_cents (*ar_at)[AR_KPI_GROUPS])
{
    const ar_policy *p = a->policy;
    const ar_ledger *lg = a->ledger;
    const ar_doc *docs = ar_ledger_docs(lg);
    const ar_settlement *s = &a->settlement;
    const points ps = *pts;
    int n = ps.n;
    ar_date S0 = ar_date_prev_month_end(ps.t[0]);
    int32_t W = p->kpi_window_days, C = p->collection_days;
    int32_t R = p->retention_days;
    size_t nc = c->nc;
    ar_kpi_inputs *in = ar_xcalloc((size_t)n, sizeof *in);
    ar_cents *placed = ar_xcalloc((size_t)n, sizeof *placed);
    /* flow[slot][group]: slot 0 = dated <= S0, 1 + k = in (t[k-1], t[k]] */
    ar_cents(*flow)[AR_KPI_GROUPS] = ar_xcalloc((size_t)n + 1, sizeof *flow);
    ar_date *last_late = ar_xmalloc((size_t)n * nc * sizeof *last_late);
    ar_date *last_inv = ar_xmalloc((size_t)n * nc * sizeof *last_inv);
    for (size_t k = 0; k < (size_t)n * nc; k++)
        last_late[k] = last_inv[k] = AR_DATE_NONE;
    int from, to;

#define EACH_POINT(lo, hi)                                                   \
    points_in(&ps, (lo), (hi), &from, &to);                                  \
    for (int k = from; k < to; k++)
#define SLOT(day) ((day) <= S0 ? 0 : 1 + first_ge(&ps, (day)))
/* the points before D at which an item settled on day `on` (or never,
 * AR_DATE_NONE) is still open end before this one */
#define OPEN_UNTIL(on)                                                       \
    ((on) == AR_DATE_NONE || first_ge(&ps, (on)) > n - 1 ? n - 1            \
                                                          : first_ge(&ps, (on)))

    for (size_t i = 0; i < ar_ledger_doc_count(lg); i++) {
        const ar_doc *d = &docs[i];
        if (d->doc_date > a->as_of || d->currency != c->base)
            continue;
        uint8_t g = c->group[d->client];
        if (!ar_doc_is_item((ar_doc_type)d->type)) {
            flow[SLOT(d->doc_date)][g] -= d->amount; /* SPEC §8.19 */
            /* SPEC §2.6: a credit consumed by a clearing is none from its
             * settled_date on (the item's settled_date took the amount) */
            if (ar_doc_consumed(d, a->as_of))
                flow[SLOT(d->settled_date > d->doc_date ? d->settled_date
                                                        : d->doc_date)][g] +=
                    d->amount;
            continue;
        }
        flow[SLOT(d->doc_date)][g] += d->amount;
        int k0 = first_ge(&ps, d->doc_date); /* first point it exists at */
        size_t row = (size_t)d->client * (size_t)n; /* client-major */
        if (d->type == AR_DOC_INV && k0 < n &&
            d->doc_date > last_inv[row + (size_t)k0])
            last_inv[row + (size_t)k0] = d->doc_date;
        EACH_POINT(d->doc_date, d->doc_date + W - 1)
            in[k].sales_w += d->amount;
        if (k0 < n && (k0 > 0 || d->doc_date > S0))
            in[k0].sales_s += d->amount;
        EACH_POINT(d->doc_date, d->due_date)
            in[k].current_d += d->amount; /* less what is applied below */
        ar_date due_lo = d->due_date + C;
        EACH_POINT(due_lo > d->doc_date ? due_lo : d->doc_date,
                   d->due_date + C + W - 1)
            in[k].due_amount += d->amount;
        ar_date on = s->settled_on[i];
        /* the aging at each point before D while the item is open there
         * (what was applied by then comes off below) */
        for (int k = k0, end = OPEN_UNTIL(on); k < end; k++)
            ar_kpi_age(p, &in[k], ps.t[k] - d->due_date, d->amount);
        if (on == AR_DATE_NONE || on <= d->due_date || d->amount == 0)
            continue;
        EACH_POINT(on, on + W - 1) {
            in[k].late_days_sum += on - d->due_date;
            in[k].late_count++;
        }
        EACH_POINT(on + W, on + R - 1) {
            ar_date *l = &last_late[row + (size_t)k];
            if (on > *l)
                *l = on;
        }
    }

    for (size_t j = 0; j < s->app_count; j++) {
        const ar_application *ap = &s->apps[j];
        const ar_doc *d = &docs[ap->item];
        if (d->currency != c->base)
            continue;
        /* a settled_date payment: it cannot take from the item before the
         * item exists (settled_date may be earlier than doc_date), so it
         * flows when both are there, and AR is exact at every point */
        if (ap->source == ap->item)
            flow[SLOT(ap->date > d->doc_date ? ap->date : d->doc_date)]
                [c->group[d->client]] -= ap->amount;
        ar_date took = ap->date > d->doc_date ? ap->date : d->doc_date;
        EACH_POINT(took, d->due_date)
            in[k].current_d -= ap->amount;
        for (int k = first_ge(&ps, took),
                 end = OPEN_UNTIL(s->settled_on[ap->item]);
             k < end; k++)
            ar_kpi_age(p, &in[k], ps.t[k] - d->due_date, -ap->amount);
        ar_date due_lo = d->due_date + C;
        if (ap->date <= due_lo) {
            EACH_POINT(due_lo > d->doc_date ? due_lo : d->doc_date,
                       d->due_date + C + W - 1)
                in[k].collected_45 += ap->amount;
        }
        if (ap->kind != AR_DOC_PAY || ap->date <= d->due_date)
            continue;
        ar_date on = c->placed_on[d->client];
        EACH_POINT(ap->date, ap->date + W - 1) {
            in[k].recovered_w += ap->amount;
            if (on != AR_DATE_NONE && ap->date >= on)
                placed[k] += ap->amount;
        }
    }
#undef EACH_POINT
#undef SLOT
#undef OPEN_UNTIL

    for (size_t cl = 0; cl < nc; cl++) {
        ar_date *late = &last_late[cl * (size_t)n];
        ar_date *inv = &last_inv[cl * (size_t)n];
        for (int k = 0; k < n; k++) {
            if (k > 0 && inv[k - 1] > inv[k])
                inv[k] = inv[k - 1]; /* the latest INV dated <= t[k] */
            if (late[k] == AR_DATE_NONE)
                continue;
            in[k].retention_base++;
            if (inv[k] > late[k])
                in[k].retention_kept++;
        }
    }
    memcpy(ar_at[0], flow[0], sizeof ar_at[0]);
    for (int k = 0; k < n; k++) {
        ar_kpi_inputs *x = &in[k];
        for (int g = 0; g < AR_KPI_GROUPS; g++) {
            ar_at[k + 1][g] = ar_at[k][g] + flow[k + 1][g];
            x->ar_s += ar_at[k][g];
            x->ar_d += ar_at[k + 1][g];
        }
        if (k < n - 1) { /* the point at D is gathered by tier */
            out->trend[k] = *x;
            out->trend_placed[k] = placed[k];
        }
    }
    free(in);
    free(placed);
    free(flow);
    free(last_late);
    free(last_inv);
}

/* The marked points again, each from a settlement pass as of its date
 * over events sorted once: exact whatever the ledger holds. The last
 * point (D) is left to the caller. */
static void trend_by_passes(const ar_analysis *a, const ar_kpi_ctx *c,
                            const points *ps, const bool *bad,
                            ar_cents (*ar_at)[AR_KPI_GROUPS],
                            ar_kpi_rows *out)
{
    ar_settle_events ev;
    ar_settle_events_init(a->ledger, a->as_of, &ev);
    for (int k = 0; k < ps->n - 1; k++) {
        if (!bad[k])
            continue;
        ar_kpi_inputs g[AR_KPI_GROUPS];
        ar_cents placed[AR_KPI_GROUPS];
        ar_settlement st;
        ar_settle_sorted(a->ledger, a->policy, &ev, ps->t[k], &st);
        ar_kpi_gather(c, &st, ps->t[k], ar_at[k], ar_at[k + 1], g, placed,
                      NULL);
        ar_settlement_fini(&st);
        out->trend_placed[k] = ar_kpi_sum_groups(g, placed, &out->trend[k]);
    }
    ar_settle_events_fini(&ev);
}

/* When D is not a month-end, the CEI of its point is month-to-date. */
int ar_trend_dates(const ar_analysis *a, ar_date *t)
{
    const ar_policy *p = a->policy;
    int n = p->trend_months < 1              ? 1
            : p->trend_months > AR_TREND_MAX ? AR_TREND_MAX
                                             : p->trend_months;
    t[n - 1] = a->as_of;
    for (int k = n - 1; k > 0; k--)
        t[k - 1] = ar_date_prev_month_end(t[k]);
    return n;
}

/* Whether a point before D needs a settlement pass of its own (the point
 * at D is the engine's own settlement). */
static bool needs_passes(int uncut, const bool *bad, int n)
{
    return uncut > (bad[n - 1] ? 1 : 0);
}

bool ar_trend_settles_again(const ar_analysis *a)
{
    ar_date t[AR_TREND_MAX];
    int n = ar_trend_dates(a, t);
    points ps;
    points_init(&ps, t, n);
    bool bad[AR_TREND_MAX];
    bool again = needs_passes(mark_uncut(a, &ps, bad), bad, n);
    free(ps.first);
    return again;
}

int ar_trend_rows(const ar_analysis *a, const ar_kpi_ctx *c,
                  ar_kpi_rows *out, ar_cents (*ar_at)[AR_KPI_GROUPS])
{
    ar_date t[AR_TREND_MAX];
    int n = ar_trend_dates(a, t);
    points ps;
    points_init(&ps, t, n);
    bool bad[AR_TREND_MAX];
    int uncut = mark_uncut(a, &ps, bad);
    trend_one_pass(a, c, &ps, out, ar_at);
    if (needs_passes(uncut, bad, n))
        trend_by_passes(a, c, &ps, bad, ar_at, out);
    free(ps.first);
    return n;
}
