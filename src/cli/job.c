/* job.c - ingest -> analyse -> render -> commit (SPEC §1). */
#include "ar/cli/job.h"

#include "ar/render/page/layouts.h"

#include "ar/ingest/small_files.h"
#include "ar/ingest/fx_file.h"
#include "ar/cli/complete.h"
#include "ar/cli/publish.h"
#include "ar/cli/split.h"
#include "ar/ingest/line_map.h"
#include "ar/base/files.h"
#include "ar/base/utf8.h"
#include "ar/ingest/policy_file.h"
#include "ar/engine/calendar.h"
#include "ar/engine/metrics.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static ar_err load_policy(const ar_options *cli, ar_policy *p, ar_diag *d)
{
    ar_policy_defaults(p);
    ar_err err = AR_OK;
    if (cli->format)
        err = ar_policy_apply_format(p, cli->format, d);
    if (err == AR_OK && cli->policy)
        err = ar_policy_load(p, cli->policy, d);
    if (cli->entity) /* SPEC §2.6: --entity over [input] entity */
        snprintf(p->entity, sizeof p->entity, "%s", cli->entity);
    /* --gl-balance over [close] gl_balance, currency by currency */
    for (int i = 0; i < cli->gl_count; i++) {
        int k = 0;
        while (k < p->gl_count &&
               strcmp(p->gl[k].currency, cli->gl[i].currency) != 0)
            k++;
        if (k < AR_MAX_GL) {
            p->gl[k] = cli->gl[i];
            p->gl_count += k == p->gl_count;
        }
    }
    /* SPEC §2.6: open amounts settle on the export date, by default the
     * as-of date */
    if (p->export_date == AR_DATE_NONE)
        p->export_date = cli->as_of;
    return err;
}

static void add_input(ar_run *run, const char *role, const char *path,
                      const char *sha256)
{
    ar_input_file *in = &run->inputs[run->input_count++];
    in->role = role;
    in->path = path;
    snprintf(in->sha256, sizeof in->sha256, "%s", sha256);
}

static int cmp_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* An id without its leading zeros ("000" is "0"). */
static const char *no_zeros(const char *s)
{
    while (s[0] == '0' && s[1])
        s++;
    return s;
}

static int cmp_no_zeros(const void *a, const void *b)
{
    return strcmp(no_zeros(*(char *const *)a), no_zeros(*(char *const *)b));
}

/* Ledger ids not in the clients file that it holds with other leading
 * zeros (0000100010 against 100010): counted, for a hint. ids and known
 * are sorted by their ids without zeros. */
static uint64_t zero_matches(const char **ids, size_t n, const char **known,
                             size_t k)
{
    uint64_t m = 0;
    for (size_t i = 0, j = 0; i < n && j < k;) {
        int c = strcmp(no_zeros(ids[i]), no_zeros(known[j]));
        if (c == 0)
            m++, i++;
        else if (c < 0)
            i++;
        else
            j++;
    }
    return m;
}

/* SPEC §2.2: a ledger client missing from the clients file is listed once,
 * with no line number, in id order. */
static void reject_unknown_clients(ar_run *run)
{
    const ar_ledger *lg = run->ledger;
    const ar_client *cl = ar_ledger_clients(lg);
    size_t n = 0, k = 0, count = ar_ledger_client_count(lg);
    const char **ids = ar_xmalloc((count + 1) * sizeof *ids);
    const char **known = ar_xmalloc((count + 1) * sizeof *known);
    for (size_t c = 0; c < count; c++) {
        if (cl[c].in_ledger && cl[c].info == AR_NONE)
            ids[n++] = ar_ledger_text(lg, cl[c].id);
        else if (!cl[c].in_ledger && cl[c].info != AR_NONE)
            known[k++] = ar_ledger_text(lg, cl[c].id);
    }
    if (n && k && !run->policy.client_id_strip_zeros) {
        qsort(ids, n, sizeof *ids, cmp_no_zeros);
        qsort(known, k, sizeof *known, cmp_no_zeros);
        run->unknown_zero_matches = zero_matches(ids, n, known, k);
    }
    qsort(ids, n, sizeof *ids, cmp_text);
    const char *why = run->opts->clients ? "not in the clients file"
                                        : "no clients file given";
    for (size_t i = 0; i < n; i++) {
        ar_rejects_add(&run->rejects, run->opts->ledger, 0, "client_id",
                       AR_ERR_UNKNOWN_CLIENT, ids[i], why);
        ar_rejects_client(&run->rejects, ids[i], strlen(ids[i]));
    }
    run->unknown_clients = n;
    free(known);
    free(ids);
}

