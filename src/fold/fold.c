/* fold.c - large ledgers: the duplicates found over the partitions by
 * number, the analysis of each client partition and the fold of closed
 * history (fold.h). The temporary files are spool.c. */
#include "ar/fold/fold.h"
#include "ar/fold/spool.h"
#include "ar/engine/metrics.h"
#include "ar/engine/rollforward.h"

#include "ar/engine/analysis.h"
#include "ar/engine/settle.h"
#include "ar/base/sort.h"

#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define PART_BYTES (8u << 20) /* input bytes a partition aims at */
#define MAX_PARTS 128u

struct ar_fold {
    ar_ledger *lg;
    ar_fold_opts opts;
    uint16_t base;    /* the base currency (pass one picks it) */
    ar_folded *sum;   /* the ledger's folded summary */
    bool settle;      /* pass one kept the rows for the second */
    ar_spool_parts sp; /* by type and doc_no, then by client */
    ar_rollforward rf; /* the partitions' rollforwards, summed */
};

/* ---- open, add ------------------------------------------------------- */

ar_err ar_fold_open(ar_fold **out, ar_ledger *lg, const ar_fold_opts *o,
                    ar_diag *d)
{
    ar_fold *f = ar_xcalloc(1, sizeof *f);
    *out = f;
    f->lg = lg;
    f->opts = *o;
    uint64_t parts =
        o->input_bytes / (o->part_bytes ? o->part_bytes : PART_BYTES) + 1;
    return ar_spool_parts_open(&f->sp,
                               parts > MAX_PARTS ? MAX_PARTS : (size_t)parts,
                               f->opts.dir, d);
}

ar_err ar_fold_add(ar_fold *f, const ar_doc *doc, const char *doc_no,
                   size_t no_len, const char *applies_to, size_t ref_len,
                   ar_diag *d)
{
    if (no_len > UINT32_MAX || ref_len > UINT32_MAX)
        return ar_diag_set(d, AR_ERR_MALFORMED, f->opts.dir, doc->line, NULL,
                           "a field of 4 GiB or more: refused");
    ar_spool_row r = {.no = doc_no, .ref = applies_to};
    r.h = (ar_spool_head){.amount = doc->amount, .client = doc->client,
                          .line = doc->line, .doc_date = doc->doc_date,
                          .due_date = doc->due_date,
                          .settled_date = doc->settled_date,
                          .no_len = (uint32_t)no_len,
                          .ref_len = (uint32_t)ref_len,
                          .currency = doc->currency, .type = doc->type,
                          .disputed = doc->disputed};
    return ar_spool_put_by_no(&f->sp, &r, d);
}

/* ---- first pass: duplicates, totals ---------------------------------- */

typedef struct pass_one {
    uint16_t base;
    ar_folded *sum;
    ar_cents *limit_sum;  /* per currency, blank = base; stops past the
                             limit */
    bool any_over;
    ar_duplicate *dups;
    size_t dup_count, dup_cap;
} pass_one;

static bool same_no(const ar_spool_row *a, const ar_spool_row *b)
{
    return a->h.type == b->h.type && a->h.no_len == b->h.no_len &&
           memcmp(a->no, b->no, a->h.no_len) == 0;
}

static ar_doc doc_of(const ar_spool_row *r)
{
    return (ar_doc){.amount = r->h.amount, .client = r->h.client,
                    .line = r->h.line, .doc_date = r->h.doc_date,
                    .due_date = r->h.due_date,
                    .settled_date = r->h.settled_date,
                    .currency = r->h.currency, .type = r->h.type,
                    .disputed = r->h.disputed};
}

