/* engine_check.h - the engine's invariants (SPEC §2.1, §8.19), checked by
 * the ingest and policy harnesses on whatever the fuzzer made of a ledger. */
#ifndef AR_FUZZ_ENGINE_CHECK_H
#define AR_FUZZ_ENGINE_CHECK_H

#include <math.h>
#include <string.h>

#include "ar/engine/analysis.h"
#include "fuzz.h"

/* job.c refuses a ledger whose amounts of one currency add up to more than
 * 2^53 - 1 cents (or whose costs do), before the engine sees it; the
 * harnesses do the same so that UBSan reports real overflows only. */
static inline int fuzz_totals_fit(const ar_ledger *lg)
{
    const int64_t max = (1LL << 53) - 1;
    size_t nc = ar_ledger_currency_count(lg);
    int64_t *sum = calloc(nc + 1, sizeof *sum);
    const ar_doc *docs = ar_ledger_docs(lg);
    int ok = 1;
    for (size_t i = 0; ok && i < ar_ledger_doc_count(lg); i++) {
        if (docs[i].amount > max - sum[docs[i].currency])
            ok = 0;
        else
            sum[docs[i].currency] += docs[i].amount;
    }
    int64_t costs = 0;
    const ar_cost *c = ar_ledger_costs(lg);
    for (size_t i = 0; ok && i < ar_ledger_cost_count(lg); i++) {
        if (c[i].cost > max - costs)
            ok = 0;
        else
            costs += c[i].cost;
    }
    free(sum);
    return ok;
}

static inline void fuzz_check_kpi(const ar_kpi_value *v, int n)
{
    for (int k = 0; k < n; k++)
        FUZZ_CHECK(!v[k].defined || isfinite(v[k].value));
}

/* The analysis a of lg reconciles the way run.json promises. */
static inline void fuzz_check_analysis(const ar_analysis *a)
{
    const ar_policy *p = a->policy;
    uint64_t items = 0;
    for (size_t t = 0; t < a->totals_count; t++) {
        const ar_totals *tt = &a->totals[t];
        ar_cents sum = 0;
        for (int b = 0; b < p->bucket_count; b++) {
            FUZZ_CHECK(tt->buckets[b] >= 0);
            sum += tt->buckets[b];
        }
        FUZZ_CHECK(sum == tt->open);
        FUZZ_CHECK(tt->unapplied >= 0 && tt->invoiced >= 0 &&
                   tt->settled >= 0);
        /* SPEC §8.19 */
        FUZZ_CHECK(tt->invoiced - tt->settled == tt->open - tt->unapplied);
        items += tt->open_items;
        ar_cents acc_open = 0, acc_unapplied = 0;
        for (size_t k = 0; k < a->account_count; k++)
            if (a->accounts[k].currency == tt->currency) {
                acc_open += a->accounts[k].open;
                acc_unapplied += a->accounts[k].unapplied;
            }
        FUZZ_CHECK(acc_open == tt->open);
        FUZZ_CHECK(acc_unapplied == tt->unapplied);
    }
    FUZZ_CHECK(items == a->open_item_count);
    uint64_t in_clients = 0, stages = 0;
    for (size_t r = 0; r < a->client_count; r++) {
        const ar_client_result *cr = &a->clients[r];
        in_clients += cr->open_count;
        FUZZ_CHECK(cr->stage >= 0 && cr->stage <= AR_STAGES);
        FUZZ_CHECK(cr->letter_stage == 0 || cr->letter_stage == cr->stage);
        FUZZ_CHECK(cr->risk.score >= 0 && cr->risk.score <= 100);
        FUZZ_CHECK(cr->first_open + cr->open_count <= a->open_item_count);
        if (r > 0) /* sorted by client id */
            FUZZ_CHECK(strcmp(ar_ledger_text(a->ledger,
                                  ar_ledger_clients(a->ledger)
                                      [a->clients[r - 1].client].id),
                              ar_ledger_text(a->ledger,
                                  ar_ledger_clients(a->ledger)
                                      [cr->client].id)) < 0);
    }
    FUZZ_CHECK(in_clients == a->open_item_count);
    for (int s = 0; s <= AR_STAGES; s++)
        stages += a->stages[s];
    FUZZ_CHECK(stages == a->client_count);
    fuzz_check_kpi(a->kpi.v, AR_KPI_COUNT_);
    for (int k = 0; k < a->kpi.trend_count; k++)
        fuzz_check_kpi(a->kpi.trend[k].v, AR_KPI_COUNT_);
}

#endif
