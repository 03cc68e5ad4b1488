/* test_policy.c - the policy file: defaults, INI rules, presets, tiers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "ar/engine/policy.h"
#include "ar/ingest/formats.h"
#include "ar/ingest/policy_file.h"

#define LAYOUT "layouts/policy.ini"

static void assert_contains(const char *s, const char *part)
{
    if (!strstr(s, part))
        fail_msg("\"%s\" does not contain \"%s\"", s, part);
}

/* Field by field: padding bytes make memcmp of two policies fragile. */
static void assert_policy_equal(const ar_policy *a, const ar_policy *b)
{
    assert_string_equal(a->base_currency, b->base_currency);
    assert_int_equal(a->apply_unapplied_oldest, b->apply_unapplied_oldest);
    assert_string_equal(a->date_format, b->date_format);
    assert_int_equal(a->decimal_mark, b->decimal_mark);
    assert_int_equal(a->delimiter, b->delimiter);
    for (int c = 0; c < AR_COL_COUNT_; c++)
        assert_string_equal(a->columns[c], b->columns[c]);
    for (int i = 0; i < AR_DATE_COLUMNS; i++)
        assert_string_equal(a->date_formats[i], b->date_formats[i]);
    assert_int_equal(a->header_line, b->header_line);
    assert_string_equal(a->skip_rows, b->skip_rows);
    assert_int_equal(a->signed_amounts, b->signed_amounts);
    assert_int_equal(a->negative_type, b->negative_type);
    assert_int_equal(a->group_lines, b->group_lines);
    assert_string_equal(a->entity, b->entity);
    assert_int_equal(a->round_amounts, b->round_amounts);
    assert_int_equal(a->open_amount_in_company, b->open_amount_in_company);
    assert_int_equal(a->client_id_strip_zeros, b->client_id_strip_zeros);
    assert_int_equal(a->export_date, b->export_date);
    assert_int_equal(a->doc_type_count, b->doc_type_count);
    assert_int_equal(a->bucket_count, b->bucket_count);
    assert_int_equal(a->sheet_max_rows, b->sheet_max_rows);
    for (int i = 0; i < a->bucket_count; i++) {
        assert_string_equal(a->buckets[i].label, b->buckets[i].label);
        assert_int_equal(a->buckets[i].min_days, b->buckets[i].min_days);
        assert_int_equal(a->buckets[i].max_days, b->buckets[i].max_days);
    }
    assert_int_equal(a->loss_rate_count, b->loss_rate_count);
    for (int i = 0; i < a->loss_rate_count; i++)
        assert_int_equal(a->loss_rate_bp[i], b->loss_rate_bp[i]);
    assert_int_equal(a->gl_count, b->gl_count);
    for (int i = 0; i < a->gl_count; i++) {
        assert_string_equal(a->gl[i].currency, b->gl[i].currency);
        assert_int_equal(a->gl[i].cents, b->gl[i].cents);
    }
    for (int i = 0; i < AR_STAGES; i++) {
        assert_int_equal(a->stage_days[i], b->stage_days[i]);
        assert_int_equal(a->wait_days[i], b->wait_days[i]);
        assert_int_equal(a->stage_fee[i], b->stage_fee[i]);
    }
    assert_int_equal(a->min_item_amount, b->min_item_amount);
    assert_int_equal(a->min_letter_amount, b->min_letter_amount);
    assert_int_equal(a->pay_within_days, b->pay_within_days);
    assert_int_equal(a->history_days, b->history_days);
    assert_int_equal(a->vip_grace_days, b->vip_grace_days);
    assert_int_equal(a->high_risk_avg_days_late, b->high_risk_avg_days_late);
    assert_int_equal(a->high_risk_past_due_items,
                     b->high_risk_past_due_items);
    assert_int_equal(a->high_risk_prior_collections,
                     b->high_risk_prior_collections);
    assert_int_equal(a->vip_revenue, b->vip_revenue);
    assert_int_equal(a->vip_max_days_late, b->vip_max_days_late);
    assert_int_equal(a->vip_avg_days_late, b->vip_avg_days_late);
    assert_int_equal(a->call_stage, b->call_stage);
    assert_int_equal(a->suspend_days, b->suspend_days);
    assert_int_equal(a->agency_days, b->agency_days);
    assert_int_equal(a->agency_days_high_risk, b->agency_days_high_risk);
    assert_int_equal(a->agency_min_balance, b->agency_min_balance);
    assert_int_equal(a->legal_days, b->legal_days);
    assert_int_equal(a->legal_min_balance, b->legal_min_balance);
    assert_int_equal(a->agency_commission_bp, b->agency_commission_bp);
    assert_int_equal(a->fees_enabled, b->fees_enabled);
    assert_int_equal(a->interest_rate_bp, b->interest_rate_bp);
    assert_int_equal(a->kpi_window_days, b->kpi_window_days);
    assert_int_equal(a->collection_days, b->collection_days);
    assert_int_equal(a->retention_days, b->retention_days);
    assert_int_equal(a->trend_months, b->trend_months);
    assert_int_equal(a->cei_target_bp, b->cei_target_bp);
    assert_int_equal(a->cei_amber_bp, b->cei_amber_bp);
    assert_int_equal(a->collection_rate_target_bp,
                     b->collection_rate_target_bp);
    assert_int_equal(a->collection_rate_amber_bp, b->collection_rate_amber_bp);
    assert_int_equal(a->days_to_payment_target, b->days_to_payment_target);
    assert_int_equal(a->days_to_payment_amber, b->days_to_payment_amber);
    assert_int_equal(a->retention_target_bp, b->retention_target_bp);
    assert_int_equal(a->retention_amber_bp, b->retention_amber_bp);
    assert_int_equal(a->cost_per_recovery_target_bp,
                     b->cost_per_recovery_target_bp);
    assert_int_equal(a->cost_per_recovery_amber_bp,
                     b->cost_per_recovery_amber_bp);
    assert_int_equal(a->dso_target, b->dso_target);
    assert_int_equal(a->dso_amber, b->dso_amber);
    assert_int_equal(a->agency_requires_letter, b->agency_requires_letter);
    assert_int_equal(a->page_size, b->page_size);
    assert_int_equal(a->batch_max_pages, b->batch_max_pages);
    assert_int_equal(a->mailing_lag_days, b->mailing_lag_days);
    assert_int_equal(a->country_language_count, b->country_language_count);
    for (int i = 0; i < a->country_language_count; i++) {
        assert_string_equal(a->country_languages[i].country,
                            b->country_languages[i].country);
        assert_string_equal(a->country_languages[i].language,
                            b->country_languages[i].language);
    }
    assert_string_equal(a->no_account_text, b->no_account_text);
}

