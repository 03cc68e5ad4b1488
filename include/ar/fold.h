/* fold.h - large ledgers in memory that grows with the open items and the
 * clients, not with the file (README "Large ledgers").
 *
 * Above a size, the used rows of the ledger go to temporary files rather
 * than memory, and come back a partition at a time: first by document
 * number, to drop duplicates (SPEC §8.8), then by client, to settle each
 * client's rows as of D (SPEC §8.9: a settlement never crosses clients).
 * A group of rows linked by their settlements that was closed for good
 * before the analysis' horizon (ar_metrics_horizon) changes only the
 * all-time totals: those go into the ledger's folded summary, and the
 * other rows into the ledger itself, in file order. (When fewer than an
 * eighth of the rows are dated before the horizon, settling is not worth
 * its cost: the rows left after the duplicates go straight into the
 * ledger.) The analysis then
 * sees the open items, applications and credits it would see with every
 * row in memory, and the outputs are the same byte for byte.
 */
#ifndef AR_FOLD_H
#define AR_FOLD_H

#include <stddef.h>
#include <stdint.h>

#include "ar/error.h"
#include "ar/ledger.h"
#include "ar/policy.h"

/* When and where a run folds. */
typedef struct ar_fold_opts {
    uint64_t input_bytes;  /* size of the ledger file (sizes partitions) */
    const char *dir;       /* temporary files go here (created if need be;
                              each is unlinked as soon as it is open) */
    ar_date as_of;         /* AR_DATE_NONE (validate): drop duplicates and
                              total, keep no row */
} ar_fold_opts;

typedef struct ar_fold ar_fold;

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
ar_err ar_fold_open(ar_fold **out, ar_ledger *lg, const ar_policy *p,
                    const ar_fold_opts *o, ar_diag *d);

/* One used row: doc as ar_ledger_add_doc takes it (client and currency
 * indexes of lg; doc_no and applies_to unset), with its texts.
 * AR_ERR_OUTPUT when the temporary file cannot be written. */
ar_err ar_fold_add(ar_fold *f, const ar_doc *doc, const char *doc_no,
                   size_t no_len, const char *applies_to, size_t ref_len,
                   ar_diag *d);

/* Drop the duplicates, settle, fold, and add the rows that stay to the
 * ledger in file order (then ar_ledger_finish it as usual). */
ar_err ar_fold_finish(ar_fold *f, const ar_policy *p, ar_fold_result *res,
                      ar_diag *d);

/* Close and free (the temporary files are already unlinked). */
void ar_fold_free(ar_fold *f);

#endif
