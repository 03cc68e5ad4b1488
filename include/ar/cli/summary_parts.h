/* summary_parts.h - the open parts of a merge, shared by the files that
 * read them (summary_read.c: open, check, letters, PDFs; merge_ledger.c:
 * the ledger). Private to those. */
#ifndef AR_SUMMARY_PARTS_H
#define AR_SUMMARY_PARTS_H

#include <pthread.h>

#include "ar/cli/summary.h"

/* SQLite's own handles (sqlite3.h declares them the same way; only
 * src/cli/ includes it) */
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;

/* An input of the run as the parts name it. */
typedef struct ar_part_input {
    char *role, *path, *file, *sha256;
} ar_part_input;

/* Connections to read the letters' pages with, one thread at a time:
 * per part, its query (NULL until first used). More slots than the
 * threads that make batches. */
#define AR_PAGES_SLOTS 72
/* ... than the letters renderer's threads (letters.c MAX_THREADS 64): a
 * thread always finds a free slot in one pass */
typedef struct ar_pages_slot {
    pthread_mutex_t lock;
    sqlite3_stmt **pages;
} ar_pages_slot;

typedef struct ar_part {
    char *dir;
    char *db_path;
    sqlite3 *db;
    unsigned k;
} ar_part;

struct ar_parts {
    ar_part *p;                /* by shard K */
    size_t n;
    ar_part_input *inputs;     /* part 0's, in the run's order */
    size_t input_count;
    char *policy, *format, *entity, *base;
    ar_date letter_date;
    bool folded;
    /* the parts that carry the ledger's rows and figures: every part of
     * a split, the first of shards run on the whole ledger (each had
     * every row) */
    size_t ledger_parts;
    /* the letters' pages, read one at a time as the batches are made,
     * on connections of their own (load_pages, summary_read.c) */
    ar_pages_slot slots[AR_PAGES_SLOTS];
};

/* Part p's meta value of key (caller frees), or NULL. */
char *ar_part_meta(const ar_part *p, const char *key);

/* The same as an integer (0 when absent). */
int64_t ar_part_meta_num(const ar_part *p, const char *key);

/* sql prepared on p's database; NULL with d filled (AR_ERR_IO). */
sqlite3_stmt *ar_part_query(const ar_part *p, const char *sql, ar_diag *d);

/* Column k of st's row as text ("" for NULL). */
const char *ar_part_text(sqlite3_stmt *st, int k);

/* Column k as a date (AR_DATE_NONE for NULL). */
ar_date ar_part_date(sqlite3_stmt *st, int k);

/* The part's database failed: AR_ERR_IO naming it. */
ar_err ar_part_fail(const ar_part *p, ar_diag *d);

/* st finalized after its rows were read: AR_OK when they were all read
 * (the last step said SQLITE_DONE), else AR_ERR_IO naming the part (a
 * damaged file ends a loop of sqlite3_step early, which must not pass
 * for its last row). NULL st: AR_ERR_IO (ar_part_query filled d). */
ar_err ar_part_end(const ar_part *p, sqlite3_stmt *st, ar_diag *d);

#endif
