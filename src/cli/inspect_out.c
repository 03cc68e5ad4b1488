/* inspect_out.c - the report of `arbatch inspect` in words, and the policy
 * file it writes (inspect_out.h). */
#include "ar/cli/inspect_out.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ar/engine/policy.h"
#include "ar/ingest/formats.h"

/* Text from the file, safe for a terminal: C0 and C1 control characters,
 * DEL and the bidirectional overrides are written as escapes. At most max
 * characters are shown ("..." after a cut). */
static const char *safe(char *buf, size_t size, const char *s, size_t max)
{
    size_t n = 0, chars = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && n + 12 < size) {
        if (chars == max) {
            memcpy(buf + n, "...", 3);
            n += 3;
            break;
        }
        if (*p < 0x20 || *p == 0x7f) {
            n += (size_t)snprintf(buf + n, size - n, "\\x%02x", *p);
            p++;
        } else if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
            n += (size_t)snprintf(buf + n, size - n, "\\u%04x", p[1]);
            p += 2;
        } else if (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0xAA &&
                   p[2] <= 0xAE) {
            n += (size_t)snprintf(buf + n, size - n, "\\u20%02x",
                                  p[2] - 0x80 + 0x00);
            p += 3;
        } else if (p[0] == 0xE2 && p[1] == 0x81 && p[2] >= 0xA6 &&
                   p[2] <= 0xA9) {
            n += (size_t)snprintf(buf + n, size - n, "\\u20%02x",
                                  p[2] - 0x80 + 0x40);
            p += 3;
        } else {
            /* a whole UTF-8 character (the file was checked) */
            do
                buf[n++] = (char)*p++;
            while ((*p & 0xC0) == 0x80 && n + 1 < size);
        }
        chars++;
    }
    buf[n] = '\0';
    return buf;
}

/* Characters shown on a terminal (UTF-8 lead bytes). */
static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static void pad(FILE *out, const char *s, size_t to)
{
    fputs(s, out);
    for (size_t w = width(s); w < to; w++)
        fputc(' ', out);
}

static const char *bytes(uint64_t n, char *buf, size_t size)
{
    if (n < 1000)
        snprintf(buf, size, "%llu bytes", (unsigned long long)n);
    else if (n < 1000000)
        snprintf(buf, size, "%.1f kB", n / 1e3);
    else if (n < 1000000000)
        snprintf(buf, size, "%.1f MB", n / 1e6);
    else
        snprintf(buf, size, "%.2f GB", n / 1e9);
    return buf;
}

static const char *delimiter_name(char d)
{
    return d == ';' ? "semicolon (;)" : d == '\t' ? "tab" : d == '|'
                                                            ? "pipe (|)"
                                                            : "comma (,)";
}

static void print_file(FILE *out, const ar_inspect_report *r)
{
    char a[32], b[32], s[400];
    if (r->whole_file)
        fprintf(out, "looked at:     the whole file, %zu lines (%s)\n",
                r->lines, bytes(r->file_bytes, a, sizeof a));
    else
        fprintf(out, "looked at:     the first %zu lines of %s (a file this "
                     "size is read in full only by a run)\n",
                r->lines, bytes(r->file_bytes, b, sizeof b));
    fprintf(out, "encoding:      UTF-8, %s\n",
            r->bom ? "with a byte order mark" : "no byte order mark");
    size_t kinds = (r->crlf > 0) + (r->lf > 0) + (r->cr > 0);
    if (kinds > 1)
        fprintf(out, "line ends:     mixed: %zu CRLF, %zu LF, %zu CR\n",
                r->crlf, r->lf, r->cr);
    else
        fprintf(out, "line ends:     %s\n",
                r->crlf ? "CRLF (Windows)" : r->cr ? "CR (old Mac)"
                                                   : "LF (Unix)");
    if (!r->delimiter)
        return;
    fprintf(out, "delimiter:     %s\n", delimiter_name(r->delimiter));
    fprintf(out, "header:        line %ld", r->header_line);
    if (r->title_count)
        fprintf(out, "; %zu title line%s above it (skipped by a run):",
                r->title_count, r->title_count > 1 ? "s" : "");
    fputc('\n', out);
    for (size_t i = 0; i < r->title_count && i < 5; i++)
        fprintf(out, "                 line %ld: %s\n", r->titles[i].line,
                safe(s, sizeof s, r->titles[i].text, 70));
    fprintf(out, "decimal mark:  %s\n",
            !r->decimal_sure && r->decimal_mark == '.'
                ? "point (no amount tells: assumed)"
            : r->decimal_mark == ',' ? "comma (1.234,56)"
                                     : "point (1,234.56)");
    fprintf(out, "rows:          %zu below the header", r->rows);
    if (r->layout_rows || r->odd_rows)
        fprintf(out, " (%zu blank, section or total lines; %zu with bad "
                     "quoting or another number of fields)",
                r->layout_rows, r->odd_rows);
    fputc('\n', out);
}

