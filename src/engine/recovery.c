/* recovery.c - cost per recovery by dunning stage and risk tier
 * (recovery.h): the letters history sorted once by client and date, each
 * recovery and cost row looked up in it by binary search. */
#include "ar/engine/recovery.h"

#include <stdlib.h>
#include <string.h>

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
        rc->ratio =
            ar_kpi_ratio(rc->costs + rc->commission, rc->recovered, 100);
}

static void add_recovery(ar_recovery_cost *rc, ar_cents amount)
{
    rc->recovered += amount;
    rc->recoveries++;
}

/* SPEC §4, the rows' part of cost per recovery: each recovery in W counts
 * for the stage of the client's latest letter (history file) on or
 * before its date, "no letter" (stage 0) when none, and for its tier. */
void ar_recovery_rows(const ar_analysis *a, const ar_kpi_ctx *c,
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
        if (d->currency != c->base ||
            !ar_kpi_is_recovery(ap, d, w_from, a->as_of))
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
void ar_recovery_costs(const ar_analysis *a, const ar_kpi_ctx *c,
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
        if (cs->date <= w_from || cs->date > a->as_of ||
            (c->cost_counts && !c->cost_counts[cs->client]))
            continue; /* SPEC §8.22: not one whose recoveries count */
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
