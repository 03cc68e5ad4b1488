/* line_map.h - a shard folder's files read as the files they came from
 * (issue #21): `arbatch split` copies each record of an input into the
 * file of its client's shard and writes, beside it, the line each record
 * started on in the original. A run on the shard folder opens the copy
 * wherever it would open the original and numbers the records with the
 * original's lines, so that rejects, skipped rows and messages name the
 * original file and line. */
#ifndef AR_LINE_MAP_H
#define AR_LINE_MAP_H

#include <stdbool.h>
#include <stdio.h>

#include "ar/base/error.h"

/* From now on (process-wide, like ar_csv_set_read_ahead; call before
 * any reader opens, on one thread) a reader opened on path reads actual
 * instead, numbers its records from lines (one decimal line number per
 * record of actual, in order: the original's first line of that record)
 * and reports sha256 (64 hex digits, the original's) as the file's
 * digest. The strings are copied. At most 8 redirections. With lines
 * NULL (and sha256 NULL) path just reads actual, whole, under path's
 * name. */
void ar_csv_redirect(const char *path, const char *actual, const char *lines,
                     const char *sha256);

/* The file a reader opened on path reads: its redirection's, or path. */
const char *ar_csv_redirected(const char *path);

/* Forget every redirection. */
void ar_csv_redirect_clear(void);

typedef struct ar_line_map ar_line_map;

/* Open path for reading ("rb"), or the file its redirection names: then
 * *map is the open map of its lines and *sha256 (caller frees) the
 * original's digest, else both NULL. NULL with d filled when a file
 * cannot be opened. */
FILE *ar_line_map_fopen(const char *path, ar_line_map **map, char **sha256,
                        ar_diag *d);

/* The original line of the next record, or -1 when the map is at its
 * end or damaged (the caller refuses the file). */
long ar_line_map_next(ar_line_map *m);

/* AR_ERR_IO, with d saying that m does not number the file at path. */
ar_err ar_line_map_error(const ar_line_map *m, const char *path, ar_diag *d);

void ar_line_map_free(ar_line_map *m);

#endif
