/* main.c - parse options, run the job, print what happened, exit.
 *
 * Every message goes out through say() (stderr) or show() (stdout): a
 * file name, a value or a reason from an input file may hold control
 * characters (ESC, OSC, BEL, CR), which reach the terminal as \xNN. */
#include <locale.h>
#include <malloc.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "ar/cli/args.h"
#include "ar/cli/group.h"
#include "ar/cli/inspect_out.h"
#include "ar/cli/job.h"
#include "ar/cli/split.h"
#include "ar/cli/summary.h"
#include "ar/cli/publish.h"
#include "ar/base/utf8.h"
#include "ar/base/version.h"
#include "ar/ingest/inspect.h"

#define SHOWN_REJECTS 20

/* Print "arbatch: " and the message on stderr, one line, every control
 * character in it shown as \xNN. */
__attribute__((format(printf, 1, 2))) static void say(const char *fmt, ...)
{
    char raw[2048], shown[4 * sizeof raw];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    ar_text_show(shown, sizeof shown, raw, sizeof raw);
    fprintf(stderr, "arbatch: %s\n", shown);
}

/* s for printing on stdout, control characters shown as \xNN (buf holds
 * size bytes). */
static const char *show(const char *s, char *buf, size_t size)
{
    ar_text_show(buf, size, s, size / 4);
    return buf;
}

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

/* Up to SHOWN_REJECTS of rj's entries (the unknown clients are summed
 * up below); returns how many it did not show. */
static size_t print_some(const ar_rejects *rj)
{
    size_t shown = 0, left = 0;
    for (size_t i = 0; i < rj->count; i++) {
        const ar_reject *r = &rj->items[i];
        if (r->reason == AR_ERR_UNKNOWN_CLIENT)
            continue;
        if (shown == SHOWN_REJECTS) {
            left++;
            continue;
        }
        shown++;
        say("%s:%ld: column '%s': %s \"%s\"%s%s", r->file, r->line,
            r->column[0] ? r->column : "-", ar_strerror(r->reason), r->value,
            r->detail[0] ? ": " : "", r->detail);
    }
    return left;
}

static void print_rejects(const ar_run *run)
{
    size_t left = print_some(&run->rejects);
    if (left)
        say("... and %llu more rejected rows", (unsigned long long)left);
    left = print_some(&run->held);
    if (left)
        say("... and %llu more letters or statements held back (all in "
            "rejects.csv)",
            (unsigned long long)left);
    if (run->unknown_clients)
        say("%llu %s of the ledger %s %s: %s aged but get%s no letter",
            (unsigned long long)run->unknown_clients,
            run->unknown_clients == 1 ? "client" : "clients",
            run->unknown_clients == 1 ? "is" : "are",
            run->opts->clients ? "not in the clients file"
                               : "without master data (no clients file)",
            run->unknown_clients == 1 ? "it is" : "they are",
            run->unknown_clients == 1 ? "s" : "");
    if (run->unknown_zero_matches)
        say("%llu of them are in the clients file with other leading zeros "
            "(0000100010 and 100010): set [input] client_id_strip_zeros = "
            "yes in your policy",
            (unsigned long long)run->unknown_zero_matches);
}

static void say_warning(void *ctx, const char *text, bool note)
{
    (void)ctx;
    say("%s: %s", note ? "note" : "warning", text);
}

/* SPEC §2.6: skipped rows are never silent; what the input cannot say is
 * said. Only once rows were read (a refused run says its own). */
static void print_input_notes(const ar_run *run, bool published)
{
    const ar_ingest_stats *st = &run->stats;
    if (!st->rows_used)
        return;
    if (st->rows_skipped) {
        char reasons[600];
        ar_ingest_skips_text(st, reasons, sizeof reasons);
        /* validate writes no skipped.csv, nor does a run that failed */
        say("%llu rows skipped (%s)%s", (unsigned long long)st->rows_skipped,
            reasons, published ? ": listed in skipped.csv" : "");
    }
    if (st->rows_rounded)
        say("%llu rows with an amount rounded to the cent (round_amounts = "
            "half-even)",
            (unsigned long long)st->rows_rounded);
    ar_run_warnings(run, say_warning, NULL);
}

