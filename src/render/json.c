/* json.c - run.json, the machine-readable run summary (SPEC §6). */
#include "ar/render/render.h"
#include "ar/base/files.h"
#include "ar/base/version.h"
#include "ar/engine/group.h"
#include "ar/render/json_parts.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const phase_names[AR_PHASE_COUNT_] = {
    [AR_PHASE_READ] = "read",       [AR_PHASE_ANALYSE] = "analyse",
    [AR_PHASE_AGING] = "aging",     [AR_PHASE_KPI] = "kpi",
    [AR_PHASE_LETTERS] = "letters", [AR_PHASE_AGENCY] = "agency",
    [AR_PHASE_WRITE] = "write",
};

const char *ar_phase_name(ar_phase p)
{
    return (unsigned)p < AR_PHASE_COUNT_ ? phase_names[p] : "?";
}

/* Counts and amounts in cents are written as integers, digit for digit.
 * cJSON would print a number through a double with "%1.15g", which
 * writes 5000000000000001 as 5e+15: they go in as raw text instead
 * (README "Reliability": exact up to 2^53 - 1, where a reader's doubles
 * stop being exact; arbatch's own totals never pass it). */
void ar_json_add_int(cJSON *o, const char *key, int64_t v)
{
    char digits[24];
    snprintf(digits, sizeof digits, "%lld", (long long)v);
    cJSON_AddItemToObject(o, key, cJSON_CreateRaw(digits));
}

static void add_stage_counts(cJSON *o, const char *key, const uint64_t *v)
{
    cJSON *s = cJSON_AddObjectToObject(o, key);
    for (int k = 1; k <= AR_STAGES; k++) {
        char name[12];
        snprintf(name, sizeof name, "%d", k);
        ar_json_add_int(s, name, (int64_t)v[k]);
    }
}

static cJSON *totals_object(const ar_policy *p, const ar_totals *t)
{
    cJSON *o = cJSON_CreateObject();
    ar_json_add_int(o, "invoiced", t->invoiced);
    ar_json_add_int(o, "settled", t->settled);
    ar_json_add_int(o, "open_ar", t->open);
    ar_json_add_int(o, "unapplied_credits", t->unapplied);
    cJSON *b = cJSON_AddObjectToObject(o, "buckets");
    for (int k = 0; k < p->bucket_count; k++)
        ar_json_add_int(b, p->buckets[k].label, t->buckets[k]);
    return o;
}

void ar_json_add_kpis(cJSON *o, const char *key, const ar_kpi_value *v)
{
    cJSON *kpi = cJSON_AddObjectToObject(o, key);
    for (int k = 0; k < AR_KPI_COUNT_; k++) {
        if (v[k].defined)
            cJSON_AddNumberToObject(kpi, ar_kpi_key((ar_kpi_id)k), v[k].value);
        else
            cJSON_AddNullToObject(kpi, ar_kpi_key((ar_kpi_id)k));
    }
}

void ar_json_add_rate(cJSON *o, const char *key, int64_t num, int scale)
{
    char digits[40], text[48];
    snprintf(digits, sizeof digits, "%0*lld", scale + 1, (long long)num);
    size_t n = strlen(digits), whole = n - (size_t)scale;
    snprintf(text, sizeof text, "%.*s%s%s", (int)whole, digits,
             scale ? "." : "", digits + whole);
    cJSON_AddItemToObject(o, key, cJSON_CreateRaw(text));
}

/* SPEC §8.22-8.23 and README "Currencies": what the base-currency KPIs
 * cover, and with --fx the KPIs over every currency at its rate. */
