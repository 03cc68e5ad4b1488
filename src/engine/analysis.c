/* analysis.c - the engine: settle as of D, age the open items, total them
 * per client, account and currency, then apply the risk, dunning and
 * action rules to every client (SPEC §2-§4, §8). Pure: no I/O. */
#include "ar/engine/analysis.h"
#include "ar/engine/actions.h"
#include "ar/engine/risk.h"
#include "ar/engine/dunning.h"

#include "ar/base/sort.h"

#include <stdlib.h>
#include <string.h>

static const char *const hold_names[AR_HOLD_COUNT_] = {
    [AR_HOLD_NONE] = "letter",
    [AR_HOLD_NO_STAGE] = "nothing past due",
    [AR_HOLD_UNKNOWN_CLIENT] = "unknown client",
    [AR_HOLD_REJECTED_ROWS] = "a ledger row of the client was rejected",
    [AR_HOLD_BELOW_MINIMUM] = "below minimum letter amount",
    [AR_HOLD_WAITING] = "waiting after an earlier letter",
    [AR_HOLD_PLACED] = "placed with the agency",
};

const char *ar_hold_name(ar_hold h)
{
    return (unsigned)h < AR_HOLD_COUNT_ ? hold_names[h] : "?";
}

typedef struct sort_ctx {
    const ar_ledger *lg;
    const ar_analysis *a;
} sort_ctx;

static int cmp_client_id(const void *x, const void *y, void *ctx)
{
    const ar_ledger *lg = ctx;
    const ar_client *cl = ar_ledger_clients(lg);
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return strcmp(ar_ledger_text(lg, cl[a].id), ar_ledger_text(lg, cl[b].id));
}

/* Open items: by client (result order), due date, then file order. */
static int cmp_open_item(const void *x, const void *y, void *ctx)
{
    const sort_ctx *c = ctx;
    const ar_doc *docs = ar_ledger_docs(c->lg);
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    uint32_t ra = c->a->result_of[docs[a].client];
    uint32_t rb = c->a->result_of[docs[b].client];
    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (docs[a].due_date != docs[b].due_date)
        return docs[a].due_date < docs[b].due_date ? -1 : 1;
    return a < b ? -1 : a > b;
}

static ar_totals *totals_for(ar_analysis *a, size_t *cap, uint16_t c)
{
    for (size_t i = 0; i < a->totals_count; i++)
        if (a->totals[i].currency == c)
            return &a->totals[i];
    ar_xgrow((void **)&a->totals, cap, a->totals_count + 1,
             sizeof *a->totals);
    ar_totals *t = &a->totals[a->totals_count++];
    memset(t, 0, sizeof *t);
    t->currency = c;
    return t;
}

const ar_totals *ar_analysis_totals(const ar_analysis *a, uint16_t c)
{
    for (size_t i = 0; i < a->totals_count; i++)
        if (a->totals[i].currency == c)
            return &a->totals[i];
    return NULL;
}

/* Clients in scope (SPEC §8.18: a used row dated on or before D), sorted
 * by id so that every output lists them in one stable order. */
static void collect_clients(ar_analysis *a)
{
    const ar_ledger *lg = a->ledger;
    size_t nc = ar_ledger_client_count(lg);
    const ar_doc *docs = ar_ledger_docs(lg);
    bool *seen = ar_xcalloc(nc + 1, sizeof *seen);
    for (size_t i = 0; i < ar_ledger_doc_count(lg); i++)
        if (docs[i].doc_date <= a->as_of)
            seen[docs[i].client] = true;
    const ar_folded *f = ar_ledger_folded(lg);
    for (size_t c = 0; f && c < f->client_count; c++)
        seen[c] |= f->clients[c].seen; /* folded rows are dated <= D */
    uint32_t *order = ar_xmalloc((nc + 1) * sizeof *order);
    size_t n = 0;
    for (size_t c = 0; c < nc; c++)
        if (seen[c])
            order[n++] = (uint32_t)c;
    qsort_r(order, n, sizeof *order, cmp_client_id, (void *)lg);
    a->result_of = ar_xmalloc((nc + 1) * sizeof *a->result_of);
    for (size_t c = 0; c < nc; c++)
        a->result_of[c] = AR_NONE;
    a->clients = ar_xcalloc(n + 1, sizeof *a->clients);
    a->client_count = n;
    for (size_t r = 0; r < n; r++) {
        ar_client_result *cr = &a->clients[r];
        cr->client = order[r];
        cr->worst_item = AR_NONE;
        cr->last_payment = AR_DATE_NONE;
        cr->hold_until = AR_DATE_NONE;
        cr->currency = ar_ledger_base_currency(lg);
        a->result_of[order[r]] = (uint32_t)r;
    }
    free(order);
    free(seen);
}

