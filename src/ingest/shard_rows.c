/* shard_rows.c - the duplicates a shard folder's run takes from split
 * (shard_rows.h). */
#include "ar/ingest/shard_rows.h"

#include <stddef.h>
#include <stdio.h>

#include "ar/base/shard.h"
#include "ar/base/sort.h"
#include "ar/ingest/fields.h"

_Static_assert(offsetof(ar_dup_line, line) == 0, "ar_find_by_long's key");

bool ar_shard_dup(const ar_ingest_shard *sh, long line, long *owner,
                  long *doc)
{
    const ar_dup_line *x =
        sh ? ar_find_by_long(sh->dups, sh->ndups, sizeof *sh->dups, line)
           : NULL;
    if (!x)
        return false;
    *owner = x->owner;
    *doc = x->doc;
    return true;
}

void ar_shard_reject_dup(ar_rejects *rej, const char *path, long line,
                         long owner, const char *type, const char *no,
                         bool has_amount, ar_cents amount, const char *code,
                         const char *client, size_t client_len)
{
    /* the words of ledger_file.c's reject_duplicates */
    char detail[200];
    snprintf(detail, sizeof detail, "%s %s is already used on line %ld",
             type, no, owner);
    ar_rejects_add(rej, path, line, "doc_no", AR_ERR_DUPLICATE, no, detail);
    if (has_amount)
        ar_rejects_note_amount(rej, amount, code);
    ar_rejects_client(rej, client, client_len);
}

ar_err ar_shard_record(const ar_ingest_shard *sh, const ar_csv_record *rec,
                       const ar_csv_record *row, long client_at, ar_diag *d)
{
    long at = row && row->status == AR_RECORD_OK ? client_at : -1;
    return sh->record(sh->ctx, rec->raw, rec->line,
                      (int)ar_shard_of(ar_field(row, at),
                                       ar_field_len(row, at), sh->n),
                      d);
}
