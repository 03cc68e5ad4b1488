/* metrics.c - the KPIs of SPEC §4 from exact cents: at the as-of date D,
 * by risk tier, as a trend over month-ends, cost per recovery by dunning
 * stage and tier, and the top debtors. Base currency only (SPEC §8.23);
 * a ratio with a zero denominator is n/a, never 0.
 *
 * The trend settles the ledger once per month-end over events sorted once
 * (ar_settle_sorted), then runs the same gather over that settlement as
 * the as-of point does: one O(n) pass per month-end, no engine rerun. */
#include "ar/engine/metrics.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* num / den x scale with one rounding; n/a when den is 0 (SPEC §8.23). */
static ar_kpi_value ratio(int64_t num, int64_t den, double scale)
{
    ar_kpi_value v = {false, 0};
    if (den != 0) {
        v.defined = true;
        v.value = (double)num * scale / (double)den;
    }
    return v;
}

static void evaluate(const ar_policy *p, const ar_kpi_inputs *in,
                     ar_kpi_value *v)
{
    double window = p->kpi_window_days;
    v[AR_KPI_DSO] = ratio(in->ar_d, in->sales_w, window);
    v[AR_KPI_BEST_DSO] = ratio(in->current_d, in->sales_w, window);
    v[AR_KPI_ADD] = ratio(in->ar_d - in->current_d, in->sales_w, window);
    v[AR_KPI_CEI] = ratio(in->ar_s + in->sales_s - in->ar_d,
                          in->ar_s + in->sales_s - in->current_d, 100);
    v[AR_KPI_COLLECTION_RATE] = ratio(in->collected_45, in->due_amount, 100);
    v[AR_KPI_DAYS_TO_PAYMENT] = ratio(in->late_days_sum, in->late_count, 1);
    v[AR_KPI_RETENTION] = ratio(in->retention_kept, in->retention_base, 100);
    v[AR_KPI_COST_PER_RECOVERY] = (ar_kpi_value){false, 0};
    if (in->have_costs) /* SPEC §8.22: no costs file gives n/a */
        v[AR_KPI_COST_PER_RECOVERY] =
            ratio(in->costs_w + in->commission_w, in->recovered_w, 100);
}

/* Groups of clients: 0 holds clients without a tier (cost rows of clients
 * with no ledger row up to D), 1 + tier the clients of each tier. Every
 * input is a sum, so the total is the sum of the groups. */
#define GROUPS (1 + AR_TIER_COUNT_)

typedef struct ctx {
    const ar_ledger *lg;
    const ar_policy *p;
    uint16_t base;
    size_t nc;
    uint8_t *group;          /* per ledger client */
    ar_date *placed_on;      /* per ledger client: first agency cost */
    ar_date *last_late;      /* scratch per ledger client (retention) */
    ar_date *last_inv;
} ctx;

static bool is_agency_cost(const ar_ledger *lg, const ar_cost *c)
{
    return strcasestr(ar_ledger_text(lg, c->action), "agency") != NULL;
}

/* The groups of the clients; with rows set, what reading the rows needs
 * too (the finishing step reads only the costs file). */
static void ctx_init(ctx *c, const ar_analysis *a, bool rows)
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

static void ctx_fini(ctx *c)
{
    free(c->group);
    free(c->placed_on);
    free(c->last_late);
    free(c->last_inv);
}

/* AR(d) per group from a settlement as of d: open items minus unapplied
 * credits (SPEC §8.20). */
static void ar_by_group(const ctx *c, const ar_settlement *s,
                        ar_cents out[GROUPS])
{
    const ar_doc *docs = ar_ledger_docs(c->lg);
    memset(out, 0, GROUPS * sizeof *out);
    for (size_t i = 0; i < s->doc_count; i++)
        if (s->open[i] > 0 && docs[i].currency == c->base)
            out[c->group[docs[i].client]] += s->open[i];
    for (size_t i = 0; i < s->credit_count; i++)
        if (s->credits[i].currency == c->base)
            out[c->group[s->credits[i].client]] -= s->credits[i].amount;
}