/* One account per (client, currency) holding open items or credits. */
static void collect_accounts(ar_analysis *a)
{
    const ar_settlement *s = &a->settlement;
    const ar_doc *docs = ar_ledger_docs(a->ledger);
    size_t cap = 1024, n = 0;
    uint64_t *keys = ar_xmalloc(cap * sizeof *keys);
    for (size_t i = 0; i < s->doc_count; i++) {
        if (s->open[i] <= 0)
            continue;
        ar_xgrow((void **)&keys, &cap, n + 1, sizeof *keys);
        keys[n++] = (uint64_t)a->result_of[docs[i].client] << 16 |
                    docs[i].currency;
    }
    for (size_t i = 0; i < s->credit_count; i++) {
        ar_xgrow((void **)&keys, &cap, n + 1, sizeof *keys);
        keys[n++] = (uint64_t)a->result_of[s->credits[i].client] << 16 |
                    s->credits[i].currency;
    }
    uint64_t *tmp = ar_xmalloc((n + 1) * sizeof *tmp);
    ar_sort_keys(keys, tmp, n);
    free(tmp);
    a->accounts = ar_xcalloc(n + 1, sizeof *a->accounts);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && keys[i] == keys[i - 1])
            continue;
        uint32_t r = (uint32_t)(keys[i] >> 16);
        ar_account *acc = &a->accounts[m];
        acc->client = r;
        acc->currency = (uint16_t)(keys[i] & 0xffff);
        ar_client_result *cr = &a->clients[r];
        if (cr->account_count == 0)
            cr->first_account = (uint32_t)m;
        cr->account_count++;
        m++;
    }
    a->account_count = m;
    free(keys);
}

static ar_account *account_of(ar_analysis *a, uint32_t r, uint16_t cur)
{
    ar_client_result *cr = &a->clients[r];
    for (uint32_t k = 0; k < cr->account_count; k++)
        if (a->accounts[cr->first_account + k].currency == cur)
            return &a->accounts[cr->first_account + k];
    return NULL; /* not reached: every item and credit has an account */
}

/* Age every open item into its account, its client and its currency. */
static void age_items(ar_analysis *a, size_t *totals_cap)
{
    const ar_policy *p = a->policy;
    const ar_settlement *s = &a->settlement;
    const ar_doc *docs = ar_ledger_docs(a->ledger);
    a->open_items = ar_xmalloc((s->doc_count + 1) * sizeof *a->open_items);
    a->open_item_count = 0;
    for (size_t i = 0; i < s->doc_count; i++) {
        ar_cents open = s->open[i];
        if (open <= 0)
            continue;
        const ar_doc *d = &docs[i];
        uint32_t r = a->result_of[d->client];
        ar_client_result *cr = &a->clients[r];
        ar_account *acc = account_of(a, r, d->currency);
        int32_t dpd = a->as_of - d->due_date;
        int b = ar_policy_bucket_for(p, dpd);
        a->open_items[a->open_item_count++] = (uint32_t)i;
        acc->open_items++;
        acc->buckets[b] += open;
        acc->open += open;
        ar_totals *t = totals_for(a, totals_cap, d->currency);
        t->buckets[b] += open;
        t->open += open;
        t->open_items++;
        if (d->disputed) {
            acc->disputed += open;
            cr->in.disputed_items++;
            continue; /* SPEC §3.2: disputed items are never dunned */
        }
        if (dpd < 1)
            continue;
        acc->overdue += open;
        cr->in.past_due_items++;
        /* SPEC §3.3: the stage follows the most overdue eligible item */
        if (open >= p->min_item_amount && dpd > cr->max_dpd) {
            cr->max_dpd = dpd;
            cr->worst_item = (uint32_t)i;
        }
    }
    for (size_t i = 0; i < s->credit_count; i++) {
        const ar_credit *c = &s->credits[i];
        uint32_t r = a->result_of[c->client];
        account_of(a, r, c->currency)->unapplied += c->amount;
        totals_for(a, totals_cap, c->currency)->unapplied += c->amount;
    }
}

