/* settle.c - the as-of settlement pass. */
#include "ar/engine/settle.h"

#include "ar/base/sort.h"

#include <stdlib.h>
#include <string.h>

static const char *const credit_reason_names[AR_CREDIT_REASON_COUNT_] = {
    [AR_CREDIT_NO_TARGET] = "names no invoice",
    [AR_CREDIT_UNKNOWN_TARGET] = "names an unknown document",
    [AR_CREDIT_OVERPAYMENT] = "overpayment",
    [AR_CREDIT_CURRENCY] = "in another currency than its invoice",
};

const char *ar_credit_reason_name(ar_credit_reason r)
{
    return (unsigned)r < AR_CREDIT_REASON_COUNT_ ? credit_reason_names[r]
                                                 : "?";
}

uint32_t ar_settle_target(const ar_ledger *lg, uint32_t pay, ar_date as_of)
{
    const ar_doc *docs = ar_ledger_docs(lg);
    static const ar_doc_type kinds[] = {AR_DOC_INV, AR_DOC_DEB};
    for (size_t k = 0; k < 2; k++) {
        uint32_t t = ar_ledger_target(lg, pay, kinds[k]);
        if (t != AR_NONE && docs[t].client == docs[pay].client &&
            docs[t].doc_date <= as_of)
            return t;
    }
    return AR_NONE;
}

static void add_credit(ar_settlement *s, size_t *cap, const ar_doc *src,
                       uint32_t source, ar_cents amount,
                       ar_credit_reason why)
{
    ar_xgrow((void **)&s->credits, cap, s->credit_count + 1,
             sizeof *s->credits);
    s->credits[s->credit_count++] = (ar_credit){
        .client = src->client, .source = source, .date = src->doc_date,
        .amount = amount, .original = amount, .currency = src->currency,
        .reason = (uint8_t)why};
}

static void apply(ar_settlement *s, size_t *cap, uint32_t item,
                  uint32_t source, ar_date date, ar_doc_type kind,
                  ar_cents amount)
{
    ar_xgrow((void **)&s->apps, cap, s->app_count + 1, sizeof *s->apps);
    s->apps[s->app_count++] = (ar_application){
        .item = item, .source = source, .date = date, .kind = (uint8_t)kind,
        .amount = amount};
    s->open[item] -= amount;
    if (s->open[item] == 0)
        s->settled_on[item] = date; /* SPEC §8.14 */
}

