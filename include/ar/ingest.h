/* ingest.h - reading CSV input files into the ledger (SPEC §2, §8.1-§8.11).
 *
 * ar_csv_* is a streaming record reader (RFC 4180 over libcsv) that keeps
 * each record's physical start line; ar_ingest_* turn records into ledger
 * rows, rejecting the rows that cannot be used with file, line, column and
 * reason. Nothing is printed here.
 */
#ifndef AR_INGEST_H
#define AR_INGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/error.h"
#include "ar/fold.h"
#include "ar/ledger.h"
#include "ar/policy.h"

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
                               messages), at most 200 bytes */
} ar_csv_record;

typedef struct ar_csv_reader ar_csv_reader;

/* Open path and read its header. delimiter 0 detects it from the header
 * line (SPEC §8.2). A missing file, an empty file (no header), invalid
 * UTF-8 or a NUL byte in the header are errors (d filled). */
ar_err ar_csv_open(ar_csv_reader **out, const char *path, char delimiter,
                   ar_diag *d);

/* Number of header columns and the trimmed header name of column i. */
size_t ar_csv_column_count(const ar_csv_reader *r);
const char *ar_csv_column(const ar_csv_reader *r, size_t i);

/* Index of the header named name (case-insensitive), or -1. */
long ar_csv_find(const ar_csv_reader *r, const char *name);

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

/* ---- rejects ---------------------------------------------------------- */

/* One rejected row (or, with line 0, a per-client note such as "unknown
 * client"). Strings are owned by the list. */
typedef struct ar_reject {
    char *file;
    long line;
    char *column;
    ar_err reason;
    char *value;
    char *detail;   /* words a clerk can act on; may be "" */
} ar_reject;

typedef struct ar_rejects {
    ar_reject *items;
    size_t count, cap;
    size_t by_reason[AR_ERR_COUNT_];
} ar_rejects;

void ar_rejects_init(ar_rejects *r);
void ar_rejects_fini(ar_rejects *r);
/* Append a reject; value is copied (truncated to 200 bytes). */
void ar_rejects_add(ar_rejects *r, const char *file, long line,
                    const char *column, ar_err reason, const char *value,
                    const char *detail);

/* ---- ingest ----------------------------------------------------------- */

/* Counts of one ledger read (SPEC §2.1: read = used + rejected). */
typedef struct ar_ingest_stats {
    uint64_t rows_read;
    uint64_t rows_used;
    uint64_t rows_rejected;
    ar_date first_date, last_date;  /* of used rows' doc_date */
    char sha256[65];                /* of the whole file */
} ar_ingest_stats;

/* Progress callback: called now and then with rows read and bytes read. */
typedef void (*ar_progress_fn)(void *ctx, uint64_t rows, uint64_t bytes);

/* Read the ledger at path into lg using the policy's [input] and [columns]
 * settings; with fold set, in bounded memory (fold.h: with fold->keep
 * set, the rows are in the ledger only after ar_fold_settle). Call
 * ar_ledger_finish once every input file is read. Rejected rows go to rej. Returns AR_OK, or an input error
 * (AR_ERR_IO, AR_ERR_EMPTY, AR_ERR_COLUMN, AR_ERR_UTF8, AR_ERR_BINARY) with
 * d filled, in which case the ledger must not be used. */
ar_err ar_ingest_ledger(ar_ledger *lg, const char *path, const ar_policy *p,
                        const ar_fold_opts *fold, ar_rejects *rej,
                        ar_ingest_stats *st, ar_progress_fn progress,
                        void *ctx, ar_diag *d);

/* Read the clients file (SPEC §2.2, §8.11). sha256 (may be NULL) gets
 * the file's digest, as for the two below. */
ar_err ar_ingest_clients(ar_ledger *lg, const char *path,
                         const ar_policy *p, ar_rejects *rej,
                         char sha256[65], ar_diag *d);

/* Read the collection costs file (SPEC §2.3). */
ar_err ar_ingest_costs(ar_ledger *lg, const char *path, const ar_policy *p,
                       ar_rejects *rej, char sha256[65], ar_diag *d);

/* Read the dunning history file (SPEC §2.4). */
ar_err ar_ingest_history(ar_ledger *lg, const char *path,
                         const ar_policy *p, ar_rejects *rej,
                         char sha256[65], ar_diag *d);

/* Parse a yes/no flag (Y/N, Yes/No, true/false, 1/0, case-insensitive;
 * blank = no). False when s is none of these. */
bool ar_parse_flag(const char *s, bool *out);

#endif
