/* test_safe_name.c - client ids as file names (SPEC §5: never a path
 * outside the output directory, two ids never on one file name). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ar/base/safe_name.h"

static const char *name_of(const char *id)
{
    static char out[AR_SAFE_NAME_MAX];
    return ar_safe_name(id, out);
}

/* The properties every name must have, whatever the id. */
static void check_safe(const char *id)
{
    char out[AR_SAFE_NAME_MAX];
    ar_safe_name(id, out);
    size_t n = strlen(out);
    if (n == 0 || n >= AR_SAFE_NAME_MAX)
        fail_msg("id \"%s\": name \"%s\" has length %zu", id, out, n);
    if (strchr(out, '/') || strchr(out, '\\'))
        fail_msg("id \"%s\": name \"%s\" has a path separator", id, out);
    if (out[0] == '.' || out[0] == '-')
        fail_msg("id \"%s\": name \"%s\" starts with '%c'", id, out, out[0]);
    for (const unsigned char *p = (const unsigned char *)out; *p; p++)
        if (*p < 0x21 || *p > 0x7e)
            fail_msg("id \"%s\": name \"%s\" has byte 0x%02x", id, out, *p);
}

static void test_safe_name_keeps_plain_ids(void **state)
{
    (void)state;
    assert_string_equal(name_of("C1001"), "C1001");
    assert_string_equal(name_of("CUST-7_B.2"), "CUST-7_B.2");
    assert_true(ar_safe_name_is_plain("C1001"));
}

/* Issue 22 item 15: on a file system that ignores case (macOS, Windows)
 * or normalises Unicode, two ids must still be two files: names that
 * differ only by case are not enough. An id with a small letter is
 * cleaned (its SHA-256 tag tells it apart); names are ASCII, which every
 * normalisation leaves alone. */
static void test_safe_name_unique_ignoring_case(void **state)
{
    (void)state;
    const char *ids[] = {"ABC", "abc", "Abc", "aBC", "C1001", "c1001",
                         "x-Y.z", "X-y.Z", "A_B", "a_b", "a/b", "A/B",
                         "CON", "con", "M\xC3\xBCller", "m\xC3\xBCller",
                         "M\xC3\x9CLLER", "e\xCC\x81", "\xC3\xA9"};
    size_t n = sizeof ids / sizeof *ids;
    char names[sizeof ids / sizeof *ids][AR_SAFE_NAME_MAX];
    for (size_t i = 0; i < n; i++) {
        ar_safe_name(ids[i], names[i]);
        check_safe(ids[i]);
        for (size_t j = 0; j < i; j++)
            if (strcasecmp(names[i], names[j]) == 0)
                fail_msg("ids \"%s\" and \"%s\": names \"%s\" and \"%s\" "
                         "are one file where case is ignored",
                         ids[j], ids[i], names[j], names[i]);
    }
    assert_string_equal(name_of("ABC"), "ABC");
    assert_false(ar_safe_name_is_plain("abc"));
    assert_int_equal(strncmp(name_of("abc"), "abc~", 4), 0);
}

static void test_safe_name_path_traversal_stays_one_component(void **state)
{
    (void)state;
    const char *ids[] = {"../../x", "/etc/passwd", "a/b", "..\\..\\x",
                         "./.", "x/../../y", "/"};
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++)
        check_safe(ids[i]);
    assert_non_null(strstr(name_of("/etc/passwd"), "_etc_passwd~"));
}

static void test_safe_name_dot_and_dotdot_are_not_directories(void **state)
{
    (void)state;
    check_safe(".");
    check_safe("..");
    check_safe(".hidden");
    assert_string_not_equal(name_of("."), ".");
    assert_string_not_equal(name_of(".."), "..");
    assert_int_equal(name_of(".hidden")[0], '_');
}