/* Load text over the defaults; expect an error of kind err on line. */
static ar_diag load_bad(const char *text, ar_err err, long line)
{
    ar_policy p;
    ar_diag d;
    ar_policy_defaults(&p);
    ar_diag_clear(&d);
    assert_int_equal(ar_policy_load_string(&p, text, "t.ini", &d), err);
    assert_string_equal(d.file, "t.ini");
    assert_int_equal(d.line, line);
    return d;
}

static ar_policy load_good(const char *text)
{
    ar_policy p;
    ar_diag d;
    ar_policy_defaults(&p);
    ar_diag_clear(&d);
    if (ar_policy_load_string(&p, text, "t.ini", &d) != AR_OK)
        fail_msg("%s:%ld: %s", d.file, d.line, d.message);
    return p;
}

static void test_policy_defaults_equal_layouts_policy_ini(void **state)
{
    (void)state;
    ar_policy want, got;
    ar_diag d;
    ar_policy_defaults(&want);

    ar_policy_defaults(&got);
    ar_diag_clear(&d);
    if (ar_policy_load(&got, LAYOUT, &d) != AR_OK)
        fail_msg("%s:%ld: %s", d.file, d.line, d.message);
    assert_policy_equal(&got, &want);

    /* Over a pattern, the file alone must set every field. */
    memset(&got, 0x5A, sizeof got);
    got.apply_unapplied_oldest = true; /* a bool must hold 0 or 1 */
    got.fees_enabled = true;
    got.signed_amounts = got.round_amounts = true;
    got.open_amount_in_company = got.client_id_strip_zeros = true;
    got.doc_type_count = 0; /* [doc_types] is a list a file adds to */
    got.gl_count = 0;       /* and so is [close] */
    if (ar_policy_load(&got, LAYOUT, &d) != AR_OK)
        fail_msg("%s:%ld: %s", d.file, d.line, d.message);
    assert_policy_equal(&got, &want);
}

static void test_policy_defaults_follow_spec(void **state)
{
    (void)state;
    ar_policy p;
    ar_policy_defaults(&p);
    assert_string_equal(p.date_format, "%Y-%m-%d");
    assert_int_equal(p.delimiter, 0);
    assert_int_equal(p.min_letter_amount, 500);
    assert_int_equal(p.vip_revenue, 10000000);
    assert_int_equal(p.agency_min_balance, 50000);
    assert_int_equal(p.legal_min_balance, 500000);
    assert_int_equal(p.wait_days[4], 30);
    assert_int_equal(p.bucket_count, 6);
    assert_false(p.fees_enabled);
}

static void test_policy_unknown_key_is_error_naming_its_line(void **state)
{
    (void)state;
    ar_diag d = load_bad("[dunning]\nstage_days = 1, 8, 15, 30, 45\n"
                         "foo = 1\n",
                         AR_ERR_POLICY, 3);
    assert_string_equal(d.message, "unknown key 'foo' in section [dunning]");
}

