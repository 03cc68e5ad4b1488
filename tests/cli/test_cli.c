/* test_cli.c - the command line of SPEC §1, parsed without running the
 * binary: every option, every check, exit code 2 material. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <unistd.h>

#include <string.h>

#include "ar/cli/args.h"
#include "ar/base/version.h"

#define MAX_ARGS 40

/* Parse the NULL-terminated arguments after the program name. */
static ar_err parse(ar_options *cli, ar_diag *d, ...)
{
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = (char *)"arbatch";
    va_list ap;
    va_start(ap, d);
    const char *s;
    while ((s = va_arg(ap, const char *)) != NULL) {
        assert_true(argc < MAX_ARGS);
        argv[argc++] = (char *)s;
    }
    va_end(ap);
    argv[argc] = NULL;
    ar_diag_clear(d);
    return ar_cli_parse(argc, argv, cli, d);
}

#define PARSE(cli, d, ...) parse(cli, d, __VA_ARGS__, (const char *)NULL)

/* Expect a usage error whose message mentions part. */
#define USAGE(part, ...)                                                     \
    do {                                                                     \
        ar_options c_;                                                           \
        ar_diag d_;                                                          \
        ar_err e_ = PARSE(&c_, &d_, __VA_ARGS__);                            \
        if (e_ != AR_ERR_USAGE)                                              \
            fail_msg("expected a usage error (%s), got %d", part, (int)e_);  \
        if (!strstr(d_.message, part))                                       \
            fail_msg("message \"%s\" does not mention \"%s\"", d_.message,   \
                     part);                                                  \
    } while (0)

#define OK(cli, ...)                                                         \
    do {                                                                     \
        ar_diag d_;                                                          \
        ar_err e_ = PARSE(cli, &d_, __VA_ARGS__);                            \
        if (e_ != AR_OK)                                                     \
            fail_msg("unexpected usage error: %s", d_.message);              \
    } while (0)

static ar_date ymd(int y, int m, int d)
{
    return ar_date_from_ymd(y, m, d);
}

static void test_cli_threads_from_jobs_or_cores_capped(void **state)
{
    (void)state;
    ar_options cli = {.jobs = 3};
    assert_int_equal(ar_options_threads(&cli, 64), 3);
    cli.jobs = 200;
    assert_int_equal(ar_options_threads(&cli, 64), 64);
    cli.jobs = 1;
    assert_int_equal(ar_options_threads(&cli, 2), 1);
    cli.jobs = 0; /* not given: the number of cores */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int want = cores > 0 ? (int)(cores < 64 ? cores : 64) : 1;
    assert_int_equal(ar_options_threads(&cli, 64), want);
}

static void test_cli_run_with_every_option(void **state)
{
    (void)state;
    ar_options c;
    OK(&c, "run", "--ledger", "l.csv", "--as-of", "2024-02-29", "--out",
       "outdir", "--clients", "c.csv", "--policy", "p.ini", "--costs",
       "k.csv", "--history", "h.csv", "--format", "ibm", "--outputs",
       "aging,letters", "--strict", "--quiet", "--jobs", "3", "--proof",
       "--letter-date", "2024-03-04", "--holidays", "hol.csv");
    assert_int_equal(c.command, AR_CMD_RUN);
    assert_string_equal(c.ledger, "l.csv");
    assert_int_equal(c.as_of, ymd(2024, 2, 29));
    assert_string_equal(c.out, "outdir");
    assert_string_equal(c.clients, "c.csv");
    assert_string_equal(c.policy, "p.ini");
    assert_string_equal(c.costs, "k.csv");
    assert_string_equal(c.history, "h.csv");
    assert_string_equal(c.format, "ibm");
    assert_int_equal(c.outputs, AR_OUT_AGING | AR_OUT_LETTERS);
    assert_true(c.strict);
    assert_true(c.quiet);
    assert_true(c.proof);
    assert_int_equal(c.jobs, 3);
    assert_int_equal(c.letter_date, ymd(2024, 3, 4));
    assert_string_equal(c.holidays, "hol.csv");
}

