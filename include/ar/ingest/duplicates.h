/* duplicates.h - SPEC §8.8 in the ledger read: the first otherwise-valid
 * row owns a doc_no; later ones are rejected, each with the further
 * lines of its document when a document is written as several lines
 * (group_lines). */
#ifndef AR_INGEST_DUPLICATES_H
#define AR_INGEST_DUPLICATES_H

#include <stddef.h>

#include "ar/engine/ledger.h"
#include "ar/ingest/ledger_file.h"
#include "ar/ingest/rejects.h"
#include "ar/ingest/shard_rows.h"

/* The further lines of the documents written as several lines, by their
 * first line (in file order, so sorted). */
typedef struct ar_line_group {
    long first;                /* first: ar_find_by_long's key */
    size_t at, count;          /* its other lines: lines[at, at + count) */
} ar_line_group;

typedef struct ar_line_groups {
    ar_line_group *g;
    size_t n, cap;
    long *lines;
    size_t nlines, lines_cap;
} ar_line_groups;

/* The document whose first line is first has the n further lines. */
void ar_line_groups_add(ar_line_groups *lg, long first, const long *further,
                        size_t n);
void ar_line_groups_free(ar_line_groups *lg);

/* Reject the n duplicates the ledger dropped (rows of path), each with
 * the further lines of its document (groups may be NULL), and move their
 * rows from used to rejected in st; the rejects from first_reject on stay
 * in line order. split (sh->duplicate) hears of each rejected line, for
 * the shard of its client. */
void ar_reject_duplicates(ar_ledger *lg, const char *path, ar_rejects *rej,
                          size_t first_reject, ar_ingest_stats *st,
                          const ar_duplicate *dups, size_t n,
                          const ar_line_groups *groups,
                          const ar_ingest_shard *sh);

#endif
