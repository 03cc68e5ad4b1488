/* ingest_stats.c - what reading the ledger counted and kept besides its
 * rows: skipped rows, the clients' master data from the ledger's own
 * columns (ledger_file.h). */
#include "ar/ingest/ledger_file.h"
#include "ar/base/shard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ar_ingest_stats_fini(ar_ingest_stats *st)
{
    for (size_t i = 0; i < st->skips.count; i++)
        free(st->skips.items[i].first_field);
    free(st->skips.items);
    free(st->derived);
    memset(&st->skips, 0, sizeof st->skips);
    st->derived = NULL;
    st->derived_count = 0;
}

void ar_ingest_skips_text(const ar_ingest_stats *st, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int k = 0; k < AR_SKIP_COUNT_ && n < size; k++)
        if (st->skips.by_reason[k])
            n += (size_t)snprintf(buf + n, size - n, "%s%s %llu",
                                  n ? ", " : "",
                                  ar_skip_phrase((ar_skip_reason)k),
                                  (unsigned long long)st->skips.by_reason[k]);
}

void ar_ingest_add_derived(ar_ledger *lg, const ar_ingest_stats *st)
{
    for (size_t i = 0; i < st->derived_count; i++)
        ar_ledger_add_info(lg, &st->derived[i]); /* a file's row wins */
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

void ar_ingest_mark_rejected(ar_ledger *lg, const ar_rejects *rej,
                             const char *path)
{
    uint64_t *hashes = ar_xmalloc((rej->count + 1) * sizeof *hashes);
    size_t n = 0;
    for (size_t i = 0; i < rej->count; i++) {
        const ar_reject *r = &rej->items[i];
        if (r->line > 0 && r->has_client && strcmp(r->file, path) == 0)
            hashes[n++] = r->client_hash;
    }
    if (n) {
        qsort(hashes, n, sizeof *hashes, cmp_u64);
        const ar_client *cl = ar_ledger_clients(lg);
        for (size_t c = 0; c < ar_ledger_client_count(lg); c++) {
            const char *id = ar_ledger_text(lg, cl[c].id);
            uint64_t h = ar_shard_hash(id, strlen(id));
            if (bsearch(&h, hashes, n, sizeof *hashes, cmp_u64))
                ar_ledger_mark_rejected(lg, (uint32_t)c);
        }
    }
    free(hashes);
}