static void test_safe_name_windows_devices_are_renamed(void **state)
{
    (void)state;
    const char *ids[] = {"CON", "con", "Con.txt", "PRN", "AUX", "NUL",
                         "COM1", "lpt9", "nul.pdf"};
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        check_safe(ids[i]);
        const char *out = name_of(ids[i]);
        char stem[AR_SAFE_NAME_MAX];
        snprintf(stem, sizeof stem, "%.*s", (int)strcspn(out, "."), out);
        if (strcasecmp(stem, "CON") == 0 || strcasecmp(stem, "NUL") == 0 ||
            strcasecmp(stem, "PRN") == 0 || strcasecmp(stem, "AUX") == 0 ||
            strcasecmp(stem, "COM1") == 0 || strcasecmp(stem, "LPT9") == 0)
            fail_msg("id \"%s\": name \"%s\" is a Windows device", ids[i],
                     out);
    }
    assert_true(ar_safe_name_is_plain("CONTOSO"));
    assert_true(ar_safe_name_is_plain("COM10"));
}

static void test_safe_name_cleaned_never_equals_plain(void **state)
{
    (void)state;
    char a[AR_SAFE_NAME_MAX], b[AR_SAFE_NAME_MAX], c[AR_SAFE_NAME_MAX];
    ar_safe_name("a/b", a);
    ar_safe_name("a_b", b);
    assert_string_not_equal(a, b);
    /* an id spelled like a cleaned name is itself cleaned (it has '~') */
    ar_safe_name(a, c);
    assert_string_not_equal(c, a);
    assert_string_not_equal(c, b);
    ar_safe_name("a\\b", c);
    assert_string_not_equal(c, a);
}

static void test_safe_name_long_ids_are_capped_and_distinct(void **state)
{
    (void)state;
    char id1[300], id2[300], a[AR_SAFE_NAME_MAX], b[AR_SAFE_NAME_MAX];
    memset(id1, 'x', 299);
    id1[299] = '\0';
    memcpy(id2, id1, sizeof id1);
    id2[298] = 'y'; /* differs only past the kept prefix */
    ar_safe_name(id1, a);
    ar_safe_name(id2, b);
    check_safe(id1);
    assert_true(strlen(a) < AR_SAFE_NAME_MAX);
    assert_string_not_equal(a, b);
}

static void test_safe_name_utf8_is_one_underscore_per_character(void **state)
{
    (void)state;
    const char *out = name_of("M\xC3\xBCller GmbH");
    assert_int_equal(strncmp(out, "M_ller_GmbH~", 12), 0);
    check_safe("\xC5\x81\xC3\xB3\x64\xC5\xBA");
    char a[AR_SAFE_NAME_MAX], b[AR_SAFE_NAME_MAX];
    assert_string_not_equal(ar_safe_name("\xC3\xBC", a),
                            ar_safe_name("\xC3\xB6", b));
}

static void test_safe_name_empty_id_gets_a_name(void **state)
{
    (void)state;
    check_safe("");
    assert_int_equal(name_of("")[0], '~');
}

static void test_safe_name_is_stable(void **state)
{
    (void)state;
    char a[AR_SAFE_NAME_MAX], b[AR_SAFE_NAME_MAX];
    assert_string_equal(ar_safe_name("a/b", a), ar_safe_name("a/b", b));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_safe_name_keeps_plain_ids),
        cmocka_unit_test(test_safe_name_unique_ignoring_case),
        cmocka_unit_test(test_safe_name_path_traversal_stays_one_component),
        cmocka_unit_test(test_safe_name_dot_and_dotdot_are_not_directories),
        cmocka_unit_test(test_safe_name_windows_devices_are_renamed),
        cmocka_unit_test(test_safe_name_cleaned_never_equals_plain),
        cmocka_unit_test(test_safe_name_long_ids_are_capped_and_distinct),
        cmocka_unit_test(test_safe_name_utf8_is_one_underscore_per_character),
        cmocka_unit_test(test_safe_name_empty_id_gets_a_name),
        cmocka_unit_test(test_safe_name_is_stable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