static void print_columns(FILE *out, const ar_inspect_report *r)
{
    char s[400], h[200];
    fprintf(out, "\ncolumns (role: the arbatch column it likely is):\n");
    for (size_t c = 0; c < r->column_count; c++) {
        const ar_inspect_column *col = &r->columns[c];
        fprintf(out, "  %3zu  ", c + 1);
        pad(out, safe(h, sizeof h, col->header, 26), 28);
        char role[64] = "-";
        if (col->role != AR_ROLE_NONE)
            snprintf(role, sizeof role, "%s%s%s%s",
                     ar_column_name((ar_column)col->role),
                     col->info_role != AR_ROLE_NONE ? " + " : "",
                     col->info_role != AR_ROLE_NONE
                         ? ar_column_name((ar_column)col->info_role)
                         : "",
                     col->by_content ? " (by values)" : "");
        pad(out, role, 26);
        fputs(ar_value_kind_name(col->kind), out);
        if (col->kind == AR_KIND_DATE) {
            fprintf(out, " %s", col->date.format);
            if (col->date.other[0] && !col->date_decided)
                fprintf(out, " (or %s: ambiguous)", col->date.other);
            if (col->date.has_time)
                fputs(", with a time (ignored)", out);
            if (col->date.misses)
                fprintf(out, ", %zu not dates", col->date.misses);
        }
        if (col->kind == AR_KIND_AMOUNT || col->kind == AR_KIND_WHOLE) {
            if (col->negative)
                fprintf(out, ", %zu negative", col->negative);
            if (col->trailing_minus)
                fprintf(out, " (%zu with a trailing minus)",
                        col->trailing_minus);
            if (col->noisy)
                fprintf(out, ", %zu with more than two decimals",
                        col->noisy);
        }
        if (col->kind != AR_KIND_EMPTY && col->kind != AR_KIND_DATE &&
            col->kind != AR_KIND_AMOUNT)
            fprintf(out, ", %zu distinct", col->distinct);
        if (col->filled < r->data_rows && col->kind != AR_KIND_EMPTY)
            fprintf(out, ", %zu%% blank",
                    (r->data_rows - col->filled) * 100 / r->data_rows);
        if (col->example[0] && col->kind != AR_KIND_EMPTY)
            fprintf(out, ", e.g. \"%s\"", safe(s, sizeof s, col->example, 24));
        fputc('\n', out);
    }
}

static const char *type_name(uint8_t t)
{
    return t == AR_TYPE_SKIP ? "skip" : ar_doc_type_name((ar_doc_type)t);
}

