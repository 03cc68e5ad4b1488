/* main.c - parse options, run the job, print what happened, exit. */
#include <locale.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "ar/cli/args.h"
#include "ar/cli/job.h"
#include "ar/base/version.h"

#define SHOWN_REJECTS 20

typedef struct display {
    bool on;
    double started;
} display;

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void show_rows(void *ctx, uint64_t rows, uint64_t bytes)
{
    display *dp = ctx;
    if (!dp->on)
        return;
    double t = seconds() - dp->started;
    fprintf(stderr, "\rarbatch: read %llu rows, %.1f MB (%.0f rows/s)   ",
            (unsigned long long)rows, bytes / 1e6, t > 0 ? rows / t : 0.0);
}

static void show_letters(void *ctx, uint64_t done, uint64_t total)
{
    display *dp = ctx;
    if (!dp->on)
        return;
    double t = seconds() - dp->started;
    double rate = t > 0 ? done / t : 0;
    fprintf(stderr, "\rarbatch: letters %llu of %llu (%.0f/s, ETA %.0f s)   ",
            (unsigned long long)done, (unsigned long long)total, rate,
            rate > 0 ? (total - done) / rate : 0.0);
}

static void print_rejects(const ar_run *run)
{
    size_t shown = 0;
    for (size_t i = 0; i < run->rejects.count; i++) {
        const ar_reject *r = &run->rejects.items[i];
        if (r->reason == AR_ERR_UNKNOWN_CLIENT)
            continue;
        if (shown++ == SHOWN_REJECTS)
            break;
        fprintf(stderr, "arbatch: %s:%ld: column '%s': %s \"%s\"%s%s\n",
                r->file, r->line, r->column[0] ? r->column : "-",
                ar_strerror(r->reason), r->value, r->detail[0] ? ": " : "",
                r->detail);
    }
    uint64_t total = ar_run_rejected_rows(run);
    if (total > SHOWN_REJECTS)
        fprintf(stderr, "arbatch: ... and %llu more rejected rows\n",
                (unsigned long long)(total - SHOWN_REJECTS));
    if (run->unknown_clients)
        fprintf(stderr,
                "arbatch: %llu clients of the ledger are not in the clients "
                "file: they are aged but get no letter\n",
                (unsigned long long)run->unknown_clients);
}

/* SPEC §2.6: skipped rows are never silent; what the input cannot say is
 * said. Only once rows were read (a refused run says its own). */
static void print_input_notes(const ar_run *run)
{
    const ar_ingest_stats *st = &run->stats;
    if (!st->rows_used)
        return;
    if (st->rows_skipped) {
        fprintf(stderr, "arbatch: %llu rows skipped (", 
                (unsigned long long)st->rows_skipped);
        const char *sep = "";
        for (int s = 0; s < AR_SKIP_COUNT_; s++)
            if (st->skips.by_reason[s]) {
                fprintf(stderr, "%s%s %llu", sep,
                        ar_skip_phrase((ar_skip_reason)s),
                        (unsigned long long)st->skips.by_reason[s]);
                sep = ", ";
            }
        fprintf(stderr, "): listed in skipped.csv\n");
    }
    if (st->rows_rounded)
        fprintf(stderr, "arbatch: %llu amounts rounded to the cent "
                        "(round_amounts = half-even)\n",
                (unsigned long long)st->rows_rounded);
    if (ar_run_lacks_settlements(run))
        fprintf(stderr, "arbatch: warning: %s\n", AR_NO_SETTLEMENTS);
    if (st->open_balances)
        fprintf(stderr, "arbatch: note: %s\n", AR_OPEN_BALANCES);
}

