/* test_engine.c - the engine on ledgers built in memory: as-of open items,
 * settlement, aging, tiers, dunning stages and letters, actions, totals
 * (SPEC §1-§3, §8.9-§8.23).
 *
 * Every analysis a test makes is also checked for reconciliation (SPEC
 * §2.1, §8.19): per account and per currency, invoiced - settled =
 * open - unapplied and the buckets sum to the open amount, to the cent,
 * with invoiced and settled recomputed here from the ledger.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/engine/analysis.h"
#include "ar/engine/dunning.h"
#include "ar/ingest/policy_file.h"
#include "ar/engine/metrics.h"

/* ---- building a ledger ------------------------------------------------- */

typedef struct eng {
    ar_ledger *lg;
    ar_policy p;
    ar_analysis a;
    bool analysed;
    bool finished;
    int seq;
} eng;

static ar_date dt(const char *iso)
{
    ar_date d;
    if (ar_date_parse(iso, strlen(iso), "%Y-%m-%d", &d) != AR_OK)
        fail_msg("bad test date %s", iso);
    return d;
}

/* The close date most tests use; items are placed relative to it. */
#define D0 dt("2024-06-30")

static void eng_init(eng *e)
{
    memset(e, 0, sizeof *e);
    e->lg = ar_ledger_new();
    ar_policy_defaults(&e->p);
}

static void eng_policy(eng *e, const char *ini)
{
    ar_diag d;
    ar_diag_clear(&d);
    if (ar_policy_load_string(&e->p, ini, "test.ini", &d) != AR_OK)
        fail_msg("policy: %s:%ld: %s", d.file, d.line, d.message);
}

static void eng_fini(eng *e)
{
    if (e->analysed)
        ar_analysis_fini(&e->a);
    ar_ledger_free(e->lg);
}

static uint32_t client_ix(eng *e, const char *id)
{
    return ar_ledger_client(e->lg, id, strlen(id));
}

/* A client of the clients file. segment -1 = computed; revenue -1 = not
 * given. */
static void master(eng *e, const char *id, int segment, bool strategic,
                   ar_cents revenue, int prior)
{
    ar_client_info info = {0};
    info.id = ar_ledger_intern(e->lg, id, strlen(id));
    info.name = ar_ledger_intern(e->lg, "Name", 4);
    info.segment = segment;
    info.strategic = strategic;
    info.has_revenue = revenue >= 0;
    info.annual_revenue = revenue >= 0 ? revenue : 0;
    info.prior_collections = prior;
    assert_true(ar_ledger_add_info(e->lg, &info));
}

static void known(eng *e, const char *id)
{
    master(e, id, -1, false, -1, 0);
}

static void known_tier(eng *e, const char *id, ar_tier t)
{
    master(e, id, (int)t, false, -1, 0);
}

static uint32_t add(eng *e, ar_doc_type t, const char *client,
                    const char *no, ar_date date, ar_date due,
                    ar_cents amount, const char *applies, ar_date settled,
                    bool disputed, const char *currency)
{
    char auto_no[32];
    if (!no) {
        snprintf(auto_no, sizeof auto_no, "%s-%d", ar_doc_type_name(t),
                 ++e->seq);
        no = auto_no;
    }
    ar_doc d = {0};
    d.type = (uint8_t)t;
    d.client = client_ix(e, client);
    d.doc_no = ar_ledger_intern(e->lg, no, strlen(no));
    d.applies_to = applies ? ar_ledger_intern_ref(e->lg, applies, strlen(applies))
                           : 0;
    d.doc_date = date;
    d.due_date = ar_doc_is_item(t) ? (due == AR_DATE_NONE ? date : due)
                                   : AR_DATE_NONE;
    d.settled_date = settled;
    d.amount = amount;
    d.disputed = disputed;
    d.currency = currency ? ar_ledger_currency(e->lg, currency, 3) : 0;
    d.line = (uint32_t)ar_ledger_doc_count(e->lg) + 2;
    return ar_ledger_add_doc(e->lg, &d);
}

/* An invoice dated 30 days before its due date (or on it when that is
 * later than D), open unless settled. */
static uint32_t inv(eng *e, const char *client, const char *no, ar_date due,
                    ar_cents amount)
{
    return add(e, AR_DOC_INV, client, no, due - 30, due, amount, NULL,
               AR_DATE_NONE, false, NULL);
}

/* An invoice due dpd days before D0. */
static uint32_t overdue(eng *e, const char *client, int dpd, ar_cents amount)
{
    return inv(e, client, NULL, D0 - dpd, amount);
}

/* An invoice paid (settled_date) days_late days after its due date. */
static uint32_t paid_late(eng *e, const char *client, ar_date due,
                          int days_late, ar_cents amount)
{
    return add(e, AR_DOC_INV, client, NULL, due - 30, due, amount, NULL,
               due + days_late, false, NULL);
}

static uint32_t settle_doc(eng *e, ar_doc_type t, const char *client,
                           ar_date date, ar_cents amount, const char *applies)
{
    return add(e, t, client, NULL, date, AR_DATE_NONE, amount, applies,
               AR_DATE_NONE, false, NULL);
}

static void letter(eng *e, const char *client, ar_date run_date, int stage)
{
    ar_letter_sent l = {0};
    l.client = client_ix(e, client);
    l.run_date = run_date;
    l.stage = stage;
    ar_ledger_add_letter(e->lg, &l);
}

/* ---- reconciliation, checked on every analysis ------------------------- */

static void check_reconciliation(const eng *e)
{
    const ar_analysis *a = &e->a;
    const ar_ledger *lg = e->lg;
    const ar_doc *docs = ar_ledger_docs(lg);
    const ar_settlement *s = &a->settlement;
    size_t nc = ar_ledger_client_count(lg), ncur = ar_ledger_currency_count(lg);
    size_t cells = nc * ncur + 1;
    ar_cents *invoiced = calloc(cells, sizeof *invoiced);
    ar_cents *settled = calloc(cells, sizeof *settled);
    bool *seen = calloc(cells, sizeof *seen);
    assert_non_null(invoiced);
    assert_non_null(settled);
    assert_non_null(seen);

    /* SPEC §8.19: invoiced = INV + DEB dated <= D; settled = every
     * settlement dated <= D at its full amount, and what settled_date
     * payments took; SPEC §2.6: a settlement consumed by D (its own
     * settled_date) is neither (clearing counts once). */
    size_t open_count = 0;
    for (size_t i = 0; i < ar_ledger_doc_count(lg); i++) {
        const ar_doc *d = &docs[i];
        if (s->open[i] < 0)
            fail_msg("doc %zu open %lld < 0", i, (long long)s->open[i]);
        if (d->doc_date > a->as_of) {
            assert_int_equal(s->open[i], 0);
            continue;
        }
        size_t k = d->client * ncur + d->currency;
        if (ar_doc_is_item((ar_doc_type)d->type)) {
            invoiced[k] += d->amount;
            assert_true(s->open[i] <= d->amount);
            open_count += s->open[i] > 0;
        } else {
            if (!ar_doc_consumed(d, a->as_of))
                settled[k] += d->amount;
            assert_int_equal(s->open[i], 0);
        }
    }
    for (size_t k = 0; k < s->app_count; k++) {
        const ar_application *ap = &s->apps[k];
        assert_true(ap->amount > 0);
        assert_true(ap->date <= a->as_of);
        if (ap->source == ap->item)
            settled[docs[ap->item].client * ncur + docs[ap->item].currency] +=
                ap->amount;
    }
    assert_int_equal(a->open_item_count, open_count);

    /* per account (client x currency) */
    for (size_t x = 0; x < a->account_count; x++) {
        const ar_account *acc = &a->accounts[x];
        uint32_t c = a->clients[acc->client].client;
        size_t k = c * ncur + acc->currency;
        assert_false(seen[k]);
        seen[k] = true;
        ar_cents sum = 0;
        for (int b = 0; b < e->p.bucket_count; b++)
            sum += acc->buckets[b];
        assert_int_equal(sum, acc->open);
        if (invoiced[k] - settled[k] != acc->open - acc->unapplied)
            fail_msg("account %s/%s: invoiced %lld - settled %lld != open "
                     "%lld - unapplied %lld",
                     ar_ledger_text(lg, ar_ledger_clients(lg)[c].id),
                     ar_ledger_currency_code(lg, acc->currency),
                     (long long)invoiced[k], (long long)settled[k],
                     (long long)acc->open, (long long)acc->unapplied);
    }
    for (size_t k = 0; k + 1 < cells; k++)
        if (!seen[k] && invoiced[k] != settled[k])
            fail_msg("client/currency %zu has no account but invoiced %lld "
                     "!= settled %lld",
                     k, (long long)invoiced[k], (long long)settled[k]);

    /* per currency, against the accounts and the open items */
    uint64_t items = 0;
    for (size_t t = 0; t < a->totals_count; t++) {
        const ar_totals *tt = &a->totals[t];
        ar_cents inv = 0, set = 0, open = 0, unapplied = 0;
        ar_cents buckets[AR_MAX_BUCKETS] = {0};
        for (size_t c = 0; c < nc; c++) {
            inv += invoiced[c * ncur + tt->currency];
            set += settled[c * ncur + tt->currency];
        }
        for (size_t x = 0; x < a->account_count; x++) {
            const ar_account *acc = &a->accounts[x];
            if (acc->currency != tt->currency)
                continue;
            open += acc->open;
            unapplied += acc->unapplied;
            for (int b = 0; b < e->p.bucket_count; b++)
                buckets[b] += acc->buckets[b];
        }
        assert_int_equal(tt->invoiced, inv);
        assert_int_equal(tt->settled, set);
        assert_int_equal(tt->open, open);
        assert_int_equal(tt->unapplied, unapplied);
        ar_cents sum = 0;
        for (int b = 0; b < e->p.bucket_count; b++) {
            assert_int_equal(tt->buckets[b], buckets[b]);
            sum += tt->buckets[b];
        }
        assert_int_equal(sum, tt->open);
        assert_int_equal(tt->invoiced - tt->settled,
                         tt->open - tt->unapplied);
        items += tt->open_items;
        for (size_t u = 0; u < t; u++)
            assert_int_not_equal(a->totals[u].currency, tt->currency);
    }
    assert_int_equal(items, a->open_item_count);
    assert_int_equal(a->totals[0].currency, ar_ledger_base_currency(lg));

    /* counts: tiers and stages count the same clients */
    uint64_t tiers = 0, stages = 0, holds = 0;
    for (int t = 0; t < AR_TIER_COUNT_; t++)
        tiers += a->tiers[t];
    for (int k = 0; k <= AR_STAGES; k++)
        stages += a->stages[k];
    for (int h = 0; h < AR_HOLD_COUNT_; h++)
        holds += a->holds[h];
    assert_int_equal(tiers, a->client_count);
    assert_int_equal(stages, a->client_count);
    assert_int_equal(holds, a->client_count);
    uint64_t letters[AR_STAGES + 1] = {0};
    for (size_t r = 0; r < a->client_count; r++) {
        const ar_client_result *cr = &a->clients[r];
        assert_int_equal(a->result_of[cr->client], r);
        if (r > 0) /* sorted by client id */
            assert_true(strcmp(ar_ledger_text(lg, ar_ledger_clients(lg)[
                                                      a->clients[r - 1].client]
                                                      .id),
                               ar_ledger_text(lg, ar_ledger_clients(lg)[
                                                      cr->client]
                                                      .id)) < 0);
        assert_int_equal(cr->letter_stage == 0, cr->hold != AR_HOLD_NONE);
        if (cr->letter_stage)
            assert_int_equal(cr->letter_stage, cr->stage);
        letters[cr->letter_stage]++;
    }
    for (int k = 1; k <= AR_STAGES; k++)
        assert_int_equal(a->letters[k], letters[k]);
    free(invoiced);
    free(settled);
    free(seen);
}

