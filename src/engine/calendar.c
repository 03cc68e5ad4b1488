/* calendar.c - business days and the letters' dates (calendar.h). */
#include "ar/engine/calendar.h"

int ar_weekday(ar_date d)
{
    /* 1970-01-01 was a Thursday (3) */
    int w = (int)((d + 3) % 7);
    return w < 0 ? w + 7 : w;
}

static bool is_holiday(ar_date d, const ar_date *holidays, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (holidays[mid] < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && holidays[lo] == d;
}

bool ar_business_day(ar_date d, const ar_date *holidays, size_t n)
{
    return ar_weekday(d) < 5 && !is_holiday(d, holidays, n);
}

ar_date ar_next_business_day(ar_date d, const ar_date *holidays, size_t n)
{
    /* n holidays can close at most n + 2 * (n / 5 + 2) days in a row */
    for (size_t i = 0; i <= 3 * n + 7 && !ar_business_day(d, holidays, n);
         i++)
        d++;
    return d;
}

void ar_letter_dates(const ar_policy *p, ar_date as_of, ar_date given,
                     const ar_date *holidays, size_t n, ar_date *letter_date,
                     ar_date *pay_by)
{
    ar_date l = given;
    if (l == AR_DATE_NONE)
        l = ar_next_business_day(as_of + p->mailing_lag_days, holidays, n);
    /* SPEC §5, seed 003: a new date at most a week after the letter */
    int32_t within = p->pay_within_days;
    within = within > 7 ? 7 : within < 0 ? 0 : within;
    *letter_date = l;
    *pay_by = ar_next_business_day(l + within, holidays, n);
}