static void test_cli_run_defaults(void **state)
{
    (void)state;
    ar_options c;
    OK(&c, "run", "--ledger", "l.csv", "--as-of", "2024-01-31", "--out", "o");
    assert_int_equal(c.command, AR_CMD_RUN);
    assert_int_equal(c.outputs, AR_OUT_ALL);
    assert_false(c.strict);
    assert_false(c.quiet);
    assert_false(c.proof);
    assert_int_equal(c.jobs, 0); /* the number of cores */
    assert_null(c.clients);
    assert_null(c.policy);
    assert_null(c.costs);
    assert_null(c.history);
    assert_null(c.format);
    assert_null(c.holidays);
    assert_int_equal(c.letter_date, AR_DATE_NONE); /* the policy's lag */
}

static void test_cli_options_in_any_order_and_with_equals(void **state)
{
    (void)state;
    ar_options c;
    OK(&c, "run", "--out=o", "--as-of=2023-12-31", "--jobs=256",
       "--ledger=l.csv", "--outputs=kpi");
    assert_string_equal(c.ledger, "l.csv");
    assert_string_equal(c.out, "o");
    assert_int_equal(c.as_of, ymd(2023, 12, 31));
    assert_int_equal(c.jobs, 256);
    assert_int_equal(c.outputs, AR_OUT_KPI);
}

static void test_cli_validate_with_its_options(void **state)
{
    (void)state;
    ar_options c;
    OK(&c, "validate", "--ledger", "l.csv", "--clients", "c.csv",
       "--policy", "p.ini", "--format", "canonical");
    assert_int_equal(c.command, AR_CMD_VALIDATE);
    assert_string_equal(c.ledger, "l.csv");
    assert_string_equal(c.clients, "c.csv");
    assert_string_equal(c.policy, "p.ini");
    assert_string_equal(c.format, "canonical");
    assert_int_equal(c.as_of, AR_DATE_NONE);
    OK(&c, "validate", "--ledger", "l.csv");
    assert_int_equal(c.command, AR_CMD_VALIDATE);
}

static void test_cli_help_and_version(void **state)
{
    (void)state;
    ar_options c;
    OK(&c, "--help");
    assert_int_equal(c.command, AR_CMD_HELP);
    OK(&c, "-h");
    assert_int_equal(c.command, AR_CMD_HELP);
    OK(&c, "--version");
    assert_int_equal(c.command, AR_CMD_VERSION);
    OK(&c, "-V");
    assert_int_equal(c.command, AR_CMD_VERSION);
    /* help inside a command needs none of its required options */
    OK(&c, "run", "--help");
    assert_int_equal(c.command, AR_CMD_HELP);
    OK(&c, "validate", "--version");
    assert_int_equal(c.command, AR_CMD_VERSION);
    assert_non_null(strstr(ar_cli_usage(), "arbatch run"));
    assert_non_null(strstr(ar_cli_usage(), "arbatch validate"));
    assert_true(strlen(ar_version()) > 0);
}

/* issue #21 item 4: merge --group takes entity sets, --fx and --policy */
static void test_cli_merge_group_sets_fx_and_policy(void **state)
{
    (void)state;
    ar_options cli;
    OK(&cli, "merge", "--group", "--as-of", "2026-06-30", "--out", "g",
       "--fx", "fx.csv", "--policy", "p.ini", "A/2026-06-30",
       "B/2026-06-30");
    assert_int_equal(cli.command, AR_CMD_MERGE);
    assert_true(cli.group);
    assert_string_equal(cli.fx, "fx.csv");
    assert_string_equal(cli.policy, "p.ini");
    assert_int_equal(cli.part_count, 2);
    assert_string_equal(cli.parts[1], "B/2026-06-30");
    USAGE("--fx", "merge", "--as-of", "2026-06-30", "--out", "g", "--fx",
          "fx.csv", "P");
    USAGE("merge --group takes", "merge", "--group", "--jobs", "2",
          "--as-of", "2026-06-30", "--out", "g", "S");
    USAGE("merge --group takes", "merge", "--group", "--entity", "1000",
          "--as-of", "2026-06-30", "--out", "g", "S");
    USAGE("entities' output sets", "merge", "--group", "--as-of",
          "2026-06-30", "--out", "g");
    USAGE("--group belongs to merge", "run", "--group", "--ledger", "l.csv",
          "--as-of", "2026-06-30", "--out", "o");
}

