/* rejects.c - the list of rejected rows (SPEC §2.1). */
#include "ar/ingest/rejects.h"

#include "ar/base/shard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ar_rejects_init(ar_rejects *r)
{
    memset(r, 0, sizeof *r);
}

void ar_rejects_fini(ar_rejects *r)
{
    for (size_t i = 0; i < r->count; i++) {
        free(r->items[i].file);
        free(r->items[i].column);
        free(r->items[i].value);
        free(r->items[i].detail);
    }
    free(r->items);
    memset(r, 0, sizeof *r);
}

void ar_rejects_add(ar_rejects *r, const char *file, long line,
                    const char *column, ar_err reason, const char *value,
                    const char *detail)
{
    ar_xgrow((void **)&r->items, &r->cap, r->count + 1, sizeof *r->items);
    size_t vlen = value ? strlen(value) : 0;
    if (vlen > 200) {
        vlen = 200;
        /* never cut a UTF-8 sequence in half */
        while (vlen && ((unsigned char)value[vlen] & 0xc0) == 0x80)
            vlen--;
    }
    r->items[r->count++] = (ar_reject){
        .file = ar_xstrdup(file ? file : ""),
        .line = line,
        .column = ar_xstrdup(column ? column : ""),
        .reason = reason,
        .value = ar_xstrndup(value ? value : "", vlen),
        .detail = ar_xstrdup(detail ? detail : ""),
    };
    if ((unsigned)reason < AR_ERR_COUNT_)
        r->by_reason[reason]++;
}

void ar_rejects_note_amount(ar_rejects *r, ar_cents amount, const char *code)
{
    if (!r->count || amount > AR_CENTS_TOTAL_MAX ||
        amount < -AR_CENTS_TOTAL_MAX)
        return;
    ar_reject *x = &r->items[r->count - 1];
    x->has_amount = true;
    x->amount = amount < 0 ? -amount : amount;
    snprintf(x->currency, sizeof x->currency, "%s", code ? code : "");
}

void ar_rejects_client(ar_rejects *r, const char *id, size_t len)
{
    if (!r->count || !id || len == 0)
        return;
    ar_reject *x = &r->items[r->count - 1];
    x->has_client = true;
    x->client_hash = ar_shard_hash(id, len);
}

unsigned ar_reject_shard(const ar_reject *x, unsigned n)
{
    return n > 1 && x->has_client ? (unsigned)(x->client_hash % n) : 0;
}

void ar_rejects_values(const ar_rejects *r, const char *file,
                       const char *code, const char *base,
                       uint64_t rows[AR_ERR_COUNT_],
                       ar_cents cents[AR_ERR_COUNT_], uint64_t *without)
{
    memset(rows, 0, AR_ERR_COUNT_ * sizeof *rows);
    memset(cents, 0, AR_ERR_COUNT_ * sizeof *cents);
    if (without)
        *without = 0;
    for (size_t i = 0; i < r->count; i++) {
        const ar_reject *x = &r->items[i];
        if (x->line == 0 || (unsigned)x->reason >= AR_ERR_COUNT_ ||
            strcmp(x->file, file) != 0)
            continue;
        if (!x->has_amount) {
            if (without)
                (*without)++;
            continue;
        }
        if (strcmp(x->currency[0] ? x->currency : base, code) != 0)
            continue;
        rows[x->reason]++;
        cents[x->reason] += x->amount;
    }
}
