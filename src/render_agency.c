/* render_agency.c - agency/ (SPEC §3.4, §6): the accounts placed with the
 * collections agency, as placement.csv and placement.xlsx (Accounts,
 * Items, Payments, Letters), plus a statement PDF per debtor
 * (render_statement.c).
 *
 * Everything is gathered once into an ar_agency_packet, so the CSV, the
 * workbook and the statements cannot disagree: each Accounts column is
 * one entry of a table that both the CSV and the workbook writer read.
 */
#include "ar/agency.h"
#include "ar/xlsx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xlsxwriter.h>

#define CSV_NAME "placement.csv"
#define XLSX_NAME "placement.xlsx"

/* ---- working order ------------------------------------------------------ */

int ar_agency_order(const ar_analysis *a, uint32_t ra, uint32_t rb)
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

static int cmp_result(const void *x, const void *y, void *ctx)
{
    return ar_agency_order(ctx, *(const uint32_t *)x, *(const uint32_t *)y);
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

/* The letters already sent: history rows dated on or before D (a row
 * dated later has not happened as of D, SPEC §8.12) and this run's letter
 * when it was written, each placement's by date. */
static void collect_letters(const ar_run *run, const uint32_t *place_of,
                            ar_agency_packet *pk)
{
    const ar_analysis *a = &run->analysis;
    const ar_ledger *lg = a->ledger;
    const ar_letter_sent *sent = ar_ledger_letters(lg);
    size_t nsent = ar_ledger_letter_count(lg);
    keyed *keys = ar_xmalloc((nsent + pk->count + 1) * sizeof *keys);
    size_t n = 0;
    for (size_t k = 0; k < nsent; k++) {
        if (sent[k].client >= ar_ledger_client_count(lg) ||
            sent[k].run_date > a->as_of)
            continue;
        uint32_t r = a->result_of[sent[k].client];
        if (r == AR_NONE || place_of[r] == AR_NONE)
            continue;
        keys[n++] = (keyed){place_of[r], sent[k].run_date, (uint32_t)k,
                            sent[k].stage};
    }
    for (size_t r = 0; r < pk->count; r++) {
        const ar_placement *p = &pk->rows[r];
        if (run->letter_written && run->letter_written[p->result])
            keys[n++] = (keyed){(uint32_t)r, a->as_of,
                                (uint32_t)(nsent + r),
                                a->clients[p->result].letter_stage};
    }
    qsort(keys, n, sizeof *keys, cmp_keyed);
    pk->letters = ar_xcalloc(n + 1, sizeof *pk->letters);
    pk->letter_count = n;
    for (size_t k = 0; k < n; k++) {
        ar_agency_letter *l = &pk->letters[k];
        ar_placement *p = &pk->rows[keys[k].place];
        if (keys[k].index < nsent) {
            const ar_letter_sent *s = &sent[keys[k].index];
            *l = (ar_agency_letter){s->run_date, s->stage,
                                    text(lg, s->doc_nos), s->amount,
                                    s->currency, false};
        } else {
            const ar_client_result *cr = &a->clients[p->result];
            *l = (ar_agency_letter){a->as_of, cr->letter_stage,
                                    p->overdue_docs, cr->overdue_net,
                                    cr->currency, true};
        }
        if (p->letter_count++ == 0)
            p->first_letter = k;
    }
    free(keys);
}

void ar_agency_collect(const ar_run *run, ar_agency_packet *pk)
{
    const ar_analysis *a = &run->analysis;
    const ar_ledger *lg = a->ledger;
    const ar_doc *docs = ar_ledger_docs(lg);
    const ar_policy *pol = &run->policy;
    memset(pk, 0, sizeof *pk);

    /* SPEC §3.4, §8.15: the engine's agency action (never on a VIP) */
    uint32_t *order = ar_xmalloc((a->client_count + 1) * sizeof *order);
    size_t n = 0, nitems = 0;
    for (size_t r = 0; r < a->client_count; r++)
        if (a->clients[r].actions & (1u << AR_ACTION_AGENCY)) {
            order[n++] = (uint32_t)r;
            nitems += a->clients[r].open_count;
        }
    qsort_r(order, n, sizeof *order, cmp_result, (void *)a);

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
        fill_master(lg, ar_ledger_info_of(lg, cr->client), p);
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
    free(place_of);
    free(order);
}

void ar_agency_fini(ar_agency_packet *pk)
{
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

/* ---- the Accounts columns, shared by the CSV and the workbook ------------ */

typedef enum kind {
    K_TEXT,
    K_MONEY,   /* cents */
    K_INT,
    K_DATE,    /* blank when AR_DATE_NONE */
    K_FLAG,    /* Y / N */
    K_RATE,    /* basis points, shown as a percent number "12.50" */
} kind;

enum {
    A_ID, A_NAME, A_CONTACT, A_ADDRESS1, A_ADDRESS2, A_POSTAL, A_CITY,
    A_REGION, A_COUNTRY, A_EMAIL, A_PHONE, A_NO_CONTACT, A_KNOWN, A_TIER,
    A_SCORE, A_STAGE, A_CURRENCY, A_ITEMS, A_ORIGINAL, A_OPEN, A_CREDITS,
    A_OVERDUE, A_DISPUTED, A_NOT_DUE, A_OLDEST_DUE, A_DPD, A_LAST_PAY_DATE,
    A_LAST_PAY, A_LETTERS_SENT, A_LAST_LETTER, A_LETTERS, A_PRIOR,
    A_LEGAL, A_RATE, A_COMMISSION, A_NET, A_NOTE, A_OTHER, A_FILE, A_COLS
};

typedef struct column {
    const char *name;
    kind kind;
    double width;             /* workbook column width, characters */
} column;

static const column account_cols[A_COLS] = {
    [A_ID] = {"client_id", K_TEXT, 12},
    [A_NAME] = {"name", K_TEXT, 30},
    [A_CONTACT] = {"contact", K_TEXT, 24},
    [A_ADDRESS1] = {"address1", K_TEXT, 24},
    [A_ADDRESS2] = {"address2", K_TEXT, 14},
    [A_POSTAL] = {"postal_code", K_TEXT, 10},
    [A_CITY] = {"city", K_TEXT, 14},
    [A_REGION] = {"region", K_TEXT, 10},
    [A_COUNTRY] = {"country", K_TEXT, 8},
    [A_EMAIL] = {"email", K_TEXT, 28},
    [A_PHONE] = {"phone", K_TEXT, 18},
    [A_NO_CONTACT] = {"no_contact_data", K_FLAG, 9},
    [A_KNOWN] = {"in_clients_file", K_FLAG, 9},
    [A_TIER] = {"tier", K_TEXT, 11},
    [A_SCORE] = {"risk_score", K_INT, 7},
    [A_STAGE] = {"stage", K_INT, 6},
    [A_CURRENCY] = {"currency", K_TEXT, 8},
    [A_ITEMS] = {"open_items", K_INT, 7},
    [A_ORIGINAL] = {"original_amount", K_MONEY, 13},
    [A_OPEN] = {"open_amount", K_MONEY, 13},
    [A_CREDITS] = {"unapplied_credits", K_MONEY, 12},
    [A_OVERDUE] = {"overdue_balance", K_MONEY, 13},
    [A_DISPUTED] = {"disputed_amount", K_MONEY, 12},
    [A_NOT_DUE] = {"not_yet_due", K_MONEY, 12},
    [A_OLDEST_DUE] = {"oldest_due_date", K_DATE, 11},
    [A_DPD] = {"days_past_due", K_INT, 8},
    [A_LAST_PAY_DATE] = {"last_payment_date", K_DATE, 11},
    [A_LAST_PAY] = {"last_payment_amount", K_MONEY, 12},
    [A_LETTERS_SENT] = {"letters_sent", K_INT, 8},
    [A_LAST_LETTER] = {"last_letter_date", K_DATE, 11},
    [A_LETTERS] = {"letters", K_TEXT, 40},
    [A_PRIOR] = {"prior_collections", K_INT, 9},
    [A_LEGAL] = {"legal_candidate", K_FLAG, 8},
    [A_RATE] = {"commission_rate_pct", K_RATE, 11},
    [A_COMMISSION] = {"expected_commission", K_MONEY, 12},
    [A_NET] = {"net_recovery", K_MONEY, 13},
    [A_NOTE] = {"commission_note", K_TEXT, 50},
    [A_OTHER] = {"other_currencies", K_TEXT, 18},
    [A_FILE] = {"statement_file", K_TEXT, 16},
};

/* One cell's value: text (may point into buf) or a number. */
typedef struct value {
    const char *text;
    int64_t n;                /* cents, integer, date or basis points */
    bool blank;
} value;

static const char *letter_list(const ar_agency_packet *pk,
                               const ar_placement *p, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < p->letter_count && len + 1 < size; k++) {
        const ar_agency_letter *l = &pk->letters[p->first_letter + k];
        char day[16];
        int w = snprintf(buf + len, size - len, "%s%s stage %d%s",
                         k ? "; " : "",
                         ar_date_format_iso(l->date, day, sizeof day),
                         l->stage, l->this_run ? " (this run)" : "");
        len += w > 0 ? (size_t)w : 0;
    }
    if (len >= size && size > 4) /* cut: say so rather than end mid-way */
        memcpy(buf + size - 4, "...", 4);
    return buf;
}

static value account_value(const ar_run *run, const ar_agency_packet *pk,
                           const ar_placement *p, int col, char *buf,
                           size_t size)
{
    const ar_analysis *a = &run->analysis;
    const ar_client_result *cr = &a->clients[p->result];
    const ar_policy *pol = &run->policy;
    value v = {"", 0, false};
    switch (col) {
    case A_ID: v.text = p->id; break;
    case A_NAME: v.text = p->name; break;
    case A_CONTACT: v.text = p->contact; break;
    case A_ADDRESS1: v.text = p->address1; break;
    case A_ADDRESS2: v.text = p->address2; break;
    case A_POSTAL: v.text = p->postal_code; break;
    case A_CITY: v.text = p->city; break;
    case A_REGION: v.text = p->region; break;
    case A_COUNTRY: v.text = p->country; break;
    case A_EMAIL: v.text = p->email; break;
    case A_PHONE: v.text = p->phone; break;
    case A_NO_CONTACT: v.n = p->no_contact; break;
    case A_KNOWN: v.n = p->known; break;
    case A_TIER: v.text = ar_tier_name(cr->risk.tier); break;
    case A_SCORE: v.n = cr->risk.score; break;
    case A_STAGE: v.n = cr->stage; break;
    case A_CURRENCY:
        v.text = ar_ledger_currency_code(a->ledger, p->currency);
        break;
    case A_ITEMS: v.n = p->open_items; break;
    case A_ORIGINAL: v.n = p->original; break;
    case A_OPEN: v.n = p->open; break;
    case A_CREDITS: v.n = p->unapplied; break;
    case A_OVERDUE: v.n = p->overdue_net; break;
    case A_DISPUTED: v.n = p->disputed; break;
    case A_NOT_DUE: v.n = p->not_due; break;
    case A_OLDEST_DUE:
        v.n = p->oldest_due;
        v.blank = p->oldest_due == AR_DATE_NONE;
        break;
    case A_DPD: v.n = p->days_past_due; break;
    case A_LAST_PAY_DATE:
        v.n = p->last_payment;
        v.blank = p->last_payment == AR_DATE_NONE;
        break;
    case A_LAST_PAY:
        v.n = p->last_payment_amount;
        v.blank = p->last_payment == AR_DATE_NONE;
        break;
    case A_LETTERS_SENT: v.n = (int64_t)p->letter_count; break;
    case A_LAST_LETTER:
        v.blank = p->letter_count == 0;
        v.n = v.blank ? 0
                      : pk->letters[p->first_letter + p->letter_count - 1]
                            .date;
        break;
    case A_LETTERS: v.text = letter_list(pk, p, buf, size); break;
    case A_PRIOR: v.n = p->prior_collections; break;
    case A_LEGAL: v.n = p->legal; break;
    case A_RATE: v.n = pol->agency_commission_bp; break;
    case A_COMMISSION: v.n = p->commission; break;
    case A_NET: v.n = p->overdue_net - p->commission; break;
    case A_NOTE: {
        /* SPEC §3.4: cost-benefit, expected commission vs balance */
        char fee[32], bal[32], net[32];
        ar_money_format(p->commission, ',', '.', fee, sizeof fee);
        ar_money_format(p->overdue_net, ',', '.', bal, sizeof bal);
        ar_money_format(p->overdue_net - p->commission, ',', '.', net,
                        sizeof net);
        snprintf(buf, size,
                 "expected commission %s (%d.%02d%%) on an overdue balance "
                 "of %s: net recovery %s%s",
                 fee, pol->agency_commission_bp / 100,
                 pol->agency_commission_bp % 100, bal, net,
                 p->legal ? "; legal candidate, requires legal approval"
                          : "");
        v.text = buf;
        break;
    }
    case A_OTHER: v.text = p->other_open; break;
    case A_FILE:
        snprintf(buf, size, "%s.pdf", p->file);
        v.text = buf;
        break;
    default: break;
    }
    return v;
}

/* ---- placement.csv ------------------------------------------------------ */

static void csv_value(FILE *f, kind k, value v)
{
    char buf[32];
    if (v.blank)
        return;
    switch (k) {
    case K_TEXT: ar_csv_put_text(f, v.text); break;
    case K_MONEY: ar_csv_put_cents(f, v.n); break;
    case K_INT: fprintf(f, "%lld", (long long)v.n); break;
    case K_DATE:
        fputs(ar_date_format_iso((ar_date)v.n, buf, sizeof buf), f);
        break;
    case K_FLAG: putc(v.n ? 'Y' : 'N', f); break;
    case K_RATE:
        fprintf(f, "%lld.%02lld", (long long)(v.n / 100),
                (long long)(v.n % 100));
        break;
    }
}

static ar_err write_csv(const ar_run *run, const ar_agency_packet *pk,
                        const char *dir, ar_diag *d)
{
    FILE *f = ar_out_open(dir, CSV_NAME, d);
    if (!f)
        return AR_ERR_OUTPUT;
    for (int c = 0; c < A_COLS; c++) {
        if (c)
            putc(',', f);
        fputs(account_cols[c].name, f);
    }
    putc('\n', f);
    char buf[4096];
    for (size_t r = 0; r < pk->count; r++) {
        for (int c = 0; c < A_COLS; c++) {
            if (c)
                putc(',', f);
            csv_value(f, account_cols[c].kind,
                      account_value(run, pk, &pk->rows[r], c, buf,
                                    sizeof buf));
        }
        putc('\n', f);
    }
    return ar_out_close(f, dir, CSV_NAME, d);
}

/* ---- placement.xlsx ------------------------------------------------------ */

typedef struct book {
    const ar_run *run;
    const ar_agency_packet *pk;
    lxw_workbook *wb;
    ar_xlsx_formats f;
    lxw_format *rate;
    int err;                  /* first libxlsxwriter error */
} book;

#define KEEP(b, call) ar_xlsx_keep(&(b)->err, (call))

static void put_value(book *b, lxw_worksheet *ws, uint32_t row, uint16_t col,
                      kind k, value v)
{
    if (v.blank)
        return;
    switch (k) {
    case K_TEXT: KEEP(b, ar_xlsx_text(ws, row, col, v.text, NULL)); break;
    case K_MONEY: KEEP(b, ar_xlsx_cents(ws, row, col, v.n, b->f.money)); break;
    case K_INT:
        KEEP(b, worksheet_write_number(ws, row, col, (double)v.n,
                                       b->f.whole));
        break;
    case K_DATE:
        KEEP(b, worksheet_write_number(ws, row, col,
                                       ar_xlsx_serial((ar_date)v.n),
                                       b->f.date));
        break;
    case K_FLAG:
        KEEP(b, ar_xlsx_text(ws, row, col, v.n ? "Y" : "N", NULL));
        break;
    case K_RATE:
        /* basis points to a percent number: exact in a double */
        KEEP(b, worksheet_write_number(ws, row, col, (double)v.n / 100.0,
                                       b->rate));
        break;
    }
}

/* A list sheet: header row, frozen, filtered, columns sized. */
static lxw_worksheet *list_sheet(book *b, const char *name,
                                 const column *cols, uint16_t ncols,
                                 uint32_t rows)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
    if (!ws) {
        if (!b->err)
            b->err = LXW_ERROR_MEMORY_MALLOC_FAILED;
        return NULL;
    }
    for (uint16_t c = 0; c < ncols; c++) {
        KEEP(b, ar_xlsx_text(ws, 0, c, cols[c].name, b->f.header));
        KEEP(b, worksheet_set_column(ws, c, c, cols[c].width, NULL));
    }
    worksheet_freeze_panes(ws, 1, 1);
    KEEP(b, worksheet_autofilter(ws, 0, 0, rows, (uint16_t)(ncols - 1)));
    return ws;
}