/* A cash recovery (SPEC §8.22): a PAY or settled_date payment applied in
 * (from, to] after the item's due date. */
static bool is_recovery(const ar_application *ap, const ar_doc *item,
                        ar_date from, ar_date to)
{
    return ap->kind == AR_DOC_PAY && ap->date > from && ap->date <= to &&
           ap->date > item->due_date;
}

static void add_inputs(ar_kpi_inputs *to, const ar_kpi_inputs *x)
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
}

/* The groups' inputs added up into *total; returns their placed
 * recoveries added up. */
static ar_cents sum_groups(const ar_kpi_inputs g[GROUPS],
                           const ar_cents placed[GROUPS],
                           ar_kpi_inputs *total)
{
    ar_cents sum = 0;
    memset(total, 0, sizeof *total);
    for (int k = 0; k < GROUPS; k++) {
        add_inputs(total, &g[k]);
        sum += placed[k];
    }
    return sum;
}

/* The row inputs of every KPI at D from the settlement s as of D, per
 * group, and per group the recoveries from accounts placed with the
 * agency (the commission is taken on them). ar_s holds AR(S) per group;
 * ar_d receives AR(D) per group (the next month's AR(S)). */
static void gather(const ctx *c, const ar_settlement *s, ar_date D,
                   const ar_cents ar_s[GROUPS], ar_cents ar_d[GROUPS],
                   ar_kpi_inputs g[GROUPS], ar_cents placed[GROUPS])
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
    memset(g, 0, GROUPS * sizeof *g);
    memset(placed, 0, GROUPS * sizeof *placed);

    ar_by_group(c, s, ar_d);
    for (int k = 0; k < GROUPS; k++) {
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
        if (!is_recovery(ap, d, w_from, D))
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

/* The costs-file rows dated in the KPI window ending at to, per group. */
static void costs_by_group(const ctx *c, ar_date to, ar_cents out[GROUPS])
{
    ar_date from = to - c->p->kpi_window_days;
    const ar_cost *costs = ar_ledger_costs(c->lg);
    memset(out, 0, GROUPS * sizeof *out);
    for (size_t k = 0; k < ar_ledger_cost_count(c->lg); k++)
        if (costs[k].date > from && costs[k].date <= to)
            out[c->group[costs[k].client]] += costs[k].cost;
}

/* A point's inputs completed: the costs in its window and the agency's
 * commission on the placed recoveries. */
static void complete(const ctx *c, ar_kpi_inputs *x, ar_cents costs,
                     ar_cents placed)
{
    x->costs_w = costs;
    x->have_costs = ar_ledger_costs_loaded(c->lg);
    x->commission_w =
        ar_cents_muldiv(placed, c->p->agency_commission_bp, 10000);
}

/* ---- cost per recovery by stage -------------------------------------- */

typedef struct sent {
    uint32_t client;
    ar_date date;
    int stage;
} sent;

static int cmp_sent(const void *x, const void *y)
{
    const sent *a = x, *b = y;
    if (a->client != b->client)
        return a->client < b->client ? -1 : 1;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    return (a->stage > b->stage) - (a->stage < b->stage);
}

/* The letters sent up to D (SPEC §8.12: later rows ignored), by client
 * and date (caller frees). */
static sent *letter_history(const ar_analysis *a, size_t *count)
{
    const ar_letter_sent *ls = ar_ledger_letters(a->ledger);
    size_t nl = ar_ledger_letter_count(a->ledger), n = 0;
    sent *hist = ar_xmalloc((nl + 1) * sizeof *hist);
    for (size_t k = 0; k < nl; k++)
        if (ls[k].run_date <= a->as_of)
            hist[n++] = (sent){ls[k].client, ls[k].run_date, ls[k].stage};
    qsort(hist, n, sizeof *hist, cmp_sent);
    *count = n;
    return hist;
}

/* Stage of the client's latest letter dated on or before day (the
 * highest of that day's), 0 when it had none. */
static int stage_at(const sent *s, size_t n, uint32_t client, ar_date day)
{
    size_t lo = 0, hi = n; /* first entry after (client, day) */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s[mid].client < client ||
            (s[mid].client == client && s[mid].date <= day))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && s[lo - 1].client == client ? s[lo - 1].stage : 0;
}