/* Invoiced and settled per currency (SPEC §8.19): every settlement dated
 * up to D at its full amount, settled_date payments for what they took. */
static int cmp_first_line(const void *x, const void *y, void *ctx)
{
    const ar_folded *f = ctx;
    uint32_t a = f->currencies[*(const uint16_t *)x].first_line;
    uint32_t b = f->currencies[*(const uint16_t *)y].first_line;
    return a < b ? -1 : a > b;
}

/* The currencies of folded rows, by their first row (caller frees). */
static uint16_t *folded_currencies(const ar_folded *f, size_t *n)
{
    *n = 0;
    if (!f)
        return NULL;
    uint16_t *cur = ar_xmalloc((f->currency_count + 1) * sizeof *cur);
    for (size_t c = 0; c < f->currency_count; c++)
        if (f->currencies[c].docs)
            cur[(*n)++] = (uint16_t)c;
    qsort_r(cur, *n, sizeof *cur, cmp_first_line, (void *)f);
    return cur;
}

static void total_flows(ar_analysis *a, size_t *totals_cap)
{
    const ar_doc *docs = ar_ledger_docs(a->ledger);
    /* folded rows count where their first row would have: the totals
     * list currencies in the order the rows show them */
    const ar_folded *f = ar_ledger_folded(a->ledger);
    size_t nf, next = 0;
    uint16_t *fcur = folded_currencies(f, &nf);
    for (size_t i = 0; i < ar_ledger_doc_count(a->ledger); i++) {
        const ar_doc *d = &docs[i];
        if (d->doc_date > a->as_of)
            continue;
        while (next < nf && f->currencies[fcur[next]].first_line < d->line)
            totals_for(a, totals_cap, fcur[next++]);
        ar_totals *t = totals_for(a, totals_cap, d->currency);
        if (ar_doc_is_item((ar_doc_type)d->type))
            t->invoiced += d->amount;
        else if (!ar_doc_consumed(d, a->as_of)) /* SPEC §2.6, §8.19 */
            t->settled += d->amount;
    }
    for (size_t k = 0; k < nf; k++) {
        const ar_folded_currency *fc = &f->currencies[fcur[k]];
        ar_totals *t = totals_for(a, totals_cap, fcur[k]);
        t->invoiced += fc->invoiced;
        t->settled += fc->settled;
    }
    free(fcur);
    const ar_settlement *s = &a->settlement;
    for (size_t k = 0; k < s->app_count; k++) {
        const ar_application *ap = &s->apps[k];
        if (ap->source == ap->item) /* a settled_date payment */
            totals_for(a, totals_cap, docs[ap->item].currency)->settled +=
                ap->amount;
    }
}

/* The client's primary currency, in which its thresholds compare: that
 * of the item that sets its stage, else the account with the most open
 * money (the base currency on a tie). */
static void choose_currency(ar_analysis *a, ar_client_result *cr,
                            uint16_t base)
{
    ar_account *best = NULL;
    const ar_doc *docs = ar_ledger_docs(a->ledger);
    for (uint32_t k = 0; k < cr->account_count; k++) {
        ar_account *acc = &a->accounts[cr->first_account + k];
        if (cr->worst_item != AR_NONE) {
            if (acc->currency == docs[cr->worst_item].currency)
                best = acc;
        } else if (!best || acc->open > best->open ||
                   (acc->open == best->open && acc->currency == base)) {
            best = acc;
        }
    }
    cr->currency = best ? best->currency : base;
    if (best) {
        cr->in.open = best->open;
        cr->in.overdue = best->overdue;
        /* SPEC §8.13: overdue balance net of all unapplied credits */
        cr->overdue_net = best->overdue - best->unapplied;
    }
}

/* Lateness of items settled in H and sales in H (SPEC §3.3). A folded
 * ledger's partitions worked them out over all of each client's rows. */