static void analyse(eng *e, ar_date as_of)
{
    if (!e->finished) {
        ar_ledger_finish(e->lg, e->p.base_currency);
        e->finished = true;
    }
    if (e->analysed)
        ar_analysis_fini(&e->a);
    ar_analyse(e->lg, &e->p, as_of, &e->a);
    e->analysed = true;
    check_reconciliation(e);
}

/* The result of client id, or NULL when it is not in scope at D. */
static const ar_client_result *res(const eng *e, const char *id)
{
    uint32_t c = ar_ledger_find_client(e->lg, id, strlen(id));
    if (c == AR_NONE || e->a.result_of[c] == AR_NONE)
        return NULL;
    return &e->a.clients[e->a.result_of[c]];
}

static const ar_client_result *must(const eng *e, const char *id)
{
    const ar_client_result *cr = res(e, id);
    if (!cr)
        fail_msg("client %s not in the analysis", id);
    return cr;
}

/* The client's account in currency code ("" = the unnamed base). */
static const ar_account *account(const eng *e, const char *id,
                                 const char *code)
{
    const ar_client_result *cr = must(e, id);
    for (uint32_t k = 0; k < cr->account_count; k++) {
        const ar_account *acc = &e->a.accounts[cr->first_account + k];
        if (strcmp(ar_ledger_currency_code(e->lg, acc->currency), code) == 0)
            return acc;
    }
    return NULL;
}

static ar_cents open_of(const eng *e, uint32_t doc)
{
    return e->a.settlement.open[doc];
}

/* Sum of the unapplied credits of client id. */
static ar_cents credits_of(const eng *e, const char *id)
{
    uint32_t c = ar_ledger_find_client(e->lg, id, strlen(id));
    ar_cents sum = 0;
    for (size_t i = 0; i < e->a.settlement.credit_count; i++)
        if (e->a.settlement.credits[i].client == c)
            sum += e->a.settlement.credits[i].amount;
    return sum;
}

static const ar_credit *only_credit(const eng *e)
{
    assert_int_equal(e->a.settlement.credit_count, 1);
    return &e->a.settlement.credits[0];
}

/* ---- stages on each tier's path (SPEC §3.2, §3.3) ---------------------- */

/* One known client of tier t with one item dpd days past due: its stage.
 * The letter follows the stage (no history, well above the minimum). */
static int stage_at(ar_tier t, int dpd)
{
    eng e;
    eng_init(&e);
    known_tier(&e, "C1", t);
    overdue(&e, "C1", dpd, 100000);
    analyse(&e, D0);
    const ar_client_result *cr = must(&e, "C1");
    assert_int_equal(cr->risk.tier, t);
    assert_int_equal(cr->max_dpd, dpd > 0 ? dpd : 0);
    int stage = cr->stage;
    if (stage == 0) {
        assert_int_equal(cr->hold, AR_HOLD_NO_STAGE);
        assert_int_equal(cr->letter_stage, 0);
    } else {
        assert_int_equal(cr->hold, AR_HOLD_NONE);
        assert_int_equal(cr->letter_stage, stage);
        assert_int_equal(e.a.letters[stage], 1);
    }
    assert_int_equal(e.a.stages[stage], 1);
    eng_fini(&e);
    return stage;
}

typedef struct stage_case {
    int dpd, stage;
} stage_case;

static void check_path(ar_tier t, const stage_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int got = stage_at(t, cases[i].dpd);
        if (got != cases[i].stage)
            fail_msg("%s, %d days past due: stage %d, expected %d",
                     ar_tier_name(t), cases[i].dpd, got, cases[i].stage);
    }
}

static void test_stage_standard_path_1_8_15_30_45(void **state)
{
    (void)state;
    static const stage_case c[] = {
        {-5, 0}, {0, 0},  {1, 1},  {7, 1},  {8, 2},  {14, 2},
        {15, 3}, {29, 3}, {30, 4}, {44, 4}, {45, 5}, {400, 5},
    };
    check_path(AR_TIER_STANDARD, c, sizeof c / sizeof *c);
}

static void test_stage_vip_path_8_15_22_37_52(void **state)
{
    (void)state;
    static const stage_case c[] = {
        {0, 0},  {1, 0},  {7, 0},  {8, 1},  {14, 1}, {15, 2},
        {21, 2}, {22, 3}, {29, 3}, {30, 3}, {36, 3}, {37, 4},
        {44, 4}, {45, 4}, {51, 4}, {52, 5},
    };
    check_path(AR_TIER_VIP, c, sizeof c / sizeof *c);
}

static void test_stage_high_risk_path_1_4_7_15_22(void **state)
{
    (void)state;
    static const stage_case c[] = {
        {0, 0},  {1, 1},  {3, 1},  {4, 2},  {6, 2},  {7, 3},  {8, 3},
        {14, 3}, {15, 4}, {21, 4}, {22, 5}, {29, 5}, {30, 5}, {44, 5},
        {45, 5},
    };
    check_path(AR_TIER_HIGH_RISK, c, sizeof c / sizeof *c);
}

/* SPEC §3.3: High-Risk thresholds are halved, rounded down, at least 1;
 * stages whose thresholds coincide are skipped to the highest. */
static void test_stage_high_risk_halving_has_minimum_1(void **state)
{
    (void)state;
    static const struct {
        int dpd, standard, high_risk;
    } c[] = {{1, 1, 2}, {2, 1, 3}, {3, 2, 3}, {4, 2, 4}, {5, 3, 5}};
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        for (int hr = 0; hr < 2; hr++) {
            eng e;
            eng_init(&e);
            /* halved: 0 -> 1, 1 -> 1, 2, 4, 5 */
            eng_policy(&e, "[dunning]\nstage_days = 1, 3, 5, 9, 11\n");
            known_tier(&e, "C1", hr ? AR_TIER_HIGH_RISK : AR_TIER_STANDARD);
            overdue(&e, "C1", c[i].dpd, 10000);
            analyse(&e, D0);
            int want = hr ? c[i].high_risk : c[i].standard;
            if (must(&e, "C1")->stage != want)
                fail_msg("%s at %d days: stage %d, expected %d",
                         hr ? "High-Risk" : "Standard", c[i].dpd,
                         must(&e, "C1")->stage, want);
            eng_fini(&e);
        }
    }
}

static void test_stage_follows_most_overdue_item(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "C1");
    overdue(&e, "C1", 3, 10000);
    uint32_t worst = overdue(&e, "C1", 31, 100);
    overdue(&e, "C1", -10, 90000);
    analyse(&e, D0);
    const ar_client_result *cr = must(&e, "C1");
    assert_int_equal(cr->max_dpd, 31);
    assert_int_equal(cr->worst_item, worst);
    assert_int_equal(cr->stage, 4);
    eng_fini(&e);
}

/* ---- tiers (SPEC §3.3, first match wins) ------------------------------- */

static ar_tier tier_of(eng *e, const char *id)
{
    analyse(e, D0);
    return must(e, id)->risk.tier;
}

static void test_tier_segment_beats_every_rule(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    /* STANDARD by segment although strategic, prior collections and three
     * past-due items would each say otherwise */
    master(&e, "C1", AR_TIER_STANDARD, true, 50000000, 3);
    overdue(&e, "C1", 7, 100);
    overdue(&e, "C1", 7, 100);
    overdue(&e, "C1", 7, 100);
    assert_int_equal(tier_of(&e, "C1"), AR_TIER_STANDARD);
    /* and the stage follows the Standard path: 7 days is stage 1 */
    assert_int_equal(must(&e, "C1")->stage, 1);
    eng_fini(&e);

    eng_init(&e);
    master(&e, "C1", AR_TIER_VIP, false, -1, 2);
    overdue(&e, "C1", 1, 100);
    assert_int_equal(tier_of(&e, "C1"), AR_TIER_VIP);
    eng_fini(&e);

    eng_init(&e);
    master(&e, "C1", AR_TIER_HIGH_RISK, true, 50000000, 0);
    overdue(&e, "C1", 1, 100);
    assert_int_equal(tier_of(&e, "C1"), AR_TIER_HIGH_RISK);
    eng_fini(&e);
}

static void test_tier_high_risk_rules_before_vip(void **state)
{
    (void)state;
    eng e;
    /* prior collections beat strategic */
    eng_init(&e);
    master(&e, "C1", -1, true, -1, 1);
    overdue(&e, "C1", -5, 100);
    assert_int_equal(tier_of(&e, "C1"), AR_TIER_HIGH_RISK);
    eng_fini(&e);
    /* three past-due items beat strategic */
    eng_init(&e);
    master(&e, "C1", -1, true, -1, 0);
    overdue(&e, "C1", 1, 100);
    overdue(&e, "C1", 1, 100);
    overdue(&e, "C1", 1, 100);
    assert_int_equal(tier_of(&e, "C1"), AR_TIER_HIGH_RISK);
    eng_fini(&e);
    /* average lateness over 30 beats revenue */
    eng_init(&e);
    master(&e, "C1", -1, true, 90000000, 0);
    paid_late(&e, "C1", D0 - 100, 31, 100);
    assert_int_equal(tier_of(&e, "C1"), AR_TIER_HIGH_RISK);
    eng_fini(&e);
}

static void test_tier_high_risk_at_three_past_due_items(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "C1");
    overdue(&e, "C1", 1, 100);
    overdue(&e, "C1", 2, 100);
    overdue(&e, "C1", 0, 100); /* due today: not past due */
    /* disputed items are not counted as past-due items */
    add(&e, AR_DOC_INV, "C1", NULL, D0 - 90, D0 - 60, 100, NULL,
        AR_DATE_NONE, true, NULL);
    assert_int_equal(tier_of(&e, "C1"), AR_TIER_STANDARD);
    assert_int_equal(must(&e, "C1")->in.past_due_items, 2);
    overdue(&e, "C1", 3, 100);
    assert_int_equal(tier_of(&e, "C1"), AR_TIER_HIGH_RISK);
    assert_int_equal(must(&e, "C1")->in.past_due_items, 3);
    eng_fini(&e);
}

static void test_tier_high_risk_when_average_days_late_over_30(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "C1");
    paid_late(&e, "C1", D0 - 100, 30, 100);
    assert_int_equal(tier_of(&e, "C1"), AR_TIER_STANDARD); /* avg 30 */
    paid_late(&e, "C1", D0 - 100, 31, 100);
    /* avg 30.5: over 30 although a whole-day average would say 30 */
    assert_int_equal(tier_of(&e, "C1"), AR_TIER_HIGH_RISK);
    assert_int_equal(must(&e, "C1")->in.settled_count, 2);
    assert_int_equal(must(&e, "C1")->in.days_late_sum, 61);
    assert_int_equal(must(&e, "C1")->in.max_days_late, 31);
    eng_fini(&e);
}