static void accounts_sheet(book *b)
{
    const ar_agency_packet *pk = b->pk;
    lxw_worksheet *ws = list_sheet(b, "Accounts", account_cols, A_COLS,
                                   (uint32_t)pk->count);
    if (!ws)
        return;
    char buf[4096];
    for (size_t r = 0; r < pk->count; r++)
        for (int c = 0; c < A_COLS; c++)
            put_value(b, ws, (uint32_t)r + 1, (uint16_t)c,
                      account_cols[c].kind,
                      account_value(b->run, pk, &pk->rows[r], c, buf,
                                    sizeof buf));
}

enum { I_ID, I_NAME, I_CURRENCY, I_TYPE, I_DOC, I_DOC_DATE, I_DUE, I_DPD,
       I_ORIGINAL, I_OPEN, I_DISPUTED, I_STATUS, I_COLS };

static const column item_cols[I_COLS] = {
    [I_ID] = {"client_id", K_TEXT, 12},
    [I_NAME] = {"name", K_TEXT, 30},
    [I_CURRENCY] = {"currency", K_TEXT, 8},
    [I_TYPE] = {"doc_type", K_TEXT, 8},
    [I_DOC] = {"doc_no", K_TEXT, 18},
    [I_DOC_DATE] = {"doc_date", K_DATE, 11},
    [I_DUE] = {"due_date", K_DATE, 11},
    [I_DPD] = {"days_past_due", K_INT, 8},
    [I_ORIGINAL] = {"original_amount", K_MONEY, 13},
    [I_OPEN] = {"open_amount", K_MONEY, 13},
    [I_DISPUTED] = {"disputed", K_FLAG, 8},
    [I_STATUS] = {"status", K_TEXT, 22},
};

