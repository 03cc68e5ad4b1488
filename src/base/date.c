/* date.c - day numbers in the proleptic Gregorian calendar.
 *
 * The conversions are Howard Hinnant's days_from_civil / civil_from_days
 * (http://howardhinnant.github.io/date_algorithms.html): branch-light,
 * exact for every year, no tables and no time zones.
 */
#include "ar/base/date.h"

#include <stdio.h>

/* Days from 1970-01-01 to y-m-d. 64-bit inside so that no argument can
 * overflow, whatever the caller passes. */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;                                 /* [0, 399] */
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;      /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;                           /* [0, 146096] */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);       /* [0, 365] */
    int64_t mp = (5 * doy + 2) / 153;                             /* [0, 11] */
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

ar_date ar_date_from_ymd(int y, int m, int d)
{
    return (ar_date)days_from_civil(y, m, d);
}

void ar_date_to_ymd(ar_date date, int *y, int *m, int *d)
{
    civil_from_days(date, y, m, d);
}

static bool is_leap(int y)
{
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

int ar_date_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

bool ar_date_valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
           d <= ar_date_days_in_month(y, m);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Read between min and max digits at *pp (greedy) into *val. */
static bool read_field(const char **pp, const char *end, int min, int max,
                       int *val)
{
    const char *p = *pp;
    int v = 0, n = 0;
    while (n < max && p < end && is_digit(*p)) {
        v = v * 10 + (*p - '0');
        p++;
        n++;
    }
    if (n < min)
        return false;
    *val = v;
    *pp = p;
    return true;
}

ar_err ar_date_parse(const char *s, size_t len, const char *pattern,
                     ar_date *out)
{
    if (!s || !pattern)
        return AR_ERR_DATE;
    const char *p = s, *end = s + len;
    while (p < end && is_blank(*p))
        p++;
    while (end > p && is_blank(end[-1]))
        end--;

    /* Validating the pattern while walking it costs nothing extra. */
    int y = 0, m = 0, d = 0;
    unsigned seen = 0;
    for (const char *f = pattern; *f; f++) {
        if (*f != '%') {
            if (p == end || *p != *f)
                return AR_ERR_DATE;
            p++;
            continue;
        }
        unsigned bit;
        bool ok;
        switch (*++f) {
        case 'Y':
            bit = 1;
            /* A fifth digit is left for what follows ("%Y%m%d") and fails
             * against a literal or the end ("02024-01-05"). */
            ok = read_field(&p, end, 4, 4, &y);
            break;
        case 'm':
            bit = 2;
            ok = read_field(&p, end, 1, 2, &m);
            break;
        case 'd':
            bit = 4;
            ok = read_field(&p, end, 1, 2, &d);
            break;
        default: /* another conversion, or a '%' that ends the pattern */
            return AR_ERR_DATE;
        }
        if (!ok || (seen & bit))
            return AR_ERR_DATE;
        seen |= bit;
    }
    if (seen != 7 || p != end || !ar_date_valid(y, m, d))
        return AR_ERR_DATE;
    *out = ar_date_from_ymd(y, m, d);
    return AR_OK;
}

bool ar_date_pattern_valid(const char *pattern)
{
    if (!pattern)
        return false;
    unsigned seen = 0;
    for (const char *f = pattern; *f; f++) {
        if (*f != '%')
            continue;
        unsigned bit;
        switch (*++f) {
        case 'Y': bit = 1; break;
        case 'm': bit = 2; break;
        case 'd': bit = 4; break;
        default: return false;
        }
        if (seen & bit)
            return false;
        seen |= bit;
    }
    return seen == 7;
}

char *ar_date_format_iso(ar_date date, char *buf, size_t size)
{
    if (size == 0)
        return buf;
    if (date == AR_DATE_NONE) {
        buf[0] = '\0';
        return buf;
    }
    int y, m, d;
    ar_date_to_ymd(date, &y, &m, &d);
    if (y < 0 || y > 9999 || size < 11) {
        snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
        return buf;
    }
    /* Written by hand: this runs once per output row. */
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + d / 10);
    buf[9] = (char)('0' + d % 10);
    buf[10] = '\0';
    return buf;
}

ar_date ar_date_month_end(ar_date date)
{
    if (date == AR_DATE_NONE)
        return AR_DATE_NONE;
    int y, m, d;
    ar_date_to_ymd(date, &y, &m, &d);
    return (ar_date)((int64_t)date + ar_date_days_in_month(y, m) - d);
}

ar_date ar_date_prev_month_end(ar_date date)
{
    if (date == AR_DATE_NONE)
        return AR_DATE_NONE;
    int y, m, d;
    ar_date_to_ymd(date, &y, &m, &d);
    return (ar_date)((int64_t)date - d);
}

bool ar_date_is_month_end(ar_date date)
{
    if (date == AR_DATE_NONE)
        return false;
    int y, m, d;
    ar_date_to_ymd(date, &y, &m, &d);
    return d == ar_date_days_in_month(y, m);
}