static void test_tier_early_payment_counts_as_zero_days_late(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "C1");
    paid_late(&e, "C1", D0 - 100, 62, 100);
    /* paid 60 days early: max(0, -60) = 0, so avg = 31 > 30 */
    paid_late(&e, "C1", D0 - 100, -60, 100);
    assert_int_equal(tier_of(&e, "C1"), AR_TIER_HIGH_RISK);
    assert_int_equal(must(&e, "C1")->in.days_late_sum, 62);
    eng_fini(&e);
}

static void test_tier_strategic_is_vip(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    master(&e, "C1", -1, true, -1, 0);
    overdue(&e, "C1", 2, 100);
    assert_int_equal(tier_of(&e, "C1"), AR_TIER_VIP);
    eng_fini(&e);
}

static void test_tier_vip_revenue_strictly_over_100000(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    master(&e, "C1", -1, false, 10000000, 0); /* exactly 100,000.00 */
    master(&e, "C2", -1, false, 10000001, 0); /* 100,000.01 */
    overdue(&e, "C1", -1, 100);
    overdue(&e, "C2", -1, 100);
    analyse(&e, D0);
    assert_int_equal(must(&e, "C1")->risk.tier, AR_TIER_STANDARD);
    assert_int_equal(must(&e, "C2")->risk.tier, AR_TIER_VIP);
    assert_true(must(&e, "C2")->in.revenue_from_file);
    eng_fini(&e);
}

/* SPEC §3.3, §8.16: revenue = annual_revenue, else Sales(D-365, D]. */
static void test_tier_vip_revenue_from_sales_in_window(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    /* unknown clients: revenue is their sales */
    add(&e, AR_DOC_INV, "U1", NULL, D0 - 10, D0 + 20, 10000000, NULL,
        AR_DATE_NONE, false, NULL);
    add(&e, AR_DOC_INV, "U2", NULL, D0 - 10, D0 + 20, 9000000, NULL,
        AR_DATE_NONE, false, NULL);
    add(&e, AR_DOC_DEB, "U2", NULL, D0 - 300, D0 - 290, 1000001, NULL,
        D0 - 295, false, NULL);
    /* the file's figure wins over sales */
    master(&e, "K1", -1, false, 5000000, 0);
    add(&e, AR_DOC_INV, "K1", NULL, D0 - 10, D0 + 20, 50000000, NULL,
        AR_DATE_NONE, false, NULL);
    analyse(&e, D0);
    assert_int_equal(must(&e, "U1")->in.revenue, 10000000);
    assert_int_equal(must(&e, "U1")->risk.tier, AR_TIER_STANDARD);
    assert_int_equal(must(&e, "U2")->in.revenue, 10000001);
    assert_int_equal(must(&e, "U2")->risk.tier, AR_TIER_VIP);
    assert_int_equal(must(&e, "K1")->in.revenue, 5000000);
    assert_int_equal(must(&e, "K1")->risk.tier, AR_TIER_STANDARD);
    eng_fini(&e);
}

static void test_tier_vip_needs_max_days_late_at_most_30(void **state)
{
    (void)state;
    for (int late = 30; late <= 31; late++) {
        eng e;
        eng_init(&e);
        master(&e, "C1", -1, false, 50000000, 0);
        paid_late(&e, "C1", D0 - 200, late, 100);
        for (int i = 0; i < 6; i++) /* on time: avg 30/7 or 31/7 <= 5 */
            paid_late(&e, "C1", D0 - 150 + i, 0, 100);
        ar_tier want = late == 30 ? AR_TIER_VIP : AR_TIER_STANDARD;
        assert_int_equal(tier_of(&e, "C1"), want);
        assert_int_equal(must(&e, "C1")->in.max_days_late, late);
        eng_fini(&e);
    }
}

static void test_tier_vip_needs_average_days_late_at_most_5(void **state)
{
    (void)state;
    static const struct {
        int a, b;
        ar_tier want;
    } c[] = {
        {5, 5, AR_TIER_VIP},
        {5, 6, AR_TIER_STANDARD}, /* avg 5.5 */
        {0, 10, AR_TIER_VIP},     /* avg 5 */
        {0, 11, AR_TIER_STANDARD},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        eng e;
        eng_init(&e);
        master(&e, "C1", -1, false, 50000000, 0);
        paid_late(&e, "C1", D0 - 200, c[i].a, 100);
        paid_late(&e, "C1", D0 - 100, c[i].b, 100);
        if (tier_of(&e, "C1") != c[i].want)
            fail_msg("days late %d and %d: tier %s", c[i].a, c[i].b,
                     ar_tier_name(must(&e, "C1")->risk.tier));
        eng_fini(&e);
    }
}

static void test_tier_standard_otherwise(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "C1");
    overdue(&e, "C1", 100, 100);
    overdue(&e, "C1", 100, 100);
    assert_int_equal(tier_of(&e, "C1"), AR_TIER_STANDARD);
    assert_true(e.a.tiers[AR_TIER_STANDARD] == 1);
    eng_fini(&e);
}

/* SPEC §3.3: H = (D-365, D]. D = 2024-03-31 is in a leap year, so D-365 is
 * 2023-04-01 (not 03-31). An item settled on D-365 is outside, on D-364
 * inside; the same for sales. */
static void test_window_365_days_across_leap_day(void **state)
{
    (void)state;
    ar_date d = dt("2024-03-31");
    assert_int_equal(d - 365, dt("2023-04-01"));
    for (int inside = 0; inside < 2; inside++) {
        eng e;
        eng_init(&e);
        known(&e, "C1");
        ar_date on = inside ? dt("2023-04-02") : dt("2023-04-01");
        /* 41 or 40 days late: High-Risk when it counts */
        add(&e, AR_DOC_INV, "C1", NULL, dt("2023-01-21"), dt("2023-02-20"),
            100, NULL, on, false, NULL);
        analyse(&e, d);
        const ar_client_result *cr = must(&e, "C1");
        assert_int_equal(cr->in.settled_count, inside ? 1 : 0);
        assert_int_equal(cr->in.days_late_sum, inside ? 41 : 0);
        assert_int_equal(cr->risk.tier,
                         inside ? AR_TIER_HIGH_RISK : AR_TIER_STANDARD);
        eng_fini(&e);
    }
    /* a write-off (not a settled_date) on each side of the edge */
    for (int inside = 0; inside < 2; inside++) {
        eng e;
        eng_init(&e);
        known(&e, "C1");
        uint32_t i = add(&e, AR_DOC_INV, "C1", "I1", dt("2023-01-21"),
                         dt("2023-02-20"), 100, NULL, AR_DATE_NONE, false,
                         NULL);
        settle_doc(&e, AR_DOC_WO, "C1",
                   inside ? dt("2023-04-02") : dt("2023-04-01"), 100, "I1");
        analyse(&e, d);
        assert_int_equal(e.a.settlement.settled_on[i],
                         inside ? dt("2023-04-02") : dt("2023-04-01"));
        assert_int_equal(must(&e, "C1")->in.settled_count, inside ? 1 : 0);
        eng_fini(&e);
    }
    /* sales: an invoice dated D-365 is not in the window, D-364 is */
    for (int inside = 0; inside < 2; inside++) {
        eng e;
        eng_init(&e);
        ar_date on = inside ? dt("2023-04-02") : dt("2023-04-01");
        add(&e, AR_DOC_INV, "U1", NULL, on, on + 30, 20000000, NULL, on + 1,
            false, NULL);
        analyse(&e, d);
        assert_int_equal(must(&e, "U1")->in.revenue, inside ? 20000000 : 0);
        assert_int_equal(must(&e, "U1")->risk.tier,
                         inside ? AR_TIER_VIP : AR_TIER_STANDARD);
        eng_fini(&e);
    }
}

static void test_window_settlements_after_d_do_not_count(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "C1");
    /* settled 60 days late, but after D: still open at D */
    paid_late(&e, "C1", D0 - 10, 60, 100);
    analyse(&e, D0);
    assert_int_equal(must(&e, "C1")->in.settled_count, 0);
    assert_int_equal(must(&e, "C1")->risk.tier, AR_TIER_STANDARD);
    assert_int_equal(e.a.open_item_count, 1);
    eng_fini(&e);
}

/* ---- disputes and minimums (SPEC §3.2) --------------------------------- */

static void test_disputed_items_never_dunned_but_counted(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "C1");
    known(&e, "C2");
    add(&e, AR_DOC_INV, "C1", NULL, D0 - 90, D0 - 60, 50000, NULL,
        AR_DATE_NONE, true, NULL);
    overdue(&e, "C1", 3, 2000);
    add(&e, AR_DOC_INV, "C2", NULL, D0 - 90, D0 - 60, 50000, NULL,
        AR_DATE_NONE, true, NULL);
    analyse(&e, D0);
    const ar_client_result *c1 = must(&e, "C1");
    assert_int_equal(c1->max_dpd, 3);
    assert_int_equal(c1->stage, 1);
    assert_int_equal(c1->letter_stage, 1);
    assert_int_equal(c1->in.disputed_items, 1);
    assert_int_equal(c1->in.past_due_items, 1);
    assert_int_equal(c1->overdue_net, 2000);
    assert_int_equal(c1->actions, 0); /* 3 days: nothing but the letter */
    const ar_account *acc = account(&e, "C1", "");
    assert_int_equal(acc->open, 52000);
    assert_int_equal(acc->disputed, 50000);
    assert_int_equal(acc->overdue, 2000);
    assert_int_equal(acc->buckets[2], 50000); /* 31-60 */
    assert_int_equal(acc->buckets[1], 2000);
    const ar_client_result *c2 = must(&e, "C2");
    assert_int_equal(c2->stage, 0);
    assert_int_equal(c2->hold, AR_HOLD_NO_STAGE);
    assert_int_equal(c2->actions, 0);
    assert_int_equal(e.a.totals[0].open, 102000);
    assert_int_equal(e.a.open_item_count, 3);
    assert_int_equal(e.a.clients_with_balance, 2);
    eng_fini(&e);
}

static void test_min_item_amount_excludes_small_items_from_stage(
    void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    eng_policy(&e, "[dunning]\nmin_item_amount = 10.00\n");
    known(&e, "C1");
    known(&e, "C2");
    overdue(&e, "C1", 60, 999);
    overdue(&e, "C1", 2, 1000);
    overdue(&e, "C2", 60, 1000);
    analyse(&e, D0);
    assert_int_equal(must(&e, "C1")->max_dpd, 2);
    assert_int_equal(must(&e, "C1")->stage, 1);
    /* the small item is still open, aged and overdue */
    assert_int_equal(account(&e, "C1", "")->overdue, 1999);
    assert_int_equal(must(&e, "C2")->stage, 5);
    eng_fini(&e);
}

/* SPEC §3.4: High-Risk is suspended with anything past due, even when the
 * item is below min_item_amount and sets no stage. */
