/* layout_file.c - the format every layout file shares (layouts.h): header
 * pairs, body lines, texts with placeholders and bold; and the pool that
 * owns what a loaded layout keeps. layouts.h comes in through
 * layout_file.h: including it here would count as using layouts.c, which
 * uses this file.
 */
#include "ar/render/page/layout_file.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/base/utf8.h"

#define MAX_FILE_BYTES (1L << 20) /* a layout file is a few kB */

/* ---- memory ----------------------------------------------------------- */

void *ar_layout_pool_keep(ar_layout_pool *pool, void *p)
{
    ar_xgrow((void **)&pool->items, &pool->cap, pool->count + 1,
             sizeof *pool->items);
    pool->items[pool->count++] = p;
    return p;
}

char *ar_layout_pool_str(ar_layout_pool *pool, const char *s, size_t n)
{
    return ar_layout_pool_keep(pool, ar_xstrndup(s, n));
}

void ar_layout_pool_fini(ar_layout_pool *pool)
{
    for (size_t i = 0; i < pool->count; i++)
        free(pool->items[i]);
    free(pool->items);
    memset(pool, 0, sizeof *pool);
}

/* ---- the file format -------------------------------------------------- */

void ar_layout_file_fini(ar_layout_file *f)
{
    free(f->buf);
    free(f->pairs);
    free(f->body);
    free(f->body_line);
    memset(f, 0, sizeof *f);
}

static bool valid_utf8(const char *s, long *bad_line)
{
    long line = 1;
    while (*s) {
        if (*s == '\n')
            line++;
        uint32_t c = ar_utf8_next(&s);
        if (c == 0xFFFD && !(s[-1] == '\xBD' && s[-2] == '\xBF')) {
            *bad_line = line;
            return false;
        }
    }
    return true;
}

char *ar_layout_trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

