/* inspect.c - `arbatch inspect` (inspect.h): the first lines of an unknown
 * export, read once into memory, tell its delimiter and header; a copy of
 * them in a temporary file is then read by the CSV reader into a table of
 * rows, whose columns inspect_guess.c names and the presets and the
 * proposed policy (inspect_policy.c) are tried on.
 */
#include "ar/ingest/inspect.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ar/base/money.h"
#include "ar/base/utf8.h"
#include "ar/ingest/csv_reader.h"
#include "ar/ingest/formats.h"
#include "ar/ingest/inspect_policy.h"
#include "ar/ingest/inspect_table.h"
#include "ar/ingest/policy_file.h"

#define LOOK_AHEAD 30   /* rows after a header that must share its width */

/* ---- the lines looked at ------------------------------------------------ */

typedef struct sample {
    char *buf;
    size_t len;             /* bytes kept: whole lines, no open quote */
    size_t start;           /* after a byte order mark */
} sample;

static long line_at(const char *b, size_t off)
{
    long line = 1;
    for (size_t i = 0; i < off; i++)
        line += b[i] == '\n';
    return line;
}

/* The start of the file, cut after the last whole line (outside quotes)
 * within AR_INSPECT_LINES lines and AR_INSPECT_BYTES bytes. */
static ar_err read_sample(const char *path, sample *s, ar_inspect_report *r,
                          ar_diag *d)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ar_diag_set(d, AR_ERR_IO, path, 0, NULL, "cannot open: %s",
                           strerror(errno));
    struct stat st;
    bool regular = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode);
    s->buf = ar_xmalloc(AR_INSPECT_BYTES + 1);
    size_t n = fread(s->buf, 1, AR_INSPECT_BYTES, f);
    bool more = n == AR_INSPECT_BYTES && fgetc(f) != EOF;
    int bad = ferror(f) ? errno : 0;
    fclose(f);
    if (bad)
        return ar_diag_set(d, AR_ERR_IO, path, 0, NULL, "read error: %s",
                           strerror(bad));
    r->file_bytes = regular ? (uint64_t)st.st_size : n;
    const unsigned char *u = (const unsigned char *)s->buf;
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) ||
                   (u[0] == 0xFE && u[1] == 0xFF)))
        return ar_diag_set(d, AR_ERR_UTF8, path, 1, NULL,
                           "the file is UTF-16: save it as UTF-8 (iconv -f "
                           "UTF-16 -t UTF-8 FILE > FILE.csv)");
    r->bom = n >= 3 && memcmp(s->buf, "\xEF\xBB\xBF", 3) == 0;
    s->start = r->bom ? 3 : 0;
    size_t i, cut = s->start, lines = 0;
    bool quoted = false;
    for (i = s->start; i < n && lines < AR_INSPECT_LINES; i++) {
        char c = s->buf[i];
        if (c == '"') {
            quoted = !quoted;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < n && s->buf[i + 1] == '\n')
                i++;
            lines++;
            if (!quoted)
                cut = i + 1;
        }
    }
    r->whole_file = !more && i == n;
    if (r->whole_file)
        cut = n;
    if (cut <= s->start) {
        bool blank = true;
        for (size_t k = s->start; k < n && blank; k++)
            blank = s->buf[k] == ' ' || s->buf[k] == '\n' || s->buf[k] == '\r';
        if (blank)
            return ar_diag_set(d, AR_ERR_EMPTY, path, 0, NULL,
                               "the file is empty");
        return ar_diag_set(d, AR_ERR_MALFORMED, path, 1, NULL,
                           "no line ends in the first %u MiB: not a CSV "
                           "export",
                           AR_INSPECT_BYTES >> 20);
    }
    s->len = cut;
    bool nul;
    size_t at = ar_utf8_check(u, cut, &nul);
    if (at < cut && nul)
        return ar_diag_set(d, AR_ERR_BINARY, path, line_at(s->buf, at), NULL,
                           "NUL byte: this is not a text CSV file");
    if (at < cut)
        return ar_diag_set(d, AR_ERR_UTF8, path, line_at(s->buf, at), NULL,
                           "invalid UTF-8 (byte 0x%02X): the file is likely "
                           "Windows-1252 or Latin-1; convert it with iconv "
                           "-f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8.csv",
                           u[at]);
    r->lines = 0;
    for (size_t k = s->start; k < cut; k++) {
        if (s->buf[k] == '\r' && k + 1 < cut && s->buf[k + 1] == '\n') {
            r->crlf++;
            k++;
        } else if (s->buf[k] == '\r') {
            r->cr++;
        } else if (s->buf[k] == '\n') {
            r->lf++;
        }
    }
    r->lines = r->crlf + r->lf + r->cr +
               (cut > s->start && s->buf[cut - 1] != '\n' &&
                s->buf[cut - 1] != '\r');
    return AR_OK;
}

