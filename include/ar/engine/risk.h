/* risk.h - the risk tier and the 0-100 risk score of a client
 * (SPEC §3.3). Pure. */
#ifndef AR_RISK_H
#define AR_RISK_H

#include <stdbool.h>
#include <stdint.h>

#include "ar/base/money.h"
#include "ar/engine/policy.h"

/* Risk-score components (README "Risk score"), for the reasons shown. */
typedef enum ar_risk_factor {
    AR_RISK_LATE_HISTORY,
    AR_RISK_OVERDUE_SHARE,
    AR_RISK_PAST_DUE_ITEMS,
    AR_RISK_DISPUTES,
    AR_RISK_PRIOR_COLLECTIONS,
    AR_RISK_FACTOR_COUNT_
} ar_risk_factor;

/* What the tier rules looked at (SPEC §3.3), over H = (D-365, D]. */
typedef struct ar_risk_inputs {
    int64_t days_late_sum;     /* of items settled in H */
    uint32_t settled_count;    /* items settled in H */
    int32_t max_days_late;
    uint32_t past_due_items;   /* open, non-disputed, >= 1 day past due */
    uint32_t disputed_items;   /* open and disputed */
    ar_cents revenue;          /* annual_revenue, else Sales in H */
    bool revenue_from_file;
    ar_cents open;             /* primary currency, gross */
    ar_cents overdue;          /* primary currency */
    int segment;               /* forced tier or -1 */
    bool strategic;
    int32_t prior_collections;
} ar_risk_inputs;

typedef struct ar_risk {
    ar_tier tier;
    const char *tier_rule;     /* the rule that decided it, in words */
    int score;                 /* 0..100 */
    int points[AR_RISK_FACTOR_COUNT_];
} ar_risk;

/* Tier (first match wins) and the 0-100 score (SPEC §3.3). */
void ar_risk_assess(const ar_policy *p, const ar_risk_inputs *in,
                    ar_risk *out);

#endif