static void add_currencies(cJSON *root, const ar_run *run)
{
    const ar_analysis *a = &run->analysis;
    const ar_ledger *lg = run->ledger;
    const ar_kpis *k = &a->kpi;
    const ar_kpi_coverage *cv = &k->coverage;
    const char *base = ar_ledger_currency_code(lg, ar_ledger_base_currency(lg));
    cJSON *c = cJSON_AddObjectToObject(root, "kpi_coverage");
    cJSON_AddStringToObject(c, "currency", base);
    ar_json_add_int(c, "currencies", cv->currencies);
    ar_json_add_int(c, "clients_with_balance", (int64_t)cv->clients_base);
    ar_json_add_int(c, "clients_with_balance_all", (int64_t)cv->clients_all);
    ar_json_add_int(c, "open_items", (int64_t)cv->items_base);
    ar_json_add_int(c, "open_items_all", (int64_t)cv->items_all);
    ar_json_add_int(c, "cost_rows_left_out", cv->cost_rows_left_out);
    ar_json_add_int(c, "costs_left_out_cents", cv->costs_left_out);

    const ar_kpi_consolidated *cons = &k->cons;
    if (!ar_ledger_fx_loaded(lg)) {
        cJSON_AddNullToObject(root, "kpi_consolidated");
        return;
    }
    cJSON *o = cJSON_AddObjectToObject(root, "kpi_consolidated");
    cJSON_AddBoolToObject(o, "available", cons->available);
    if (!cons->available) {
        cJSON_AddStringToObject(o, "reason",
                                cons->why_not ? cons->why_not : "?");
        return;
    }
    cJSON_AddStringToObject(o, "currency", base);
    cJSON_AddStringToObject(o, "rounding",
                            "each currency's total of a figure converts "
                            "once at its rate, half to even");
    cJSON *rates = cJSON_AddObjectToObject(o, "rates");
    const ar_fx_rate *r = ar_ledger_fx_rates(lg);
    for (size_t i = 0; i < ar_ledger_fx_count(lg); i++) {
        cJSON *one = cJSON_AddObjectToObject(rates, r[i].code);
        ar_json_add_rate(one, "rate", r[i].num, r[i].scale);
        cJSON_AddStringToObject(one, "source",
                                ar_ledger_text(lg, r[i].source));
        char day[16] = "";
        if (r[i].date != AR_DATE_NONE)
            ar_date_format_iso(r[i].date, day, sizeof day);
        cJSON_AddStringToObject(one, "date", day);
    }
    const ar_kpi_inputs *in = &cons->in;
    cJSON *t = cJSON_AddObjectToObject(o, "totals_cents");
    ar_cents open = 0;
    for (int b = 0; b < run->policy.bucket_count; b++)
        open += in->buckets[b];
    ar_json_add_int(t, "open_ar", open);
    ar_json_add_int(t, "unapplied_credits", cons->unapplied);
    cJSON *bk = cJSON_AddObjectToObject(t, "buckets");
    for (int b = 0; b < run->policy.bucket_count; b++)
        ar_json_add_int(bk, run->policy.buckets[b].label, in->buckets[b]);
    ar_json_add_int(t, "over_90_days", in->over_days);
    cJSON *f = cJSON_AddObjectToObject(o, "inputs_cents");
    ar_json_add_int(f, "ar_d", in->ar_d);
    ar_json_add_int(f, "current_d", in->current_d);
    ar_json_add_int(f, "sales_w", in->sales_w);
    ar_json_add_int(f, "ar_s", in->ar_s);
    ar_json_add_int(f, "sales_s", in->sales_s);
    ar_json_add_int(f, "due_amount", in->due_amount);
    ar_json_add_int(f, "collected_45", in->collected_45);
    ar_json_add_int(f, "recovered_w", in->recovered_w);
    ar_json_add_int(f, "costs_w", in->costs_w);
    ar_json_add_int(f, "commission_w", in->commission_w);
    ar_json_add_kpis(o, "kpi", cons->v);
}