static void test_policy_unknown_section_is_error(void **state)
{
    (void)state;
    ar_diag d = load_bad("[general]\n\n[dunnig]\nstage_days = 1,2,3,4,5\n",
                         AR_ERR_POLICY, 3);
    assert_contains(d.message, "unknown section [dunnig]");
    /* even with no key in it */
    d = load_bad("; empty\n[extra]\n", AR_ERR_POLICY, 2);
    assert_contains(d.message, "unknown section [extra]");
}

static void test_policy_key_outside_section_is_error(void **state)
{
    (void)state;
    ar_diag d = load_bad("call_stage = 3\n", AR_ERR_POLICY, 1);
    assert_contains(d.message, "outside any section");
}

static void test_policy_line_without_equals_is_error(void **state)
{
    (void)state;
    ar_diag d = load_bad("[kpi]\ntrend_months 12\n", AR_ERR_POLICY, 2);
    assert_contains(d.message, "trend_months 12");
    load_bad("[kpi\n", AR_ERR_POLICY, 1);
}

static void test_policy_stage_days_not_increasing_is_error(void **state)
{
    (void)state;
    ar_diag d = load_bad("[dunning]\nstage_days = 1, 8, 8, 30, 45\n",
                         AR_ERR_POLICY, 2);
    assert_contains(d.message, "key 'stage_days'");
    load_bad("[dunning]\nstage_days = 0, 8, 15, 30, 45\n", AR_ERR_POLICY, 2);
}

static void test_policy_stage_days_wrong_count_is_error(void **state)
{
    (void)state;
    load_bad("[dunning]\nstage_days = 1, 8, 15, 30\n", AR_ERR_POLICY, 2);
    load_bad("[dunning]\nstage_days = 1, 8, 15, 30, 45, 60\n", AR_ERR_POLICY,
             2);
    load_bad("[dunning]\nwait_days = 7, 7\n", AR_ERR_POLICY, 2);
}

static void test_policy_stage_days_non_number_is_error(void **state)
{
    (void)state;
    ar_diag d = load_bad("[dunning]\n\nstage_days = 1,8,x\n", AR_ERR_POLICY,
                         3);
    assert_string_equal(d.message,
                        "key 'stage_days': expected 5 increasing whole "
                        "numbers of days, got \"1,8,x\"");
    load_bad("[dunning]\nstage_days = 1, 8, 15, 30, -45\n", AR_ERR_POLICY, 2);
}

static void test_policy_money_values_parse_to_cents(void **state)
{
    (void)state;
    ar_policy p = load_good("[dunning]\nmin_letter_amount = 5.00\n"
                            "min_item_amount = 0.5\n"
                            "[tiers]\nvip_revenue = 250,000.00\n"
                            "[fees]\nstage_fee = 0, 2.50, 5, 10.00, 25.99\n");
    assert_int_equal(p.min_letter_amount, 500);
    assert_int_equal(p.min_item_amount, 50);
    assert_int_equal(p.vip_revenue, 25000000);
    assert_int_equal(p.stage_fee[0], 0);
    assert_int_equal(p.stage_fee[1], 250);
    assert_int_equal(p.stage_fee[4], 2599);
}

static void test_policy_bad_money_is_error(void **state)
{
    (void)state;
    load_bad("[dunning]\nmin_letter_amount = -5.00\n", AR_ERR_POLICY, 2);
    load_bad("[dunning]\nmin_letter_amount = 5.001\n", AR_ERR_POLICY, 2);
    load_bad("[dunning]\nmin_letter_amount =\n", AR_ERR_POLICY, 2);
    load_bad("[fees]\nstage_fee = 1, 2, 3\n", AR_ERR_POLICY, 2);
}

static void test_policy_percent_parses_to_basis_points(void **state)
{
    (void)state;
    ar_policy p = load_good("[actions]\nagency_commission = 2.5\n"
                            "[fees]\ninterest_rate = 8.25 %\n");
    assert_int_equal(p.agency_commission_bp, 250);
    assert_int_equal(p.interest_rate_bp, 825);
    load_bad("[actions]\nagency_commission = 2.555\n", AR_ERR_POLICY, 2);
    load_bad("[actions]\nagency_commission = 100.01\n", AR_ERR_POLICY, 2);
    load_bad("[actions]\nagency_commission = -1\n", AR_ERR_POLICY, 2);
}

static void test_policy_buckets_labels_from_limits(void **state)
{
    (void)state;
    static const char *const want[] = { "current", "1-30",   "31-60",
                                        "61-90",   "91-120", "over-120" };
    ar_policy p = load_good("[aging]\nbuckets = 30,60,90,120\n");
    assert_int_equal(p.bucket_count, 6);
    for (int i = 0; i < 6; i++)
        assert_string_equal(p.buckets[i].label, want[i]);
    assert_int_equal(p.buckets[0].max_days, 0);
    assert_int_equal(p.buckets[1].min_days, 1);
    assert_int_equal(p.buckets[2].min_days, 31);
    assert_int_equal(p.buckets[5].min_days, 121);
    assert_int_equal(p.buckets[5].max_days, INT32_MAX);

    p = load_good("[aging]\nbuckets = 45\n");
    assert_int_equal(p.bucket_count, 3);
    assert_string_equal(p.buckets[2].label, "over-45");
}

