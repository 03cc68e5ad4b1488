/* job.c - ingest -> analyse -> render -> commit (SPEC §1). */
#include "ar/cli/job.h"
#include "ar/cli/job_ingest.h"
#include "ar/cli/summary.h"
#include "ar/render/letters/part_letters.h"

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

uint64_t ar_run_rejected_rows(const ar_run *run)
{
    return run->rejects.count - run->unknown_clients;
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
        err = ar_part_letters_spool_open(run, dir, d);
    if (err == AR_OK && (want & AR_OUT_LETTERS))
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
        err = ar_summary_write(run, dir, d);
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
    /* a merge: the shards' letters and statements into the set, while
     * the workbooks are still being written */
    if (err == AR_OK && run->opts->merge)
        err = ar_parts_link_pdfs(run->opts->merge, dir, d);
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
    if ((cli->command != AR_CMD_RUN && cli->command != AR_CMD_SPLIT &&
         cli->command != AR_CMD_MERGE) ||
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

    ar_err err = ar_job_load_policy(cli, &run->policy, d);
    if (err == AR_OK)
        err = layouts_found(cli, d);
    ar_splitter *sp = NULL;
    if (err == AR_OK && cli->command == AR_CMD_SPLIT)
        err = ar_split_start(cli, &sp, d);
    if (err != AR_OK)
        return err;
    double t = now_ms();
    err = cli->merge ? ar_parts_ingest(cli->merge, cli, run, d)
                     : ar_job_ingest(cli, run, prog, sp, d);
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
    /* a merge: the letters and statements are the shards' */
    if (cli->merge && (err = ar_parts_letters(cli->merge, run, d)) != AR_OK)
        return err;
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
    ar_part_letters_free(run);
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
