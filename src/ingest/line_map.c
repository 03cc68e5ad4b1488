/* line_map.c - the redirections of a shard folder's files and their
 * original line numbers (line_map.h). */
#include "ar/ingest/line_map.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REDIRECTS 8

typedef struct redirect {
    char *path, *actual, *lines, *sha256;
} redirect;

/* set before the readers open, read by them: a process-wide setting */
static redirect table[REDIRECTS];
static size_t table_count;

struct ar_line_map {
    FILE *fp;
    char *path;
    long last;
};

void ar_csv_redirect(const char *path, const char *actual, const char *lines,
                     const char *sha256)
{
    if (table_count == REDIRECTS)
        ar_die("internal error: more than %d redirected files", REDIRECTS);
    /* without lines: the file itself, under another name (a merge
     * reads the run's files by the names the run gave them) */
    table[table_count++] = (redirect){
        ar_xstrdup(path), ar_xstrdup(actual), lines ? ar_xstrdup(lines) : NULL,
        sha256 ? ar_xstrdup(sha256) : NULL};
}

const char *ar_csv_redirected(const char *path)
{
    for (size_t i = 0; i < table_count; i++)
        if (strcmp(table[i].path, path) == 0)
            return table[i].actual;
    return path;
}

void ar_csv_redirect_clear(void)
{
    for (size_t i = 0; i < table_count; i++) {
        free(table[i].path);
        free(table[i].actual);
        free(table[i].lines);
        free(table[i].sha256);
    }
    table_count = 0;
}

FILE *ar_line_map_fopen(const char *path, ar_line_map **map, char **sha256,
                        ar_diag *d)
{
    *map = NULL;
    *sha256 = NULL;
    size_t i = 0;
    while (i < table_count && strcmp(table[i].path, path) != 0)
        i++;
    const char *actual = i < table_count ? table[i].actual : path;
    FILE *fp = fopen(actual, "rb");
    if (!fp) {
        ar_diag_set(d, AR_ERR_IO, actual, 0, NULL, "cannot open: %s",
                    strerror(errno));
        return NULL;
    }
    if (i == table_count || !table[i].lines)
        return fp;
    FILE *lines = fopen(table[i].lines, "r");
    if (!lines) {
        ar_diag_set(d, AR_ERR_IO, table[i].lines, 0, NULL, "cannot open: %s",
                    strerror(errno));
        fclose(fp);
        return NULL;
    }
    ar_line_map *m = ar_xcalloc(1, sizeof *m);
    m->fp = lines;
    m->path = ar_xstrdup(table[i].lines);
    *map = m;
    *sha256 = ar_xstrdup(table[i].sha256);
    return fp;
}

long ar_line_map_next(ar_line_map *m)
{
    /* one number a line, ascending: anything else is a damaged folder */
    long v = 0;
    int c, digits = 0;
    while ((c = getc(m->fp)) >= '0' && c <= '9' && digits < 12) {
        v = v * 10 + (c - '0');
        digits++;
    }
    if (c != '\n' || digits == 0 || v <= m->last)
        return -1;
    m->last = v;
    return v;
}

ar_err ar_line_map_error(const ar_line_map *m, const char *path, ar_diag *d)
{
    return ar_diag_set(d, AR_ERR_IO, path, 0, NULL,
                       "%s does not number the lines of this shard's copy: "
                       "run arbatch split again",
                       m ? m->path : "the line map");
}

void ar_line_map_free(ar_line_map *m)
{
    if (!m)
        return;
    fclose(m->fp);
    free(m->path);
    free(m);
}