/* One currency's KPI inputs at D, cents, days and counts as integers. */
cJSON *ar_json_inputs(const ar_kpi_inputs *x, int buckets, ar_cents placed,
                      bool costs)
{
    cJSON *o = cJSON_CreateObject();
    ar_json_add_int(o, "ar_d", x->ar_d);
    ar_json_add_int(o, "current_d", x->current_d);
    ar_json_add_int(o, "sales_w", x->sales_w);
    ar_json_add_int(o, "ar_s", x->ar_s);
    ar_json_add_int(o, "sales_s", x->sales_s);
    ar_json_add_int(o, "due_amount", x->due_amount);
    ar_json_add_int(o, "collected_45", x->collected_45);
    ar_json_add_int(o, "late_days_sum", x->late_days_sum);
    ar_json_add_int(o, "late_count", x->late_count);
    ar_json_add_int(o, "retention_base", x->retention_base);
    ar_json_add_int(o, "retention_kept", x->retention_kept);
    ar_json_add_int(o, "recovered_w", x->recovered_w);
    ar_json_add_int(o, "placed_w", placed);
    /* cost rows carry no currency: the base currency's (README
     * "Currencies") */
    if (costs) {
        ar_json_add_int(o, "costs_w", x->costs_w);
        ar_json_add_int(o, "commission_w", x->commission_w);
    } else {
        cJSON_AddNullToObject(o, "costs_w");
        cJSON_AddNullToObject(o, "commission_w");
    }
    cJSON *b = cJSON_AddArrayToObject(o, "buckets");
    for (int k = 0; k < buckets; k++) {
        char digits[24];
        snprintf(digits, sizeof digits, "%lld", (long long)x->buckets[k]);
        cJSON_AddItemToArray(b, cJSON_CreateRaw(digits));
    }
    ar_json_add_int(o, "over_90_days", x->over_days);
    return o;
}

/* Issue #21 item 4: what `merge --group` adds up, integers only: each
 * currency's KPI inputs at D in its own cents, the base currency's as
 * its KPIs took them, and what they were computed under. */
static void add_kpi_inputs(cJSON *root, const ar_run *run)
{
    const ar_kpis *k = &run->analysis.kpi;
    const ar_ledger *lg = run->ledger;
    const ar_policy *p = &run->policy;
    uint16_t base = ar_ledger_base_currency(lg);
    cJSON *o = cJSON_AddObjectToObject(root, "kpi_inputs");
    cJSON_AddStringToObject(o, "format", AR_KPI_INPUTS_FORMAT);
    ar_json_add_int(o, "kpi_window_days", p->kpi_window_days);
    ar_json_add_int(o, "agency_commission_bp", p->agency_commission_bp);
    cJSON *labels = cJSON_AddArrayToObject(o, "buckets");
    for (int b = 0; b < p->bucket_count; b++)
        cJSON_AddItemToArray(labels,
                             cJSON_CreateString(p->buckets[b].label));
    cJSON_AddBoolToObject(o, "open_balances", run->stats.open_balances);
    cJSON_AddBoolToObject(o, "costs_file", k->in.have_costs);
    /* every cost row in W: the base currency's and those left out */
    ar_json_add_int(o, "costs_all_w", k->in.costs_w + k->coverage.costs_left_out);
    ar_json_add_int(o, "retention_base_all", k->by_cur.retention_base_all);
    ar_json_add_int(o, "retention_kept_all", k->by_cur.retention_kept_all);
    if (!k->by_cur.count) {
        cJSON_AddNullToObject(o, "by_currency");
        return;
    }
    cJSON *by = cJSON_AddObjectToObject(o, "by_currency");
    cJSON_AddItemToObject(by, ar_ledger_currency_code(lg, base),
                          ar_json_inputs(&k->in, p->bucket_count,
                                         k->by_cur.placed[base], true));
    static const ar_kpi_inputs zero;
    for (uint16_t c = 0; c < k->by_cur.count; c++) {
        const ar_kpi_inputs *x = &k->by_cur.in[c];
        if (c == base || (memcmp(x, &zero, sizeof zero) == 0 &&
                          k->by_cur.placed[c] == 0))
            continue;
        cJSON_AddItemToObject(by, ar_ledger_currency_code(lg, c),
                              ar_json_inputs(x, p->bucket_count,
                                             k->by_cur.placed[c], false));
    }
}