static void count_used(pass_one *one, ar_fold_result *res,
                       const ar_spool_row *r)
{
    const ar_spool_head *h = &r->h;
    if (res->first_date == AR_DATE_NONE || h->doc_date < res->first_date)
        res->first_date = h->doc_date;
    if (res->last_date == AR_DATE_NONE || h->doc_date > res->last_date)
        res->last_date = h->doc_date;
    if (!ar_cents_add(&one->sum->type_totals[h->currency * AR_DOC_COUNT_ +
                                             h->type],
                      h->amount))
        one->sum->type_totals_ok = false;
    uint16_t c = h->currency ? h->currency : one->base;
    if (one->limit_sum[c] <= AR_CENTS_TOTAL_MAX) {
        one->limit_sum[c] += h->amount;
        one->any_over |= one->limit_sum[c] > AR_CENTS_TOTAL_MAX;
    }
}

/* One partition by number: the first row of each (type, doc_no) in file
 * order stays (the partition holds its rows in file order), the others
 * are duplicates; the rows that stay go on by client. */
static ar_err dedupe_part(ar_fold *f, size_t k, pass_one *one,
                          ar_fold_result *res, ar_diag *d)
{
    char *buf;
    ar_spool_row *rows;
    size_t n;
    ar_err err = ar_spool_read_all(&f->sp.by_no[k], &buf, &rows, &n, d);
    if (err != AR_OK)
        return err;
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    uint32_t *slot = ar_xmalloc(cap * sizeof *slot);
    memset(slot, 0xff, cap * sizeof *slot);
    for (size_t i = 0; i < n && err == AR_OK; i++) {
        const ar_spool_row *r = &rows[i];
        /* the high bits: the low ones chose the partition, and are the
         * same for every row in it */
        size_t j =
            (ar_spool_hash_no(r->h.type, r->no, r->h.no_len) >> 32) &
            (cap - 1);
        while (slot[j] != UINT32_MAX && !same_no(&rows[slot[j]], r))
            j = (j + 1) & (cap - 1);
        if (slot[j] != UINT32_MAX) {
            ar_xgrow((void **)&one->dups, &one->dup_cap, one->dup_count + 1,
                     sizeof *one->dups);
            ar_duplicate *dup = &one->dups[one->dup_count++];
            dup->doc = doc_of(r);
            dup->doc.doc_no = ar_ledger_intern(f->lg, r->no, r->h.no_len);
            dup->first_line = rows[slot[j]].h.line;
            continue;
        }
        slot[j] = (uint32_t)i;
        ar_ledger_note_used_client(f->lg, r->h.client);
        count_used(one, res, r);
        err = ar_spool_put_by_client(&f->sp, r, d);
    }
    free(slot);
    free(rows);
    free(buf);
    return err;
}

typedef struct line_amount {
    uint32_t line;
    uint16_t currency;
    ar_cents amount;
} line_amount;

static int cmp_line_amount(const void *x, const void *y)
{
    const line_amount *a = x, *b = y;
    return a->line < b->line ? -1 : a->line > b->line;
}

/* Rare: some currency's rows add up past the limit. Find the row where
 * the running sum in file order first does, as for rows in memory (the
 * run is refused there): only the rows of such currencies are kept. */
static ar_err find_over_limit(ar_fold *f, pass_one *one, ar_diag *d)
{
    size_t nc = ar_ledger_currency_count(f->lg);
    size_t count = 0, cap = 0;
    line_amount *la = NULL;
    for (size_t k = 0; k < f->sp.n; k++) {
        ar_spool_reader rr;
        ar_spool_row r;
        ar_spool_reader_open(&rr, &f->sp.by_client[k], d);
        while (ar_spool_next(&rr, &r)) {
            uint16_t c = r.h.currency ? r.h.currency : one->base;
            if (one->limit_sum[c] <= AR_CENTS_TOTAL_MAX)
                continue;
            ar_xgrow((void **)&la, &cap, count + 1, sizeof *la);
            la[count++] = (line_amount){r.h.line, c, r.h.amount};
        }
        if (ar_spool_reader_close(&rr, false) != AR_OK) {
            free(la);
            return rr.err;
        }
    }
    qsort(la, count, sizeof *la, cmp_line_amount);
    ar_cents *run = ar_xcalloc(nc + 1, sizeof *run);
    for (size_t i = 0; i < count; i++) {
        if (la[i].amount > AR_CENTS_TOTAL_MAX - run[la[i].currency]) {
            one->sum->over_limit_line = la[i].line;
            one->sum->over_limit_currency = la[i].currency;
            break;
        }
        run[la[i].currency] += la[i].amount;
    }
    free(run);
    free(la);
    return AR_OK;
}

