/* calendar.h - business days and the dates of a run's letters (SPEC §5:
 * the letter date is the day it is mailed; the pay-by date lies
 * pay_within_days after it, moved off weekends and holidays). */
#ifndef AR_CALENDAR_H
#define AR_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

#include "ar/base/date.h"
#include "ar/engine/policy.h"

/* Day of the week of d: 0 Monday .. 6 Sunday. */
int ar_weekday(ar_date d);

/* True when d is neither a Saturday, a Sunday nor one of the n holidays
 * (ascending, duplicates allowed). */
bool ar_business_day(ar_date d, const ar_date *holidays, size_t n);

/* d when it is a business day, else the next one. */
ar_date ar_next_business_day(ar_date d, const ar_date *holidays, size_t n);

/* The letters' dates of a run as of as_of: the letter date is given (from
 * --letter-date, used as it is) or AR_DATE_NONE, which makes it as_of +
 * p->mailing_lag_days moved to a business day; pay_by is the letter date
 * + p->pay_within_days (at most 7, seed 003) moved to a business day. */
void ar_letter_dates(const ar_policy *p, ar_date as_of, ar_date given,
                     const ar_date *holidays, size_t n, ar_date *letter_date,
                     ar_date *pay_by);

#endif
