/* policy.h - every tunable number of SPEC §3-§5 (read from an INI file
 * by ingest/policy_file.h).
 *
 * The compiled-in defaults equal layouts/policy.ini (a test holds them
 * together). Layering: defaults, then the --format preset, then --policy.
 */
#ifndef AR_POLICY_H
#define AR_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/base/date.h"
#include "ar/base/error.h"
#include "ar/base/options.h"
#include "ar/base/money.h"
#include "ar/engine/doc_type.h"

#define AR_STAGES 5          /* dunning stages 1..5 */
#define AR_MAX_BUCKETS 12    /* aging buckets, "current" included */
#define AR_BUCKET_LABEL 24

/* Ledger columns: the canonical ones of SPEC §2.1, then those a real
 * export may have instead or as well (SPEC §2.6). */
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
    AR_COL_CANONICAL_,        /* the columns above are SPEC §2.1's */
    AR_COL_DEBIT = AR_COL_CANONICAL_, /* amount = debit - credit */
    AR_COL_CREDIT,
    AR_COL_OPEN_AMOUNT,       /* open on the export date */
    AR_COL_OPEN,              /* Y/N: open on the export date */
    AR_COL_ENTITY,            /* company code */
    AR_COL_DOC_NO_ELSE,       /* the number where doc_no is blank */
    AR_COL_NAME,              /* the client's master data in the ledger */
    AR_COL_CONTACT,
    AR_COL_ADDRESS1,
    AR_COL_ADDRESS2,
    AR_COL_CITY,
    AR_COL_REGION,
    AR_COL_POSTAL_CODE,
    AR_COL_COUNTRY,
    AR_COL_EMAIL,
    AR_COL_PHONE,
    AR_COL_COUNT_
} ar_column;

/* The date columns, in this order wherever a list of them is kept. */
#define AR_DATE_COLUMNS 3     /* doc_date, due_date, settled_date */

/* How [input] group_lines reads a document written as several lines. */
typedef enum ar_group_lines {
    AR_GROUP_NONE,            /* one row, one document */
    AR_GROUP_SAME,            /* every line repeats the document's amount */
    AR_GROUP_SUM,             /* the lines' amounts add up */
} ar_group_lines;

/* [doc_types]: an export's document-type word or code and the canonical
 * type it means, by the sign of the amount (SPEC §2.6). The types are
 * ar_doc_type values or AR_TYPE_SKIP (the row is skipped, and counted). */
#define AR_TYPE_SKIP 0xFF
#define AR_MAX_DOC_TYPES 64
typedef struct ar_type_map {
    char value[48];
    uint8_t positive, negative;
} ar_type_map;

/* Policy name of a ledger column ("doc_type", "open_amount"). */
const char *ar_column_name(ar_column c);

/* Risk tiers (SPEC §3.3). */
typedef enum ar_tier {
    AR_TIER_STANDARD,
    AR_TIER_VIP,
    AR_TIER_HIGH_RISK,
    AR_TIER_COUNT_
} ar_tier;

/* "STANDARD", "VIP", "HIGH_RISK": run.json's keys. */
const char *ar_tier_name(ar_tier t);

/* "Standard", "VIP", "High-Risk": the one label a person reads, in every
 * workbook and file for people. */
const char *ar_tier_label(ar_tier t);


/* One aging bucket: days past due in [min_days, max_days]. The first bucket
 * is "current" (max_days 0, min_days INT32_MIN); the last is open-ended
 * (max_days INT32_MAX). */
typedef struct ar_bucket {
    char label[AR_BUCKET_LABEL];
    int32_t min_days;
    int32_t max_days;
} ar_bucket;

typedef enum ar_page_size { AR_PAGE_A4, AR_PAGE_LETTER } ar_page_size;

/* [letters] country_languages: the letter language of a client whose
 * language field is blank, by its country (SPEC §2.2). */
#define AR_MAX_COUNTRY_LANGS 64
typedef struct ar_country_lang {
    char country[3];              /* ISO 3166 alpha-2, capitals */
    char language[16];            /* "de", as layouts/letters/<lang>/ */
} ar_country_lang;

/* Insert marks for a mailing house's folding and inserting machine. */
typedef enum ar_marks {
    AR_MARKS_NONE,
    AR_MARKS_OMR,            /* dashes: start, end of set, sheet number
                                mod 8, parity, stop */
    AR_MARKS_DATAMATRIX,     /* a Data Matrix code: "NN/MMF" */
} ar_marks;