static void print_validate(const ar_run *run)
{
    const ar_ledger *lg = run->ledger;
    const ar_ingest_stats *st = &run->stats;
    char path[4096];
    printf("%s: %llu rows read, %llu used, %llu rejected, %llu skipped\n",
           show(run->opts->ledger, path, sizeof path),
           (unsigned long long)st->rows_read,
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
    if (run->opts->clients)
        printf("clients: %zu in the ledger, %llu of them not in the "
               "clients file\n",
               clients, (unsigned long long)run->unknown_clients);
    else /* their details are the ledger's own columns, if any */
        printf("clients: %zu in the ledger (no clients file)\n", clients);
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
        char code[32];
        show(ar_ledger_currency_code(lg, (uint16_t)c), code, sizeof code);
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

/* SPEC §2.6: inspect an unknown export; with --write-policy, write the
 * policy that reads it (the preset that fits, or the one proposed). */
/* A ledger our own layout cannot read (no header found, a column
 * missing), given without --format or --policy: when a preset reads it,
 * say which (inspect tries each for real). */
static void suggest_format(const ar_options *cli, ar_err err,
                           const ar_diag *why)
{
    /* only the ledger has a --format: a clients or history file that
     * lacks a column is that file's mistake */
    if (err != AR_ERR_COLUMN || cli->policy || !cli->ledger ||
        cli->split_dir || cli->merge || strcmp(why->file, cli->ledger) != 0)
        return;
    ar_inspect_report r;
    ar_diag d;
    ar_diag_clear(&d);
    if (ar_inspect(cli->ledger, &r, &d) == AR_OK &&
        r.verdict == AR_VERDICT_PRESET && r.best >= 0) {
        const char *fits = r.trials[r.best].name;
        bool canonical = strcmp(fits, "canonical") == 0;
        if (!cli->format && !canonical)
            say("it reads as an export of %s: add --format %s (arbatch "
                "inspect --ledger FILE says what it sees)",
                fits, fits);
        else if (cli->format && canonical)
            say("it reads as arbatch's own layout, not as an export of %s: "
                "leave out --format",
                cli->format);
        else if (cli->format && strcmp(cli->format, fits) != 0)
            say("it reads as an export of %s, not of %s: use --format %s "
                "(arbatch inspect --ledger FILE says what it sees)",
                fits, cli->format, fits);
    }
    ar_inspect_fini(&r);
}

static int inspect(const ar_options *cli)
{
    ar_inspect_report r;
    ar_diag d;
    ar_diag_clear(&d);
    char msg[1400];
    ar_err err = ar_inspect(cli->ledger, &r, &d);
    if (err != AR_OK) {
        ar_diag_format(&d, msg, sizeof msg);
        fprintf(stderr, "arbatch: %s\n", msg);
        ar_inspect_fini(&r);
        return 3;
    }
    ar_inspect_print(stdout, &r, cli->ledger);
    int code = ar_inspect_exit_code(&r);
    if (cli->write_policy) {
        char *text = ar_inspect_policy_text(&r, cli->ledger);
        if (!text) {
            say("no policy written to %s: no preset fits and no policy "
                "could be proposed that reads rows",
                cli->write_policy);
        } else if ((err = ar_inspect_write_policy(cli->write_policy, text,
                                                  &d)) != AR_OK) {
            ar_diag_format(&d, msg, sizeof msg);
            fprintf(stderr, "arbatch: %s\n", msg);
            code = 4;
        } else {
            char a[700], b[700];
            printf("\nwrote %s (written whole to a temporary file beside "
                   "it, then moved into place)\nrun it with: arbatch run "
                   "--ledger %s --policy %s --as-of YYYY-MM-DD --out DIR\n",
                   ar_inspect_shell_word(b, sizeof b, cli->write_policy),
                   ar_inspect_shell_word(a, sizeof a, cli->ledger), b);
        }
        free(text);
    }
    ar_inspect_fini(&r);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "arbatch: cannot write to standard output\n");
        return 4;
    }
    return code;
}

