/* kpi.h - the KPI values of SPEC §4 and their inputs in exact cents, the
 * targets and red/amber/green statuses. Types and pure functions; the
 * computation is metrics.h. */
#ifndef AR_KPI_H
#define AR_KPI_H

#include <stdbool.h>
#include <stdint.h>

#include "ar/base/date.h"
#include "ar/base/money.h"
#include "ar/engine/policy.h"

/* One KPI value: defined false means "n/a" (a window with no data). */
typedef struct ar_kpi_value {
    bool defined;
    double value;
} ar_kpi_value;

typedef enum ar_kpi_id {
    AR_KPI_DSO,
    AR_KPI_BEST_DSO,
    AR_KPI_ADD,
    AR_KPI_CEI,
    AR_KPI_COLLECTION_RATE,
    AR_KPI_DAYS_TO_PAYMENT,
    AR_KPI_RETENTION,
    AR_KPI_COST_PER_RECOVERY,
    AR_KPI_COUNT_
} ar_kpi_id;

/* run.json key of a KPI ("dso", "collection_rate_45", ...). */
const char *ar_kpi_key(ar_kpi_id k);

/* True for the KPIs that need settlement dates (CEI, collection rate,
 * days to payment, retention, cost per recovery): n/a on an export of
 * open balances only (SPEC §2.6). */
bool ar_kpi_needs_settlement_dates(ar_kpi_id k);

/* Red/amber/green status of a KPI value against its target. */
typedef enum ar_rag {
    AR_RAG_NONE,   /* no numeric target (DSO, best DSO, ADD) or n/a */
    AR_RAG_GREEN,  /* meets the target */
    AR_RAG_AMBER,  /* misses it, within the policy's amber limit */
    AR_RAG_RED,    /* beyond the amber limit */
    AR_RAG_COUNT_
} ar_rag;


/* The target of KPI k under policy p, in the KPI's unit (percent or
 * days): false when k has none. *amber is the amber limit; *higher true
 * when higher is better; *strict true when green needs strictly better
 * than the target (cost per recovery "< 5 %"). */
bool ar_kpi_target(const ar_policy *p, ar_kpi_id k, double *target,
                   double *amber, bool *higher, bool *strict);

/* Status of value v of KPI k (AR_RAG_NONE when undefined or no target). */
ar_rag ar_kpi_status(const ar_policy *p, ar_kpi_id k, ar_kpi_value v);

/* num / den x scale with one rounding; n/a (defined false) when den is 0
 * (SPEC §8.23). */
ar_kpi_value ar_kpi_ratio(int64_t num, int64_t den, double scale);

/* The exact cents behind the KPIs at one date (SPEC §4). */
typedef struct ar_kpi_inputs {
    ar_cents ar_d, current_d, sales_w;          /* AR(D), Current(D) */
    ar_cents ar_s, sales_s;                      /* AR(S), Sales(S,D] */
    ar_cents due_amount, collected_45;           /* collection rate */
    int64_t late_days_sum;                       /* days to payment */
    uint32_t late_count;
    uint32_t retention_base, retention_kept;
    ar_cents costs_w, commission_w, recovered_w; /* cost per recovery */
    bool have_costs;
    /* the aging at the date (the dashboard): open items by the policy's
     * buckets (they add up to the open items, gross), and the part more
     * than AR_KPI_OVER_DAYS days past due */
    ar_cents buckets[AR_MAX_BUCKETS];
    ar_cents over_days;
} ar_kpi_inputs;

/* "Over 90 days" of the dashboard: days past due beyond this. */
#define AR_KPI_OVER_DAYS 90

/* The KPI values of inputs in under policy p into v[AR_KPI_COUNT_]:
 * n/a where a denominator is 0, and cost per recovery without a costs
 * file (SPEC §8.22, §8.23). */
void ar_kpi_evaluate(const ar_policy *p, const ar_kpi_inputs *in,
                     ar_kpi_value *v);

/* The KPIs at one date: its inputs and values. */
typedef struct ar_kpi_point {
    ar_date date;
    ar_kpi_inputs in;
    ar_kpi_value v[AR_KPI_COUNT_];
} ar_kpi_point;

#define AR_TREND_MAX 60      /* policy trend_months is at most this */
#define AR_TOP_DEBTORS 10

/* Collection costs against recoveries of one group (a dunning stage or a
 * risk tier) in the KPI window W, base currency (SPEC §4, §8.22). */
typedef struct ar_recovery_cost {
    ar_cents costs;          /* costs-file rows dated in W */
    ar_cents commission;     /* agency commission on placed recoveries */
    ar_cents recovered;      /* cash applied in W after the due date */
    uint32_t cost_rows;
    uint32_t recoveries;     /* applications counted in recovered */
    ar_kpi_value ratio;      /* (costs + commission) / recovered x 100 */
} ar_recovery_cost;

/* One of the largest debtors by overdue balance (base currency). */
typedef struct ar_debtor {
    uint32_t result;         /* index into the analysis' clients */
    ar_cents overdue;        /* open items >= 1 day past due, gross */
    ar_cents disputed;       /* of which disputed */
    int32_t max_dpd;         /* its most overdue open item, days */
} ar_debtor;

