/* fold.c - large ledgers: the spool, its two partitionings and the fold
 * of closed history (fold.h). */
#include "ar/fold/fold.h"
#include "ar/engine/metrics.h"

#include "ar/engine/analysis.h"
#include "ar/engine/settle.h"
#include "ar/base/sort.h"

#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#define PART_BYTES (8u << 20) /* input bytes a partition aims at */
#define MAX_PARTS 128u
#define BUF_BYTES (32u << 10) /* write buffer of each temporary file */

/* A row in a temporary file: this head, doc_no, then applies_to. */
typedef struct rec_head {
    ar_cents amount;
    uint32_t client, line;
    ar_date doc_date, due_date, settled_date;
    uint32_t no_len, ref_len;
    uint16_t currency;
    uint8_t type, disputed;
} rec_head;

typedef struct rec {
    rec_head h;
    const char *no, *ref;
} rec;

typedef struct spool {
    int fd;
    char *buf;
    size_t len;    /* buffered */
    uint64_t size; /* bytes in the file, buffered ones included */
} spool;

struct ar_fold {
    ar_ledger *lg;
    ar_fold_opts opts;
    uint16_t base;    /* the base currency (pass one picks it) */
    ar_folded *sum;   /* the ledger's folded summary */
    bool settle;      /* pass one kept the rows for the second */
    size_t parts;
    spool *by_no;     /* first partitioning: by type and doc_no */
    spool *by_client; /* second: by client */
};

/* ---- temporary files ------------------------------------------------- */

static ar_err spool_open(spool *s, const char *dir, ar_diag *d)
{
    char path[4096];
    s->fd = -1;
    if (snprintf(path, sizeof path, "%s/.arbatch-spool-XXXXXX", dir) >=
        (int)sizeof path)
        return ar_diag_set(d, AR_ERR_OUTPUT, dir, 0, NULL, "path too long");
    s->fd = mkstemp(path);
    if (s->fd < 0)
        return ar_diag_set(d, AR_ERR_OUTPUT, dir, 0, NULL,
                           "cannot make a temporary file for the large "
                           "ledger here: %s",
                           strerror(errno));
    unlink(path); /* gone with the process, however it ends */
    s->buf = ar_xmalloc(BUF_BYTES);
    return AR_OK;
}

static ar_err write_all(const ar_fold *f, int fd, const char *p, size_t n,
                        ar_diag *d)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return ar_diag_set(d, AR_ERR_OUTPUT, f->opts.dir, 0, NULL,
                               "cannot write a temporary file of the large "
                               "ledger: %s",
                               w < 0 ? strerror(errno) : "nothing written");
        p += w;
        n -= (size_t)w;
    }
    return AR_OK;
}

static ar_err spool_flush(const ar_fold *f, spool *s, ar_diag *d)
{
    ar_err err = write_all(f, s->fd, s->buf, s->len, d);
    s->len = 0;
    return err;
}

static ar_err spool_put(const ar_fold *f, spool *s, const void *p, size_t n,
                        ar_diag *d)
{
    s->size += n;
    if (s->len + n > BUF_BYTES) {
        ar_err err = spool_flush(f, s, d);
        if (err != AR_OK)
            return err;
        if (n > BUF_BYTES) /* a huge field */
            return write_all(f, s->fd, p, n, d);
    }
    memcpy(s->buf + s->len, p, n);
    s->len += n;
    return AR_OK;
}

static ar_err spool_row(const ar_fold *f, spool *s, const rec *r, ar_diag *d)
{
    ar_err err = spool_put(f, s, &r->h, sizeof r->h, d);
    if (err == AR_OK)
        err = spool_put(f, s, r->no, r->h.no_len, d);
    if (err == AR_OK)
        err = spool_put(f, s, r->ref, r->h.ref_len, d);
    return err;
}

/* The rows of a file read back a chunk at a time, in the file's order:
 * for the partitions by client, one of which can be a dominant client's
 * whole history. */
#define CHUNK_BYTES (1u << 20)

typedef struct row_reader {
    const ar_fold *f;
    spool *s;
    ar_diag *d;
    ar_err err;          /* the first failure; it ends the rows */
    char *buf;
    size_t cap, len, at; /* unread bytes are [at, len) */
    uint64_t off;        /* next byte of the file to read */
} row_reader;

static void reader_open(row_reader *rr, const ar_fold *f, spool *s,
                        ar_diag *d)
{
    *rr = (row_reader){.f = f, .s = s, .d = d};
    rr->err = spool_flush(f, s, d);
}

static bool reader_failed(row_reader *rr, const char *why)
{
    rr->err = ar_diag_set(rr->d, AR_ERR_OUTPUT, rr->f->opts.dir, 0, NULL,
                          "cannot read back a temporary file of the large "
                          "ledger: %s",
                          why);
    return false;
}

/* At least want unread bytes: false at the end of the file or on a read
 * error (rr->err). */
