/* split.h - `arbatch split` and the runs on its shard folders (issue #21,
 * README "More than one machine").
 *
 * split reads the ledger, clients, costs and history once each and copies
 * every record into DIR/shard-K-of-N/ (ledger.csv, clients.csv, costs.csv,
 * history.csv, each with the header and the records of the clients of
 * shard K, and beside each a .lines file: the original line of each
 * record). What no shard can decide alone it decides and writes down:
 * DIR/split.txt holds the number of shards, the as-of and letter dates,
 * the inputs with their sha256, the base currency (SPEC §8.23) and the
 * characters the letters and statements of the whole run draw (their
 * fonts are cut to them); DIR/shard-K-of-N/duplicates.csv the rows of
 * shard K that are duplicates (SPEC §8.8), with the line of the row that
 * owns the number, wherever it is.
 */
#ifndef AR_SPLIT_H
#define AR_SPLIT_H

#include "ar/base/options.h"
#include "ar/ingest/shard_rows.h"
#include "ar/render/render.h"

typedef struct ar_splitter ar_splitter;

/* Start a split of cli's inputs into cli->shard_n shards: a temporary
 * directory beside cli->out with every shard's folder and open ledger
 * copy. AR_ERR_OUTPUT with d filled when it cannot be made. */
ar_err ar_split_start(const ar_options *cli, ar_splitter **out, ar_diag *d);

/* The ledger read's hooks that copy each record to its shard. */
ar_ingest_shard ar_split_hooks(ar_splitter *s);

/* Read the clients, costs or history file (role) into lg, as
 * ar_ingest_clients, _costs, _history do, and in the same pass copy its
 * records to the shards. */
ar_err ar_split_ingest_small(ar_splitter *s, const char *role,
                             ar_ledger *lg, const char *path,
                             const ar_policy *p, ar_rejects *rej,
                             ar_kept_rows *kept, char sha256[65],
                             ar_diag *d);

/* Write split.txt and every shard's duplicates.csv from run (its inputs,
 * base currency, letter date, the characters of chars_only rendering)
 * and put the directory in place of cli->out (an earlier split there is
 * replaced; anything else there is refused). Frees s. */
ar_err ar_split_finish(ar_splitter *s, const ar_run *run, ar_diag *d);

/* Remove what the split wrote; frees s (NULL: nothing). */
void ar_split_abort(ar_splitter *s);

/* What a run on a shard folder takes from split.txt. */
typedef struct ar_split_in {
    char *dir;                  /* DIR */
    char *paths[4];             /* ledger, clients, costs, history as
                                   given to split (NULL: not given) */
    char base[4];               /* the base currency ("" unnamed) */
    char *cwd;                  /* split's working directory, which
                                   relative paths are relative to (NULL:
                                   a split.txt without it) */
    ar_date letter_date;
    ar_dup_line *dups;          /* this shard's, by line */
    size_t ndups;
    ar_cpset *chars[2];         /* letters, statements (NULL: none) */
} ar_split_in;

/* Read DIR/split.txt for the run cli asks for (cli->split_dir, shard
 * cli->shard_k of cli->shard_n): check that it was split for this as-of
 * date, number of shards, format, entity, policy, holidays and rates,
 * point cli's ledger, clients, costs and history at the original paths
 * and have readers read the shard's copies in their place (line_map.h).
 * AR_ERR_USAGE naming the difference, or AR_ERR_IO for a damaged
 * folder, with d filled. */
ar_err ar_split_load(ar_options *cli, ar_split_in *in, ar_diag *d);

/* Hand the run what split decided: the base currency, the characters
 * (after the analysis, before rendering). */
void ar_split_apply_base(const ar_split_in *in, const ar_policy *p,
                         ar_ledger *lg);
void ar_split_apply_chars(const ar_split_in *in, ar_run *run);

void ar_split_in_fini(ar_split_in *in);

#endif