static void collect_history(ar_analysis *a)
{
    const ar_folded *f = ar_ledger_folded(a->ledger);
    if (f && f->history) {
        for (size_t r = 0; r < a->client_count; r++) {
            ar_client_result *cr = &a->clients[r];
            const ar_folded_history *fc = &f->history[cr->client];
            cr->in.revenue = fc->revenue;
            cr->in.days_late_sum = fc->days_late_sum;
            cr->in.settled_count = fc->settled_count;
            cr->in.max_days_late = fc->max_days_late;
        }
        return;
    }
    const ar_settlement *s = &a->settlement;
    const ar_doc *docs = ar_ledger_docs(a->ledger);
    ar_date from = a->as_of - a->policy->history_days; /* exclusive */
    /* SPEC §2.6: an open-balance export settles what it shows paid on
     * its export date, not on the day it was paid: no lateness from it
     * (a Paid invoice would count as paid weeks late) */
    bool no_dates = ar_ledger_open_balances(a->ledger);
    for (size_t i = 0; i < s->doc_count; i++) {
        const ar_doc *d = &docs[i];
        if (!ar_doc_is_item((ar_doc_type)d->type) || d->doc_date > a->as_of)
            continue;
        ar_client_result *cr = &a->clients[a->result_of[d->client]];
        if (d->doc_date > from && d->currency == cr->currency)
            cr->in.revenue += d->amount;
        ar_date on = s->settled_on[i];
        if (on == AR_DATE_NONE || on <= from || on > a->as_of ||
            d->amount == 0 || no_dates)
            continue;
        int32_t late = on - d->due_date;
        if (late < 0)
            late = 0;
        cr->in.days_late_sum += late;
        cr->in.settled_count++;
        if (late > cr->in.max_days_late)
            cr->in.max_days_late = late;
    }
}

/* Last cash received from each client: PAY rows and settled_date
 * payments (for what they took), dated up to D. A PAY consumed by a
 * clearing is counted once, as the settled_date of what it cleared
 * (SPEC §2.6): on the same day the two would add up to twice the cash. */
static void note_payment(ar_client_result *cr, ar_date when, ar_cents amount)
{
    ar_last_payment_add(&cr->last_payment, &cr->last_payment_amount, when,
                        amount);
}

static void collect_payments(ar_analysis *a)
{
    const ar_doc *docs = ar_ledger_docs(a->ledger);
    const ar_settlement *s = &a->settlement;
    for (size_t i = 0; i < ar_ledger_doc_count(a->ledger); i++)
        if (docs[i].type == AR_DOC_PAY && docs[i].doc_date <= a->as_of &&
            !ar_doc_consumed(&docs[i], a->as_of))
            note_payment(&a->clients[a->result_of[docs[i].client]],
                         docs[i].doc_date, docs[i].amount);
    for (size_t k = 0; k < s->app_count; k++) {
        const ar_application *ap = &s->apps[k];
        if (ap->source == ap->item)
            note_payment(&a->clients[a->result_of[docs[ap->item].client]],
                         ap->date, ap->amount);
    }
    const ar_folded *f = ar_ledger_folded(a->ledger);
    for (size_t c = 0; f && c < f->client_count; c++)
        if (f->clients[c].last_payment != AR_DATE_NONE)
            note_payment(&a->clients[a->result_of[c]],
                         f->clients[c].last_payment,
                         f->clients[c].last_payment_amount);
}

/* SPEC §3.5: simple interest per day past due on each overdue item,
 * rounded half-up to the cent. A sum past 64 bits stays at AR_CENTS_MAX
 * (the letters hold such a letter back: gather.c). */
static ar_cents interest_for(const ar_analysis *a, const ar_client_result *cr)
{
    const ar_doc *docs = ar_ledger_docs(a->ledger);
    ar_cents sum = 0;
    for (uint32_t k = 0; k < cr->open_count; k++) {
        uint32_t i = a->open_items[cr->first_open + k];
        int32_t dpd = ar_days_past_due(a, i);
        if (docs[i].disputed || dpd < 1 || docs[i].currency != cr->currency)
            continue;
        /* the product is exact and saturates; interest is never negative */
        if (!ar_cents_add(&sum, ar_cents_muldiv(
                                    a->settlement.open[i],
                                    (int64_t)a->policy->interest_rate_bp * dpd,
                                    10000LL * 365)))
            return AR_CENTS_MAX;
    }
    return sum;
}

/* Each client's run of open items in the sorted list. */
static void index_open_items(ar_analysis *a)
{
    const ar_doc *docs = ar_ledger_docs(a->ledger);
    for (size_t k = 0; k < a->open_item_count; k++) {
        ar_client_result *cr =
            &a->clients[a->result_of[docs[a->open_items[k]].client]];
        if (cr->open_count++ == 0)
            cr->first_open = (uint32_t)k;
    }
}

