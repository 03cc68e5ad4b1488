/* ledger_file.h - the ledger file into the ledger (SPEC §2.1, §2.6,
 * §8.1-§8.10): our own layout read straight, a real export's through
 * its mapping (mapping.h); rows that cannot be used are rejected with
 * file, line, column and reason, layout lines skipped and listed. Nothing
 * is printed here.
 */
#ifndef AR_LEDGER_FILE_H
#define AR_LEDGER_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/base/error.h"
#include "ar/engine/ledger.h"
#include "ar/engine/policy.h"
#include "ar/fold/fold.h"
#include "ar/ingest/mapping.h"
#include "ar/ingest/rejects.h"

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

#endif
