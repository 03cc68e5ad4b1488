/* shard_rows.h - a ledger read for `arbatch split` or for a run on one
 * shard folder (issue #21, README "More than one machine").
 *
 * Every record of the ledger has exactly one shard: the shard of its
 * client id as the ledger keys it (shard.h), or shard 0 for a record
 * without a readable one (a title or layout line, a row with bad quoting
 * or the wrong number of fields, one without client_id, a row an
 * export's mapping rejects or skips). Rejects carry the same client
 * (rejects.h), so each shard lists the rejects of its own records.
 */
#ifndef AR_SHARD_ROWS_H
#define AR_SHARD_ROWS_H

#include <stdbool.h>
#include <stddef.h>

#include "ar/base/error.h"
#include "ar/base/money.h"
#include "ar/ingest/csv_reader.h"
#include "ar/ingest/rejects.h"

/* A row that split found to be a duplicate (SPEC §8.8), the line of the
 * row that owns its number, which may be in another shard, and the first
 * line of the duplicate document it is a line of (group_lines: line
 * itself, or an earlier one when it is a further line of a document).
 * Two duplicates of one owner are two documents when a row of another
 * shard's client came between them: the shard cannot see that row. */
typedef struct ar_dup_line {
    long line, owner, doc;     /* line first: ar_find_by_long's key */
} ar_dup_line;

typedef struct ar_ingest_shard {
    unsigned n;                 /* shards, at least 1 */
    /* split: every record of the file once, in file order, its whole
     * text (line ends included) and first line; shard -1 for the header
     * (every shard's copy starts with it). An error stops the read. */
    ar_err (*record)(void *ctx, const char *raw, long line, int shard,
                     ar_diag *d);
    /* split: every row rejected as a duplicate, with its owner's line and
     * its document's first line, in the shard of its client */
    void (*duplicate)(void *ctx, long line, long owner, long doc,
                      unsigned shard);
    void *ctx;
    /* a shard folder's run: the duplicates split found, by line */
    const ar_dup_line *dups;
    size_t ndups;
} ar_ingest_shard;

/* split: the record, whole, to the shard of the client id in column
 * client_at of row (the record itself, or an export's mapped view);
 * shard 0 when row is NULL or not well-formed. sh->record's error. */
ar_err ar_shard_record(const ar_ingest_shard *sh, const ar_csv_record *rec,
                       const ar_csv_record *row, long client_at, ar_diag *d);

/* The owner of the row on line when split found it a duplicate (*owner
 * and *doc, its document's first line, set: true), else false. sh may be
 * NULL. */
bool ar_shard_dup(const ar_ingest_shard *sh, long line, long *owner,
                  long *doc);

/* Reject the row on line as split found it (SPEC §8.8: "X no is already
 * used on line owner"), with its amount in currency code when has_amount
 * (a further line of a document of several lines has none: the
 * document's amount is on its first) and its client id: as the single
 * run rejects it. */
void ar_shard_reject_dup(ar_rejects *rej, const char *path, long line,
                         long owner, const char *type, const char *no,
                         bool has_amount, ar_cents amount, const char *code,
                         const char *client, size_t client_len);

#endif
