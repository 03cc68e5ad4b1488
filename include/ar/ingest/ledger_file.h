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
#include "ar/ingest/shard_rows.h"

/* A skipped row (SPEC §2.6): skipped.csv lists them. */
typedef struct ar_skipped {
    long line;
    ar_skip_reason reason;
    char *first_field;              /* its first non-empty field, cut */
} ar_skipped;

typedef struct ar_skips {
    ar_skipped *items;              /* in line order */
    size_t count, cap;
    uint64_t by_reason[AR_SKIP_COUNT_];
} ar_skips;

/* What one ledger read found (SPEC §2.1, §2.6: rows read = used +
 * rejected + skipped). Release with ar_ingest_stats_fini. */
typedef struct ar_ingest_stats {
    uint64_t rows_read;
    uint64_t rows_used;
    uint64_t rows_rejected;
    uint64_t rows_skipped;
    uint64_t rows_rounded;          /* amounts rounded (round_amounts) */
    uint64_t settlement_rows;       /* used PAY/CRN/WO rows, or rows with
                                       a settled_date, an open amount or
                                       an open flag */
    bool open_balances;             /* the export says what is open */
    ar_skips skips;
    ar_client_info *derived;        /* master data from the ledger's own
                                       columns, one per client */
    size_t derived_count, derived_cap;
    ar_date first_date, last_date;  /* of used rows' doc_date */
    char sha256[65];                /* of the whole file */
} ar_ingest_stats;

void ar_ingest_stats_fini(ar_ingest_stats *st);

/* The skipped rows by reason, for messages: "title line above the header
 * 2, another entity 28" ("" when none). buf holds size bytes. */
void ar_ingest_skips_text(const ar_ingest_stats *st, char *buf, size_t size);

/* Add the master data the ledger's own columns gave (SPEC §2.6) for the
 * clients the clients file did not name: call after that file. */
void ar_ingest_add_derived(ar_ledger *lg, const ar_ingest_stats *st);

/* Mark every client with a rejected row of ledger file path (rej's
 * entries with a line and a client, matched by the client key's hash,
 * shard.h) in lg, after its master data is in (ar_ledger_mark_rejected). */
void ar_ingest_mark_rejected(ar_ledger *lg, const ar_rejects *rej,
                             const char *path);

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

/* ar_ingest_ledger for split or a shard folder's run (shard_rows.h): sh
 * says where each record goes, or which rows split found duplicates
 * (NULL: as ar_ingest_ledger). */
ar_err ar_ingest_ledger_shard(ar_ledger *lg, const char *path,
                              const ar_policy *p, const ar_fold_opts *fo,
                              ar_rejects *rej, ar_ingest_stats *st,
                              ar_progress_fn progress, void *ctx,
                              const ar_ingest_shard *sh, ar_diag *d);

#endif
