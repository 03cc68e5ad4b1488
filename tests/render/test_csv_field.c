/* test_csv_field.c - one field of an output CSV file (SPEC §6): quoted
 * for every locale's delimiter, guarded against formulas for people,
 * exact for machines. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

#include "ar/render/csv_field.h"

/* The field as written for people (guard) or machines. */
static char *field(const char *s, bool guard)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (guard)
        ar_csv_put_text(f, s);
    else
        ar_csv_put_exact(f, s);
    fclose(f);
    return buf;
}

static void expect(const char *s, const char *people, const char *machines)
{
    char *p = field(s, true), *m = field(s, false);
    assert_string_equal(p, people);
    assert_string_equal(m, machines);
    free(p);
    free(m);
}

static void test_csv_field_plain_text_as_it_is(void **state)
{
    (void)state;
    expect("C1001", "C1001", "C1001");
    expect("", "", "");
    expect("M\xC3\xBCller GmbH", "M\xC3\xBCller GmbH", "M\xC3\xBCller GmbH");
    expect("a-b=c", "a-b=c", "a-b=c");
}

/* SPEC §6: a delimiter of any locale, a quote or a line break is quoted. */
static void test_csv_field_quoted_for_every_delimiter(void **state)
{
    (void)state;
    expect("a,b", "\"a,b\"", "\"a,b\"");
    expect("a;b", "\"a;b\"", "\"a;b\"");
    expect("a\tb", "\"a\tb\"", "\"a\tb\"");
    expect("q\"t", "\"q\"\"t\"", "\"q\"\"t\"");
    expect("a\nb", "\"a\nb\"", "\"a\nb\"");
    expect("a\rb", "\"a\rb\"", "\"a\rb\"");
}

/* Issue 22 items 2 and 3: the guard at the start and after every place a
 * spreadsheet could start a new cell; never in the files for machines. */
static void test_csv_field_guard_for_people_only(void **state)
{
    (void)state;
    expect("-100", "\"'-100\"", "-100");
    expect("=1+1", "\"'=1+1\"", "=1+1");
    expect("@x", "\"'@x\"", "@x");
    expect("+49", "\"'+49\"", "+49");
    expect("ACME;=cmd|' /C calc'!A0", "\"ACME;'=cmd|' /C calc'!A0\"",
           "\"ACME;=cmd|' /C calc'!A0\"");
    expect("x\n=1", "\"x\n'=1\"", "\"x\n=1\"");
    expect("x\r\n@y", "\"x\r\n'@y\"", "\"x\r\n@y\"");
    expect("tab\t-4", "\"tab\t'-4\"", "\"tab\t-4\"");
    expect("a;  +1", "\"a;  '+1\"", "\"a;  +1\"");
    expect("a; b=1", "\"a; b=1\"", "\"a; b=1\"");
    expect("q;\"=2", "\"q;'\"\"=2\"", "\"q;\"\"=2\"");
    expect(" =1", "\" '=1\"", " =1");
    expect("\t=1", "\"'\t'=1\"", "\"\t=1\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_field_plain_text_as_it_is),
        cmocka_unit_test(test_csv_field_quoted_for_every_delimiter),
        cmocka_unit_test(test_csv_field_guard_for_people_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
