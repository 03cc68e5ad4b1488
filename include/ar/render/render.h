/* render.h - the run's state as the renderers see it, the output set, and
 * one entry point per output. A renderer writes only inside the directory
 * it is given and returns AR_ERR_OUTPUT (d filled) when a write fails. */
#ifndef AR_RENDER_H
#define AR_RENDER_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ar/engine/analysis.h"
#include "ar/engine/rollforward.h"
#include "ar/base/options.h"
#include "ar/ingest/ledger_file.h"
#include "ar/ingest/small_files.h"
#include "ar/engine/ledger.h"
#include "ar/engine/policy.h"
#include "ar/pdf/font.h"

/* An input file of the run, for run.json and the Parameters sheet. */
typedef struct ar_input_file {
    const char *role;       /* "ledger", "clients", ... */
    const char *path;       /* borrowed */
    char sha256[65];
} ar_input_file;

/* Phases timed into run.json's phases_ms. */
typedef enum ar_phase {
    AR_PHASE_READ,
    AR_PHASE_ANALYSE,
    AR_PHASE_AGING,
    AR_PHASE_KPI,
    AR_PHASE_LETTERS,
    AR_PHASE_AGENCY,
    AR_PHASE_WRITE,
    AR_PHASE_COUNT_
} ar_phase;

const char *ar_phase_name(ar_phase p);

/* issue #21: one letter of a shard's clients as its run laid it out and
 * drew it: the shard's summary keeps it, and a merge's letters renderer
 * takes it instead of laying out and drawing the letter again. */
typedef struct ar_part_letter {
    char *client_id;
    int stage, pages;
    bool qr, tight, out_of_range, rejected, abroad;
    int unmailable;               /* an ar_mailable (gather.h) */
    uint32_t bad_cp;
    ar_cents amount_due;
    char sha256[65];
    char *address;                /* the lines in the window, '\n' between */
    size_t pages_len;             /* its drawn pages (ar_pdf_record), which
                                     are never held: */
    uint32_t part;                /* a merge: the part that holds it, and */
    int64_t row;                  /* its row there; a shard: where its
                                     pages are in the spool */
} ar_part_letter;

/* A statement a shard held back: a character the fonts lack. */
typedef struct ar_part_held {
    char *client_id;
    uint32_t bad_cp;
} ar_part_held;

/* Everything a run knows; renderers read it. */
typedef struct ar_run {
    const ar_options *opts;   /* what the user asked */
    ar_policy policy;
    ar_ledger *ledger;
    ar_rejects rejects;
    ar_kept_rows history_rejected; /* the history's rejected rows, as read */
    ar_ingest_stats stats;
    ar_input_file inputs[7];  /* ledger clients costs history holidays fx */
    size_t input_count;
    ar_analysis analysis;
    /* SPEC §5: the date this run's letters bear and the pay-by date they
     * give (calendar.h), and the holidays that moved them (ascending) */
    ar_date letter_date, pay_by;
    ar_date *holidays;
    size_t holiday_count;
    ar_rollforward rollforward; /* per currency, opening date to D */
    /* set by the letters renderer: did client result r get its letter */
    bool *letter_written;
    /* letters whose client's language has no templates: sent in English */
    uint64_t language_fallbacks;
    uint64_t unknown_clients;
    uint64_t unknown_zero_matches; /* of them, in the clients file with
                                      other leading zeros */
    /* set by the agency renderer: statements held back for a character
     * the fonts cannot print (#22 item 11) */
    uint64_t statements_held;
    uint64_t statements_written; /* by this run (a shard: its clients') */
    /* letters and statements held back as they are printed (a character
     * no font has, no postal address, an amount out of range): listed in
     * rejects.csv after the rejected rows. Apart from rejects, which the
     * workbook thread reads meanwhile, and never rows of an input. */
    ar_rejects held;
    /* set by the letter and statement renderers: the currency of the
     * letterhead's first bank account that is a published example IBAN
     * ("" none) */
    char sample_account[4];
    double phase_ms[AR_PHASE_COUNT_];
    double started_ms;
    /* issue #21: with chars_only (split) the letters and statements are
     * laid out, not written, and their characters kept in chars[0]
     * (letters) and chars[1] (statements), which the renderers allocate;
     * given to a shard folder's run, they are the whole run's, and its
     * fonts are cut to them, not to its own (so its letters are the
     * single run's, byte for byte). NULL: the run's own. The run frees
     * them (ar_run_fini). */
    bool chars_only;
    ar_cpset *chars[2];
    /* issue #21: a shard run's letters and held statements, for its
     * summary (the renderers fill them); a merge's, from every part and
     * sorted by client id, which the renderers take instead of laying
     * out and drawing (merging set). The run frees them. */
    bool merging;
    ar_part_letter *part_letters;
    size_t part_letter_count;
    ar_part_held *part_held;
    size_t part_held_count;
    /* a shard: its letters' pages go to a spool file as they are drawn
     * (part_letters.h), not to memory */
    bool pages_spooled;
    int pages_fd;
    uint64_t pages_end;
    pthread_mutex_t pages_lock;
    /* a merge: the drawn pages of letter pl from its part into *data
     * (caller frees), on any thread; they are never all held at once */
    ar_err (*load_pages)(void *ctx, const ar_part_letter *pl,
                         unsigned char **data, size_t *len, ar_diag *d);
    void *load_pages_ctx;
} ar_run;