static void test_policy_bad_buckets_are_errors(void **state)
{
    (void)state;
    load_bad("[aging]\nbuckets = 30, 30, 90\n", AR_ERR_POLICY, 2);
    load_bad("[aging]\nbuckets = 0, 30\n", AR_ERR_POLICY, 2);
    load_bad("[aging]\nbuckets =\n", AR_ERR_POLICY, 2);
    /* AR_MAX_BUCKETS - 2 limits at most */
    load_good("[aging]\nbuckets = 1,2,3,4,5,6,7,8,9,10\n");
    load_bad("[aging]\nbuckets = 1,2,3,4,5,6,7,8,9,10,11\n", AR_ERR_POLICY, 2);
}

static void test_policy_bucket_for_days(void **state)
{
    (void)state;
    ar_policy p;
    ar_policy_defaults(&p);
    assert_int_equal(ar_policy_bucket_for(&p, -5), 0);
    assert_int_equal(ar_policy_bucket_for(&p, 0), 0);
    assert_int_equal(ar_policy_bucket_for(&p, 1), 1);
    assert_int_equal(ar_policy_bucket_for(&p, 30), 1);
    assert_int_equal(ar_policy_bucket_for(&p, 31), 2);
    assert_int_equal(ar_policy_bucket_for(&p, 120), 4);
    assert_int_equal(ar_policy_bucket_for(&p, 121), 5);
    assert_int_equal(ar_policy_bucket_for(&p, INT32_MAX), 5);
}

static void assert_thresholds(const ar_policy *p, ar_tier tier,
                              const int32_t want[AR_STAGES])
{
    int32_t got[AR_STAGES];
    ar_policy_thresholds(p, tier, got);
    for (int i = 0; i < AR_STAGES; i++)
        assert_int_equal(got[i], want[i]);
}

static void test_policy_thresholds_for_the_three_tiers(void **state)
{
    (void)state;
    static const int32_t standard[] = { 1, 8, 15, 30, 45 };
    static const int32_t vip[] = { 8, 15, 22, 37, 52 };
    static const int32_t high_risk[] = { 1, 4, 7, 15, 22 };
    ar_policy p;
    ar_policy_defaults(&p);
    assert_thresholds(&p, AR_TIER_STANDARD, standard);
    assert_thresholds(&p, AR_TIER_VIP, vip);
    assert_thresholds(&p, AR_TIER_HIGH_RISK, high_risk);
}

static void test_policy_high_risk_threshold_is_at_least_one(void **state)
{
    (void)state;
    static const int32_t want[] = { 1, 1, 1, 2, 2 };
    ar_policy p = load_good("[dunning]\nstage_days = 1, 2, 3, 4, 5\n");
    assert_thresholds(&p, AR_TIER_HIGH_RISK, want);
}

static void test_policy_ibm_preset_sets_columns_and_date_format(void **state)
{
    (void)state;
    ar_policy p;
    ar_diag d;
    ar_policy_defaults(&p);
    ar_diag_clear(&d);
    assert_int_equal(ar_policy_apply_format(&p, "ibm", &d), AR_OK);
    assert_string_equal(p.date_format, "%m/%d/%Y");
    assert_string_equal(p.columns[AR_COL_CLIENT_ID], "customerID");
    assert_string_equal(p.columns[AR_COL_DOC_NO], "invoiceNumber");
    assert_string_equal(p.columns[AR_COL_DOC_DATE], "InvoiceDate");
    assert_string_equal(p.columns[AR_COL_DUE_DATE], "DueDate");
    assert_string_equal(p.columns[AR_COL_AMOUNT], "InvoiceAmount");
    assert_string_equal(p.columns[AR_COL_DISPUTED], "Disputed");
    assert_string_equal(p.columns[AR_COL_SETTLED_DATE], "SettledDate");
    /* no type column: every row an invoice (SPEC §2.1) */
    assert_string_equal(p.columns[AR_COL_DOC_TYPE], AR_COLUMN_NOT_READ);
    assert_int_equal(p.decimal_mark, '.');
    assert_int_equal(p.delimiter, ',');
}

static void test_policy_canonical_preset_changes_nothing(void **state)
{
    (void)state;
    ar_policy p, want;
    ar_diag d;
    ar_policy_defaults(&p);
    ar_policy_defaults(&want);
    assert_int_equal(ar_policy_apply_format(&p, "canonical", &d), AR_OK);
    assert_policy_equal(&p, &want);
    /* every file of layouts/formats/ is a preset, by its name */
    bool canonical = false, ibm = false;
    for (size_t i = 0; i < ar_format_count; i++) {
        canonical |= strcmp(ar_formats[i].name, "canonical") == 0;
        ibm |= strcmp(ar_formats[i].name, "ibm") == 0;
    }
    assert_true(canonical && ibm);
}

