/* date.c - day numbers in the proleptic Gregorian calendar.
 *
 * The conversions are Howard Hinnant's days_from_civil / civil_from_days
 * (http://howardhinnant.github.io/date_algorithms.html): branch-light,
 * exact for every year, no tables and no time zones.
 */
#include "ar/base/date.h"

#include <stdio.h>
#include <string.h>

/* Days from 1970-01-01 to y-m-d. 64-bit inside so that no argument can
 * overflow, whatever the caller passes. inline, like valid_ymd: the date
 * parser's quick pass (match) is faster with both inside it. */
static inline int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
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

static inline bool valid_ymd(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
           d <= ar_date_days_in_month(y, m);
}

bool ar_date_valid(int y, int m, int d)
{
    return valid_ymd(y, m, d);
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

/* Month names (SPEC §2.6) in English, German and French, full and
 * abbreviated, lower case UTF-8; French also without its accents. */
static const struct {
    const char *name;
    unsigned char len, month;
} months[] = {
#define M(s, m) {s, sizeof s - 1, m}
    M("jan", 1), M("january", 1), M("januar", 1), M("jän", 1),
    M("jänner", 1), M("janv", 1), M("janvier", 1),
    M("feb", 2), M("february", 2), M("februar", 2), M("fév", 2),
    M("févr", 2), M("février", 2), M("fevr", 2), M("fevrier", 2),
    M("mar", 3), M("march", 3), M("mär", 3), M("märz", 3), M("mrz", 3),
    M("mars", 3),
    M("apr", 4), M("april", 4), M("avr", 4), M("avril", 4),
    M("may", 5), M("mai", 5),
    M("jun", 6), M("june", 6), M("juni", 6), M("juin", 6),
    M("jul", 7), M("july", 7), M("juli", 7), M("juil", 7),
    M("juillet", 7),
    M("aug", 8), M("august", 8), M("août", 8), M("aout", 8),
    M("sep", 9), M("sept", 9), M("september", 9), M("septembre", 9),
    M("oct", 10), M("october", 10), M("okt", 10), M("oktober", 10),
    M("octobre", 10),
    M("nov", 11), M("november", 11), M("novembre", 11),
    M("dec", 12), M("december", 12), M("dez", 12), M("dezember", 12),
    M("déc", 12), M("décembre", 12), M("decembre", 12),
#undef M
};

/* True when p starts with name (lower case) whatever the case of p: ASCII
 * letters, and the Latin-1 letters of U+00C0..U+00DE (C3 80..C3 9E, which
 * lower-case to C3 A0..C3 BE), the only non-ASCII ones in the table. */
static bool name_at(const char *p, const char *end, const char *name,
                    size_t len)
{
    if ((size_t)(end - p) < len)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)p[i], t = (unsigned char)name[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        else if (i > 0 && (unsigned char)name[i - 1] == 0xC3 && c >= 0x80 &&
                 c <= 0x9E && c != 0x97)
            c = (unsigned char)(c + 0x20);
        if (c != t)
            return false;
    }
    return true;
}

/* Read a month name at *pp into *month. The longest name wins ("Juni" is
 * June, not "Jun" + "i"). A '.' after it belongs to the name unless the
 * pattern's next character is a '.' itself ("%d.%b.%Y"). */
static bool read_month(const char **pp, const char *end, char next,
                       int *month)
{
    const char *p = *pp;
    if (p == end)
        return false;
    /* Every name starts with an ASCII letter: a cheap first filter. */
    char first = (char)(*p | 0x20);
    size_t best = 0;
    for (size_t i = 0; i < sizeof months / sizeof months[0]; i++)
        if (months[i].name[0] == first && months[i].len > best &&
            name_at(p, end, months[i].name, months[i].len)) {
            best = months[i].len;
            *month = months[i].month;
        }
    if (best == 0)
        return false;
    p += best;
    if (next != '.' && p < end && *p == '.')
        p++;
    *pp = p;
    return true;
}

/* The conversions other than %Y, %m, %d: conv is the letter after '%', next
 * the pattern character after it. Returns the field's bit (1 year, 2 month)
 * once read into *y or *m, or 0: unreadable, or not a conversion. */
static unsigned read_rare(char conv, char next, const char **pp,
                          const char *end, int *y, int *m)
{
    switch (conv) {
    case 'y':
        /* POSIX strptime's pivot: 00-68 are 20xx, 69-99 are 19xx. */
        if (!read_field(pp, end, 2, 2, y))
            return 0;
        *y += *y < 69 ? 2000 : 1900;
        return 1;
    case 'b':
    case 'B':
        return read_month(pp, end, next, m) ? 2 : 0;
    default: /* another conversion */
        return 0;
    }
}

/* Read hours 0-23 (h_min_digits to 2 digits), a colon (which may be left
 * out when colon_optional: "+0530") and minutes 0-59 (2 digits) at *pp. */
static bool read_hh_mm(const char **pp, const char *end, int h_min_digits,
                       bool colon_optional)
{
    int h, mi;
    const char *p = *pp;
    if (!read_field(&p, end, h_min_digits, 2, &h) || h > 23)
        return false;
    if (p < end && *p == ':')
        p++;
    else if (!colon_optional)
        return false;
    if (!read_field(&p, end, 2, 2, &mi) || mi > 59)
        return false;
    *pp = p;
    return true;
}

