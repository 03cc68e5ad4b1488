/* packet.c - the agency packet gathered once from the run (packet.h). */
#include "ar/render/agency/packet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- working order ------------------------------------------------------ */

static int cmp_result(const void *x, const void *y, void *ctx)
{
    return ar_analysis_work_order(ctx, *(const uint32_t *)x,
                                  *(const uint32_t *)y);
}

/* ---- gathering ------------------------------------------------------------ */

static const char *text(const ar_ledger *lg, ar_str s)
{
    return ar_ledger_text(lg, s);
}

/* Append "CODE 1,234.56" for each other currency's open money. */
static char *other_currencies(const ar_analysis *a, const ar_placement *p,
                              const uint32_t *items)
{
    const ar_ledger *lg = a->ledger;
    const ar_doc *docs = ar_ledger_docs(lg);
    size_t cap = 32, len = 0;
    char *out = ar_xmalloc(cap);
    out[0] = '\0';
    /* the other-currency items follow the primary ones; gather each
     * currency once, in the order first met */
    size_t from = p->item_count - p->other_items;
    for (size_t k = from; k < p->item_count; k++) {
        uint16_t cur = docs[items[k]].currency;
        bool seen = false;
        for (size_t j = from; j < k && !seen; j++)
            seen = docs[items[j]].currency == cur;
        if (seen)
            continue;
        ar_cents sum = 0;
        for (size_t j = k; j < p->item_count; j++)
            if (docs[items[j]].currency == cur)
                sum += a->settlement.open[items[j]];
        char amount[40], part[80];
        ar_money_format(sum, ',', '.', amount, sizeof amount);
        int n = snprintf(part, sizeof part, "%s%s %s", len ? "; " : "",
                         ar_ledger_currency_code(lg, cur), amount);
        ar_xgrow((void **)&out, &cap, len + (size_t)n + 1, 1);
        memcpy(out + len, part, (size_t)n + 1);
        len += (size_t)n;
    }
    return out;
}

static void fill_master(const ar_ledger *lg, const ar_client_info *info,
                        ar_placement *p)
{
    const char **fields[] = {&p->name, &p->contact, &p->address1,
                             &p->address2, &p->postal_code, &p->city,
                             &p->region, &p->country, &p->email, &p->phone};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        *fields[i] = "";
    p->known = info != NULL;
    if (!info)
        return;
    p->name = text(lg, info->name);
    p->contact = text(lg, info->contact);
    p->address1 = text(lg, info->address1);
    p->address2 = text(lg, info->address2);
    p->postal_code = text(lg, info->postal_code);
    p->city = text(lg, info->city);
    p->region = text(lg, info->region);
    p->country = text(lg, info->country);
    p->email = text(lg, info->email);
    p->phone = text(lg, info->phone);
    p->prior_collections = info->prior_collections;
}

/* Sort key of a list entry: its placement, then its date, then where it
 * came from (file order). */
typedef struct keyed {
    uint32_t place;
    ar_date date;
    uint32_t index;
    int stage;
} keyed;