/* ---- second pass: analyse each client partition, fold ---------------- */

/* The costs and letters rows of each partition by client: those of
 * partition k are at[first[k] .. first[k + 1]). */
typedef struct by_part {
    uint32_t *at, *first;
} by_part;

static void by_part_init(const ar_fold *f, by_part *bp, size_t n,
                         const void *rows, size_t size, size_t client_at)
{
    bp->first = ar_xcalloc(f->sp.n + 1, sizeof *bp->first);
    bp->at = ar_xmalloc((n + 1) * sizeof *bp->at);
    const char *row = rows;
    uint32_t client;
    for (size_t i = 0; i < n; i++) {
        memcpy(&client, row + i * size + client_at, sizeof client);
        bp->first[ar_spool_client_part(&f->sp, client) + 1]++;
    }
    for (size_t k = 0; k < f->sp.n; k++)
        bp->first[k + 1] += bp->first[k];
    uint32_t *next = ar_xmalloc((f->sp.n + 1) * sizeof *next);
    memcpy(next, bp->first, (f->sp.n + 1) * sizeof *next);
    for (size_t i = 0; i < n; i++) {
        memcpy(&client, row + i * size + client_at, sizeof client);
        bp->at[next[ar_spool_client_part(&f->sp, client)]++] = (uint32_t)i;
    }
    free(next);
}

static void by_part_fini(by_part *bp)
{
    free(bp->at);
    free(bp->first);
}

typedef struct pass_two {
    const ar_policy *p;
    ar_date as_of;
    ar_folded *sum;
    by_part costs, letters;
} pass_two;

