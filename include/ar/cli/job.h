/* job.h - the job behind `run` and `validate`: policy, ingest, analysis,
 * renderers and the atomic output set, in that order. Prints nothing. */
#ifndef AR_JOB_H
#define AR_JOB_H

#include "ar/base/options.h"
#include "ar/render/render.h"

/* Run cli's command into run (init'ed here; release with ar_run_fini).
 * Returns AR_OK when the command completed (rows may have been rejected:
 * see run->stats and run->rejects), or the error that stopped it with d
 * filled: input errors (AR_ERR_IO, AR_ERR_UTF8, AR_ERR_COLUMN,
 * AR_ERR_POLICY, ... and AR_ERR_MALFORMED for --strict with rejects),
 * AR_ERR_USAGE (unknown --format) or AR_ERR_OUTPUT. */
ar_err ar_run_job(const ar_options *cli, ar_run *run, const ar_progress *prog,
                  ar_diag *d);

void ar_run_fini(ar_run *run);

/* Number of rejected rows in every input file (not the per-client
 * "unknown client" notes). */
uint64_t ar_run_rejected_rows(const ar_run *run);

/* The exit code of SPEC §1 for a job that returned err. */
int ar_exit_code(const ar_run *run, ar_err err);

#endif
