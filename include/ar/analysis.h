/* analysis.h - what the engine decides as of the close date D: aging,
 * risk tiers, dunning stages and letters, actions and KPIs. Every renderer
 * reads this model; nothing here does I/O.
 */
#ifndef AR_ANALYSIS_H
#define AR_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/ledger.h"
#include "ar/policy.h"
#include "ar/settle.h"

/* Money of one client in one currency (an "account"). */
typedef struct ar_account {
    uint32_t client;
    uint16_t currency;
    uint32_t open_items;
    ar_cents buckets[AR_MAX_BUCKETS];
    ar_cents open;         /* gross open amount (buckets sum to it) */
    ar_cents unapplied;    /* unapplied credits, positive */
    ar_cents overdue;      /* non-disputed items >= 1 day past due */
    ar_cents disputed;     /* open amount of disputed items */
} ar_account;

/* Why a client with a stage gets no letter in this run. */
typedef enum ar_hold {
    AR_HOLD_NONE,           /* a letter goes out */
    AR_HOLD_NO_STAGE,       /* nothing eligible is past due */
    AR_HOLD_UNKNOWN_CLIENT, /* not in the clients file (SPEC §2.2) */
    AR_HOLD_BELOW_MINIMUM,  /* overdue net of credits < min_letter_amount */
    AR_HOLD_WAITING,        /* an earlier letter's wait runs (SPEC §8.12) */
    AR_HOLD_COUNT_
} ar_hold;

const char *ar_hold_name(ar_hold h);

/* Actions of SPEC §3.4 / §8.15, in the order a collector works them. */
typedef enum ar_action_kind {
    AR_ACTION_LEGAL,
    AR_ACTION_AGENCY,
    AR_ACTION_ACCOUNT_MANAGER,
    AR_ACTION_SUSPEND,
    AR_ACTION_CALL,
    AR_ACTION_COUNT_
} ar_action_kind;

/* "legal", "agency", "account_manager", "suspend", "call". */
const char *ar_action_name(ar_action_kind k);

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

/* Everything decided for one client. Money in its primary currency. */
typedef struct ar_client_result {
    uint32_t client;           /* index into the ledger's clients */
    uint16_t currency;         /* primary currency (see README) */
    uint32_t first_account;    /* its accounts: [first, first + count) */
    uint32_t account_count;
    uint32_t first_open;       /* its open items in open_items */
    uint32_t open_count;
    ar_risk_inputs in;
    ar_risk risk;
    int32_t max_dpd;           /* most overdue eligible item, days */
    uint32_t worst_item;       /* doc index of it, or AR_NONE */
    ar_cents overdue_net;      /* SPEC §8.13: overdue - unapplied */
    int stage;                 /* 0..5 (SPEC §3.3) */
    int letter_stage;          /* stage of this run's letter, 0 = none */
    ar_hold hold;
    ar_date hold_until;        /* AR_HOLD_WAITING: first day it may go */
    ar_cents fee;              /* SPEC §3.5, 0 when off */
    ar_cents interest;
    uint32_t actions;          /* bit per ar_action_kind */
    ar_date last_payment;      /* last cash applied to its items, <= D */
    ar_cents last_payment_amount;
} ar_client_result;

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
} ar_kpi_inputs;

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
} ar_kpis;

/* Totals of one currency over all clients. */
typedef struct ar_totals {
    uint16_t currency;
    ar_cents invoiced;         /* INV + DEB dated <= D */
    ar_cents settled;          /* every settlement dated <= D, in full */
    ar_cents open;             /* open items (gross) */
    ar_cents unapplied;        /* positive */
    ar_cents buckets[AR_MAX_BUCKETS];
    uint64_t open_items;
} ar_totals;

typedef struct ar_analysis {
    ar_date as_of;
    const ar_ledger *ledger;   /* borrowed */
    const ar_policy *policy;   /* borrowed */
    ar_settlement settlement;  /* as of D */

    ar_client_result *clients; /* clients with a used row dated <= D,
                                  sorted by client id */
    size_t client_count;
    ar_account *accounts;
    size_t account_count;
    uint32_t *result_of;       /* ledger client -> index in clients, or
                                  AR_NONE */

    ar_totals *totals;         /* per currency; [0] is the base currency */
    size_t totals_count;
    uint32_t *open_items;      /* doc indexes of open items, by client
                                  then due date */
    size_t open_item_count;

    uint64_t clients_with_balance;
    uint64_t stages[AR_STAGES + 1];     /* clients at each stage */
    uint64_t letters[AR_STAGES + 1];    /* letters this run, per stage */
    uint64_t holds[AR_HOLD_COUNT_];
    uint64_t tiers[AR_TIER_COUNT_];
    uint64_t actions[AR_ACTION_COUNT_];

    ar_kpis kpi;
} ar_analysis;