static void items_sheet(book *b)
{
    const ar_agency_packet *pk = b->pk;
    const ar_analysis *a = &b->run->analysis;
    const ar_ledger *lg = a->ledger;
    const ar_doc *docs = ar_ledger_docs(lg);
    lxw_worksheet *ws = list_sheet(b, "Items", item_cols, I_COLS,
                                   (uint32_t)pk->item_count);
    if (!ws)
        return;
    uint32_t row = 1;
    for (size_t r = 0; r < pk->count; r++) {
        const ar_placement *p = &pk->rows[r];
        for (size_t k = 0; k < p->item_count; k++, row++) {
            uint32_t i = pk->items[p->first_item + k];
            const ar_doc *doc = &docs[i];
            int32_t dpd = ar_days_past_due(a, i);
            const char *status =
                doc->currency != p->currency ? "other currency"
                : doc->disputed              ? "under review"
                : dpd >= 1                   ? "past due"
                                             : "not yet due";
            value v[I_COLS] = {
                [I_ID] = {p->id, 0, false},
                [I_NAME] = {p->name, 0, false},
                [I_CURRENCY] = {ar_ledger_currency_code(lg, doc->currency),
                                0, false},
                [I_TYPE] = {ar_doc_type_name((ar_doc_type)doc->type), 0,
                            false},
                [I_DOC] = {text(lg, doc->doc_no), 0, false},
                [I_DOC_DATE] = {NULL, doc->doc_date, false},
                [I_DUE] = {NULL, doc->due_date, false},
                [I_DPD] = {NULL, dpd, false},
                [I_ORIGINAL] = {NULL, doc->amount, false},
                [I_OPEN] = {NULL, a->settlement.open[i], false},
                [I_DISPUTED] = {NULL, doc->disputed, false},
                [I_STATUS] = {status, 0, false},
            };
            for (int c = 0; c < I_COLS; c++)
                put_value(b, ws, row, (uint16_t)c, item_cols[c].kind, v[c]);
        }
    }
}