static void test_policy_unknown_preset_is_usage_error(void **state)
{
    (void)state;
    ar_policy p;
    ar_diag d;
    ar_policy_defaults(&p);
    ar_diag_clear(&d);
    assert_int_equal(ar_policy_apply_format(&p, "sap", &d), AR_ERR_USAGE);
    assert_contains(d.message, "'sap'");
    assert_contains(d.message, "canonical");
    assert_contains(d.message, "ibm");
}

static void test_policy_unreadable_file_is_io_error(void **state)
{
    (void)state;
    ar_policy p;
    ar_diag d;
    ar_policy_defaults(&p);
    ar_diag_clear(&d);
    assert_int_equal(ar_policy_load(&p, "tests/no/such/policy.ini", &d),
                     AR_ERR_IO);
    assert_string_equal(d.file, "tests/no/such/policy.ini");
    assert_contains(d.message, "No such file or directory");
    /* a directory opens but cannot be read */
    assert_int_equal(ar_policy_load(&p, "layouts", &d), AR_ERR_IO);
}

static void test_policy_uppercase_key_matches(void **state)
{
    (void)state;
    ar_policy p = load_good("[DUNNING]\nMin_Letter_Amount = 7.50\n"
                            "[Columns]\nClient_ID = Kunde\n");
    assert_int_equal(p.min_letter_amount, 750);
    assert_string_equal(p.columns[AR_COL_CLIENT_ID], "Kunde");
}

static void test_policy_failed_load_leaves_policy_unchanged(void **state)
{
    (void)state;
    ar_policy p, want;
    ar_diag d;
    ar_policy_defaults(&p);
    ar_policy_defaults(&want);
    assert_int_equal(ar_policy_load_string(&p,
                                           "[kpi]\ntrend_months = 24\n"
                                           "trend_months = 61\n",
                                           "t.ini", &d),
                     AR_ERR_POLICY);
    assert_policy_equal(&p, &want);
}

static void test_policy_whole_numbers_are_bounded(void **state)
{
    (void)state;
    ar_diag d = load_bad("[actions]\ncall_stage = 6\n", AR_ERR_POLICY, 2);
    assert_contains(d.message, "from 1 to 5");
    load_bad("[kpi]\ntrend_months = 0\n", AR_ERR_POLICY, 2);
    load_bad("[letters]\nbatch_max_pages = 0\n", AR_ERR_POLICY, 2);
    load_bad("[tiers]\nhistory_days = 36501\n", AR_ERR_POLICY, 2);
    load_bad("[tiers]\nhistory_days = 99999999999\n", AR_ERR_POLICY, 2);
    load_bad("[tiers]\nhistory_days = 3.5\n", AR_ERR_POLICY, 2);
    ar_policy p = load_good("[kpi]\ntrend_months = 60\n");
    assert_int_equal(p.trend_months, 60);
}

static void test_policy_words_for_input_settings(void **state)
{
    (void)state;
    ar_policy p = load_good("[input]\ndelimiter = Semicolon\n"
                            "decimal_mark = ,\ndate_format = %d.%m.%Y\n"
                            "[general]\napply_unapplied = OLDEST\n"
                            "base_currency = EUR\n"
                            "[fees]\nfees_enabled = True\n"
                            "[letters]\npage_size = letter\n");
    assert_int_equal(p.delimiter, ';');
    assert_int_equal(p.decimal_mark, ',');
    assert_string_equal(p.date_format, "%d.%m.%Y");
    assert_true(p.apply_unapplied_oldest);
    assert_string_equal(p.base_currency, "EUR");
    assert_true(p.fees_enabled);
    assert_int_equal(p.page_size, AR_PAGE_LETTER);

    p = load_good("[input]\ndelimiter = tab\ndecimal_mark = comma\n");
    assert_int_equal(p.delimiter, '\t');
    assert_int_equal(p.decimal_mark, ',');
    /* " ;" starts a comment, so this value is blank, not ';' */
    ar_diag d = load_bad("[input]\ndelimiter = ;\n", AR_ERR_POLICY, 2);
    assert_contains(d.message, "semicolon");
    load_bad("[input]\ndate_format = %Y-%m\n", AR_ERR_POLICY, 2);
    load_bad("[fees]\nfees_enabled = maybe\n", AR_ERR_POLICY, 2);
    load_bad("[letters]\npage_size = A5\n", AR_ERR_POLICY, 2);
}