static int cmp_keyed(const void *x, const void *y)
{
    const keyed *a = x, *b = y;
    if (a->place != b->place)
        return a->place < b->place ? -1 : 1;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    if (a->stage != b->stage)
        return a->stage < b->stage ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* The payments, credits and write-offs applied to the placements' open
 * items in their primary currency, each placement's by date. */
static void collect_apps(const ar_analysis *a, ar_agency_packet *pk)
{
    const ar_settlement *s = &a->settlement;
    const ar_doc *docs = ar_ledger_docs(a->ledger);
    size_t ndocs = ar_ledger_doc_count(a->ledger);
    uint32_t *place_of = ar_xmalloc((ndocs + 1) * sizeof *place_of);
    for (size_t i = 0; i < ndocs; i++)
        place_of[i] = AR_NONE;
    for (size_t r = 0; r < pk->count; r++) {
        const ar_placement *p = &pk->rows[r];
        for (size_t k = 0; k < p->item_count; k++) {
            uint32_t i = pk->items[p->first_item + k];
            if (docs[i].currency == p->currency)
                place_of[i] = (uint32_t)r;
        }
    }
    keyed *keys = ar_xmalloc((s->app_count + 1) * sizeof *keys);
    size_t n = 0;
    for (size_t k = 0; k < s->app_count; k++) {
        const ar_application *ap = &s->apps[k];
        if (ap->item < ndocs && place_of[ap->item] != AR_NONE &&
            ap->date <= a->as_of)
            keys[n++] = (keyed){place_of[ap->item], ap->date, (uint32_t)k, 0};
    }
    qsort(keys, n, sizeof *keys, cmp_keyed);
    pk->apps = ar_xmalloc((n + 1) * sizeof *pk->apps);
    pk->app_count = n;
    for (size_t k = 0; k < n; k++) {
        pk->apps[k] = keys[k].index;
        ar_placement *p = &pk->rows[keys[k].place];
        if (p->app_count++ == 0)
            p->first_app = k;
    }
    free(keys);
    free(place_of);
}

/* Each placement's unapplied credits (every currency), by date. */
static void collect_credits(const ar_analysis *a, const uint32_t *place_of,
                            ar_agency_packet *pk)
{
    const ar_settlement *s = &a->settlement;
    keyed *keys = ar_xmalloc((s->credit_count + 1) * sizeof *keys);
    size_t n = 0;
    for (size_t k = 0; k < s->credit_count; k++) {
        const ar_credit *c = &s->credits[k];
        uint32_t r = a->result_of[c->client];
        if (r == AR_NONE || place_of[r] == AR_NONE || c->amount <= 0)
            continue;
        keys[n++] = (keyed){place_of[r], c->date, (uint32_t)k, 0};
    }
    qsort(keys, n, sizeof *keys, cmp_keyed);
    pk->credits = ar_xmalloc((n + 1) * sizeof *pk->credits);
    pk->credit_count = n;
    for (size_t k = 0; k < n; k++) {
        pk->credits[k] = keys[k].index;
        ar_placement *p = &pk->rows[keys[k].place];
        if (p->credit_count++ == 0)
            p->first_credit = k;
    }
    free(keys);
}

/* The date a sent letter bears, as its reader saw it: the history's
 * letter_date, or its run date for a history written before letter dates
 * were recorded. */
static ar_date date_on_letter(const ar_letter_sent *s)
{
    return s->letter_date != AR_DATE_NONE ? s->letter_date : s->run_date;
}

/* The letters already sent: history rows of runs on or before D (a row
 * dated later has not happened as of D, SPEC §8.12), each placement's by
 * the date the letter bears. */
static void collect_letters(const ar_run *run, const uint32_t *place_of,
                            ar_agency_packet *pk)
{
    const ar_analysis *a = &run->analysis;
    const ar_ledger *lg = a->ledger;
    const ar_letter_sent *sent = ar_ledger_letters(lg);
    size_t nsent = ar_ledger_letter_count(lg);
    keyed *keys = ar_xmalloc((nsent + 1) * sizeof *keys);
    size_t n = 0;
    for (size_t k = 0; k < nsent; k++) {
        if (sent[k].client >= ar_ledger_client_count(lg) ||
            sent[k].run_date > a->as_of)
            continue;
        uint32_t r = a->result_of[sent[k].client];
        if (r == AR_NONE || place_of[r] == AR_NONE)
            continue;
        keys[n++] = (keyed){place_of[r], date_on_letter(&sent[k]),
                            (uint32_t)k, sent[k].stage};
    }
    /* a placed client gets no letter in the run that places it (README
     * "Agency packet"): the history holds all it was sent */
    qsort(keys, n, sizeof *keys, cmp_keyed);
    pk->letters = ar_xcalloc(n + 1, sizeof *pk->letters);
    pk->letter_count = n;
    for (size_t k = 0; k < n; k++) {
        ar_agency_letter *l = &pk->letters[k];
        ar_placement *p = &pk->rows[keys[k].place];
        const ar_letter_sent *s = &sent[keys[k].index];
        *l = (ar_agency_letter){date_on_letter(s), s->stage,
                                text(lg, s->doc_nos), s->amount,
                                s->currency};
        if (p->letter_count++ == 0)
            p->first_letter = k;
    }
    free(keys);
}

/* ---- placements per currency ---------------------------------------------- */

static int cmp_code(const void *x, const void *y, void *ctx)
{
    const ar_ledger *lg = ctx;
    uint16_t a = *(const uint16_t *)x, b = *(const uint16_t *)y;
    return strcmp(ar_ledger_currency_code(lg, a),
                  ar_ledger_currency_code(lg, b));
}

/* One lot of debtor row r in currency cur: its placed invoices (the
 * non-disputed past-due open items, by due date as open_items has them)
 * and the money beside them. */
static void add_lot(const ar_analysis *a, ar_agency_packet *pk, size_t r,
                    uint16_t cur, const ar_account *acc, size_t *cap_items)
{
    const ar_doc *docs = ar_ledger_docs(a->ledger);
    const ar_placement *p = &pk->rows[r];
    const ar_client_result *cr = &a->clients[p->result];
    const ar_policy *pol = a->policy;
    ar_lot *l = &pk->lots[pk->lot_count++];
    memset(l, 0, sizeof *l);
    l->row = r;
    l->currency = cur;
    l->primary = cur == cr->currency;
    l->first_item = pk->lot_item_count;
    l->oldest_due = AR_DATE_NONE;
    l->unapplied = acc->unapplied;
    for (uint32_t j = 0; j < cr->open_count; j++) {
        uint32_t i = a->open_items[cr->first_open + j];
        if (docs[i].currency != cur)
            continue;
        ar_cents open = a->settlement.open[i];
        int32_t dpd = ar_days_past_due(a, i);
        if (docs[i].disputed) {
            l->disputed += open;
            continue;
        }
        if (dpd < 1) {
            l->not_due += open;
            continue;
        }
        ar_xgrow((void **)&pk->lot_items, cap_items,
                 pk->lot_item_count + 1, sizeof *pk->lot_items);
        pk->lot_items[pk->lot_item_count++] = i;
        l->original += docs[i].amount;
        l->open += open;
        if (dpd > l->days_past_due) {
            l->days_past_due = dpd;
            l->oldest_due = docs[i].due_date;
        }
    }
    l->item_count = pk->lot_item_count - l->first_item;
    l->placed = l->open - l->unapplied;
    l->commission =
        ar_cents_muldiv(l->placed, pol->agency_commission_bp, 10000);
    int y, m, d;
    ar_date_to_ymd(a->as_of, &y, &m, &d);
    snprintf(l->id, sizeof l->id, "%04d%02d%02d-%05zu", y, m, d,
             pk->lot_count);
}

/* The placements of every debtor row (ar_agency_places_account): the
 * primary currency first, then the others by code. */
static void collect_lots(const ar_analysis *a, ar_agency_packet *pk)
{
    size_t cap = 0, cap_items = 0;
    for (size_t r = 0; r < pk->count; r++) {
        const ar_client_result *cr = &a->clients[pk->rows[r].result];
        uint16_t curs[64];
        size_t n = 0;
        for (uint32_t k = 0; k < cr->account_count && n < 64; k++) {
            const ar_account *acc = &a->accounts[cr->first_account + k];
            if (acc->currency != cr->currency &&
                ar_agency_places_account(cr, acc))
                curs[n++] = acc->currency;
        }
        qsort_r(curs, n, sizeof *curs, cmp_code, (void *)a->ledger);
        ar_xgrow((void **)&pk->lots, &cap, pk->lot_count + n + 1,
                 sizeof *pk->lots);
        for (size_t k = 0; k <= n; k++) {
            uint16_t cur = k == 0 ? cr->currency : curs[k - 1];
            const ar_account *acc = NULL;
            for (uint32_t j = 0; j < cr->account_count && !acc; j++)
                if (a->accounts[cr->first_account + j].currency == cur)
                    acc = &a->accounts[cr->first_account + j];
            static const ar_account none;
            add_lot(a, pk, r, cur, acc ? acc : &none, &cap_items);
        }
    }
}

void ar_agency_collect(const ar_run *run, ar_agency_packet *pk)
{
    const ar_analysis *a = &run->analysis;
    const ar_ledger *lg = a->ledger;
    const ar_doc *docs = ar_ledger_docs(lg);
    const ar_policy *pol = &run->policy;
    memset(pk, 0, sizeof *pk);

    /* SPEC §3.4, §8.15: the engine's agency action (never on a VIP);
     * README "Agency packet": held without a name, an address or an
     * earlier letter */
    uint32_t *order = ar_xmalloc((a->client_count + 1) * sizeof *order);
    size_t n = 0, nitems = 0;
    for (size_t r = 0; r < a->client_count; r++)
        if (a->clients[r].actions & (1u << AR_ACTION_AGENCY))
            order[n++] = (uint32_t)r;
    qsort_r(order, n, sizeof *order, cmp_result, (void *)a);
    pk->held = ar_xmalloc((n + 1) * sizeof *pk->held);
    size_t placed = 0;
    for (size_t k = 0; k < n; k++) {
        const ar_client_result *cr = &a->clients[order[k]];
        if (cr->agency_hold != AR_AGENCY_PLACED) {
            pk->held[pk->held_count++] =
                (ar_agency_held){order[k], cr->agency_hold};
            continue;
        }
        order[placed++] = order[k];
        nitems += cr->open_count;
    }
    n = placed;

    uint32_t *place_of = ar_xmalloc((a->client_count + 1) * sizeof *place_of);
    for (size_t r = 0; r < a->client_count; r++)
        place_of[r] = AR_NONE;
    pk->rows = ar_xcalloc(n + 1, sizeof *pk->rows);
    pk->items = ar_xmalloc((nitems + 1) * sizeof *pk->items);
    pk->count = n;
    for (size_t k = 0; k < n; k++) {
        const ar_client_result *cr = &a->clients[order[k]];
        ar_placement *p = &pk->rows[k];
        place_of[order[k]] = (uint32_t)k;
        p->result = order[k];
        p->id = text(lg, ar_ledger_clients(lg)[cr->client].id);
        const ar_client_info *info = ar_ledger_info_of(lg, cr->client);
        fill_master(lg, info, p);
        /* the language to write to the debtor in, as the letters choose
         * it (SPEC §2.2) */
        p->language = info ? text(lg, info->language) : "";
        if (!p->language[0])
            p->language = ar_policy_country_language(a->policy, p->country);
        /* the agency needs someone to reach: a postal address alone
         * (or nothing, for a client missing from the clients file) is
         * flagged */
        p->no_contact = !p->contact[0] && !p->email[0] && !p->phone[0];
        p->legal = (cr->actions & (1u << AR_ACTION_LEGAL)) != 0;
        p->currency = cr->currency;
        p->oldest_due = cr->worst_item != AR_NONE
                            ? docs[cr->worst_item].due_date
                            : AR_DATE_NONE;
        p->days_past_due = cr->max_dpd;
        p->last_payment = cr->last_payment;
        p->last_payment_amount = cr->last_payment_amount;
        p->overdue_net = cr->overdue_net;
        /* SPEC §3.4: cost-benefit, the commission the agency would keep */
        p->commission = ar_cents_muldiv(cr->overdue_net,
                                        pol->agency_commission_bp, 10000);
        for (uint32_t j = 0; j < cr->account_count; j++) {
            const ar_account *acc = &a->accounts[cr->first_account + j];
            if (acc->currency == cr->currency)
                p->unapplied = acc->unapplied;
        }
        /* primary-currency items by due date, then the others */
        p->first_item = pk->item_count;
        for (int pass = 0; pass < 2; pass++)
            for (uint32_t j = 0; j < cr->open_count; j++) {
                uint32_t i = a->open_items[cr->first_open + j];
                bool primary = docs[i].currency == cr->currency;
                if (primary != (pass == 0))
                    continue;
                pk->items[pk->item_count++] = i;
                if (!primary) {
                    p->other_items++;
                    continue;
                }
                ar_cents open = a->settlement.open[i];
                p->open_items++;
                p->original += docs[i].amount;
                p->open += open;
                if (docs[i].disputed)
                    p->disputed += open;
                else if (ar_days_past_due(a, i) >= 1)
                    p->overdue += open;
                else
                    p->not_due += open;
            }
        p->item_count = pk->item_count - p->first_item;
        p->other_open = other_currencies(a, p, pk->items + p->first_item);
        p->overdue_docs = ar_analysis_overdue_docs(a, cr);
        char name[AR_SAFE_NAME_MAX];
        memcpy(p->file, ar_safe_name(p->id, name), sizeof p->file);
    }
    collect_apps(a, pk);
    collect_credits(a, place_of, pk);
    collect_letters(run, place_of, pk);
    collect_lots(a, pk);
    free(place_of);
    free(order);
}

void ar_agency_fini(ar_agency_packet *pk)
{
    free(pk->lots);
    free(pk->lot_items);
    free(pk->held);
    for (size_t k = 0; k < pk->count; k++) {
        free(pk->rows[k].other_open);
        free(pk->rows[k].overdue_docs);
    }
    free(pk->rows);
    free(pk->items);
    free(pk->apps);
    free(pk->credits);
    free(pk->letters);
    memset(pk, 0, sizeof *pk);
}
