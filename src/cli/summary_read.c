/* summary_read.c - the parts of a merge (summary.h): opened and checked
 * to belong together, the run's options taken from them, the letters and
 * statements they drew handed to the renderers and linked into the set.
 * The ledger is merge_ledger.c's. */
#include "ar/cli/summary_parts.h"

#include <sqlite3.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ar/base/digest.h"
#include "ar/base/files.h"
#include "ar/base/money.h"
#include "ar/base/version.h"
#include "ar/ingest/line_map.h"
#include "ar/render/page/layouts.h"

char *ar_part_meta(const ar_part *p, const char *key)
{
    sqlite3_stmt *st = NULL;
    char *v = NULL;
    if (sqlite3_prepare_v2(p->db, "SELECT value FROM meta WHERE key = ?", -1,
                           &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            v = ar_xstrdup((const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return v;
}

int64_t ar_part_meta_num(const ar_part *p, const char *key)
{
    char *v = ar_part_meta(p, key);
    int64_t n = v ? strtoll(v, NULL, 10) : 0;
    free(v);
    return n;
}

ar_err ar_part_fail(const ar_part *p, ar_diag *d)
{
    return ar_diag_set(d, AR_ERR_IO, p->db_path, 0, NULL,
                       "cannot read the shard's summary: %s",
                       p->db ? sqlite3_errmsg(p->db) : "not opened");
}

ar_err ar_part_end(const ar_part *p, sqlite3_stmt *st, ar_diag *d)
{
    if (!st)
        return AR_ERR_IO;
    /* finalize returns the error of a failed last step */
    return sqlite3_finalize(st) == SQLITE_OK ? AR_OK : ar_part_fail(p, d);
}

sqlite3_stmt *ar_part_query(const ar_part *p, const char *sql, ar_diag *d)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(p->db, sql, -1, &st, NULL) != SQLITE_OK) {
        ar_part_fail(p, d);
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

const char *ar_part_text(sqlite3_stmt *st, int k)
{
    const unsigned char *s = sqlite3_column_text(st, k);
    return s ? (const char *)s : "";
}

ar_date ar_part_date(sqlite3_stmt *st, int k)
{
    return sqlite3_column_type(st, k) == SQLITE_NULL
               ? AR_DATE_NONE
               : (ar_date)sqlite3_column_int64(st, k);
}

/* ---- open and check ------------------------------------------------- */

static ar_err odd(const char *dir, ar_diag *d, const char *what)
{
    return ar_diag_set(d, AR_ERR_IO, dir, 0, NULL,
                       "%s: it is not a part of this merge", what);
}

/* One part folder: its summary, of this version, finished. */
static ar_err open_part(const char *dir, ar_part *p, ar_diag *d)
{
    p->dir = ar_xstrdup(dir);
    size_t len = strlen(dir) + sizeof AR_SUMMARY_FILE + 2;
    p->db_path = ar_xmalloc(len);
    snprintf(p->db_path, len, "%s/%s", dir, AR_SUMMARY_FILE);
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return ar_diag_set(d, AR_ERR_IO, dir, 0, NULL,
                           "no such part folder (a shard that did not "
                           "finish publishes none)");
    char split_file[4200];
    snprintf(split_file, sizeof split_file, "%s/ledger.lines", dir);
    bool split_folder = stat(split_file, &sb) == 0;
    snprintf(split_file, sizeof split_file, "%s/split.txt", dir);
    split_folder |= stat(split_file, &sb) == 0;
    if (stat(p->db_path, &sb) != 0 && split_folder)
        return ar_diag_set(d, AR_ERR_IO, dir, 0, NULL,
                           "is a split's folder (what run --split reads), "
                           "not a part: give the folders the shard runs "
                           "wrote, OUT/<as-of>-shard-K-of-N");
    if (stat(p->db_path, &sb) != 0)
        return ar_diag_set(d, AR_ERR_IO, dir, 0, NULL,
                           "holds no %s: not a finished shard part of "
                           "this arbatch (run --shard K/N writes it)",
                           AR_SUMMARY_FILE);
    if (sqlite3_open_v2(p->db_path, &p->db, SQLITE_OPEN_READONLY, NULL) !=
        SQLITE_OK)
        return ar_part_fail(p, d);
    sqlite3_stmt *st = ar_part_query(p, "PRAGMA application_id", d);
    int app = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0)
                                                   : 0;
    sqlite3_finalize(st);
    st = ar_part_query(p, "PRAGMA user_version", d);
    int version = st && sqlite3_step(st) == SQLITE_ROW
                      ? sqlite3_column_int(st, 0)
                      : 0;
    sqlite3_finalize(st);
    if (app != AR_SUMMARY_APP_ID)
        return ar_diag_set(d, AR_ERR_IO, p->db_path, 0, NULL,
                           "not an arbatch shard summary");
    if (version != AR_SUMMARY_VERSION)
        return ar_diag_set(d, AR_ERR_IO, p->db_path, 0, NULL,
                           "a summary of version %d; this arbatch reads "
                           "version %d: run the shards again with it",
                           version, AR_SUMMARY_VERSION);
    /* a damaged file (truncated, a page overwritten) is refused here,
     * naming it, rather than read short */
    st = ar_part_query(p, "PRAGMA quick_check(1)", d);
    const char *check = st && sqlite3_step(st) == SQLITE_ROW
                            ? (const char *)sqlite3_column_text(st, 0)
                            : NULL;
    bool ok = check && strcmp(check, "ok") == 0;
    ar_err err = ok ? AR_OK
                    : ar_diag_set(d, AR_ERR_IO, p->db_path, 0, NULL,
                                  "the summary is damaged (%s): copy the "
                                  "part again or run the shard again",
                                  check ? check : sqlite3_errmsg(p->db));
    sqlite3_finalize(st);
    if (err != AR_OK)
        return err;
    p->k = (unsigned)ar_part_meta_num(p, "shard");
    return AR_OK;
}

/* What every part must agree on: meta key, and what a user calls it. */
static const struct {
    const char *key, *words;
} same_keys[] = {
    {"shards", "number of shards"},
    {"whole_ledger", "kind (1: run on the whole ledger, 0: on a split "
                     "folder)"},
    {"as_of", "--as-of"},
    {"letter_date", "letter date"},
    {"from", "--from"},
    {"outputs", "--outputs"},
    {"format_name", "--format"},
    {"entity", "--entity"},
    {"policy_sha256", "policy file (sha256)"},
    {"gl", "--gl-balance"},
    {"layouts_sha256", "layouts (sha256 of the layouts directory and "
                       "its fonts, profile and logo)"},
    {"base_currency", "base currency"},
    {"folded", "fold"},
    {"arbatch", "arbatch version"},
};

/* A meta value as a user reads it: the outputs by name, none for "". */
static void shown(const char *key, const char *v, char *buf, size_t size)
{
    if (!v || !v[0]) {
        snprintf(buf, size, "(none)");
    } else if (strcmp(key, "outputs") == 0) {
        static const char *const names[] = {"aging", "kpi", "letters",
                                            "agency"};
        unsigned bits = (unsigned)strtoul(v, NULL, 10);
        buf[0] = '\0';
        for (int i = 0; i < 4; i++)
            if (bits & (1u << i))
                snprintf(buf + strlen(buf), size - strlen(buf), "%s%s",
                         buf[0] ? "," : "", names[i]);
    } else {
        snprintf(buf, size, "%s", v);
    }
}

/* The inputs of part p as one text, to compare. */
static char *inputs_text(const ar_part *p, ar_diag *d)
{
    sqlite3_stmt *st = ar_part_query(
        p, "SELECT role, path, sha256 FROM inputs ORDER BY seq", d);
    if (!st)
        return NULL;
    size_t cap = 256, len = 0;
    char *s = ar_xmalloc(cap);
    s[0] = '\0';
    while (sqlite3_step(st) == SQLITE_ROW) {
        char line[9000];
        int n = snprintf(line, sizeof line, "%s %s %s\n", ar_part_text(st, 0),
                         ar_part_text(st, 2), ar_part_text(st, 1));
        ar_xgrow((void **)&s, &cap, len + (size_t)n + 1, 1);
        memcpy(s + len, line, (size_t)n + 1);
        len += (size_t)n;
    }
    if (ar_part_end(p, st, d) != AR_OK) {
        free(s);
        return NULL;
    }
    return s;
}

static ar_err check_same(ar_parts *ps, ar_diag *d)
{
    const ar_part *first = &ps->p[0];
    char *want_in = inputs_text(first, d);
    ar_err err = want_in ? AR_OK : AR_ERR_IO;
    for (size_t i = 1; i < ps->n && err == AR_OK; i++) {
        const ar_part *p = &ps->p[i];
        for (size_t k = 0; k < sizeof same_keys / sizeof *same_keys; k++) {
            char *a = ar_part_meta(first, same_keys[k].key);
            char *b = ar_part_meta(p, same_keys[k].key);
            bool same = (!a && !b) || (a && b && strcmp(a, b) == 0);
            char va[200], vb[200];
            shown(same_keys[k].key, a, va, sizeof va);
            shown(same_keys[k].key, b, vb, sizeof vb);
            if (!same)
                err = ar_diag_set(d, AR_ERR_IO, p->dir, 0, NULL,
                                  "its %s is %s, %s's is %s: the parts are "
                                  "not of one run",
                                  same_keys[k].words, vb, first->dir, va);
            free(a);
            free(b);
            if (err != AR_OK)
                break;
        }
        char *in = err == AR_OK ? inputs_text(p, d) : NULL;
        if (err == AR_OK && (!in || strcmp(in, want_in) != 0)) {
            /* name the first input that differs: "role sha path" lines */
            const char *x = in ? in : "", *y = want_in;
            for (;;) { /* past the lines that are the same */
                const char *ex = strchr(x, '\n'), *ey = strchr(y, '\n');
                if (!ex || !ey || ex - x != ey - y ||
                    memcmp(x, y, (size_t)(ex - x)) != 0)
                    break;
                x = ex + 1;
                y = ey + 1;
            }
            char role[16] = "inputs";
            sscanf(*x ? x : y, "%15s", role);
            err = ar_diag_set(d, AR_ERR_IO, p->dir, 0, NULL,
                              "its %s file is not %s's (another file, or "
                              "its sha256 differs): the parts are not of "
                              "one run",
                              role, first->dir);
        }
        free(in);
    }
    free(want_in);
    return err;
}

/* The as-of date asked for. */
static ar_err check_as_of(ar_parts *ps, const ar_options *cli, ar_diag *d)
{
    char want[16];
    ar_date_format_iso(cli->as_of, want, sizeof want);
    for (size_t i = 0; i < ps->n; i++) {
        char *as_of = ar_part_meta(&ps->p[i], "as_of");
        bool ok = as_of && strcmp(as_of, want) == 0;
        ar_err err = ok ? AR_OK
                        : ar_diag_set(d, AR_ERR_IO, ps->p[i].dir, 0, NULL,
                                      "a part as of %s, not of --as-of %s",
                                      as_of ? as_of : "?", want);
        free(as_of);
        if (err != AR_OK)
            return err;
        /* the merge analyses again: with the shards' arbatch only */
        char *version = ar_part_meta(&ps->p[i], "arbatch");
        if (!version || strcmp(version, ar_version()) != 0)
            err = ar_diag_set(d, AR_ERR_IO, ps->p[i].dir, 0, NULL,
                              "a part of arbatch %s; this is arbatch %s: "
                              "merge with the arbatch the shards ran",
                              version ? version : "?", ar_version());
        free(version);
        if (err != AR_OK)
            return err;
    }
    return AR_OK;
}

/* Each K of 0..N-1 once. */
static ar_err check_set(ar_parts *ps, const ar_options *cli, ar_diag *d)
{
    unsigned n = (unsigned)ar_part_meta_num(&ps->p[0], "shards");
    char want[16];
    ar_date_format_iso(cli->as_of, want, sizeof want);
    for (size_t i = 0; i < ps->n; i++) {
        if (ps->p[i].k >= n)
            return odd(ps->p[i].dir, d, "its shard number is out of range");
        for (size_t j = 0; j < i; j++)
            if (ps->p[j].k == ps->p[i].k)
                return ar_diag_set(d, AR_ERR_IO, ps->p[i].dir, 0, NULL,
                                   "shard %u of %u is given twice (also %s)",
                                   ps->p[i].k, n, ps->p[j].dir);
    }
    if (ps->n < n) {
        bool *have = ar_xcalloc(n + 1, sizeof *have);
        for (size_t i = 0; i < ps->n; i++)
            have[ps->p[i].k] = true;
        unsigned miss = 0;
        while (have[miss])
            miss++;
        free(have);
        return ar_diag_set(d, AR_ERR_IO, NULL, 0, NULL,
                           "shard %u of %u is missing (%zu of %u parts "
                           "given): run it, or give its part folder "
                           "%s-shard-%u-of-%u",
                           miss, n, ps->n, n, want, miss, n);
    }
    return AR_OK;
}

static int cmp_k(const void *x, const void *y)
{
    const ar_part *a = x, *b = y;
    return a->k < b->k ? -1 : a->k > b->k;
}

/* The run's options and inputs, from part 0 (all agree). */
/* The merge's own layouts must be those the shards drew with: the
 * batches' letterhead and the placement files' creditor come from them. */
static ar_err check_layouts(const ar_part *p, ar_diag *d)
{
    char *want = ar_part_meta(p, "layouts_sha256");
    char have[65];
    const char *dir = ar_layout_default_dir();
    ar_err err = want ? ar_layout_digest(dir, have, d) : AR_OK;
    if (err == AR_OK && want && strcmp(want, have) != 0)
        err = ar_diag_set(d, AR_ERR_IO, dir, 0, NULL,
                          "these layouts are not the ones the shards drew "
                          "their letters with (the sha256 of the directory "
                          "and of the fonts, profile and logo it names "
                          "differs): give every machine and the merge the "
                          "same layouts/ (ARBATCH_LAYOUTS) and fonts");
    free(want);
    return err;
}

static ar_err take_options(ar_parts *ps, ar_options *cli, ar_diag *d)
{
    const ar_part *p = &ps->p[0];
    unsigned outputs = (unsigned)ar_part_meta_num(p, "outputs");
    if (outputs & (AR_OUT_LETTERS | AR_OUT_AGENCY)) {
        ar_err err = check_layouts(p, d);
        if (err != AR_OK)
            return err;
    }
    ps->policy = ar_part_meta(p, "policy");
    ps->format = ar_part_meta(p, "format_name");
    ps->entity = ar_part_meta(p, "entity");
    ps->base = ar_part_meta(p, "base_currency");
    ps->folded = ar_part_meta_num(p, "folded") != 0;
    ps->ledger_parts = ar_part_meta_num(p, "whole_ledger") ? 1 : ps->n;
    cli->policy = ps->policy && ps->policy[0] ? ps->policy : NULL;
    if (cli->policy) {
        /* read again from its path: it must be the file the shards read */
        char hex[65];
        char *want = ar_part_meta(p, "policy_sha256");
        ar_err err = ar_sha256_file(cli->policy, hex, d);
        if (err == AR_OK && (!want || strcmp(want, hex) != 0))
            err = ar_diag_set(d, AR_ERR_IO, cli->policy, 0, NULL,
                              "changed since the shards read it (its sha256 "
                              "differs): run the shards again");
        free(want);
        if (err != AR_OK)
            return err;
    }
    cli->format = ps->format && ps->format[0] ? ps->format : NULL;
    cli->entity = ps->entity && ps->entity[0] ? ps->entity : NULL;
    cli->outputs = (unsigned)ar_part_meta_num(p, "outputs");
    char *v = ar_part_meta(p, "letter_date");
    cli->letter_date = AR_DATE_NONE;
    if (v && v[0])
        ar_date_parse_iso(v, &cli->letter_date);
    free(v);
    v = ar_part_meta(p, "from");
    cli->from = AR_DATE_NONE;
    if (v && v[0])
        ar_date_parse_iso(v, &cli->from);
    free(v);
    /* --gl-balance: "CUR=1234.56 base=-5.00", in the order given */
    v = ar_part_meta(p, "gl");
    for (char *tok = v ? strtok(v, " ") : NULL;
         tok && cli->gl_count < AR_MAX_GL; tok = strtok(NULL, " ")) {
        char *eq = strchr(tok, '=');
        ar_gl_balance *g = &cli->gl[cli->gl_count];
        if (!eq || ar_money_parse(eq + 1, strlen(eq + 1), '.', &g->cents) !=
                       AR_OK) {
            free(v);
            return odd(p->dir, d, "its --gl-balance cannot be read");
        }
        *eq = '\0';
        snprintf(g->currency, sizeof g->currency, "%s",
                 strcmp(tok, "base") == 0 ? "" : tok);
        cli->gl_count++;
    }
    free(v);
    sqlite3_stmt *st = ar_part_query(
        p, "SELECT role, path, file, sha256 FROM inputs ORDER BY seq", d);
    if (!st)
        return AR_ERR_IO;
    while (sqlite3_step(st) == SQLITE_ROW) {
        ps->inputs = ar_xrealloc(ps->inputs, (ps->input_count + 1) *
                                                 sizeof *ps->inputs);
        ar_part_input *in = &ps->inputs[ps->input_count++];
        in->role = ar_xstrdup(ar_part_text(st, 0));
        in->path = ar_xstrdup(ar_part_text(st, 1));
        in->file = ar_xstrdup(ar_part_text(st, 2));
        in->sha256 = ar_xstrdup(ar_part_text(st, 3));
        const char **slot = strcmp(in->role, "ledger") == 0     ? &cli->ledger
                            : strcmp(in->role, "clients") == 0  ? &cli->clients
                            : strcmp(in->role, "costs") == 0    ? &cli->costs
                            : strcmp(in->role, "history") == 0  ? &cli->history
                            : strcmp(in->role, "holidays") == 0 ? &cli->holidays
                            : strcmp(in->role, "fx") == 0       ? &cli->fx
                                                                : NULL;
        if (slot)
            *slot = in->path;
        /* read by the name the run gave it: rejects say that name */
        if (strcmp(in->role, "ledger") != 0)
            ar_csv_redirect(in->path, in->file, NULL, NULL);
    }
    if (ar_part_end(p, st, d) != AR_OK)
        return AR_ERR_IO;
    return cli->ledger ? AR_OK : odd(p->dir, d, "it names no ledger");
}

/* The small files the merge reads again: there, and the shards' own. */
static ar_err check_files(const ar_parts *ps, ar_diag *d)
{
    for (size_t k = 0; k < ps->input_count; k++) {
        const ar_part_input *in = &ps->inputs[k];
        if (strcmp(in->role, "ledger") == 0)
            continue; /* the parts hold what the merge needs of it */
        char hex[65];
        ar_diag why;
        if (ar_sha256_file(in->file, hex, &why) != AR_OK)
            return ar_diag_set(d, AR_ERR_IO, in->file, 0, NULL,
                               "%s: the merge reads the run's %s file "
                               "again, where the shards read it: make it "
                               "readable here",
                               why.message, in->role);
        if (strcmp(hex, in->sha256) != 0)
            return ar_diag_set(d, AR_ERR_IO, in->file, 0, NULL,
                               "changed since the shards read it (its "
                               "sha256 differs): run the shards again");
    }
    return AR_OK;
}

ar_err ar_parts_open(ar_options *cli, ar_parts **out, ar_diag *d)
{
    ar_parts *ps = *out = ar_xcalloc(1, sizeof *ps);
    ps->p = ar_xcalloc(cli->part_count + 1, sizeof *ps->p);
    for (size_t i = 0; i < AR_PAGES_SLOTS; i++) {
        pthread_mutex_init(&ps->slots[i].lock, NULL);
        ps->slots[i].pages =
            ar_xcalloc(cli->part_count + 1, sizeof *ps->slots[i].pages);
    }
    ar_err err = AR_OK;
    for (size_t i = 0; i < cli->part_count && err == AR_OK; i++) {
        err = open_part(cli->parts[i], &ps->p[i], d);
        ps->n++;
    }
    if (err == AR_OK)
        err = check_as_of(ps, cli, d);
    if (err == AR_OK)
        err = check_same(ps, d);
    if (err == AR_OK)
        err = check_set(ps, cli, d);
    if (err == AR_OK)
        qsort(ps->p, ps->n, sizeof *ps->p, cmp_k);
    if (err == AR_OK)
        err = take_options(ps, cli, d);
    if (err == AR_OK)
        err = check_files(ps, d);
    return err;
}

/* ---- what the shards drew -------------------------------------------- */

static int cmp_letter(const void *x, const void *y)
{
    return strcmp(((const ar_part_letter *)x)->client_id,
                  ((const ar_part_letter *)y)->client_id);
}

static int cmp_held(const void *x, const void *y)
{
    return strcmp(((const ar_part_held *)x)->client_id,
                  ((const ar_part_held *)y)->client_id);
}

static ar_err load_letters(const ar_part *p, uint32_t part, ar_run *run,
                           ar_diag *d)
{
    sqlite3_stmt *st = ar_part_query(
        p,
        "SELECT client, stage, pages, qr, tight, out_of_range, rejected, "
        "abroad, unmailable, bad_cp, amount_due, sha256, address, rowid "
        "FROM letters",
        d);
    if (!st)
        return AR_ERR_IO;
    size_t cap = run->part_letter_count;
    while (sqlite3_step(st) == SQLITE_ROW) {
        ar_xgrow((void **)&run->part_letters, &cap, run->part_letter_count + 1,
                 sizeof *run->part_letters);
        ar_part_letter *l = &run->part_letters[run->part_letter_count++];
        *l = (ar_part_letter){
            .client_id = ar_xstrdup(ar_part_text(st, 0)),
            .stage = sqlite3_column_int(st, 1),
            .pages = sqlite3_column_int(st, 2),
            .qr = sqlite3_column_int(st, 3),
            .tight = sqlite3_column_int(st, 4),
            .out_of_range = sqlite3_column_int(st, 5),
            .rejected = sqlite3_column_int(st, 6),
            .abroad = sqlite3_column_int(st, 7),
            .unmailable = sqlite3_column_int(st, 8),
            .bad_cp = (uint32_t)sqlite3_column_int64(st, 9),
            .amount_due = sqlite3_column_int64(st, 10),
            .address = ar_xstrdup(ar_part_text(st, 12))};
        snprintf(l->sha256, sizeof l->sha256, "%s", ar_part_text(st, 11));
        l->part = part; /* its pages are read when its batch is made */
        l->row = sqlite3_column_int64(st, 13);
    }
    if (ar_part_end(p, st, d) != AR_OK)
        return AR_ERR_IO;
    st = ar_part_query(p, "SELECT client, bad_cp FROM held_statements", d);
    if (!st)
        return AR_ERR_IO;
    while (sqlite3_step(st) == SQLITE_ROW) {
        run->part_held =
            ar_xrealloc(run->part_held,
                        (run->part_held_count + 1) * sizeof *run->part_held);
        run->part_held[run->part_held_count++] = (ar_part_held){
            ar_xstrdup(ar_part_text(st, 0)),
            (uint32_t)sqlite3_column_int64(st, 1)};
    }
    if (ar_part_end(p, st, d) != AR_OK)
        return AR_ERR_IO;
    run->statements_written +=
        (uint64_t)ar_part_meta_num(p, "statements_written");
    return AR_OK;
}

/* The characters the shards cut their fonts to (every part the same). */
static ar_err load_chars(const ar_part *p, ar_run *run, ar_diag *d)
{
    sqlite3_stmt *st = ar_part_query(p, "SELECT which, cp FROM chars", d);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        int which = sqlite3_column_int(st, 0);
        if (which < 0 || which > 1)
            continue;
        if (!run->chars[which])
            run->chars[which] = ar_xcalloc(1, sizeof *run->chars[which]);
        ar_cpset_add(run->chars[which], (uint32_t)sqlite3_column_int64(st, 1));
    }
    return ar_part_end(p, st, d);
}

/* run->load_pages: one letter's pages from its part. The batches are
 * made on several threads: each takes a free slot of connections of its
 * own (opened on first use), so that no thread waits on another's read. */
static ar_err load_pages(void *ctx, const ar_part_letter *pl,
                         unsigned char **data, size_t *len, ar_diag *d)
{
    ar_parts *ps = ctx; /* its slots are the readers' to lock */
    *data = NULL;
    *len = 0;
    if (!pl || pl->part >= ps->n)
        return ar_diag_set(d, AR_ERR_IO, NULL, 0, NULL,
                           "a letter without its part (internal)");
    ar_pages_slot *slot = NULL;
    for (size_t i = 0; !slot; i = (i + 1) % AR_PAGES_SLOTS)
        if (pthread_mutex_trylock(&ps->slots[i].lock) == 0)
            slot = &ps->slots[i];
    const ar_part *p = &ps->p[pl->part];
    ar_err err = AR_OK;
    sqlite3_stmt **st = &slot->pages[pl->part];
    if (!*st) {
        sqlite3 *db = NULL;
        if (sqlite3_open_v2(p->db_path, &db, SQLITE_OPEN_READONLY, NULL) !=
                SQLITE_OK ||
            /* it looks up single rows: a small cache a connection (the
             * default 2 MB times threads times parts would add up) */
            sqlite3_exec(db, "PRAGMA cache_size = -256", NULL, NULL,
                         NULL) != SQLITE_OK ||
            sqlite3_prepare_v2(db,
                               "SELECT pages_data FROM letters WHERE rowid = ?",
                               -1, st, NULL) != SQLITE_OK) {
            err = ar_diag_set(d, AR_ERR_IO, p->db_path, 0, NULL,
                              "cannot read the letters' pages: %s",
                              db ? sqlite3_errmsg(db) : "not opened");
            sqlite3_finalize(*st);
            *st = NULL;
            sqlite3_close(db);
        }
    }
    if (err == AR_OK) {
        sqlite3_bind_int64(*st, 1, pl->row);
        if (sqlite3_step(*st) != SQLITE_ROW) {
            err = ar_diag_set(d, AR_ERR_IO, p->db_path, 0, NULL,
                              "the pages of the letter of client %s are "
                              "not there",
                              pl->client_id);
        } else {
            int n = sqlite3_column_bytes(*st, 0);
            *len = n > 0 ? (size_t)n : 0;
            *data = ar_xmalloc(*len + 1);
            if (n > 0)
                memcpy(*data, sqlite3_column_blob(*st, 0), *len);
        }
        sqlite3_reset(*st);
    }
    pthread_mutex_unlock(&slot->lock);
    return err;
}

ar_err ar_parts_letters(const ar_parts *ps, ar_run *run, ar_diag *d)
{
    run->merging = true;
    ar_err err = AR_OK;
    for (size_t i = 0; i < ps->n && err == AR_OK; i++)
        err = load_letters(&ps->p[i], (uint32_t)i, run, d);
    run->load_pages = load_pages;
    run->load_pages_ctx = (void *)ps;
    if (err != AR_OK)
        return err;
    if (run->part_letter_count > 1) /* none: part_letters is NULL */
        qsort(run->part_letters, run->part_letter_count,
              sizeof *run->part_letters, cmp_letter);
    /* by id: the statements' renderer looks each packet row up in them */
    if (run->part_held_count > 1)
        qsort(run->part_held, run->part_held_count, sizeof *run->part_held,
              cmp_held);
    return load_chars(&ps->p[0], run, d);
}

/* ---- the PDFs -------------------------------------------------------- */

/* from into to: a hard link, else a copy (another file system). */
static ar_err link_or_copy(const char *from, const char *to, ar_diag *d)
{
    if (link(from, to) == 0)
        return AR_OK;
    if (errno != EXDEV && errno != EPERM && errno != EMLINK)
        return ar_diag_set(d, AR_ERR_OUTPUT, to, 0, NULL,
                           "cannot link %s here: %s", from, strerror(errno));
    FILE *in = fopen(from, "rb");
    FILE *out = in ? fopen(to, "wb") : NULL;
    char buf[65536];
    size_t n;
    bool ok = in && out;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, n, out) == n;
    ok = ok && !ferror(in);
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        ok = false;
    return ok ? AR_OK
              : ar_diag_set(d, AR_ERR_OUTPUT, to, 0, NULL,
                            "cannot copy %s here: %s", from, strerror(errno));
}

/* Every *.pdf of from/sub into to/sub (made when there are any). */
static ar_err link_dir(const char *from, const char *to, const char *sub,
                       ar_diag *d)
{
    char src[4200], dst[4200];
    snprintf(src, sizeof src, "%s/%s", from, sub);
    snprintf(dst, sizeof dst, "%s/%s", to, sub);
    DIR *dir = opendir(src);
    if (!dir)
        return AR_OK; /* the part has none */
    ar_err err = ar_mkdir_p(dst, d);
    struct dirent *e;
    while (err == AR_OK && (e = readdir(dir)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".pdf") != 0 ||
            strncmp(e->d_name, "batch-", 6) == 0)
            continue;
        char a[4500], b[4500];
        snprintf(a, sizeof a, "%s/%s", src, e->d_name);
        snprintf(b, sizeof b, "%s/%s", dst, e->d_name);
        err = link_or_copy(a, b, d);
    }
    closedir(dir);
    return err;
}

