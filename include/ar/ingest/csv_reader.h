/* csv_reader.h - a streaming CSV record reader (RFC 4180 over libcsv, the
 * only user of it) that keeps each record's physical start line, detects
 * the delimiter and digests the file as it reads (SPEC §2, §8.2-§8.5).
 */
#ifndef AR_CSV_READER_H
#define AR_CSV_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/base/error.h"

/* ---- records ---------------------------------------------------------- */

typedef enum ar_record_status {
    AR_RECORD_OK,
    AR_RECORD_MALFORMED,   /* bad quoting (SPEC §8.4) */
    AR_RECORD_FIELD_COUNT, /* more or fewer fields than the header */
} ar_record_status;

/* One CSV record. Fields are NUL-terminated and trimmed of blanks; they
 * and the raw text stay valid until the next ar_csv_next. */
typedef struct ar_csv_record {
    long line;              /* physical line on which the record starts */
    long end_line;          /* physical line on which it ends */
    ar_record_status status;
    size_t nfields;
    char **fields;
    size_t *lens;
    const char *raw;        /* start of the record's first line (for
                               messages), at most 200 bytes; opened
                               verbatim, the record's whole text as in
                               the file, line ends included */
} ar_csv_record;

typedef struct ar_csv_reader ar_csv_reader;

/* Open path and read its header, the first record. delimiter 0 detects
 * it from the header line (SPEC §8.2). A missing file, an empty file (no header), invalid
 * UTF-8 or a NUL byte in the header are errors (d filled). */
ar_err ar_csv_open(ar_csv_reader **out, const char *path, char delimiter,
                   ar_diag *d);

/* How ar_csv_open_at finds the header line (SPEC §2.6), and what it
 * keeps of each record. */
#define AR_CSV_HEADER_SCAN 50 /* auto looks at this many lines at most */
typedef struct ar_csv_header_rule {
    bool verbatim;          /* every record's raw is its whole text */
    long line;              /* the header's physical line; 0 = auto */
    /* true for the fields of a record (starting on physical line line)
     * that is the header: auto takes the first it accepts, a line number
     * must hold one it accepts; NULL takes the first record (SPEC §8.3),
     * or the one on the line */
    bool (*is_header)(void *ctx, long line, const char *const *fields,
                      size_t n);
    void *ctx;
    const char *wanted;     /* the columns looked for, for the message */
} ar_csv_header_rule;

/* ar_csv_open with the header found by rule h (NULL: the first record).
 * Records above it are the preamble. No header found is AR_ERR_COLUMN
 * with a message that shows the first lines. */
ar_err ar_csv_open_at(ar_csv_reader **out, const char *path, char delimiter,
                      const ar_csv_header_rule *h, ar_diag *d);

/* A record above the header: a title line (SPEC §2.6: skipped, and
 * listed). Strings are owned by the reader. */
typedef struct ar_csv_preamble {
    long line;
    const char *first_field;  /* its first non-empty field, cut */
    const char *raw;          /* the start of its first line */
} ar_csv_preamble;

size_t ar_csv_preamble_count(const ar_csv_reader *r);
const ar_csv_preamble *ar_csv_preamble_at(const ar_csv_reader *r, size_t i);

/* The header's whole text, line end included, when the reader was
 * opened verbatim ("" otherwise). Owned by the reader. */
const char *ar_csv_header_raw(const ar_csv_reader *r);

/* The physical line the header was read from. */
long ar_csv_header_line(const ar_csv_reader *r);

/* Number of header columns and the trimmed header name of column i. */
size_t ar_csv_column_count(const ar_csv_reader *r);
const char *ar_csv_column(const ar_csv_reader *r, size_t i);


/* The delimiter in use. */
char ar_csv_delimiter(const ar_csv_reader *r);

/* Read the next record into rec. Returns 1 for a record, 0 at end of
 * file, or -1 on a file-level error (invalid UTF-8, NUL byte, read
 * error: d filled, the file must be refused). Empty lines are skipped. */
int ar_csv_next(ar_csv_reader *r, ar_csv_record *rec, ar_diag *d);

/* Why the last ar_csv_next returned -1 (AR_ERR_UTF8, AR_ERR_BINARY,
 * AR_ERR_IO). */
ar_err ar_csv_error(const ar_csv_reader *r);

/* Lowercase hex SHA-256 of the whole file, once ar_csv_next has returned
 * 0 (before that, a read-ahead thread may still be reading). hex holds 65
 * bytes. */
void ar_csv_sha256(const ar_csv_reader *r, char hex[65]);

/* Bytes read up to the records handed out so far, a batch at a time (for
 * progress). */
uint64_t ar_csv_bytes_read(const ar_csv_reader *r);

void ar_csv_close(ar_csv_reader *r);

/* Whether readers opened from now on tokenise a large file (1 MiB or
 * more) on a thread of their own, a few thousand records ahead of the
 * caller. On by default; --jobs 1 turns it off. Process-wide. */
void ar_csv_set_read_ahead(bool on);

#endif