uint64_t ar_run_rejected_rows(const ar_run *run)
{
    return run->rejects.count - run->unknown_clients;
}

/* Every sum the engine forms (totals, buckets, accounts, KPI inputs) adds
 * amounts of one currency, so when each currency's amounts add up to at
 * most AR_CENTS_TOTAL_MAX no sum can wrap (a single larger amount is a
 * rejected row, "amount out of range"). A ledger beyond that is refused
 * (exit 3)
 * at the row where its sum passes the limit: it is a damaged export, not a
 * company's receivables. */
static ar_err check_totals(const ar_run *run, ar_diag *d)
{
    const ar_ledger *lg = run->ledger;
    size_t nc = ar_ledger_currency_count(lg);
    ar_cents *sum = ar_xcalloc(nc + 1, sizeof *sum);
    const ar_doc *docs = ar_ledger_docs(lg);
    /* a folded ledger was checked a partition at a time (fold.c) */
    const ar_folded *f = ar_ledger_folded(lg);
    uint32_t over_line = f ? f->over_limit_line : 0;
    uint16_t over_cur = f ? f->over_limit_currency : 0;
    for (size_t i = 0; i < ar_ledger_doc_count(lg) && !over_line; i++) {
        ar_cents *s = &sum[docs[i].currency];
        if (docs[i].amount > AR_CENTS_TOTAL_MAX - *s) {
            over_line = docs[i].line;
            over_cur = docs[i].currency;
        } else {
            *s += docs[i].amount;
        }
    }
    ar_err err = AR_OK;
    if (over_line) {
        const char *code = ar_ledger_currency_code(lg, over_cur);
        err = ar_diag_set(d, AR_ERR_OVERFLOW, run->opts->ledger, over_line,
                          "amount",
                          "the %s amounts add up to more than "
                          "90,071,992,547,409.91 here, more than arbatch "
                          "can total to the cent: check the amount column",
                          code[0] ? code : "base currency");
    }
    ar_cents costs = 0;
    const ar_cost *cost = ar_ledger_costs(lg);
    for (size_t i = 0; i < ar_ledger_cost_count(lg) && !err; i++) {
        if (cost[i].cost > AR_CENTS_TOTAL_MAX - costs)
            err = ar_diag_set(d, AR_ERR_OVERFLOW, run->opts->costs,
                              cost[i].line, "cost",
                              "the costs add up to more than "
                              "90,071,992,547,409.91 here, more than arbatch "
                              "can total to the cent");
        else
            costs += cost[i].cost;
    }
    free(sum);
    return err;
}

/* Ledger files of at least this many bytes fold (fold.h): README "Large
 * ledgers". ARBATCH_FOLD_ABOVE overrides it (0: always). */
#define FOLD_ABOVE_DEFAULT (96ULL << 20)

/* A byte count from the environment, else dflt (with a message when it
 * is not one). */
static uint64_t env_bytes(const char *name, uint64_t dflt)
{
    const char *env = getenv(name);
    if (!env || !env[0])
        return dflt;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(env, &end, 10);
    if (errno || *end || env[0] == '-') {
        char shown[400]; /* control characters as \xNN, as main's */
        ar_text_show(shown, sizeof shown, env, sizeof shown / 4);
        fprintf(stderr, "arbatch: %s=%s is not a number of bytes; using "
                        "%llu\n",
                name, shown, (unsigned long long)dflt);
        return dflt;
    }
    return v;
}