static void test_high_risk_suspended_for_an_item_below_min_item_amount(
    void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    eng_policy(&e, "[dunning]\nmin_item_amount = 10.00\n");
    known_tier(&e, "C1", AR_TIER_HIGH_RISK);
    known_tier(&e, "C2", AR_TIER_STANDARD);
    overdue(&e, "C1", 3, 999);
    overdue(&e, "C2", 40, 999);
    analyse(&e, D0);
    const ar_client_result *c1 = must(&e, "C1");
    assert_int_equal(c1->stage, 0);
    assert_int_equal(c1->actions, 1u << AR_ACTION_SUSPEND);
    /* a Standard client's suspension follows the stage item: none here */
    assert_int_equal(must(&e, "C2")->actions, 0);
    eng_fini(&e);
}

static void test_min_letter_amount_on_overdue_net_of_credits(void **state)
{
    (void)state;
    static const struct {
        ar_cents item, credit;
        bool letter;
    } c[] = {
        {499, 0, false}, {500, 0, true},  {1000, 501, false},
        {1000, 500, true}, {1000, 0, true},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        eng e;
        eng_init(&e);
        known(&e, "C1");
        overdue(&e, "C1", 20, c[i].item);
        if (c[i].credit)
            settle_doc(&e, AR_DOC_PAY, "C1", D0 - 5, c[i].credit, NULL);
        analyse(&e, D0);
        const ar_client_result *cr = must(&e, "C1");
        assert_int_equal(cr->overdue_net, c[i].item - c[i].credit);
        /* SPEC §8.17: credits net, the item stays open and aged */
        assert_int_equal(cr->stage, 3);
        assert_int_equal(account(&e, "C1", "")->open, c[i].item);
        if (c[i].letter) {
            assert_int_equal(cr->hold, AR_HOLD_NONE);
            assert_int_equal(cr->letter_stage, 3);
        } else {
            assert_int_equal(cr->hold, AR_HOLD_BELOW_MINIMUM);
            assert_int_equal(cr->letter_stage, 0);
        }
        eng_fini(&e);
    }
}

static void test_min_letter_amount_ignores_disputed_and_current(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "C1");
    overdue(&e, "C1", 20, 499);
    overdue(&e, "C1", 0, 100000); /* due today: not overdue */
    add(&e, AR_DOC_INV, "C1", NULL, D0 - 90, D0 - 60, 100000, NULL,
        AR_DATE_NONE, true, NULL);
    analyse(&e, D0);
    assert_int_equal(must(&e, "C1")->overdue_net, 499);
    assert_int_equal(must(&e, "C1")->hold, AR_HOLD_BELOW_MINIMUM);
    eng_fini(&e);
}

/* ---- the wait rule (SPEC §8.12) ---------------------------------------- */

/* Client C1 with an item dpd days past due and earlier letters of the
 * given stages sent the given number of days before D0. */
static const ar_client_result *with_history(eng *e, int dpd, int n, ...)
{
    eng_init(e);
    known(e, "C1");
    known(e, "C2");
    overdue(e, "C1", dpd, 100000);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        int stage = va_arg(ap, int);
        int days_ago = va_arg(ap, int);
        letter(e, "C1", D0 - days_ago, stage);
    }
    va_end(ap);
    analyse(e, D0);
    return must(e, "C1");
}

static void expect_letter(const ar_client_result *cr, int stage)
{
    if (cr->hold != AR_HOLD_NONE || cr->letter_stage != stage)
        fail_msg("expected a stage %d letter, got hold \"%s\" stage %d",
                 stage, ar_hold_name(cr->hold), cr->letter_stage);
}

static void expect_wait(const ar_client_result *cr, ar_date until)
{
    if (cr->hold != AR_HOLD_WAITING)
        fail_msg("expected a wait, got hold \"%s\" stage %d",
                 ar_hold_name(cr->hold), cr->letter_stage);
    assert_int_equal(cr->hold_until, until);
    assert_int_equal(cr->letter_stage, 0);
}

static void test_wait_escalation_waits_for_previous_stage(void **state)
{
    (void)state;
    eng e;
    /* now stage 2; a stage-1 letter (wait 7) 6 days ago blocks */
    expect_wait(with_history(&e, 10, 1, 1, 6), D0 + 1);
    assert_int_equal(e.a.holds[AR_HOLD_WAITING], 1);
    eng_fini(&e);
    /* exactly 7 days old: no longer blocks */
    expect_letter(with_history(&e, 10, 1, 1, 7), 2);
    eng_fini(&e);
    /* now stage 4; a stage-3 letter (wait 14) 13 days ago, then 14 */
    expect_wait(with_history(&e, 35, 1, 3, 13), D0 + 1);
    eng_fini(&e);
    expect_letter(with_history(&e, 35, 1, 3, 14), 4);
    eng_fini(&e);
}

static void test_wait_stages_may_be_skipped(void **state)
{
    (void)state;
    eng e;
    /* stage 1 letter a week ago, now 40 days past due: stage 4 directly */
    expect_letter(with_history(&e, 40, 1, 1, 7), 4);
    eng_fini(&e);
    expect_letter(with_history(&e, 50, 0), 5);
    eng_fini(&e);
}

static void test_wait_repeat_of_same_stage(void **state)
{
    (void)state;
    eng e;
    /* stage 5 repeats after 30 days */
    expect_wait(with_history(&e, 100, 1, 5, 29), D0 + 1);
    eng_fini(&e);
    expect_letter(with_history(&e, 100, 1, 5, 30), 5);
    eng_fini(&e);
    /* stage 2 repeats after 7 */
    expect_wait(with_history(&e, 12, 1, 2, 1), D0 + 6);
    eng_fini(&e);
    expect_letter(with_history(&e, 12, 1, 2, 7), 2);
    eng_fini(&e);
    /* a letter sent on D itself blocks */
    expect_wait(with_history(&e, 12, 1, 2, 0), D0 + 7);
    eng_fini(&e);
}

static void test_wait_de_escalation_waits_for_higher_stage(void **state)
{
    (void)state;
    eng e;
    /* a stage-4 letter (wait 14) 13 days ago holds back a stage-1 letter */
    expect_wait(with_history(&e, 3, 1, 4, 13), D0 + 1);
    eng_fini(&e);
    expect_letter(with_history(&e, 3, 1, 4, 14), 1);
    eng_fini(&e);
}

static void test_wait_any_earlier_letter_still_waiting_blocks(void **state)
{
    (void)state;
    eng e;
    /* a stage-5 letter 20 days ago (wait 30) and a stage-1 letter 10 days
     * ago (wait 7, over): the stage-5 wait still runs */
    expect_wait(with_history(&e, 60, 2, 5, 20, 1, 10), D0 + 10);
    eng_fini(&e);
    /* in the other order in the file too */
    expect_wait(with_history(&e, 60, 2, 1, 10, 5, 20), D0 + 10);
    eng_fini(&e);
}

static void test_wait_ignores_history_after_d_and_other_clients(
    void **state)
{
    (void)state;
    eng e;
    /* a letter dated after D has not been sent yet at D */
    expect_letter(with_history(&e, 60, 1, 5, -1), 5);
    eng_fini(&e);
    eng_init(&e);
    known(&e, "C1");
    known(&e, "C2");
    overdue(&e, "C1", 60, 100000);
    letter(&e, "C2", D0 - 1, 5);
    analyse(&e, D0);
    expect_letter(must(&e, "C1"), 5);
    eng_fini(&e);
}

static void test_wait_until_direct(void **state)
{
    (void)state;
    ar_policy p;
    ar_policy_defaults(&p);
    ar_letter_sent l[] = {
        {.run_date = 100, .client = 7, .stage = 3},
        {.run_date = 110, .client = 8, .stage = 5},
        {.run_date = 200, .client = 7, .stage = 5}, /* after as_of */
        {.run_date = 120, .client = 8, .stage = 1},
    };
    ar_date until[10];
    ar_dunning_wait_until(&p, l, 4, 150, until, 10);
    assert_int_equal(until[7], 114);
    assert_int_equal(until[8], 140); /* the stage-5 wait outlasts stage 1 */
    assert_true(until[9] == AR_DATE_NONE || until[9] <= 150);
}

/* ---- as of D (SPEC §1, §8.1) -------------------------------------------- */

static void test_as_of_ignores_later_documents(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "C1");
    known(&e, "C2");
    uint32_t today = add(&e, AR_DOC_INV, "C1", NULL, D0, D0 + 30, 1000, NULL,
                         AR_DATE_NONE, false, NULL);
    uint32_t later = add(&e, AR_DOC_INV, "C1", NULL, D0 + 1, D0 - 100, 5000,
                         NULL, AR_DATE_NONE, false, NULL);
    add(&e, AR_DOC_INV, "C2", NULL, D0 + 1, D0 + 31, 7000, NULL,
        AR_DATE_NONE, false, NULL);
    analyse(&e, D0);
    assert_int_equal(open_of(&e, today), 1000);
    assert_int_equal(open_of(&e, later), 0);
    assert_int_equal(e.a.totals[0].invoiced, 1000);
    assert_int_equal(e.a.open_item_count, 1);
    /* nothing of C1 is past due at D: the later item is not there yet */
    assert_int_equal(must(&e, "C1")->stage, 0);
    /* C2 has no row dated <= D */
    assert_null(res(&e, "C2"));
    assert_int_equal(e.a.client_count, 1);
    eng_fini(&e);
}

static void test_as_of_later_payments_have_not_happened(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "C1");
    uint32_t a = inv(&e, "C1", "I1", D0 - 20, 10000);
    uint32_t b = add(&e, AR_DOC_INV, "C1", "I2", D0 - 50, D0 - 20, 20000,
                     NULL, D0 + 1, false, NULL);
    uint32_t c = add(&e, AR_DOC_INV, "C1", "I3", D0 - 50, D0 - 20, 30000,
                     NULL, D0, false, NULL);
    settle_doc(&e, AR_DOC_PAY, "C1", D0 + 1, 10000, "I1");
    settle_doc(&e, AR_DOC_CRN, "C1", D0 + 5, 500, NULL);
    analyse(&e, D0);
    assert_int_equal(open_of(&e, a), 10000);
    assert_int_equal(open_of(&e, b), 20000);
    assert_int_equal(open_of(&e, c), 0);
    assert_int_equal(e.a.settlement.settled_on[c], D0);
    assert_int_equal(e.a.totals[0].settled, 30000);
    assert_int_equal(e.a.totals[0].unapplied, 0);
    assert_int_equal(must(&e, "C1")->stage, 3);
    /* a day later they have */
    analyse(&e, D0 + 1);
    assert_int_equal(open_of(&e, a), 0);
    assert_int_equal(open_of(&e, b), 0);
    assert_int_equal(e.a.totals[0].settled, 60000);
    eng_fini(&e);
}

/* ---- settlement (SPEC §2.1, §8.9, §8.10, §8.14) ------------------------- */

/* SPEC §2.6 clearing: an invoice and the payment that cleared it both
 * carry the clearing date. The day before, the payment is an unapplied
 * credit; from that day it is consumed: neither settled (the invoice's
 * settled_date is) nor unapplied. invoiced - settled = open - unapplied
 * on both days (check_reconciliation). */
