/* job_ingest.c - the job's first half: the policy, the input files into
 * the ledger (or a merge's parts, merge.c), and the checks of what was
 * read (SPEC §1, §2). */
#include "ar/cli/job_ingest.h"
#include "ar/cli/client_countries.h"

#include "ar/ingest/mapping.h"
#include "ar/ingest/small_files.h"
#include "ar/ingest/fx_file.h"
#include "ar/ingest/line_map.h"
#include "ar/ingest/policy_file.h"
#include "ar/base/files.h"
#include "ar/base/utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

ar_err ar_job_load_policy(const ar_options *cli, ar_policy *p, ar_diag *d)
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

void ar_job_add_input(ar_run *run, const char *role, const char *path,
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
    /* split and a shard always fold: split's memory does not grow with
     * closed history, and a shard's summary holds its folded figures */
    *on = stat(ar_csv_redirected(cli->ledger), &sb) == 0 &&
          S_ISREG(sb.st_mode) &&
          (cli->command == AR_CMD_SPLIT || cli->shard_n ||
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
ar_err ar_job_ingest_small_files(const ar_options *cli, ar_run *run,
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
        ar_job_add_input(run, "clients", cli->clients, sha);
    }
    if (cli->costs) {
        err = sp ? ar_split_ingest_small(sp, "costs", run->ledger, cli->costs,
                                         p, &run->rejects, NULL, sha, d)
                 : ar_ingest_costs(run->ledger, cli->costs, p, &run->rejects,
                                   sha, d);
        if (err != AR_OK)
            return err;
        ar_job_add_input(run, "costs", cli->costs, sha);
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
        ar_job_add_input(run, "history", cli->history, sha);
    }
    if (cli->holidays) {
        ar_holidays h = {0};
        err = ar_ingest_holidays(&h, cli->holidays, p, &run->rejects, sha, d);
        run->holidays = h.days;
        run->holiday_count = h.count;
        if (err != AR_OK)
            return err;
        ar_job_add_input(run, "holidays", cli->holidays, sha);
    }
    if (cli->fx) {
        err = ar_ingest_fx(run->ledger, cli->fx, p, sha, d);
        if (err != AR_OK)
            return err;
        ar_job_add_input(run, "fx", cli->fx, sha);
    }
    return err;
}

/* SPEC §2.6: a run in which no row was used is refused: say what
 * happened to the rows, and the first reason. */
static ar_err no_rows(const ar_run *run, ar_diag *d)
{
    const ar_ingest_stats *st = &run->stats;
    /* every row was another entity's: the code asked for is not in it
     * (a row skipped for its type was of this entity: the entity is
     * checked first) */
    uint64_t other = st->skips.by_reason[AR_SKIP_ENTITY];
    if (other && run->policy.entity[0] && st->rows_rejected == 0 &&
        st->skips.by_reason[AR_SKIP_DOC_TYPE] == 0)
        return ar_diag_set(d, AR_ERR_NO_ROWS, run->opts->ledger, 0, NULL,
                           "no row is of entity %s (%llu %s of other "
                           "entities %s skipped). Nothing was written: "
                           "check --entity or [input] entity; arbatch "
                           "inspect lists the entities of the file",
                           run->policy.entity, (unsigned long long)other,
                           other == 1 ? "row" : "rows",
                           other == 1 ? "was" : "were");
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

ar_err ar_job_ingest(const ar_options *cli, ar_run *run,
                     const ar_progress *prog, ar_splitter *sp, ar_diag *d)
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
        ar_job_add_input(run, "ledger", cli->ledger, run->stats.sha256);
        err = ar_job_ingest_small_files(cli, run, sp, d);
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
    return ar_job_finish_ledger(cli, run, d);
}

ar_err ar_job_finish_ledger(const ar_options *cli, ar_run *run, ar_diag *d)
{
    const ar_policy *p = &run->policy;
    ar_err err;
    const ar_ingest_stats *st = &run->stats;
    if (st->rows_read != st->rows_used + st->rows_rejected + st->rows_skipped)
        ar_die("internal error: %llu rows read, but %llu used + %llu "
               "rejected + %llu skipped",
               (unsigned long long)st->rows_read,
               (unsigned long long)st->rows_used,
               (unsigned long long)st->rows_rejected,
               (unsigned long long)st->rows_skipped);
    if (st->rows_used == 0 && !cli->split_in && !cli->part_count)
        /* a shard may be empty, and so may the parts of a merge */
        return no_rows(run, d);
    if (st->open_balances)
        ar_ledger_set_open_balances(run->ledger);
    if (cli->command == AR_CMD_VALIDATE) /* it never settles */
        ar_ledger_finish_without_targets(run->ledger, p->base_currency);
    else
        ar_ledger_finish(run->ledger, p->base_currency);
    /* resolved: nothing reads them now but a shard's summary */
    if (!cli->shard_n || cli->command != AR_CMD_RUN)
        ar_ledger_drop_refs(run->ledger);
    err = check_totals(run, d);
    if (err == AR_OK && cli->fx)
        err = ar_fx_check(run->ledger, cli->fx, cli->as_of, d);
    if (err != AR_OK)
        return err;
    reject_unknown_clients(run);
    ar_client_countries_as_codes(run->ledger);
    return AR_OK;
}