enum { P_ID, P_DATE, P_TYPE, P_DOC, P_APPLIED, P_AMOUNT, P_CURRENCY, P_NOTE,
       P_COLS };

static const column pay_cols[P_COLS] = {
    [P_ID] = {"client_id", K_TEXT, 12},
    [P_DATE] = {"date", K_DATE, 11},
    [P_TYPE] = {"doc_type", K_TEXT, 8},
    [P_DOC] = {"doc_no", K_TEXT, 18},
    [P_APPLIED] = {"applied_to", K_TEXT, 18},
    [P_AMOUNT] = {"amount", K_MONEY, 13},
    [P_CURRENCY] = {"currency", K_TEXT, 8},
    [P_NOTE] = {"note", K_TEXT, 44},
};

static void payments_sheet(book *b)
{
    const ar_agency_packet *pk = b->pk;
    const ar_analysis *a = &b->run->analysis;
    const ar_ledger *lg = a->ledger;
    const ar_doc *docs = ar_ledger_docs(lg);
    lxw_worksheet *ws = list_sheet(b, "Payments", pay_cols, P_COLS,
                                   (uint32_t)(pk->app_count +
                                              pk->credit_count));
    if (!ws)
        return;
    uint32_t row = 1;
    char note[160];
    for (size_t r = 0; r < pk->count; r++) {
        const ar_placement *p = &pk->rows[r];
        for (size_t k = 0; k < p->app_count; k++, row++) {
            const ar_application *ap =
                &a->settlement.apps[pk->apps[p->first_app + k]];
            bool self = ap->source == ap->item; /* a settled_date payment */
            value v[P_COLS] = {
                [P_ID] = {p->id, 0, false},
                [P_DATE] = {NULL, ap->date, false},
                [P_TYPE] = {ar_doc_type_name((ar_doc_type)ap->kind), 0,
                            false},
                [P_DOC] = {self ? "" : text(lg, docs[ap->source].doc_no), 0,
                           false},
                [P_APPLIED] = {text(lg, docs[ap->item].doc_no), 0, false},
                [P_AMOUNT] = {NULL, ap->amount, false},
                [P_CURRENCY] = {ar_ledger_currency_code(
                                    lg, docs[ap->item].currency),
                                0, false},
                [P_NOTE] = {self ? "payment recorded on the invoice "
                                   "(settled date)"
                                 : "applied to an open item",
                            0, false},
            };
            for (int c = 0; c < P_COLS; c++)
                put_value(b, ws, row, (uint16_t)c, pay_cols[c].kind, v[c]);
        }
        for (size_t k = 0; k < p->credit_count; k++, row++) {
            const ar_credit *cd =
                &a->settlement.credits[pk->credits[p->first_credit + k]];
            snprintf(note, sizeof note, "unapplied credit (%s)",
                     ar_credit_reason_name((ar_credit_reason)cd->reason));
            value v[P_COLS] = {
                [P_ID] = {p->id, 0, false},
                [P_DATE] = {NULL, cd->date, false},
                [P_TYPE] = {ar_doc_type_name(
                                (ar_doc_type)docs[cd->source].type),
                            0, false},
                [P_DOC] = {text(lg, docs[cd->source].doc_no), 0, false},
                [P_APPLIED] = {"", 0, false},
                [P_AMOUNT] = {NULL, cd->amount, false},
                [P_CURRENCY] = {ar_ledger_currency_code(lg, cd->currency), 0,
                                false},
                [P_NOTE] = {note, 0, false},
            };
            for (int c = 0; c < P_COLS; c++)
                put_value(b, ws, row, (uint16_t)c, pay_cols[c].kind, v[c]);
        }
    }
}