ar_err ar_parts_link_pdfs(const ar_parts *ps, const char *dir, ar_diag *d)
{
    static const char *const subs[] = {"letters/1", "letters/2", "letters/3",
                                       "letters/4", "letters/5", "agency"};
    ar_err err = AR_OK;
    for (size_t i = 0; i < ps->n && err == AR_OK; i++)
        for (size_t s = 0; s < sizeof subs / sizeof *subs && err == AR_OK; s++)
            err = link_dir(ps->p[i].dir, dir, subs[s], d);
    return err;
}

void ar_parts_close(ar_parts *ps)
{
    if (!ps)
        return;
    for (size_t i = 0; i < AR_PAGES_SLOTS; i++) {
        for (size_t k = 0; k < ps->n; k++) {
            sqlite3_stmt *st = ps->slots[i].pages[k];
            sqlite3 *db = st ? sqlite3_db_handle(st) : NULL;
            sqlite3_finalize(st);
            sqlite3_close(db);
        }
        free(ps->slots[i].pages);
        pthread_mutex_destroy(&ps->slots[i].lock);
    }
    for (size_t i = 0; i < ps->n; i++) {
        sqlite3_close(ps->p[i].db);
        free(ps->p[i].dir);
        free(ps->p[i].db_path);
    }
    for (size_t i = 0; i < ps->input_count; i++) {
        free(ps->inputs[i].role);
        free(ps->inputs[i].path);
        free(ps->inputs[i].file);
        free(ps->inputs[i].sha256);
    }
    free(ps->inputs);
    free(ps->p);

    free(ps->policy);
    free(ps->format);
    free(ps->entity);
    free(ps->base);
    ar_csv_redirect_clear();
    free(ps);
}