static void print_meaning(FILE *out, const ar_inspect_report *r)
{
    char s[400], h[200], s2[700];
    if (r->type_column >= 0) {
        fprintf(out, "\ndocument types (column \"%s\"), with the type "
                     "proposed:\n",
                safe(h, sizeof h, r->columns[r->type_column].header, 40));
        for (size_t i = 0; i < r->type_count && i < 40; i++) {
            const ar_inspect_type *ty = &r->types[i];
            fputs("  ", out);
            pad(out, ty->value[0] ? safe(s, sizeof s, ty->value, 28)
                                  : "(blank)", 30);
            char counts[96];
            snprintf(counts, sizeof counts, "%6zu row%s: %zu positive, %zu "
                     "negative", ty->count, ty->count == 1 ? "" : "s",
                     ty->positive, ty->negative);
            pad(out, counts, 40);
            if (!ty->value[0])
                fputs("-> rejected (missing doc_type)\n", out);
            else if (ty->pos == ty->neg)
                fprintf(out, "-> %s%s\n", type_name(ty->pos),
                        ty->known ? "" : " (guessed)");
            else
                fprintf(out, "-> %s/%s%s\n", type_name(ty->pos),
                        type_name(ty->neg), ty->known ? "" : " (guessed)");
        }
        if (r->type_count > 40)
            fprintf(out, "  ... and %zu more values\n", r->type_count - 40);
    } else {
        fprintf(out, "\ndocument types: no type column: every row is an "
                     "invoice%s\n",
                r->signed_amounts || r->debit_credit
                    ? ", a negative one a credit note (negative_type = CRN)"
                    : "");
    }
    fputc('\n', out);
    if (r->debit_credit)
        fprintf(out, "signs:         debit and credit columns (a credit is "
                     "a row with more credit than debit)\n");
    else if (r->signed_amounts)
        fprintf(out, "signs:         credits and payments come negative "
                     "(%zu amounts, %zu with a trailing minus; %zu open "
                     "amounts): signed_amounts = yes\n",
                r->negative_amounts, r->trailing_minus, r->negative_open);
    else if (r->amount_column < 0)
        fprintf(out, "signs:         no amount column found\n");
    else
        fprintf(out, "signs:         no negative amounts: every amount is "
                     "read as it stands\n");
    long open = -1, flag = -1, settled = -1, entity = -1;
    for (size_t c = 0; c < r->column_count; c++) {
        int roles[2] = {r->columns[c].role, r->columns[c].info_role};
        for (int k = 0; k < 2; k++) {
            open = roles[k] == AR_COL_OPEN_AMOUNT ? (long)c : open;
            flag = roles[k] == AR_COL_OPEN ? (long)c : flag;
            settled = roles[k] == AR_COL_SETTLED_DATE ? (long)c : settled;
            entity = roles[k] == AR_COL_ENTITY ? (long)c : entity;
        }
    }
    if (open < 0) /* an open flag says as much, where there is no amount */
        open = flag;
    if (open >= 0 && settled >= 0)
        /* SPEC §2.6, ledger_file.c: the clearing dates date every full
         * settlement; only what was settled in part has no date */
        fprintf(out, "open amounts:  column \"%s\", beside clearing dates: "
                     "a part settled without a date counts as settled on "
                     "the export date\n",
                safe(h, sizeof h, r->columns[open].header, 40));
    else if (open >= 0)
        fprintf(out, "open amounts:  column \"%s\": an open-balance export "
                     "(what is no longer open was settled on the export "
                     "date)\n",
                safe(h, sizeof h, r->columns[open].header, 40));
    else
        fprintf(out, "open amounts:  none (not an open-balance export)\n");
    if (settled >= 0)
        fprintf(out, "settlement:    settled (clearing) dates in \"%s\"\n",
                safe(h, sizeof h, r->columns[settled].header, 40));
    else
        fprintf(out, "settlement:    no settled or clearing date column\n");
    if (entity >= 0)
        fprintf(out, "entities:      column \"%s\", %zu in the rows looked "
                     "at (%s)%s\n",
                safe(h, sizeof h, r->columns[entity].header, 40), r->entities,
                safe(s2, sizeof s2, r->entity_codes, 160),
                r->doc_no_per_entity ? "; document numbers repeat across "
                                       "them (doc_no = ENTITY + NUMBER)"
                                     : "");
    else
        fprintf(out, "entities:      no company code column\n");
    if (r->line_item_rows)
        fprintf(out, "line items:    %zu row%s repeat%s the document of the "
                     "row above: group_lines = %s\n",
                r->line_item_rows, r->line_item_rows == 1 ? "" : "s",
                r->line_item_rows == 1 ? "s" : "",
                r->group_lines == AR_GROUP_SAME ? "same" : "sum");
    else
        fprintf(out, "line items:    none (one row per document)\n");
    if (r->skip_rows[0])
        fprintf(out, "skip_rows:     %s (total and section lines)\n",
                safe(s, sizeof s, r->skip_rows, 130));
    if (r->note_count)
        fprintf(out, "\nnotes:\n");
    for (size_t i = 0; i < r->note_count; i++)
        fprintf(out, "  - %s\n", safe(s, sizeof s, r->notes[i], 300));
}