static void test_cli_usage_text_names_every_option(void **state)
{
    (void)state;
    static const char *const opts[] = {
        "--ledger", "--as-of", "--out", "--clients", "--policy", "--costs",
        "--history", "--format", "--outputs", "--strict", "--quiet",
        "--jobs", "--help", "--version", "--letter-date", "--holidays",
        "--proof", "--fx", "--from", "--gl-balance", "--group"};
    for (size_t i = 0; i < sizeof opts / sizeof *opts; i++)
        if (!strstr(ar_cli_usage(), opts[i]))
            fail_msg("usage text lacks %s", opts[i]);
}

static void test_cli_bad_as_of_is_usage_error(void **state)
{
    (void)state;
    USAGE("2023-02-29", "run", "--ledger", "l", "--out", "o", "--as-of",
          "2023-02-29");
    USAGE("2024-13-01", "run", "--ledger", "l", "--out", "o", "--as-of",
          "2024-13-01");
    USAGE("tomorrow", "run", "--ledger", "l", "--out", "o", "--as-of",
          "tomorrow");
    USAGE("as-of", "run", "--ledger", "l", "--out", "o", "--as-of",
          "31.01.2024");
    USAGE("as-of", "run", "--ledger", "l", "--out", "o", "--as-of",
          "2024-01-31x");
    USAGE("as-of", "run", "--ledger", "l", "--out", "o", "--as-of", "");
    /* the ledger's date parser ignores a time or a float's ".0": a date
     * argument is the date alone */
    USAGE("as-of", "run", "--ledger", "l", "--out", "o", "--as-of",
          "2024-01-31 12:00");
    USAGE("as-of", "run", "--ledger", "l", "--out", "o", "--as-of",
          "2024-01-31T00:00:00Z");
    USAGE("as-of", "run", "--ledger", "l", "--out", "o", "--as-of",
          "2024-01-31.0");
}

/* SPEC §5: the letter date is a real date, not before the close; it and
 * --holidays belong to run. */
static void test_cli_letter_date_rules(void **state)
{
    (void)state;
    USAGE("letter-date", "run", "--ledger", "l", "--out", "o", "--as-of",
          "2024-01-31", "--letter-date", "2024-02-30");
    USAGE("before --as-of", "run", "--ledger", "l", "--out", "o",
          "--as-of", "2024-01-31", "--letter-date", "2024-01-30");
    USAGE("--letter-date belongs to run", "validate", "--ledger", "l",
          "--letter-date", "2024-01-31");
    USAGE("--holidays belongs to run", "validate", "--ledger", "l",
          "--holidays", "h.csv");
    ar_options c;
    OK(&c, "run", "--ledger", "l", "--out", "o", "--as-of", "2024-01-31",
       "--letter-date", "2024-01-31");
    assert_int_equal(c.letter_date, ymd(2024, 1, 31));
}

static void test_cli_jobs_must_be_1_to_256(void **state)
{
    (void)state;
    static const char *const bad[] = {"0", "abc", "257", "-1", "4x", "",
                                      "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        USAGE("jobs", "run", "--ledger", "l", "--as-of", "2024-01-31",
              "--out", "o", "--jobs", bad[i]);
    ar_options c;
    OK(&c, "run", "--ledger", "l", "--as-of", "2024-01-31", "--out", "o",
       "--jobs", "1");
    assert_int_equal(c.jobs, 1);
}

