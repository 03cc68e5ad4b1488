/* recovery.h - cost per recovery by dunning stage and by risk tier
 * (SPEC §4, README "Cost per recovery by stage"): each recovery and cost
 * row in the KPI window counts for the stage of the client's latest
 * letter on or before its date, and for the client's tier. A part of the
 * KPIs (metrics.c); pure. */
#ifndef AR_RECOVERY_H
#define AR_RECOVERY_H

#include "ar/engine/analysis.h"
#include "ar/engine/kpi.h"
#include "ar/engine/kpi_gather.h"

/* The rows' part: the recoveries in W as of a->as_of added to
 * out->by_stage, by_tier (recovered and recoveries only), stage_placed
 * and tier_placed. c was made from a with rows. */
void ar_recovery_rows(const ar_analysis *a, const ar_kpi_ctx *c,
                      ar_kpi_rows *out);

/* The finishing part: rows' recoveries plus the costs-file rows in W, with
 * the commission and ratio of each, into out->by_stage, cost_by_tier and
 * cost_total (zero before). c was made from a. */
void ar_recovery_costs(const ar_analysis *a, const ar_kpi_ctx *c,
                       const ar_kpi_rows *rows, ar_kpis *out);

#endif