/* SPEC §2.6: the warnings of run.json (and stderr). */
#define AR_NO_SETTLEMENTS                                                   \
    "the ledger has no settlement information (no PAY, CRN or WO rows, no " \
    "settled_date, no open amount): every invoice counts as open"
#define AR_OPEN_BALANCES                                                    \
    "the export holds open balances only: what was settled counts as of " \
    "the export date, and the KPIs that need settlement dates are n/a"

/* The warning about a date format that is not the export's into buf
 * (size bytes), and true: when a tenth or more of the rows read (and at
 * least 3) were rejected for a date, the rest were most likely read with
 * day and month the wrong way round too. */
static inline bool ar_run_date_format_warning(const ar_run *run, char *buf,
                                              size_t size)
{
    uint64_t bad = run->rejects.by_reason[AR_ERR_DATE];
    uint64_t read = run->stats.rows_read;
    if (bad < 3 || bad * 10 < read)
        return false;
    snprintf(buf, size,
             "%llu of %llu rows have an invalid date: the date format is "
             "most likely not the export's, and the dates that did read may "
             "have day and month swapped; run arbatch inspect --ledger "
             "FILE, which finds the format, or set [input] date_format",
             (unsigned long long)bad, (unsigned long long)read);
    return true;
}

/* The warning about amounts without a currency into buf (size bytes),
 * and true: the base currency has no code (the ledger's first used row
 * names none and [general] base_currency is not set), so the workbooks
 * say "(no code)" and the letters of those amounts are held. */
static inline bool ar_run_no_currency_warning(const ar_run *run, char *buf,
                                              size_t size)
{
    const ar_ledger *lg = run->ledger;
    if (!lg || !run->stats.rows_used || !ar_ledger_base_decided(lg) ||
        ar_ledger_currency_code(lg, ar_ledger_base_currency(lg))[0])
        return false;
    snprintf(buf, size,
             "the base currency has no code (the ledger's first row names "
             "none and [general] base_currency is not set): the workbooks "
             "show \"(no code)\" and letters of such amounts are held; set "
             "base_currency to the currency of the amounts, USD for one");
    return true;
}

/* The warning about a rerun given its own output history into buf (size
 * bytes), and true: history rows of a run as of this very date are most
 * likely the history.csv of the run being redone, and every letter they
 * name now waits (SPEC §8.12). False when there are none. */