static void test_pay_with_settled_date_is_consumed_that_day(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "C1");
    ar_date clear = D0 - 10;
    uint32_t i = add(&e, AR_DOC_INV, "C1", "I1", D0 - 60, D0 - 30, 10000,
                     NULL, clear, false, NULL);
    uint32_t pay = add(&e, AR_DOC_PAY, "C1", "P1", D0 - 15, AR_DATE_NONE,
                       10000, NULL, clear, false, NULL);
    /* a credit without a clearing date stays a credit */
    add(&e, AR_DOC_CRN, "C1", "CN1", D0 - 15, AR_DATE_NONE, 700, NULL,
        AR_DATE_NONE, false, NULL);

    analyse(&e, clear - 1);
    assert_false(ar_doc_consumed(&ar_ledger_docs(e.lg)[pay], clear - 1));
    assert_int_equal(open_of(&e, i), 10000);
    assert_int_equal(credits_of(&e, "C1"), 10000 + 700);
    assert_int_equal(e.a.totals[0].invoiced, 10000);
    assert_int_equal(e.a.totals[0].settled, 10000 + 700);
    assert_int_equal(e.a.totals[0].open, 10000);
    assert_int_equal(e.a.totals[0].unapplied, 10000 + 700);

    analyse(&e, clear);
    assert_true(ar_doc_consumed(&ar_ledger_docs(e.lg)[pay], clear));
    assert_int_equal(open_of(&e, i), 0);
    assert_int_equal(e.a.settlement.settled_on[i], clear);
    assert_int_equal(credits_of(&e, "C1"), 700);
    /* counted once: the invoice's settled_date, not the payment too */
    assert_int_equal(e.a.totals[0].settled, 10000 + 700);
    assert_int_equal(e.a.totals[0].open, 0);
    assert_int_equal(e.a.totals[0].unapplied, 700);
    for (size_t k = 0; k < e.a.settlement.app_count; k++)
        assert_int_not_equal(e.a.settlement.apps[k].source, pay);

    analyse(&e, D0);
    assert_int_equal(e.a.totals[0].settled, 10000 + 700);
    assert_int_equal(e.a.totals[0].unapplied, 700);
    eng_fini(&e);
}

/* The cash of a clearing counts once in the client's last payment too: a
 * payment posted on the day it cleared its invoice (SAP's usual incoming
 * payment) is 100.00 received that day, not the invoice's settled_date
 * and the payment row both. */
static void test_cleared_payment_is_one_last_payment(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "C1");
    ar_date clear = D0 - 10;
    add(&e, AR_DOC_INV, "C1", "I1", D0 - 60, D0 - 30, 10000, NULL, clear,
        false, NULL);
    add(&e, AR_DOC_PAY, "C1", "P1", clear, AR_DATE_NONE, 10000, NULL, clear,
        false, NULL);
    inv(&e, "C1", "I2", D0 - 40, 5000);
    analyse(&e, D0);
    const ar_client_result *cr = must(&e, "C1");
    assert_int_equal(cr->last_payment, clear);
    assert_int_equal(cr->last_payment_amount, 10000);
    /* the day before it cleared, the payment is the cash, on its date */
    analyse(&e, clear - 1);
    cr = must(&e, "C1");
    assert_int_equal(cr->last_payment, AR_DATE_NONE);
    eng_fini(&e);
}

static void test_partial_payments_and_credit_notes(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "C1");
    uint32_t i = inv(&e, "C1", "I1", D0 - 40, 100000);
    settle_doc(&e, AR_DOC_PAY, "C1", D0 - 30, 30000, "I1");
    settle_doc(&e, AR_DOC_CRN, "C1", D0 - 20, 20000, "I1");
    settle_doc(&e, AR_DOC_PAY, "C1", D0 - 10, 10000, NULL);
    settle_doc(&e, AR_DOC_WO, "C1", D0 + 1, 50000, "I1");
    analyse(&e, D0);
    assert_int_equal(open_of(&e, i), 50000);
    assert_int_equal(e.a.settlement.settled_on[i], AR_DATE_NONE);
    assert_int_equal(e.a.settlement.app_count, 2);
    assert_int_equal(credits_of(&e, "C1"), 10000);
    assert_int_equal(only_credit(&e)->reason, AR_CREDIT_NO_TARGET);
    const ar_account *acc = account(&e, "C1", "");
    assert_int_equal(acc->open, 50000);
    assert_int_equal(acc->unapplied, 10000);
    assert_int_equal(acc->buckets[2], 50000); /* 40 days: 31-60 */
    const ar_client_result *cr = must(&e, "C1");
    assert_int_equal(cr->overdue_net, 40000);
    assert_int_equal(cr->stage, 4);
    assert_int_equal(e.a.totals[0].invoiced, 100000);
    assert_int_equal(e.a.totals[0].settled, 60000);
    /* the write-off after D closes it later */
    analyse(&e, D0 + 1);
    assert_int_equal(open_of(&e, i), 0);
    assert_int_equal(e.a.settlement.settled_on[i], D0 + 1);
    eng_fini(&e);
}

/* SPEC §8.14: settled on the day the open amount reaches zero, whatever
 * did it: a write-off 92 days after the due date is 92 days late. */
static void test_write_off_counts_as_settled_late(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "C1");
    uint32_t i = add(&e, AR_DOC_INV, "C1", "I1", dt("2023-12-02"),
                     dt("2024-01-01"), 10000, NULL, AR_DATE_NONE, false,
                     NULL);
    settle_doc(&e, AR_DOC_PAY, "C1", dt("2024-01-05"), 4000, "I1");
    settle_doc(&e, AR_DOC_WO, "C1", dt("2024-04-02"), 6000, "I1");
    analyse(&e, D0);
    assert_int_equal(open_of(&e, i), 0);
    assert_int_equal(e.a.settlement.settled_on[i], dt("2024-04-02"));
    const ar_client_result *cr = must(&e, "C1");
    assert_int_equal(cr->in.settled_count, 1);
    assert_int_equal(cr->in.days_late_sum, 92);
    assert_int_equal(cr->in.max_days_late, 92);
    assert_int_equal(cr->risk.tier, AR_TIER_HIGH_RISK);
    eng_fini(&e);
}

/* SPEC §8.10: on one date PAY/CRN/WO rows apply before a settled_date
 * payment, which takes only what is still open. */
static void test_settled_date_after_pay_rows_of_same_date(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "C1");
    /* the invoice comes first in the file, its PAY later */
    uint32_t i = add(&e, AR_DOC_INV, "C1", "I1", D0 - 60, D0 - 30, 10000,
                     NULL, D0 - 20, false, NULL);
    uint32_t p = settle_doc(&e, AR_DOC_PAY, "C1", D0 - 20, 3000, "I1");
    analyse(&e, D0);
    const ar_settlement *s = &e.a.settlement;
    assert_int_equal(s->app_count, 2);
    assert_int_equal(s->apps[0].source, p);
    assert_int_equal(s->apps[0].amount, 3000);
    assert_int_equal(s->apps[1].source, i); /* the settled_date payment */
    assert_int_equal(s->apps[1].amount, 7000);
    assert_int_equal(s->credit_count, 0);
    assert_int_equal(e.a.totals[0].settled, 10000);
    assert_int_equal(s->settled_on[i], D0 - 20);
    eng_fini(&e);

    /* a PAY of more than the item on that date: the settled_date payment
     * finds nothing open and takes nothing */
    eng_init(&e);
    known(&e, "C1");
    i = add(&e, AR_DOC_INV, "C1", "I1", D0 - 60, D0 - 30, 10000, NULL,
            D0 - 20, false, NULL);
    settle_doc(&e, AR_DOC_PAY, "C1", D0 - 20, 15000, "I1");
    analyse(&e, D0);
    assert_int_equal(e.a.settlement.app_count, 1);
    assert_int_equal(credits_of(&e, "C1"), 5000);
    assert_int_equal(e.a.totals[0].settled, 15000);
    assert_int_equal(e.a.totals[0].unapplied, 5000);
    eng_fini(&e);

    /* a PAY dated after the settled_date finds the item closed */
    eng_init(&e);
    known(&e, "C1");
    i = add(&e, AR_DOC_INV, "C1", "I1", D0 - 60, D0 - 30, 10000, NULL,
            D0 - 20, false, NULL);
    settle_doc(&e, AR_DOC_PAY, "C1", D0 - 19, 10000, "I1");
    analyse(&e, D0);
    assert_int_equal(open_of(&e, i), 0);
    assert_int_equal(credits_of(&e, "C1"), 10000);
    assert_int_equal(only_credit(&e)->reason, AR_CREDIT_OVERPAYMENT);
    assert_int_equal(e.a.totals[0].settled, 20000);
    eng_fini(&e);
}

static void test_settlements_apply_in_date_order_not_file_order(
    void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "C1");
    uint32_t i = inv(&e, "C1", "I1", D0 - 60, 10000);
    uint32_t late = settle_doc(&e, AR_DOC_PAY, "C1", D0 - 10, 8000, "I1");
    uint32_t early = settle_doc(&e, AR_DOC_CRN, "C1", D0 - 40, 8000, "I1");
    analyse(&e, D0);
    const ar_settlement *s = &e.a.settlement;
    assert_int_equal(open_of(&e, i), 0);
    assert_int_equal(s->apps[0].source, early);
    assert_int_equal(s->apps[0].amount, 8000);
    assert_int_equal(s->apps[1].source, late);
    assert_int_equal(s->apps[1].amount, 2000);
    assert_int_equal(only_credit(&e)->source, late);
    assert_int_equal(only_credit(&e)->amount, 6000);
    assert_int_equal(s->settled_on[i], D0 - 10);
    eng_fini(&e);

    /* same date: file order */
    eng_init(&e);
    known(&e, "C1");
    i = inv(&e, "C1", "I1", D0 - 60, 10000);
    uint32_t first = settle_doc(&e, AR_DOC_PAY, "C1", D0 - 10, 8000, "I1");
    uint32_t second = settle_doc(&e, AR_DOC_CRN, "C1", D0 - 10, 8000, "I1");
    analyse(&e, D0);
    assert_int_equal(e.a.settlement.apps[0].source, first);
    assert_int_equal(e.a.settlement.apps[0].amount, 8000);
    assert_int_equal(only_credit(&e)->source, second);
    eng_fini(&e);
}

static void test_overpayment_excess_is_unapplied_credit(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "C1");
    uint32_t i = inv(&e, "C1", "I1", D0 - 5, 10000);
    settle_doc(&e, AR_DOC_PAY, "C1", D0 - 3, 12550, "I1");
    analyse(&e, D0);
    assert_int_equal(open_of(&e, i), 0);
    assert_int_equal(e.a.settlement.settled_on[i], D0 - 3);
    const ar_credit *c = only_credit(&e);
    assert_int_equal(c->amount, 2550);
    assert_int_equal(c->reason, AR_CREDIT_OVERPAYMENT);
    assert_int_equal(c->date, D0 - 3);
    assert_int_equal(account(&e, "C1", "")->unapplied, 2550);
    assert_int_equal(account(&e, "C1", "")->open, 0);
    assert_int_equal(must(&e, "C1")->overdue_net, -2550);
    assert_int_equal(e.a.clients_with_balance, 0);
    eng_fini(&e);
}

/* SPEC §8.9: the same client's INV, else its DEB, existing at D; anything
 * else makes the settlement an unapplied credit of the payer. */
