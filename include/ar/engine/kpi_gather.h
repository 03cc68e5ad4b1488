/* kpi_gather.h - what the KPI files share (metrics.c, trend.c,
 * recovery.c): the clients' groups, their agency placement dates, and the
 * row inputs of every KPI at one date gathered from a settlement as of
 * that date. Private to those files, below all of them. Pure. */
#ifndef AR_KPI_GATHER_H
#define AR_KPI_GATHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/engine/analysis.h"
#include "ar/engine/kpi.h"

/* Groups of clients: 0 holds clients without a tier (cost rows of clients
 * with no ledger row up to D), 1 + tier the clients of each tier. Every
 * input is a sum, so the total is the sum of the groups. */
#define AR_KPI_GROUPS (1 + AR_TIER_COUNT_)

/* What the KPI passes over one analysis read besides it. */
typedef struct ar_kpi_ctx {
    const ar_ledger *lg;
    const ar_policy *p;
    uint16_t base;
    size_t nc;
    uint8_t *group;          /* per ledger client */
    ar_date *placed_on;      /* per ledger client: first agency cost */
    ar_date *last_late;      /* scratch per ledger client (retention) */
    ar_date *last_inv;
    ar_date *last_late_all;  /* the same over every currency */
    ar_date *last_inv_all;
    /* per ledger client: its cost rows count in the base currency's
     * cost per recovery (SPEC §8.22: not those of a client whose rows
     * are all in other currencies); NULL when every row counts */
    bool *cost_counts;
} ar_kpi_ctx;

/* The groups of a's clients (a fully analysed: tiers decided); with rows
 * set, what reading the rows needs too (placement dates, scratch); the
 * finishing step reads only the costs file. Borrows a's ledger and
 * policy. Release with ar_kpi_ctx_fini. */
void ar_kpi_ctx_init(ar_kpi_ctx *c, const ar_analysis *a, bool rows);

/* Free what ar_kpi_ctx_init allocated. */
void ar_kpi_ctx_fini(ar_kpi_ctx *c);

/* A cash recovery (SPEC §8.22): application ap, a PAY or settled_date
 * payment, applied in (from, to] after its item's due date. */
bool ar_kpi_is_recovery(const ar_application *ap, const ar_doc *item,
                        ar_date from, ar_date to);

/* to += x, the sums only: not commission_w and have_costs, which
 * completing a point sets. */
void ar_kpi_inputs_add(ar_kpi_inputs *to, const ar_kpi_inputs *x);

/* Open amount open of an item dpd days past due at the inputs' date
 * into its aging bucket (SPEC §3.1) and the over-90 part. */
void ar_kpi_age(const ar_policy *p, ar_kpi_inputs *in, int32_t dpd,
                ar_cents open);

/* The groups' inputs g added up into *total; returns their placed
 * recoveries added up. */
ar_cents ar_kpi_sum_groups(const ar_kpi_inputs g[AR_KPI_GROUPS],
                           const ar_cents placed[AR_KPI_GROUPS],
                           ar_kpi_inputs *total);

/* The row inputs of every KPI at D from the settlement s as of D, per
 * group, and per group the recoveries from accounts placed with the
 * agency (the commission is taken on them). ar_s holds AR(S) per group;
 * ar_d receives AR(D) per group (the next month's AR(S)). With cur (zero
 * before), every currency's inputs over all clients go to its cur_d and
 * cur_placed, and retention over every currency to its
 * retention_*_all. c was made with rows; its scratch is overwritten. */
void ar_kpi_gather(const ar_kpi_ctx *c, const ar_settlement *s, ar_date D,
                   const ar_cents ar_s[AR_KPI_GROUPS],
                   ar_cents ar_d[AR_KPI_GROUPS],
                   ar_kpi_inputs g[AR_KPI_GROUPS],
                   ar_cents placed[AR_KPI_GROUPS], ar_kpi_rows *cur);

#endif