/* SPEC §6 "rollforward": one currency's, in integer cents. */
static cJSON *rollforward_object(const ar_run *run, const ar_totals *t,
                                 const char *code)
{
    static const char *const keys[AR_RF_LINE_COUNT_] = {
        "invoices", "debit_notes", "cash", "credit_notes", "write_offs"};
    static const char *const kinds[AR_RF_CREDIT_COUNT_] = {
        "cash", "credit_notes", "write_offs"};
    const ar_rf_figures *f = ar_rollforward_of(&run->rollforward,
                                               t->currency);
    cJSON *o = cJSON_CreateObject();
    char day[16], key[40];
    cJSON_AddStringToObject(
        o, "opening_date",
        ar_date_format_iso(run->rollforward.opening_date, day, sizeof day));
    ar_json_add_int(o, "opening_cents", f->opening);
    for (int l = 0; l < AR_RF_LINE_COUNT_; l++) {
        snprintf(key, sizeof key, "%s_cents", keys[l]);
        ar_json_add_int(o, key, f->line[l]);
    }
    ar_json_add_int(o, "closing_cents", f->closing);
    cJSON *counts = cJSON_AddObjectToObject(o, "counts");
    for (int l = 0; l < AR_RF_LINE_COUNT_; l++)
        ar_json_add_int(counts, keys[l], (int64_t)f->count[l]);
    /* the part of each line from documents dated on or before the
     * opening that a clearing in the period consumed (SPEC §2.6) */
    cJSON *earlier = cJSON_AddObjectToObject(o, "from_before_opening_cents");
    for (int l = 0; l < AR_RF_LINE_COUNT_; l++)
        ar_json_add_int(earlier, keys[l], f->earlier[l]);
    ar_json_add_int(o, "open_items_cents", f->open_items);
    cJSON *un = cJSON_AddObjectToObject(o, "unapplied_credits_cents");
    for (int k = 0; k < AR_RF_CREDIT_COUNT_; k++)
        ar_json_add_int(un, kinds[k], f->unapplied[k]);
    const char *base = ar_ledger_currency_code(
        run->ledger, ar_ledger_base_currency(run->ledger));
    const ar_gl_balance *gl = ar_policy_gl(&run->policy, code, base);
    if (gl) {
        ar_json_add_int(o, "gl_balance_cents", gl->cents);
        ar_json_add_int(o, "gl_difference_cents", gl->cents - f->closing);
    } else {
        cJSON_AddNullToObject(o, "gl_balance_cents");
        cJSON_AddNullToObject(o, "gl_difference_cents");
    }
    cJSON *later = cJSON_AddObjectToObject(o, "after_as_of");
    ar_json_add_int(later, "items", (int64_t)f->later_items_count);
    ar_json_add_int(later, "items_cents", f->later_items);
    ar_json_add_int(later, "credits", (int64_t)f->later_credits_count);
    ar_json_add_int(later, "credits_cents", f->later_credits);
    uint64_t rows[AR_ERR_COUNT_];
    ar_cents cents[AR_ERR_COUNT_];
    ar_rejects_values(&run->rejects, run->opts->ledger, code, base, rows,
                      cents, NULL);
    cJSON *rej = cJSON_AddObjectToObject(o, "rejected_rows");
    for (int e = 0; e < AR_ERR_COUNT_; e++) {
        if (!rows[e])
            continue;
        cJSON *r = cJSON_AddObjectToObject(rej, ar_strerror((ar_err)e));
        ar_json_add_int(r, "rows", (int64_t)rows[e]);
        ar_json_add_int(r, "cents", cents[e]);
    }
    return o;
}

