/* risk.c - risk tier and score (SPEC §3.3). */
#include "ar/engine/risk.h"

static int min_int(int64_t a, int64_t b)
{
    return (int)(a < b ? a : b);
}

/* The score: five capped components that add up to at most 100 (the
 * formula is in the README and the workbook's Parameters sheet). */
static void score(const ar_risk_inputs *in, ar_risk *out)
{
    int *pt = out->points;
    /* up to 30: one point per day of average lateness */
    pt[AR_RISK_LATE_HISTORY] =
        in->settled_count
            ? min_int(in->days_late_sum / (int64_t)in->settled_count, 30)
            : 0;
    /* up to 25: the share of the open balance that is overdue, rounded */
    pt[AR_RISK_OVERDUE_SHARE] =
        in->open > 0 && in->overdue > 0
            ? min_int(ar_cents_muldiv(in->overdue, 25, in->open), 25)
            : 0;
    /* up to 20: 4 per past-due item, from the fifth on no more */
    pt[AR_RISK_PAST_DUE_ITEMS] = min_int((int64_t)in->past_due_items * 4, 20);
    /* up to 10: 5 per open disputed item */
    pt[AR_RISK_DISPUTES] = min_int((int64_t)in->disputed_items * 5, 10);
    /* up to 15: 5 per earlier collections case */
    pt[AR_RISK_PRIOR_COLLECTIONS] =
        min_int((int64_t)in->prior_collections * 5, 15);
    out->score = 0;
    for (int f = 0; f < AR_RISK_FACTOR_COUNT_; f++)
        out->score += pt[f];
}

void ar_risk_assess(const ar_policy *p, const ar_risk_inputs *in,
                    ar_risk *out)
{
    score(in, out);
    int64_t n = in->settled_count;
    /* avg > X  <=>  sum > X * n, exactly, with no division */
    bool avg_over_hr = n > 0 && in->days_late_sum >
                                    (int64_t)p->high_risk_avg_days_late * n;
    bool avg_within_vip = n == 0 || in->days_late_sum <=
                                        (int64_t)p->vip_avg_days_late * n;
    /* SPEC §3.3: first match wins */
    if (in->segment >= 0) {
        out->tier = (ar_tier)in->segment;
        out->tier_rule = "segment in the clients file";
    } else if (avg_over_hr) {
        out->tier = AR_TIER_HIGH_RISK;
        out->tier_rule = "average days late over the limit";
    } else if (in->past_due_items >= (uint32_t)p->high_risk_past_due_items) {
        out->tier = AR_TIER_HIGH_RISK;
        out->tier_rule = "too many past-due items";
    } else if (in->prior_collections >= p->high_risk_prior_collections) {
        out->tier = AR_TIER_HIGH_RISK;
        out->tier_rule = "earlier collections cases";
    } else if (in->strategic) {
        out->tier = AR_TIER_VIP;
        out->tier_rule = "strategic account";
    } else if (in->revenue > p->vip_revenue &&
               in->max_days_late <= p->vip_max_days_late && avg_within_vip) {
        out->tier = AR_TIER_VIP;
        out->tier_rule = "revenue over the VIP limit, paying on time";
    } else {
        out->tier = AR_TIER_STANDARD;
        out->tier_rule = "standard";
    }
}
