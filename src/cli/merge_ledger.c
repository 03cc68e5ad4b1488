/* merge_ledger.c - a merge's ledger built from its parts (summary.h): the
 * currencies and clients numbered as one read of the whole ledger
 * numbers them (by the first line that shows each), every part's rows in
 * file order, their folded figures added up, the ledger's counts,
 * rejects, skipped rows and master data; then the small files read again
 * and the ledger finished as a run finishes it (job_ingest.h). */
#include "ar/cli/summary_parts.h"

#include <sqlite3.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/cli/job_ingest.h"
#include "ar/cli/summary_figures.h"
#include "ar/cli/summary_schema.h"
#include "ar/engine/metrics.h"

/* A currency or client of the parts and the first line showing it. */
typedef struct first_seen {
    char *key;
    uint32_t line;  /* 0: none (sorts last) */
} first_seen;

static int cmp_first(const void *x, const void *y)
{
    const first_seen *a = x, *b = y;
    uint32_t la = a->line ? a->line : UINT32_MAX;
    uint32_t lb = b->line ? b->line : UINT32_MAX;
    if (la != lb)
        return la < lb ? -1 : 1;
    return strcmp(a->key, b->key);
}

/* Gather sql's (key, line) rows of every part into *out, first line
 * first. */
static ar_err gather(const ar_parts *ps, size_t nparts, const char *sql,
                     first_seen **out, size_t *n, ar_diag *d)
{
    first_seen *all = NULL;
    size_t cap = 0;
    *n = 0;
    ar_err err = AR_OK;
    for (size_t i = 0; i < nparts && err == AR_OK; i++) {
        sqlite3_stmt *st = ar_part_query(&ps->p[i], sql, d);
        if (!st) {
            err = AR_ERR_IO;
            break;
        }
        while (sqlite3_step(st) == SQLITE_ROW) {
            ar_xgrow((void **)&all, &cap, *n + 1, sizeof *all);
            all[(*n)++] = (first_seen){ar_xstrdup(ar_part_text(st, 0)),
                                       (uint32_t)sqlite3_column_int64(st, 1)};
        }
        err = ar_part_end(&ps->p[i], st, d);
    }
    if (*n)
        qsort(all, *n, sizeof *all, cmp_first);
    *out = all;
    return err;
}

static void free_seen(first_seen *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(s[i].key);
    free(s);
}

/* The currencies in order, and each part's index -> the ledger's. */
static ar_err number_currencies(const ar_parts *ps, ar_ledger *lg,
                                uint16_t **map, ar_diag *d)
{
    size_t n;
    first_seen *all;
    ar_err err = gather(ps, ps->n, "SELECT code, first_line FROM currencies",
                        &all, &n, d);
    for (size_t i = 0; i < n && err == AR_OK; i++)
        ar_ledger_currency(lg, all[i].key, strlen(all[i].key));
    free_seen(all, n);
    for (size_t i = 0; i < ps->n && err == AR_OK; i++) {
        map[i] = ar_xcalloc(65536, sizeof *map[i]);
        sqlite3_stmt *st = ar_part_query(&ps->p[i],
                                         "SELECT idx, code FROM currencies", d);
        if (!st)
            return AR_ERR_IO;
        while (sqlite3_step(st) == SQLITE_ROW) {
            int64_t idx = sqlite3_column_int64(st, 0);
            const char *code = ar_part_text(st, 1);
            if (idx >= 0 && idx < 65536)
                map[i][idx] = ar_ledger_currency(lg, code, strlen(code));
        }
        err = ar_part_end(&ps->p[i], st, d);
    }
    return err;
}

/* ---- rows ------------------------------------------------------------- */

typedef struct part_doc {
    ar_doc doc;
    size_t part;
    char *client, *no, *ref;
} part_doc;

static int cmp_line(const void *x, const void *y)
{
    const part_doc *a = x, *b = y;
    return a->doc.line < b->doc.line ? -1 : a->doc.line > b->doc.line;
}