static void print_trial(FILE *out, const ar_inspect_trial *t)
{
    char s[400];
    if (t->err != AR_OK) {
        fprintf(out, "cannot read it: %s\n",
                safe(s, sizeof s, t->message, 160));
        return;
    }
    fprintf(out, "%llu rows read: %llu used, %llu rejected, %llu skipped\n",
            (unsigned long long)t->read, (unsigned long long)t->used,
            (unsigned long long)t->rejected, (unsigned long long)t->skipped);
    if (t->top_count)
        fprintf(out, "                 the commonest reject: %s (%llu row%s), "
                     "e.g. %s\n",
                ar_strerror(t->top_reason), (unsigned long long)t->top_count,
                t->top_count == 1 ? "" : "s",
                safe(s, sizeof s, t->top_example, 160));
}

const char *ar_inspect_shell_word(char *buf, size_t size, const char *s)
{
    char shown[600];
    safe(shown, sizeof shown, s, 200);
    if (shown[0] && strspn(shown, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
                                  "nopqrstuvwxyz0123456789_./-+,:@") ==
                        strlen(shown)) {
        snprintf(buf, size, "%s", shown);
        return buf;
    }
    size_t n = 0;
    buf[n++] = '\'';
    for (const char *p = shown; *p && n + 6 < size; p++) {
        if (*p == '\'') { /* ' ends the word: '\'' puts one in */
            memcpy(buf + n, "'\\''", 4);
            n += 4;
        } else {
            buf[n++] = *p;
        }
    }
    buf[n++] = '\'';
    buf[n] = '\0';
    return buf;
}

void ar_inspect_print(FILE *out, const ar_inspect_report *r,
                      const char *path)
{
    char s[600];
    fprintf(out, "arbatch inspect: %s\n", safe(s, sizeof s, path, 200));
    print_file(out, r);
    if (!r->delimiter) {
        for (size_t i = 0; i < r->note_count; i++)
            fprintf(out, "note:          %s\n",
                    safe(s, sizeof s, r->notes[i], 300));
        fprintf(out, "preset:        none fits\n");
        return;
    }
    print_columns(out, r);
    print_meaning(out, r);
    fprintf(out, "\npresets, tried on the %s:\n",
            r->whole_file ? "whole file" : "lines looked at");
    for (size_t i = 0; i < r->trial_count; i++) {
        fprintf(out, "  %-14s ", r->trials[i].name);
        print_trial(out, &r->trials[i]);
    }
    const char *best = r->best >= 0 ? r->trials[r->best].name : "";
    if (r->verdict == AR_VERDICT_PRESET) {
        fprintf(out, "preset:        %s fits: arbatch run --ledger %s "
                     "--format %s --as-of YYYY-MM-DD --out DIR\n",
                best, ar_inspect_shell_word(s, sizeof s, path), best);
        if (r->entities > 1)
            fprintf(out, "entity:        the file holds %zu entities (%s): "
                         "add --entity CODE to close one; a run each and "
                         "arbatch merge --group for the group (README \"A "
                         "group of entities\")\n",
                    r->entities, safe(s, sizeof s, r->entity_codes, 160));
        return;
    }
    if (r->verdict == AR_VERDICT_PRESET_ROUGH)
        fprintf(out, "preset:        none fits; %s reads the most rows but "
                     "rejects many (see its commonest reject)\n",
                best);
    else
        fprintf(out, "preset:        none fits\n");
    if (!r->policy) {
        fprintf(out, "proposed:      no policy (see the notes)\n");
        return;
    }
    fprintf(out, "\nproposed policy, read with it: ");
    print_trial(out, &r->proposed);
    fprintf(out, "----\n");
    for (const char *line = r->policy; *line;) {
        size_t n = strcspn(line, "\n");
        char one[400];
        snprintf(one, sizeof one, "%.*s", (int)(n < 300 ? n : 300), line);
        fprintf(out, "%s\n", safe(s, sizeof s, one, 300));
        line += n + (line[n] == '\n');
    }
    fprintf(out, "----\n");
}