/* SPEC §2.6: what may follow a fully matched date, p < end. A time of day
 * [ T]H[H]:MM[:SS[.digits]][Z|+HH:MM|-HH:MM|+HHMM], ignored; or, when the
 * pattern ends in a numeric conversion, a float's ".0", ".000". */
static bool suffix_ok(const char *p, const char *end, const char *pattern)
{
    if (*p == '.') {
        size_t n = strlen(pattern);
        if (n < 2 || pattern[n - 2] != '%' || !strchr("Yymd", pattern[n - 1]))
            return false;
        if (++p == end)
            return false;
        while (p < end && *p == '0')
            p++;
        return p == end;
    }
    if (*p != ' ' && *p != 'T')
        return false;
    p++;
    if (!read_hh_mm(&p, end, 1, false))
        return false;
    if (p < end && *p == ':') {
        int sec;
        p++;
        if (!read_field(&p, end, 2, 2, &sec) || sec > 60) /* leap second */
            return false;
        if (p < end && *p == '.') {
            const char *frac = ++p;
            while (p < end && is_digit(*p))
                p++;
            if (p == frac)
                return false;
        }
    }
    if (p < end && *p == 'Z')
        p++;
    else if (p < end && (*p == '+' || *p == '-')) {
        p++;
        if (!read_hh_mm(&p, end, 2, true))
            return false;
    }
    return p == end;
}

enum match { MATCHED, FAILED, NEEDS_FULL };

/* Match p[0..end) against pattern into ymd. The quick pass (full false)
 * knows %Y, %m and %d and no suffix, and answers NEEDS_FULL where the full
 * pass would go on; until then both do the same. The quick pass makes no
 * calls, so the common ISO date got no slower with %y, %b and the
 * suffixes. always_inline: the flag must fold away in each pass. */
__attribute__((always_inline)) static inline enum match
match(const char *p, const char *end, const char *pattern, bool full,
      int ymd[3])
{
    /* Validating the pattern while walking it costs nothing extra. */
    int y = 0, m = 0, d = 0;
    unsigned seen = 0;
    for (const char *f = pattern; *f; f++) {
        if (*f != '%') {
            if (p == end || *p != *f)
                return FAILED;
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
        default:
            if (*f == '\0') /* a '%' that ends the pattern */
                return FAILED;
            if (!full)
                return NEEDS_FULL;
            bit = read_rare(*f, f[1], &p, end, &y, &m);
            ok = bit != 0;
        }
        if (!ok || (seen & bit))
            return FAILED;
        seen |= bit;
    }
    if (seen != 7)
        return FAILED;
    if (p != end) {
        if (!full)
            return NEEDS_FULL;
        if (!suffix_ok(p, end, pattern))
            return FAILED;
    }
    if (!valid_ymd(y, m, d))
        return FAILED;
    ymd[0] = y;
    ymd[1] = m;
    ymd[2] = d;
    return MATCHED;
}

/* The full pass, apart so that its frame stays out of the quick one. */
__attribute__((noinline)) static ar_err
parse_full(const char *p, const char *end, const char *pattern, ar_date *out)
{
    int ymd[3];
    if (match(p, end, pattern, true, ymd) != MATCHED)
        return AR_ERR_DATE;
    *out = ar_date_from_ymd(ymd[0], ymd[1], ymd[2]);
    return AR_OK;
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
    int ymd[3];
    enum match r = match(p, end, pattern, false, ymd);
    if (r == NEEDS_FULL)
        return parse_full(p, end, pattern, out);
    if (r != MATCHED)
        return AR_ERR_DATE;
    *out = ar_date_from_ymd(ymd[0], ymd[1], ymd[2]);
    return AR_OK;
}

ar_err ar_date_parse_iso(const char *s, ar_date *out)
{
    size_t len = strlen(s);
    if (strspn(s, "0123456789-") != len)
        return AR_ERR_DATE;
    return ar_date_parse(s, len, "%Y-%m-%d", out);
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
        case 'Y': case 'y': bit = 1; break;
        case 'm': case 'b': case 'B': bit = 2; break;
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

const char *ar_date_example(const char *fmt, char *buf, size_t size)
{
    size_t n = 0;
    for (const char *f = fmt; *f && *f != '|' && n + 8 < size; f++) {
        const char *part = NULL;
        if (*f == '%' && f[1]) {
            switch (*++f) {
            case 'Y': part = "2026"; break;
            case 'y': part = "26"; break;
            case 'm': part = "10"; break;
            case 'd': part = "31"; break;
            case 'b': part = "Oct"; break;
            case 'B': part = "October"; break;
            case '%': part = "%"; break;
            default: part = "?"; break;
            }
            n += (size_t)snprintf(buf + n, size - n, "%s", part);
        } else {
            buf[n++] = *f;
        }
    }
    while (n && buf[n - 1] == ' ')
        n--;
    buf[n] = '\0';
    return buf;
}