static ar_err add_docs(const ar_parts *ps, ar_ledger *lg, uint16_t **map,
                       ar_diag *d)
{
    part_doc *all = NULL;
    size_t n = 0, cap = 0;
    ar_err err = AR_OK;
    for (size_t i = 0; i < ps->ledger_parts && err == AR_OK; i++) {
        sqlite3_stmt *st = ar_part_query(
            &ps->p[i],
            "SELECT line, client, currency, type, amount, doc_date, due_date, "
            "settled_date, disputed, companion, doc_no, applies_to FROM docs",
            d);
        if (!st) {
            err = AR_ERR_IO;
            break;
        }
        while (sqlite3_step(st) == SQLITE_ROW) {
            ar_xgrow((void **)&all, &cap, n + 1, sizeof *all);
            part_doc *x = &all[n++];
            int64_t cur = sqlite3_column_int64(st, 2);
            x->doc = (ar_doc){
                .amount = sqlite3_column_int64(st, 4),
                .line = (uint32_t)sqlite3_column_int64(st, 0),
                .doc_date = ar_part_date(st, 5),
                .due_date = ar_part_date(st, 6),
                .settled_date = ar_part_date(st, 7),
                .currency = cur >= 0 && cur < 65536 ? map[i][cur] : 0,
                .type = (uint8_t)sqlite3_column_int(st, 3),
                .disputed = sqlite3_column_int(st, 8) != 0,
                .companion = sqlite3_column_int(st, 9) != 0};
            x->part = i;
            x->client = ar_xstrdup(ar_part_text(st, 1));
            x->no = ar_xstrdup(ar_part_text(st, 10));
            x->ref = sqlite3_column_type(st, 11) == SQLITE_NULL
                         ? NULL
                         : ar_xstrdup(ar_part_text(st, 11));
        }
        err = ar_part_end(&ps->p[i], st, d);
    }
    /* file order, as one read adds them (lines are the original's) */
    if (n > 1)
        qsort(all, n, sizeof *all, cmp_line);
    for (size_t k = 0; k < n; k++) {
        part_doc *x = &all[k];
        if (err == AR_OK) {
            x->doc.client = ar_ledger_client(lg, x->client, strlen(x->client));
            x->doc.doc_no = ar_ledger_intern(lg, x->no, strlen(x->no));
            x->doc.applies_to =
                x->ref ? ar_ledger_intern_ref(lg, x->ref, strlen(x->ref)) : 0;
            ar_ledger_add_doc(lg, &x->doc);
        }
        free(x->client);
        free(x->no);
        free(x->ref);
    }
    free(all);
    return err;
}

/* ---- folded figures --------------------------------------------------- */

typedef struct figure {
    char name[48];
    int i, j;
    int64_t value;
} figure;

static int cmp_figure(const void *x, const void *y)
{
    const figure *a = x, *b = y;
    int c = strcmp(a->name, b->name);
    if (!c)
        c = a->i != b->i ? (a->i < b->i ? -1 : 1) : 0;
    if (!c)
        c = a->j != b->j ? (a->j < b->j ? -1 : 1) : 0;
    return c;
}

typedef struct figures {
    figure *f;
    size_t n;
} figures;

/* Set *v from the part's figure (0 when it has none). */
static void get_figure(void *ctx, const char *name, int i, int j, int64_t *v)
{
    const figures *fs = ctx;
    figure key = {.i = i, .j = j};
    snprintf(key.name, sizeof key.name, "%s", name);
    const figure *hit =
        fs->n ? bsearch(&key, fs->f, fs->n, sizeof *fs->f, cmp_figure) : NULL;
    *v = hit ? hit->value : 0;
}

static ar_err load_figures(const ar_part *p, figures *fs, ar_diag *d)
{
    sqlite3_stmt *st =
        ar_part_query(p, "SELECT name, i, j, value FROM figures", d);
    if (!st)
        return AR_ERR_IO;
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        ar_xgrow((void **)&fs->f, &cap, fs->n + 1, sizeof *fs->f);
        figure *f = &fs->f[fs->n++];
        snprintf(f->name, sizeof f->name, "%s", ar_part_text(st, 0));
        f->i = sqlite3_column_int(st, 1);
        f->j = sqlite3_column_int(st, 2);
        f->value = sqlite3_column_int64(st, 3);
    }
    if (ar_part_end(p, st, d) != AR_OK)
        return AR_ERR_IO;
    if (fs->n > 1)
        qsort(fs->f, fs->n, sizeof *fs->f, cmp_figure);
    return AR_OK;
}

