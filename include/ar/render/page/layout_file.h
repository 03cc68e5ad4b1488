/* layout_file.h - what the readers of layouts/ share (layouts.c,
 * layout_lang.c): the file format of layouts.h split into "key: value"
 * pairs and body lines, texts parsed into parts, and the pool that owns
 * everything a loaded layout keeps. Not for other modules.
 */
#ifndef AR_LAYOUT_FILE_H
#define AR_LAYOUT_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "ar/base/error.h"
#include "ar/render/page/layouts.h"

/* Every allocation a layout keeps, freed together. Zero it to start. */
typedef struct ar_layout_pool {
    void **items;
    size_t count, cap;
} ar_layout_pool;

/* Keep p (from ar_xmalloc and friends) until ar_layout_pool_fini; returns
 * p. */
void *ar_layout_pool_keep(ar_layout_pool *pool, void *p);

/* A kept copy of the first n bytes of s, NUL-terminated. */
char *ar_layout_pool_str(ar_layout_pool *pool, const char *s, size_t n);

/* Free everything kept, and the pool's own array. */
void ar_layout_pool_fini(ar_layout_pool *pool);

/* A header line "key: value" and its line number. */
typedef struct ar_layout_kv {
    const char *key, *value;
    long line;
} ar_layout_kv;

/* A file split into header pairs and body lines; text points into buf. */
typedef struct ar_layout_file {
    char path[1024];
    char *buf;
    ar_layout_kv *pairs;
    size_t pair_count, pair_cap;
    char **body;            /* body lines (blank ones are "") */
    long *body_line;
    size_t body_count, body_cap, line_cap;
} ar_layout_file;

/* Read path into f (UTF-8, at most 1 MB; "#" lines skipped, keys unique).
 * body false: a header-only file, where every line is "key: value" (blank
 * lines allowed). AR_ERR_IO or AR_ERR_LAYOUT with d naming file and line;
 * call ar_layout_file_fini either way. */
ar_err ar_layout_file_read(ar_layout_file *f, const char *path, bool body,
                           ar_diag *d);
void ar_layout_file_fini(ar_layout_file *f);

/* AR_ERR_LAYOUT naming the first key of f not in allowed (NULL-ended). */
ar_err ar_layout_file_check_keys(const ar_layout_file *f,
                                 const char *const *allowed, ar_diag *d);

/* The pair with key, or NULL. */
const ar_layout_kv *ar_layout_file_find(const ar_layout_file *f,
                                        const char *key);

/* s without leading blanks and trailing blanks or CR (in place). */
char *ar_layout_trim(char *s);

/* Parse s into out: {name} from names[0..n), *bold*, "**" and "{{" are
 * literal '*' and '{'. Parts and literals are kept in pool.
 * AR_ERR_LAYOUT at path:line for an unknown placeholder or open bold. */
ar_err ar_layout_parse_text(ar_layout_pool *pool, const char *s,
                            const char *const *names, size_t n,
                            ar_ttext *out, const char *path, long line,
                            ar_diag *d);

#endif
