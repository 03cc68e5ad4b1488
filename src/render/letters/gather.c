/* gather.c - a letter's data from the run (SPEC §5): what the engine
 * decided for the client, its open items and credits in the letter's
 * currency, and the conditions its template's paragraphs test.
 */
#include "ar/render/letters/gather.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/base/creditor_ref.h"
#include "ar/base/date.h"
#include "ar/base/nfc.h"
#include "ar/pdf/qr.h"

/* A document number named by an earlier letter (history doc_nos). */
struct ar_gather_token {
    const char *text;
    size_t len;
};

/* ---- the credit index --------------------------------------------------- */

/* Per result, its unapplied credits: a counting sort by client. */
void ar_gather_init(ar_gather *g, const ar_run *run)
{
    g->run = run;
    const ar_analysis *a = &run->analysis;
    const ar_settlement *s = &a->settlement;
    g->credit_first = ar_xcalloc(a->client_count + 2,
                                 sizeof *g->credit_first);
    g->credit_by_client = ar_xmalloc((s->credit_count + 1) *
                                     sizeof *g->credit_by_client);
    for (size_t i = 0; i < s->credit_count; i++) {
        uint32_t r = a->result_of[s->credits[i].client];
        if (r != AR_NONE)
            g->credit_first[r + 2]++;
    }
    for (size_t r = 0; r < a->client_count; r++)
        g->credit_first[r + 2] += g->credit_first[r + 1];
    for (size_t i = 0; i < s->credit_count; i++) {
        uint32_t r = a->result_of[s->credits[i].client];
        if (r != AR_NONE)
            g->credit_by_client[g->credit_first[r + 1]++] = (uint32_t)i;
    }
    /* the same for the letters sent: rows dated after D have not
     * happened as of D (SPEC §8.12) */
    const ar_ledger *lg = run->ledger;
    const ar_letter_sent *sent = ar_ledger_letters(lg);
    size_t nsent = ar_ledger_letter_count(lg);
    size_t nclients = ar_ledger_client_count(lg);
    g->sent_first = ar_xcalloc(a->client_count + 2, sizeof *g->sent_first);
    g->sent_by_client = ar_xmalloc((nsent + 1) * sizeof *g->sent_by_client);
#define SENT_RESULT(i)                                                       \
    (sent[i].run_date <= a->as_of && sent[i].client < nclients               \
         ? a->result_of[sent[i].client]                                      \
         : AR_NONE)
    for (size_t i = 0; i < nsent; i++) {
        uint32_t r = SENT_RESULT(i);
        if (r != AR_NONE)
            g->sent_first[r + 2]++;
    }
    for (size_t r = 0; r < a->client_count; r++)
        g->sent_first[r + 2] += g->sent_first[r + 1];
    for (size_t i = 0; i < nsent; i++) {
        uint32_t r = SENT_RESULT(i);
        if (r != AR_NONE)
            g->sent_by_client[g->sent_first[r + 1]++] = (uint32_t)i;
    }
#undef SENT_RESULT
}

void ar_gather_fini(ar_gather *g)
{
    free(g->credit_first);
    free(g->credit_by_client);
    free(g->sent_first);
    free(g->sent_by_client);
    g->credit_first = g->credit_by_client = NULL;
    g->sent_first = g->sent_by_client = NULL;
}

static void drop_nfc(ar_gather_scratch *sc)
{
    for (size_t i = 0; i < sc->nfc_count; i++)
        free(sc->nfc[i]);
    sc->nfc_count = 0;
}

void ar_gather_scratch_fini(ar_gather_scratch *sc)
{
    drop_nfc(sc);
    free(sc->nfc);
    free(sc->items);
    free(sc->credits);
    free(sc->tokens);
}

/* ---- one letter --------------------------------------------------------- */

static const char *text(const ar_ledger *lg, ar_str s)
{
    return ar_ledger_text(lg, s);
}

/* s composed (Unicode form C): "Mu" U+0308 "ller" prints as "Müller",
 * which the fonts' 8-bit encodings have (the combining mark alone they
 * have not). Kept in sc until its next letter. */
