/* split_load.c - a run on one shard folder of `arbatch split`: split.txt
 * read and checked against the run, the shard's copies read in place of
 * the inputs (split.h). */
#include "ar/cli/split.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/base/digest.h"
#include "ar/ingest/line_map.h"

/* The value of key in the manifest's lines ("key value"), or NULL. */
static const char *value_of(char *const *lines, size_t n, const char *key)
{
    size_t k = strlen(key);
    for (size_t i = 0; i < n; i++)
        if (strncmp(lines[i], key, k) == 0 && lines[i][k] == ' ')
            return lines[i] + k + 1;
    return NULL;
}

/* "20-7e,a0" into a new set; NULL for "-". */
static ar_cpset *parse_chars(const char *s)
{
    if (!s || strcmp(s, "-") == 0)
        return NULL;
    ar_cpset *set = ar_xcalloc(1, sizeof *set);
    while (*s) {
        char *end;
        unsigned long a = strtoul(s, &end, 16), b = a;
        if (*end == '-')
            b = strtoul(end + 1, &end, 16);
        for (unsigned long cp = a; cp <= b && cp < 65536; cp++)
            ar_cpset_add(set, (uint32_t)cp);
        s = *end == ',' ? end + 1 : end + strlen(end);
    }
    return set;
}

/* The sha256 of path, or "-" when none is given (split.c's way). */

static ar_err differs(ar_diag *d, const char *dir, const char *what,
                      const char *split, const char *run)
{
    return ar_diag_set(d, AR_ERR_USAGE, dir, 0, NULL,
                       "was split with %s %s, this run has %s: give the "
                       "run the options split had (split.txt)",
                       what, split, run);
}

/* An option of split.txt as a user reads it: "-" is none, a file's
 * sha256 is shortened. */
static void shown_option(const char *v, bool file, char *buf, size_t size)
{
    if (strcmp(v, "-") == 0)
        snprintf(buf, size, "none");
    else if (file)
        snprintf(buf, size, "a file with sha256 %.12s...", v);
    else
        snprintf(buf, size, "%s", v);
}

static ar_err read_dups(ar_split_in *in, const char *shard, ar_diag *d)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/duplicates.csv", shard);
    FILE *f = fopen(path, "r");
    if (!f)
        return ar_diag_set(d, AR_ERR_IO, path, 0, NULL, "cannot open: %s",
                           strerror(errno));
    size_t cap = 0;
    long line, owner, doc;
    int c;
    while ((c = getc(f)) != EOF && c != '\n') /* the header */
        ;
    while (fscanf(f, "%ld,%ld,%ld\n", &line, &owner, &doc) == 3) {
        ar_xgrow((void **)&in->dups, &cap, in->ndups + 1, sizeof *in->dups);
        in->dups[in->ndups++] = (ar_dup_line){line, owner, doc};
    }
    bool bad = !feof(f);
    fclose(f);
    return bad ? ar_diag_set(d, AR_ERR_IO, path, 0, NULL,
                             "not a list of line,owner_line,document_line: "
                             "run arbatch split again")
               : AR_OK;
}