static void test_policy_base_currency_is_three_capitals(void **state)
{
    (void)state;
    load_bad("[general]\nbase_currency = eur\n", AR_ERR_POLICY, 2);
    load_bad("[general]\nbase_currency = EURO\n", AR_ERR_POLICY, 2);
    /* a later file's blank sets it back to the first row's currency */
    ar_policy p = load_good("[general]\nbase_currency = USD\n");
    assert_string_equal(p.base_currency, "USD");
    ar_diag d;
    assert_int_equal(ar_policy_load_string(&p, "[general]\nbase_currency =\n",
                                           "t2.ini", &d),
                     AR_OK);
    assert_string_equal(p.base_currency, "");
}

static void test_policy_invalid_utf8_is_error(void **state)
{
    (void)state;
    ar_diag d = load_bad("[columns]\namount = Betrag\ndoc_no = Nr\xE9\n",
                         AR_ERR_POLICY, 3);
    assert_contains(d.message, "UTF-8");
    ar_policy p = load_good("\xEF\xBB\xBF[columns]\nclient_id = Nº Client\n");
    assert_string_equal(p.columns[AR_COL_CLIENT_ID], "Nº Client");
}

static void test_policy_indented_line_is_not_a_continuation(void **state)
{
    (void)state;
    ar_policy p = load_good("[kpi]\r\n  trend_months = 6 ; half a year\r\n"
                            "\tkpi_window_days = 30\r\n");
    assert_int_equal(p.trend_months, 6);
    assert_int_equal(p.kpi_window_days, 30);
}

static void test_policy_overlong_line_is_error(void **state)
{
    (void)state;
    char text[400] = "[columns]\namount = ";
    size_t n = strlen(text);
    memset(text + n, 'x', 250);
    text[n + 250] = '\0';
    ar_diag d = load_bad(text, AR_ERR_POLICY, 2);
    assert_contains(d.message, "longer than");
}

/* SPEC §2.6: "A + B | C + D": up to four parts in each alternative, not
 * in the whole value (the QuickBooks preset's doc_no_else has three
 * alternatives of three parts). */
static void test_policy_key_parts_are_counted_per_alternative(void **state)
{
    (void)state;
    ar_policy p = load_good("[columns]\ndoc_no_else = Customer + Date + "
                            "Amount | Client + Date + Amount | Name + Date "
                            "+ Amount\n");
    assert_string_equal(p.columns[AR_COL_DOC_NO_ELSE],
                         "Customer + Date + Amount | Client + Date + Amount "
                         "| Name + Date + Amount");
    p = load_good("[columns]\ndoc_no = A + B + C + D | E + F + G + H\n");
    assert_string_equal(p.columns[AR_COL_DOC_NO], "A + B + C + D | E + F + G + H");
    ar_diag d = load_bad("[columns]\ndoc_no = A + B | C + D + E + F + G\n",
                         AR_ERR_POLICY, 2);
    assert_contains(d.message, "up to 4");
    load_bad("[columns]\ndoc_no = A + B | + C\n", AR_ERR_POLICY, 2);
    load_bad("[columns]\ndoc_no = A + | C\n", AR_ERR_POLICY, 2);
}

static void test_policy_column_and_tier_names(void **state)
{
    (void)state;
    assert_string_equal(ar_column_name(AR_COL_DOC_TYPE), "doc_type");
    assert_string_equal(ar_column_name(AR_COL_SETTLED_DATE), "settled_date");
    assert_string_equal(ar_column_name(AR_COL_DISPUTED), "disputed");
    assert_string_equal(ar_tier_name(AR_TIER_STANDARD), "STANDARD");
    assert_string_equal(ar_tier_name(AR_TIER_VIP), "VIP");
    assert_string_equal(ar_tier_name(AR_TIER_HIGH_RISK), "HIGH_RISK");
}

/* Load text as policy file "test.ini" over the defaults; the error. */
static ar_err load_text(const char *text, ar_diag *d)
{
    ar_policy p;
    ar_policy_defaults(&p);
    ar_diag_clear(d);
    return ar_policy_load_string(&p, text, "test.ini", d);
}

static void assert_policy_error(const char *text, long line,
                                const char *part)
{
    ar_diag d;
    if (load_text(text, &d) != AR_ERR_POLICY)
        fail_msg("accepted: %s", text);
    assert_string_equal(d.file, "test.ini");
    assert_int_equal(d.line, line);
    assert_contains(d.message, part);
}

/* Issue 22 item 13: a RAG amber limit on the wrong side of its target,
 * minding which way is better, names file and line. */
static void test_policy_amber_beyond_target_refused(void **state)
{
    (void)state;
    assert_policy_error("[kpi]\ncei_amber = 85\n", 2, "cei_amber");
    assert_policy_error("[kpi]\ncei_target = 60\n", 2, "cei_target");
    assert_policy_error("[kpi]\ncei_target = 90\n; both\ncei_amber = 95\n",
                        4, "cei_amber");
    assert_policy_error("[kpi]\ncollection_rate_amber = 96\n", 2,
                        "collection_rate_amber");
    assert_policy_error("[kpi]\nretention_amber = 81\n", 2,
                        "retention_amber");
    /* lower is better: the amber limit is above the target */
    assert_policy_error("[kpi]\ndays_to_payment_amber = 10\n", 2,
                        "days_to_payment_amber");
    assert_policy_error("[kpi]\ncost_per_recovery_target = 8\n", 2,
                        "cost_per_recovery_target");
    ar_diag d;
    assert_int_equal(load_text("[kpi]\ncei_target = 60\ncei_amber = 50\n"
                               "days_to_payment_target = 20\n"
                               "days_to_payment_amber = 20\n",
                               &d),
                     AR_OK);
}

