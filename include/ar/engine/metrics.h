/* metrics.h - the KPIs of SPEC §4 computed from an analysis: at the
 * as-of date, by tier, as a trend over month-ends, cost per recovery by
 * stage and tier, and the top debtors. Pure. */
#ifndef AR_METRICS_H
#define AR_METRICS_H

#include <stdbool.h>

#include "ar/engine/analysis.h"
#include "ar/engine/kpi.h"

/* The whole engine: ar_analyse_without_kpis, then ar_metrics_compute.
 * The ledger and policy are borrowed and must outlive a. Release with
 * ar_analysis_fini. */
void ar_analyse(const ar_ledger *lg, const ar_policy *p, ar_date as_of,
                ar_analysis *a);

/* The KPIs of SPEC §4 at a.as_of (a fully analysed: tiers
 * decided), by tier, their trend over policy trend_months month-ends,
 * cost per recovery by stage and tier, and the top debtors. The row part
 * comes from the ledger's folded summary when it has one (fold.c), else
 * from ar_metrics_rows. */
void ar_metrics_compute(const ar_analysis *a, ar_kpis *out);

/* Whether ar_metrics_compute will settle the ledger again,
 * at a month-end the settlement as of D cannot simply be cut at (a
 * payment dated before the invoice it settles, a credit in another
 * currency, apply_unapplied = oldest). When false, nothing needs the
 * ledger's applies_to targets after ar_analyse_without_kpis. */
bool ar_metrics_settles_again(const ar_analysis *a);

/* The KPI inputs the ledger's rows give, before the costs file and the
 * agency commissions are added: sums only, so that those of the client
 * partitions of a large ledger add up to those of the whole (fold.c).
 * Commissions are taken on the sums of the placed recoveries. */
typedef struct ar_kpi_rows {
    ar_kpi_inputs trend[AR_TREND_MAX];   /* each point before D, total */
    ar_cents trend_placed[AR_TREND_MAX];
    /* at D: [0] clients without a tier, [1 + t] those of tier t */
    ar_kpi_inputs at_d[1 + AR_TIER_COUNT_];
    ar_cents placed_d[1 + AR_TIER_COUNT_];
    /* recovered and recoveries only, and the placed part of them */
    ar_recovery_cost by_stage[AR_STAGES + 1];
    ar_recovery_cost by_tier[AR_TIER_COUNT_];
    ar_cents stage_placed[AR_STAGES + 1], tier_placed[AR_TIER_COUNT_];
} ar_kpi_rows;

/* The row part of ar_metrics_compute over a's ledger. */
void ar_metrics_rows(const ar_analysis *a, ar_kpi_rows *out);

/* to += x. */
void ar_kpi_rows_add(ar_kpi_rows *to, const ar_kpi_rows *x);

#endif