ar_err ar_layout_file_read(ar_layout_file *f, const char *path, bool body,
                           ar_diag *d)
{
    memset(f, 0, sizeof *f);
    snprintf(f->path, sizeof f->path, "%s", path);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return ar_diag_set(d, AR_ERR_IO, path, 0, NULL, "cannot read: %s",
                           strerror(errno));
    f->buf = ar_xmalloc(MAX_FILE_BYTES + 1);
    size_t n = fread(f->buf, 1, MAX_FILE_BYTES + 1, fp);
    bool bad = ferror(fp) != 0;
    fclose(fp);
    if (bad)
        return ar_diag_set(d, AR_ERR_IO, path, 0, NULL, "cannot read");
    if (n > MAX_FILE_BYTES)
        return ar_diag_set(d, AR_ERR_LAYOUT, path, 0, NULL,
                           "larger than 1 MB: not a layout file");
    f->buf[n] = '\0';
    if (memchr(f->buf, '\0', n))
        return ar_diag_set(d, AR_ERR_LAYOUT, path, 0, NULL,
                           "NUL byte: not a text file");
    long bad_line = 0;
    char *text = f->buf;
    if (strncmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3;
    if (!valid_utf8(text, &bad_line))
        return ar_diag_set(d, AR_ERR_LAYOUT, path, bad_line, NULL,
                           "invalid UTF-8");
    bool in_header = true;
    long line = 0;
    for (char *p = text; p && *p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        line++;
        char *s = ar_layout_trim(p);
        p = nl ? nl + 1 : NULL;
        if (s[0] == '#')
            continue;
        if (in_header && s[0] == '\0') {
            if (body && f->pair_count > 0)
                in_header = false;
            continue;
        }
        if (in_header) {
            char *colon = strchr(s, ':');
            if (!colon || colon == s)
                return ar_diag_set(d, AR_ERR_LAYOUT, path, line, NULL,
                                   "expected \"key: value\"");
            *colon = '\0';
            char *key = ar_layout_trim(s);
            for (const char *k = key; *k; k++)
                if (!isalnum((unsigned char)*k) &&
                    *k != '_')
                    return ar_diag_set(d, AR_ERR_LAYOUT, path, line, NULL,
                                       "bad key \"%s\"", key);
            for (size_t i = 0; i < f->pair_count; i++)
                if (strcmp(f->pairs[i].key, key) == 0)
                    return ar_diag_set(d, AR_ERR_LAYOUT, path, line, NULL,
                                       "key \"%s\" given twice (line %ld)",
                                       key, f->pairs[i].line);
            ar_xgrow((void **)&f->pairs, &f->pair_cap, f->pair_count + 1,
                     sizeof *f->pairs);
            f->pairs[f->pair_count++] =
                (ar_layout_kv){key, ar_layout_trim(colon + 1), line};
        } else {
            ar_xgrow((void **)&f->body, &f->body_cap, f->body_count + 1,
                     sizeof *f->body);
            ar_xgrow((void **)&f->body_line, &f->line_cap,
                     f->body_count + 1, sizeof *f->body_line);
            f->body_line[f->body_count] = line;
            f->body[f->body_count++] = s;
        }
    }
    return AR_OK;
}

ar_err ar_layout_file_check_keys(const ar_layout_file *f,
                                 const char *const *allowed, ar_diag *d)
{
    for (size_t i = 0; i < f->pair_count; i++) {
        bool ok = false;
        for (const char *const *k = allowed; *k && !ok; k++)
            ok = strcmp(*k, f->pairs[i].key) == 0;
        if (!ok)
            return ar_diag_set(d, AR_ERR_LAYOUT, f->path, f->pairs[i].line,
                               NULL, "unknown key \"%s\"", f->pairs[i].key);
    }
    return AR_OK;
}

const ar_layout_kv *ar_layout_file_find(const ar_layout_file *f,
                                        const char *key)
{
    for (size_t i = 0; i < f->pair_count; i++)
        if (strcmp(f->pairs[i].key, key) == 0)
            return &f->pairs[i];
    return NULL;
}

ar_err ar_layout_parse_text(ar_layout_pool *pool, const char *s,
                            const char *const *names, size_t n,
                            ar_ttext *out, const char *path, long line,
                            ar_diag *d)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0;
    bool bold = false;
    /* literal bytes */
    char *lit = ar_layout_pool_keep(pool, ar_xmalloc(strlen(s) + 1));
    size_t lit_len = 0, lit_start = 0;
#define FLUSH()                                                              \
    do {                                                                     \
        if (lit_len > lit_start) {                                           \
            ar_xgrow((void **)&out->parts, &cap, out->count + 1,             \
                     sizeof *out->parts);                                    \
            out->parts[out->count++] =                                       \
                (ar_tpart){lit + lit_start, lit_len - lit_start, -1, bold};  \
        }                                                                    \
        lit_start = lit_len;                                                 \
    } while (0)
    for (const char *p = s; *p; p++) {
        if ((p[0] == '*' && p[1] == '*') || (p[0] == '{' && p[1] == '{')) {
            lit[lit_len++] = *p++;
        } else if (*p == '*') {
            FLUSH();
            bold = !bold;
        } else if (*p == '{') {
            const char *end = strchr(p, '}');
            if (!end) {
                free(out->parts);
                return ar_diag_set(d, AR_ERR_LAYOUT, path, line, NULL,
                                   "'{' without '}'");
            }
            size_t k = 0;
            while (k < n && !(strlen(names[k]) == (size_t)(end - p - 1) &&
                              strncmp(names[k], p + 1, end - p - 1) == 0))
                k++;
            if (k == n) {
                free(out->parts);
                return ar_diag_set(d, AR_ERR_LAYOUT, path, line, NULL,
                                   "unknown placeholder {%.*s}",
                                   (int)(end - p - 1), p + 1);
            }
            FLUSH();
            ar_xgrow((void **)&out->parts, &cap, out->count + 1,
                     sizeof *out->parts);
            out->parts[out->count++] = (ar_tpart){NULL, 0, (int)k, bold};
            p = end;
        } else {
            lit[lit_len++] = *p;
        }
    }
    FLUSH();
#undef FLUSH
    if (out->parts)
        ar_layout_pool_keep(pool, out->parts);
    if (bold)
        return ar_diag_set(d, AR_ERR_LAYOUT, path, line, NULL,
                           "'*' opens bold text that is never closed");
    return AR_OK;
}