static bool reader_fill(row_reader *rr, size_t want)
{
    if (rr->len - rr->at >= want)
        return true;
    if (rr->at > 0) { /* the unread bytes to the front (none at first) */
        memmove(rr->buf, rr->buf + rr->at, rr->len - rr->at);
        rr->len -= rr->at;
        rr->at = 0;
    }
    size_t room = want > CHUNK_BYTES ? want : CHUNK_BYTES;
    ar_xgrow((void **)&rr->buf, &rr->cap, room, 1);
    while (rr->len < want && rr->off < rr->s->size) {
        uint64_t left = rr->s->size - rr->off;
        size_t n = rr->cap - rr->len < left ? rr->cap - rr->len : (size_t)left;
        ssize_t r = pread(rr->s->fd, rr->buf + rr->len, n, (off_t)rr->off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return reader_failed(rr, r < 0 ? strerror(errno) : "it is short");
        rr->len += (size_t)r;
        rr->off += (uint64_t)r;
    }
    return rr->len >= want;
}

/* The next row into *r (valid until the next call): false at the end of
 * the file or on an error (rr->err). */
static bool reader_next(row_reader *rr, rec *r)
{
    if (rr->err != AR_OK || !reader_fill(rr, sizeof r->h))
        return false;
    memcpy(&r->h, rr->buf + rr->at, sizeof r->h);
    size_t size = sizeof r->h + (size_t)r->h.no_len + r->h.ref_len;
    if (!reader_fill(rr, size))
        return rr->err != AR_OK ? false : reader_failed(rr, "it is short");
    r->no = rr->buf + rr->at + sizeof r->h;
    r->ref = r->no + r->h.no_len;
    rr->at += size;
    return true;
}

/* Done with the file: its disk goes back at once when done (a failure
 * only keeps it longer). Returns the reader's first failure. */
static ar_err reader_close(row_reader *rr, bool done)
{
    free(rr->buf);
    rr->buf = NULL;
    if (done && ftruncate(rr->s->fd, 0) == 0)
        rr->s->size = 0;
    return rr->err;
}

/* A whole file read back and split into rows: *rows point into *buf
 * (caller frees both), and the file is emptied. For the partitions by
 * number, whose rows are looked up by each other. */
static ar_err read_rows(const ar_fold *f, spool *s, char **buf, rec **rows,
                        size_t *n, ar_diag *d)
{
    row_reader rr;
    rec r;
    size_t count = 0, cap = 0;
    *rows = NULL;
    reader_open(&rr, f, s, d);
    /* all at once, so that reader_next never moves the bytes */
    if (rr.err == AR_OK && s->size > 0)
        reader_fill(&rr, (size_t)s->size);
    while (reader_next(&rr, &r)) {
        ar_xgrow((void **)rows, &cap, count + 1, sizeof **rows);
        (*rows)[count++] = r;
    }
    *n = count;
    *buf = rr.buf;
    rr.buf = NULL;
    ar_err err = reader_close(&rr, true);
    if (err != AR_OK) {
        free(*rows);
        free(*buf);
        *rows = NULL;
        *buf = NULL;
    }
    return err;
}

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
    f->parts = parts > MAX_PARTS ? MAX_PARTS : (size_t)parts;
    f->by_no = ar_xcalloc(f->parts, sizeof *f->by_no);
    f->by_client = ar_xcalloc(f->parts, sizeof *f->by_client);
    for (size_t k = 0; k < f->parts; k++)
        f->by_no[k].fd = f->by_client[k].fd = -1;
    for (size_t k = 0; k < f->parts; k++) {
        ar_err err = spool_open(&f->by_no[k], o->dir, d);
        if (err == AR_OK)
            err = spool_open(&f->by_client[k], o->dir, d);
        if (err != AR_OK)
            return err;
    }
    return AR_OK;
}

