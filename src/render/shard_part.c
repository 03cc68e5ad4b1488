/* shard_part.c - what a shard run (--shard K/N, issue #21) keeps of the
 * run: its clients' letters and statements, its own rejects. */
#include "ar/render/render.h"

#include <stdlib.h>
#include <string.h>

#include "ar/base/shard.h"

bool ar_run_sharded(const ar_run *run)
{
    return run->opts && run->opts->shard_n > 0;
}

bool ar_run_mine(const ar_run *run, uint32_t client)
{
    if (!ar_run_sharded(run))
        return true;
    const char *id =
        ar_ledger_text(run->ledger, ar_ledger_clients(run->ledger)[client].id);
    return ar_shard_of(id, strlen(id), run->opts->shard_n) ==
           run->opts->shard_k;
}

/* Keep the items of rj that shard k of n lists; the number of per-client
 * "unknown client" notes kept. */
static uint64_t keep(ar_rejects *rj, unsigned k, unsigned n)
{
    size_t kept = 0;
    uint64_t unknown = 0;
    memset(rj->by_reason, 0, sizeof rj->by_reason);
    for (size_t i = 0; i < rj->count; i++) {
        ar_reject *x = &rj->items[i];
        if (ar_reject_shard(x, n) != k) {
            free(x->file);
            free(x->column);
            free(x->value);
            free(x->detail);
            continue;
        }
        if (x->line == 0 && x->reason == AR_ERR_UNKNOWN_CLIENT)
            unknown++;
        if ((unsigned)x->reason < AR_ERR_COUNT_)
            rj->by_reason[x->reason]++;
        rj->items[kept++] = *x;
    }
    rj->count = kept;
    return unknown;
}

void ar_run_keep_shard(ar_run *run)
{
    if (!ar_run_sharded(run))
        return;
    unsigned k = run->opts->shard_k, n = run->opts->shard_n;
    run->unknown_clients = keep(&run->rejects, k, n);
    keep(&run->held, k, n);
    if (k != 0) {
        ar_skips *s = &run->stats.skips;
        for (size_t i = 0; i < s->count; i++)
            free(s->items[i].first_field);
        s->count = 0;
    }
}

ar_err ar_run_cut_chars(const ar_run *run, int which, const ar_cpset *own,
                        const ar_cpset **cut, ar_diag *d)
{
    *cut = own;
    const ar_cpset *given = run->chars[which];
    if (!given)
        return AR_OK;
    for (size_t i = 0; i < sizeof own->bits / sizeof *own->bits; i++)
        if (own->bits[i] & ~given->bits[i])
            return ar_diag_set(d, AR_ERR_OUTPUT, NULL, 0, NULL,
                               "the %s of this shard draw characters its "
                               "split did not find (U+%04zX and on): run "
                               "arbatch split again with these inputs",
                               which ? "statements" : "letters",
                               i * 64 + (size_t)__builtin_ctzll(
                                            own->bits[i] & ~given->bits[i]));
    *cut = given;
    return AR_OK;
}
