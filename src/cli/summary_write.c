/* summary_write.c - a shard's summary.sqlite (summary.h): written in one
 * transaction into the part's temporary folder, which is published whole
 * or not at all (publish.h). */
#include "ar/cli/summary.h"

#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ar/base/digest.h"
#include "ar/base/shard.h"
#include "ar/base/version.h"
#include "ar/cli/split.h"
#include "ar/cli/summary_figures.h"
#include "ar/cli/summary_schema.h"
#include "ar/render/letters/part_letters.h"
#include "ar/render/page/layouts.h"

typedef struct writer {
    sqlite3 *db;
    const char *path;
    ar_diag *d;
    ar_err err;
    sqlite3_stmt *st;        /* the statement being filled */
} writer;

static void fail(writer *w)
{
    if (w->err == AR_OK)
        w->err = ar_diag_set(w->d, AR_ERR_OUTPUT, w->path, 0, NULL,
                             "cannot write the shard's summary: %s",
                             sqlite3_errmsg(w->db));
}

static void exec(writer *w, const char *sql)
{
    if (w->err == AR_OK &&
        sqlite3_exec(w->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        fail(w);
}

static void prep(writer *w, const char *sql)
{
    sqlite3_finalize(w->st);
    w->st = NULL;
    if (w->err == AR_OK &&
        sqlite3_prepare_v2(w->db, sql, -1, &w->st, NULL) != SQLITE_OK)
        fail(w);
}

/* Bind the next row's values: column k (1..) */
static void text(writer *w, int k, const char *s)
{
    if (w->st)
        sqlite3_bind_text(w->st, k, s ? s : "", -1, SQLITE_TRANSIENT);
}

static void num(writer *w, int k, int64_t v)
{
    if (w->st)
        sqlite3_bind_int64(w->st, k, v);
}

/* A date, NULL for none. */
static void day(writer *w, int k, ar_date v)
{
    if (!w->st)
        return;
    if (v == AR_DATE_NONE)
        sqlite3_bind_null(w->st, k);
    else
        sqlite3_bind_int64(w->st, k, v);
}

static void row(writer *w)
{
    if (!w->st || w->err != AR_OK)
        return;
    if (sqlite3_step(w->st) != SQLITE_DONE)
        fail(w);
    sqlite3_reset(w->st);
    sqlite3_clear_bindings(w->st);
}

static void meta(writer *w, const char *key, const char *value)
{
    text(w, 1, key);
    text(w, 2, value);
    row(w);
}

static void meta_num(writer *w, const char *key, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    meta(w, key, buf);
}

static void meta_day(writer *w, const char *key, ar_date v)
{
    char buf[16];
    meta(w, key, ar_date_format_iso(v, buf, sizeof buf));
}

/* path as a file the merge can open from anywhere: relative paths are
 * relative to base (a directory), else to ours. */
static void absolute(const char *path, const char *base, char out[PATH_MAX])
{
    char joined[2 * PATH_MAX];
    char here[PATH_MAX] = ".";
    if (!base && getcwd(here, sizeof here))
        base = here;
    if (path[0] == '/' || !base)
        snprintf(joined, sizeof joined, "%s", path);
    else
        snprintf(joined, sizeof joined, "%s/%s", base, path);
    if (!realpath(joined, out))
        snprintf(out, PATH_MAX, "%.*s", PATH_MAX - 1, joined);
}

static void write_meta(writer *w, const ar_run *run)
{
    const ar_options *o = run->opts;
    const ar_ledger *lg = run->ledger;
    prep(w, "INSERT INTO meta(key, value) VALUES (?, ?)");
    meta(w, "format", "arbatch-summary");
    meta_num(w, "version", AR_SUMMARY_VERSION);
    meta(w, "arbatch", ar_version());
    meta_num(w, "shard", o->shard_k);
    meta_num(w, "shards", o->shard_n);
    /* on the whole ledger every shard has every row: shard 0's summary
     * carries the ledger, the others their letters and rejects only */
    meta_num(w, "whole_ledger", !o->split_in);
    meta_day(w, "as_of", o->as_of);
    meta_day(w, "letter_date", run->letter_date);
    meta_day(w, "from", o->from);
    meta_num(w, "outputs", o->outputs);
    meta(w, "format_name", o->format);
    meta(w, "entity", o->entity);
    char path[PATH_MAX];
    if (o->policy) {
        absolute(o->policy, NULL, path);
        meta(w, "policy", path);
        char hex[65];
        ar_diag ignored;
        if (ar_sha256_file(path, hex, &ignored) == AR_OK)
            meta(w, "policy_sha256", hex);
    }
    char gl[AR_MAX_GL * 40] = "";
    for (int i = 0; i < o->gl_count; i++) {
        long long c = (long long)o->gl[i].cents;
        unsigned long long u = c < 0 ? 0ULL - (unsigned long long)c
                                     : (unsigned long long)c;
        snprintf(gl + strlen(gl), sizeof gl - strlen(gl),
                 "%s%s=%s%llu.%02llu", i ? " " : "",
                 o->gl[i].currency[0] ? o->gl[i].currency : "base",
                 c < 0 ? "-" : "", u / 100, u % 100);
    }
    /* in the order given ("CUR=1234.56", "base" for no code): the merge
     * reads them back and compares them */
    meta(w, "gl", gl);
    /* the letters' and statements' look: every machine's must be the
     * same (the merge checks its own against it) */
    char layouts[65];
    ar_diag ignored;
    if (ar_layout_digest(ar_layout_default_dir(), layouts, &ignored) == AR_OK)
        meta(w, "layouts_sha256", layouts);
    meta(w, "base_currency",
         ar_ledger_currency_code(lg, ar_ledger_base_currency(lg)));
    const ar_folded *f = ar_ledger_folded(lg);
    meta_num(w, "folded", f != NULL);
    const ar_ingest_stats *st = &run->stats;
    meta_num(w, "rows_read", (int64_t)st->rows_read);
    meta_num(w, "rows_used", (int64_t)st->rows_used);
    meta_num(w, "rows_rejected", (int64_t)st->rows_rejected);
    meta_num(w, "rows_skipped", (int64_t)st->rows_skipped);
    meta_num(w, "rows_rounded", (int64_t)st->rows_rounded);
    meta_num(w, "settlement_rows", (int64_t)st->settlement_rows);
    meta_num(w, "open_balances", st->open_balances);
    meta_day(w, "first_date", st->first_date);
    meta_day(w, "last_date", st->last_date);
    for (int r = 0; r < AR_SKIP_COUNT_; r++) {
        char key[32];
        snprintf(key, sizeof key, "skipped.%d", r);
        meta_num(w, key, (int64_t)st->skips.by_reason[r]);
    }
    meta_num(w, "statements_written", (int64_t)run->statements_written);
    if (f) {
        meta_num(w, "folded_docs", (int64_t)f->docs);
        meta_num(w, "type_totals_ok", f->type_totals_ok);
        meta_num(w, "over_limit_line", f->over_limit_line);
        meta(w, "over_limit_currency",
             f->over_limit_line
                 ? ar_ledger_currency_code(lg, f->over_limit_currency)
                 : "");
    }
}

/* The inputs as the run names them, and where the merge reads them. */
static void write_inputs(writer *w, const ar_run *run)
{
    const ar_options *o = run->opts;
    /* a shard folder's data files are relative to where split ran */
    const char *data_cwd = o->split_in ? o->split_in->cwd : NULL;
    prep(w, "INSERT INTO inputs(seq, role, path, file, sha256) "
            "VALUES (?, ?, ?, ?, ?)");
    for (size_t i = 0; i < run->input_count; i++) {
        const ar_input_file *in = &run->inputs[i];
        bool data = strcmp(in->role, "holidays") != 0 &&
                    strcmp(in->role, "fx") != 0;
        char file[PATH_MAX];
        absolute(in->path, data ? data_cwd : NULL, file);
        num(w, 1, (int64_t)i);
        text(w, 2, in->role);
        text(w, 3, in->path);
        text(w, 4, file);
        text(w, 5, in->sha256);
        row(w);
    }
}

/* The currencies, with the first line a row of each shows (the merge
 * numbers them in that order, as a single read does). */
static void write_currencies(writer *w, const ar_run *run)
{
    const ar_ledger *lg = run->ledger;
    size_t nc = ar_ledger_currency_count(lg);
    uint32_t *first = ar_xcalloc(nc + 1, sizeof *first);
    const ar_doc *docs = ar_ledger_docs(lg);
    for (size_t i = 0; i < ar_ledger_doc_count(lg); i++)
        if (!first[docs[i].currency] || docs[i].line < first[docs[i].currency])
            first[docs[i].currency] = docs[i].line;
    const ar_folded *f = ar_ledger_folded(lg);
    for (size_t c = 0; f && c < f->currency_count && c < nc; c++)
        if (f->currencies[c].docs &&
            (!first[c] || f->currencies[c].first_line < first[c]))
            first[c] = f->currencies[c].first_line;
    prep(w, "INSERT INTO currencies(idx, code, first_line, folded_docs, "
            "folded_first_line, folded_invoiced, folded_settled) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (size_t c = 0; c < nc; c++) {
        num(w, 1, (int64_t)c);
        text(w, 2, ar_ledger_currency_code(lg, (uint16_t)c));
        num(w, 3, first[c]);
        if (f && c < f->currency_count) {
            const ar_folded_currency *fc = &f->currencies[c];
            num(w, 4, (int64_t)fc->docs);
            num(w, 5, fc->first_line);
            num(w, 6, fc->invoiced);
            num(w, 7, fc->settled);
        }
        row(w);
    }
    free(first);
}

/* The ledger's clients with a used row: the folded part of each. */
static void write_clients(writer *w, const ar_run *run)
{
    const ar_ledger *lg = run->ledger;
    const ar_client *cl = ar_ledger_clients(lg);
    size_t n = ar_ledger_client_count(lg);
    uint32_t *first = ar_xcalloc(n + 1, sizeof *first);
    const ar_doc *docs = ar_ledger_docs(lg);
    for (size_t i = 0; i < ar_ledger_doc_count(lg); i++)
        if (!first[docs[i].client] || docs[i].line < first[docs[i].client])
            first[docs[i].client] = docs[i].line;
    const ar_folded *f = ar_ledger_folded(lg);
    for (size_t c = 0; f && c < n && c < f->client_count; c++) {
        uint32_t l = f->clients[c].first_line;
        if (l && (!first[c] || l < first[c]))
            first[c] = l; /* a client whose first rows folded */
    }
    prep(w, "INSERT INTO clients(id, first_line, seen, seen_base, "
            "seen_other, last_payment, last_payment_amount, days_late_sum, "
            "revenue, settled_count, max_days_late) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (size_t c = 0; c < n; c++) {
        if (!cl[c].in_ledger)
            continue;
        text(w, 1, ar_ledger_text(lg, cl[c].id));
        num(w, 2, first[c]);
        if (f && c < f->client_count) {
            const ar_folded_client *fc = &f->clients[c];
            num(w, 3, fc->seen);
            num(w, 4, fc->seen_base);
            num(w, 5, fc->seen_other);
            day(w, 6, fc->last_payment);
            num(w, 7, fc->last_payment_amount);
        }
        if (f && f->history && c < f->client_count) {
            const ar_folded_history *h = &f->history[c];
            num(w, 8, h->days_late_sum);
            num(w, 9, h->revenue);
            num(w, 10, h->settled_count);
            num(w, 11, h->max_days_late);
        }
        row(w);
    }
    free(first);
}

/* The rows the run still reads (all of them when it did not fold). */
static void write_docs(writer *w, const ar_run *run)
{
    const ar_ledger *lg = run->ledger;
    const ar_doc *docs = ar_ledger_docs(lg);
    const ar_client *cl = ar_ledger_clients(lg);
    prep(w, "INSERT INTO docs(line, client, currency, type, amount, "
            "doc_date, due_date, settled_date, disputed, companion, doc_no, "
            "applies_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (size_t i = 0; i < ar_ledger_doc_count(lg) && w->err == AR_OK; i++) {
        const ar_doc *x = &docs[i];
        num(w, 1, x->line);
        text(w, 2, ar_ledger_text(lg, cl[x->client].id));
        num(w, 3, x->currency);
        num(w, 4, x->type);
        num(w, 5, x->amount);
        day(w, 6, x->doc_date);
        day(w, 7, x->due_date);
        day(w, 8, x->settled_date);
        num(w, 9, x->disputed);
        num(w, 10, x->companion);
        text(w, 11, ar_ledger_text(lg, x->doc_no));
        if (x->applies_to)
            text(w, 12, ar_ledger_ref_text(lg, x->applies_to));
        row(w);
    }
}

static void put_figure(void *ctx, const char *name, int i, int j, int64_t *v)
{
    writer *w = ctx;
    if (!*v)
        return; /* a missing figure reads as 0 */
    text(w, 1, name);
    num(w, 2, i);
    num(w, 3, j);
    num(w, 4, *v);
    row(w);
}

static void write_figures(writer *w, const ar_run *run)
{
    const ar_ledger *lg = run->ledger;
    const ar_folded *f = ar_ledger_folded(lg);
    if (!f)
        return;
    prep(w, "INSERT INTO figures(name, i, j, value) VALUES (?, ?, ?, ?)");
    size_t nc = ar_ledger_currency_count(lg);
    if (f->kpi_rows) {
        ar_kpi_rows copy = *f->kpi_rows;
        ar_figures_kpi_rows(&copy, nc, put_figure, w);
    }
    for (size_t c = 0; c < f->rollforward_count; c++) {
        ar_rf_figures copy = f->rollforward[c];
        ar_figures_rollforward(&copy, (int)c, put_figure, w);
    }
    for (size_t c = 0; c < f->currency_count && f->type_totals; c++)
        for (int t = 0; t < AR_DOC_COUNT_; t++) {
            int64_t v = f->type_totals[c * AR_DOC_COUNT_ + (size_t)t];
            put_figure(w, "type_totals", (int)c, t, &v);
        }
}

/* The master data read off the ledger's own columns. */
static void write_derived(writer *w, const ar_run *run)
{
    const ar_ingest_stats *st = &run->stats;
    prep(w, "INSERT INTO derived(seq, " AR_SUMMARY_INFO_TEXTS
            ", segment, strategic, has_revenue, annual_revenue, "
            "prior_collections, line, from_ledger, rejected_rows) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?)");
    /* the infos' texts are in the run's ledger pool */
    for (size_t i = 0; i < st->derived_count && w->err == AR_OK; i++) {
        const ar_client_info *in = &st->derived[i];
        const ar_str *texts[] = AR_SUMMARY_INFO_FIELDS(in);
        num(w, 1, (int64_t)i);
        for (size_t k = 0; k < sizeof texts / sizeof *texts; k++)
            text(w, 2 + (int)k, ar_ledger_text(run->ledger, *texts[k]));
        int k = 2 + (int)(sizeof texts / sizeof *texts);
        num(w, k, in->segment);
        num(w, k + 1, in->strategic);
        num(w, k + 2, in->has_revenue);
        num(w, k + 3, in->annual_revenue);
        num(w, k + 4, in->prior_collections);
        num(w, k + 5, in->line);
        num(w, k + 6, in->from_ledger);
        num(w, k + 7, in->rejected_rows);
        row(w);
    }
}

/* The ledger's own rejects (the small files are read again) and skipped
 * rows. */
static void write_rejects(writer *w, const ar_run *run)
{
    const char *ledger = run->opts->ledger;
    prep(w, "INSERT INTO rejects(seq, file, line, col, reason, value, "
            "detail, has_amount, currency, amount, has_client, client_hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (size_t i = 0; i < run->rejects.count && w->err == AR_OK; i++) {
        const ar_reject *x = &run->rejects.items[i];
        /* the per-client notes the merge makes again (line 0) */
        if (strcmp(x->file, ledger) != 0 || x->line == 0)
            continue;
        num(w, 1, (int64_t)i);
        text(w, 2, x->file);
        num(w, 3, x->line);
        text(w, 4, x->column);
        num(w, 5, x->reason);
        text(w, 6, x->value);
        text(w, 7, x->detail);
        num(w, 8, x->has_amount);
        text(w, 9, x->currency);
        num(w, 10, x->amount);
        num(w, 11, x->has_client);
        num(w, 12, (int64_t)x->client_hash);
        row(w);
    }
    prep(w, "INSERT INTO skipped(seq, line, reason, first_field) "
            "VALUES (?, ?, ?, ?)");
    const ar_skips *s = &run->stats.skips;
    for (size_t i = 0; i < s->count; i++) {
        num(w, 1, (int64_t)i);
        num(w, 2, s->items[i].line);
        num(w, 3, s->items[i].reason);
        text(w, 4, s->items[i].first_field);
        row(w);
    }
}

/* The letters as the shard laid them out and drew them, the statements
 * it held back, and the characters the fonts were cut to. */
static void write_letters(writer *w, const ar_run *run)
{
    prep(w, "INSERT INTO letters(client, stage, pages, qr, tight, "
            "out_of_range, rejected, abroad, unmailable, bad_cp, amount_due, "
            "sha256, address, pages_data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (size_t i = 0; i < run->part_letter_count && w->err == AR_OK; i++) {
        const ar_part_letter *l = &run->part_letters[i];
        text(w, 1, l->client_id);
        num(w, 2, l->stage);
        num(w, 3, l->pages);
        num(w, 4, l->qr);
        num(w, 5, l->tight);
        num(w, 6, l->out_of_range);
        num(w, 7, l->rejected);
        num(w, 8, l->abroad);
        num(w, 9, l->unmailable);
        num(w, 10, l->bad_cp);
        num(w, 11, l->amount_due);
        text(w, 12, l->sha256);
        text(w, 13, l->address);
        unsigned char *pages = NULL;
        if (w->st && l->pages_len && run->pages_spooled &&
            (w->err = ar_part_letters_unspool(run, l, &pages, w->d)) ==
                AR_OK)
            sqlite3_bind_blob64(w->st, 14, pages, l->pages_len,
                                SQLITE_STATIC);
        row(w);
        free(pages);
    }
    prep(w, "INSERT INTO held_statements(client, bad_cp) VALUES (?, ?)");
    for (size_t i = 0; i < run->part_held_count; i++) {
        text(w, 1, run->part_held[i].client_id);
        num(w, 2, run->part_held[i].bad_cp);
        row(w);
    }
    prep(w, "INSERT INTO chars(which, cp) VALUES (?, ?)");
    for (int which = 0; which < 2; which++) {
        const ar_cpset *cs = run->chars[which];
        for (uint32_t cp = 0; cs && cp < 65536; cp++)
            if (ar_cpset_has(cs, cp)) {
                num(w, 1, which);
                num(w, 2, cp);
                row(w);
            }
    }
}

ar_err ar_summary_write(const ar_run *run, const char *dir, ar_diag *d)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, AR_SUMMARY_FILE);
    writer w = {.path = path, .d = d, .err = AR_OK};
    if (sqlite3_open_v2(path, &w.db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        fail(&w);
        sqlite3_close(w.db);
        return w.err;
    }
    /* the folder is published whole or not at all: no journal needed */
    exec(&w, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;");
    char pragma[128];
    snprintf(pragma, sizeof pragma,
             "PRAGMA user_version = %d; PRAGMA application_id = %d;",
             AR_SUMMARY_VERSION, AR_SUMMARY_APP_ID);
    exec(&w, pragma);
    exec(&w, "BEGIN");
    exec(&w, AR_SUMMARY_SCHEMA);
    write_meta(&w, run);
    write_inputs(&w, run);
    write_currencies(&w, run);
    if (run->opts->split_in || run->opts->shard_k == 0) {
        write_clients(&w, run);
        write_docs(&w, run);
        write_figures(&w, run);
        write_derived(&w, run);
    }
    write_rejects(&w, run);
    write_letters(&w, run);
    sqlite3_finalize(w.st);
    w.st = NULL;
    exec(&w, "COMMIT");
    if (sqlite3_close(w.db) != SQLITE_OK && w.err == AR_OK)
        w.err = ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                            "cannot close the shard's summary");
    return w.err;
}