/* SPEC §5: the pay-by date is at most 7 days after the letter date. */
static void test_policy_pay_within_days_above_7_refused(void **state)
{
    (void)state;
    assert_policy_error("[dunning]\npay_within_days = 20\n", 2,
                        "pay_within_days");
    ar_diag d;
    assert_int_equal(load_text("[dunning]\npay_within_days = 7\n", &d),
                     AR_OK);
}

/* SPEC §2.2: a blank language comes from the country through the
 * policy's map; a country the map does not name gets none ("" = en). */
static void test_policy_country_languages_map(void **state)
{
    (void)state;
    ar_policy p;
    ar_policy_defaults(&p);
    assert_string_equal(ar_policy_country_language(&p, "de"), "de");
    assert_string_equal(ar_policy_country_language(&p, "FR"), "fr");
    assert_string_equal(ar_policy_country_language(&p, "PL"), "");
    assert_string_equal(ar_policy_country_language(&p, ""), "");
    p = load_good("[letters]\ncountry_languages = pl:pl , NL : nl,CA:fr\n"
                  "no_account_text = Call us for our bank details.\n"
                  "mailing_lag_days = 0\n");
    assert_int_equal(p.country_language_count, 3);
    assert_string_equal(ar_policy_country_language(&p, "PL"), "pl");
    assert_string_equal(ar_policy_country_language(&p, "nl"), "nl");
    assert_string_equal(ar_policy_country_language(&p, "CA"), "fr");
    assert_string_equal(ar_policy_country_language(&p, "DE"), "");
    assert_string_equal(p.no_account_text, "Call us for our bank details.");
    assert_int_equal(p.mailing_lag_days, 0);
    p = load_good("[letters]\ncountry_languages =\n");
    assert_int_equal(p.country_language_count, 0);
    assert_policy_error("[letters]\ncountry_languages = DE-de\n", 2,
                        "country_languages");
    assert_policy_error("[letters]\ncountry_languages = DEU:de\n", 2,
                        "country_languages");
    assert_policy_error("[letters]\ncountry_languages = DE:DE\n", 2,
                        "country_languages");
    assert_policy_error("[letters]\ncountry_languages = DE:de, de:fr\n", 2,
                        "given twice");
    assert_policy_error("[letters]\nmailing_lag_days = 90\n", 2,
                        "mailing_lag_days");
}

/* A key given twice in one file names the line of the second. */
static void test_policy_duplicate_key_refused(void **state)
{
    (void)state;
    assert_policy_error("[kpi]\ncei_target = 80\ntrend_months = 3\n"
                        "CEI_TARGET = 85\n",
                        4, "line 2");
    assert_policy_error("[input]\ndelimiter = comma\n[kpi]\n[input]\n"
                        "delimiter = tab\n",
                        5, "delimiter");
    assert_policy_error("[columns]\namount = A\namount = B\n", 3, "amount");
    /* the same name in two sections is two keys; a second file may
     * override the first */
    ar_diag d;
    assert_int_equal(load_text("[columns]\nentity = X\n[input]\n"
                               "entity = Y\n",
                               &d),
                     AR_OK);
}

/* README "Aging workbook": IFRS 9 loss rates, one per bucket. */
static void test_policy_loss_rates_one_per_bucket(void **state)
{
    (void)state;
    ar_policy p = load_good("[aging]\nloss_rates = 1, 2.5, 5 %, 10, 20, "
                            "100\n");
    assert_int_equal(p.loss_rate_count, 6);
    assert_int_equal(p.loss_rate_bp[0], 100);
    assert_int_equal(p.loss_rate_bp[1], 250);
    assert_int_equal(p.loss_rate_bp[5], 10000);
    /* new buckets and their rates, in either order */
    p = load_good("[aging]\nloss_rates = 1, 2, 3, 4\nbuckets = 30, 90\n");
    assert_int_equal(p.loss_rate_count, 4);
    /* new buckets without rates: no provision matrix */
    p = load_good("[aging]\nbuckets = 30, 90\n");
    assert_int_equal(p.bucket_count, 4);
    assert_int_equal(p.loss_rate_count, 0);
    ar_diag d = load_bad("[aging]\nbuckets = 30, 90\nloss_rates = 1, 2\n",
                         AR_ERR_POLICY, 3);
    assert_contains(d.message, "2 rates for the 4 aging buckets");
    d = load_bad("[aging]\nloss_rates = 1, 2, x, 4, 5, 6\n", AR_ERR_POLICY,
                 2);
    assert_contains(d.message, "loss_rates");
    load_bad("[aging]\nloss_rates = 1, 2, 3, 4, 5, 100.01\n",
             AR_ERR_POLICY, 2);
    load_bad("[aging]\nloss_rates = 1, 2, 3, 4, 5, 1.234\n",
             AR_ERR_POLICY, 2);
}