/* Order of an item for apply_unapplied = oldest: due date, then file. */
static int cmp_oldest(const void *a, const void *b, void *ctx)
{
    const ar_doc *docs = ctx;
    const ar_doc *x = &docs[*(const uint32_t *)a];
    const ar_doc *y = &docs[*(const uint32_t *)b];
    if (x->client != y->client)
        return x->client < y->client ? -1 : 1;
    if (x->due_date != y->due_date)
        return x->due_date < y->due_date ? -1 : 1;
    return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

/* SPEC §2.1: with apply_unapplied = oldest, each client's unapplied
 * credits settle its open items oldest first (same currency). */
static void apply_oldest(const ar_ledger *lg, ar_settlement *s,
                         size_t *app_cap)
{
    const ar_doc *docs = ar_ledger_docs(lg);
    size_t n = 0;
    uint32_t *items = ar_xmalloc((s->doc_count + 1) * sizeof *items);
    for (size_t i = 0; i < s->doc_count; i++)
        if (s->open[i] > 0)
            items[n++] = (uint32_t)i;
    qsort_r(items, n, sizeof *items, cmp_oldest, (void *)docs);
    /* credits are in date order; walk them per client against the
     * client's run of items */
    size_t *first = ar_xmalloc((ar_ledger_client_count(lg) + 1) *
                               sizeof *first);
    for (size_t c = 0; c <= ar_ledger_client_count(lg); c++)
        first[c] = SIZE_MAX;
    for (size_t k = n; k-- > 0;)
        first[docs[items[k]].client] = k;
    for (size_t i = 0; i < s->credit_count; i++) {
        ar_credit *cr = &s->credits[i];
        size_t k = first[cr->client];
        for (; k != SIZE_MAX && k < n && cr->amount > 0 &&
               docs[items[k]].client == cr->client;
             k++) {
            uint32_t it = items[k];
            if (s->open[it] == 0 || docs[it].currency != cr->currency)
                continue;
            ar_cents take = cr->amount < s->open[it] ? cr->amount
                                                     : s->open[it];
            ar_date when = docs[it].doc_date > cr->date ? docs[it].doc_date
                                                        : cr->date;
            apply(s, app_cap, it, cr->source, when,
                  (ar_doc_type)docs[cr->source].type, take);
            cr->amount -= take;
        }
    }
    /* drop credits used up */
    size_t kept = 0;
    for (size_t i = 0; i < s->credit_count; i++)
        if (s->credits[i].amount > 0)
            s->credits[kept++] = s->credits[i];
    s->credit_count = kept;
    free(first);
    free(items);
}

/* Event key: date (biased, 32 bits), then PAY/CRN/WO rows before a
 * settled_date payment (SPEC §8.10, 1 bit), then file order (31 bits). */
static uint64_t event_key(ar_date when, uint64_t cls, size_t i)
{
    return ((uint64_t)((uint32_t)when ^ 0x80000000u) << 32) | (cls << 31) |
           (uint64_t)i;
}

static ar_date event_date(uint64_t key)
{
    return (ar_date)((uint32_t)(key >> 32) ^ 0x80000000u);
}

static uint32_t event_doc(uint64_t key)
{
    return (uint32_t)(key & 0x7fffffffu);
}

void ar_settle_events_init(const ar_ledger *lg, ar_date as_of,
                           ar_settle_events *ev)
{
    size_t n = ar_ledger_doc_count(lg);
    const ar_doc *docs = ar_ledger_docs(lg);
    ev->as_of = as_of;
    ev->keys = ar_xmalloc((2 * n + 1) * sizeof *ev->keys);
    size_t events = 0;
    for (size_t i = 0; i < n; i++) {
        const ar_doc *d = &docs[i];
        if (d->doc_date > as_of)
            continue; /* SPEC §1: not yet happened at D */
        if (!ar_doc_is_item((ar_doc_type)d->type))
            ev->keys[events++] = event_key(d->doc_date, 0, i);
        else if (d->settled_date != AR_DATE_NONE && d->settled_date <= as_of)
            ev->keys[events++] = event_key(d->settled_date, 1, i);
    }
    /* below bit 24: doc index bits that ascend in input order */
    ar_sort_keys_from(ev->keys, ev->keys + n, events, 24);
    ev->count = events;
    /* the scratch half was only for the sort: give it back now, the
     * events live as long as the analysis */
    ev->keys = ar_xrealloc(ev->keys, (events + 1) * sizeof *ev->keys);
}

void ar_settle_events_fini(ar_settle_events *ev)
{
    free(ev->keys);
    memset(ev, 0, sizeof *ev);
}

void ar_settle_sorted(const ar_ledger *lg, const ar_policy *p,
                      const ar_settle_events *ev, ar_date as_of,
                      ar_settlement *out)
{
    memset(out, 0, sizeof *out);
    out->as_of = as_of;
    size_t n = ar_ledger_doc_count(lg);
    const ar_doc *docs = ar_ledger_docs(lg);
    out->doc_count = n;
    out->open = ar_xcalloc(n + 1, sizeof *out->open);
    out->settled_on = ar_xmalloc((n + 1) * sizeof *out->settled_on);
    for (size_t i = 0; i < n; i++) {
        const ar_doc *d = &docs[i];
        out->settled_on[i] = AR_DATE_NONE;
        if (d->doc_date > as_of || !ar_doc_is_item((ar_doc_type)d->type))
            continue;
        out->open[i] = d->amount;
        if (d->amount == 0)
            out->settled_on[i] = d->doc_date;
    }

    size_t app_cap = 0, credit_cap = 0;
    for (size_t e = 0; e < ev->count; e++) {
        if (event_date(ev->keys[e]) > as_of)
            break; /* events after as_of have not happened yet */
        uint32_t i = event_doc(ev->keys[e]);
        const ar_doc *d = &docs[i];
        if (ar_doc_is_item((ar_doc_type)d->type)) {
            /* settled_date: a payment of whatever is still open (an item
             * dated after as_of is not open: nothing to take) */
            if (out->open[i] > 0)
                apply(out, &app_cap, i, i, d->settled_date, AR_DOC_PAY,
                      out->open[i]);
            continue;
        }
        if (ar_doc_consumed(d, as_of))
            continue; /* SPEC §2.6: cleared, counted on the item */
        if (!d->applies_to) {
            if (d->amount > 0)
                add_credit(out, &credit_cap, d, i, d->amount,
                           AR_CREDIT_NO_TARGET);
            continue;
        }
        uint32_t t = ar_settle_target(lg, i, as_of);
        if (t == AR_NONE || docs[t].currency != d->currency) {
            if (d->amount > 0)
                add_credit(out, &credit_cap, d, i, d->amount,
                           t == AR_NONE ? AR_CREDIT_UNKNOWN_TARGET
                                        : AR_CREDIT_CURRENCY);
            continue;
        }
        ar_cents take = d->amount < out->open[t] ? d->amount : out->open[t];
        if (take > 0)
            apply(out, &app_cap, t, i, d->doc_date, (ar_doc_type)d->type,
                  take);
        if (d->amount > take)
            add_credit(out, &credit_cap, d, i, d->amount - take,
                       AR_CREDIT_OVERPAYMENT);
    }
    if (p->apply_unapplied_oldest)
        apply_oldest(lg, out, &app_cap);
}

void ar_settle(const ar_ledger *lg, const ar_policy *p, ar_date as_of,
               ar_settlement *out)
{
    ar_settle_events ev;
    ar_settle_events_init(lg, as_of, &ev);
    ar_settle_sorted(lg, p, &ev, as_of, out);
    ar_settle_events_fini(&ev);
}

void ar_settlement_fini(ar_settlement *s)
{
    free(s->open);
    free(s->settled_on);
    free(s->apps);
    free(s->credits);
    memset(s, 0, sizeof *s);
}
