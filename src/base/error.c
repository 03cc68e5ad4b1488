/* error.c - error phrases, diagnostics and the aborting allocators. */
#include "ar/base/error.h"

#include "ar/base/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Designated initializers keep the table in step with the enum. */
static const char *const phrases[AR_ERR_COUNT_] = {
    [AR_OK] = "no error",
    [AR_ERR_MALFORMED] = "malformed CSV",
    [AR_ERR_FIELD_COUNT] = "wrong number of fields",
    [AR_ERR_DOC_TYPE] = "unknown doc_type",
    [AR_ERR_MISSING_KEY] = "missing key",
    [AR_ERR_DATE] = "invalid date",
    [AR_ERR_AMOUNT] = "invalid amount",
    [AR_ERR_NEGATIVE] = "negative amount",
    [AR_ERR_OVERFLOW] = "amount out of range",
    [AR_ERR_FLAG] = "invalid yes/no flag",
    [AR_ERR_DUPLICATE] = "duplicate doc_no",
    [AR_ERR_CURRENCY] = "invalid currency",
    [AR_ERR_DUPLICATE_CLIENT] = "duplicate client_id",
    [AR_ERR_UNKNOWN_CLIENT] = "unknown client",
    [AR_ERR_NUMBER] = "invalid number",
    [AR_ERR_SIGN] = "sign disagrees with doc_type",
    [AR_ERR_OPEN_AMOUNT] = "invalid open amount",
    [AR_ERR_LINE_ITEMS] = "lines of a document disagree",
    [AR_ERR_USAGE] = "usage error",
    [AR_ERR_IO] = "cannot read or write file",
    [AR_ERR_UTF8] = "invalid UTF-8",
    [AR_ERR_BINARY] = "binary data (NUL byte)",
    [AR_ERR_EMPTY] = "no header line",
    [AR_ERR_COLUMN] = "required column missing",
    [AR_ERR_NO_ROWS] = "no usable row",
    [AR_ERR_POLICY] = "bad policy",
    [AR_ERR_OUTPUT] = "output error",
    [AR_ERR_GLYPH] = "character not in the letter fonts",
    [AR_ERR_LAYOUT] = "bad layout",
    [AR_ERR_UNMAILABLE] = "letter cannot be mailed",
};

const char *ar_strerror(ar_err err)
{
    if ((unsigned)err >= AR_ERR_COUNT_ || !phrases[err])
        return "unknown error";
    return phrases[err];
}

void ar_diag_clear(ar_diag *d)
{
    memset(d, 0, sizeof *d);
}

ar_err ar_diag_set(ar_diag *d, ar_err err, const char *file, long line,
                   const char *column, const char *fmt, ...)
{
    if (!d)
        return err;
    snprintf(d->file, sizeof d->file, "%s", file ? file : "");
    d->line = line;
    snprintf(d->column, sizeof d->column, "%s", column ? column : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
    return err;
}

void ar_diag_format(const ar_diag *d, char *buf, size_t size)
{
    /* every part may hold text from an input file or the command line:
     * control characters are shown as \xNN (utf8.h) */
    char file[sizeof d->file * 4], column[sizeof d->column * 4],
        message[sizeof d->message * 4];
    ar_text_show(file, sizeof file, d->file, sizeof d->file);
    ar_text_show(column, sizeof column, d->column, sizeof d->column);
    ar_text_show(message, sizeof message, d->message, sizeof d->message);
    char where[sizeof file + 32] = "";
    if (file[0] && d->line > 0)
        snprintf(where, sizeof where, "%s:%ld: ", file, d->line);
    else if (file[0])
        snprintf(where, sizeof where, "%s: ", file);
    if (column[0])
        snprintf(buf, size, "%scolumn '%s': %s", where, column, message);
    else
        snprintf(buf, size, "%s%s", where, message);
}

void ar_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("arbatch: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

static void *check(void *p, size_t size)
{
    if (!p && size) {
        fprintf(stderr, "arbatch: out of memory (%zu bytes)\n", size);
        abort();
    }
    return p;
}

void *ar_xmalloc(size_t size)
{
    return check(malloc(size ? size : 1), size);
}

void *ar_xcalloc(size_t count, size_t size)
{
    return check(calloc(count ? count : 1, size ? size : 1), count * size);
}

void *ar_xrealloc(void *ptr, size_t size)
{
    return check(realloc(ptr, size ? size : 1), size);
}

void ar_xgrow(void **ptr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    *ptr = ar_xrealloc(*ptr, n * elem);
    *cap = n;
}

char *ar_xstrdup(const char *s)
{
    return ar_xstrndup(s, strlen(s));
}

char *ar_xstrndup(const char *s, size_t n)
{
    char *p = ar_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