enum { L_ID, L_DATE, L_STAGE, L_DOCS, L_AMOUNT, L_CURRENCY, L_THIS_RUN,
       L_COLS };

static const column letter_cols[L_COLS] = {
    [L_ID] = {"client_id", K_TEXT, 12},
    [L_DATE] = {"date", K_DATE, 11},
    [L_STAGE] = {"stage", K_INT, 6},
    [L_DOCS] = {"doc_nos", K_TEXT, 40},
    [L_AMOUNT] = {"amount", K_MONEY, 13},
    [L_CURRENCY] = {"currency", K_TEXT, 8},
    [L_THIS_RUN] = {"this_run", K_FLAG, 8},
};

static void letters_sheet(book *b)
{
    const ar_agency_packet *pk = b->pk;
    const ar_ledger *lg = b->run->analysis.ledger;
    lxw_worksheet *ws = list_sheet(b, "Letters", letter_cols, L_COLS,
                                   (uint32_t)pk->letter_count);
    if (!ws)
        return;
    uint32_t row = 1;
    for (size_t r = 0; r < pk->count; r++) {
        const ar_placement *p = &pk->rows[r];
        for (size_t k = 0; k < p->letter_count; k++, row++) {
            const ar_agency_letter *l = &pk->letters[p->first_letter + k];
            value v[L_COLS] = {
                [L_ID] = {p->id, 0, false},
                [L_DATE] = {NULL, l->date, false},
                [L_STAGE] = {NULL, l->stage, false},
                [L_DOCS] = {l->doc_nos, 0, false},
                [L_AMOUNT] = {NULL, l->amount, false},
                [L_CURRENCY] = {ar_ledger_currency_code(lg, l->currency), 0,
                                false},
                [L_THIS_RUN] = {NULL, l->this_run, false},
            };
            for (int c = 0; c < L_COLS; c++)
                put_value(b, ws, row, (uint16_t)c, letter_cols[c].kind, v[c]);
        }
    }
}