static void finish_cost(const ar_policy *p, bool have_costs,
                        ar_recovery_cost *rc, ar_cents placed)
{
    rc->commission = ar_cents_muldiv(placed, p->agency_commission_bp, 10000);
    rc->ratio = (ar_kpi_value){false, 0};
    if (have_costs)
        rc->ratio = ratio(rc->costs + rc->commission, rc->recovered, 100);
}

static void add_recovery(ar_recovery_cost *rc, ar_cents amount)
{
    rc->recovered += amount;
    rc->recoveries++;
}

/* SPEC §4, the rows' part of cost per recovery: each recovery in W counts
 * for the stage of the client's latest letter (history file) on or
 * before its date, "no letter" (stage 0) when none, and for its tier. */
static void recoveries_by_stage(const ar_analysis *a, const ctx *c,
                                ar_kpi_rows *out)
{
    const ar_doc *docs = ar_ledger_docs(a->ledger);
    size_t n;
    sent *hist = letter_history(a, &n);
    ar_date w_from = a->as_of - a->policy->kpi_window_days;
    const ar_settlement *s = &a->settlement;
    for (size_t k = 0; k < s->app_count; k++) {
        const ar_application *ap = &s->apps[k];
        const ar_doc *d = &docs[ap->item];
        if (d->currency != c->base || !is_recovery(ap, d, w_from, a->as_of))
            continue;
        int st = stage_at(hist, n, d->client, ap->date);
        int grp = c->group[d->client]; /* an item's client has a tier */
        ar_date on = c->placed_on[d->client];
        ar_cents placed = on != AR_DATE_NONE && ap->date >= on
                              ? ap->amount : 0;
        add_recovery(&out->by_stage[st], ap->amount);
        out->stage_placed[st] += placed;
        if (grp) {
            add_recovery(&out->by_tier[grp - 1], ap->amount);
            out->tier_placed[grp - 1] += placed;
        }
    }
    free(hist);
}

/* SPEC §4: cost per recovery by stage, by tier and in total. A cost row
 * counts for the stage of the client's latest letter on or before its
 * date, as a recovery does. */
static void cost_by_stage(const ar_analysis *a, const ctx *c,
                          const ar_kpi_rows *rows, ar_kpis *out)
{
    const ar_policy *p = a->policy;
    size_t n;
    sent *hist = letter_history(a, &n);
    ar_cents all_placed = 0;
    for (int k = 0; k <= AR_STAGES; k++) {
        out->by_stage[k] = rows->by_stage[k];
        out->cost_total.recovered += rows->by_stage[k].recovered;
        out->cost_total.recoveries += rows->by_stage[k].recoveries;
        all_placed += rows->stage_placed[k];
    }
    memcpy(out->cost_by_tier, rows->by_tier, sizeof out->cost_by_tier);

    ar_date w_from = a->as_of - p->kpi_window_days;
    const ar_cost *costs = ar_ledger_costs(a->ledger);
    for (size_t k = 0; k < ar_ledger_cost_count(a->ledger); k++) {
        const ar_cost *cs = &costs[k];
        if (cs->date <= w_from || cs->date > a->as_of)
            continue;
        int st = stage_at(hist, n, cs->client, cs->date);
        ar_recovery_cost *rs[3] = {
            &out->by_stage[st], &out->cost_total,
            c->group[cs->client] ? &out->cost_by_tier[c->group[cs->client] - 1]
                                 : NULL};
        for (int j = 0; j < 3; j++)
            if (rs[j]) {
                rs[j]->costs += cs->cost;
                rs[j]->cost_rows++;
            }
    }
    bool have = ar_ledger_costs_loaded(a->ledger);
    for (int k = 0; k <= AR_STAGES; k++)
        finish_cost(p, have, &out->by_stage[k], rows->stage_placed[k]);
    for (int t = 0; t < AR_TIER_COUNT_; t++)
        finish_cost(p, have, &out->cost_by_tier[t], rows->tier_placed[t]);
    finish_cost(p, have, &out->cost_total, all_placed);
    free(hist);
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
    out->concentration = ratio(out->top_overdue, out->overdue_total, 100);
}