/* merge --group SET...: the group's KPIs (cli/group.h) */
static int merge_group(const ar_options *cli)
{
    ar_diag d;
    ar_diag_clear(&d);
    const char *why_not;
    size_t n;
    ar_err err = ar_group_merge(cli, &why_not, &n, &d);
    if (err != AR_OK) {
        char msg[1400];
        ar_diag_format(&d, msg, sizeof msg);
        say("%s", msg);
        return err == AR_ERR_OUTPUT ? 4 : 3;
    }
    if (why_not)
        say("note: no consolidated figures: %s", why_not);
    if (!cli->quiet) {
        char day[16];
        say("wrote %s/%s%s (%zu entities)", cli->out,
            ar_date_format_iso(cli->as_of, day, sizeof day), AR_OUTSET_GROUP,
            n);
    }
    return 0;
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
        say("%s", msg);
        fputs("Try 'arbatch --help'.\n", stderr);
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

    if (cli.command == AR_CMD_INSPECT)
        return inspect(&cli);
    if (cli.command == AR_CMD_MERGE && cli.group)
        return merge_group(&cli);

    /* run --split DIR --shard K/N: the shard's folder of split's */
    ar_split_in split_in;
    memset(&split_in, 0, sizeof split_in);
    if (cli.split_dir) {
        err = ar_split_load(&cli, &split_in, &d);
        if (err != AR_OK) {
            ar_diag_format(&d, msg, sizeof msg);
            say("%s", msg);
            ar_split_in_fini(&split_in);
            return err == AR_ERR_USAGE ? 2 : 3;
        }
        cli.split_in = &split_in;
    }
    /* merge PART...: the parts, checked, say the run's options */
    ar_parts *parts = NULL;
    if (cli.command == AR_CMD_MERGE) {
        err = ar_parts_open(&cli, &parts, &d);
        if (err != AR_OK) {
            ar_diag_format(&d, msg, sizeof msg);
            say("%s", msg);
            ar_parts_close(parts);
            return 3;
        }
        cli.merge = parts;
    }
    display dp = {.on = !cli.quiet && isatty(STDERR_FILENO),
                  .started = seconds()};
    ar_progress prog = {show_rows, show_letters, &dp};
    ar_run run;
    err = ar_run_job(&cli, &run, &prog, &d);
    if (dp.on)
        fputs("\r\033[K", stderr);
    print_rejects(&run);
    print_input_notes(&run, err == AR_OK && cli.command == AR_CMD_RUN);
    int code = ar_exit_code(&run, err);
    if (cli.command == AR_CMD_SPLIT && code == 1)
        code = 0; /* the rows are rejected by the shard runs */
    if (err != AR_OK) {
        ar_diag_format(&d, msg, sizeof msg);
        say("%s", msg);
        suggest_format(&cli, err, &d);
    } else if (cli.command == AR_CMD_VALIDATE) {
        print_validate(&run);
    } else if (cli.command == AR_CMD_SPLIT) {
        if (!cli.quiet)
            say("split %llu rows into %u shards in %s", 
                (unsigned long long)run.stats.rows_read, cli.shard_n,
                cli.out);
    } else if (!cli.quiet) {
        char day[16];
        char part[AR_OUTSET_DAY] = "";
        if (cli.proof)
            snprintf(part, sizeof part, "%s", AR_OUTSET_PROOF);
        else if (cli.shard_n)
            snprintf(part, sizeof part, "%s%u-of-%u", AR_OUTSET_SHARD,
                     cli.shard_k, cli.shard_n);
        if (cli.merge)
            say("merged %zu parts", cli.part_count);
        say("wrote %s/%s%s (%llu rows, %zu clients, %zu open items)%s",
            cli.out, ar_date_format_iso(cli.as_of, day, sizeof day), part,
            (unsigned long long)run.stats.rows_read,
            run.analysis.client_count, run.analysis.open_item_count,
            cli.proof ? "; a proof: the live set is untouched" : "");
        /* a shard and a merge always fold: no news to the user */
        const ar_folded *f = ar_ledger_folded(run.ledger);
        if (f && f->docs && !cli.shard_n && !cli.merge)
            say("folded %llu rows of history closed by %s into totals "
                "(README \"Large ledgers\")",
                (unsigned long long)f->docs,
                    ar_date_format_iso(cli.as_of, day, sizeof day));
    }
    ar_run_fini(&run);
    ar_split_in_fini(&split_in);
    ar_parts_close(parts);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        say("cannot write to standard output");
        return 4;
    }
    return code;
}
