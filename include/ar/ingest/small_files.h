/* small_files.h - our own small input files into the ledger: clients
 * (SPEC §2.2), collection costs (§2.3) and the dunning history (§2.4). */
#ifndef AR_SMALL_FILES_H
#define AR_SMALL_FILES_H

#include "ar/base/error.h"
#include "ar/engine/ledger.h"
#include "ar/engine/policy.h"
#include "ar/ingest/rejects.h"

/* Read the clients file (SPEC §2.2, §8.11). sha256 (may be NULL) gets
 * the file's digest, as for the two below. A header that names a column
 * read twice is AR_ERR_COLUMN (ar_column_unique), in all three. */
ar_err ar_ingest_clients(ar_ledger *lg, const char *path,
                         const ar_policy *p, ar_rejects *rej,
                         char sha256[65], ar_diag *d);

/* Read the collection costs file (SPEC §2.3). */
ar_err ar_ingest_costs(ar_ledger *lg, const char *path, const ar_policy *p,
                       ar_rejects *rej, char sha256[65], ar_diag *d);

/* The rows of a file that were rejected, exactly as they were in it
 * (README "Reliability": the history's audit trail stays whole): the
 * header line, then each rejected record's lines, each ending in a line
 * end. Zero it to start; ar_kept_rows_fini frees it. */
typedef struct ar_kept_rows {
    char *text;             /* NUL-terminated; NULL while rows is 0 */
    size_t len, cap;
    size_t rows;
} ar_kept_rows;

void ar_kept_rows_fini(ar_kept_rows *k);

/* Read the dunning history file (SPEC §2.4). Each rejected row (listed in
 * rej) is also added to kept verbatim (kept may be NULL). */
ar_err ar_ingest_history(ar_ledger *lg, const char *path,
                         const ar_policy *p, ar_rejects *rej,
                         ar_kept_rows *kept, char sha256[65], ar_diag *d);

/* Public holidays (--holidays): a file with a column `date` (and
 * optionally `name`); days is ascending. Zero it to start; free days. */
typedef struct ar_holidays {
    ar_date *days;
    size_t count, cap;
} ar_holidays;

/* Read the holidays file into h (README "Letters": no letter date or
 * pay-by date falls on one). A row with a blank or bad date is rejected
 * (listed in rej). */
ar_err ar_ingest_holidays(ar_holidays *h, const char *path,
                          const ar_policy *p, ar_rejects *rej,
                          char sha256[65], ar_diag *d);

/* Where split (issue #21) copies each record of a small file it reads:
 * record gets its whole text and first line, in file order, with the
 * shard of the client id it names as every input keys it (shard.h;
 * shard 0 for a row without a well-formed one), the header with shard
 * -1; its error stops the read. */
typedef struct ar_small_split {
    unsigned n;
    ar_err (*record)(void *ctx, const char *raw, long line, int shard,
                     ar_diag *d);
    void *ctx;
} ar_small_split;

/* ar_ingest_clients, ar_ingest_costs or ar_ingest_history (role
 * "clients", "costs", "history"; kept is the history's) in the same one
 * pass handing every record to sp. */
ar_err ar_ingest_small_split(ar_ledger *lg, const char *role,
                             const char *path, const ar_policy *p,
                             ar_rejects *rej, ar_kept_rows *kept,
                             const ar_small_split *sp, char sha256[65],
                             ar_diag *d);

#endif