/* ---- the trend ------------------------------------------------------- */

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
 * its date on) and, with apply_unapplied = oldest, every point (credits
 * are applied as of each date). AR itself is exact at every point: the
 * flows that make it do not depend on where a settlement went. */
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
static void trend_one_pass(const ar_analysis *a, const ctx *c,
                           const points *pts, ar_kpi_rows *out,
                           ar_cents (*ar_at)[GROUPS])
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
    ar_cents(*flow)[GROUPS] = ar_xcalloc((size_t)n + 1, sizeof *flow);
    ar_date *last_late = ar_xmalloc((size_t)n * nc * sizeof *last_late);
    ar_date *last_inv = ar_xmalloc((size_t)n * nc * sizeof *last_inv);
    for (size_t k = 0; k < (size_t)n * nc; k++)
        last_late[k] = last_inv[k] = AR_DATE_NONE;
    int from, to;

#define EACH_POINT(lo, hi)                                                   \
    points_in(&ps, (lo), (hi), &from, &to);                                  \
    for (int k = from; k < to; k++)
#define SLOT(day) ((day) <= S0 ? 0 : 1 + first_ge(&ps, (day)))

    for (size_t i = 0; i < ar_ledger_doc_count(lg); i++) {
        const ar_doc *d = &docs[i];
        if (d->doc_date > a->as_of || d->currency != c->base)
            continue;
        uint8_t g = c->group[d->client];
        if (!ar_doc_is_item((ar_doc_type)d->type)) {
            flow[SLOT(d->doc_date)][g] -= d->amount; /* SPEC §8.19 */
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
        EACH_POINT(ap->date > d->doc_date ? ap->date : d->doc_date,
                   d->due_date)
            in[k].current_d -= ap->amount;
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
        for (int g = 0; g < GROUPS; g++) {
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
static void trend_by_passes(const ar_analysis *a, const ctx *c,
                            const points *ps, const bool *bad,
                            ar_cents (*ar_at)[GROUPS], ar_kpi_rows *out)
{
    ar_settle_events ev;
    ar_settle_events_init(a->ledger, a->as_of, &ev);
    for (int k = 0; k < ps->n - 1; k++) {
        if (!bad[k])
            continue;
        ar_kpi_inputs g[GROUPS];
        ar_cents placed[GROUPS];
        ar_settlement st;
        ar_settle_sorted(a->ledger, a->policy, &ev, ps->t[k], &st);
        gather(c, &st, ps->t[k], ar_at[k], ar_at[k + 1], g, placed);
        ar_settlement_fini(&st);
        out->trend_placed[k] = sum_groups(g, placed, &out->trend[k]);
    }
    ar_settle_events_fini(&ev);
}

/* The trend's dates: month-ends up to D; D itself is the last point even
 * when it is not a month-end (then the CEI of that point is
 * month-to-date). Returns how many. */
static int trend_dates(const ar_analysis *a, ar_date *t)
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

/* The row part of the KPIs comes from the ledger's folded summary: the
 * partitions computed it, and the rows are not all here. */
static const ar_kpi_rows *folded_rows(const ar_analysis *a)
{
    const ar_folded *f = ar_ledger_folded(a->ledger);
    return f ? f->kpi_rows : NULL;
}

bool ar_metrics_settles_again(const ar_analysis *a)
{
    if (folded_rows(a))
        return false;
    ar_date t[AR_TREND_MAX];
    int n = trend_dates(a, t);
    points ps;
    points_init(&ps, t, n);
    bool bad[AR_TREND_MAX];
    bool again = needs_passes(mark_uncut(a, &ps, bad), bad, n);
    free(ps.first);
    return again;
}

void ar_metrics_rows(const ar_analysis *a, ar_kpi_rows *out)
{
    memset(out, 0, sizeof *out);
    ctx c;
    ctx_init(&c, a, true);
    ar_date t[AR_TREND_MAX];
    int n = trend_dates(a, t);
    points ps;
    points_init(&ps, t, n);
    bool bad[AR_TREND_MAX];
    ar_cents ar_at[AR_TREND_MAX + 1][GROUPS];
    int uncut = mark_uncut(a, &ps, bad);
    trend_one_pass(a, &c, &ps, out, ar_at);
    if (needs_passes(uncut, bad, n))
        trend_by_passes(a, &c, &ps, bad, ar_at, out);
    free(ps.first);

    /* the point at D, by tier too, from the engine's own settlement */
    ar_cents ar_d[GROUPS];
    gather(&c, &a->settlement, a->as_of, ar_at[n - 1], ar_d, out->at_d,
           out->placed_d);
    recoveries_by_stage(a, &c, out);
    ctx_fini(&c);
}

static void add_recoveries(ar_recovery_cost *to, const ar_recovery_cost *x)
{
    to->recovered += x->recovered;
    to->recoveries += x->recoveries;
}

void ar_kpi_rows_add(ar_kpi_rows *to, const ar_kpi_rows *x)
{
    for (int k = 0; k < AR_TREND_MAX; k++) {
        add_inputs(&to->trend[k], &x->trend[k]);
        to->trend_placed[k] += x->trend_placed[k];
    }
    for (int g = 0; g < GROUPS; g++) {
        add_inputs(&to->at_d[g], &x->at_d[g]);
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
    ctx c;
    ctx_init(&c, a, false);
    ar_date t[AR_TREND_MAX];
    int n = out->trend_count = trend_dates(a, t);
    ar_cents costs[GROUPS];
    for (int k = 0; k < n - 1; k++) {
        ar_kpi_point *pt = &out->trend[k];
        ar_cents all = 0;
        costs_by_group(&c, t[k], costs);
        for (int g = 0; g < GROUPS; g++)
            all += costs[g];
        pt->date = t[k];
        pt->in = rows->trend[k];
        complete(&c, &pt->in, all, rows->trend_placed[k]);
        evaluate(p, &pt->in, pt->v);
    }

    /* the point at D, by tier too */
    ar_kpi_point *last = &out->trend[n - 1];
    ar_kpi_inputs g[GROUPS];
    memcpy(g, rows->at_d, sizeof g);
    costs_by_group(&c, a->as_of, costs);
    for (int k = 0; k < GROUPS; k++)
        complete(&c, &g[k], costs[k], rows->placed_d[k]);
    ar_cents placed = sum_groups(g, rows->placed_d, &last->in);
    complete(&c, &last->in, last->in.costs_w, placed);
    last->date = a->as_of;
    evaluate(p, &last->in, last->v);
    out->in = last->in;
    memcpy(out->v, last->v, sizeof out->v);
    for (int tr = 0; tr < AR_TIER_COUNT_; tr++) {
        out->tier_in[tr] = g[1 + tr];
        evaluate(p, &g[1 + tr], out->by_tier[tr]);
    }

    cost_by_stage(a, &c, rows, out);
    top_debtors(a, c.base, out);
    ctx_fini(&c);
    free(own);
}

void ar_analyse(const ar_ledger *lg, const ar_policy *p, ar_date as_of,
                ar_analysis *a)
{
    ar_analyse_without_kpis(lg, p, as_of, a);
    ar_metrics_compute(a, &a->kpi);
}
