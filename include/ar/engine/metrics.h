/* metrics.h - the KPIs of SPEC §4 computed from an analysis: at the
 * as-of date, by tier, as a trend over month-ends, cost per recovery by
 * stage and tier, and the top debtors. Pure. The parts: trend.h,
 * recovery.h, kpi_gather.h. */
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

/* The row part of ar_metrics_compute over a's ledger (ar_kpi_rows,
 * kpi.h): the trend before D, the point at D by group and the recoveries
 * by stage and tier. */
void ar_metrics_rows(const ar_analysis *a, ar_kpi_rows *out);

/* to += x: the rows of client partitions added up (fold.c). */
void ar_kpi_rows_add(ar_kpi_rows *to, const ar_kpi_rows *x);

#endif
