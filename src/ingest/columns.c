/* columns.c - header columns by name, each named once (columns.h). */
#include "ar/ingest/columns.h"

#include <strings.h>

long ar_csv_find(const ar_csv_reader *r, const char *name)
{
    for (size_t i = 0; i < ar_csv_column_count(r); i++)
        if (strcasecmp(ar_csv_column(r, i), name) == 0)
            return (long)i;
    return -1;
}

ar_err ar_column_unique(const ar_csv_reader *r, long at, const char *path,
                        const char *what, const char *hint, ar_diag *d)
{
    if (at < 0)
        return AR_OK;
    const char *name = ar_csv_column(r, (size_t)at);
    for (size_t i = (size_t)at + 1; i < ar_csv_column_count(r); i++)
        if (strcasecmp(ar_csv_column(r, i), name) == 0)
            return ar_diag_set(
                d, AR_ERR_COLUMN, path, ar_csv_header_line(r), what,
                "the header has '%s' twice, as column %ld '%s' and column "
                "%zu '%s': arbatch cannot tell which one to read (rename or "
                "remove one%s)",
                name, at + 1, name, i + 1, ar_csv_column(r, i), hint);
    return AR_OK;
}
