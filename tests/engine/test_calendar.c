/* test_calendar.c - business days and the letters' dates (SPEC §5: the
 * letter date is the day it is mailed; the pay-by date is at most
 * pay_within_days after it and moves off weekends and holidays). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ar/engine/calendar.h"

static ar_date ymd(int y, int m, int d) { return ar_date_from_ymd(y, m, d); }

static void test_calendar_weekdays(void **state)
{
    (void)state;
    assert_int_equal(ar_weekday(ymd(1970, 1, 1)), 3);   /* Thursday */
    assert_int_equal(ar_weekday(ymd(2026, 10, 31)), 5); /* Saturday */
    assert_int_equal(ar_weekday(ymd(2026, 11, 1)), 6);  /* Sunday */
    assert_int_equal(ar_weekday(ymd(2026, 11, 2)), 0);  /* Monday */
    assert_int_equal(ar_weekday(ymd(1969, 12, 29)), 0); /* before 1970 */
    assert_false(ar_business_day(ymd(2026, 10, 31), NULL, 0));
    assert_true(ar_business_day(ymd(2026, 11, 2), NULL, 0));
}

static void test_calendar_next_business_day_skips_holidays(void **state)
{
    (void)state;
    /* Christmas 2026: Friday 25th, then the weekend, Monday 28th off
     * too in this file */
    ar_date h[] = {ymd(2026, 12, 25), ymd(2026, 12, 25), ymd(2026, 12, 28)};
    assert_int_equal(ar_next_business_day(ymd(2026, 12, 24), h, 3),
                     ymd(2026, 12, 24));
    assert_int_equal(ar_next_business_day(ymd(2026, 12, 25), h, 3),
                     ymd(2026, 12, 29));
    assert_int_equal(ar_next_business_day(ymd(2026, 12, 26), NULL, 0),
                     ymd(2026, 12, 28));
}

/* The samples' close is a Saturday: letters go out on Monday 2 November
 * (lag 2), pay by Monday 9 November; with a given letter date the pay-by
 * date still lands on a business day. */
static void test_calendar_letter_dates(void **state)
{
    (void)state;
    ar_policy p;
    ar_policy_defaults(&p);
    ar_date l, pay;
    ar_letter_dates(&p, ymd(2026, 10, 31), AR_DATE_NONE, NULL, 0, &l, &pay);
    assert_int_equal(l, ymd(2026, 11, 2));
    assert_int_equal(pay, ymd(2026, 11, 9));
    /* a letter dated Tuesday: + 7 = Tuesday */
    ar_letter_dates(&p, ymd(2026, 10, 31), ymd(2026, 11, 3), NULL, 0, &l,
                    &pay);
    assert_int_equal(l, ymd(2026, 11, 3));
    assert_int_equal(pay, ymd(2026, 11, 10));
    /* pay-by on a holiday moves on; on a Saturday to Monday */
    ar_date h[] = {ymd(2026, 11, 10)};
    ar_letter_dates(&p, ymd(2026, 10, 31), ymd(2026, 11, 3), h, 1, &l, &pay);
    assert_int_equal(pay, ymd(2026, 11, 11));
    p.pay_within_days = 4;
    ar_letter_dates(&p, ymd(2026, 10, 31), ymd(2026, 11, 3), NULL, 0, &l,
                    &pay);
    assert_int_equal(pay, ymd(2026, 11, 9));
    /* no lag: a close on a weekday is also the letter date */
    p.mailing_lag_days = 0;
    ar_letter_dates(&p, ymd(2026, 9, 30), AR_DATE_NONE, NULL, 0, &l, &pay);
    assert_int_equal(l, ymd(2026, 9, 30));
    for (ar_date d = ymd(2026, 1, 1); d < ymd(2027, 1, 1); d++) {
        ar_letter_dates(&p, d, AR_DATE_NONE, h, 1, &l, &pay);
        assert_true(ar_business_day(l, h, 1));
        assert_true(ar_business_day(pay, h, 1));
        assert_true(pay - l >= p.pay_within_days && pay - l <= 7);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calendar_weekdays),
        cmocka_unit_test(test_calendar_next_business_day_skips_holidays),
        cmocka_unit_test(test_calendar_letter_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