static void test_applies_to_other_clients_document_is_credit(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "C1");
    known(&e, "C2");
    uint32_t i = inv(&e, "C1", "I1", D0 - 5, 10000);
    settle_doc(&e, AR_DOC_PAY, "C2", D0 - 1, 10000, "I1");
    analyse(&e, D0);
    assert_int_equal(open_of(&e, i), 10000);
    assert_int_equal(credits_of(&e, "C2"), 10000);
    assert_int_equal(credits_of(&e, "C1"), 0);
    assert_int_equal(only_credit(&e)->reason, AR_CREDIT_UNKNOWN_TARGET);
    assert_int_equal(account(&e, "C2", "")->unapplied, 10000);
    assert_int_equal(account(&e, "C1", "")->unapplied, 0);
    eng_fini(&e);
}

static void test_applies_to_document_dated_after_d_is_credit(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "C1");
    uint32_t i = add(&e, AR_DOC_INV, "C1", "I1", D0 + 3, D0 + 33, 10000,
                     NULL, AR_DATE_NONE, false, NULL);
    settle_doc(&e, AR_DOC_PAY, "C1", D0 - 1, 10000, "I1"); /* prepayment */
    settle_doc(&e, AR_DOC_CRN, "C1", D0 - 1, 100, "NOPE");
    settle_doc(&e, AR_DOC_WO, "C1", D0 - 1, 200, "PAY-1");
    analyse(&e, D0);
    assert_int_equal(open_of(&e, i), 0);
    assert_int_equal(credits_of(&e, "C1"), 10300);
    for (size_t k = 0; k < e.a.settlement.credit_count; k++)
        assert_int_equal(e.a.settlement.credits[k].reason,
                         AR_CREDIT_UNKNOWN_TARGET);
    /* once the invoice exists, the payment applies to it */
    analyse(&e, D0 + 3);
    assert_int_equal(open_of(&e, i), 0);
    assert_int_equal(credits_of(&e, "C1"), 300);
    eng_fini(&e);
}

static void test_applies_to_prefers_invoice_then_debit_note(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "C1");
    known(&e, "C2");
    /* N1: C2's invoice and C1's debit note: C1's payment takes its DEB */
    uint32_t other = inv(&e, "C2", "N1", D0 - 5, 10000);
    uint32_t deb = add(&e, AR_DOC_DEB, "C1", "N1", D0 - 35, D0 - 5, 10000,
                       NULL, AR_DATE_NONE, false, NULL);
    /* N2: C1's invoice and C1's debit note: the invoice */
    uint32_t inv2 = inv(&e, "C1", "N2", D0 - 5, 10000);
    uint32_t deb2 = add(&e, AR_DOC_DEB, "C1", "N2", D0 - 35, D0 - 5, 10000,
                        NULL, AR_DATE_NONE, false, NULL);
    settle_doc(&e, AR_DOC_PAY, "C1", D0 - 1, 4000, "N1");
    settle_doc(&e, AR_DOC_PAY, "C1", D0 - 1, 3000, "N2");
    analyse(&e, D0);
    assert_int_equal(open_of(&e, other), 10000);
    assert_int_equal(open_of(&e, deb), 6000);
    assert_int_equal(open_of(&e, inv2), 7000);
    assert_int_equal(open_of(&e, deb2), 10000);
    assert_int_equal(e.a.settlement.credit_count, 0);
    eng_fini(&e);
}

static void test_credit_in_other_currency_than_target_is_unapplied(
    void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "C1");
    uint32_t i = add(&e, AR_DOC_INV, "C1", "I1", D0 - 40, D0 - 10, 10000,
                     NULL, AR_DATE_NONE, false, "EUR");
    add(&e, AR_DOC_PAY, "C1", "P1", D0 - 1, AR_DATE_NONE, 10000, "I1",
        AR_DATE_NONE, false, "USD");
    analyse(&e, D0);
    assert_int_equal(open_of(&e, i), 10000);
    assert_int_equal(account(&e, "C1", "USD")->unapplied, 10000);
    assert_int_equal(account(&e, "C1", "EUR")->unapplied, 0);
    eng_fini(&e);
}

/* SPEC §8.17: apply_unapplied = oldest applies credits oldest first. */
static void test_apply_unapplied_oldest(void **state)
{
    (void)state;
    for (int oldest = 0; oldest < 2; oldest++) {
        eng e;
        eng_init(&e);
        if (oldest)
            eng_policy(&e, "[general]\napply_unapplied = oldest\n");
        known(&e, "C1");
        known(&e, "C2");
        uint32_t mar = inv(&e, "C1", "I3", dt("2024-03-31"), 10000);
        uint32_t jan = inv(&e, "C1", "I1", dt("2024-01-31"), 10000);
        uint32_t feb = inv(&e, "C1", "I2", dt("2024-02-29"), 10000);
        uint32_t c2 = inv(&e, "C2", "J1", dt("2024-01-15"), 10000);
        settle_doc(&e, AR_DOC_PAY, "C1", dt("2024-05-01"), 15000, NULL);
        analyse(&e, D0);
        if (oldest) {
            assert_int_equal(open_of(&e, jan), 0);
            assert_int_equal(open_of(&e, feb), 5000);
            assert_int_equal(open_of(&e, mar), 10000);
            assert_int_equal(credits_of(&e, "C1"), 0);
            assert_int_equal(e.a.totals[0].unapplied, 0);
            assert_int_equal(account(&e, "C1", "")->open, 15000);
            assert_int_equal(must(&e, "C1")->overdue_net, 15000);
            /* the stage now follows the oldest item still open */
            assert_int_equal(must(&e, "C1")->max_dpd, D0 - dt("2024-02-29"));
        } else {
            assert_int_equal(open_of(&e, jan), 10000);
            assert_int_equal(open_of(&e, feb), 10000);
            assert_int_equal(open_of(&e, mar), 10000);
            assert_int_equal(credits_of(&e, "C1"), 15000);
            assert_int_equal(account(&e, "C1", "")->open, 30000);
            assert_int_equal(must(&e, "C1")->overdue_net, 15000);
            assert_int_equal(must(&e, "C1")->max_dpd, D0 - dt("2024-01-31"));
        }
        /* never another client's items */
        assert_int_equal(open_of(&e, c2), 10000);
        assert_int_equal(e.a.totals[0].settled, 15000);
        eng_fini(&e);
    }
}

static void test_apply_unapplied_oldest_keeps_the_rest_and_currency(
    void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    eng_policy(&e, "[general]\napply_unapplied = oldest\n");
    known(&e, "C1");
    uint32_t a = add(&e, AR_DOC_INV, "C1", "I1", D0 - 60, D0 - 30, 10000,
                     NULL, AR_DATE_NONE, false, "EUR");
    uint32_t b = add(&e, AR_DOC_INV, "C1", "I2", D0 - 90, D0 - 60, 10000,
                     NULL, AR_DATE_NONE, false, "USD");
    add(&e, AR_DOC_CRN, "C1", "K1", D0 - 1, AR_DATE_NONE, 25000, NULL,
        AR_DATE_NONE, false, "EUR");
    analyse(&e, D0);
    assert_int_equal(open_of(&e, a), 0);
    assert_int_equal(open_of(&e, b), 10000); /* other currency */
    assert_int_equal(account(&e, "C1", "EUR")->unapplied, 15000);
    assert_int_equal(only_credit(&e)->original, 25000);
    assert_int_equal(only_credit(&e)->amount, 15000);
    eng_fini(&e);
}

/* ---- actions (SPEC §3.4, §8.15) ----------------------------------------- */

/* A client of tier t with one item dpd days past due of amount cents and
 * an unapplied credit: its actions. */
static uint32_t actions_for(ar_tier t, int dpd, ar_cents amount,
                            ar_cents credit, const char *ini)
{
    eng e;
    eng_init(&e);
    if (ini)
        eng_policy(&e, ini);
    known_tier(&e, "C1", t);
    overdue(&e, "C1", dpd, amount);
    if (credit)
        settle_doc(&e, AR_DOC_PAY, "C1", D0 - 1, credit, NULL);
    analyse(&e, D0);
    uint32_t got = must(&e, "C1")->actions;
    /* the per-kind counts agree */
    for (int k = 0; k < AR_ACTION_COUNT_; k++)
        assert_int_equal(e.a.actions[k], (got >> k) & 1u);
    eng_fini(&e);
    return got;
}

#define BIT(k) (1u << (k))
#define CALL BIT(AR_ACTION_CALL)
#define SUSPEND BIT(AR_ACTION_SUSPEND)
#define AGENCY BIT(AR_ACTION_AGENCY)
#define LEGAL BIT(AR_ACTION_LEGAL)
#define MANAGER BIT(AR_ACTION_ACCOUNT_MANAGER)

static void expect_actions(ar_tier t, int dpd, ar_cents amount,
                           ar_cents credit, const char *ini, uint32_t want)
{
    uint32_t got = actions_for(t, dpd, amount, credit, ini);
    if (got != want) {
        char g[80] = "", w[80] = "";
        for (int k = 0; k < AR_ACTION_COUNT_; k++) {
            if (got & BIT(k))
                strcat(strcat(g, " "), ar_action_name((ar_action_kind)k));
            if (want & BIT(k))
                strcat(strcat(w, " "), ar_action_name((ar_action_kind)k));
        }
        fail_msg("%s, %d days, %lld cents overdue, %lld credit: got [%s ], "
                 "expected [%s ]",
                 ar_tier_name(t), dpd, (long long)amount, (long long)credit,
                 g, w);
    }
}

static void test_actions_call_at_stage_3_threshold_of_path(void **state)
{
    (void)state;
    expect_actions(AR_TIER_STANDARD, 14, 100, 0, NULL, 0);
    expect_actions(AR_TIER_STANDARD, 15, 100, 0, NULL, CALL);
    expect_actions(AR_TIER_VIP, 21, 100, 0, NULL, 0);
    expect_actions(AR_TIER_VIP, 22, 100, 0, NULL, CALL);
    expect_actions(AR_TIER_HIGH_RISK, 6, 100, 0, NULL, SUSPEND);
    expect_actions(AR_TIER_HIGH_RISK, 7, 100, 0, NULL, SUSPEND | CALL);
}

static void test_actions_suspension_by_tier(void **state)
{
    (void)state;
    expect_actions(AR_TIER_HIGH_RISK, 0, 100000, 0, NULL, 0);
    expect_actions(AR_TIER_HIGH_RISK, 1, 100, 0, NULL, SUSPEND);
    expect_actions(AR_TIER_STANDARD, 29, 100, 0, NULL, CALL);
    expect_actions(AR_TIER_STANDARD, 30, 100, 0, NULL, CALL | SUSPEND);
    /* VIP clients are never suspended */
    expect_actions(AR_TIER_VIP, 400, 100, 0, NULL, CALL);
}

static void test_actions_agency_at_45_or_30_with_500(void **state)
{
    (void)state;
    expect_actions(AR_TIER_STANDARD, 44, 100000, 0, NULL, CALL | SUSPEND);
    expect_actions(AR_TIER_STANDARD, 45, 50000, 0, NULL,
                   CALL | SUSPEND | AGENCY);
    expect_actions(AR_TIER_STANDARD, 45, 49999, 0, NULL, CALL | SUSPEND);
    expect_actions(AR_TIER_HIGH_RISK, 29, 100000, 0, NULL, CALL | SUSPEND);
    expect_actions(AR_TIER_HIGH_RISK, 30, 50000, 0, NULL,
                   CALL | SUSPEND | AGENCY);
    expect_actions(AR_TIER_HIGH_RISK, 30, 49999, 0, NULL, CALL | SUSPEND);
}