static const char *nfc(ar_gather_scratch *sc, const char *s)
{
    char *composed = ar_nfc(s);
    if (!composed)
        return s;
    ar_xgrow((void **)&sc->nfc, &sc->nfc_cap, sc->nfc_count + 1,
             sizeof *sc->nfc);
    sc->nfc[sc->nfc_count++] = composed;
    return composed;
}

static int cmp_token(const void *a, const void *b)
{
    const struct ar_gather_token *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->text, y->text, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* How many of the n sorted tokens are doc_no. */
static uint32_t token_count(const struct ar_gather_token *tok, size_t n,
                            const char *doc_no)
{
    struct ar_gather_token key = {doc_no, strlen(doc_no)};
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_token(&tok[mid], &key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t c = 0;
    while (lo < n && cmp_token(&tok[lo], &key) == 0)
        lo++, c++;
    return c;
}

/* The doc_nos of a history row (separated by blanks, ';' or ',':
 * README "Inputs") into sc->tokens, sorted, each once. Returns how many. */
static size_t row_tokens(ar_gather_scratch *sc, const char *s)
{
    size_t n = 0;
    while (*s) {
        s += strspn(s, " \t;,");
        size_t len = strcspn(s, " \t;,");
        if (!len)
            break;
        ar_xgrow((void **)&sc->tokens, &sc->token_cap, n + 1,
                 sizeof *sc->tokens);
        sc->tokens[n++] = (struct ar_gather_token){s, len};
        s += len;
    }
    if (n > 1)
        qsort(sc->tokens, n, sizeof *sc->tokens, cmp_token);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (!u || cmp_token(&sc->tokens[u - 1], &sc->tokens[i]) != 0)
            sc->tokens[u++] = sc->tokens[i];
    return u;
}

/* What the history says about this letter (SPEC §8.12: rows dated on or
 * before D): per item how many earlier letters named it, and the earlier
 * letters about the items this one asks for (past due, not disputed). A
 * row that names no item at all is about the account as a whole and
 * counts; one that names only other items (paid since) does not. */
static void gather_history(const ar_gather *g, uint32_t result,
                           ar_gather_scratch *sc, ar_letter *l)
{
    const ar_ledger *lg = g->run->ledger;
    const ar_letter_sent *sent = ar_ledger_letters(lg);
    ar_letter_item *items = sc->items; /* l->items */
    ar_date last_run = AR_DATE_NONE;
    l->last_letter_date = AR_DATE_NONE;
    for (uint32_t k = g->sent_first[result]; k < g->sent_first[result + 1];
         k++) {
        const ar_letter_sent *ls = &sent[g->sent_by_client[k]];
        size_t m = row_tokens(sc, ar_ledger_text(lg, ls->doc_nos));
        bool about = m == 0;
        for (size_t i = 0; i < l->item_count && m; i++) {
            if (!token_count(sc->tokens, m, items[i].doc_no))
                continue;
            items[i].reminded++;
            l->show_reminded = true;
            about |= !items[i].disputed && items[i].days >= 1;
        }
        if (!about)
            continue;
        l->letters_before++;
        /* the latest by run date; on a tie the later row */
        if (ls->run_date >= last_run) {
            last_run = ls->run_date;
            l->last_letter_date = ls->letter_date != AR_DATE_NONE
                                      ? ls->letter_date
                                      : ls->run_date;
            l->last_letter_stage = ls->stage;
        }
    }
}

/* The letter's reference: client id, date, stage ("C1001-20261031-3").
 * Quoted on the transfer, so it stays short. */
static void make_reference(char *buf, size_t size, const char *id,
                           ar_date as_of, int stage)
{
    int y, m, d;
    ar_date_to_ymd(as_of, &y, &m, &d);
    size_t n = strlen(id);
    if (n > 60) {
        n = 60;
        while (n > 0 && (id[n] & 0xC0) == 0x80)
            n--;
    }
    snprintf(buf, size, "%.*s-%04d%02d%02d-%d", (int)n, id, y, m, d, stage);
}

void ar_gather_letter(const ar_gather *g, uint32_t result, int stage,
                      const ar_lang *lang, ar_gather_scratch *sc,
                      ar_letter *l)
{
    const ar_run *run = g->run;
    const ar_analysis *a = &run->analysis;
    const ar_ledger *lg = run->ledger;
    const ar_doc *docs = ar_ledger_docs(lg);
    const ar_client_result *cr = &a->clients[result];
    const ar_client_info *info = ar_ledger_info_of(lg, cr->client);
    memset(l, 0, sizeof *l);
    drop_nfc(sc);
    const char *id = nfc(sc, text(lg, ar_ledger_clients(lg)[cr->client].id));
    l->client_id = id;
    l->name = nfc(sc, text(lg, info->name));
    l->contact = nfc(sc, text(lg, info->contact));
    l->address1 = nfc(sc, text(lg, info->address1));
    l->address2 = nfc(sc, text(lg, info->address2));
    l->postal_code = nfc(sc, text(lg, info->postal_code));
    l->city = nfc(sc, text(lg, info->city));
    l->region = nfc(sc, text(lg, info->region));
    l->country = nfc(sc, text(lg, info->country));
    l->account_manager = nfc(sc, text(lg, info->account_manager));
    l->manager_phone = nfc(sc, text(lg, info->manager_phone));
    l->manager_email = nfc(sc, text(lg, info->manager_email));
    l->title = nfc(sc, text(lg, info->title));
    l->family_name = nfc(sc, text(lg, info->family_name));
    l->lang = lang;
    l->stage = stage;
    l->vip = cr->risk.tier == AR_TIER_VIP;
    l->currency = ar_ledger_currency_code(lg, cr->currency);
    l->as_of = a->as_of;
    /* SPEC §5: the day it is mailed, and a new pay-by date no more than a
     * week after it, on a business day (calendar.h, set by the run) */
    l->date = run->letter_date != AR_DATE_NONE ? run->letter_date : a->as_of;
    l->pay_by = run->pay_by != AR_DATE_NONE ? run->pay_by : l->date;
    l->oldest_due = AR_DATE_NONE;

    ar_xgrow((void **)&sc->items, &sc->item_cap, cr->open_count,
             sizeof *sc->items);
    size_t n = 0, others = 0;
    for (uint32_t k = 0; k < cr->open_count; k++) {
        uint32_t i = a->open_items[cr->first_open + k];
        const ar_doc *doc = &docs[i];
        ar_cents open = a->settlement.open[i];
        if (doc->currency != cr->currency) {
            /* SPEC §8.23: never added to this currency; noted apart */
            const char *code = ar_ledger_currency_code(lg, doc->currency);
            size_t o = 0;
            while (o < others && strcmp(sc->others[o].currency, code))
                o++;
            if (o == others && others < 8)
                sc->others[others++] = (ar_letter_other){code, 0};
            if (o < 8)
                sc->others[o].open += open;
            continue;
        }
        ar_letter_item *it = &sc->items[n++];
        it->reminded = 0;
        it->doc_no = nfc(sc, text(lg, doc->doc_no));
        it->doc_date = doc->doc_date;
        it->due_date = doc->due_date;
        it->days = ar_days_past_due(a, i);
        it->original = doc->amount;
        it->open = open;
        it->disputed = doc->disputed != 0;
        /* SPEC §3.2: disputed items are listed, never dunned */
        if (it->disputed) {
            l->disputed_total += open;
        } else if (it->days >= 1) {
            l->past_due += open;
            l->past_due_count++;
            if (it->days > l->max_days) {
                l->max_days = it->days;
                l->oldest_due = it->due_date;
            }
        } else {
            l->not_due_total += open;
        }
    }
    l->items = sc->items;
    l->item_count = n;
    l->others = sc->others;
    l->other_count = others;

    uint32_t c0 = g->credit_first[result], c1 = g->credit_first[result + 1];
    ar_xgrow((void **)&sc->credits, &sc->credit_cap, c1 - c0,
             sizeof *sc->credits);
    size_t nc = 0;
    for (uint32_t k = c0; k < c1; k++) {
        const ar_credit *c = &a->settlement.credits[g->credit_by_client[k]];
        if (c->currency != cr->currency || c->amount <= 0)
            continue;
        ar_doc_type type = (ar_doc_type)docs[c->source].type;
        sc->credits[nc++] = (ar_letter_credit){
            nfc(sc, text(lg, docs[c->source].doc_no)), c->date, c->amount,
            type == AR_DOC_PAY   ? AR_LETTER_CREDIT_PAYMENT
            : type == AR_DOC_CRN ? AR_LETTER_CREDIT_NOTE
                                 : AR_LETTER_CREDIT_OTHER};
        l->credit_total += c->amount;
    }
    l->credits = sc->credits;
    l->credit_count = nc;

    /* SPEC §8.13: the amount asked for is the engine's overdue balance net
     * of credits; fee and interest (SPEC §3.5) are separate lines */
    l->fee = cr->fee;
    l->interest = cr->interest;
    l->interest_rate_bp = run->policy.interest_rate_bp;
    /* a fee or interest large enough to pass what arbatch totals to the
     * cent holds the letter back (ar_gather_reject_amount), never wraps */
    ar_cents due = cr->overdue_net;
    l->out_of_range = !ar_cents_add(&due, cr->fee) ||
                      !ar_cents_add(&due, cr->interest) ||
                      cr->fee > AR_CENTS_TOTAL_MAX ||
                      cr->interest > AR_CENTS_TOTAL_MAX ||
                      due > AR_CENTS_TOTAL_MAX;
    l->amount_due = l->out_of_range ? 0 : due;

    uint32_t conds = 0;
    static const struct {
        ar_action_kind action;
        ar_cond cond;
    } acts[] = {{AR_ACTION_AGENCY, AR_COND_AGENCY},
                {AR_ACTION_LEGAL, AR_COND_LEGAL},
                {AR_ACTION_SUSPEND, AR_COND_SUSPEND},
                {AR_ACTION_CALL, AR_COND_CALL},
                {AR_ACTION_ACCOUNT_MANAGER, AR_COND_ACCOUNT_MANAGER}};
    for (size_t k = 0; k < sizeof acts / sizeof *acts; k++)
        if (cr->actions & (1u << acts[k].action))
            conds |= 1u << acts[k].cond;
    /* SPEC §3.4: never placed when VIP or below the minimum balance */
    conds |= (uint32_t)(cr->risk.tier != AR_TIER_VIP &&
                        cr->overdue_net >= run->policy.agency_min_balance)
             << AR_COND_AGENCY_POSSIBLE;
    conds |= (uint32_t)(l->fee != 0) << AR_COND_FEE;
    conds |= (uint32_t)(l->interest != 0) << AR_COND_INTEREST;
    conds |= (uint32_t)(nc != 0) << AR_COND_CREDITS;
    conds |= (uint32_t)(l->disputed_total != 0) << AR_COND_DISPUTED;
    conds |= (uint32_t)(l->not_due_total != 0) << AR_COND_NOT_YET_DUE;
    conds |= (uint32_t)l->vip << AR_COND_VIP;
    conds |= (uint32_t)(cr->risk.tier == AR_TIER_HIGH_RISK)
             << AR_COND_HIGH_RISK;
    conds |= (uint32_t)(l->contact[0] != '\0') << AR_COND_CONTACT;
    conds |= (uint32_t)(l->account_manager[0] != '\0') << AR_COND_MANAGER;
    conds |= (uint32_t)(l->account_manager[0] && l->manager_phone[0])
             << AR_COND_MANAGER_PHONE;

    /* the truth from the history (no reminder claimed that was not sent) */
    gather_history(g, result, sc, l);
    conds |= (uint32_t)(l->letters_before >= 1) << AR_COND_REMINDED;
    conds |= (uint32_t)(l->letters_before >= 2) << AR_COND_REMINDED_TWICE;
    l->conds = conds;

    make_reference(sc->reference, sizeof sc->reference, id, a->as_of, stage);
    l->reference = sc->reference;
    /* ISO 11649: the client id (the raw one, as the reference), the run
     * date and the stage, checked by mod 97 */
    ar_rf_for_letter(text(lg, ar_ledger_clients(lg)[cr->client].id),
                     a->as_of, stage, sc->payment_reference);
    l->payment_reference = sc->payment_reference;
    l->qr = NULL; /* encoded only when the letter is drawn */
}

bool ar_gather_payload(const ar_letterhead *h, const ar_letter *l,
                       char *payload, size_t size)
{
    /* EPC069-12: euros to an IBAN; the creditor reference structured */
    const ar_bank_account *acct = ar_letterhead_account(h, "EUR");
    return h->qr && acct && acct->iban[0] &&
           strcmp(l->currency, "EUR") == 0 &&
           ar_epc_payload(payload, size, acct->bic, acct->account_holder,
                          acct->iban, l->amount_due, l->payment_reference);
}

/* ---- a letter held back ------------------------------------------------- */

/* The note just added to the held list is the client's (a shard run
 * lists its own). */
static void tag_last(ar_run *run, const ar_client_result *cr)
{
    const char *id =
        ar_ledger_text(run->ledger, ar_ledger_clients(run->ledger)[cr->client].id);
    ar_rejects_client(&run->held, id, strlen(id));
}

/* The file and line a client's master data came from: its clients-file
 * line, or the ledger line whose own columns named it (no clients file,
 * or a client missing from it). */
static const char *client_source(const ar_run *run,
                                 const ar_client_info *info, long *line)
{
    *line = info ? (long)info->line : 0;
    const char *ledger = run->opts ? run->opts->ledger : "ledger";
    if (!info || info->from_ledger || !run->opts || !run->opts->clients)
        return ledger;
    return run->opts->clients;
}

static void hold_client(ar_run *run, const ar_client_result *cr,
                        const char *column, ar_err reason, const char *value,
                        const char *detail)
{
    const ar_ledger *lg = run->ledger;
    long line;
    const char *file =
        client_source(run, ar_ledger_info_of(lg, cr->client), &line);
    ar_rejects_add(&run->held, file, line, column, reason,
                   value ? value
                         : ar_ledger_text(lg,
                                          ar_ledger_clients(lg)[cr->client].id),
                   detail);
    tag_last(run, cr);
}

void ar_gather_reject_amount(ar_run *run, uint32_t result, int stage)
{
    const ar_client_result *cr = &run->analysis.clients[result];
    char due[32], fee[32], interest[32], detail[300];
    snprintf(detail, sizeof detail,
             "overdue balance %s + fee %s + interest %s is more than "
             "90,071,992,547,409.91, the most arbatch totals to the cent: "
             "letter of stage %d held back (check [fees] in the policy)",
             ar_money_format(cr->overdue_net, ',', '.', due, sizeof due),
             ar_money_format(cr->fee, ',', '.', fee, sizeof fee),
             ar_money_format(cr->interest, ',', '.', interest,
                             sizeof interest),
             stage);
    hold_client(run, cr, "client_id", AR_ERR_OVERFLOW, NULL, detail);
}

static bool blank(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return *s == '\0';
}

ar_mailable ar_gather_mailable(const ar_letter *l)
{
    if ((blank(l->address1) && blank(l->address2)) ||
        (blank(l->city) && blank(l->postal_code)))
        return AR_MAILABLE_NO_ADDRESS;
    if (blank(l->currency))
        return AR_MAILABLE_NO_CURRENCY;
    return AR_MAILABLE;
}

void ar_gather_reject_unmailable(ar_run *run, uint32_t result, int stage,
                                 ar_mailable why)
{
    const ar_analysis *a = &run->analysis;
    const ar_ledger *lg = run->ledger;
    const ar_client_result *cr = &a->clients[result];
    const ar_client_info *info = ar_ledger_info_of(lg, cr->client);
    char detail[300];
    if (why == AR_MAILABLE_NO_ADDRESS) {
        bool street = info && (!blank(text(lg, info->address1)) ||
                               !blank(text(lg, info->address2)));
        /* where the address would come from: the clients file, or the
         * export's own columns when there is none */
        bool given = run->opts && run->opts->clients;
        bool file = info && !info->from_ledger && given;
        snprintf(detail, sizeof detail,
                 "no postal address (a street line and a city or postal "
                 "code): letter of stage %d held back; %s",
                 stage,
                 file    ? "add the address to the clients file"
                 : given ? "add the client with its address to the clients "
                           "file, or name the export's address columns "
                           "([columns] address1, city, postal_code)"
                         : "give a clients file with it (--clients), or name "
                           "the export's address columns ([columns] address1, "
                           "city, postal_code)");
        hold_client(run, cr, street ? "city" : "address1", AR_ERR_UNMAILABLE,
                    NULL, detail);
        return;
    }
    /* the line of an open item in the client's currency, which has no
     * code: the base currency comes from the ledger's first used row */
    long line = 0;
    const ar_doc *docs = ar_ledger_docs(lg);
    for (uint32_t k = 0; k < cr->open_count && !line; k++) {
        const ar_doc *doc = &docs[a->open_items[cr->first_open + k]];
        if (doc->currency == cr->currency)
            line = (long)doc->line;
    }
    snprintf(detail, sizeof detail,
             "no currency code, and [general] base_currency is not set (the "
             "base currency is the first used row's, which has none): "
             "letter of stage %d held back (set base_currency to the "
             "currency of the amounts, USD for one)",
             stage);
    ar_rejects_add(&run->held, run->opts ? run->opts->ledger : "ledger", line,
                   "currency", AR_ERR_UNMAILABLE,
                   ar_ledger_text(lg, ar_ledger_clients(lg)[cr->client].id),
                   detail);
    tag_last(run, cr);
}

/* Whether the letter's text of v (composed, as gathered) holds cp. */
static bool has_char(const char *v, const char *cp)
{
    char *composed = ar_nfc(v);
    bool found = strstr(composed ? composed : v, cp) != NULL;
    free(composed);
    return found;
}

void ar_gather_reject(ar_run *run, uint32_t result, const char *what,
                      uint32_t bad_cp)
{
    const ar_analysis *a = &run->analysis;
    const ar_ledger *lg = run->ledger;
    const ar_client_result *cr = &a->clients[result];
    const ar_client_info *info = ar_ledger_info_of(lg, cr->client);
    char cp[8];
    int n = 0;
    uint32_t c = bad_cp;
    if (c < 0x80) {
        cp[n++] = (char)c;
    } else if (c < 0x800) {
        cp[n++] = (char)(0xC0 | c >> 6);
        cp[n++] = (char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        cp[n++] = (char)(0xE0 | c >> 12);
        cp[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
        cp[n++] = (char)(0x80 | (c & 0x3F));
    } else {
        cp[n++] = (char)(0xF0 | c >> 18);
        cp[n++] = (char)(0x80 | ((c >> 12) & 0x3F));
        cp[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
        cp[n++] = (char)(0x80 | (c & 0x3F));
    }
    cp[n] = '\0';
    char detail[160];
    snprintf(detail, sizeof detail,
             "U+%04X cannot be printed in the letter fonts: %s held back",
             (unsigned)c, what);
    static const char *const columns[] = {
        "name", "contact", "address1", "address2", "postal_code", "city",
        "region", "country", "account_manager"};
    const ar_str fields[] = {info->name, info->contact, info->address1,
                             info->address2, info->postal_code, info->city,
                             info->region, info->country,
                             info->account_manager};
    long line;
    const char *source = client_source(run, info, &line);
    for (size_t i = 0; info && i < sizeof fields / sizeof *fields; i++) {
        const char *v = ar_ledger_text(lg, fields[i]);
        if (has_char(v, cp)) {
            ar_rejects_add(&run->held, source, line, columns[i],
                           AR_ERR_GLYPH, v, detail);
            tag_last(run, cr);
            return;
        }
    }
    const ar_doc *docs = ar_ledger_docs(lg);
    for (uint32_t k = 0; k < cr->open_count; k++) {
        const ar_doc *doc = &docs[a->open_items[cr->first_open + k]];
        const char *v = ar_ledger_text(lg, doc->doc_no);
        if (has_char(v, cp)) {
            ar_rejects_add(&run->held,
                           run->opts ? run->opts->ledger : "ledger",
                           (long)doc->line, "doc_no", AR_ERR_GLYPH, v,
                           detail);
            tag_last(run, cr);
            return;
        }
    }
    hold_client(run, cr, "client_id", AR_ERR_GLYPH, NULL, detail);
}
