/* test_creditor_ref.c - ISO 11649 creditor references: check digits by
 * ISO 7064 MOD 97-10, on the standard's published example. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "ar/base/creditor_ref.h"

/* ISO 11649's own example: RF18 5390 0754 7034. */
static void test_rf_published_example(void **state)
{
    (void)state;
    char rf[AR_RF_MAX + 1];
    assert_true(ar_rf_make("539007547034", rf));
    assert_string_equal(rf, "RF18539007547034");
    assert_true(ar_rf_valid("RF18 5390 0754 7034"));
    assert_true(ar_rf_valid("rf18539007547034"));
    char printed[40];
    assert_string_equal(ar_rf_print(rf, printed, sizeof printed),
                        "RF18 5390 0754 7034");
}

/* A changed digit, swapped digits or wrong check digits fail. */
static void test_rf_detects_errors(void **state)
{
    (void)state;
    assert_false(ar_rf_valid("RF18 5390 0754 7035"));
    assert_false(ar_rf_valid("RF18 5390 0754 7043"));
    assert_false(ar_rf_valid("RF19 5390 0754 7034"));
    assert_false(ar_rf_valid("RF18"));
    assert_false(ar_rf_valid("XX18 5390 0754 7034"));
    assert_false(ar_rf_valid("RF18 5390-0754 7034"));
}

/* The check digits of a body with letters (A = 10 ... Z = 35), against
 * the rule worked by hand: body + "RF00" mod 97, 98 minus it. */
static void test_rf_letters_in_body(void **state)
{
    (void)state;
    char rf[AR_RF_MAX + 1];
    assert_true(ar_rf_make("C100126103", rf));
    assert_true(ar_rf_valid(rf));
    /* C100126103RF00 -> 12 100126103 27 15 00 */
    assert_int_equal(ar_mod97("12 3"), -1);
    assert_int_equal(98 - ar_mod97("12100126103271500"),
                     (rf[2] - '0') * 10 + (rf[3] - '0'));
    assert_int_equal(ar_mod97("C100126103RF00"),
                     ar_mod97("12100126103271500"));
    /* bodies the standard does not allow */
    assert_false(ar_rf_make("", rf));
    assert_false(ar_rf_make("1234567890123456789012", rf)); /* 22 */
    assert_false(ar_rf_make("AB-12", rf));
    assert_true(ar_rf_make("123456789012345678901", rf));   /* 21 */
    assert_int_equal(strlen(rf), 25);
    assert_true(ar_rf_valid(rf));
}

/* A letter's reference is valid, at most 25 characters, and differs by
 * client, run date and stage, also for ids that are not plain. */
static void test_rf_for_letter(void **state)
{
    (void)state;
    char a[AR_RF_MAX + 1], b[AR_RF_MAX + 1];
    ar_date d = ar_date_from_ymd(2026, 10, 31);
    ar_rf_for_letter("C1001", d, 3, a);
    assert_string_equal(a + 4, "C10012610313");
    assert_true(ar_rf_valid(a));
    const char *ids[] = {"c1001", "C-9/../x", "Müller", "A234567890123456",
                         "../../etc/passwd", ""};
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        ar_rf_for_letter(ids[i], d, 5, b);
        assert_true(ar_rf_valid(b));
        assert_true(strlen(b) <= AR_RF_MAX);
        assert_string_not_equal(a, b);
    }
    ar_rf_for_letter("C1001", d, 4, b);
    assert_string_not_equal(a, b);
    ar_rf_for_letter("C1001", d + 1, 3, b);
    assert_string_not_equal(a, b);
    ar_rf_for_letter("c1001", d, 3, a);
    ar_rf_for_letter("C1001", d, 3, b);
    assert_string_not_equal(a, b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rf_published_example),
        cmocka_unit_test(test_rf_detects_errors),
        cmocka_unit_test(test_rf_letters_in_body),
        cmocka_unit_test(test_rf_for_letter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
