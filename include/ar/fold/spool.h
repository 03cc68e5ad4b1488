/* spool.h - the temporary files of a large ledger's fold (fold.h): the
 * used rows written through a buffer to one of n files by document
 * number, then to one of n files by client, and read back in the order
 * they were written, a chunk at a time or a whole file at once. Each
 * file is unlinked as soon as it is open, so it goes with the process
 * however that ends. */
#ifndef AR_SPOOL_H
#define AR_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/base/date.h"
#include "ar/base/error.h"
#include "ar/base/money.h"

/* A row in a temporary file: this head, doc_no, then applies_to. The
 * fields of an ar_doc (ledger.h) as ar_fold_add takes it. */
typedef struct ar_spool_head {
    ar_cents amount;
    uint32_t client, line;
    ar_date doc_date, due_date, settled_date;
    uint32_t no_len, ref_len;
    uint16_t currency;
    uint8_t type, disputed;
} ar_spool_head;

/* A row to write or read back. Its texts are not NUL-terminated (the
 * lengths are in h); those of a row read back point into the reader. */
typedef struct ar_spool_row {
    ar_spool_head h;
    const char *no, *ref;
} ar_spool_row;

/* One temporary file. */
typedef struct ar_spool {
    int fd;           /* -1 when not made */
    const char *dir;  /* where it is (borrowed), for messages */
    char *buf;
    size_t len;       /* buffered */
    uint64_t size;    /* bytes in the file, buffered ones included */
} ar_spool;

/* The two partitionings of the rows: n files by type and doc_no (to find
 * duplicates), n by client (to settle). */
typedef struct ar_spool_parts {
    size_t n;
    ar_spool *by_no;
    ar_spool *by_client;
} ar_spool_parts;

/* Make the 2 x n files of sp in dir (borrowed: it must outlive sp).
 * AR_ERR_OUTPUT when one cannot be made; ar_spool_parts_close then still
 * closes those that were. */
ar_err ar_spool_parts_open(ar_spool_parts *sp, size_t n, const char *dir,
                           ar_diag *d);

/* Close and free every file of sp (a zeroed sp is fine). */
void ar_spool_parts_close(ar_spool_parts *sp);

/* The hash of a row's type and doc_no (len bytes): its value mod n picks
 * the partition by number, so within one partition only its high 32 bits
 * tell rows apart. */
uint64_t ar_spool_hash_no(uint8_t type, const char *no, size_t len);

/* The partition by client of ledger client index client, in [0, sp->n). */
size_t ar_spool_client_part(const ar_spool_parts *sp, uint32_t client);

/* Append r to its partition by number, or by client. AR_ERR_OUTPUT when
 * the file cannot be written. */
ar_err ar_spool_put_by_no(ar_spool_parts *sp, const ar_spool_row *r,
                          ar_diag *d);
ar_err ar_spool_put_by_client(ar_spool_parts *sp, const ar_spool_row *r,
                              ar_diag *d);

/* A file read back a chunk at a time, in the order written: for the
 * partitions by client, one of which can be a dominant client's whole
 * history. */
typedef struct ar_spool_reader {
    ar_spool *s;
    ar_diag *d;
    ar_err err;          /* the first failure; it ends the rows */
    char *buf;
    size_t cap, len, at; /* unread bytes are [at, len) */
    uint64_t off;        /* next byte of the file to read */
} ar_spool_reader;

/* Start reading s from its first row (what is buffered is written first;
 * a failure there is rr->err). s and d are borrowed. */
void ar_spool_reader_open(ar_spool_reader *rr, ar_spool *s, ar_diag *d);

/* The next row into *r (valid until the next call): false at the end of
 * the file or on an error (rr->err, AR_ERR_OUTPUT). */
bool ar_spool_next(ar_spool_reader *rr, ar_spool_row *r);

/* Done with the file; with done set it is emptied, so its disk goes back
 * at once (a failure to empty it only keeps it longer). Returns the
 * reader's first failure. */
ar_err ar_spool_reader_close(ar_spool_reader *rr, bool done);

/* A whole file read back and split into rows, for the partitions by
 * number, whose rows are looked up by each other: *rows point into *buf
 * (caller frees both; both NULL on error), and the file is emptied.
 * AR_ERR_OUTPUT when it cannot be read back. */
ar_err ar_spool_read_all(ar_spool *s, char **buf, ar_spool_row **rows,
                         size_t *n, ar_diag *d);

#endif