/* Part i's figures added to the folded summary: the KPIs' rows, the
 * rollforward and the type totals, currency indexes mapped. */
static void add_figures(const figures *fs, const uint16_t *map,
                        size_t part_ncur, ar_folded *f, ar_rollforward *rf)
{
    ar_kpi_rows *rows = ar_xcalloc(1, sizeof *rows);
    ar_figures_kpi_rows(rows, part_ncur, get_figure, (void *)fs);
    /* the currency-indexed ones to the ledger's indexes */
    ar_kpi_inputs *cur = ar_xcalloc(AR_KPI_CURRENCIES, sizeof *cur);
    ar_cents placed[AR_KPI_CURRENCIES] = {0};
    for (size_t c = 0; c < part_ncur && c < AR_KPI_CURRENCIES; c++)
        if (map[c] < AR_KPI_CURRENCIES) {
            cur[map[c]] = rows->cur_d[c];
            placed[map[c]] = rows->cur_placed[c];
        }
    memcpy(rows->cur_d, cur, sizeof rows->cur_d);
    memcpy(rows->cur_placed, placed, sizeof rows->cur_placed);
    free(cur);
    ar_kpi_rows_add(f->kpi_rows, rows);
    free(rows);
    ar_rollforward part = {0};
    part.count = f->currency_count;
    part.cur = ar_xcalloc(part.count + 1, sizeof *part.cur);
    for (size_t c = 0; c < part_ncur; c++) {
        ar_rf_figures x = {0};
        ar_figures_rollforward(&x, (int)c, get_figure, (void *)fs);
        if (map[c] < part.count)
            part.cur[map[c]] = x;
        for (int t = 0; t < AR_DOC_COUNT_; t++) {
            int64_t v;
            get_figure((void *)fs, "type_totals", (int)c, t, &v);
            ar_cents *to = &f->type_totals[map[c] * AR_DOC_COUNT_ + (size_t)t];
            if (__builtin_add_overflow(*to, v, to))
                f->type_totals_ok = false;
        }
    }
    ar_rollforward_add(rf, &part);
    ar_rollforward_fini(&part);
}

/* The folded currencies and clients of part p. */
static ar_err add_folded(const ar_part *p, ar_ledger *lg, const uint16_t *map,
                         ar_folded *f, ar_diag *d)
{
    sqlite3_stmt *st = ar_part_query(
        p,
        "SELECT idx, folded_docs, folded_first_line, folded_invoiced, "
        "folded_settled FROM currencies",
        d);
    if (!st)
        return AR_ERR_IO;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t idx = sqlite3_column_int64(st, 0);
        if (idx < 0 || idx >= 65536 || map[idx] >= f->currency_count)
            continue; /* not a currency of the part (number_currencies) */
        ar_folded_currency *fc = &f->currencies[map[idx]];
        uint64_t docs = (uint64_t)sqlite3_column_int64(st, 1);
        uint32_t first = (uint32_t)sqlite3_column_int64(st, 2);
        if (docs && (!fc->docs || first < fc->first_line))
            fc->first_line = first;
        fc->docs += docs;
        fc->invoiced += sqlite3_column_int64(st, 3);
        fc->settled += sqlite3_column_int64(st, 4);
    }
    if (ar_part_end(p, st, d) != AR_OK)
        return AR_ERR_IO;
    st = ar_part_query(p,
                       "SELECT id, seen, seen_base, seen_other, last_payment, "
                       "last_payment_amount, days_late_sum, revenue, "
                       "settled_count, max_days_late FROM clients",
                       d);
    if (!st)
        return AR_ERR_IO;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *id = ar_part_text(st, 0);
        uint32_t c = ar_ledger_find_client(lg, id, strlen(id));
        if (c == AR_NONE || c >= f->client_count)
            continue;
        ar_folded_client *fc = &f->clients[c];
        fc->seen |= sqlite3_column_int(st, 1) != 0;
        fc->seen_base |= sqlite3_column_int(st, 2) != 0;
        fc->seen_other |= sqlite3_column_int(st, 3) != 0;
        ar_last_payment_add(&fc->last_payment, &fc->last_payment_amount,
                            ar_part_date(st, 4), sqlite3_column_int64(st, 5));
        ar_folded_history *h = &f->history[c];
        h->days_late_sum = sqlite3_column_int64(st, 6);
        h->revenue = sqlite3_column_int64(st, 7);
        h->settled_count = (uint32_t)sqlite3_column_int64(st, 8);
        h->max_days_late = (int32_t)sqlite3_column_int64(st, 9);
    }
    if (ar_part_end(p, st, d) != AR_OK)
        return AR_ERR_IO;
    f->docs += (uint64_t)ar_part_meta_num(p, "folded_docs");
    if (!ar_part_meta_num(p, "type_totals_ok"))
        f->type_totals_ok = false;
    uint32_t over = (uint32_t)ar_part_meta_num(p, "over_limit_line");
    if (over && (!f->over_limit_line || over < f->over_limit_line)) {
        char *code = ar_part_meta(p, "over_limit_currency");
        f->over_limit_line = over;
        f->over_limit_currency = ar_ledger_currency(lg, code, strlen(code));
        free(code);
    }
    return AR_OK;
}

