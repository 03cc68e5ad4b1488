/* date.h - calendar dates as day numbers (proleptic Gregorian). */
#ifndef AR_DATE_H
#define AR_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/base/error.h"

/* Days since 1970-01-01 (negative before). */
typedef int32_t ar_date;

/* "No date" (a blank due_date or settled_date). Compares below every date. */
#define AR_DATE_NONE INT32_MIN

/* Day number of y-m-d; the caller guarantees a valid date (see
 * ar_date_valid). Years 1..9999. */
ar_date ar_date_from_ymd(int y, int m, int d);

/* Split a day number into year, month (1-12) and day (1-31). */
void ar_date_to_ymd(ar_date date, int *y, int *m, int *d);

/* True when y-m-d is a real calendar date, 1 <= y <= 9999
 * (2023-02-29 false, 2024-02-29 true). */
bool ar_date_valid(int y, int m, int d);

/* Days in month m of year y (28-31); 0 when m is not 1-12. */
int ar_date_days_in_month(int y, int m);

/* Parse s[0..len) by a strftime-like pattern (SPEC §2.5, §2.6) of literal
 * characters and one year, one month and one day conversion:
 *   %Y  4 digits;  %y  2 digits, 00-68 = 2000-2068, 69-99 = 1969-1999
 *       (POSIX strptime's pivot);
 *   %m, %d  1 or 2 digits (exports drop zero padding);
 *   %b, %B  a month name in English, German or French, full or abbreviated
 *       ("Jul", "Juli", "juil.", "März", "Mrz", "févr.", "fevr", "déc"),
 *       any case, UTF-8; the longest name wins; a '.' after it is part of
 *       the name unless the pattern's next character is a '.'.
 * Surrounding blanks (space, tab) are ignored. After the matched pattern
 * may come, and is ignored, a time: ' ' or 'T', H[H]:MM[:SS[.digits]],
 * then optionally Z, +HH:MM, -HH:MM or +HHMM (hours 0-23, minutes 0-59,
 * seconds 0-60); or, when the pattern ends in %Y, %y, %m or %d, a float's
 * '.' and one or more zeros ("20190307.0"). Anything else left over, an
 * impossible date (2023-02-29) or an invalid pattern is an error. Returns
 * AR_OK (and *out) or AR_ERR_DATE (*out untouched). */
ar_err ar_date_parse(const char *s, size_t len, const char *pattern,
                     ar_date *out);

/* A date argument or key as a person types it (--as-of, export_date):
 * YYYY-MM-DD (month and day may drop their zero) and nothing else: no
 * time or float suffix, which ar_date_parse would ignore. AR_OK (and
 * *out) or AR_ERR_DATE. */
ar_err ar_date_parse_iso(const char *s, ar_date *out);

/* True when pattern is one ar_date_parse accepts: exactly one of %Y or %y,
 * one of %m, %b or %B, one %d, and nothing but literals otherwise ("%%"
 * and other conversions are not). */
bool ar_date_pattern_valid(const char *pattern);

/* Write "YYYY-MM-DD" into buf (size >= 11); "" for AR_DATE_NONE. Returns
 * buf. */
char *ar_date_format_iso(ar_date date, char *buf, size_t size);

/* Last day of date's month. The three month-end helpers map AR_DATE_NONE
 * to AR_DATE_NONE (or false). */
ar_date ar_date_month_end(ar_date date);

/* The last day of the month before date's month. */
ar_date ar_date_prev_month_end(ar_date date);

/* True when date is the last day of its month. */
bool ar_date_is_month_end(ar_date date);

/* 31 October 2026 written by date format fmt (its first alternative of
 * "A | B"), as a person compares it with a file: "2026-10-31" for
 * %Y-%m-%d, "31.10.2026" for %d.%m.%Y; into buf (size bytes). Returns
 * buf. */
const char *ar_date_example(const char *fmt, char *buf, size_t size);

#endif
