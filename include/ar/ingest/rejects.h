/* rejects.h - rejected rows with file, line, column and reason (SPEC
 * §2.1): what rejects.csv lists. */
#ifndef AR_REJECTS_H
#define AR_REJECTS_H

#include <stddef.h>

#include "ar/base/error.h"

/* One rejected row (or, with line 0, a per-client note such as "unknown
 * client"). Strings are owned by the list. */
typedef struct ar_reject {
    char *file;
    long line;
    char *column;
    ar_err reason;
    char *value;
    char *detail;   /* words a clerk can act on; may be "" */
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

#endif
