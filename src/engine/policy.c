/* policy.c - the policy's defaults and the rules read straight off it:
 * names, aging buckets, stage thresholds per tier (SPEC §3). Reading a
 * policy file is ingest/policy_file.c. */
#include "ar/engine/policy.h"

#include <stdio.h>
#include <ctype.h>
#include <string.h>

static const char *const column_names[AR_COL_COUNT_] = {
    [AR_COL_DOC_TYPE] = "doc_type",
    [AR_COL_DOC_NO] = "doc_no",
    [AR_COL_CLIENT_ID] = "client_id",
    [AR_COL_DOC_DATE] = "doc_date",
    [AR_COL_DUE_DATE] = "due_date",
    [AR_COL_AMOUNT] = "amount",
    [AR_COL_CURRENCY] = "currency",
    [AR_COL_APPLIES_TO] = "applies_to",
    [AR_COL_SETTLED_DATE] = "settled_date",
    [AR_COL_DISPUTED] = "disputed",
    [AR_COL_DEBIT] = "debit",
    [AR_COL_CREDIT] = "credit",
    [AR_COL_OPEN_AMOUNT] = "open_amount",
    [AR_COL_OPEN] = "open",
    [AR_COL_ENTITY] = "entity",
    [AR_COL_DOC_NO_ELSE] = "doc_no_else",
    [AR_COL_NAME] = "name",
    [AR_COL_CONTACT] = "contact",
    [AR_COL_ADDRESS1] = "address1",
    [AR_COL_ADDRESS2] = "address2",
    [AR_COL_CITY] = "city",
    [AR_COL_REGION] = "region",
    [AR_COL_POSTAL_CODE] = "postal_code",
    [AR_COL_COUNTRY] = "country",
    [AR_COL_EMAIL] = "email",
    [AR_COL_PHONE] = "phone",
};

static const char *const tier_names[AR_TIER_COUNT_] = {
    [AR_TIER_STANDARD] = "STANDARD",
    [AR_TIER_VIP] = "VIP",
    [AR_TIER_HIGH_RISK] = "HIGH_RISK",
};

static const char *const tier_labels[AR_TIER_COUNT_] = {
    [AR_TIER_STANDARD] = "Standard",
    [AR_TIER_VIP] = "VIP",
    [AR_TIER_HIGH_RISK] = "High-Risk",
};

const char *ar_tier_label(ar_tier t)
{
    return (unsigned)t < AR_TIER_COUNT_ ? tier_labels[t] : "?";
}

const char *ar_bucket_title(const ar_policy *p, int k, char *buf,
                            size_t size)
{
    const ar_bucket *b = &p->buckets[k];
    if (k == 0)
        snprintf(buf, size, "Current");
    else if (b->max_days == INT32_MAX)
        snprintf(buf, size, "Over %ld days", (long)b->min_days - 1);
    else
        snprintf(buf, size, "%ld-%ld days", (long)b->min_days,
                 (long)b->max_days);
    return buf;
}

const ar_gl_balance *ar_policy_gl(const ar_policy *p, const char *code,
                                  const char *base)
{
    for (int i = 0; i < p->gl_count; i++) {
        const char *c = p->gl[i].currency[0] ? p->gl[i].currency : base;
        if (strcmp(c, code) == 0)
            return &p->gl[i];
    }
    return NULL;
}

const char *ar_column_name(ar_column c)
{
    if ((unsigned)c >= AR_COL_COUNT_)
        return "?";
    return column_names[c];
}

const char *ar_tier_name(ar_tier t)
{
    if ((unsigned)t >= AR_TIER_COUNT_)
        return "?";
    return tier_names[t];
}

void ar_policy_set_buckets(ar_policy *p, const int32_t *limits, int n)
{
    memset(p->buckets, 0, sizeof p->buckets);
    ar_bucket *b = p->buckets;
    snprintf(b[0].label, sizeof b[0].label, "%s", "current");
    b[0].min_days = INT32_MIN;
    b[0].max_days = 0;
    for (int i = 0; i < n; i++) {
        int32_t lo = i ? limits[i - 1] + 1 : 1;
        snprintf(b[i + 1].label, sizeof b[i + 1].label, "%ld-%ld", (long)lo,
                 (long)limits[i]);
        b[i + 1].min_days = lo;
        b[i + 1].max_days = limits[i];
    }
    snprintf(b[n + 1].label, sizeof b[n + 1].label, "over-%ld",
             (long)limits[n - 1]);
    b[n + 1].min_days = limits[n - 1] + 1;
    b[n + 1].max_days = INT32_MAX;
    p->bucket_count = n + 2;
}

