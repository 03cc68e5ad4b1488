/* kpi.c - KPI names, ratios, targets and red/amber/green statuses
 * (SPEC §4). */
#include "ar/engine/kpi.h"

static const char *const kpi_keys[AR_KPI_COUNT_] = {
    [AR_KPI_DSO] = "dso",
    [AR_KPI_BEST_DSO] = "best_possible_dso",
    [AR_KPI_ADD] = "add",
    [AR_KPI_CEI] = "cei",
    [AR_KPI_COLLECTION_RATE] = "collection_rate_45",
    [AR_KPI_DAYS_TO_PAYMENT] = "days_to_payment",
    [AR_KPI_RETENTION] = "retention",
    [AR_KPI_COST_PER_RECOVERY] = "cost_per_recovery",
};

ar_kpi_value ar_kpi_ratio(int64_t num, int64_t den, double scale)
{
    ar_kpi_value v = {false, 0};
    if (den != 0) {
        v.defined = true;
        v.value = (double)num * scale / (double)den;
    }
    return v;
}

const char *ar_kpi_key(ar_kpi_id k)
{
    return (unsigned)k < AR_KPI_COUNT_ ? kpi_keys[k] : "?";
}

bool ar_kpi_target(const ar_policy *p, ar_kpi_id k, double *target,
                   double *amber, bool *higher, bool *strict)
{
    int32_t t, am;
    *higher = true;
    *strict = false;
    switch (k) {
    case AR_KPI_CEI: /* SPEC §4: >= 80 */
        t = p->cei_target_bp, am = p->cei_amber_bp;
        break;
    case AR_KPI_COLLECTION_RATE: /* seed 002: 95 %+ within 45 days */
        t = p->collection_rate_target_bp, am = p->collection_rate_amber_bp;
        break;
    case AR_KPI_RETENTION: /* seed 002: 80 %+ after resolution */
        t = p->retention_target_bp, am = p->retention_amber_bp;
        break;
    case AR_KPI_COST_PER_RECOVERY: /* seed 002: < 5 % of recovered */
        t = p->cost_per_recovery_target_bp;
        am = p->cost_per_recovery_amber_bp;
        *higher = false;
        *strict = true;
        break;
    case AR_KPI_DSO: /* a policy's own target, if it sets one */
        if (p->dso_target <= 0)
            return false;
        *target = p->dso_target;
        *amber = p->dso_amber > p->dso_target ? p->dso_amber : p->dso_target;
        *higher = false;
        return true;
    case AR_KPI_DAYS_TO_PAYMENT: /* seed 002: average 12 days */
        *target = p->days_to_payment_target;
        *amber = p->days_to_payment_amber;
        *higher = false;
        return true;
    default: /* DSO, best possible DSO, ADD: lower is better, no number */
        return false;
    }
    *target = t / 100.0;
    *amber = am / 100.0;
    return true;
}

ar_rag ar_kpi_status(const ar_policy *p, ar_kpi_id k, ar_kpi_value v)
{
    double t, am;
    bool higher, strict;
    if (!v.defined || !ar_kpi_target(p, k, &t, &am, &higher, &strict))
        return AR_RAG_NONE;
    if (higher) {
        if (strict ? v.value > t : v.value >= t)
            return AR_RAG_GREEN;
        return v.value >= am ? AR_RAG_AMBER : AR_RAG_RED;
    }
    if (strict ? v.value < t : v.value <= t)
        return AR_RAG_GREEN;
    return v.value <= am ? AR_RAG_AMBER : AR_RAG_RED;
}

bool ar_kpi_needs_settlement_dates(ar_kpi_id k)
{
    /* DSO, best possible DSO and ADD need AR, Current and Sales at D */
    return k == AR_KPI_CEI || k == AR_KPI_COLLECTION_RATE ||
           k == AR_KPI_DAYS_TO_PAYMENT || k == AR_KPI_RETENTION ||
           k == AR_KPI_COST_PER_RECOVERY;
}

void ar_kpi_evaluate(const ar_policy *p, const ar_kpi_inputs *in,
                     ar_kpi_value *v)
{
    double window = p->kpi_window_days;
    v[AR_KPI_DSO] = ar_kpi_ratio(in->ar_d, in->sales_w, window);
    v[AR_KPI_BEST_DSO] = ar_kpi_ratio(in->current_d, in->sales_w, window);
    v[AR_KPI_ADD] =
        ar_kpi_ratio(in->ar_d - in->current_d, in->sales_w, window);
    v[AR_KPI_CEI] = ar_kpi_ratio(in->ar_s + in->sales_s - in->ar_d,
                                 in->ar_s + in->sales_s - in->current_d, 100);
    v[AR_KPI_COLLECTION_RATE] =
        ar_kpi_ratio(in->collected_45, in->due_amount, 100);
    v[AR_KPI_DAYS_TO_PAYMENT] =
        ar_kpi_ratio(in->late_days_sum, in->late_count, 1);
    v[AR_KPI_RETENTION] =
        ar_kpi_ratio(in->retention_kept, in->retention_base, 100);
    v[AR_KPI_COST_PER_RECOVERY] = (ar_kpi_value){false, 0};
    if (in->have_costs) /* SPEC §8.22: no costs file gives n/a */
        v[AR_KPI_COST_PER_RECOVERY] =
            ar_kpi_ratio(in->costs_w + in->commission_w, in->recovered_w, 100);
}