bool ar_agency_places_account(const ar_client_result *cr,
                              const ar_account *acc)
{
    return acc->currency == cr->currency || acc->overdue > acc->unapplied;
}

/* README "Agency packet": placed, one placement per currency, or held
 * with the reason. A letter in the history dated on or before D is an
 * earlier letter (this run's is not). */
static void agency(ar_analysis *a, ar_client_result *cr,
                   const ar_client_info *info, int announced)
{
    const ar_ledger *lg = a->ledger;
    ar_agency_hold h = ar_agency_hold_for(
        a->policy, info != NULL, info ? ar_ledger_text(lg, info->name) : "",
        info ? ar_ledger_text(lg, info->address1) : "",
        info ? ar_ledger_text(lg, info->postal_code) : "",
        info ? ar_ledger_text(lg, info->city) : "", announced);
    if (h == AR_AGENCY_PLACED && info && info->rejected_rows)
        h = AR_AGENCY_REJECTED_ROWS;
    cr->agency_hold = (uint8_t)h;
    if (h != AR_AGENCY_PLACED) {
        a->agency_held[h]++;
        return;
    }
    a->agency_debtors++;
    for (uint32_t k = 0; k < cr->account_count; k++)
        if (ar_agency_places_account(cr, &a->accounts[cr->first_account + k]))
            a->agency_placements++;
}

static void decide(ar_analysis *a)
{
    const ar_policy *p = a->policy;
    const ar_ledger *lg = a->ledger;
    size_t nc = ar_ledger_client_count(lg);
    ar_date *until = ar_xmalloc((nc + 1) * sizeof *until);
    ar_dunning_wait_until(p, ar_ledger_letters(lg), ar_ledger_letter_count(lg),
                          a->as_of, until, nc);
    /* the due date of each client's most overdue item: a letter sent
     * before it did not announce what the agency would be given */
    ar_date *due = ar_xmalloc((nc + 1) * sizeof *due);
    for (size_t c = 0; c <= nc; c++)
        due[c] = AR_DATE_NONE;
    for (size_t r = 0; r < a->client_count; r++)
        if (a->clients[r].max_dpd > 0 && a->clients[r].client < nc)
            due[a->clients[r].client] = a->as_of - a->clients[r].max_dpd;
    unsigned char *announced = ar_xmalloc(nc + 1);
    ar_dunning_announced(p, ar_ledger_letters(lg), ar_ledger_letter_count(lg),
                         a->as_of, due, announced, nc);
    free(due);
    for (size_t r = 0; r < a->client_count; r++) {
        ar_client_result *cr = &a->clients[r];
        const ar_client_info *info = ar_ledger_info_of(lg, cr->client);
        cr->in.segment = info ? info->segment : -1;
        cr->in.strategic = info && info->strategic;
        cr->in.prior_collections = info ? info->prior_collections : 0;
        if (info && info->has_revenue) {
            cr->in.revenue = info->annual_revenue;
            cr->in.revenue_from_file = true;
        }
        ar_risk_assess(p, &cr->in, &cr->risk);
        a->tiers[cr->risk.tier]++;
        cr->stage = ar_dunning_stage(p, cr->risk.tier, cr->max_dpd);
        a->stages[cr->stage]++;
        if (cr->account_count > 0) {
            for (uint32_t k = 0; k < cr->account_count; k++)
                if (a->accounts[cr->first_account + k].open_items > 0) {
                    a->clients_with_balance++;
                    break;
                }
        }
        cr->actions = ar_actions_decide(p, cr->risk.tier, cr->max_dpd,
                                        cr->in.past_due_items > 0,
                                        cr->overdue_net);
        for (int k = 0; k < AR_ACTION_COUNT_; k++)
            if (cr->actions & (1u << k))
                a->actions[k]++;
        bool placed = false;
        if (cr->actions & (1u << AR_ACTION_AGENCY)) {
            agency(a, cr, info, announced[cr->client]);
            placed = cr->agency_hold == AR_AGENCY_PLACED;
        }
        /* which letter goes out (SPEC §3.2, §8.12, §2.2) */
        if (cr->stage == 0) {
            cr->hold = AR_HOLD_NO_STAGE;
        } else if (!info) {
            cr->hold = AR_HOLD_UNKNOWN_CLIENT;
        } else if (info->rejected_rows) {
            cr->hold = AR_HOLD_REJECTED_ROWS;
        } else if (cr->overdue_net < p->min_letter_amount) {
            cr->hold = AR_HOLD_BELOW_MINIMUM;
        } else if (placed) {
            cr->hold = AR_HOLD_PLACED;
        } else {
            ar_date next = until[cr->client];
            if (next != AR_DATE_NONE && next > a->as_of) {
                cr->hold = AR_HOLD_WAITING;
                cr->hold_until = next;
            } else {
                cr->hold = AR_HOLD_NONE;
                cr->letter_stage = cr->stage;
                a->letters[cr->stage]++;
            }
        }
        a->holds[cr->hold]++;
        if (p->fees_enabled && cr->letter_stage > 0) {
            cr->fee = p->stage_fee[cr->letter_stage - 1];
            cr->interest = interest_for(a, cr);
        }
    }
    free(until);
    free(announced);
}