static ar_err fold_parts(const ar_parts *ps, ar_ledger *lg, uint16_t **map,
                         ar_diag *d)
{
    ar_folded *f = ar_ledger_fold_begin(lg);
    f->kpi_rows = ar_xcalloc(1, sizeof *f->kpi_rows);
    f->history = ar_xcalloc(f->client_count + 1, sizeof *f->history);
    ar_rollforward rf = {0};
    ar_err err = AR_OK;
    for (size_t i = 0; i < ps->ledger_parts && err == AR_OK; i++) {
        figures fs = {0};
        err = load_figures(&ps->p[i], &fs, d);
        sqlite3_stmt *st =
            err == AR_OK ? ar_part_query(&ps->p[i],
                                         "SELECT count(*) FROM currencies", d)
                         : NULL;
        size_t ncur = st && sqlite3_step(st) == SQLITE_ROW
                          ? (size_t)sqlite3_column_int64(st, 0)
                          : 0;
        sqlite3_finalize(st);
        if (err == AR_OK)
            add_figures(&fs, map[i], ncur, f, &rf);
        free(fs.f);
        if (err == AR_OK)
            err = add_folded(&ps->p[i], lg, map[i], f, d);
    }
    f->rollforward = rf.cur; /* the folded summary owns it */
    f->rollforward_count = rf.count;
    return err;
}

/* ---- counts, rejects, skipped rows, master data ---------------------- */

static void add_stats(const ar_parts *ps, ar_ingest_stats *st)
{
    st->first_date = st->last_date = AR_DATE_NONE;
    for (size_t i = 0; i < ps->ledger_parts; i++) {
        const ar_part *p = &ps->p[i];
        st->rows_used += (uint64_t)ar_part_meta_num(p, "rows_used");
        st->rows_rejected += (uint64_t)ar_part_meta_num(p, "rows_rejected");
        st->rows_rounded += (uint64_t)ar_part_meta_num(p, "rows_rounded");
        st->settlement_rows +=
            (uint64_t)ar_part_meta_num(p, "settlement_rows");
        st->open_balances |= ar_part_meta_num(p, "open_balances") != 0;
        char *a = ar_part_meta(p, "first_date"), *b = ar_part_meta(p, "last_date");
        ar_date x;
        if (a && a[0] && ar_date_parse_iso(a, &x) == AR_OK &&
            (st->first_date == AR_DATE_NONE || x < st->first_date))
            st->first_date = x;
        if (b && b[0] && ar_date_parse_iso(b, &x) == AR_OK &&
            (st->last_date == AR_DATE_NONE || x > st->last_date))
            st->last_date = x;
        free(a);
        free(b);
    }
    /* skipped rows have no client: shard 0 lists and counts them */
    st->rows_skipped = (uint64_t)ar_part_meta_num(&ps->p[0], "rows_skipped");
    for (int r = 0; r < AR_SKIP_COUNT_; r++) {
        char key[32];
        snprintf(key, sizeof key, "skipped.%d", r);
        st->skips.by_reason[r] = (uint64_t)ar_part_meta_num(&ps->p[0], key);
    }
    st->rows_read = st->rows_used + st->rows_rejected + st->rows_skipped;
}