static inline bool ar_run_rerun_warning(const ar_run *run, char *buf,
                                        size_t size)
{
    const ar_letter_sent *sent = ar_ledger_letters(run->ledger);
    size_t n = ar_ledger_letter_count(run->ledger), same = 0;
    ar_date d = run->opts->as_of;
    for (size_t i = 0; i < n; i++)
        same += sent[i].run_date == d;
    if (!same || d == AR_DATE_NONE)
        return false;
    char a[16];
    ar_date_format_iso(d, a, sizeof a);
    snprintf(buf, size,
             "the history holds %zu letters of a run as of %s, this run's "
             "as-of date: to redo that run, pass the history given to it "
             "(its letters wait for their own earlier ones, never for "
             "themselves)",
             same, a);
    return true;
}

/* The warning about sample bank details into buf (size bytes), and true;
 * false when the letters were not written or their accounts are real. */
static inline bool ar_run_sample_account_warning(const ar_run *run,
                                                 char *buf, size_t size)
{
    if (!run->sample_account[0])
        return false;
    snprintf(buf, size,
             "the letterhead's %s bank account is a published example IBAN: "
             "the letters ask clients to pay into an account that is not "
             "yours; put your own in layouts/letterhead.txt before mailing",
             run->sample_account);
    return true;
}

/* True when the ledger says nothing about settlements (AR_NO_SETTLEMENTS). */
static inline bool ar_run_lacks_settlements(const ar_run *run)
{
    return run->stats.settlement_rows == 0 && !run->stats.open_balances;
}

/* A close date far from the ledger's documents is most likely a typo (a
 * year off): after the last document by more than this, or before the
 * first, the run says so (it still runs: a close date is the user's). */
#define AR_AS_OF_GAP_DAYS 92

/* The warning about the as-of date into buf (size bytes), and true; false
 * when the as-of date sits with the documents. */
static inline bool ar_run_as_of_warning(const ar_run *run, char *buf,
                                        size_t size)
{
    const ar_ingest_stats *st = &run->stats;
    ar_date d = run->opts->as_of;
    if (d == AR_DATE_NONE || st->last_date == AR_DATE_NONE)
        return false;
    char a[16], f[16], l[16];
    ar_date_format_iso(d, a, sizeof a);
    ar_date_format_iso(st->first_date, f, sizeof f);
    ar_date_format_iso(st->last_date, l, sizeof l);
    if (d > st->last_date + AR_AS_OF_GAP_DAYS)
        snprintf(buf, size,
                 "the as-of date %s is %ld days after the ledger's last "
                 "document (%s): every open item ages that long; check "
                 "--as-of",
                 a, (long)(d - st->last_date), l);
    else if (d < st->first_date)
        snprintf(buf, size,
                 "the as-of date %s is before the ledger's first document "
                 "(%s): nothing has happened yet; check --as-of",
                 a, f);
    else
        return false;
    return true;
}

/* The warning about an open-balance export whose title line dates it
 * ("As of October 31, 2026", QuickBooks) run as of another date, into
 * buf (size bytes), and true (title_date.c). */
bool ar_run_export_date_warning(const ar_run *run, char *buf, size_t size);

/* Every warning about the input, in order, to emit(ctx, text, note):
 * run.json's "warnings" and stderr ("warning:", or "note:" when note)
 * walk the same list. Returns how many. */
typedef bool (*ar_run_warning_fn)(const ar_run *run, char *buf, size_t size);
static inline size_t ar_run_warnings(const ar_run *run,
                                     void (*emit)(void *ctx, const char *text,
                                                  bool note),
                                     void *ctx)
{
    size_t n = 0;
    if (ar_run_lacks_settlements(run))
        emit(ctx, AR_NO_SETTLEMENTS, false), n++;
    if (run->stats.open_balances)
        emit(ctx, AR_OPEN_BALANCES, true), n++;
    static const ar_run_warning_fn more[] = {
        ar_run_as_of_warning, ar_run_sample_account_warning,
        ar_run_rerun_warning, ar_run_no_currency_warning,
        ar_run_date_format_warning, ar_run_export_date_warning};
    char buf[400];
    for (size_t i = 0; i < sizeof more / sizeof *more; i++)
        if (more[i](run, buf, sizeof buf))
            emit(ctx, buf, false), n++;
    return n;
}

