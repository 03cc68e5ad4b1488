/* columns.h - which header column holds what: a column is found by its
 * name, and a header that names a column arbatch reads twice is refused
 * (SPEC §2; issue 22 item 12). */
#ifndef AR_COLUMNS_H
#define AR_COLUMNS_H

#include "ar/base/error.h"
#include "ar/ingest/csv_reader.h"

/* Index of r's header column named name (case-insensitive, the first of
 * that name), or -1. */
long ar_csv_find(const ar_csv_reader *r, const char *name);

/* SPEC §2: a header that names a column arbatch reads twice cannot say
 * which one to read. AR_OK when header column at (found by its name: the
 * first of it) is the only one of that name or at < 0; else
 * AR_ERR_COLUMN, d naming path, the header line, the column (what) and
 * both header columns by number and name, hint added to the message. */
ar_err ar_column_unique(const ar_csv_reader *r, long at, const char *path,
                        const char *what, const char *hint, ar_diag *d);

#endif
