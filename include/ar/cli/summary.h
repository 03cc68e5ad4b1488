/* summary.h - a shard's partial summary, and the parts a merge reads
 * (issue #21, README "More than one machine").
 *
 * A shard run (--shard K/N) writes, beside its clients' letters and
 * statements, PART/summary.sqlite: what the merge needs to write the
 * one output set of the whole run without reading the ledger again. The
 * shard folds its ledger (fold.h): the rows a run as of D still looks at
 * (open items and what settles them) are kept as rows, every closed
 * group of rows only as additive figures (the KPIs' row inputs, the
 * rollforward, each client's payment history, per-currency totals).
 * The merge adds the figures of every part, puts the rows of every part
 * into one ledger in file order, reads the small files (clients, costs,
 * history, holidays, rates) again from the run's own paths, and runs
 * the analysis and the renderers on that: the outputs are the single
 * run's, byte for byte (README "Large ledgers" says why a fold is).
 *
 * SQLite, because a part crosses machines and time: one file, typed
 * INTEGER columns for every amount (cents) and date (days since
 * 1970-01-01), a schema version (PRAGMA user_version) and an
 * application id, transactions, and readers in every language for a
 * controller who wants to look. No float is stored. The tables are
 * listed in the README; the version is AR_SUMMARY_VERSION.
 */
#ifndef AR_SUMMARY_H
#define AR_SUMMARY_H

#include <stddef.h>

#include "ar/base/options.h"
#include "ar/render/render.h"

#define AR_SUMMARY_FILE "summary.sqlite"
#define AR_SUMMARY_VERSION 1
/* PRAGMA application_id: "arbS" */
#define AR_SUMMARY_APP_ID 0x61726253

/* Write dir/summary.sqlite for run, a shard run as of its date whose
 * ledger is finished and whose letters and statements are written.
 * AR_ERR_OUTPUT with d filled when it cannot be written. */
ar_err ar_summary_write(const ar_run *run, const char *dir, ar_diag *d);

/* The parts of a merge, open. */
typedef struct ar_parts ar_parts;

/* Open cli->parts (cli->part_count folders) and check that they belong
 * together: each a finished, undamaged shard part of this summary
 * version and this arbatch, of the as-of date cli->as_of, all of the
 * same number of shards N, inputs, options and layouts, and each K of
 * 0..N-1 exactly once. Then fill cli's run options (policy, format,
 * entity, inputs, dates, outputs) from them: the merge takes no other;
 * and check that the files the merge reads again (policy, small files)
 * and its own layouts are the shards'. AR_ERR_IO naming the odd part or
 * file with d filled otherwise (exit 3). */
ar_err ar_parts_open(ar_options *cli, ar_parts **out, ar_diag *d);

/* Build run's ledger from the parts: their rows, their folded figures,
 * the ledger's counts, rejects, skipped rows and master data read off
 * its columns; then the small files, read again from the run's paths
 * (ar_parts_open checked that they are the shards'). run->policy is
 * loaded.
 * AR_ERR_IO with d filled. */
ar_err ar_parts_ingest(const ar_parts *ps, const ar_options *cli,
                       ar_run *run, ar_diag *d);

/* Hand run what the shards' renderers did (run->merging set): each
 * letter's layout, holds and where its drawn pages are
 * (run->part_letters; run->load_pages reads them when its batch is
 * made), the statements held and written, and the characters the fonts
 * are cut to. AR_ERR_IO with d filled. */
ar_err ar_parts_letters(const ar_parts *ps, ar_run *run, ar_diag *d);

/* Link (or copy) every letter and statement PDF of the parts into dir,
 * the output set being written. AR_ERR_OUTPUT with d filled. */
ar_err ar_parts_link_pdfs(const ar_parts *ps, const char *dir, ar_diag *d);

void ar_parts_close(ar_parts *ps);

#endif
