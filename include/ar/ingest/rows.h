/* rows.h - CSV records into ledger rows (SPEC §2, §8.1-§8.11): ar_ingest_*
 * read each input file through csv_reader.h and reject the rows that
 * cannot be used with file, line, column and reason. Nothing is printed
 * here.
 */
#ifndef AR_ROWS_H
#define AR_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/base/error.h"
#include "ar/ingest/csv_reader.h"
#include "ar/fold/fold.h"
#include "ar/engine/ledger.h"
#include "ar/engine/policy.h"

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