static ar_err write_xlsx(const ar_run *run, const ar_agency_packet *pk,
                         const char *dir, ar_diag *d)
{
    book b = {.run = run, .pk = pk};
    /* constant_memory: each sheet is written top to bottom, and holding
     * every cell until the close cost 30 MB at a million rows */
    b.wb = ar_xlsx_open(dir, XLSX_NAME, run->analysis.as_of,
                        "Collections agency placement", true, d);
    if (!b.wb)
        return AR_ERR_OUTPUT;
    ar_xlsx_formats_init(b.wb, &b.f);
    b.rate = workbook_add_format(b.wb);
    format_set_num_format(b.rate, "0.00");
    /* Excel's grid: one row per item must fit on the sheet */
    if (pk->item_count >= AR_XLSX_MAX_ROWS ||
        pk->app_count + pk->credit_count >= AR_XLSX_MAX_ROWS ||
        pk->letter_count >= AR_XLSX_MAX_ROWS) {
        ar_xlsx_close(b.wb, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE, dir,
                      XLSX_NAME, d);
        return ar_diag_set(d, AR_ERR_OUTPUT, XLSX_NAME, 0, NULL,
                           "more placed items than a worksheet holds "
                           "(1,048,575 rows)");
    }
    accounts_sheet(&b);
    items_sheet(&b);
    payments_sheet(&b);
    letters_sheet(&b);
    return ar_xlsx_close(b.wb, b.err, dir, XLSX_NAME, d);
}

/* ---- the renderer ---------------------------------------------------------- */

ar_err ar_render_agency(ar_run *run, const char *dir, ar_diag *d)
{
    ar_agency_packet pk;
    ar_agency_collect(run, &pk);
    char adir[4200];
    ar_err err = AR_OK;
    if ((size_t)snprintf(adir, sizeof adir, "%s/agency", dir) >= sizeof adir)
        err = ar_diag_set(d, AR_ERR_OUTPUT, dir, 0, NULL,
                          "output directory path is too long");
    else if (mkdir(adir, 0755) != 0 && errno != EEXIST)
        err = ar_diag_set(d, AR_ERR_OUTPUT, adir, 0, NULL,
                          "cannot create the directory: %s", strerror(errno));
    if (err == AR_OK)
        err = write_csv(run, &pk, adir, d);
    if (err == AR_OK)
        err = write_xlsx(run, &pk, adir, d);
    if (err == AR_OK)
        err = ar_render_statements(run, &pk, adir, d);
    ar_agency_fini(&pk);
    return err;
}