typedef struct part_reject {
    ar_reject r;
    size_t part, seq;
} part_reject;

static int cmp_reject(const void *x, const void *y)
{
    const part_reject *a = x, *b = y;
    if (a->r.line != b->r.line)
        return a->r.line < b->r.line ? -1 : 1;
    if (a->part != b->part)
        return a->part < b->part ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The ledger's rejects of every part, in line order, as one read lists
 * them. */
static ar_err add_rejects(const ar_parts *ps, ar_rejects *rej, ar_diag *d)
{
    part_reject *all = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < ps->n; i++) {
        sqlite3_stmt *st = ar_part_query(
            &ps->p[i],
            "SELECT seq, file, line, col, reason, value, detail, has_amount, "
            "currency, amount, has_client, client_hash FROM rejects",
            d);
        if (!st)
            return AR_ERR_IO;
        while (sqlite3_step(st) == SQLITE_ROW) {
            ar_xgrow((void **)&all, &cap, n + 1, sizeof *all);
            part_reject *x = &all[n++];
            x->part = i;
            x->seq = (size_t)sqlite3_column_int64(st, 0);
            x->r = (ar_reject){
                .file = ar_xstrdup(ar_part_text(st, 1)),
                .line = (long)sqlite3_column_int64(st, 2),
                .column = ar_xstrdup(ar_part_text(st, 3)),
                .reason = (ar_err)sqlite3_column_int(st, 4),
                .value = ar_xstrdup(ar_part_text(st, 5)),
                .detail = ar_xstrdup(ar_part_text(st, 6)),
                .has_amount = sqlite3_column_int(st, 7) != 0,
                .amount = sqlite3_column_int64(st, 9),
                .has_client = sqlite3_column_int(st, 10) != 0,
                .client_hash = (uint64_t)sqlite3_column_int64(st, 11)};
            snprintf(x->r.currency, sizeof x->r.currency, "%s",
                     ar_part_text(st, 8));
        }
        if (ar_part_end(&ps->p[i], st, d) != AR_OK) {
            for (size_t k = 0; k < n; k++) {
                free((char *)all[k].r.file);
                free((char *)all[k].r.column);
                free((char *)all[k].r.value);
                free((char *)all[k].r.detail);
            }
            free(all);
            return AR_ERR_IO;
        }
    }
    if (n > 1) /* qsort's base must not be NULL, even for 0 items */
        qsort(all, n, sizeof *all, cmp_reject);
    for (size_t k = 0; k < n; k++) {
        ar_xgrow((void **)&rej->items, &rej->cap, rej->count + 1,
                 sizeof *rej->items);
        rej->items[rej->count++] = all[k].r; /* the list owns its texts */
        if ((unsigned)all[k].r.reason < AR_ERR_COUNT_)
            rej->by_reason[all[k].r.reason]++;
    }
    free(all);
    return AR_OK;
}

static ar_err add_skipped(const ar_part *p, ar_skips *s, ar_diag *d)
{
    sqlite3_stmt *st = ar_part_query(
        p, "SELECT line, reason, first_field FROM skipped ORDER BY seq", d);
    if (!st)
        return AR_ERR_IO;
    while (sqlite3_step(st) == SQLITE_ROW) {
        ar_xgrow((void **)&s->items, &s->cap, s->count + 1, sizeof *s->items);
        s->items[s->count++] = (ar_skipped){
            (long)sqlite3_column_int64(st, 0),
            (ar_skip_reason)sqlite3_column_int(st, 1),
            ar_xstrdup(ar_part_text(st, 2))};
    }
    return ar_part_end(p, st, d);
}

static int cmp_info_line(const void *x, const void *y)
{
    const ar_client_info *a = x, *b = y;
    return a->line < b->line ? -1 : a->line > b->line;
}

