/* test_salutation.c - how a letter greets its reader (README "Letters"):
 * the form of address of the clients file's title, its academic title,
 * and the generic salutation without a family name. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ar/render/letters/salutation.h"

static ar_salutation_kind kind(const char *title, const char *family,
                               const char *want_academic)
{
    char academic[64];
    ar_salutation_kind k =
        ar_salutation_kind_of(title, family, academic, sizeof academic);
    assert_string_equal(academic, want_academic);
    return k;
}

static void test_salutation_forms_of_address(void **state)
{
    (void)state;
    const char *female[] = {"Ms", "Mrs", "ms.", "Frau", "Madame", "Mme",
                            "Mevr.", "Pani", "Sig.ra", "Dña."};
    for (size_t i = 0; i < sizeof female / sizeof *female; i++)
        assert_int_equal(kind(female[i], "Krüger", ""),
                         AR_SALUTATION_FEMALE);
    const char *male[] = {"Mr", "Mr.", "HERR", "Monsieur", "M.", "Dhr.",
                          "Sig.", "D.", "Pan"};
    for (size_t i = 0; i < sizeof male / sizeof *male; i++)
        assert_int_equal(kind(male[i], "Krüger", ""), AR_SALUTATION_MALE);
}

/* No family name: generic, whatever the title (a department or blank
 * contact never becomes "Dear Accounts Payable Dept."). */
static void test_salutation_generic_without_family_name(void **state)
{
    (void)state;
    assert_int_equal(kind("Frau", "", ""), AR_SALUTATION_GENERIC);
    assert_int_equal(kind("", "", ""), AR_SALUTATION_GENERIC);
    assert_int_equal(kind("Mr", "  ", ""), AR_SALUTATION_GENERIC);
}

/* An academic title after the form of address, or alone; Mx and a blank
 * title are gender-neutral. */
static void test_salutation_academic_and_neutral(void **state)
{
    (void)state;
    assert_int_equal(kind("Frau Dr.", "Schmidt", "Dr."),
                     AR_SALUTATION_FEMALE);
    assert_int_equal(kind("Herr Prof. Dr. ", "Weber", "Prof. Dr."),
                     AR_SALUTATION_MALE);
    assert_int_equal(kind("Dr.", "Weber", "Dr."), AR_SALUTATION_PERSON);
    assert_int_equal(kind("Mx", "Weber", ""), AR_SALUTATION_PERSON);
    assert_int_equal(kind("", "Lindqvist", ""), AR_SALUTATION_PERSON);
    /* "Madame" is a word of its own, not "M" */
    assert_int_equal(kind("Ma", "Weber", "Ma"), AR_SALUTATION_PERSON);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_salutation_forms_of_address),
        cmocka_unit_test(test_salutation_generic_without_family_name),
        cmocka_unit_test(test_salutation_academic_and_neutral),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