/* Analyse lg as of the end of day as_of under policy p. The ledger and
 * policy are borrowed and must outlive a. Release with
 * ar_analysis_fini. */
void ar_analyse(const ar_ledger *lg, const ar_policy *p, ar_date as_of,
                ar_analysis *a);

/* The same without the KPIs (a->kpi left zero): what letters, actions
 * and the aging workbook need. ar_metrics_compute(a, &a->kpi) completes
 * it, on another thread if the caller likes (it only reads a). */
void ar_analyse_without_kpis(const ar_ledger *lg, const ar_policy *p,
                             ar_date as_of, ar_analysis *a);

void ar_analysis_fini(ar_analysis *a);

/* Once the KPIs are computed nothing reads settlement.settled_on (the
 * renderers read open amounts, applications and credits): free its
 * 4 bytes a document. It is NULL after. */
void ar_analysis_drop_settled_on(ar_analysis *a);

/* Totals of currency c, or NULL when it has none. */
const ar_totals *ar_analysis_totals(const ar_analysis *a, uint16_t c);

/* The doc numbers of client cr's non-disputed past-due open items in its
 * primary currency, space separated: the items a letter, call or
 * placement is about (its overdue balance). Caller frees. */
char *ar_analysis_overdue_docs(const ar_analysis *a,
                               const ar_client_result *cr);

/* Days past due of item i at D (D - due date; <= 0 is current). */
static inline int32_t ar_days_past_due(const ar_analysis *a, uint32_t i)
{
    return a->as_of - ar_ledger_docs(a->ledger)[i].due_date;
}

/* ---- the rules, one module each (pure functions) --------------------- */

/* risk.c: tier (first match wins) and the 0-100 score (SPEC §3.3). */
void ar_risk_assess(const ar_policy *p, const ar_risk_inputs *in,
                    ar_risk *out);

/* dunning.c: the stage for a most-overdue eligible item max_dpd days past
 * due on tier's path; 0 when none applies (SPEC §3.2, §3.3). */
int ar_dunning_stage(const ar_policy *p, ar_tier tier, int32_t max_dpd);

/* dunning.c: SPEC §8.12: for every ledger client, the first day a new
 * letter may go out given the earlier letters (history rows dated after
 * as_of ignored): until[c] (client_count entries) is AR_DATE_NONE or a
 * date; a date <= as_of means a letter may go now. One pass. */
void ar_dunning_wait_until(const ar_policy *p, const ar_letter_sent *sent,
                           size_t count, ar_date as_of, ar_date *until,
                           size_t client_count);

/* actions.c: the bitmask of actions for a client (SPEC §3.4, §8.15):
 * max_dpd of its most overdue eligible item, any_past_due when any open
 * non-disputed item is past due, overdue_net as in SPEC §8.13. */
uint32_t ar_actions_decide(const ar_policy *p, ar_tier tier,
                           int32_t max_dpd, bool any_past_due,
                           ar_cents overdue_net);

/* metrics.c: the KPIs of SPEC §4 at a.as_of (a fully analysed: tiers
 * decided), by tier, their trend over policy trend_months month-ends,
 * cost per recovery by stage and tier, and the top debtors. The row part
 * comes from the ledger's folded summary when it has one (fold.c), else
 * from ar_metrics_rows. */
void ar_metrics_compute(const ar_analysis *a, ar_kpis *out);

/* metrics.c: whether ar_metrics_compute will settle the ledger again,
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

/* metrics.c: the row part of ar_metrics_compute over a's ledger. */
void ar_metrics_rows(const ar_analysis *a, ar_kpi_rows *out);

/* metrics.c: to += x. */
void ar_kpi_rows_add(ar_kpi_rows *to, const ar_kpi_rows *x);


#endif