/* The master data read off the ledger's columns, in line order. */
static ar_err add_derived(const ar_parts *ps, ar_ledger *lg,
                          ar_ingest_stats *st, ar_diag *d)
{
    for (size_t i = 0; i < ps->ledger_parts; i++) {
        sqlite3_stmt *q = ar_part_query(
            &ps->p[i],
            "SELECT " AR_SUMMARY_INFO_TEXTS ", segment, strategic, "
            "has_revenue, annual_revenue, prior_collections, line, "
            "from_ledger, rejected_rows FROM derived ORDER BY seq",
            d);
        if (!q)
            return AR_ERR_IO;
        while (sqlite3_step(q) == SQLITE_ROW) {
            ar_xgrow((void **)&st->derived, &st->derived_cap,
                     st->derived_count + 1, sizeof *st->derived);
            ar_client_info *in = &st->derived[st->derived_count++];
            memset(in, 0, sizeof *in);
            ar_str *texts[] = AR_SUMMARY_INFO_FIELDS(in);
            for (int k = 0; k < AR_SUMMARY_INFO_COUNT; k++) {
                const char *s = ar_part_text(q, k);
                *texts[k] = ar_ledger_intern(lg, s, strlen(s));
            }
            int k = AR_SUMMARY_INFO_COUNT;
            in->segment = sqlite3_column_int(q, k);
            in->strategic = sqlite3_column_int(q, k + 1) != 0;
            in->has_revenue = sqlite3_column_int(q, k + 2) != 0;
            in->annual_revenue = sqlite3_column_int64(q, k + 3);
            in->prior_collections = sqlite3_column_int(q, k + 4);
            in->line = (uint32_t)sqlite3_column_int64(q, k + 5);
            in->from_ledger = sqlite3_column_int(q, k + 6) != 0;
            in->rejected_rows = sqlite3_column_int(q, k + 7) != 0;
        }
        if (ar_part_end(&ps->p[i], q, d) != AR_OK)
            return AR_ERR_IO;
    }
    if (st->derived_count > 1)
        qsort(st->derived, st->derived_count, sizeof *st->derived,
              cmp_info_line);
    return AR_OK;
}

ar_err ar_parts_ingest(const ar_parts *ps, const ar_options *cli,
                       ar_run *run, ar_diag *d)
{
    ar_ledger *lg = run->ledger;
    uint16_t **map = ar_xcalloc(ps->n + 1, sizeof *map);
    ar_err err = number_currencies(ps, lg, map, d);
    /* SPEC §8.23: the whole ledger's first used row decided it */
    if (err == AR_OK && !run->policy.base_currency[0])
        ar_ledger_note_first_currency(
            lg, ar_ledger_currency(lg, ps->base, strlen(ps->base)));
    size_t nclients = 0;
    first_seen *clients = NULL;
    if (err == AR_OK)
        err = gather(ps, ps->ledger_parts, "SELECT id, first_line FROM clients",
                     &clients, &nclients, d);
    for (size_t i = 0; i < nclients; i++)
        ar_ledger_note_used_client(
            lg, ar_ledger_client(lg, clients[i].key, strlen(clients[i].key)));
    free_seen(clients, nclients);
    if (err == AR_OK)
        err = add_docs(ps, lg, map, d);
    if (err == AR_OK && ps->folded)
        err = fold_parts(ps, lg, map, d);
    for (size_t i = 0; i < ps->n; i++)
        free(map[i]);
    free(map);
    if (err == AR_OK) {
        add_stats(ps, &run->stats);
        err = add_rejects(ps, &run->rejects, d);
    }
    if (err == AR_OK)
        err = add_skipped(&ps->p[0], &run->stats.skips, d);
    if (err == AR_OK)
        err = add_derived(ps, lg, &run->stats, d);
    if (err != AR_OK)
        return err;
    for (size_t k = 0; k < ps->input_count; k++)
        if (strcmp(ps->inputs[k].role, "ledger") == 0) {
            snprintf(run->stats.sha256, sizeof run->stats.sha256, "%s",
                     ps->inputs[k].sha256);
            ar_job_add_input(run, "ledger", cli->ledger, run->stats.sha256);
        }
    /* ar_parts_open checked that they are the files the shards read */
    err = ar_job_ingest_small_files(cli, run, NULL, d);
    if (err != AR_OK)
        return err;
    ar_ingest_add_derived(lg, &run->stats);
    ar_ingest_mark_rejected(lg, &run->rejects, cli->ledger);
    return ar_job_finish_ledger(cli, run, d);
}