static uint64_t hash_no(uint8_t type, const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL ^ type;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

static size_t client_part(const ar_fold *f, uint32_t client)
{
    return (size_t)(((uint64_t)client * 0x9E3779B97F4A7C15ULL) >> 32) %
           f->parts;
}

ar_err ar_fold_add(ar_fold *f, const ar_doc *doc, const char *doc_no,
                   size_t no_len, const char *applies_to, size_t ref_len,
                   ar_diag *d)
{
    if (no_len > UINT32_MAX || ref_len > UINT32_MAX)
        return ar_diag_set(d, AR_ERR_MALFORMED, f->opts.dir, doc->line, NULL,
                           "a field of 4 GiB or more: refused");
    rec r = {.no = doc_no, .ref = applies_to};
    r.h = (rec_head){.amount = doc->amount, .client = doc->client,
                     .line = doc->line, .doc_date = doc->doc_date,
                     .due_date = doc->due_date,
                     .settled_date = doc->settled_date,
                     .no_len = (uint32_t)no_len, .ref_len = (uint32_t)ref_len,
                     .currency = doc->currency, .type = doc->type,
                     .disputed = doc->disputed};
    uint64_t h = hash_no(doc->type, doc_no, no_len);
    return spool_row(f, &f->by_no[h % f->parts], &r, d);
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

static bool same_no(const rec *a, const rec *b)
{
    return a->h.type == b->h.type && a->h.no_len == b->h.no_len &&
           memcmp(a->no, b->no, a->h.no_len) == 0;
}

static ar_doc doc_of(const rec *r)
{
    return (ar_doc){.amount = r->h.amount, .client = r->h.client,
                    .line = r->h.line, .doc_date = r->h.doc_date,
                    .due_date = r->h.due_date,
                    .settled_date = r->h.settled_date,
                    .currency = r->h.currency, .type = r->h.type,
                    .disputed = r->h.disputed};
}

static void count_used(pass_one *one, ar_fold_result *res, const rec *r)
{
    const rec_head *h = &r->h;
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
    rec *rows;
    size_t n;
    ar_err err = read_rows(f, &f->by_no[k], &buf, &rows, &n, d);
    if (err != AR_OK)
        return err;
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    uint32_t *slot = ar_xmalloc(cap * sizeof *slot);
    memset(slot, 0xff, cap * sizeof *slot);
    for (size_t i = 0; i < n && err == AR_OK; i++) {
        const rec *r = &rows[i];
        /* the high bits: the low ones chose the partition, and are the
         * same for every row in it */
        size_t j = (hash_no(r->h.type, r->no, r->h.no_len) >> 32) & (cap - 1);
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
        err = spool_row(f, &f->by_client[client_part(f, r->h.client)], r, d);
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
    for (size_t k = 0; k < f->parts; k++) {
        row_reader rr;
        rec r;
        reader_open(&rr, f, &f->by_client[k], d);
        while (reader_next(&rr, &r)) {
            uint16_t c = r.h.currency ? r.h.currency : one->base;
            if (one->limit_sum[c] <= AR_CENTS_TOTAL_MAX)
                continue;
            ar_xgrow((void **)&la, &cap, count + 1, sizeof *la);
            la[count++] = (line_amount){r.h.line, c, r.h.amount};
        }
        if (reader_close(&rr, false) != AR_OK) {
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
    bp->first = ar_xcalloc(f->parts + 1, sizeof *bp->first);
    bp->at = ar_xmalloc((n + 1) * sizeof *bp->at);
    const char *row = rows;
    uint32_t client;
    for (size_t i = 0; i < n; i++) {
        memcpy(&client, row + i * size + client_at, sizeof client);
        bp->first[client_part(f, client) + 1]++;
    }
    for (size_t k = 0; k < f->parts; k++)
        bp->first[k + 1] += bp->first[k];
    uint32_t *next = ar_xmalloc((f->parts + 1) * sizeof *next);
    memcpy(next, bp->first, (f->parts + 1) * sizeof *next);
    for (size_t i = 0; i < n; i++) {
        memcpy(&client, row + i * size + client_at, sizeof client);
        bp->at[next[client_part(f, client)]++] = (uint32_t)i;
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

static void fold_row(ar_folded *sum, const ar_doc *d, uint32_t client)
{
    ar_folded_currency *fc = &sum->currencies[d->currency];
    if (fc->docs++ == 0 || d->line < fc->first_line)
        fc->first_line = d->line;
    sum->docs++;
    sum->clients[client].seen = true;
    if (ar_doc_is_item((ar_doc_type)d->type))
        fc->invoiced += d->amount;
    else
        fc->settled += d->amount;
    if (d->type == AR_DOC_PAY)
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
                               .line = info->line};
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
    row_reader rr;
    rec r;
    reader_open(&rr, w->f, &w->f->by_client[w->k], &w->d);
    while (reader_next(&rr, &r)) {
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
    w->err = reader_close(&rr, true);
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
    keep_history(&w->a, main_of, sum);
    /* the partition ledger's documents are the rows in file order (pass
     * one dropped every duplicate, so none is dropped here) */
    const ar_doc *docs = ar_ledger_docs(sub);
    for (size_t i = 0; i < ar_ledger_doc_count(sub); i++) {
        if (w->fold[i])
            fold_row(sum, &docs[i], main_of[docs[i].client]);
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
    for (size_t k = 0; k < f->parts && err == AR_OK; k++)
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
    for (size_t k = 0; k < f->parts && err == AR_OK; k += (size_t)ways) {
        part_work w[2];
        int n = k + 1 < f->parts ? ways : 1;
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
    ar_ledger_order_by_line(f->lg);
    return err;
}

void ar_fold_free(ar_fold *f)
{
    if (!f)
        return;
    for (size_t k = 0; k < f->parts; k++) {
        spool *s[2] = {&f->by_no[k], &f->by_client[k]};
        for (int j = 0; j < 2; j++) {
            if (s[j]->fd >= 0)
                close(s[j]->fd);
            free(s[j]->buf);
        }
    }
    free(f->by_no);
    free(f->by_client);
    free(f);
}