static void test_actions_agency_balance_is_net_of_credits(void **state)
{
    (void)state;
    expect_actions(AR_TIER_STANDARD, 60, 60000, 10001, NULL, CALL | SUSPEND);
    expect_actions(AR_TIER_STANDARD, 60, 60000, 10000, NULL,
                   CALL | SUSPEND | AGENCY);
}

static void test_actions_vip_gets_account_manager_not_agency(void **state)
{
    (void)state;
    expect_actions(AR_TIER_VIP, 44, 100000, 0, NULL, CALL);
    expect_actions(AR_TIER_VIP, 45, 50000, 0, NULL, CALL | MANAGER);
    expect_actions(AR_TIER_VIP, 45, 49999, 0, NULL, CALL);
    /* never legal either */
    expect_actions(AR_TIER_VIP, 200, 1000000, 0, NULL, CALL | MANAGER);
}

static void test_actions_legal_at_90_with_5000_when_placeable(void **state)
{
    (void)state;
    expect_actions(AR_TIER_STANDARD, 90, 500000, 0, NULL,
                   CALL | SUSPEND | AGENCY | LEGAL);
    expect_actions(AR_TIER_STANDARD, 90, 499999, 0, NULL,
                   CALL | SUSPEND | AGENCY);
    expect_actions(AR_TIER_STANDARD, 89, 500000, 0, NULL,
                   CALL | SUSPEND | AGENCY);
    expect_actions(AR_TIER_HIGH_RISK, 90, 500000, 0, NULL,
                   CALL | SUSPEND | AGENCY | LEGAL);
    /* net of credits */
    expect_actions(AR_TIER_STANDARD, 90, 500000, 1, NULL,
                   CALL | SUSPEND | AGENCY);
    /* not placeable (agency minimum above the legal one): no legal */
    expect_actions(AR_TIER_STANDARD, 120, 550000, 0,
                   "[actions]\nagency_min_balance = 6000.00\n",
                   CALL | SUSPEND);
}

static void test_actions_ignore_disputed_items(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known_tier(&e, "C1", AR_TIER_HIGH_RISK);
    add(&e, AR_DOC_INV, "C1", NULL, D0 - 200, D0 - 100, 1000000, NULL,
        AR_DATE_NONE, true, NULL);
    analyse(&e, D0);
    assert_int_equal(must(&e, "C1")->actions, 0);
    eng_fini(&e);
}

/* SPEC §2.2, §8.16: not in the clients file: no letter, but staged,
 * tiered and given actions. */
static void test_unknown_client_staged_tiered_and_actioned(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "K1");
    overdue(&e, "U1", 50, 30000);
    overdue(&e, "U1", 40, 30000);
    overdue(&e, "U1", 10, 30000);
    overdue(&e, "K1", 50, 30000);
    analyse(&e, D0);
    const ar_client_result *u = must(&e, "U1");
    assert_int_equal(u->risk.tier, AR_TIER_HIGH_RISK); /* 3 past due */
    assert_int_equal(u->in.segment, -1);
    assert_false(u->in.strategic);
    assert_int_equal(u->in.prior_collections, 0);
    assert_int_equal(u->stage, 5);
    assert_int_equal(u->hold, AR_HOLD_UNKNOWN_CLIENT);
    assert_int_equal(u->letter_stage, 0);
    assert_int_equal(u->actions, CALL | SUSPEND | AGENCY);
    expect_letter(must(&e, "K1"), 5);
    assert_int_equal(e.a.holds[AR_HOLD_UNKNOWN_CLIENT], 1);
    assert_int_equal(e.a.letters[5], 1);
    eng_fini(&e);
}

static void test_unknown_client_with_nothing_due_holds_no_stage(
    void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    overdue(&e, "U1", 0, 30000);
    analyse(&e, D0);
    assert_int_equal(must(&e, "U1")->hold, AR_HOLD_NO_STAGE);
    eng_fini(&e);
}

/* ---- fees and interest (SPEC §3.5) -------------------------------------- */

static const ar_client_result *fee_case(eng *e, const char *ini, int dpd,
                                        ar_cents amount, int history_stage)
{
    eng_init(e);
    if (ini)
        eng_policy(e, ini);
    known(e, "C1");
    overdue(e, "C1", dpd, amount);
    if (history_stage)
        letter(e, "C1", D0 - 1, history_stage);
    analyse(e, D0);
    return must(e, "C1");
}

#define FEES "[fees]\nfees_enabled = yes\n" \
             "stage_fee = 1.00, 2.00, 3.00, 4.00, 5.50\n"

static void test_fees_off_by_default(void **state)
{
    (void)state;
    eng e;
    const ar_client_result *cr =
        fee_case(&e, "[fees]\nstage_fee = 1.00, 2.00, 3.00, 4.00, 5.00\n"
                     "interest_rate = 8.00\n",
                 60, 100000, 0);
    assert_int_equal(cr->letter_stage, 5);
    assert_int_equal(cr->fee, 0);
    assert_int_equal(cr->interest, 0);
    eng_fini(&e);
}

static void test_fees_stage_fee_and_simple_interest(void **state)
{
    (void)state;
    eng e;
    /* 1,000.00 at 8 % for 30 days: 100000 * 0.08 * 30 / 365 = 657.53 */
    const ar_client_result *cr =
        fee_case(&e, FEES "interest_rate = 8.00\n", 30, 100000, 0);
    assert_int_equal(cr->letter_stage, 4);
    assert_int_equal(cr->fee, 400);
    assert_int_equal(cr->interest, 658);
    /* never mixed into the ledger totals */
    assert_int_equal(e.a.totals[0].open, 100000);
    assert_int_equal(account(&e, "C1", "")->open, 100000);
    assert_int_equal(cr->overdue_net, 100000);
    eng_fini(&e);
    cr = fee_case(&e, FEES "interest_rate = 8.00\n", 45, 100000, 0);
    assert_int_equal(cr->fee, 550);
    eng_fini(&e);
}

static void test_fees_interest_rounds_half_up(void **state)
{
    (void)state;
    eng e;
    /* 0.05 at 50 % for 73 days is exactly half a cent: 1 cent */
    const ar_client_result *cr = fee_case(
        &e, FEES "interest_rate = 50\n[dunning]\nmin_letter_amount = 0\n",
        73, 5, 0);
    assert_int_equal(cr->letter_stage, 5);
    assert_int_equal(cr->interest, 1);
    eng_fini(&e);
    /* well under half a cent: nothing */
    cr = fee_case(&e, FEES "interest_rate = 50\n[dunning]\n"
                           "min_letter_amount = 0\n",
                  1, 100, 0);
    /* 100 * 0.5 / 365 = 0.137 cents: 0 */
    assert_int_equal(cr->interest, 0);
    eng_fini(&e);
}

static void test_fees_only_with_a_letter_and_only_overdue_items(void **state)
{
    (void)state;
    eng e;
    /* held back by the wait rule: no letter, no fee, no interest */
    const ar_client_result *cr =
        fee_case(&e, FEES "interest_rate = 8.00\n", 30, 100000, 4);
    assert_int_equal(cr->hold, AR_HOLD_WAITING);
    assert_int_equal(cr->fee, 0);
    assert_int_equal(cr->interest, 0);
    eng_fini(&e);
    /* disputed and current items earn no interest */
    eng_init(&e);
    eng_policy(&e, FEES "interest_rate = 8.00\n");
    known(&e, "C1");
    overdue(&e, "C1", 30, 100000);
    overdue(&e, "C1", -10, 500000);
    add(&e, AR_DOC_INV, "C1", NULL, D0 - 90, D0 - 60, 900000, NULL,
        AR_DATE_NONE, true, NULL);
    analyse(&e, D0);
    assert_int_equal(must(&e, "C1")->interest, 658);
    eng_fini(&e);
}

/* ---- the risk score (SPEC §3.3) ----------------------------------------- */

static void test_risk_score_0_to_100_higher_is_riskier(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "CLEAN");
    master(&e, "BAD", -1, false, -1, 9);
    overdue(&e, "CLEAN", -5, 100000);
    paid_late(&e, "CLEAN", D0 - 100, 0, 100000);
    for (int i = 0; i < 8; i++)
        overdue(&e, "BAD", 100 + i, 100000);
    for (int i = 0; i < 4; i++)
        add(&e, AR_DOC_INV, "BAD", NULL, D0 - 90, D0 - 60, 100, NULL,
            AR_DATE_NONE, true, NULL);
    paid_late(&e, "BAD", D0 - 300, 200, 100);
    analyse(&e, D0);
    const ar_client_result *clean = must(&e, "CLEAN"), *bad = must(&e, "BAD");
    for (int k = 0; k < 2; k++) {
        const ar_risk *r = k ? &bad->risk : &clean->risk;
        int sum = 0;
        for (int f = 0; f < AR_RISK_FACTOR_COUNT_; f++) {
            assert_true(r->points[f] >= 0);
            sum += r->points[f];
        }
        assert_int_equal(r->score, sum);
        assert_true(r->score >= 0 && r->score <= 100);
    }
    assert_true(bad->risk.score > clean->risk.score);
    assert_true(bad->risk.score >= 90);
    assert_non_null(bad->risk.tier_rule);
    eng_fini(&e);
}

/* ---- totals and counts (SPEC §8.18-§8.23) ------------------------------ */

static void test_buckets_by_days_past_due(void **state)
{
    (void)state;
    static const struct {
        int dpd, bucket;
    } c[] = {{-30, 0}, {0, 0}, {1, 1}, {30, 1}, {31, 2}, {60, 2}, {61, 3},
             {90, 3}, {91, 4}, {120, 4}, {121, 5}, {4000, 5}};
    eng e;
    eng_init(&e);
    for (size_t i = 0; i < sizeof c / sizeof *c; i++)
        overdue(&e, "U1", c[i].dpd, (ar_cents)1 << i);
    analyse(&e, D0);
    const ar_totals *t = &e.a.totals[0];
    ar_cents want[AR_MAX_BUCKETS] = {0};
    for (size_t i = 0; i < sizeof c / sizeof *c; i++)
        want[c[i].bucket] += (ar_cents)1 << i;
    for (int b = 0; b < 6; b++)
        assert_int_equal(t->buckets[b], want[b]);
    assert_int_equal(t->open_items, 12);
    eng_fini(&e);
}

static void test_counts_clients_with_used_row_dated_on_or_before_d(
    void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "A"); /* clients file only */
    overdue(&e, "B", 5, 100); /* an open item */
    settle_doc(&e, AR_DOC_PAY, "C", D0, 100, NULL); /* only a credit */
    add(&e, AR_DOC_INV, "D", NULL, D0 + 1, D0 + 30, 100, NULL, AR_DATE_NONE,
        false, NULL); /* only after D */
    letter(&e, "E", D0 - 3, 1); /* history only */
    ar_cost cost = {.date = D0 - 3, .client = client_ix(&e, "F"),
                    .cost = 100};
    ar_ledger_add_cost(e.lg, &cost); /* costs only */
    paid_late(&e, "G", D0 - 50, 0, 100); /* settled: no balance */
    analyse(&e, D0);
    assert_int_equal(e.a.client_count, 3); /* B, C, G */
    assert_non_null(res(&e, "B"));
    assert_non_null(res(&e, "C"));
    assert_non_null(res(&e, "G"));
    assert_null(res(&e, "A"));
    assert_null(res(&e, "D"));
    assert_null(res(&e, "E"));
    assert_null(res(&e, "F"));
    assert_int_equal(e.a.clients_with_balance, 1);
    /* on the day D's invoice is dated, D counts */
    analyse(&e, D0 + 1);
    assert_int_equal(e.a.client_count, 4);
    assert_int_equal(e.a.clients_with_balance, 2);
    eng_fini(&e);
}