void ar_policy_defaults(ar_policy *p)
{
    /* SPEC §3.1: current, 1-30, 31-60, 61-90, 91-120, over-120 */
    static const int32_t limits[] = { 30, 60, 90, 120 };
    static const ar_policy defaults = {
        .base_currency = "",           /* SPEC §8.23 */
        .apply_unapplied_oldest = false, /* SPEC §8.17 */
        .date_format = "%Y-%m-%d",
        .decimal_mark = '.',
        .delimiter = 0,                /* SPEC §8.2: detect */
        .header_line = 0,              /* SPEC §2.6: auto */
        .negative_type = AR_DOC_CRN,   /* SPEC §2.6 */
        .group_lines = AR_GROUP_NONE,
        .export_date = AR_DATE_NONE,   /* the as-of date */
        .sheet_max_rows = 1048575,     /* SPEC §6: Excel's last row */
        /* IFRS 9 loss rates per bucket: 0.5, 1.5, 4, 8, 15, 40 % */
        .loss_rate_bp = { 50, 150, 400, 800, 1500, 4000 },
        .loss_rate_count = 6,
        .stage_days = { 1, 8, 15, 30, 45 }, /* SPEC §3.2 */
        .wait_days = { 7, 7, 14, 14, 30 },  /* SPEC §3.2 */
        .min_item_amount = 0,
        .min_letter_amount = 500,      /* SPEC §3.2: 5.00 */
        .pay_within_days = 7,          /* SPEC §5: seed 003 */
        .history_days = 365,           /* SPEC §3.3 */
        .vip_grace_days = 7,
        .high_risk_avg_days_late = 30,
        .high_risk_past_due_items = 3,
        .high_risk_prior_collections = 1,
        .vip_revenue = 10000000,       /* 100,000.00 */
        .vip_max_days_late = 30,
        .vip_avg_days_late = 5,
        .call_stage = 3,               /* SPEC §8.15 */
        .suspend_days = 30,            /* SPEC §3.4 */
        .agency_days = 45,
        .agency_days_high_risk = 30,
        .agency_min_balance = 50000,   /* 500.00 */
        .legal_days = 90,
        .legal_min_balance = 500000,   /* 5,000.00 */
        .agency_commission_bp = 0,     /* SPEC §8.22 */
        .agency_requires_letter = true, /* README "Agency packet" */
        .fees_enabled = false,         /* SPEC §3.5 */
        .stage_fee = { 0, 0, 0, 0, 0 },
        .interest_rate_bp = 0,
        .kpi_window_days = 90,         /* SPEC §4 */
        .collection_days = 45,
        .retention_days = 365,
        .trend_months = 13,
        .cei_target_bp = 8000,         /* seed 002 and SPEC §4 targets */
        .cei_amber_bp = 7000,
        .collection_rate_target_bp = 9500,
        .collection_rate_amber_bp = 9000,
        .days_to_payment_target = 12,
        .days_to_payment_amber = 15,
        .retention_target_bp = 8000,
        .retention_amber_bp = 7000,
        .cost_per_recovery_target_bp = 500,
        .cost_per_recovery_amber_bp = 750,
        .dso_target = 0,               /* none: SPEC §4, lower is better */
        .dso_amber = 0,
        .page_size = AR_PAGE_A4,       /* SPEC §5 */
        .batch_max_pages = 500,
        .mailing_lag_days = 2,
        /* SPEC §2.2: blank language = from the country, else English */
        .country_languages = {{"AT", "de"}, {"BE", "fr"}, {"CH", "de"},
                              {"DE", "de"}, {"FR", "fr"}, {"LI", "de"},
                              {"LU", "fr"}, {"MC", "fr"}},
        .country_language_count = 8,
        .duplex = false,
        .marks = AR_MARKS_NONE,
        .mark_zone = {50, 2250, 120, 400},
    };
    memset(p, 0, sizeof *p);
    *p = defaults;
    ar_policy_set_buckets(p, limits, sizeof limits / sizeof limits[0]);
}

const char *ar_policy_country_language(const ar_policy *p,
                                       const char *country)
{
    for (int i = 0; i < p->country_language_count; i++) {
        const char *c = p->country_languages[i].country;
        if (toupper((unsigned char)country[0]) == c[0] && country[0] &&
            toupper((unsigned char)country[1]) == c[1] && !country[2])
            return p->country_languages[i].language;
    }
    return "";
}

const char *ar_policy_column(const ar_policy *p, ar_column c)
{
    if (strcmp(p->columns[c], AR_COLUMN_NOT_READ) == 0)
        return "";
    if (p->columns[c][0])
        return p->columns[c];
    return c < AR_COL_CANONICAL_ ? ar_column_name(c) : "";
}

bool ar_policy_maps_rows(const ar_policy *p)
{
    for (int c = AR_COL_CANONICAL_; c < AR_COL_COUNT_; c++)
        if (ar_policy_column(p, (ar_column)c)[0])
            return true;
    for (int c = 0; c < AR_COL_CANONICAL_; c++)
        if (strpbrk(p->columns[c], "+|"))
            return true; /* a key of several columns, or alternatives */
    for (int i = 0; i < AR_DATE_COLUMNS; i++)
        if (p->date_formats[i][0])
            return true;
    return p->doc_type_count > 0 || p->skip_rows[0] || p->signed_amounts ||
           p->group_lines != AR_GROUP_NONE || p->entity[0] ||
           p->round_amounts || p->client_id_strip_zeros;
}

int ar_policy_bucket_for(const ar_policy *p, int32_t days_past_due)
{
    /* SPEC §2.1: zero or fewer days past due is current */
    if (days_past_due <= 0 || p->bucket_count < 2)
        return 0;
    for (int i = 1; i < p->bucket_count; i++)
        if (days_past_due >= p->buckets[i].min_days &&
            days_past_due <= p->buckets[i].max_days)
            return i;
    return p->bucket_count - 1;
}

void ar_policy_thresholds(const ar_policy *p, ar_tier tier,
                          int32_t out[AR_STAGES])
{
    for (int i = 0; i < AR_STAGES; i++) {
        int32_t t = p->stage_days[i];
        if (tier == AR_TIER_VIP)
            t += p->vip_grace_days; /* SPEC §3.3: + 7 days grace */
        else if (tier == AR_TIER_HIGH_RISK)
            t = t / 2 > 1 ? t / 2 : 1; /* SPEC §3.3: halved, at least 1 */
        out[i] = t;
    }
}