static uint32_t find_root(uint32_t *parent, uint32_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

static void join(uint32_t *parent, uint32_t a, uint32_t b)
{
    a = find_root(parent, a);
    b = find_root(parent, b);
    if (a != b)
        parent[a < b ? b : a] = a < b ? a : b;
}

/* Which rows of the partition ledger fold: those of a group linked by
 * settlements (a settlement and the item it names, an application's
 * source and item) that is closed for good as of D: every row dated on
 * or before D, every item settled, no credit left, and every application
 * went where its settlement pointed (apply_unapplied = oldest ones could
 * go elsewhere). Such a group touches no other row as of D, and what the
 * analysis reads of it besides the totals (the payment history, the
 * KPIs) the partition's own analysis has read. */
static bool *foldable(const ar_ledger *sub, const ar_settlement *s,
                      ar_date as_of)
{
    size_t n = ar_ledger_doc_count(sub);
    const ar_doc *docs = ar_ledger_docs(sub);
    uint32_t *parent = ar_xmalloc((n + 1) * sizeof *parent);
    uint32_t *target = ar_xmalloc((n + 1) * sizeof *target);
    bool *bad = ar_xcalloc(n + 1, sizeof *bad);
    for (size_t i = 0; i < n; i++)
        parent[i] = (uint32_t)i;
    for (size_t i = 0; i < n; i++) {
        const ar_doc *d = &docs[i];
        target[i] = AR_NONE;
        bad[i] = d->doc_date > as_of;
        if (ar_doc_is_item((ar_doc_type)d->type)) {
            bad[i] |= s->open[i] != 0 || s->settled_on[i] == AR_DATE_NONE ||
                      (d->settled_date != AR_DATE_NONE &&
                       d->settled_date > as_of);
        } else if (d->applies_to) {
            target[i] = ar_settle_target(sub, (uint32_t)i, as_of);
            /* link both kinds: the one it did not go to is in no other
             * group's way either */
            static const ar_doc_type kinds[] = {AR_DOC_INV, AR_DOC_DEB};
            for (size_t k = 0; k < 2; k++) {
                uint32_t t = ar_ledger_target(sub, (uint32_t)i, kinds[k]);
                if (t != AR_NONE && docs[t].client == d->client)
                    join(parent, (uint32_t)i, t);
            }
        }
    }
    for (size_t k = 0; k < s->app_count; k++) {
        const ar_application *ap = &s->apps[k];
        join(parent, ap->item, ap->source);
        if (ap->source != ap->item && target[ap->source] != ap->item)
            bad[ap->item] = true;
    }
    for (size_t k = 0; k < s->credit_count; k++)
        bad[s->credits[k].source] = true;
    for (size_t i = 0; i < n; i++)
        if (bad[i])
            bad[find_root(parent, (uint32_t)i)] = true;
    bool *fold = ar_xmalloc((n + 1) * sizeof *fold);
    for (size_t i = 0; i < n; i++)
        fold[i] = !bad[find_root(parent, (uint32_t)i)];
    free(bad);
    free(target);
    free(parent);
    return fold;
}

static void fold_payment(ar_folded_client *c, ar_date when, ar_cents amount)
{
    ar_last_payment_add(&c->last_payment, &c->last_payment_amount, when,
                        amount);
}

static void fold_row(ar_folded *sum, const ar_doc *d, uint32_t client,
                     uint16_t base, ar_date as_of)
{
    ar_folded_currency *fc = &sum->currencies[d->currency];
    if (fc->docs++ == 0 || d->line < fc->first_line)
        fc->first_line = d->line;
    sum->docs++;
    ar_folded_client *c = &sum->clients[client];
    if (!c->first_line || d->line < c->first_line)
        c->first_line = d->line;
    sum->clients[client].seen = true;
    if (d->currency == base)
        sum->clients[client].seen_base = true;
    else
        sum->clients[client].seen_other = true;
    if (ar_doc_is_item((ar_doc_type)d->type))
        fc->invoiced += d->amount;
    else if (!ar_doc_consumed(d, as_of))
        /* SPEC §2.6: as total_flows counts it (a clearing date after D
         * has not consumed it yet) */
        fc->settled += d->amount;
    if (d->type == AR_DOC_PAY && !ar_doc_consumed(d, as_of))
        /* a consumed one is its item's settled_date (collect_payments) */
        fold_payment(&sum->clients[client], d->doc_date, d->amount);
}

/* A row that does not fold, from the partition ledger to the main one. */
static void add_survivor(ar_ledger *lg, const ar_ledger *sub,
                         const ar_doc *sd, uint32_t client)
{
    ar_doc doc = *sd;
    const char *no = ar_ledger_text(sub, sd->doc_no);
    doc.client = client;
    doc.doc_no = ar_ledger_intern(lg, no, strlen(no));
    doc.applies_to = 0;
    if (sd->applies_to) {
        const char *ref = ar_ledger_ref_text(sub, sd->applies_to);
        doc.applies_to = ar_ledger_intern_ref(lg, ref, strlen(ref));
    }
    ar_ledger_add_doc(lg, &doc);
}

/* What the partition's analysis needs of its clients besides their rows:
 * the master data that tiers them, the agency costs that date their
 * placement, the letters that give their dunning stage. */
static void copy_client_data(const ar_ledger *lg, ar_ledger *sub, size_t k,
                             const pass_two *two, const uint32_t *local,
                             const uint32_t *main_of)
{
    const ar_client *sub_clients = ar_ledger_clients(sub);
    for (size_t c = 0; c < ar_ledger_client_count(sub); c++) {
        const ar_client_info *info = ar_ledger_info_of(lg, main_of[c]);
        if (!info)
            continue;
        ar_client_info copy = {.id = sub_clients[c].id,
                               .segment = info->segment,
                               .strategic = info->strategic,
                               .has_revenue = info->has_revenue,
                               .annual_revenue = info->annual_revenue,
                               .prior_collections = info->prior_collections,
                               .line = info->line,
                               .from_ledger = info->from_ledger,
                               .rejected_rows = info->rejected_rows};
        ar_ledger_add_info(sub, &copy);
    }
    const ar_cost *costs = ar_ledger_costs(lg);
    for (uint32_t j = two->costs.first[k]; j < two->costs.first[k + 1]; j++) {
        ar_cost cost = costs[two->costs.at[j]];
        if (local[cost.client] == AR_NONE)
            continue; /* a client without ledger rows */
        const char *action = ar_ledger_text(lg, cost.action);
        cost.client = local[cost.client];
        cost.action = ar_ledger_intern(sub, action, strlen(action));
        cost.doc_no = cost.note = 0;
        ar_ledger_add_cost(sub, &cost);
    }
    const ar_letter_sent *letters = ar_ledger_letters(lg);
    for (uint32_t j = two->letters.first[k]; j < two->letters.first[k + 1];
         j++) {
        ar_letter_sent l = letters[two->letters.at[j]];
        if (local[l.client] == AR_NONE)
            continue;
        l.client = local[l.client];
        l.doc_nos = 0;
        ar_ledger_add_letter(sub, &l);
    }
}

/* Each client's payment history, as the whole ledger would give it. */
static void keep_history(const ar_analysis *a, const uint32_t *main_of,
                         ar_folded *sum)
{
    for (size_t r = 0; r < a->client_count; r++) {
        const ar_client_result *cr = &a->clients[r];
        ar_folded_history *fc = &sum->history[main_of[cr->client]];
        fc->revenue = cr->in.revenue;
        fc->days_late_sum = cr->in.days_late_sum;
        fc->settled_count = cr->in.settled_count;
        fc->max_days_late = cr->in.max_days_late;
    }
}

/* One client partition on its way through the second pass. */
typedef struct part_work {
    ar_fold *f;
    size_t k;
    const pass_two *two;
    uint32_t *local;     /* ledger client -> the partition's, or AR_NONE
                            (each worker its own: all AR_NONE between
                            partitions) */
    ar_ledger *sub;
    uint32_t *main_of;   /* the partition ledger's client -> ours */
    ar_analysis a;
    ar_kpi_rows *rows;
    ar_rollforward rf;
    bool *fold;
    ar_err err;
    ar_diag d;
} part_work;

/* The partition's rows in file order in a ledger of their own (same
 * currency indexes as the main ledger), with its clients' data, analysed
 * as of D: its KPI row inputs, and which rows fold. It only reads the
 * main ledger, so two partitions can be analysed at once. The rows are
 * read a chunk at a time: a partition can be one client's whole history,
 * and its rows then cost their ledger once. */
static void analyse_part(part_work *w)
{
    const ar_ledger *lg = w->f->lg;
    ar_ledger *sub = w->sub = ar_ledger_new();
    for (uint16_t c = 1; c < ar_ledger_currency_count(lg); c++)
        ar_ledger_currency(sub, ar_ledger_currency_code(lg, c), 3);
    const ar_client *clients = ar_ledger_clients(lg);
    size_t main_cap = 0;
    ar_spool_reader rr;
    ar_spool_row r;
    ar_spool_reader_open(&rr, &w->f->sp.by_client[w->k], &w->d);
    while (ar_spool_next(&rr, &r)) {
        uint32_t *local = &w->local[r.h.client];
        if (*local == AR_NONE) {
            const char *id = ar_ledger_text(lg, clients[r.h.client].id);
            *local = ar_ledger_client(sub, id, strlen(id));
            ar_xgrow((void **)&w->main_of, &main_cap, (size_t)*local + 1,
                     sizeof *w->main_of);
            w->main_of[*local] = r.h.client;
        }
        ar_doc doc = doc_of(&r);
        doc.client = *local;
        doc.doc_no = ar_ledger_intern(sub, r.no, r.h.no_len);
        doc.applies_to = ar_ledger_intern_ref(sub, r.ref, r.h.ref_len);
        ar_ledger_add_doc(sub, &doc);
    }
    w->err = ar_spool_reader_close(&rr, true);
    if (w->err == AR_OK)
        copy_client_data(lg, sub, w->k, w->two, w->local, w->main_of);
    for (size_t c = 0; c < ar_ledger_client_count(sub); c++)
        w->local[w->main_of[c]] = AR_NONE;
    if (w->err != AR_OK)
        return;
    /* the file holds the rows of each first partition in turn */
    ar_ledger_order_by_line(sub);
    ar_ledger_finish_with_base(sub, w->f->base);
    ar_analyse_without_kpis(sub, w->two->p, w->two->as_of, &w->a);
    w->rows = ar_xmalloc(sizeof *w->rows);
    ar_metrics_rows(&w->a, w->rows);
    /* the rollforward settles the partition as of the opening date too:
     * a group closed for good by D may have been open then */
    ar_rollforward_compute(&w->a, w->f->opts.rollforward_from, &w->rf);
    w->fold = foldable(sub, &w->a.settlement, w->two->as_of);
}

static void *analyse_part_thread(void *arg)
{
    analyse_part(arg);
    return NULL;
}

/* The analysed partition into the main ledger and its folded summary:
 * the rows that fold go to the totals, the others into the ledger. */
static void merge_part(part_work *w)
{
    ar_folded *sum = w->two->sum;
    const ar_ledger *sub = w->sub;
    const uint32_t *main_of = w->main_of;
    ar_kpi_rows_add(sum->kpi_rows, w->rows);
    ar_rollforward_add(&w->f->rf, &w->rf);
    keep_history(&w->a, main_of, sum);
    /* the partition ledger's documents are the rows in file order (pass
     * one dropped every duplicate, so none is dropped here) */
    const ar_doc *docs = ar_ledger_docs(sub);
    for (size_t i = 0; i < ar_ledger_doc_count(sub); i++) {
        if (w->fold[i])
            fold_row(sum, &docs[i], main_of[docs[i].client], w->f->base,
                     w->two->as_of);
        else
            add_survivor(w->f->lg, sub, &docs[i], main_of[docs[i].client]);
    }
    const ar_settlement *s = &w->a.settlement;
    for (size_t j = 0; j < s->app_count; j++) {
        const ar_application *ap = &s->apps[j];
        if (ap->source != ap->item || !w->fold[ap->item])
            continue; /* a settled_date payment of a folded item */
        sum->currencies[docs[ap->item].currency].settled += ap->amount;
        fold_payment(&sum->clients[main_of[docs[ap->item].client]],
                     ap->date, ap->amount);
    }
}

static void part_fini(part_work *w)
{
    if (w->rows) /* analysed */
        ar_analysis_fini(&w->a);
    free(w->rows);
    ar_rollforward_fini(&w->rf);
    free(w->fold);
    free(w->main_of);
    ar_ledger_free(w->sub);
}

static int cmp_dup_line(const void *x, const void *y)
{
    const ar_duplicate *a = x, *b = y;
    return a->doc.line < b->doc.line ? -1 : a->doc.line > b->doc.line;
}

ar_err ar_fold_finish(ar_fold *f, const ar_policy *p, ar_fold_result *res,
                      ar_diag *d)
{
    memset(res, 0, sizeof *res);
    res->first_date = res->last_date = AR_DATE_NONE;
    pass_one one = {0};
    one.base = f->base = ar_ledger_pick_base(f->lg, p->base_currency);
    one.sum = f->sum = ar_ledger_fold_begin(f->lg);
    one.limit_sum = ar_xcalloc(ar_ledger_currency_count(f->lg) + 1,
                               sizeof *one.limit_sum);
    ar_err err = AR_OK;
    for (size_t k = 0; k < f->sp.n && err == AR_OK; k++)
        err = dedupe_part(f, k, &one, res, d);
    if (err == AR_OK && one.any_over)
        err = find_over_limit(f, &one, d);
    free(one.limit_sum);
    if (one.dup_count)
        qsort(one.dups, one.dup_count, sizeof *one.dups, cmp_dup_line);
    res->dups = one.dups;
    res->dup_count = one.dup_count;
    /* validate keeps no row; a ledger past the limit is refused (in
     * memory, check_totals finds the row) */
    f->settle = err == AR_OK && f->opts.as_of != AR_DATE_NONE && !one.any_over;
    return err;
}

bool ar_fold_pending(const ar_fold *f) { return f->settle; }

ar_err ar_fold_settle(ar_fold *f, const ar_policy *p, ar_diag *d)
{
    if (!f->settle)
        return AR_OK;
    f->settle = false;
    ar_folded *sum = f->sum;
    sum->kpi_rows = ar_xcalloc(1, sizeof *sum->kpi_rows);
    sum->history = ar_xcalloc(sum->client_count + 1, sizeof *sum->history);
    pass_two two = {.p = p, .as_of = f->opts.as_of, .sum = sum};
    size_t nc = ar_ledger_client_count(f->lg);
    by_part_init(f, &two.costs, ar_ledger_cost_count(f->lg),
                 ar_ledger_costs(f->lg), sizeof(ar_cost),
                 offsetof(ar_cost, client));
    by_part_init(f, &two.letters, ar_ledger_letter_count(f->lg),
                 ar_ledger_letters(f->lg), sizeof(ar_letter_sent),
                 offsetof(ar_letter_sent, client));
    /* two partitions are analysed at once (they only read the main
     * ledger), then merged into it one after the other */
    int ways = f->opts.threads > 1 ? 2 : 1;
    uint32_t *local[2];
    for (int j = 0; j < ways; j++) {
        local[j] = ar_xmalloc((nc + 1) * sizeof *local[j]);
        for (size_t c = 0; c < nc; c++)
            local[j][c] = AR_NONE;
    }
    ar_err err = AR_OK;
    for (size_t k = 0; k < f->sp.n && err == AR_OK; k += (size_t)ways) {
        part_work w[2];
        int n = k + 1 < f->sp.n ? ways : 1;
        for (int j = 0; j < n; j++)
            w[j] = (part_work){.f = f, .k = k + (size_t)j, .two = &two,
                               .local = local[j]};
        pthread_t tid;
        bool threaded = n > 1 &&
                        pthread_create(&tid, NULL, analyse_part_thread,
                                       &w[1]) == 0;
        analyse_part(&w[0]);
        if (threaded)
            pthread_join(tid, NULL);
        else if (n > 1)
            analyse_part(&w[1]);
        for (int j = 0; j < n; j++) {
            if (err == AR_OK && w[j].err != AR_OK) {
                err = w[j].err;
                *d = w[j].d;
            }
            if (err == AR_OK)
                merge_part(&w[j]);
            part_fini(&w[j]);
        }
    }
    for (int j = 0; j < ways; j++)
        free(local[j]);
    by_part_fini(&two.costs);
    by_part_fini(&two.letters);
    /* the summed rollforward goes to the folded summary, which owns it */
    sum->rollforward = f->rf.cur;
    sum->rollforward_count = f->rf.count;
    memset(&f->rf, 0, sizeof f->rf);
    ar_ledger_order_by_line(f->lg);
    return err;
}

void ar_fold_free(ar_fold *f)
{
    if (!f)
        return;
    ar_spool_parts_close(&f->sp);
    ar_rollforward_fini(&f->rf);
    free(f);
}