/* The IFRS 9 provision matrix (README "Aging workbook"), or null when
 * the policy has no loss rates for its buckets. */
static void add_provision(cJSON *root, const ar_run *run)
{
    const ar_policy *p = &run->policy;
    const ar_analysis *a = &run->analysis;
    if (p->loss_rate_count != p->bucket_count) {
        cJSON_AddNullToObject(root, "provision");
        return;
    }
    cJSON *pv = cJSON_AddObjectToObject(root, "provision");
    cJSON_AddStringToObject(pv, "basis",
                            "IFRS 9 simplified approach: the open items of "
                            "each aging bucket (gross) times its loss rate");
    cJSON_AddStringToObject(pv, "rounding",
                            "half-up per bucket to the cent (to a whole "
                            "unit in a currency without cents, such as "
                            "JPY); the total is the sum of the buckets");
    cJSON *rates = cJSON_AddObjectToObject(pv, "loss_rates_percent");
    for (int k = 0; k < p->bucket_count; k++)
        cJSON_AddNumberToObject(rates, p->buckets[k].label,
                                p->loss_rate_bp[k] / 100.0);
    cJSON *by = cJSON_AddObjectToObject(pv, "by_currency");
    for (size_t i = 0; i < a->totals_count; i++) {
        const ar_totals *t = &a->totals[i];
        cJSON *c = cJSON_AddObjectToObject(
            by, ar_ledger_currency_code(run->ledger, t->currency));
        cJSON *bk = cJSON_AddObjectToObject(c, "buckets");
        ar_cents total = 0;
        for (int k = 0; k < p->bucket_count; k++) {
            ar_cents ecl = ar_provision_ecl(
                t->buckets[k], p->loss_rate_bp[k],
                ar_currency_digits(ar_ledger_currency_code(
                    run->ledger, t->currency)) == 0);
            cJSON *x = cJSON_AddObjectToObject(bk, p->buckets[k].label);
            ar_json_add_int(x, "gross_cents", t->buckets[k]);
            ar_json_add_int(x, "ecl_cents", ecl);
            total += ecl;
        }
        ar_json_add_int(c, "gross_cents", t->open);
        ar_json_add_int(c, "ecl_cents", total);
    }
}

static void add_warning(void *warnings, const char *text, bool note)
{
    (void)note; /* run.json lists notes among the warnings */
    cJSON_AddItemToArray(warnings, cJSON_CreateString(text));
}