/* ---- the header: which delimiter, which line ---------------------------- */

/* One record as the header search sees it. */
typedef struct scan_rec {
    long line;
    size_t nf, nonempty, texty;
    size_t named;           /* fields that are a known column name */
    size_t begin;
} scan_rec;

/* A header name: a letter in it, and no date. */
static bool texty(const char *s)
{
    bool letter = false;
    for (const unsigned char *p = (const unsigned char *)s; *p && !letter; p++)
        letter = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                 *p >= 0x80;
    if (!letter)
        return false;
    ar_date_guess g;
    const char *v[1] = {s};
    return !ar_guess_date_format(v, 1, &g);
}

static void end_field(char *field, size_t fl, scan_rec *out)
{
    field[fl] = '\0';
    char *b = field;
    while (*b == ' ' || *b == '\t')
        b++;
    size_t n = strlen(b);
    while (n && (b[n - 1] == ' ' || b[n - 1] == '\t'))
        b[--n] = '\0';
    out->nf++;
    out->nonempty += n > 0;
    out->texty += n > 0 && texty(b);
    int rank;
    out->named += n > 0 && ar_guess_role_by_name(b, &rank) != AR_ROLE_NONE &&
                  rank < 9;
}

/* True when s[0..n) holds only spaces and tabs (a field being read is
 * not terminated: what follows it is a longer field's, or nothing). */
