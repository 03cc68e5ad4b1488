/* trend.h - the KPIs' row inputs at each month-end before D (SPEC §4,
 * the trend): one pass over the settlement as of D, which every record
 * adds to the few month-ends whose windows hold it, and a settlement pass
 * of its own for a month-end that settlement cannot simply be cut at. A
 * part of the KPIs (metrics.c); pure. */
#ifndef AR_TREND_H
#define AR_TREND_H

#include <stdbool.h>

#include "ar/engine/analysis.h"
#include "ar/engine/kpi.h"
#include "ar/engine/kpi_gather.h"

/* The trend's dates into t[0..n), n at most AR_TREND_MAX (policy
 * trend_months): month-ends up to a->as_of; D itself is the last point
 * even when it is not a month-end. Returns n. */
int ar_trend_dates(const ar_analysis *a, ar_date *t);

/* Whether ar_trend_rows will settle the ledger again at a month-end
 * before D (see ar_metrics_settles_again). */
bool ar_trend_settles_again(const ar_analysis *a);

/* The row inputs of the n - 1 points before D into out->trend and
 * out->trend_placed, and AR per group at the month-end before the first
 * point into ar_at[0] and at point k into ar_at[1 + k] (so ar_at[n - 1]
 * is AR(S) of the point at D). c was made from a with rows. Returns n. */
int ar_trend_rows(const ar_analysis *a, const ar_kpi_ctx *c,
                  ar_kpi_rows *out, ar_cents (*ar_at)[AR_KPI_GROUPS]);

#endif