typedef struct ar_policy {
    /* [general] */
    char base_currency[4];        /* ISO 4217; "" = currency of first row */
    bool apply_unapplied_oldest;  /* apply_unapplied = oldest | off */

    /* [input] how the ledger is written */
    char date_format[96];         /* ar_date_parse pattern, "%Y-%m-%d", or
                                     alternatives "%m/%d/%Y | %Y-%m-%d" */
    char decimal_mark;            /* '.' or ',' */
    char delimiter;               /* ',' ';' '\t' '|', or 0 = detect (§8.2) */
    /* SPEC §2.6 */
    char date_formats[AR_DATE_COLUMNS][96]; /* date_format.<column>; "" =
                                               date_format */
    int32_t header_line;          /* 0 = auto: the first line that holds
                                     every required column */
    char skip_rows[128];          /* POSIX extended regex on a row's first
                                     non-empty field; "" = none */
    bool signed_amounts;          /* credits and payments negative */
    ar_doc_type negative_type;    /* of a negative amount when there is
                                     no doc_type column: CRN */
    ar_group_lines group_lines;
    char entity[64];              /* keep this entity only; "" = all */
    bool round_amounts;           /* half-even to the cent (counted) */
    bool open_amount_in_company;  /* open_amount in debit/credit's
                                     currency, converted at the line's
                                     own rate (Odoo) */
    bool client_id_strip_zeros;
    ar_date export_date;          /* AR_DATE_NONE: the as-of date */

    /* [columns] header name for each column ("" = the canonical name for
     * SPEC §2.1's columns, not read for the others); "A + B" joins the
     * values of several columns with '/' */
    char columns[AR_COL_COUNT_][192]; /* a policy line holds 198 bytes */

    /* [doc_types] */
    ar_type_map doc_types[AR_MAX_DOC_TYPES];
    int doc_type_count;

    /* [aging] */
    int bucket_count;             /* including "current" */
    ar_bucket buckets[AR_MAX_BUCKETS];
    int32_t sheet_max_rows;       /* 1048575: data rows per "Open items"
                                     sheet of aging.xlsx (SPEC §6) */
    /* IFRS 9 simplified approach: the expected loss rate of each bucket
     * in hundredths of a percent (0.5 % = 50); loss_rate_count is
     * bucket_count, or 0 when a file changed the buckets without giving
     * rates for them (no provision then) */
    int32_t loss_rate_bp[AR_MAX_BUCKETS];
    int loss_rate_count;

    /* [close] the general ledger's AR balances at D (gl_balance.EUR),
     * which --gl-balance overrides currency by currency */
    ar_gl_balance gl[AR_MAX_GL];
    int gl_count;

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
    bool agency_requires_letter;     /* yes: never place a client no
                                        earlier letter went to (README
                                        "Agency packet") */

    /* [fees] SPEC §3.5, off by default */
    bool fees_enabled;
    ar_cents stage_fee[AR_STAGES];   /* fixed fee per stage */
    int32_t interest_rate_bp;        /* annual rate in basis points */

    /* [kpi] SPEC §4 */
    int32_t kpi_window_days;         /* 90 */
    int32_t collection_days;         /* 45 */
    int32_t retention_days;          /* 365 */
    int32_t trend_months;            /* 13: D and a year back */
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
    int32_t dso_target;              /* days, 0 = none (SPEC §4: lower is
                                        better): the dashboard's line */
    int32_t dso_amber;               /* days, 0 = the target */

    /* [letters] SPEC §5 */
    ar_page_size page_size;          /* A4 */
    int32_t batch_max_pages;         /* 500 */
    int32_t mailing_lag_days;        /* 2: the letter date is the as-of
                                        date + this, on a business day */
    ar_country_lang country_languages[AR_MAX_COUNTRY_LANGS];
    int country_language_count;      /* AT, CH, DE, LI: de; BE, FR, LU,
                                        MC: fr */
    char no_account_text[192];       /* printed instead of bank details
                                        in a currency without an account;
                                        "" = the language's own text */
    /* #19: printed on both sides, every letter starts on a front side
     * (the batches get blank backs) */
    bool duplex;                     /* no */
    ar_marks marks;                  /* none */
    int32_t mark_zone[4];            /* x, y, width, height of the marks'
                                        zone, 1/10 mm from the sheet's
                                        top-left corner: 5, 225, 12, 40 mm */
} ar_policy;

/* The language the policy gives a client of country (ISO code, case
 * ignored) whose language field is blank, or "" when it names none. */
const char *ar_policy_country_language(const ar_policy *p,
                                       const char *country);

/* Fill p with the compiled-in defaults (equal to layouts/policy.ini). */
void ar_policy_defaults(ar_policy *p);

/* Set the buckets from n ascending limits (days): bucket 0 is "current"
 * (days past due <= 0, SPEC §2.1), then one bucket per limit, then an
 * open-ended "over-N" (SPEC §3.1). */
void ar_policy_set_buckets(ar_policy *p, const int32_t *limits, int n);

/* A [columns] value that says the column is not read at all (a preset
 * that must not read a header the export has, such as QuickBooks'
 * Currency beside home-currency amounts). */
#define AR_COLUMN_NOT_READ "(none)"

/* The most headers one column joins ("A + B + C + D"). */
#define AR_KEY_PARTS 4

/* The header text column c is read from: its [columns] value, else our
 * own name for SPEC §2.1's columns; "" when it is not read. */
const char *ar_policy_column(const ar_policy *p, ar_column c);

/* True when reading the ledger takes the mapping of SPEC §2.6 (a key of
 * its own set: types, signs, debit/credit, open amounts, layout lines,
 * line items, keys of several columns, entities, dates per column,
 * rounding, client master data...); false for a ledger that our own
 * layout with renamed columns describes, which is read the fast way. */
bool ar_policy_maps_rows(const ar_policy *p);

/* The label a person reads for bucket k: "Current", "1-30 days", "Over
 * 120 days" (run.json keeps the policy's keys, "current", "1-30",
 * "over-120"). Returns buf (size >= 32). */
const char *ar_bucket_title(const ar_policy *p, int k, char *buf,
                            size_t size);

/* The GL balance given for currency code ("" = the base currency,
 * base its code), or NULL. */
const ar_gl_balance *ar_policy_gl(const ar_policy *p, const char *code,
                                  const char *base);

/* Index of the bucket that holds days past due (0 = current). */
int ar_policy_bucket_for(const ar_policy *p, int32_t days_past_due);

/* Stage thresholds of a tier's path (SPEC §3.3): Standard as configured,
 * VIP + vip_grace_days, High-Risk halved (rounded down, at least 1). */
void ar_policy_thresholds(const ar_policy *p, ar_tier tier,
                          int32_t out[AR_STAGES]);

#endif