int ar_analysis_work_order(const ar_analysis *a, uint32_t ra, uint32_t rb)
{
    const ar_client_result *p = &a->clients[ra], *q = &a->clients[rb];
    if (p->currency != q->currency) {
        /* amounts in different currencies do not compare (SPEC §8.23):
         * the base currency first, then the others by code */
        uint16_t base = ar_ledger_base_currency(a->ledger);
        if (p->currency == base)
            return -1;
        if (q->currency == base)
            return 1;
        int c = strcmp(ar_ledger_currency_code(a->ledger, p->currency),
                       ar_ledger_currency_code(a->ledger, q->currency));
        if (c)
            return c;
        return p->currency < q->currency ? -1 : 1;
    }
    if (p->overdue_net != q->overdue_net)
        return p->overdue_net > q->overdue_net ? -1 : 1;
    if (p->max_dpd != q->max_dpd)
        return p->max_dpd > q->max_dpd ? -1 : 1;
    return ra < rb ? -1 : ra > rb; /* results are sorted by client id */
}

char *ar_analysis_overdue_docs(const ar_analysis *a,
                               const ar_client_result *cr)
{
    const ar_ledger *lg = a->ledger;
    const ar_doc *docs = ar_ledger_docs(lg);
    size_t cap = 64, len = 0;
    char *buf = ar_xmalloc(cap);
    buf[0] = '\0';
    for (uint32_t k = 0; k < cr->open_count; k++) {
        uint32_t i = a->open_items[cr->first_open + k];
        if (docs[i].disputed || ar_days_past_due(a, i) < 1 ||
            docs[i].currency != cr->currency)
            continue; /* the overdue balance is in the primary currency */
        const char *no = ar_ledger_text(lg, docs[i].doc_no);
        size_t n = strlen(no);
        ar_xgrow((void **)&buf, &cap, len + n + 2, 1);
        if (len)
            buf[len++] = ';'; /* one separator for every list (history) */
        memcpy(buf + len, no, n + 1);
        len += n;
    }
    return buf;
}

void ar_analyse_without_kpis(const ar_ledger *lg, const ar_policy *p,
                             ar_date as_of, ar_analysis *a)
{
    memset(a, 0, sizeof *a);
    a->as_of = as_of;
    a->ledger = lg;
    a->policy = p;
    ar_settle(lg, p, as_of, &a->settlement);
    collect_clients(a);
    collect_accounts(a);
    size_t totals_cap = 0;
    totals_for(a, &totals_cap, ar_ledger_base_currency(lg));
    age_items(a, &totals_cap);
    total_flows(a, &totals_cap);
    uint16_t base = ar_ledger_base_currency(lg);
    for (size_t r = 0; r < a->client_count; r++)
        choose_currency(a, &a->clients[r], base);
    collect_history(a);
    collect_payments(a);
    a->open_items = ar_xrealloc(a->open_items, (a->open_item_count + 1) *
                                                   sizeof *a->open_items);
    sort_ctx ctx = {lg, a};
    qsort_r(a->open_items, a->open_item_count, sizeof *a->open_items,
            cmp_open_item, &ctx);
    index_open_items(a);
    decide(a);
}

void ar_analysis_drop_settled_on(ar_analysis *a)
{
    free(a->settlement.settled_on);
    a->settlement.settled_on = NULL;
}

void ar_analysis_fini(ar_analysis *a)
{
    ar_settlement_fini(&a->settlement);
    free(a->clients);
    free(a->accounts);
    free(a->result_of);
    free(a->totals);
    free(a->open_items);
    memset(a, 0, sizeof *a);
}
