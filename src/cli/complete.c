/* complete.c - before the output set is published, check that the
 * temporary directory holds every output the run planned (issue 22 item
 * 1). The renderers check every write they make; this catches what they
 * cannot see: files removed from under the run by another process. */
#include "ar/cli/complete.h"

#include "ar/base/safe_name.h"
#include "ar/ingest/columns.h"
#include "ar/ingest/csv_reader.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define PATH_SIZE 4300

static ar_err incomplete(ar_diag *d, const char *path, const char *what)
{
    return ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                       "the output set is incomplete (%s), so nothing was "
                       "published: did another process remove files from "
                       "the run's temporary directory?",
                       what);
}

/* snprintf into a PATH_SIZE buffer; false when the path does not fit */
static bool path_of(char *path, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static bool path_of(char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(path, PATH_SIZE, fmt, ap);
    va_end(ap);
    return n >= 0 && n < PATH_SIZE;
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Regular files named *.pdf directly in dir (0 when there is no dir). */
static size_t count_pdfs(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return 0;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        size_t len = strlen(e->d_name);
        char path[PATH_SIZE];
        if (len > 4 && strcmp(e->d_name + len - 4, ".pdf") == 0 &&
            path_of(path, "%s/%s", dir, e->d_name) && is_file(path))
            n++;
    }
    closedir(dp);
    return n;
}

/* letters/: every manifest row's file, one letter file per row and no
 * other, a batch for each stage, and (unless --proof) a row for each
 * letter the renderer recorded as written. */
static ar_err check_letters(const ar_run *run, const char *letters,
                            ar_diag *d)
{
    char path[PATH_SIZE], what[160];
    path_of(path, "%s/manifest.csv", letters);
    ar_csv_reader *r = NULL;
    ar_diag cd;
    ar_diag_clear(&cd);
    if (ar_csv_open(&r, path, ',', &cd) != AR_OK)
        return incomplete(d, path, "the letters' manifest cannot be read");
    long file_col = ar_csv_find(r, "file"), stage_col = ar_csv_find(r, "stage");
    size_t rows = 0, per_stage[AR_STAGES + 1] = {0};
    ar_csv_record rec;
    ar_err err = AR_OK;
    int got;
    while (err == AR_OK && (got = ar_csv_next(r, &rec, &cd)) == 1) {
        rows++;
        const char *file = file_col >= 0 && (size_t)file_col < rec.nfields
                               ? rec.fields[file_col]
                               : "";
        int stage = stage_col >= 0 && (size_t)stage_col < rec.nfields
                        ? rec.fields[stage_col][0] - '0'
                        : 0;
        if (stage >= 1 && stage <= AR_STAGES)
            per_stage[stage]++;
        path_of(path, "%s/%s", letters, file);
        if (!file[0] || !is_file(path)) {
            snprintf(what, sizeof what, "manifest row %zu: its letter is "
                     "missing", rows);
            err = incomplete(d, path, what);
        }
    }
    if (err == AR_OK && got < 0) {
        path_of(path, "%s/manifest.csv", letters);
        err = incomplete(d, path, "the letters' manifest cannot be read");
    }
    ar_csv_close(r);
    if (err != AR_OK)
        return err;

    size_t files = 0, written = 0;
    for (int s = 1; s <= AR_STAGES; s++) {
        path_of(path, "%s/%d", letters, s);
        files += count_pdfs(path);
        if (!per_stage[s])
            continue;
        /* batches.c: one batch-stageN.pdf, or batch-stageN-1.pdf, ... */
        path_of(path, "%s/batch-stage%d.pdf", letters, s);
        char split[PATH_SIZE];
        path_of(split, "%s/batch-stage%d-1.pdf", letters, s);
        if (!is_file(path) && !is_file(split))
            return incomplete(d, path, "the batch of a stage is missing");
    }
    for (size_t c = 0; c < run->analysis.client_count; c++)
        written += run->letter_written && run->letter_written[c];
    if (files != rows) {
        snprintf(what, sizeof what, "%zu letter files for %zu manifest rows",
                 files, rows);
        return incomplete(d, letters, what);
    }
    if (!run->opts->proof && rows != written) {
        snprintf(what, sizeof what, "%zu manifest rows for %zu letters "
                 "written", rows, written);
        return incomplete(d, letters, what);
    }
    return AR_OK;
}

ar_err ar_outset_check(const ar_run *run, const char *dir, ar_diag *d)
{
    unsigned want = run->opts->outputs;
    struct {
        const char *name;
        bool on;
    } files[] = {
        {"run.json", true},
        {"rejects.csv", true},
        {"skipped.csv", true},
        {"actions.csv", true},
        {"history.csv", true},
        {"aging.xlsx", want & AR_OUT_AGING},
        {"kpi.xlsx", want & AR_OUT_KPI},
        {"letters/manifest.csv", want & AR_OUT_LETTERS},
        {"agency/placement.csv", want & AR_OUT_AGENCY},
        {"agency/placement.xlsx", want & AR_OUT_AGENCY},
    };
    char path[PATH_SIZE];
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        if (!files[i].on)
            continue;
        if (!path_of(path, "%s/%s", dir, files[i].name) || !is_file(path))
            return incomplete(d, path, "a file is missing");
    }
    if (want & AR_OUT_LETTERS) {
        path_of(path, "%s/letters", dir);
        ar_err err = check_letters(run, path, d);
        if (err != AR_OK)
            return err;
    }
    if (want & AR_OUT_AGENCY) {
        /* SPEC §6: a statement for each placed debtor (README "Agency
         * packet": the held ones are placed nowhere), but those held back
         * for a character the fonts cannot print (#22 item 11) */
        path_of(path, "%s/agency", dir);
        size_t pdfs = count_pdfs(path);
        uint64_t placed = run->analysis.agency_debtors;
        if (pdfs + run->statements_held != placed) {
            char what[120];
            snprintf(what, sizeof what,
                     "%zu statements for %llu placed debtors", pdfs,
                     (unsigned long long)placed);
            return incomplete(d, path, what);
        }
    }
    return AR_OK;
}