static void test_cli_outputs_names(void **state)
{
    (void)state;
    ar_options c;
    OK(&c, "run", "--ledger", "l", "--as-of", "2024-01-31", "--out", "o",
       "--outputs", "aging,kpi,letters,agency");
    assert_int_equal(c.outputs, AR_OUT_ALL);
    OK(&c, "run", "--ledger", "l", "--as-of", "2024-01-31", "--out", "o",
       "--outputs", "agency");
    assert_int_equal(c.outputs, AR_OUT_AGENCY);
    USAGE("outputs", "run", "--ledger", "l", "--as-of", "2024-01-31",
          "--out", "o", "--outputs", "aging,pdf");
    USAGE("outputs", "run", "--ledger", "l", "--as-of", "2024-01-31",
          "--out", "o", "--outputs", "Aging");
    USAGE("outputs", "run", "--ledger", "l", "--as-of", "2024-01-31",
          "--out", "o", "--outputs", "agingkpi");
    /* blanks around a name, as a list is often typed */
    OK(&c, "run", "--ledger", "l", "--as-of", "2024-01-31", "--out", "o",
       "--outputs", "aging, kpi");
    assert_int_equal(c.outputs, AR_OUT_AGING | AR_OUT_KPI);
    /* the bad name itself, and the one it is two edits from */
    USAGE("unknown output \"pdf\" (use", "run", "--ledger", "l", "--as-of",
          "2024-01-31", "--out", "o", "--outputs", "aging,pdf");
    USAGE("\"leters\": did you mean \"letters\"?", "run", "--ledger", "l",
          "--as-of", "2024-01-31", "--out", "o", "--outputs", "leters");
}

static void test_cli_required_options(void **state)
{
    (void)state;
    USAGE("--ledger", "run", "--as-of", "2024-01-31", "--out", "o");
    USAGE("--as-of", "run", "--ledger", "l", "--out", "o");
    USAGE("--out", "run", "--ledger", "l", "--as-of", "2024-01-31");
    USAGE("--ledger", "validate");
    USAGE("--ledger", "validate", "--clients", "c.csv");
}

static void test_cli_run_only_options_refused_by_validate(void **state)
{
    (void)state;
    USAGE("--as-of", "validate", "--ledger", "l", "--as-of", "2024-01-31");
    USAGE("--out", "validate", "--ledger", "l", "--out", "o");
    USAGE("--outputs", "validate", "--ledger", "l", "--outputs", "kpi");
    USAGE("--costs", "validate", "--ledger", "l", "--costs", "k.csv");
    USAGE("--history", "validate", "--ledger", "l", "--history", "h.csv");
}

static void test_cli_repeated_option_is_usage_error(void **state)
{
    (void)state;
    USAGE("ledger", "run", "--ledger", "a", "--ledger", "b", "--as-of",
          "2024-01-31", "--out", "o");
    USAGE("as-of", "run", "--ledger", "a", "--as-of", "2024-01-31",
          "--as-of", "2024-02-29", "--out", "o");
    USAGE("out", "run", "--ledger", "a", "--as-of", "2024-01-31", "--out",
          "o", "--out", "p");
    USAGE("clients", "validate", "--ledger", "a", "--clients", "x",
          "--clients", "x");
    USAGE("jobs", "run", "--ledger", "a", "--as-of", "2024-01-31", "--out",
          "o", "--jobs", "2", "--jobs", "2");
}

static void test_cli_unknown_option_command_or_argument(void **state)
{
    (void)state;
    USAGE("--bogus", "run", "--ledger", "l", "--as-of", "2024-01-31",
          "--out", "o", "--bogus");
    USAGE("-x", "validate", "--ledger", "l", "-x");
    USAGE("frobnicate", "frobnicate", "--ledger", "l");
    USAGE("stray", "validate", "--ledger", "l", "stray");
    /* an option that needs a value at the end of the line */
    USAGE("ledger", "validate", "--ledger");
    USAGE("value", "validate", "--ledger", "");
    ar_options c;
    ar_diag d;
    char *argv[] = {(char *)"arbatch", NULL};
    assert_int_equal(ar_cli_parse(1, argv, &c, &d), AR_ERR_USAGE);
}