static cJSON *build(const ar_run *run)
{
    const ar_analysis *a = &run->analysis;
    const ar_ledger *lg = run->ledger;
    const ar_policy *p = &run->policy;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "version", ar_version());
    char day[16];
    cJSON_AddStringToObject(root, "as_of",
                            ar_date_format_iso(a->as_of, day, sizeof day));
    /* SPEC §5: the date the letters bear and their pay-by date */
    if (run->letter_date != AR_DATE_NONE) {
        cJSON_AddStringToObject(
            root, "letter_date",
            ar_date_format_iso(run->letter_date, day, sizeof day));
        cJSON_AddStringToObject(
            root, "pay_by", ar_date_format_iso(run->pay_by, day, sizeof day));
    }
    /* --proof: letters were written marked SAMPLE and are not counted */
    cJSON_AddBoolToObject(root, "proof", run->opts->proof);
    cJSON_AddStringToObject(
        root, "base_currency",
        ar_ledger_currency_code(lg, ar_ledger_base_currency(lg)));
    /* the entity read (--entity, [input] entity); null: the whole ledger */
    if (p->entity[0])
        cJSON_AddStringToObject(root, "entity", p->entity);
    else
        cJSON_AddNullToObject(root, "entity");
    cJSON *inputs = cJSON_AddArrayToObject(root, "inputs");
    for (size_t i = 0; i < run->input_count; i++) {
        cJSON *in = cJSON_CreateObject();
        cJSON_AddStringToObject(in, "role", run->inputs[i].role);
        cJSON_AddStringToObject(in, "path", run->inputs[i].path);
        cJSON_AddStringToObject(in, "sha256", run->inputs[i].sha256);
        cJSON_AddItemToArray(inputs, in);
    }

    cJSON *counts = cJSON_AddObjectToObject(root, "counts");
    ar_json_add_int(counts, "rows_read", (int64_t)run->stats.rows_read);
    ar_json_add_int(counts, "rows_used", (int64_t)run->stats.rows_used);
    ar_json_add_int(counts, "rows_rejected", (int64_t)run->stats.rows_rejected);
    /* SPEC §2.6: rows read = used + rejected + skipped */
    ar_json_add_int(counts, "rows_skipped", (int64_t)run->stats.rows_skipped);
    ar_json_add_int(counts, "amounts_rounded", (int64_t)run->stats.rows_rounded);
    ar_json_add_int(counts, "clients", (int64_t)a->client_count);
    ar_json_add_int(counts, "clients_with_balance", (int64_t)a->clients_with_balance);
    ar_json_add_int(counts, "open_items", (int64_t)a->open_item_count);
    /* SPEC §2.4: the letters actually written (none in a --proof run) */
    uint64_t written[AR_STAGES + 1] = {0};
    for (size_t r = 0; r < a->client_count; r++)
        if (run->letter_written && run->letter_written[r])
            written[a->clients[r].letter_stage]++;
    add_stage_counts(counts, "letters", written);
    ar_json_add_int(counts, "letter_language_fallbacks",
            (int64_t)run->language_fallbacks);
    /* README "Agency packet": the placements (a placed debtor in one
     * currency: the debtor rows of placement.csv), the debtors placed,
     * and the clients with the agency action held back by reason (the
     * agency rows of actions.csv are the debtors and the held),
     * whether or not --outputs wrote the packet */
    ar_json_add_int(counts, "agency_placements", (int64_t)a->agency_placements);
    ar_json_add_int(counts, "agency_debtors", (int64_t)a->agency_debtors);
    cJSON *held = cJSON_AddObjectToObject(counts, "agency_held");
    for (int h = AR_AGENCY_PLACED + 1; h < AR_AGENCY_HOLD_COUNT_; h++)
        ar_json_add_int(held, ar_agency_hold_key((ar_agency_hold)h),
                (int64_t)a->agency_held[h]);
    ar_json_add_int(counts, "unknown_clients", (int64_t)run->unknown_clients);
    cJSON *by_reason = cJSON_AddObjectToObject(counts, "rejects_by_reason");
    /* rejected rows, then letters and statements held back as printed */
    for (int e = 0; e < AR_ERR_COUNT_; e++)
        if ((run->rejects.by_reason[e] || run->held.by_reason[e]) &&
            e != AR_ERR_UNKNOWN_CLIENT)
            ar_json_add_int(by_reason, ar_strerror((ar_err)e),
                    (int64_t)(run->rejects.by_reason[e] +
                              run->held.by_reason[e]));

    cJSON *skipped = cJSON_AddObjectToObject(counts, "skipped_by_reason");
    for (int s = 0; s < AR_SKIP_COUNT_; s++)
        if (run->stats.skips.by_reason[s])
            ar_json_add_int(skipped, ar_skip_key((ar_skip_reason)s),
                    (int64_t)run->stats.skips.by_reason[s]);

    /* README "Reliability": the history's rejected rows are kept */
    if (run->history_rejected.rows) {
        cJSON *hr = cJSON_AddObjectToObject(root, "history_rejected");
        cJSON_AddStringToObject(hr, "file", AR_HISTORY_REJECTED);
        ar_json_add_int(hr, "rows", (int64_t)run->history_rejected.rows);
    } else {
        cJSON_AddNullToObject(root, "history_rejected");
    }

    /* what the reader of the figures must know about the input */
    ar_run_warnings(run, add_warning,
                    cJSON_AddArrayToObject(root, "warnings"));

    const ar_totals *base = &a->totals[0];
    cJSON_AddItemToObject(root, "totals_cents", totals_object(p, base));
    cJSON *other = cJSON_AddObjectToObject(root, "totals_cents_by_currency");
    for (size_t i = 1; i < a->totals_count; i++) {
        cJSON *t = totals_object(p, &a->totals[i]);
        ar_json_add_int(t, "open_items", (int64_t)a->totals[i].open_items);
        cJSON_AddItemToObject(
            other, ar_ledger_currency_code(lg, a->totals[i].currency), t);
    }

    /* SPEC §6: opening + activity = closing per currency, to the cent */
    cJSON *rf = cJSON_AddObjectToObject(root, "rollforward");
    bool ties = true;
    for (size_t i = 0; i < a->totals_count; i++) {
        const ar_totals *t = &a->totals[i];
        const char *code = ar_ledger_currency_code(lg, t->currency);
        cJSON_AddItemToObject(rf, code, rollforward_object(run, t, code));
        const ar_rf_figures *f = ar_rollforward_of(&run->rollforward,
                                                   t->currency);
        ties = ties && ar_rf_computed_closing(f) == f->closing &&
               f->closing == t->open - t->unapplied;
    }
    add_provision(root, run);

    add_stage_counts(root, "stages", a->stages);
    cJSON *tiers = cJSON_AddObjectToObject(root, "tiers");
    for (int t = 0; t < AR_TIER_COUNT_; t++)
        ar_json_add_int(tiers, ar_tier_name((ar_tier)t), (int64_t)a->tiers[t]);
    cJSON *actions = cJSON_AddObjectToObject(root, "actions");
    for (int k = 0; k < AR_ACTION_COUNT_; k++)
        ar_json_add_int(actions, ar_action_name((ar_action_kind)k),
                (int64_t)a->actions[k]);
    cJSON *holds = cJSON_AddObjectToObject(root, "letters_held");
    for (int h = AR_HOLD_UNKNOWN_CLIENT; h < AR_HOLD_COUNT_; h++)
        ar_json_add_int(holds, ar_hold_name((ar_hold)h), (int64_t)a->holds[h]);
    /* and the letters due that could not be drawn or mailed (rejects.csv):
     * with the letters sent, every client with a stage is counted once */
    ar_json_add_int(holds, ar_strerror(AR_ERR_UNMAILABLE),
                    (int64_t)run->held.by_reason[AR_ERR_UNMAILABLE]);
    /* a balance with fee and interest past the limit (only letters) */
    ar_json_add_int(holds, ar_strerror(AR_ERR_OVERFLOW),
                    (int64_t)run->held.by_reason[AR_ERR_OVERFLOW]);
    /* not the agency statements held for a character (each one such
     * hold, counted below): their clients were placed, which counted
     * them already ("placed with the agency") */
    uint64_t glyph = run->held.by_reason[AR_ERR_GLYPH];
    glyph -= glyph >= run->statements_held ? run->statements_held : glyph;
    ar_json_add_int(holds, ar_strerror(AR_ERR_GLYPH), (int64_t)glyph);
    /* #22 item 11: agency statements held for a character the fonts lack */
    ar_json_add_int(root, "statements_held", (int64_t)run->statements_held);

    ar_json_add_kpis(root, "kpi", a->kpi.v);
    add_currencies(root, run);
    add_kpi_inputs(root, run);
    /* SPEC §2.6: why a KPI is null when the data cannot give it */
    cJSON *why = cJSON_AddObjectToObject(root, "kpi_unavailable");
    for (int k = 0; k < AR_KPI_COUNT_; k++)
        if (run->stats.open_balances &&
            ar_kpi_needs_settlement_dates((ar_kpi_id)k))
            cJSON_AddStringToObject(why, ar_kpi_key((ar_kpi_id)k),
                                    "the export holds open balances only");

    /* SPEC §2.1: the run reconciles; each check is stated, not assumed */
    cJSON *rec = cJSON_AddObjectToObject(root, "reconciliation");
    cJSON_AddBoolToObject(rec, "rows_read_eq_used_rejected_skipped",
                          run->stats.rows_read ==
                              run->stats.rows_used + run->stats.rows_rejected +
                                  run->stats.rows_skipped);
    bool flows = true, buckets = true;
    for (size_t i = 0; i < a->totals_count; i++) {
        const ar_totals *t = &a->totals[i];
        flows = flows && t->invoiced - t->settled == t->open - t->unapplied;
        ar_cents sum = 0;
        for (int k = 0; k < p->bucket_count; k++)
            sum += t->buckets[k];
        buckets = buckets && sum == t->open;
    }
    cJSON_AddBoolToObject(rec, "invoiced_minus_settled_eq_open_minus_credits",
                          flows);
    cJSON_AddBoolToObject(rec, "buckets_sum_to_open_ar", buckets);
    cJSON_AddBoolToObject(rec, "rollforward_ties", ties);

    cJSON *phases = cJSON_AddObjectToObject(root, "phases_ms");
    for (int k = 0; k < AR_PHASE_COUNT_; k++)
        ar_json_add_int(phases, ar_phase_name((ar_phase)k),
                (int64_t)(run->phase_ms[k] + 0.5));
    return root;
}

