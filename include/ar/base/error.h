/* error.h - error codes and the caller-owned diagnostic.
 *
 * Library code returns an ar_err and fills an ar_diag; only main prints.
 */
#ifndef AR_ERROR_H
#define AR_ERROR_H

#include <stddef.h>

typedef enum ar_err {
    AR_OK = 0,
    /* row-level reasons (SPEC §2.1, §8.6), in the order they are checked */
    AR_ERR_MALFORMED,      /* malformed CSV (quoting) */
    AR_ERR_FIELD_COUNT,    /* wrong number of fields */
    AR_ERR_DOC_TYPE,       /* unknown doc_type */
    AR_ERR_MISSING_KEY,    /* missing key */
    AR_ERR_DATE,           /* invalid date */
    AR_ERR_AMOUNT,         /* invalid amount */
    AR_ERR_NEGATIVE,       /* negative amount */
    AR_ERR_OVERFLOW,       /* amount out of range */
    AR_ERR_FLAG,           /* invalid yes/no flag */
    AR_ERR_DUPLICATE,      /* duplicate doc_no */
    AR_ERR_CURRENCY,       /* invalid currency code */
    AR_ERR_DUPLICATE_CLIENT, /* clients file: client_id repeated */
    AR_ERR_UNKNOWN_CLIENT, /* unknown client */
    AR_ERR_NUMBER,         /* invalid number */
    /* SPEC §2.6: a real export's own rules */
    AR_ERR_SIGN,           /* the amount's sign disagrees with the type */
    AR_ERR_OPEN_AMOUNT,    /* open amount beyond the amount, or signed
                              the other way */
    AR_ERR_LINE_ITEMS,     /* the lines of one document disagree */
    /* file-level errors */
    AR_ERR_USAGE,          /* usage error */
    AR_ERR_IO,             /* cannot read or write a file */
    AR_ERR_UTF8,           /* invalid UTF-8 */
    AR_ERR_BINARY,         /* NUL byte (binary file) */
    AR_ERR_EMPTY,          /* file has no header line */
    AR_ERR_COLUMN,         /* required column missing */
    AR_ERR_NO_ROWS,        /* no row of the ledger could be used */
    AR_ERR_POLICY,         /* bad policy file */
    AR_ERR_OUTPUT,         /* output could not be written */
    /* letters (SPEC §5) */
    AR_ERR_GLYPH,          /* character not in the letter fonts: the
                              letter is held back (a reject, not a row) */
    AR_ERR_LAYOUT,         /* bad layout file (layouts/) */
    AR_ERR_UNMAILABLE,     /* no postal address or no currency: the letter
                              is held back (a reject, not a row) */
    AR_ERR_COUNT_
} ar_err;

/* A short phrase for err ("invalid date"); never NULL. */
const char *ar_strerror(ar_err err);

/* Where an error happened and what exactly was wrong. Owned by the caller,
 * filled by the callee. line 0 means "no line"; column "" means none. */
typedef struct ar_diag {
    char file[512];
    long line;
    char column[64];
    char message[512];
} ar_diag;

/* Clear d. */
void ar_diag_clear(ar_diag *d);

/* Fill d: file and column may be NULL; message is printf-style. Returns err
 * so that a caller can write `return ar_diag_set(d, AR_ERR_IO, ...)`. */
ar_err ar_diag_set(ar_diag *d, ar_err err, const char *file, long line,
                   const char *column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Write "file:line: column 'c': message" into buf (always terminated), one
 * line: every control character shown as \xNN (ar_text_show). */
void ar_diag_format(const ar_diag *d, char *buf, size_t size);

/* Allocation that aborts with a message on failure: out of memory is not
 * something a user can fix by changing input. */
void *ar_xmalloc(size_t size);
void *ar_xcalloc(size_t count, size_t size);
void *ar_xrealloc(void *ptr, size_t size);
/* Grow *ptr (of *cap elements of elem bytes) so it holds at least need. */
void ar_xgrow(void **ptr, size_t *cap, size_t need, size_t elem);
char *ar_xstrdup(const char *s);
char *ar_xstrndup(const char *s, size_t n);

/* A limit no input can reach or a bug: print "arbatch: " and the message
 * on stderr, and abort. */
_Noreturn void ar_die(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#endif
