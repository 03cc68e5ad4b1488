/* fold.h - large ledgers in memory that grows with the open items and the
 * clients, not with the file (README "Large ledgers").
 *
 * Above a size, the used rows of the ledger go to temporary files rather
 * than memory, and come back a partition at a time: first by document
 * number, to drop duplicates (SPEC §8.8), then by client (SPEC §8.9: a
 * settlement never crosses clients). Each client partition is analysed
 * on its own as of D, with its clients' master data, costs and letters:
 * that gives each client's payment history and the KPIs' row inputs
 * (ar_metrics_rows), which add up over the partitions. Then a group of
 * rows linked by their settlements that is closed for good as of D
 * changes nothing else but the all-time totals: those go into the
 * ledger's folded summary, and the other rows into the ledger itself, in
 * file order. The analysis then sees the open items, applications and
 * credits it would see with every row in memory, and the outputs are the
 * same byte for byte.
 */
#ifndef AR_FOLD_H
#define AR_FOLD_H

#include <stddef.h>
#include <stdint.h>

#include "ar/base/error.h"
#include "ar/engine/ledger.h"
#include "ar/engine/policy.h"

typedef struct ar_fold ar_fold;

/* When and where a run folds. */
typedef struct ar_fold_opts {
    uint64_t input_bytes;  /* size of the ledger file (sizes partitions) */
    const char *dir;       /* temporary files go here (created if need be;
                              each is unlinked as soon as it is open) */
    ar_date as_of;         /* AR_DATE_NONE (validate): drop duplicates and
                              total, keep no row */
    int threads;           /* > 1: two client partitions at once */
    uint64_t part_bytes;   /* input bytes a partition aims at; 0: 8 MiB */
    ar_date rollforward_from; /* --from, or AR_DATE_NONE: the rollforward's
                              opening date (ar_rollforward_opening) */
    ar_fold **keep;        /* when set, ar_ingest_ledger hands the fold
                              back here after the duplicates when it is
                              pending (the caller
                              then loads the clients, costs and history,
                              calls ar_fold_settle and ar_fold_free) */
} ar_fold_opts;

/* What the fold found. */
typedef struct ar_fold_result {
    ar_duplicate *dups;    /* SPEC §8.8 duplicates, in file order (caller
                              frees; their doc_no is in the ledger's pool) */
    size_t dup_count;
    ar_date first_date, last_date; /* of their doc_date */
} ar_fold_result;

/* Spool into temporary files in o->dir, sized for a file of
 * o->input_bytes, for a run under policy p. AR_ERR_OUTPUT when they
 * cannot be made. */
ar_err ar_fold_open(ar_fold **out, ar_ledger *lg, const ar_fold_opts *o,
                    ar_diag *d);

/* One used row: doc as ar_ledger_add_doc takes it (client and currency
 * indexes of lg; doc_no and applies_to unset), with its texts.
 * AR_ERR_OUTPUT when the temporary file cannot be written. */
ar_err ar_fold_add(ar_fold *f, const ar_doc *doc, const char *doc_no,
                   size_t no_len, const char *applies_to, size_t ref_len,
                   ar_diag *d);

/* Drop the duplicates and total the rows (a run goes on with
 * ar_fold_settle). */
ar_err ar_fold_finish(ar_fold *f, const ar_policy *p, ar_fold_result *res,
                      ar_diag *d);

/* Whether ar_fold_settle has partitions to settle (not after validate
 * or a refused ledger). */
bool ar_fold_pending(const ar_fold *f);

/* For a run as of a date, once the ledger has its clients, costs and
 * letters: analyse each client partition, fold, and add the rows that
 * stay to the ledger in file order (then ar_ledger_finish it as usual).
 * Does nothing after validate or a refused ledger. AR_ERR_OUTPUT when a
 * temporary file cannot be read back. */
ar_err ar_fold_settle(ar_fold *f, const ar_policy *p, ar_diag *d);

/* Close and free (the temporary files are already unlinked). */
void ar_fold_free(ar_fold *f);

#endif
