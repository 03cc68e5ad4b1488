/* rejects.h - rejected rows with file, line, column and reason (SPEC
 * §2.1): what rejects.csv lists. */
#ifndef AR_REJECTS_H
#define AR_REJECTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/base/error.h"
#include "ar/base/money.h"

/* One rejected row (or, with line 0, a per-client note such as "unknown
 * client"). Strings are owned by the list. */
typedef struct ar_reject {
    char *file;
    long line;
    char *column;
    ar_err reason;
    char *value;
    char *detail;   /* words a clerk can act on; may be "" */
    /* the row's amount where it reads as one (its size, in its
     * currency): the rollforward's reconciling items */
    bool has_amount;
    char currency[4];   /* ISO code; "" = the base currency */
    ar_cents amount;
    /* the client the row or note belongs to (issue #21: a shard run lists
     * the rejects of its clients): ar_shard_hash of its key */
    bool has_client;
    uint64_t client_hash;
} ar_reject;

typedef struct ar_rejects {
    ar_reject *items;
    size_t count, cap;
    size_t by_reason[AR_ERR_COUNT_];
} ar_rejects;

void ar_rejects_init(ar_rejects *r);
void ar_rejects_fini(ar_rejects *r);
/* Append a reject; value is copied (truncated to 200 bytes). */
void ar_rejects_add(ar_rejects *r, const char *file, long line,
                    const char *column, ar_err reason, const char *value,
                    const char *detail);

/* The last reject added was a row whose amount reads as amount (any
 * sign; its size is kept) in currency code ("" = the base currency). */
void ar_rejects_note_amount(ar_rejects *r, ar_cents amount,
                            const char *code);

/* The last reject added belongs to the client keyed id (len bytes, as
 * the ledger keys it); len 0 leaves it without one. */
void ar_rejects_client(ar_rejects *r, const char *id, size_t len);

/* The shard (of n) that lists reject x: its client's (shard.h), shard 0
 * for one without a client. */
unsigned ar_reject_shard(const ar_reject *x, unsigned n);

/* The rejected rows of file in currency code, by reason: rows[] and the
 * sum of their amounts cents[] (rows whose amount reads); a row without
 * a currency is the base currency's (code equal to base). *without
 * (unless NULL) gets the rows of file whose amount does not read, in
 * any currency. Per-client notes (line 0) are not rows. */
void ar_rejects_values(const ar_rejects *r, const char *file,
                       const char *code, const char *base,
                       uint64_t rows[AR_ERR_COUNT_],
                       ar_cents cents[AR_ERR_COUNT_], uint64_t *without);

#endif
