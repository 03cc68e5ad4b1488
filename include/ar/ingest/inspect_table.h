/* inspect_table.h - the rows `arbatch inspect` looked at, as a table of
 * texts (inspect.c reads them; inspect_columns.c says what the columns
 * hold). Internal to inspect: the report (inspect.h) is what others see.
 */
#ifndef AR_INSPECT_TABLE_H
#define AR_INSPECT_TABLE_H

#include <stddef.h>

#include "ar/ingest/inspect.h"

/* What a row below the header is. */
typedef enum ar_row_kind {
    AR_ROW_DATA,            /* a record with the header's width */
    AR_ROW_LAYOUT,          /* at most one field filled: a section line */
    AR_ROW_TOTAL,           /* its first field starts with Total, Summe... */
    AR_ROW_ODD,             /* bad quoting, or another width */
} ar_row_kind;

typedef struct ar_inspect_row {
    long line;              /* physical line it starts on */
    ar_row_kind kind;
    size_t nf;
    char **f;               /* nf fields, trimmed */
} ar_inspect_row;

typedef struct ar_inspect_table {
    size_t ncols;
    char **header;          /* ncols names */
    ar_inspect_row *rows;
    size_t nrows, cap;
    char **blocks;          /* every text lives in these blocks */
    size_t nblocks, blocks_cap, used, size;
} ar_inspect_table;

/* Field col of row ("" past the row's end). */
static inline const char *ar_inspect_cell(const ar_inspect_table *t,
                                          size_t row, size_t col)
{
    const ar_inspect_row *w = &t->rows[row];
    return col < w->nf ? w->f[col] : "";
}

/* Fill r's columns (kind, role, date format, counts), decimal mark,
 * document types, signs, open amounts, entities, line items and skip_rows
 * from the table. */
void ar_inspect_columns(const ar_inspect_table *t, ar_inspect_report *r);

#endif