/* SPEC §8.23: amounts in different currencies are never added together. */
static void test_currencies_totalled_apart(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    known(&e, "C1");
    known(&e, "C2");
    add(&e, AR_DOC_INV, "C1", NULL, D0 - 40, D0 - 10, 10000, NULL,
        AR_DATE_NONE, false, "EUR");
    add(&e, AR_DOC_INV, "C1", NULL, D0 - 40, D0 - 20, 70000, NULL,
        AR_DATE_NONE, false, "USD");
    add(&e, AR_DOC_INV, "C2", NULL, D0 - 40, D0 + 10, 5000, NULL,
        AR_DATE_NONE, false, NULL); /* blank: the base currency */
    add(&e, AR_DOC_PAY, "C2", NULL, D0 - 1, AR_DATE_NONE, 300, NULL,
        AR_DATE_NONE, false, "GBP");
    analyse(&e, D0);
    uint16_t eur = ar_ledger_currency(e.lg, "EUR", 3);
    uint16_t usd = ar_ledger_currency(e.lg, "USD", 3);
    uint16_t gbp = ar_ledger_currency(e.lg, "GBP", 3);
    /* the first used row's currency is the base */
    assert_int_equal(ar_ledger_base_currency(e.lg), eur);
    assert_int_equal(e.a.totals[0].currency, eur);
    assert_int_equal(e.a.totals[0].open, 15000);
    assert_int_equal(e.a.totals[0].invoiced, 15000);
    assert_int_equal(e.a.totals[0].buckets[1], 10000);
    assert_int_equal(e.a.totals[0].buckets[0], 5000);
    const ar_totals *u = ar_analysis_totals(&e.a, usd);
    assert_non_null(u);
    assert_int_equal(u->open, 70000);
    assert_int_equal(u->open_items, 1);
    const ar_totals *g = ar_analysis_totals(&e.a, gbp);
    assert_non_null(g);
    assert_int_equal(g->unapplied, 300);
    assert_int_equal(g->open, 0);
    assert_int_equal(e.a.totals[0].unapplied, 0);
    /* a client's money is judged in its primary currency */
    const ar_client_result *c1 = must(&e, "C1");
    assert_int_equal(c1->account_count, 2);
    assert_int_equal(c1->currency, usd);
    assert_int_equal(c1->overdue_net, 70000);
    eng_fini(&e);
}

static void test_currency_base_from_policy(void **state)
{
    (void)state;
    eng e;
    eng_init(&e);
    eng_policy(&e, "[general]\nbase_currency = USD\n");
    add(&e, AR_DOC_INV, "C1", NULL, D0 - 40, D0 - 10, 10000, NULL,
        AR_DATE_NONE, false, "EUR");
    add(&e, AR_DOC_INV, "C1", NULL, D0 - 40, D0 - 10, 2000, NULL,
        AR_DATE_NONE, false, NULL);
    analyse(&e, D0);
    uint16_t usd = ar_ledger_currency(e.lg, "USD", 3);
    assert_int_equal(e.a.totals[0].currency, usd);
    assert_int_equal(e.a.totals[0].open, 2000);
    assert_int_equal(
        ar_analysis_totals(&e.a, ar_ledger_currency(e.lg, "EUR", 3))->open,
        10000);
    eng_fini(&e);
}

/* A ledger with every kind of row, analysed at many dates: every analysis
 * reconciles (checked by analyse()), and the open items add up. */
static void test_reconciles_at_every_date(void **state)
{
    (void)state;
    for (int oldest = 0; oldest < 2; oldest++) {
        eng e;
        eng_init(&e);
        if (oldest)
            eng_policy(&e, "[general]\napply_unapplied = oldest\n");
        static const char *const ids[] = {"A", "B", "C", "D", "E"};
        static const char *const cur[] = {"EUR", "EUR", "USD", NULL};
        ar_date start = dt("2023-01-01");
        unsigned seed = 12345;
        for (int k = 0; k < 400; k++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 8;
            const char *id = ids[r % 5];
            const char *c = cur[(r >> 3) % 4];
            ar_date day = start + (ar_date)((r >> 5) % 540);
            ar_cents amount = (ar_cents)((r >> 7) % 200000);
            char no[16], target[16];
            snprintf(no, sizeof no, "N%d", k);
            snprintf(target, sizeof target, "N%d", (int)((r >> 11) % 400));
            switch ((r >> 17) % 8) {
            case 0: case 1: case 2:
                add(&e, AR_DOC_INV, id, no, day, day + 30, amount, NULL,
                    (r >> 20) % 3 == 0 ? day + (ar_date)((r >> 22) % 90)
                                       : AR_DATE_NONE,
                    (r >> 24) % 10 == 0, c);
                break;
            case 3:
                add(&e, AR_DOC_DEB, id, no, day, AR_DATE_NONE, amount, NULL,
                    AR_DATE_NONE, false, c);
                break;
            case 4: case 5:
                add(&e, AR_DOC_PAY, id, no, day, AR_DATE_NONE, amount,
                    (r >> 20) % 4 ? target : NULL, AR_DATE_NONE, false, c);
                break;
            case 6:
                add(&e, AR_DOC_CRN, id, no, day, AR_DATE_NONE, amount / 4,
                    target, AR_DATE_NONE, false, c);
                break;
            default:
                add(&e, AR_DOC_WO, id, no, day, AR_DATE_NONE, amount / 10,
                    target, AR_DATE_NONE, false, c);
                break;
            }
        }
        for (ar_date d = start - 1; d <= start + 600; d += 17)
            analyse(&e, d);
        analyse(&e, ar_date_month_end(start + 400));
        eng_fini(&e);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stage_standard_path_1_8_15_30_45),
        cmocka_unit_test(test_stage_vip_path_8_15_22_37_52),
        cmocka_unit_test(test_stage_high_risk_path_1_4_7_15_22),
        cmocka_unit_test(test_stage_high_risk_halving_has_minimum_1),
        cmocka_unit_test(test_stage_follows_most_overdue_item),
        cmocka_unit_test(test_tier_segment_beats_every_rule),
        cmocka_unit_test(test_tier_high_risk_rules_before_vip),
        cmocka_unit_test(test_tier_high_risk_at_three_past_due_items),
        cmocka_unit_test(test_tier_high_risk_when_average_days_late_over_30),
        cmocka_unit_test(test_tier_early_payment_counts_as_zero_days_late),
        cmocka_unit_test(test_tier_strategic_is_vip),
        cmocka_unit_test(test_tier_vip_revenue_strictly_over_100000),
        cmocka_unit_test(test_tier_vip_revenue_from_sales_in_window),
        cmocka_unit_test(test_tier_vip_needs_max_days_late_at_most_30),
        cmocka_unit_test(test_tier_vip_needs_average_days_late_at_most_5),
        cmocka_unit_test(test_tier_standard_otherwise),
        cmocka_unit_test(test_window_365_days_across_leap_day),
        cmocka_unit_test(test_window_settlements_after_d_do_not_count),
        cmocka_unit_test(test_disputed_items_never_dunned_but_counted),
        cmocka_unit_test(test_min_item_amount_excludes_small_items_from_stage),
        cmocka_unit_test(
            test_high_risk_suspended_for_an_item_below_min_item_amount),
        cmocka_unit_test(test_min_letter_amount_on_overdue_net_of_credits),
        cmocka_unit_test(test_min_letter_amount_ignores_disputed_and_current),
        cmocka_unit_test(test_wait_escalation_waits_for_previous_stage),
        cmocka_unit_test(test_wait_stages_may_be_skipped),
        cmocka_unit_test(test_wait_repeat_of_same_stage),
        cmocka_unit_test(test_wait_de_escalation_waits_for_higher_stage),
        cmocka_unit_test(test_wait_any_earlier_letter_still_waiting_blocks),
        cmocka_unit_test(test_wait_ignores_history_after_d_and_other_clients),
        cmocka_unit_test(test_wait_until_direct),
        cmocka_unit_test(test_as_of_ignores_later_documents),
        cmocka_unit_test(test_as_of_later_payments_have_not_happened),
        cmocka_unit_test(test_partial_payments_and_credit_notes),
        cmocka_unit_test(test_write_off_counts_as_settled_late),
        cmocka_unit_test(test_settled_date_after_pay_rows_of_same_date),
        cmocka_unit_test(test_pay_with_settled_date_is_consumed_that_day),
        cmocka_unit_test(test_cleared_payment_is_one_last_payment),
        cmocka_unit_test(test_settlements_apply_in_date_order_not_file_order),
        cmocka_unit_test(test_overpayment_excess_is_unapplied_credit),
        cmocka_unit_test(test_applies_to_other_clients_document_is_credit),
        cmocka_unit_test(test_applies_to_document_dated_after_d_is_credit),
        cmocka_unit_test(test_applies_to_prefers_invoice_then_debit_note),
        cmocka_unit_test(
            test_credit_in_other_currency_than_target_is_unapplied),
        cmocka_unit_test(test_apply_unapplied_oldest),
        cmocka_unit_test(test_apply_unapplied_oldest_keeps_the_rest_and_currency),
        cmocka_unit_test(test_actions_call_at_stage_3_threshold_of_path),
        cmocka_unit_test(test_actions_suspension_by_tier),
        cmocka_unit_test(test_actions_agency_at_45_or_30_with_500),
        cmocka_unit_test(test_actions_agency_balance_is_net_of_credits),
        cmocka_unit_test(test_actions_vip_gets_account_manager_not_agency),
        cmocka_unit_test(test_actions_legal_at_90_with_5000_when_placeable),
        cmocka_unit_test(test_actions_ignore_disputed_items),
        cmocka_unit_test(test_unknown_client_staged_tiered_and_actioned),
        cmocka_unit_test(test_unknown_client_with_nothing_due_holds_no_stage),
        cmocka_unit_test(test_fees_off_by_default),
        cmocka_unit_test(test_fees_stage_fee_and_simple_interest),
        cmocka_unit_test(test_fees_interest_rounds_half_up),
        cmocka_unit_test(test_fees_only_with_a_letter_and_only_overdue_items),
        cmocka_unit_test(test_risk_score_0_to_100_higher_is_riskier),
        cmocka_unit_test(test_buckets_by_days_past_due),
        cmocka_unit_test(
            test_counts_clients_with_used_row_dated_on_or_before_d),
        cmocka_unit_test(test_currencies_totalled_apart),
        cmocka_unit_test(test_currency_base_from_policy),
        cmocka_unit_test(test_reconciles_at_every_date),
    };
    return cmocka_run_group_tests_name("engine", tests, NULL, NULL);
}