ar_err ar_outset_check_part(const ar_run *run, const char *dir, ar_diag *d)
{
    unsigned want = run->opts->outputs;
    char path[PATH_SIZE], what[160];
    static const char *const files[] = {"rejects.csv", "skipped.csv",
                                        "shard.json"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        if (!path_of(path, "%s/%s", dir, files[i]) || !is_file(path))
            return incomplete(d, path, "a file is missing");
    /* a letter for each of the shard's clients the renderer wrote one
     * for, at its name, and no other */
    size_t planned = 0, found = 0;
    const ar_ledger *lg = run->ledger;
    for (size_t r = 0; (want & AR_OUT_LETTERS) && r < run->analysis.client_count;
         r++) {
        const ar_client_result *cr = &run->analysis.clients[r];
        if (!run->letter_written || !run->letter_written[r] ||
            !ar_run_mine(run, cr->client))
            continue;
        char name[AR_SAFE_NAME_MAX];
        ar_safe_name(ar_ledger_text(lg, ar_ledger_clients(lg)[cr->client].id),
                     name);
        planned++;
        if (!path_of(path, "%s/letters/%d/%s.pdf", dir, cr->letter_stage,
                     name) || !is_file(path))
            return incomplete(d, path, "a letter of this shard is missing");
    }
    for (int s = 1; (want & AR_OUT_LETTERS) && s <= AR_STAGES; s++) {
        path_of(path, "%s/letters/%d", dir, s);
        found += count_pdfs(path);
    }
    if (found != planned) {
        snprintf(what, sizeof what, "%zu letter files for %zu letters "
                 "written", found, planned);
        return incomplete(d, dir, what);
    }
    path_of(path, "%s/agency", dir);
    if ((want & AR_OUT_AGENCY) &&
        count_pdfs(path) != run->statements_written) {
        snprintf(what, sizeof what, "%zu statements for %llu written",
                 count_pdfs(path),
                 (unsigned long long)run->statements_written);
        return incomplete(d, path, what);
    }
    return AR_OK;
}