/* [close] gl_balance.XXX: per currency, negative allowed, a later file's
 * value replacing an earlier one's. */
static void test_policy_gl_balances(void **state)
{
    (void)state;
    ar_policy p = load_good("[close]\ngl_balance.EUR = 1234567.89\n"
                            "gl_balance.usd = -12.50\ngl_balance = 7\n");
    assert_int_equal(p.gl_count, 3);
    assert_string_equal(p.gl[0].currency, "EUR");
    assert_int_equal(p.gl[0].cents, 123456789);
    assert_string_equal(p.gl[1].currency, "USD");
    assert_int_equal(p.gl[1].cents, -1250);
    assert_string_equal(p.gl[2].currency, "");
    assert_int_equal(ar_policy_gl(&p, "EUR", "GBP")->cents, 123456789);
    assert_int_equal(ar_policy_gl(&p, "GBP", "GBP")->cents, 700);
    assert_null(ar_policy_gl(&p, "JPY", "GBP"));
    ar_diag d;
    ar_diag_clear(&d);
    assert_int_equal(ar_policy_load_string(&p, "[close]\ngl_balance.EUR = 1\n",
                                           "u.ini", &d),
                     AR_OK);
    assert_int_equal(p.gl_count, 3);
    assert_int_equal(p.gl[0].cents, 100);
    d = load_bad("[close]\ngl_balance.EURO = 1\n", AR_ERR_POLICY, 2);
    assert_contains(d.message, "3-letter");
    load_bad("[close]\ngl_balance.EUR = 1.234\n", AR_ERR_POLICY, 2);
    load_bad("[close]\nprepared_by = me\n", AR_ERR_POLICY, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_policy_defaults_equal_layouts_policy_ini),
        cmocka_unit_test(test_policy_country_languages_map),
        cmocka_unit_test(test_policy_defaults_follow_spec),
        cmocka_unit_test(test_policy_unknown_key_is_error_naming_its_line),
        cmocka_unit_test(test_policy_unknown_section_is_error),
        cmocka_unit_test(test_policy_key_outside_section_is_error),
        cmocka_unit_test(test_policy_line_without_equals_is_error),
        cmocka_unit_test(test_policy_stage_days_not_increasing_is_error),
        cmocka_unit_test(test_policy_stage_days_wrong_count_is_error),
        cmocka_unit_test(test_policy_stage_days_non_number_is_error),
        cmocka_unit_test(test_policy_money_values_parse_to_cents),
        cmocka_unit_test(test_policy_bad_money_is_error),
        cmocka_unit_test(test_policy_percent_parses_to_basis_points),
        cmocka_unit_test(test_policy_buckets_labels_from_limits),
        cmocka_unit_test(test_policy_bad_buckets_are_errors),
        cmocka_unit_test(test_policy_bucket_for_days),
        cmocka_unit_test(test_policy_thresholds_for_the_three_tiers),
        cmocka_unit_test(test_policy_high_risk_threshold_is_at_least_one),
        cmocka_unit_test(test_policy_ibm_preset_sets_columns_and_date_format),
        cmocka_unit_test(test_policy_canonical_preset_changes_nothing),
        cmocka_unit_test(test_policy_unknown_preset_is_usage_error),
        cmocka_unit_test(test_policy_unreadable_file_is_io_error),
        cmocka_unit_test(test_policy_uppercase_key_matches),
        cmocka_unit_test(test_policy_failed_load_leaves_policy_unchanged),
        cmocka_unit_test(test_policy_whole_numbers_are_bounded),
        cmocka_unit_test(test_policy_words_for_input_settings),
        cmocka_unit_test(test_policy_base_currency_is_three_capitals),
        cmocka_unit_test(test_policy_invalid_utf8_is_error),
        cmocka_unit_test(test_policy_indented_line_is_not_a_continuation),
        cmocka_unit_test(test_policy_overlong_line_is_error),
        cmocka_unit_test(test_policy_key_parts_are_counted_per_alternative),
        cmocka_unit_test(test_policy_column_and_tier_names),
        cmocka_unit_test(test_policy_amber_beyond_target_refused),
        cmocka_unit_test(test_policy_pay_within_days_above_7_refused),
        cmocka_unit_test(test_policy_duplicate_key_refused),
        cmocka_unit_test(test_policy_loss_rates_one_per_bucket),
        cmocka_unit_test(test_policy_gl_balances),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
