/* test_group.c - a group of entities' KPIs from their inputs (engine
 * group.h; issue #21 item 4, README "A group of entities"): per entity
 * its base currency's, per currency the inputs added up, consolidated
 * each entity-currency's figures converted once, half to even. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "ar/engine/fx.h"
#include "ar/engine/group.h"

/* An entity with one currency of AR ar (bucket 1, 1-30 days, less
 * credits) and Sales(W) sales. */
static void add_currency(ar_group_entity *e, const char *code, ar_cents ar,
                         ar_cents credits, ar_cents sales)
{
    ar_group_currency *c = &e->cur[e->currency_count++];
    memset(c, 0, sizeof *c);
    strcpy(c->code, code);
    c->in.buckets[1] = ar + credits;
    c->in.ar_d = ar;
    c->in.sales_w = sales;
    c->in.have_costs = true;
}

static ar_policy policy(void)
{
    ar_policy p;
    ar_policy_defaults(&p);
    return p;
}

static void test_group_per_currency_adds_own_cents(void **state)
{
    (void)state;
    ar_group_entity e[2] = {0};
    strcpy(e[0].entity, "1000");
    add_currency(&e[0], "EUR", 100000, 0, 300000);
    add_currency(&e[0], "USD", 5001, 0, 9000);
    strcpy(e[1].entity, "2000");
    add_currency(&e[1], "USD", 20000, 1000, 60000);
    ar_policy p = policy();
    ar_group g;
    ar_group_compute(&p, e, 2, NULL, 0, NULL, &g);
    assert_false(g.consolidated);
    assert_int_equal(g.entity_count, 2);
    assert_string_equal(g.entities[1].code, "USD");
    assert_int_equal(g.entities[1].in.ar_d, 20000);
    assert_int_equal(g.entities[1].overdue, 21000); /* gross, credits kept */
    assert_int_equal(g.currency_count, 2);
    assert_string_equal(g.cur[0].code, "EUR");
    assert_string_equal(g.cur[1].code, "USD");
    assert_int_equal(g.cur[1].in.ar_d, 25001);
    assert_int_equal(g.cur[1].in.sales_w, 69000);
    assert_int_equal(g.cur[1].entities, 2);
    /* DSO = AR / Sales(W) x 90 */
    assert_true(g.cur[1].v[AR_KPI_DSO].defined);
    assert_true(g.cur[1].v[AR_KPI_DSO].value == 25001.0 / 69000 * 90);
    /* USD is 1000's second currency: its costs are in EUR */
    assert_true(g.cur[1].costs_mixed);
    assert_false(g.cur[0].costs_mixed);
    ar_group_fini(&g);
}

static void test_group_consolidated_converts_each_total_half_even(void **s)
{
    (void)s;
    ar_group_entity e[2] = {0};
    strcpy(e[0].entity, "A");
    add_currency(&e[0], "EUR", 100000, 0, 300000);
    add_currency(&e[0], "USD", 5, 0, 10);   /* 5 x 0.5 = 2.5 -> 2 */
    strcpy(e[1].entity, "B");
    add_currency(&e[1], "USD", 7, 0, 30);   /* 7 x 0.5 = 3.5 -> 4 */
    ar_fx_rate usd = {.code = "USD", .num = 5, .scale = 1};
    ar_policy p = policy();
    ar_group g;
    ar_group_compute(&p, e, 2, &usd, 1, "EUR", &g);
    assert_true(g.consolidated);
    assert_string_equal(g.cons.code, "EUR");
    /* each entity's USD converts on its own: 2 + 4, not 12 x 0.5 = 6
     * by chance equal; Sales 5 + 15 */
    assert_int_equal(g.cons.in.ar_d, 100000 + 2 + 4);
    assert_int_equal(g.cons.in.sales_w, 300000 + 5 + 15);
    assert_int_equal(g.cons.entities, 2);
    ar_group_fini(&g);

    /* and 5 + 5 at 0.5: 2 + 2 = 4, where AR converted whole gives 5 */
    e[1].currency_count = 0;
    add_currency(&e[1], "USD", 5, 0, 30);
    ar_group_compute(&p, e, 2, &usd, 1, "EUR", &g);
    assert_int_equal(g.cons.in.ar_d, 100000 + 2 + 2);
    ar_group_fini(&g);
}

static void test_group_credits_convert_apart_from_buckets(void **state)
{
    (void)state;
    ar_group_entity e = {0};
    add_currency(&e, "USD", 10, 5, 100); /* open 15, credits 5 */
    ar_fx_rate usd = {.code = "USD", .num = 5, .scale = 1};
    ar_policy p = policy();
    ar_group g;
    ar_group_compute(&p, &e, 1, &usd, 1, "EUR", &g);
    /* 15 x 0.5 = 7.5 -> 8; 5 x 0.5 = 2.5 -> 2; AR = 8 - 2 */
    assert_int_equal(g.cons.in.buckets[1], 8);
    assert_int_equal(g.unapplied, 2);
    assert_int_equal(g.cons.in.ar_d, 6);
    ar_group_fini(&g);
}

static void test_group_finds_same_entity_and_missing_rate(void **state)
{
    (void)state;
    ar_group_entity e[3] = {0};
    strcpy(e[0].entity, "1000");
    strcpy(e[1].entity, "2000");
    strcpy(e[2].entity, "1000");
    add_currency(&e[0], "EUR", 1, 0, 1);
    add_currency(&e[1], "GBP", 1, 0, 1);
    add_currency(&e[2], "EUR", 1, 0, 1);
    size_t i, j;
    assert_true(ar_group_same_entity(e, 3, &i, &j));
    assert_int_equal(i, 0);
    assert_int_equal(j, 2);
    assert_false(ar_group_same_entity(e, 2, &i, &j));
    ar_fx_rate usd = {.code = "USD", .num = 9, .scale = 1};
    size_t which = 99;
    const char *m = ar_group_missing_rate(e, 3, &usd, 1, "EUR", &which);
    assert_non_null(m);
    assert_string_equal(m, "GBP");
    assert_int_equal(which, 1);
    assert_null(ar_group_missing_rate(e, 1, NULL, 0, "EUR", &which));
}

static void test_fx_fraction_is_digits_over_power_of_ten(void **state)
{
    (void)state;
    ar_fx_rate r = {.code = "USD", .num = 9234567, .scale = 7};
    int64_t num, den;
    assert_true(ar_fx_fraction(&r, &num, &den));
    assert_int_equal(num, 9234567);
    assert_int_equal(den, 10000000);
    r.scale = AR_FX_MAX_SCALE + 1;
    assert_false(ar_fx_fraction(&r, &num, &den));
    assert_false(ar_fx_fraction(NULL, &num, &den));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_group_per_currency_adds_own_cents),
        cmocka_unit_test(test_group_consolidated_converts_each_total_half_even),
        cmocka_unit_test(test_group_credits_convert_apart_from_buckets),
        cmocka_unit_test(test_group_finds_same_entity_and_missing_rate),
        cmocka_unit_test(test_fx_fraction_is_digits_over_power_of_ten),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