static uint64_t fold_above(void)
{
    return env_bytes("ARBATCH_FOLD_ABOVE", FOLD_ABOVE_DEFAULT);
}

/* Fold a large ledger with its temporary files in $TMPDIR when set, else
 * in the output directory (validate: /var/tmp): that is where the user
 * gives arbatch room, and /tmp may be memory. made_top receives the
 * outermost directory made for them ("" when none was), for
 * remove_made_dirs. */
static ar_err fold_options(const ar_options *cli, ar_fold_opts *fo, bool *on,
                           char made_top[4096], ar_diag *d)
{
    struct stat sb;
    bool validate = cli->command == AR_CMD_VALIDATE;
    const char *tmpdir = getenv("TMPDIR");
    fo->dir = tmpdir && tmpdir[0] ? tmpdir : validate ? "/var/tmp" : cli->out;
    fo->as_of = validate ? AR_DATE_NONE : cli->as_of;
    fo->threads = ar_options_threads(cli, 2);
    fo->rollforward_from = cli->from;
    /* tests split small ledgers into many partitions (0: the default) */
    fo->part_bytes = env_bytes("ARBATCH_FOLD_PART_BYTES", 0);
    /* split always folds: its memory does not grow with closed history */
    *on = stat(ar_csv_redirected(cli->ledger), &sb) == 0 &&
          S_ISREG(sb.st_mode) && (cli->command == AR_CMD_SPLIT ||
                                  (uint64_t)sb.st_size >= fold_above());
    fo->input_bytes = *on ? (uint64_t)sb.st_size : 0;
    made_top[0] = '\0';
    if (!*on || stat(fo->dir, &sb) == 0)
        return AR_OK;
    /* the outermost missing one, which mkdir -p makes with those below:
     * cut at each '/' until the parent exists, then put that '/' back */
    snprintf(made_top, 4096, "%s", fo->dir);
    for (char *slash; (slash = strrchr(made_top, '/')) && slash != made_top;) {
        *slash = '\0';
        if (stat(made_top, &sb) == 0) {
            *slash = '/';
            break;
        }
    }
    return ar_mkdir_p(fo->dir, d);
}

/* The directories made only for the temporary files go again: dir and
 * its parents up to top, each only if empty (rmdir removes nothing else;
 * one that is not there, or was never made, is passed over). */