static void print_validate(const ar_run *run)
{
    const ar_ledger *lg = run->ledger;
    const ar_ingest_stats *st = &run->stats;
    printf("%s: %llu rows read, %llu used, %llu rejected, %llu skipped\n",
           run->opts->ledger, (unsigned long long)st->rows_read,
           (unsigned long long)st->rows_used,
           (unsigned long long)st->rows_rejected,
           (unsigned long long)st->rows_skipped);
    for (int e = 0; e < AR_ERR_COUNT_; e++)
        if (run->rejects.by_reason[e] && e != AR_ERR_UNKNOWN_CLIENT)
            printf("  rejected, %s: %zu\n", ar_strerror((ar_err)e),
                   run->rejects.by_reason[e]);
    size_t clients = 0;
    for (size_t c = 0; c < ar_ledger_client_count(lg); c++)
        clients += ar_ledger_clients(lg)[c].in_ledger;
    printf("clients: %zu in the ledger, %llu of them not in the clients "
           "file\n",
           clients, (unsigned long long)run->unknown_clients);
    if (st->rows_used) {
        char a[16], b[16];
        printf("document dates: %s to %s\n",
               ar_date_format_iso(st->first_date, a, sizeof a),
               ar_date_format_iso(st->last_date, b, sizeof b));
    }
    size_t nc = ar_ledger_currency_count(lg);
    ar_cents *sums = ar_xcalloc(nc * AR_DOC_COUNT_, sizeof *sums);
    if (!ar_ledger_type_totals(lg, sums)) {
        printf("totals: too large to add up in 64 bits\n");
        free(sums);
        return;
    }
    uint16_t base = ar_ledger_base_currency(lg);
    for (size_t c = 0; c < nc; c++) {
        bool any = false;
        for (int t = 0; t < AR_DOC_COUNT_; t++)
            any = any || sums[c * AR_DOC_COUNT_ + t] != 0;
        if (!any && c != base)
            continue;
        const char *code = ar_ledger_currency_code(lg, (uint16_t)c);
        printf("totals %s%s:\n", code[0] ? code : "(no currency given)",
               c == base ? " (base)" : "");
        for (int t = 0; t < AR_DOC_COUNT_; t++) {
            char buf[40];
            printf("  %-4s %20s\n", ar_doc_type_name((ar_doc_type)t),
                   ar_money_format(sums[c * AR_DOC_COUNT_ + t], ',', '.', buf,
                                   sizeof buf));
        }
    }
    free(sums);
}

int main(int argc, char **argv)
{
    /* libxlsxwriter writes numbers with printf: keep the C locale's '.' */
    setlocale(LC_ALL, "C");
    /* Each rendering thread would get a malloc arena of its own that keeps
     * what it frees, and the heap would keep freed tops: two arenas and
     * trimming above 1 MiB cut the 1M-row run's peak by about 15 MB, and
     * were no slower (measured with make bench). */
    mallopt(M_ARENA_MAX, 2);
    mallopt(M_TRIM_THRESHOLD, 1 << 20);
    /* A write past a file-size limit (ulimit -f) would kill the run with
     * SIGXFSZ, silently; ignored, the write fails with EFBIG, which every
     * writer checks: exit 4 naming the file (SPEC §1). */
    signal(SIGXFSZ, SIG_IGN);
    ar_options cli;
    ar_diag d;
    ar_diag_clear(&d);
    char msg[1400];
    ar_err err = ar_cli_parse(argc, argv, &cli, &d);
    if (err != AR_OK) {
        ar_diag_format(&d, msg, sizeof msg);
        fprintf(stderr, "arbatch: %s\nTry 'arbatch --help'.\n", msg);
        return 2;
    }
    if (cli.command == AR_CMD_HELP) {
        fputs(ar_cli_usage(), stdout);
        return fflush(stdout) == 0 ? 0 : 4;
    }
    if (cli.command == AR_CMD_VERSION) {
        printf("arbatch %s\n", ar_version());
        return fflush(stdout) == 0 ? 0 : 4;
    }

    display dp = {.on = !cli.quiet && isatty(STDERR_FILENO),
                  .started = seconds()};
    ar_progress prog = {show_rows, show_letters, &dp};
    ar_run run;
    err = ar_run_job(&cli, &run, &prog, &d);
    if (dp.on)
        fputs("\r\033[K", stderr);
    print_rejects(&run);
    print_input_notes(&run);
    int code = ar_exit_code(&run, err);
    if (err != AR_OK) {
        ar_diag_format(&d, msg, sizeof msg);
        fprintf(stderr, "arbatch: %s\n", msg);
    } else if (cli.command == AR_CMD_VALIDATE) {
        print_validate(&run);
    } else if (!cli.quiet) {
        char day[16];
        fprintf(stderr, "arbatch: wrote %s/%s (%llu rows, %zu clients, "
                        "%zu open items)\n",
                cli.out, ar_date_format_iso(cli.as_of, day, sizeof day),
                (unsigned long long)run.stats.rows_read,
                run.analysis.client_count, run.analysis.open_item_count);
        const ar_folded *f = ar_ledger_folded(run.ledger);
        if (f && f->docs)
            fprintf(stderr, "arbatch: folded %llu rows of history closed "
                            "by %s into totals (README \"Large "
                            "ledgers\")\n",
                    (unsigned long long)f->docs,
                    ar_date_format_iso(cli.as_of, day, sizeof day));
    }
    ar_run_fini(&run);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "arbatch: cannot write to standard output\n");
        return 4;
    }
    return code;
}
