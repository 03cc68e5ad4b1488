/* duplicates.c - SPEC §8.8 in the ledger read (duplicates.h). */
#include "ar/ingest/duplicates.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/base/error.h"
#include "ar/base/shard.h"
#include "ar/base/sort.h"

void ar_line_groups_add(ar_line_groups *lg, long first, const long *further,
                        size_t n)
{
    ar_xgrow((void **)&lg->g, &lg->cap, lg->n + 1, sizeof *lg->g);
    lg->g[lg->n++] = (ar_line_group){first, lg->nlines, n};
    ar_xgrow((void **)&lg->lines, &lg->lines_cap, lg->nlines + n,
             sizeof *lg->lines);
    memcpy(lg->lines + lg->nlines, further, n * sizeof *lg->lines);
    lg->nlines += n;
}

void ar_line_groups_free(ar_line_groups *lg)
{
    free(lg->g);
    free(lg->lines);
    memset(lg, 0, sizeof *lg);
}

static int cmp_reject_line(const void *a, const void *b)
{
    const ar_reject *x = a, *y = b;
    return x->line < y->line ? -1 : x->line > y->line;
}

_Static_assert(offsetof(ar_line_group, first) == 0, "ar_find_by_long's key");

static const ar_line_group *group_of(const ar_line_groups *lg, long first)
{
    /* in file order: sorted by their first line */
    return lg ? ar_find_by_long(lg->g, lg->n, sizeof *lg->g, first) : NULL;
}

void ar_reject_duplicates(ar_ledger *lg, const char *path,
                          ar_rejects *rej, size_t first_reject,
                          ar_ingest_stats *st, const ar_duplicate *dups,
                          size_t n, const ar_line_groups *groups,
                          const ar_ingest_shard *sh)
{
    char detail[200];
    uint64_t rows = 0;
    for (size_t i = 0; i < n; i++) {
        const char *no = ar_ledger_text(lg, dups[i].doc.doc_no);
        snprintf(detail, sizeof detail, "%s %s is already used on line %u",
                 ar_doc_type_name((ar_doc_type)dups[i].doc.type), no,
                 dups[i].first_line);
        const char *client = ar_ledger_text(
            lg, ar_ledger_clients(lg)[dups[i].doc.client].id);
        ar_rejects_add(rej, path, dups[i].doc.line, "doc_no",
                       AR_ERR_DUPLICATE, no, detail);
        ar_rejects_note_amount(rej, dups[i].doc.amount,
                               ar_ledger_currency_code(lg,
                                                       dups[i].doc.currency));
        ar_rejects_client(rej, client, strlen(client));
        rows++;
        unsigned shard = ar_shard_of(client, strlen(client), sh ? sh->n : 1);
        if (sh && sh->duplicate) /* split: for the client's shard */
            sh->duplicate(sh->ctx, dups[i].doc.line, dups[i].first_line,
                          dups[i].doc.line, shard);
        const ar_line_group *g = group_of(groups, dups[i].doc.line);
        for (size_t k = 0; g && k < g->count; k++, rows++) {
            ar_rejects_add(rej, path, groups->lines[g->at + k], "doc_no",
                           AR_ERR_DUPLICATE, no, detail);
            ar_rejects_client(rej, client, strlen(client));
            if (sh && sh->duplicate)
                sh->duplicate(sh->ctx, groups->lines[g->at + k],
                              dups[i].first_line, dups[i].doc.line, shard);
        }
    }
    if (n) {
        qsort(rej->items + first_reject, rej->count - first_reject,
              sizeof *rej->items, cmp_reject_line);
        st->rows_used -= rows;
        st->rows_rejected += rows;
    }
}