ar_err ar_split_load(ar_options *cli, ar_split_in *in, ar_diag *d)
{
    memset(in, 0, sizeof *in);
    in->dir = ar_xstrdup(cli->split_dir);
    char path[4400];
    snprintf(path, sizeof path, "%s/split.txt", cli->split_dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return ar_diag_set(d, AR_ERR_IO, path, 0, NULL,
                           "cannot open: %s (--split names the --out "
                           "directory of arbatch split)",
                           strerror(errno));
    char *lines[64], buf[300000];
    size_t n = 0;
    while (n < 64 && fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\n")] = '\0';
        lines[n++] = ar_xstrdup(buf);
    }
    fclose(f);
    ar_err err = AR_OK;
    char day[16], hex[65];
    const char *v;
    if (n == 0 || strcmp(lines[0], "arbatch split 1") != 0)
        err = ar_diag_set(d, AR_ERR_IO, path, 1, NULL,
                          "not a split.txt of this arbatch");
    else if ((v = value_of(lines, n, "shards")) == NULL ||
             strtoul(v, NULL, 10) != cli->shard_n) {
        char want[24];
        snprintf(want, sizeof want, "%u", cli->shard_n);
        err = differs(d, cli->split_dir, "shards", v ? v : "?", want);
    } else if (strcmp(v = value_of(lines, n, "as_of") ? value_of(lines, n, "as_of") : "?",
                      ar_date_format_iso(cli->as_of, day, sizeof day)) != 0)
        err = differs(d, cli->split_dir, "--as-of", v, day);
    const struct { const char *key, *name, *run; bool file; } checks[] = {
        {"format", "--format", cli->format, false},
        {"entity", "--entity", cli->entity, false},
        {"policy", "--policy", cli->policy, true},
        {"holidays", "--holidays", cli->holidays, true},
        {"fx", "--fx", cli->fx, true},
    };
    /* every difference at once, in words */
    char diffs[1200] = "";
    for (size_t i = 0; err == AR_OK && i < sizeof checks / sizeof *checks;
         i++) {
        const char *want = checks[i].run ? checks[i].run : "-";
        if (checks[i].file && (err = ar_sha256_file(checks[i].run, hex, d)) == AR_OK)
            want = hex;
        v = value_of(lines, n, checks[i].key);
        if (!checks[i].file && v && strcmp(v, "canonical") == 0)
            v = "-"; /* the default layout, named or not */
        if (!checks[i].file && strcmp(want, "canonical") == 0)
            want = "-";
        if (err == AR_OK && (!v || strcmp(v, want) != 0)) {
            char a[80], b[80];
            shown_option(v ? v : "?", checks[i].file, a, sizeof a);
            shown_option(want, checks[i].file, b, sizeof b);
            snprintf(diffs + strlen(diffs), sizeof diffs - strlen(diffs),
                     "%s%s: split had %s, this run has %s",
                     diffs[0] ? "; " : "", checks[i].name, a, b);
        }
    }
    if (err == AR_OK && diffs[0])
        err = ar_diag_set(d, AR_ERR_USAGE, cli->split_dir, 0, NULL,
                          "was split with other options (%s): give the run "
                          "the options split had (split.txt has the "
                          "sha256 of each file)",
                          diffs);
    static const char *const roles[4] = {"ledger", "clients", "costs",
                                         "history"};
    char shard[4300];
    snprintf(shard, sizeof shard, "%s/shard-%u-of-%u", cli->split_dir,
             cli->shard_k, cli->shard_n);
    for (size_t i = 0; err == AR_OK && i < n; i++) {
        if (strncmp(lines[i], "input ", 6) != 0)
            continue;
        char role[16], sha[65];
        int at = 0;
        if (sscanf(lines[i] + 6, "%15s %64s %n", role, sha, &at) != 2 || !at)
            continue;
        for (int r = 0; r < 4; r++)
            if (strcmp(role, roles[r]) == 0) {
                in->paths[r] = ar_xstrdup(lines[i] + 6 + at);
                char data[4400], map[4400];
                snprintf(data, sizeof data, "%s/%s.csv", shard, role);
                snprintf(map, sizeof map, "%s/%s.lines", shard, role);
                ar_csv_redirect(in->paths[r], data, map, sha);
            }
    }
    if (err == AR_OK && !in->paths[0])
        err = ar_diag_set(d, AR_ERR_IO, path, 0, NULL, "names no ledger");
    if (err == AR_OK) {
        v = value_of(lines, n, "base_currency");
        snprintf(in->base, sizeof in->base, "%s",
                 v && strcmp(v, "-") != 0 ? v : "");
        v = value_of(lines, n, "letter_date");
        in->letter_date = AR_DATE_NONE;
        if (v)
            ar_date_parse_iso(v, &in->letter_date);
        v = value_of(lines, n, "cwd");
        in->cwd = v ? ar_xstrdup(v) : NULL;
        in->chars[0] = parse_chars(value_of(lines, n, "chars letters"));
        in->chars[1] = parse_chars(value_of(lines, n, "chars statements"));
        err = read_dups(in, shard, d);
    }
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    if (err != AR_OK)
        return err;
    cli->ledger = in->paths[0];
    cli->clients = in->paths[1];
    cli->costs = in->paths[2];
    cli->history = in->paths[3];
    return AR_OK;
}

void ar_split_apply_base(const ar_split_in *in, const ar_policy *p,
                         ar_ledger *lg)
{
    /* SPEC §8.23: the whole ledger's first used row decided it */
    if (!p->base_currency[0])
        ar_ledger_note_first_currency(
            lg, ar_ledger_currency(lg, in->base, strlen(in->base)));
}

void ar_split_apply_chars(const ar_split_in *in, ar_run *run)
{
    for (int i = 0; i < 2; i++) {
        free(run->chars[i]);
        run->chars[i] = NULL;
        if (in->chars[i]) { /* the run frees its copy */
            run->chars[i] = ar_xmalloc(sizeof *run->chars[i]);
            *run->chars[i] = *in->chars[i];
        }
    }
}

void ar_split_in_fini(ar_split_in *in)
{
    for (int i = 0; i < 4; i++)
        free(in->paths[i]);
    free(in->chars[0]);
    free(in->chars[1]);
    free(in->dups);
    free(in->dir);
    free(in->cwd);
    ar_csv_redirect_clear();
    memset(in, 0, sizeof *in);
}