/* ---- renderers (one file each) --------------------------------------- */

/* Progress of a run, for the display main draws on a terminal. */
typedef struct ar_progress {
    void (*rows)(void *ctx, uint64_t rows, uint64_t bytes);
    void (*letters)(void *ctx, uint64_t done, uint64_t total);
    void *ctx;
} ar_progress;

/* aging.xlsx (SPEC §6). sheets_done, unless NULL, is called with ctx once
 * every sheet is written, before the workbook closes: the close (copying
 * and deflating each sheet) uses one core, and the caller may start other
 * work on the other. */
ar_err ar_render_aging(const ar_run *run, const char *dir,
                       void (*sheets_done)(void *ctx), void *ctx,
                       ar_diag *d);

/* kpi.xlsx (SPEC §4). */
ar_err ar_render_kpi(const ar_run *run, const char *dir, ar_diag *d);

/* letters/ (SPEC §5): every letter the analysis decided, the batches and
 * the manifest. Marks run->letter_written[r] for each letter actually
 * written. */
ar_err ar_render_letters(ar_run *run, const char *dir,
                         const ar_progress *prog, ar_diag *d);

/* agency/ (SPEC §6): placement.csv, placement.xlsx and a statement PDF per
 * placed account. */
ar_err ar_render_agency(ar_run *run, const char *dir, ar_diag *d);

/* The characters to cut the fonts to: chars[which] when given, else
 * own (the run's). AR_ERR_OUTPUT with d filled when own holds one that
 * the given set lacks (a shard folder from another split). */
ar_err ar_run_cut_chars(const ar_run *run, int which, const ar_cpset *own,
                        const ar_cpset **cut, ar_diag *d);

/* True when the run writes one shard's part (--shard K/N, issue #21). */
bool ar_run_sharded(const ar_run *run);

/* True when ledger client index client is in the run's shard (always
 * without --shard): FNV-1a 64 of its id modulo N is K (shard.h). */
bool ar_run_mine(const ar_run *run, uint32_t client);

/* A shard run keeps the rejects and held letters and statements of its
 * own shard only (ar_reject_shard) and, unless it is shard 0, no skipped
 * row (a layout line has no
 * client: shard 0 lists them all). */
void ar_run_keep_shard(ar_run *run);

/* shard.json: what a shard run wrote (issue #21): the shard, the number
 * of shards, the as-of date, the inputs with their sha256, the letters
 * and statements written and the rejects listed. */
ar_err ar_render_shard_json(const ar_run *run, const char *dir, ar_diag *d);

ar_err ar_render_rejects(const ar_run *run, const char *dir, ar_diag *d);
/* skipped.csv (SPEC §2.6): file, line, reason, first_field. */
ar_err ar_render_skipped(const ar_run *run, const char *dir, ar_diag *d);
ar_err ar_render_actions(const ar_run *run, const char *dir, ar_diag *d);
ar_err ar_render_history(const ar_run *run, const char *dir, ar_diag *d);
/* history_rejected.csv: the rows of the input history that were rejected,
 * byte for byte under its header (README "Reliability"); written only
 * when there are any. */
#define AR_HISTORY_REJECTED "history_rejected.csv"
ar_err ar_render_history_rejected(const ar_run *run, const char *dir,
                                  ar_diag *d);
/* run.json; elapsed_ms is the wall time up to now. */
ar_err ar_render_run_json(const ar_run *run, const char *dir, ar_diag *d,
                          double elapsed_ms);

#endif