/* What the base-currency KPIs cover (SPEC §8.22-8.23): amounts in other
 * currencies are never added in without rates, so each KPI covers the
 * base currency's accounts only. */
typedef struct ar_kpi_coverage {
    uint32_t currencies;          /* with a used row dated <= D */
    uint64_t clients_base;        /* clients with an open item in the */
    uint64_t clients_all;         /*   base currency, and in any */
    uint64_t items_base, items_all;     /* open items */
    /* SPEC §8.22: cost rows in W of clients whose rows are all in other
     * currencies, left out of the base currency's cost per recovery
     * (the consolidated one of --fx counts them) */
    uint32_t cost_rows_left_out;
    ar_cents costs_left_out;
} ar_kpi_coverage;

/* Currencies the consolidated KPIs can hold (ledger currency indexes
 * below this); a ledger with more is not consolidated. */
#define AR_KPI_CURRENCIES 64

/* The KPIs over every currency, each currency's figures converted at
 * its --fx rate (README "Currencies"): each per-currency total (a
 * bucket, the unapplied credits, Sales in W, ...) converts once, half to
 * even; AR(D) is the converted buckets less the converted credits, so
 * the consolidated aging foots. Days and counts are not converted. */
typedef struct ar_kpi_consolidated {
    bool available;               /* rates were given and fit */
    const char *why_not;          /* when --fx was given but not
                                     available (static text), else NULL */
    ar_kpi_inputs in;             /* converted, summed; costs_w = every
                                     cost row in W */
    ar_kpi_value v[AR_KPI_COUNT_];
    ar_cents unapplied;           /* converted credits (in.buckets add
                                     up to the open items) */
    ar_cents placed;              /* converted placed recoveries */
    uint16_t currency_count;      /* indexes below this are in cur */
    ar_kpi_inputs cur[AR_KPI_CURRENCIES]; /* each currency at D, in its
                                             own cents */
    ar_cents cur_placed[AR_KPI_CURRENCIES];
} ar_kpi_consolidated;

/* At D, each currency of the ledger over all its clients in its own
 * cents (the rows' sums: no costs or commission; index: the ledger's
 * currency), its placed recoveries, and retention over every currency
 * at once: what a group of entities adds up (run.json "kpi_inputs",
 * group.h). count is 0 when the ledger has more than AR_KPI_CURRENCIES. */
typedef struct ar_kpi_by_currency {
    uint16_t count;
    ar_kpi_inputs in[AR_KPI_CURRENCIES];
    ar_cents placed[AR_KPI_CURRENCIES];
    uint32_t retention_base_all, retention_kept_all;
} ar_kpi_by_currency;

typedef struct ar_kpis {
    ar_date as_of;
    ar_kpi_inputs in;
    ar_kpi_value v[AR_KPI_COUNT_];
    /* the same KPIs over the clients of each tier (decided at D) */
    ar_kpi_inputs tier_in[AR_TIER_COUNT_];
    ar_kpi_value by_tier[AR_TIER_COUNT_][AR_KPI_COUNT_];
    /* the same computation at each month-end up to D, oldest first; the
     * last point is D itself (a month-end or not), equal to v */
    ar_kpi_point trend[AR_TREND_MAX];
    int trend_count;
    /* cost per recovery in W by the stage of the client's latest letter
     * on or before the cost or recovery date ([0] = no letter yet), by
     * tier, and in total (README "Cost per recovery by stage") */
    ar_recovery_cost by_stage[AR_STAGES + 1];
    ar_recovery_cost cost_by_tier[AR_TIER_COUNT_];
    ar_recovery_cost cost_total;
    /* top debtors, largest overdue first (ties by client id) */
    ar_debtor top[AR_TOP_DEBTORS];
    int top_count;
    ar_cents overdue_total;  /* all clients, base currency, gross */
    ar_cents top_overdue;    /* the top debtors' part of it */
    ar_kpi_value concentration; /* top_overdue / overdue_total x 100 */
    ar_kpi_coverage coverage;
    ar_kpi_consolidated cons;  /* --fx only (available false else) */
    ar_kpi_by_currency by_cur;
} ar_kpis;

/* The KPI inputs the ledger's rows give, before the costs file and the
 * agency commissions are added: sums only, so that those of the client
 * partitions of a large ledger add up to those of the whole (fold.c).
 * Commissions are taken on the sums of the placed recoveries. Computed
 * by ar_metrics_rows (metrics.h). */
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
    /* at D, each currency over all its clients (index: the ledger's
     * currency; [base] is the sum of at_d), and the placed recoveries;
     * retention over every currency at once (a client counts once) */
    ar_kpi_inputs cur_d[AR_KPI_CURRENCIES];
    ar_cents cur_placed[AR_KPI_CURRENCIES];
    uint32_t retention_base_all, retention_kept_all;
} ar_kpi_rows;

#endif
