/* job_ingest.h - the first half of the job (job.h): the policy, the input
 * files read into the run's ledger, and what is checked once they are.
 * A merge (merge.h) builds the ledger from its parts instead and shares
 * the rest. Prints nothing. */
#ifndef AR_JOB_INGEST_H
#define AR_JOB_INGEST_H

#include "ar/base/options.h"
#include "ar/cli/split.h"
#include "ar/render/render.h"

/* The policy of cli: the defaults, --format, --policy, then --entity and
 * --gl-balance over the file's. */
ar_err ar_job_load_policy(const ar_options *cli, ar_policy *p, ar_diag *d);

/* Record an input file for run.json and the Parameters sheet. */
void ar_job_add_input(ar_run *run, const char *role, const char *path,
                      const char *sha256);

/* Read the ledger (split's copy hooks sp, or NULL), then the small files,
 * and finish the ledger (ar_job_finish_ledger). */
ar_err ar_job_ingest(const ar_options *cli, ar_run *run,
                     const ar_progress *prog, ar_splitter *sp, ar_diag *d);

/* The clients, costs, history, holidays and rates files, each into the
 * run's ledger (with sp, copied to split's shards as they are read). */
ar_err ar_job_ingest_small_files(const ar_options *cli, ar_run *run,
                                 ar_splitter *sp, ar_diag *d);

/* Once every row is in: the row counts checked, the ledger finished
 * (indexed, its base currency fixed), the totals limit, the rates, and
 * the ledger's clients missing from the clients file listed. */
ar_err ar_job_finish_ledger(const ar_options *cli, ar_run *run, ar_diag *d);

#endif