static void test_cli_parses_again_after_an_error(void **state)
{
    (void)state;
    /* getopt keeps state between calls; every parse starts afresh */
    for (int i = 0; i < 3; i++) {
        USAGE("--bogus", "run", "--bogus", "--ledger", "l");
        ar_options c;
        OK(&c, "run", "--ledger", "l", "--as-of", "2024-01-31", "--out",
           "o");
        assert_string_equal(c.ledger, "l");
    }
}

/* --from DATE and --gl-balance [CUR=]AMOUNT (README "Command line"). */
static void test_cli_from_and_gl_balances(void **state)
{
    (void)state;
    ar_options c;
    OK(&c, "run", "--ledger", "l", "--out", "o", "--as-of", "2024-06-30");
    assert_int_equal(c.from, AR_DATE_NONE);
    assert_int_equal(c.gl_count, 0);
    OK(&c, "run", "--ledger", "l", "--out", "o", "--as-of", "2024-06-30",
       "--from", "2024-03-31", "--gl-balance", "EUR=1234567.89",
       "--gl-balance", "usd=-12.5", "--gl-balance", "(7.00)");
    assert_int_equal(c.from, ymd(2024, 3, 31));
    assert_int_equal(c.gl_count, 3);
    assert_string_equal(c.gl[0].currency, "EUR");
    assert_int_equal(c.gl[0].cents, 123456789);
    assert_string_equal(c.gl[1].currency, "USD");
    assert_int_equal(c.gl[1].cents, -1250);
    assert_string_equal(c.gl[2].currency, "");
    assert_int_equal(c.gl[2].cents, -700);
    USAGE("not before", "run", "--ledger", "l", "--out", "o", "--as-of",
          "2024-06-30", "--from", "2024-06-30");
    USAGE("--from", "run", "--ledger", "l", "--out", "o", "--as-of",
          "2024-06-30", "--from", "2024-02-30");
    USAGE("twice", "run", "--ledger", "l", "--out", "o", "--as-of",
          "2024-06-30", "--gl-balance", "EUR=1", "--gl-balance", "eur=2");
    USAGE("currency code", "run", "--ledger", "l", "--out", "o", "--as-of",
          "2024-06-30", "--gl-balance", "EURO=1");
    USAGE("amount", "run", "--ledger", "l", "--out", "o", "--as-of",
          "2024-06-30", "--gl-balance", "EUR=1.234");
    USAGE("--gl-balance", "validate", "--ledger", "l", "--gl-balance",
          "EUR=1");
    USAGE("--from", "validate", "--ledger", "l", "--from", "2024-01-31");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cli_run_with_every_option),
        cmocka_unit_test(test_cli_run_defaults),
        cmocka_unit_test(test_cli_options_in_any_order_and_with_equals),
        cmocka_unit_test(test_cli_validate_with_its_options),
        cmocka_unit_test(test_cli_help_and_version),
        cmocka_unit_test(test_cli_usage_text_names_every_option),
        cmocka_unit_test(test_cli_bad_as_of_is_usage_error),
        cmocka_unit_test(test_cli_letter_date_rules),
        cmocka_unit_test(test_cli_jobs_must_be_1_to_256),
        cmocka_unit_test(test_cli_outputs_names),
        cmocka_unit_test(test_cli_required_options),
        cmocka_unit_test(test_cli_run_only_options_refused_by_validate),
        cmocka_unit_test(test_cli_repeated_option_is_usage_error),
        cmocka_unit_test(test_cli_unknown_option_command_or_argument),
        cmocka_unit_test(test_cli_parses_again_after_an_error),
        cmocka_unit_test(test_cli_from_and_gl_balances),
        cmocka_unit_test(test_cli_threads_from_jobs_or_cores_capped),
        cmocka_unit_test(test_cli_merge_group_sets_fx_and_policy),
    };
    return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