static void remove_made_dirs(const char *dir, const char *top)
{
    char path[4096];
    size_t keep = strlen(top);
    if (!top[0] || snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
        return;
    for (size_t n = strlen(path); n > 1 && path[n - 1] == '/'; n--)
        path[n - 1] = '\0'; /* "out/" is "out" */
    for (;;) {
        rmdir(path);
        char *slash = strrchr(path, '/');
        if (strlen(path) <= keep || !slash)
            break;
        *slash = '\0';
    }
}

/* The clients, costs and history files, each into the ledger. */
static ar_err ingest_small_files(const ar_options *cli, ar_run *run,
                                 ar_splitter *sp, ar_diag *d)
{
    const ar_policy *p = &run->policy;
    char sha[65];
    ar_err err = AR_OK;
    if (cli->clients) {
        err = sp ? ar_split_ingest_small(sp, "clients", run->ledger,
                                         cli->clients, p, &run->rejects,
                                         NULL, sha, d)
                 : ar_ingest_clients(run->ledger, cli->clients, p,
                                     &run->rejects, sha, d);
        if (err != AR_OK)
            return err;
        add_input(run, "clients", cli->clients, sha);
    }
    if (cli->costs) {
        err = sp ? ar_split_ingest_small(sp, "costs", run->ledger, cli->costs,
                                         p, &run->rejects, NULL, sha, d)
                 : ar_ingest_costs(run->ledger, cli->costs, p, &run->rejects,
                                   sha, d);
        if (err != AR_OK)
            return err;
        add_input(run, "costs", cli->costs, sha);
    }
    if (cli->history) {
        err = sp ? ar_split_ingest_small(sp, "history", run->ledger,
                                         cli->history, p, &run->rejects,
                                         &run->history_rejected, sha, d)
                 : ar_ingest_history(run->ledger, cli->history, p,
                                     &run->rejects, &run->history_rejected,
                                     sha, d);
        if (err != AR_OK)
            return err;
        add_input(run, "history", cli->history, sha);
    }
    if (cli->holidays) {
        ar_holidays h = {0};
        err = ar_ingest_holidays(&h, cli->holidays, p, &run->rejects, sha, d);
        run->holidays = h.days;
        run->holiday_count = h.count;
        if (err != AR_OK)
            return err;
        add_input(run, "holidays", cli->holidays, sha);
    }
    if (cli->fx) {
        err = ar_ingest_fx(run->ledger, cli->fx, p, sha, d);
        if (err != AR_OK)
            return err;
        add_input(run, "fx", cli->fx, sha);
    }
    return err;
}

/* SPEC §2.6: a run in which no row was used is refused: say what
 * happened to the rows, and the first reason. */
static ar_err no_rows(const ar_run *run, ar_diag *d)
{
    const ar_ingest_stats *st = &run->stats;
    char first[300] = "", skipped[400] = "";
    if (st->rows_skipped) {
        char reasons[sizeof skipped - 4];
        ar_ingest_skips_text(st, reasons, sizeof reasons);
        snprintf(skipped, sizeof skipped, ": %s", reasons);
    }
    for (size_t i = 0; i < run->rejects.count; i++) {
        const ar_reject *r = &run->rejects.items[i];
        if (r->line == 0 || strcmp(r->file, run->opts->ledger) != 0)
            continue;
        snprintf(first, sizeof first, "; the first, line %ld%s%s%s: %s%s%s",
                 r->line, r->column[0] ? " column '" : "", r->column,
                 r->column[0] ? "'" : "", ar_strerror(r->reason),
                 r->detail[0] ? ": " : "", r->detail);
        break;
    }
    return ar_diag_set(d, AR_ERR_NO_ROWS, run->opts->ledger, 0, NULL,
                       "no row could be used (%llu read: %llu rejected, "
                       "%llu skipped%s)%s. Nothing was written: check the "
                       "policy's [columns], [input] and [doc_types], or "
                       "try arbatch inspect",
                       (unsigned long long)st->rows_read,
                       (unsigned long long)st->rows_rejected,
                       (unsigned long long)st->rows_skipped, skipped, first);
}

/* The ledger read's hooks: split's (sp), a shard folder's (its
 * duplicates and base currency), or none. */
static const ar_ingest_shard *shard_hooks(const ar_options *cli, ar_run *run,
                                          ar_splitter *sp,
                                          ar_ingest_shard *hooks)
{
    if (sp) {
        *hooks = ar_split_hooks(sp);
        return hooks;
    }
    if (!cli->split_in)
        return NULL;
    *hooks = (ar_ingest_shard){.n = cli->shard_n, .dups = cli->split_in->dups,
                               .ndups = cli->split_in->ndups};
    ar_split_apply_base(cli->split_in, &run->policy, run->ledger);
    return hooks;
}

static ar_err ingest(const ar_options *cli, ar_run *run, const ar_progress *prog,
                     ar_splitter *sp, ar_diag *d)
{
    const ar_policy *p = &run->policy;
    /* --jobs 1: one thread reads and builds the rows */
    ar_csv_set_read_ahead(ar_options_threads(cli, 2) > 1);
    ar_fold_opts fo;
    bool fold;
    char made_top[4096];
    /* shard runs share --out: one that made it for its temporary files
     * must not remove it under another (its part goes there anyway) */
    ar_err err = cli->shard_n && cli->command == AR_CMD_RUN
                     ? ar_mkdir_p(cli->out, d) : AR_OK;
    if (err == AR_OK)
        err = fold_options(cli, &fo, &fold, made_top, d);
    if (err != AR_OK) {
        remove_made_dirs(fo.dir, made_top); /* mkdir -p stopped halfway */
        return err;
    }
    /* a large ledger's partitions are analysed with their clients' data:
     * after the other files */
    ar_fold *pending = NULL;
    fo.keep = &pending;
    ar_ingest_shard hooks;
    err = ar_ingest_ledger_shard(run->ledger, cli->ledger, p,
                                 fold ? &fo : NULL, &run->rejects,
                                 &run->stats, prog ? prog->rows : NULL,
                                 prog ? prog->ctx : NULL,
                                 shard_hooks(cli, run, sp, &hooks), d);
    if (err == AR_OK) {
        add_input(run, "ledger", cli->ledger, run->stats.sha256);
        err = ingest_small_files(cli, run, sp, d);
    }
    /* the ledger's own master data, for clients the file did not name */
    if (err == AR_OK) {
        ar_ingest_add_derived(run->ledger, &run->stats);
        ar_ingest_mark_rejected(run->ledger, &run->rejects, cli->ledger);
    }
    if (err == AR_OK && pending)
        err = ar_fold_settle(pending, p, d);
    ar_fold_free(pending);
    /* the temporary files are gone: a directory made only for them goes
     * too (a failed run leaves nothing; a good one makes it again) */
    remove_made_dirs(fo.dir, made_top);
    if (err != AR_OK)
        return err;
    const ar_ingest_stats *st = &run->stats;
    if (st->rows_read != st->rows_used + st->rows_rejected + st->rows_skipped)
        ar_die("internal error: %llu rows read, but %llu used + %llu "
               "rejected + %llu skipped",
               (unsigned long long)st->rows_read,
               (unsigned long long)st->rows_used,
               (unsigned long long)st->rows_rejected,
               (unsigned long long)st->rows_skipped);
    if (st->rows_used == 0 && !cli->split_in) /* a shard may be empty */
        return no_rows(run, d);
    if (st->open_balances)
        ar_ledger_set_open_balances(run->ledger);
    if (cli->command == AR_CMD_VALIDATE) /* it never settles */
        ar_ledger_finish_without_targets(run->ledger, p->base_currency);
    else
        ar_ledger_finish(run->ledger, p->base_currency);
    ar_ledger_drop_refs(run->ledger); /* resolved: nothing reads them now */
    err = check_totals(run, d);
    if (err == AR_OK && cli->fx)
        err = ar_fx_check(run->ledger, cli->fx, cli->as_of, d);
    if (err != AR_OK)
        return err;
    reject_unknown_clients(run);
    return AR_OK;
}

/* Time one renderer into its phase. */
#define TIMED(run, phase, call)                                              \
    do {                                                                     \
        double t0_ = now_ms();                                               \
        err = (call);                                                        \
        (run)->phase_ms[phase] += now_ms() - t0_;                            \
    } while (0)

/* The KPIs: only the KPI workbook and run.json read them, so they are
 * computed on a thread of their own while the first outputs are drawn.
 * The task writes the analysis' kpi and then frees what no renderer reads
 * (settled_on, the ledger's targets); the other threads touch neither.
 * The workbook thread waits for it, or the main thread once that thread
 * is joined: never both at once. */
typedef struct kpi_task {
    ar_run *run;
    pthread_t tid;
    bool thread;            /* may run on a thread of its own */
    bool started;
    bool running;           /* started on its thread, not yet joined */
    double ms;
} kpi_task;

static void *compute_kpis(void *arg)
{
    kpi_task *kt = arg;
    double t = now_ms();
    ar_analysis *a = &kt->run->analysis;
    ar_metrics_compute(a, &a->kpi);
    /* the KPIs were the last to settle the ledger or ask when an item was
     * settled: 12 bytes a document the renderers need not carry (the
     * targets may be gone already, see ar_run_job) */
    ar_ledger_drop_targets(kt->run->ledger);
    ar_analysis_drop_settled_on(a);
    kt->ms = now_ms() - t;
    return NULL;
}

static void kpis_start(kpi_task *kt)
{
    if (kt->started)
        return;
    kt->started = true;
    kt->running = kt->thread &&
                  pthread_create(&kt->tid, NULL, compute_kpis, kt) == 0;
    if (!kt->running)
        compute_kpis(kt);
}

/* ar_render_aging's sheets_done */
static void kpis_start_now(void *kt) { kpis_start(kt); }

/* Return once the KPIs are computed (started here if nothing did: the
 * aging workbook failed before its sheets were done). */
static void kpis_wait(kpi_task *kt)
{
    kpis_start(kt);
    if (kt->running) {
        pthread_join(kt->tid, NULL);
        kt->running = false;
    }
}

static void kpis_fini(kpi_task *kt)
{
    kpis_wait(kt);
    kt->run->phase_ms[AR_PHASE_ANALYSE] += kt->ms;
}

/* The workbooks: they read only what the analysis decided, never what
 * the letters renderer records, so they can run beside it. */
typedef struct workbooks {
    ar_run *run;
    const char *dir;
    kpi_task *kpis;
    bool kpis_after_sheets; /* start them when aging.xlsx's sheets are done */
    ar_err err;
    ar_diag diag;
} workbooks;

static void *render_workbooks(void *arg)
{
    workbooks *wb = arg;
    ar_run *run = wb->run;
    unsigned want = run->opts->outputs;
    ar_err err = AR_OK;
    ar_diag_clear(&wb->diag);
    if (want & AR_OUT_AGING)
        TIMED(run, AR_PHASE_AGING,
              ar_render_aging(run, wb->dir,
                              wb->kpis_after_sheets ? kpis_start_now : NULL,
                              wb->kpis, &wb->diag));
    if (err == AR_OK && (want & AR_OUT_KPI)) {
        kpis_wait(wb->kpis);
        TIMED(run, AR_PHASE_KPI, ar_render_kpi(run, wb->dir, &wb->diag));
    }
    wb->err = err;
    return NULL;
}

/* Write every output into dir; a failure stops the run (exit 4, the set
 * is not committed). The workbooks are written on a thread of their own
 * while the letters, the agency packet (which records the letters) and
 * the CSV files are written; a failure on the main thread is reported
 * before one of the workbook thread. run.json comes last. */
/* issue #21: a shard run writes its clients' letters and statements in
 * their final form, its own rejects (and skipped rows: shard 0) and
 * shard.json; the workbooks, batches, manifest, placement files, actions
 * and history are the merge's (not built yet). */
static ar_err render_shard(ar_run *run, const char *dir,
                           const ar_progress *prog, ar_diag *d)
{
    unsigned want = run->opts->outputs;
    ar_err err = AR_OK;
    if (want & AR_OUT_LETTERS)
        TIMED(run, AR_PHASE_LETTERS, ar_render_letters(run, dir, prog, d));
    if (err == AR_OK && (want & AR_OUT_AGENCY))
        TIMED(run, AR_PHASE_AGENCY, ar_render_agency(run, dir, d));
    /* the notes of held letters are in: keep this shard's */
    ar_run_keep_shard(run);
    if (err == AR_OK)
        err = ar_render_rejects(run, dir, d);
    if (err == AR_OK)
        err = ar_render_skipped(run, dir, d);
    if (err == AR_OK)
        err = ar_render_shard_json(run, dir, d);
    return err;
}

static ar_err render_all(ar_run *run, const char *dir,
                         const ar_progress *prog, ar_diag *d)
{
    if (ar_run_sharded(run))
        return render_shard(run, dir, prog, d);
    unsigned want = run->opts->outputs;
    bool threads = ar_options_threads(run->opts, 2) > 1;
    kpi_task kt = {.run = run, .thread = threads};
    /* Without letters, the aging workbook's sheets take both cores and
     * its close one: the KPIs start once the sheets are written, on the
     * core the close leaves. With letters they start now, so that the
     * settlement state they free is gone before the letters' buffers
     * peak. */
    bool after_sheets =
        threads && (want & AR_OUT_AGING) && !(want & AR_OUT_LETTERS);
    if (!after_sheets)
        kpis_start(&kt);
    workbooks wb = {.run = run, .dir = dir, .kpis = &kt,
                    .kpis_after_sheets = after_sheets, .err = AR_OK};
    pthread_t tid;
    bool beside = threads && (want & (AR_OUT_AGING | AR_OUT_KPI)) &&
                  pthread_create(&tid, NULL, render_workbooks, &wb) == 0;
    if (!beside)
        render_workbooks(&wb);
    /* beside: the thread sets wb.err; it is read after the join */
    ar_err err = beside ? AR_OK : wb.err;
    if (err != AR_OK)
        *d = wb.diag;
    if (err == AR_OK && (want & AR_OUT_LETTERS))
        TIMED(run, AR_PHASE_LETTERS, ar_render_letters(run, dir, prog, d));
    if (err == AR_OK && (want & AR_OUT_AGENCY))
        TIMED(run, AR_PHASE_AGENCY, ar_render_agency(run, dir, d));
    /* history.csv lists this run's letters: after the letters */
    double t = now_ms();
    if (err == AR_OK)
        err = ar_render_rejects(run, dir, d);
    if (err == AR_OK)
        err = ar_render_skipped(run, dir, d);
    if (err == AR_OK)
        err = ar_render_actions(run, dir, d);
    if (err == AR_OK)
        err = ar_render_history(run, dir, d);
    if (err == AR_OK)
        err = ar_render_history_rejected(run, dir, d);
    run->phase_ms[AR_PHASE_WRITE] += now_ms() - t;
    if (beside)
        pthread_join(tid, NULL);
    kpis_fini(&kt);
    if (err == AR_OK && wb.err != AR_OK) {
        err = wb.err;
        *d = wb.diag;
    }
    if (err == AR_OK)
        err = ar_render_run_json(run, dir, d, now_ms() - run->started_ms);
    return err;
}

/* split: the letters and statements laid out for their characters, then
 * the shard folders and split.txt put in place. */
static ar_err split_finish(ar_run *run, ar_splitter *sp, ar_diag *d)
{
    run->chars_only = true;
    ar_err err = ar_render_letters(run, "", NULL, d);
    if (err == AR_OK)
        err = ar_render_agency(run, "", d);
    if (err != AR_OK) {
        ar_split_abort(sp);
        return err;
    }
    return ar_split_finish(sp, run, d);
}

/* Letters and statements need the letter layouts: say so before the
 * ledger is read, and how to point arbatch at them. */
static ar_err layouts_found(const ar_options *cli, ar_diag *d)
{
    if ((cli->command != AR_CMD_RUN && cli->command != AR_CMD_SPLIT) ||
        !(cli->outputs & (AR_OUT_LETTERS | AR_OUT_AGENCY)))
        return AR_OK;
    const char *dir = ar_layout_default_dir();
    char path[4200];
    struct stat st;
    snprintf(path, sizeof path, "%s/letterhead.txt", dir);
    if (stat(path, &st) == 0)
        return AR_OK;
    return ar_diag_set(d, AR_ERR_LAYOUT, path, 0, NULL,
                       "the letter layouts are not there: run arbatch from "
                       "its directory (it reads layouts/ there), set "
                       "ARBATCH_LAYOUTS to a layouts directory, run make "
                       "install, or leave letters and agency out with "
                       "--outputs aging,kpi");
}

ar_err ar_run_job(const ar_options *cli, ar_run *run, const ar_progress *prog,
                  ar_diag *d)
{
    memset(run, 0, sizeof *run);
    run->opts = cli;
    run->started_ms = now_ms();
    ar_rejects_init(&run->rejects);
    ar_rejects_init(&run->held);
    run->ledger = ar_ledger_new();

    ar_err err = load_policy(cli, &run->policy, d);
    if (err == AR_OK)
        err = layouts_found(cli, d);
    ar_splitter *sp = NULL;
    if (err == AR_OK && cli->command == AR_CMD_SPLIT)
        err = ar_split_start(cli, &sp, d);
    if (err != AR_OK)
        return err;
    double t = now_ms();
    err = ingest(cli, run, prog, sp, d);
    run->phase_ms[AR_PHASE_READ] = now_ms() - t;
    if (err != AR_OK) {
        ar_split_abort(sp);
        return err;
    }
    if (cli->strict && ar_run_rejected_rows(run) > 0)
        return ar_diag_set(d, AR_ERR_MALFORMED, cli->ledger, 0, NULL,
                           "%llu rows rejected and --strict given: no "
                           "output written (see the messages above)",
                           (unsigned long long)ar_run_rejected_rows(run));
    if (cli->command == AR_CMD_VALIDATE)
        return AR_OK;

    t = now_ms();
    ar_analyse_without_kpis(run->ledger, &run->policy, cli->as_of,
                            &run->analysis);
    /* it settles as of the opening date: before the targets go */
    ar_rollforward_compute(&run->analysis, cli->from, &run->rollforward);
    /* usually the KPIs do not settle again: the targets can go now,
     * before the KPIs run beside the first outputs (else after them) */
    if (!ar_metrics_settles_again(&run->analysis))
        ar_ledger_drop_targets(run->ledger);
    run->phase_ms[AR_PHASE_ANALYSE] = now_ms() - t;
    run->letter_written =
        ar_xcalloc(run->analysis.client_count + 1, sizeof *run->letter_written);
    /* SPEC §5: the letters' date and their pay-by date */
    ar_letter_dates(&run->policy, cli->as_of, cli->letter_date,
                    run->holidays, run->holiday_count, &run->letter_date,
                    &run->pay_by);
    if (sp)
        return split_finish(run, sp, d);
    if (cli->split_in) { /* what split decided for the whole run */
        char a[16], b[16];
        if (run->letter_date != cli->split_in->letter_date)
            return ar_diag_set(d, AR_ERR_USAGE, cli->split_dir, 0, NULL,
                               "was split for letters dated %s, this run "
                               "dates them %s: give --letter-date %s",
                               ar_date_format_iso(cli->split_in->letter_date,
                                                  a, sizeof a),
                               ar_date_format_iso(run->letter_date, b,
                                                  sizeof b), a);
        ar_split_apply_chars(cli->split_in, run);
    }

    ar_outset out;
    /* --proof: a set of its own, DIR/<as-of>-proof: never the live one */
    /* --shard K/N: DIR/<as-of>-shard-K-of-N, a part of its own */
    char suffix[AR_OUTSET_DAY] = "";
    if (cli->proof)
        snprintf(suffix, sizeof suffix, "%s", AR_OUTSET_PROOF);
    else if (cli->shard_n)
        snprintf(suffix, sizeof suffix, "%s%u-of-%u", AR_OUTSET_SHARD,
                 cli->shard_k, cli->shard_n);
    err = ar_outset_begin(&out, cli->out, cli->as_of, suffix, d);
    if (err != AR_OK)
        return err;
    err = render_all(run, out.tmp_dir, prog, d);
    /* issue 22 item 1: never publish a set short of what was planned */
    if (err == AR_OK)
        err = cli->shard_n ? ar_outset_check_part(run, out.tmp_dir, d)
                           : ar_outset_check(run, out.tmp_dir, d);
    if (err == AR_OK)
        err = ar_outset_commit(&out, d);
    if (err != AR_OK)
        ar_outset_abort(&out);
    return err;
}

void ar_run_fini(ar_run *run)
{
    ar_ingest_stats_fini(&run->stats);
    ar_rollforward_fini(&run->rollforward);
    ar_analysis_fini(&run->analysis);
    ar_ledger_free(run->ledger);
    ar_rejects_fini(&run->rejects);
    ar_rejects_fini(&run->held);
    ar_kept_rows_fini(&run->history_rejected);
    free(run->letter_written);
    free(run->holidays);
    free(run->chars[0]);
    free(run->chars[1]);
    memset(run, 0, sizeof *run);
}

int ar_exit_code(const ar_run *run, ar_err err)
{
    switch (err) {
    case AR_OK:
        return ar_run_rejected_rows(run) > 0 || run->held.count > 0 ? 1 : 0;
    case AR_ERR_USAGE:
        return 2;
    case AR_ERR_OUTPUT:
        return 4;
    default:
        return 3;
    }
}