static bool blanks_only(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

/* The record at *pos split at delim (quotes as RFC 4180), counted into
 * out; *line counts the line ends passed. False at the end. */
static bool scan_record(const sample *s, size_t *pos, long *line, char delim,
                        scan_rec *out)
{
    const char *b = s->buf;
    size_t len = s->len, i = *pos;
    if (i >= len)
        return false;
    memset(out, 0, sizeof *out);
    out->line = *line + 1;
    out->begin = i;
    char field[160];
    size_t fl = 0;
    bool quoted = false;
    for (;;) {
        if (i >= len) {
            end_field(field, fl, out);
            break;
        }
        char c = b[i];
        if (quoted) {
            if (c == '"' && i + 1 < len && b[i + 1] == '"')
                i++;
            else if (c == '"')
                quoted = false, c = 0;
            if (c == '\n' || (c == '\r' && !(i + 1 < len && b[i + 1] == '\n')))
                (*line)++;
            if (c && fl + 1 < sizeof field)
                field[fl++] = c;
            i++;
            continue;
        }
        if (c == '"' && blanks_only(field, fl)) {
            quoted = true;
            i++;
            continue;
        }
        if (c == delim || c == '\n' || c == '\r') {
            end_field(field, fl, out);
            fl = 0;
            i++;
            if (c == delim)
                continue;
            if (c == '\r' && i < len && b[i] == '\n')
                i++;
            (*line)++;
            break;
        }
        if (fl + 1 < sizeof field)
            field[fl++] = c;
        i++;
    }
    *pos = i;
    return true;
}

/* SPEC §2.6: the header is the first of the first 50 lines that looks like
 * one (at least two fields, most of them filled with words) and that the
 * rows after it follow (most of the next LOOK_AHEAD have as many fields,
 * or it names three columns arbatch knows).
 * Each delimiter is tried; the one giving the widest header wins. */
static void find_table(const sample *s, ar_inspect_report *r)
{
    static const char delims[] = {',', ';', '\t', '|'};
    size_t best_nf = 0, best_same = 0;
    for (size_t k = 0; k < sizeof delims; k++) {
        scan_rec recs[AR_CSV_HEADER_SCAN + LOOK_AHEAD + 1];
        size_t nrec = 0, pos = s->start;
        long line = 0;
        scan_rec rec;
        while (nrec < sizeof recs / sizeof *recs &&
               scan_record(s, &pos, &line, delims[k], &rec))
            if (rec.nonempty)
                recs[nrec++] = rec;
        for (size_t i = 0; i < nrec && recs[i].line <= AR_CSV_HEADER_SCAN;
             i++) {
            const scan_rec *h = &recs[i];
            if (h->nf < 2 || h->nonempty < 2 || h->nonempty * 2 < h->nf ||
                h->texty * 10 < h->nonempty * 8)
                continue;
            size_t after = 0, same = 0;
            for (size_t j = i + 1; j < nrec && after < LOOK_AHEAD; j++) {
                after++;
                same += recs[j].nf == h->nf;
            }
            /* three known names make a header whatever follows it */
            if (after && same * 10 < after * 6 && h->named < 3)
                continue;
            if (h->nf > best_nf || (h->nf == best_nf && same > best_same)) {
                best_nf = h->nf;
                best_same = same;
                r->delimiter = delims[k];
                r->header_line = h->line;
            }
            break;
        }
    }
    if (!r->delimiter)
        return;
    /* the lines above it, as they are */
    size_t pos = s->start;
    long line = 0;
    scan_rec rec;
    while (scan_record(s, &pos, &line, r->delimiter, &rec) &&
           rec.line < r->header_line) {
        if (!rec.nonempty)
            continue;
        size_t n = strcspn(s->buf + rec.begin, "\r\n");
        r->titles = ar_xrealloc(r->titles,
                                (r->title_count + 1) * sizeof *r->titles);
        r->titles[r->title_count++] = (ar_inspect_title){
            rec.line, ar_xstrndup(s->buf + rec.begin, n < 200 ? n : 200)};
    }
}

/* ---- the table ---------------------------------------------------------- */

#define BLOCK (256u << 10)

static void *table_alloc(ar_inspect_table *t, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (!t->nblocks || t->used + n > t->size) {
        size_t size = n > BLOCK ? n : BLOCK;
        ar_xgrow((void **)&t->blocks, &t->blocks_cap, t->nblocks + 1,
                 sizeof *t->blocks);
        t->blocks[t->nblocks++] = ar_xmalloc(size);
        t->size = size;
        t->used = 0;
    }
    void *p = t->blocks[t->nblocks - 1] + t->used;
    t->used += n;
    return p;
}

static char *table_text(ar_inspect_table *t, const char *s, size_t n)
{
    char *p = table_alloc(t, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static void table_free(ar_inspect_table *t)
{
    for (size_t i = 0; i < t->nblocks; i++)
        free(t->blocks[i]);
    free(t->blocks);
    free(t->rows);
    free(t->header);
}

static ar_err read_table(const char *tmp, ar_inspect_report *r,
                         ar_inspect_table *t, ar_diag *d)
{
    ar_csv_reader *rd = NULL;
    ar_csv_header_rule rule = {.line = r->header_line};
    ar_err err = ar_csv_open_at(&rd, tmp, r->delimiter, &rule, d);
    if (err != AR_OK)
        return err;
    t->ncols = ar_csv_column_count(rd);
    t->header = ar_xcalloc(t->ncols + 1, sizeof *t->header);
    for (size_t i = 0; i < t->ncols; i++) {
        const char *h = ar_csv_column(rd, i);
        t->header[i] = table_text(t, h, strlen(h));
    }
    ar_csv_record rec;
    int got;
    while ((got = ar_csv_next(rd, &rec, d)) == 1) {
        ar_xgrow((void **)&t->rows, &t->cap, t->nrows + 1, sizeof *t->rows);
        ar_inspect_row *w = &t->rows[t->nrows++];
        w->line = rec.line;
        w->nf = rec.nfields;
        w->f = table_alloc(t, (rec.nfields + 1) * sizeof *w->f);
        size_t filled = 0;
        const char *first = NULL;
        for (size_t i = 0; i < rec.nfields; i++) {
            w->f[i] = table_text(t, rec.fields[i], rec.lens[i]);
            if (rec.lens[i] && !filled++)
                first = w->f[i];
        }
        if (rec.status == AR_RECORD_MALFORMED)
            w->kind = AR_ROW_ODD;
        else if (first && ar_guess_total_word(first))
            w->kind = AR_ROW_TOTAL;
        else if (filled <= 1)
            w->kind = AR_ROW_LAYOUT;
        else
            w->kind = rec.status == AR_RECORD_OK ? AR_ROW_DATA : AR_ROW_ODD;
    }
    if (got < 0)
        err = ar_csv_error(rd);
    ar_csv_close(rd);
    return err;
}

static bool trial_better(const ar_inspect_trial *a, const ar_inspect_trial *b)
{
    if (a->used != b->used)
        return a->used > b->used;
    if (a->rejected != b->rejected)
        return a->rejected < b->rejected;
    if (a->matched != b->matched)
        return a->matched > b->matched;
    return a->skipped < b->skipped;
}

/* Every preset on the lines looked at: the best is the one that reads the
 * most rows (then rejects the fewest). */
static void try_presets(const char *tmp, const ar_inspect_table *t,
                        ar_inspect_report *r)
{
    r->trials = ar_xcalloc(ar_format_count + 1, sizeof *r->trials);
    r->trial_count = ar_format_count;
    r->best = -1;
    for (size_t i = 0; i < ar_format_count; i++) {
        ar_inspect_trial *tr = &r->trials[i];
        snprintf(tr->name, sizeof tr->name, "%s", ar_formats[i].name);
        ar_policy p;
        ar_diag d;
        ar_diag_clear(&d);
        ar_policy_defaults(&p);
        if (ar_policy_apply_format(&p, ar_formats[i].name, &d) != AR_OK) {
            tr->err = AR_ERR_POLICY;
            snprintf(tr->message, sizeof tr->message, "%.*s",
                     (int)sizeof tr->message - 1, d.message);
            continue;
        }
        ar_inspect_try(tmp, &p, (const char *const *)t->header, t->ncols, tr);
        if (tr->err == AR_OK && tr->used > 0 &&
            (r->best < 0 || trial_better(tr, &r->trials[r->best])))
            r->best = (long)i;
    }
}

static void propose(const char *tmp, const char *path,
                    const ar_inspect_table *t, ar_inspect_report *r)
{
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    snprintf(r->proposed.name, sizeof r->proposed.name, "proposed");
    bool ambiguous = false;
    for (size_t c = 0; c < r->column_count; c++)
        ambiguous = ambiguous || (r->columns[c].kind == AR_KIND_DATE &&
                                  r->columns[c].date.other[0] &&
                                  !r->columns[c].date_decided);
    for (int alt = 0; alt <= (int)ambiguous; alt++) {
        char *text = ar_inspect_propose(r, name, alt);
        if (!text)
            return;
        ar_inspect_trial tr = r->proposed;
        ar_policy p;
        ar_diag d;
        ar_diag_clear(&d);
        ar_policy_defaults(&p);
        if (ar_policy_load_string(&p, text, "the proposed policy", &d) !=
            AR_OK) {
            tr.err = AR_ERR_POLICY;
            ar_diag_format(&d, tr.message, sizeof tr.message);
        } else {
            ar_inspect_try(tmp, &p, (const char *const *)t->header, t->ncols,
                           &tr);
        }
        if (!r->policy ||
            (tr.err == AR_OK && (r->proposed.err != AR_OK ||
                                 trial_better(&tr, &r->proposed)))) {
            free(r->policy);
            r->policy = text;
            r->proposed = tr;
        } else {
            free(text);
        }
    }
}

/* A preset fits when it rejects few rows (at most one per ten used);
 * else the proposed policy, when it reads more; else the best preset
 * still reads some rows. */
static ar_inspect_verdict verdict(const ar_inspect_report *r)
{
    const ar_inspect_trial *best = r->best >= 0 ? &r->trials[r->best] : NULL;
    const ar_inspect_trial *prop = &r->proposed;
    bool proposed = r->policy && prop->err == AR_OK && prop->used > 0;
    if (best && best->rejected * 10 <= best->used)
        return AR_VERDICT_PRESET;
    if (proposed && (!best || trial_better(prop, best)))
        return AR_VERDICT_PROPOSED;
    return best ? AR_VERDICT_PRESET_ROUGH : AR_VERDICT_NONE;
}

static ar_err write_copy(const sample *s, char *tmp, size_t size, ar_diag *d)
{
    const char *dir = getenv("TMPDIR");
    snprintf(tmp, size, "%s/arbatch-inspect-XXXXXX",
             dir && dir[0] ? dir : "/tmp");
    int fd = mkstemp(tmp);
    if (fd < 0)
        return ar_diag_set(d, AR_ERR_IO, tmp, 0, NULL,
                           "cannot make a temporary file: %s",
                           strerror(errno));
    size_t done = 0;
    while (done < s->len) {
        ssize_t w = write(fd, s->buf + done, s->len - done);
        if (w <= 0 && errno != EINTR)
            break;
        done += w > 0 ? (size_t)w : 0;
    }
    int e = errno;
    if (close(fd) != 0 || done < s->len) {
        unlink(tmp);
        return ar_diag_set(d, AR_ERR_IO, tmp, 0, NULL,
                           "cannot write a temporary file: %s", strerror(e));
    }
    return AR_OK;
}

ar_err ar_inspect(const char *path, ar_inspect_report *r, ar_diag *d)
{
    memset(r, 0, sizeof *r);
    r->type_column = r->amount_column = r->best = -1;
    r->decimal_mark = '.';
    sample s = {0};
    ar_inspect_table t = {0};
    char tmp[4096] = "";
    ar_err err = read_sample(path, &s, r, d);
    if (err != AR_OK)
        goto out;
    find_table(&s, r);
    if (!r->delimiter) {
        ar_inspect_note(r, "no header line in the first %d lines: no line "
                        "with two or more names that the rows below it "
                        "follow",
                        AR_CSV_HEADER_SCAN);
        goto out;
    }
    err = write_copy(&s, tmp, sizeof tmp, d);
    if (err == AR_OK)
        err = read_table(tmp, r, &t, d);
    if (err != AR_OK)
        goto out;
    ar_inspect_columns(&t, r);
    try_presets(tmp, &t, r);
    propose(tmp, path, &t, r);
    r->verdict = verdict(r);
out:
    if (err != AR_OK && tmp[0] && strcmp(d->file, tmp) == 0)
        snprintf(d->file, sizeof d->file, "%s", path);
    if (tmp[0])
        unlink(tmp);
    table_free(&t);
    free(s.buf);
    return err;
}

void ar_inspect_fini(ar_inspect_report *r)
{
    for (size_t i = 0; i < r->column_count; i++) {
        free(r->columns[i].header);
        free(r->columns[i].example);
    }
    free(r->columns);
    for (size_t i = 0; i < r->type_count; i++)
        free(r->types[i].value);
    free(r->types);
    for (size_t i = 0; i < r->title_count; i++)
        free(r->titles[i].text);
    free(r->titles);
    free(r->trials);
    free(r->policy);
    memset(r, 0, sizeof *r);
}
