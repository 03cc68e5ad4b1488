/* policy.h - every tunable number of SPEC §3-§5 (read from an INI file
 * by ingest/policy_file.h).
 *
 * The compiled-in defaults equal layouts/policy.ini (a test holds them
 * together). Layering: defaults, then the --format preset, then --policy.
 */
#ifndef AR_POLICY_H
#define AR_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "ar/base/date.h"
#include "ar/base/error.h"
#include "ar/base/money.h"

#define AR_STAGES 5          /* dunning stages 1..5 */
#define AR_MAX_BUCKETS 12    /* aging buckets, "current" included */
#define AR_BUCKET_LABEL 24

/* Canonical ledger columns (SPEC §2.1). */
typedef enum ar_column {
    AR_COL_DOC_TYPE,
    AR_COL_DOC_NO,
    AR_COL_CLIENT_ID,
    AR_COL_DOC_DATE,
    AR_COL_DUE_DATE,
    AR_COL_AMOUNT,
    AR_COL_CURRENCY,
    AR_COL_APPLIES_TO,
    AR_COL_SETTLED_DATE,
    AR_COL_DISPUTED,
    AR_COL_COUNT_
} ar_column;

/* Canonical name of a ledger column ("doc_type"). */
const char *ar_column_name(ar_column c);

/* Risk tiers (SPEC §3.3). */
typedef enum ar_tier {
    AR_TIER_STANDARD,
    AR_TIER_VIP,
    AR_TIER_HIGH_RISK,
    AR_TIER_COUNT_
} ar_tier;

/* "STANDARD", "VIP", "HIGH_RISK". */
const char *ar_tier_name(ar_tier t);

/* One aging bucket: days past due in [min_days, max_days]. The first bucket
 * is "current" (max_days 0, min_days INT32_MIN); the last is open-ended
 * (max_days INT32_MAX). */
typedef struct ar_bucket {
    char label[AR_BUCKET_LABEL];
    int32_t min_days;
    int32_t max_days;
} ar_bucket;

typedef enum ar_page_size { AR_PAGE_A4, AR_PAGE_LETTER } ar_page_size;

typedef struct ar_policy {
    /* [general] */
    char base_currency[4];        /* ISO 4217; "" = currency of first row */
    bool apply_unapplied_oldest;  /* apply_unapplied = oldest | off */

    /* [input] how the ledger is written */
    char date_format[32];         /* ar_date_parse pattern, "%Y-%m-%d" */
    char decimal_mark;            /* '.' or ',' */
    char delimiter;               /* ',' ';' '\t', or 0 = detect (§8.2) */

    /* [columns] header name for each canonical column ("" = same name) */
    char columns[AR_COL_COUNT_][64];

    /* [aging] */
    int bucket_count;             /* including "current" */
    ar_bucket buckets[AR_MAX_BUCKETS];
    int32_t sheet_max_rows;       /* 1048575: data rows per "Open items"
                                     sheet of aging.xlsx (SPEC §6) */

    /* [dunning] SPEC §3.2 */
    int32_t stage_days[AR_STAGES];   /* 1, 8, 15, 30, 45 */
    int32_t wait_days[AR_STAGES];    /* 7, 7, 14, 14, 30 */
    ar_cents min_item_amount;        /* 0.00 */
    ar_cents min_letter_amount;      /* 5.00 */
    int32_t pay_within_days;         /* 7: new pay-by date (seed 003) */

    /* [tiers] SPEC §3.3 */
    int32_t history_days;            /* 365 */
    int32_t vip_grace_days;          /* 7 */
    int32_t high_risk_avg_days_late; /* 30: High-Risk if avg > this */
    int32_t high_risk_past_due_items;/* 3 */
    int32_t high_risk_prior_collections; /* 1 */
    ar_cents vip_revenue;            /* 100000.00: VIP if revenue > this */
    int32_t vip_max_days_late;       /* 30 */
    int32_t vip_avg_days_late;       /* 5 */

    /* [actions] SPEC §3.4, §8.15 */
    int call_stage;                  /* 3: call at this stage's threshold */
    int32_t suspend_days;            /* 30 (Standard) */
    int32_t agency_days;             /* 45 */
    int32_t agency_days_high_risk;   /* 30 */
    ar_cents agency_min_balance;     /* 500.00 */
    int32_t legal_days;              /* 90 */
    ar_cents legal_min_balance;      /* 5000.00 */
    int32_t agency_commission_bp;    /* commission in basis points, 0 */

    /* [fees] SPEC §3.5, off by default */
    bool fees_enabled;
    ar_cents stage_fee[AR_STAGES];   /* fixed fee per stage */
    int32_t interest_rate_bp;        /* annual rate in basis points */

    /* [kpi] SPEC §4 */
    int32_t kpi_window_days;         /* 90 */
    int32_t collection_days;         /* 45 */
    int32_t retention_days;          /* 365 */
    int32_t trend_months;            /* 12 */
    /* KPI targets (seed 002) and the amber limits of the RAG status:
     * green meets the target, amber is between it and the amber limit,
     * red is beyond the amber limit (README "KPI workbook") */
    int32_t cei_target_bp;           /* 80.00 %: green at or above */
    int32_t cei_amber_bp;            /* 70.00 % */
    int32_t collection_rate_target_bp; /* 95.00 % */
    int32_t collection_rate_amber_bp;  /* 90.00 % */
    int32_t days_to_payment_target;  /* 12 days: green at or below */
    int32_t days_to_payment_amber;   /* 15 days */
    int32_t retention_target_bp;     /* 80.00 % */
    int32_t retention_amber_bp;      /* 70.00 % */
    int32_t cost_per_recovery_target_bp; /* 5.00 %: green below */
    int32_t cost_per_recovery_amber_bp;  /* 7.50 % */

    /* [letters] SPEC §5 */
    ar_page_size page_size;          /* A4 */
    int32_t batch_max_pages;         /* 500 */
} ar_policy;

/* Fill p with the compiled-in defaults (equal to layouts/policy.ini). */
void ar_policy_defaults(ar_policy *p);

/* Set the buckets from n ascending limits (days): bucket 0 is "current"
 * (days past due <= 0, SPEC §2.1), then one bucket per limit, then an
 * open-ended "over-N" (SPEC §3.1). */
void ar_policy_set_buckets(ar_policy *p, const int32_t *limits, int n);

/* Index of the bucket that holds days past due (0 = current). */
int ar_policy_bucket_for(const ar_policy *p, int32_t days_past_due);

/* Stage thresholds of a tier's path (SPEC §3.3): Standard as configured,
 * VIP + vip_grace_days, High-Risk halved (rounded down, at least 1). */
void ar_policy_thresholds(const ar_policy *p, ar_tier tier,
                          int32_t out[AR_STAGES]);

#endif