ar_err ar_json_write(cJSON *root, const char *dir, const char *name,
                     ar_diag *d)
{
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    FILE *f = ar_out_open(dir, name, d);
    if (!f) {
        free(text);
        return AR_ERR_OUTPUT;
    }
    fputs(text, f);
    putc('\n', f);
    free(text);
    return ar_out_close(f, dir, name, d);
}

ar_err ar_render_run_json(const ar_run *run, const char *dir, ar_diag *d,
                          double elapsed_ms)
{
    cJSON *root = build(run);
    ar_json_add_int(root, "elapsed_ms", (int64_t)(elapsed_ms + 0.5));
    return ar_json_write(root, dir, "run.json", d);
}

ar_err ar_render_shard_json(const ar_run *run, const char *dir, ar_diag *d)
{
    const ar_analysis *a = &run->analysis;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "format", "arbatch-shard-1");
    cJSON_AddStringToObject(root, "version", ar_version());
    char day[16];
    cJSON_AddStringToObject(root, "as_of",
                            ar_date_format_iso(a->as_of, day, sizeof day));
    ar_json_add_int(root, "shard", run->opts->shard_k);
    ar_json_add_int(root, "shards", run->opts->shard_n);
    cJSON_AddStringToObject(root, "hash", "fnv1a64(client_id) mod shards");
    cJSON *inputs = cJSON_AddArrayToObject(root, "inputs");
    for (size_t i = 0; i < run->input_count; i++) {
        cJSON *in = cJSON_CreateObject();
        cJSON_AddStringToObject(in, "role", run->inputs[i].role);
        cJSON_AddStringToObject(in, "path", run->inputs[i].path);
        cJSON_AddStringToObject(in, "sha256", run->inputs[i].sha256);
        cJSON_AddItemToArray(inputs, in);
    }
    int64_t clients = 0, letters = 0;
    for (size_t r = 0; r < a->client_count; r++) {
        if (!ar_run_mine(run, a->clients[r].client))
            continue;
        clients++;
        letters += run->letter_written && run->letter_written[r];
    }
    ar_json_add_int(root, "clients", clients);
    ar_json_add_int(root, "letters", letters);
    ar_json_add_int(root, "rejects", (int64_t)(run->rejects.count + run->held.count));
    return ar_json_write(root, dir, "shard.json", d);
}