char *ar_inspect_policy_text(const ar_inspect_report *r, const char *path)
{
    if (r->verdict == AR_VERDICT_PROPOSED)
        return ar_xstrdup(r->policy);
    if (r->verdict == AR_VERDICT_NONE)
        return NULL;
    const char *name = r->trials[r->best].name, *text = "";
    for (size_t i = 0; i < ar_format_count; i++)
        if (strcmp(ar_formats[i].name, name) == 0)
            text = ar_formats[i].text;
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char shown[120];
    size_t n = 0;
    for (const char *c = base; *c && n + 1 < sizeof shown; c++)
        shown[n++] = (unsigned char)*c < 0x20 ? '?' : *c;
    shown[n] = '\0';
    size_t size = strlen(text) + 400;
    char *out = ar_xmalloc(size);
    snprintf(out, size, "; written by arbatch inspect for %s: the built-in "
                        "preset '%s' fits it\n; (--format %s reads it the "
                        "same way; change this copy as you need)\n%s",
             shown, name, name, text);
    return out;
}

ar_err ar_inspect_write_policy(const char *path, const char *text,
                               ar_diag *d)
{
    struct stat st;
    if (lstat(path, &st) == 0)
        return ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                           "exists: inspect never replaces a policy file (it "
                           "may hold your edits); remove it or name another");
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path) >= (int)sizeof tmp)
        return ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL, "path too long");
    int fd = mkstemp(tmp);
    if (fd < 0)
        return ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                           "cannot write beside it: %s", strerror(errno));
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask); /* mkstemp makes 0600: a policy is no secret */
    size_t len = strlen(text), done = 0;
    int e = 0;
    while (done < len) {
        ssize_t w = write(fd, text + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            e = errno ? errno : EIO;
            break;
        }
        done += (size_t)w;
    }
    if (!e && fsync(fd) != 0)
        e = errno;
    if (close(fd) != 0 && !e)
        e = errno;
    /* link fails when path exists (made meanwhile): never replaced */
    if (!e && link(tmp, path) != 0) {
        e = errno;
        if (e == EPERM || e == ENOTSUP || e == EXDEV || e == EMLINK) {
            /* a file system without hard links: checked above */
            e = lstat(path, &st) == 0 ? EEXIST
                : rename(tmp, path) == 0 ? 0 : errno;
            if (!e)
                return AR_OK;
        }
    }
    unlink(tmp);
    if (e == EEXIST)
        return ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                           "exists: inspect never replaces a policy file");
    if (e)
        return ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                           "cannot write: %s", strerror(e));
    return AR_OK;
}

int ar_inspect_exit_code(const ar_inspect_report *r)
{
    return r->verdict == AR_VERDICT_NONE ? 3 : 0;
}
