/* money.c - parsing and formatting amounts held as int64 cents.
 *
 * Everything here is integer arithmetic on bytes: no float, no locale, no
 * allocation, so the parser can run on every amount of a large ledger.
 */
#include "ar/base/money.h"

#include <assert.h>
#include <stdbool.h>
#include <string.h>

/* Byte length of the blank at p (space, tab, U+00A0 or U+202F), or 0. The
 * no-break spaces are what spreadsheets export between groups and before a
 * trailing currency symbol. */
static size_t blank_at(const char *p, const char *end)
{
    size_t n = (size_t)(end - p);
    if (n >= 1 && (p[0] == ' ' || p[0] == '\t'))
        return 1;
    if (n >= 2 && p[0] == '\xC2' && p[1] == '\xA0')
        return 2;
    if (n >= 3 && p[0] == '\xE2' && p[1] == '\x80' && p[2] == '\xAF')
        return 3;
    return 0;
}

/* Byte length of the blank that ends just before end, or 0. */
static size_t blank_before(const char *start, const char *end)
{
    size_t n = (size_t)(end - start);
    if (n >= 1 && (end[-1] == ' ' || end[-1] == '\t'))
        return 1;
    if (n >= 2 && end[-2] == '\xC2' && end[-1] == '\xA0')
        return 2;
    if (n >= 3 && end[-3] == '\xE2' && end[-2] == '\x80' && end[-1] == '\xAF')
        return 3;
    return 0;
}

static const char *skip_blanks(const char *p, const char *end)
{
    size_t n;
    while ((n = blank_at(p, end)) != 0)
        p += n;
    return p;
}

/* SPEC §8.7: byte length of the currency symbol ($ € £ ¥ ₹) at p, or 0. */
static size_t symbol_at(const char *p, const char *end)
{
    size_t n = (size_t)(end - p);
    if (n >= 1 && p[0] == '$')
        return 1;
    if (n >= 2 && p[0] == '\xC2' && (p[1] == '\xA3' || p[1] == '\xA5'))
        return 2; /* £ ¥ */
    if (n >= 3 && p[0] == '\xE2' && p[1] == '\x82' &&
        (p[2] == '\xAC' || p[2] == '\xB9'))
        return 3; /* € ₹ */
    return 0;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Byte length of a group separator at p for the given decimal mark: ','
 * when the mark is '.'; '.' or a blank when the mark is ','. 0 if none. */
static size_t group_sep_at(const char *p, const char *end, char mark)
{
    if (p >= end)
        return 0;
    if (mark == '.')
        return *p == ',' ? 1 : 0;
    if (*p == '.')
        return 1;
    return blank_at(p, end);
}

/* Append the digits at *pp to *mag (decimal), advancing *pp. Returns the
 * number of digits read; sets *overflow once *mag no longer fits. */
static size_t read_digits(const char **pp, const char *end, int64_t *mag,
                          int *overflow)
{
    const char *p = *pp;
    while (p < end && is_digit(*p)) {
        if (__builtin_mul_overflow(*mag, 10, mag) ||
            __builtin_add_overflow(*mag, *p - '0', mag))
            *overflow = 1;
        p++;
    }
    size_t n = (size_t)(p - *pp);
    *pp = p;
    return n;
}

/* Parse the unsigned number at *pp: integer digits, optionally grouped by
 * threes, then optionally the mark and one or two decimals, or any number
 * of decimals when rounded is not NULL: those are rounded half to even to
 * the cent, and *rounded says whether a dropped digit was not 0. Returns
 * false on a syntax error; otherwise *cents holds the magnitude unless
 * *overflow. */
static bool parse_number(const char **pp, const char *end, char mark,
                         int64_t *cents, int *overflow, bool *rounded)
{
    const char *p = *pp;
    int64_t units = 0;
    size_t run = read_digits(&p, end, &units, overflow);
    if (run == 0)
        return false;

    /* SPEC §8.7: thousands groups of exactly three. The first separator
     * fixes which one the number uses ("1.234 567,00" is not a number). */
    size_t sep = group_sep_at(p, end, mark);
    if (sep && p + sep < end && is_digit(p[sep])) {
        const char *first = p;
        if (run > 3)
            return false;
        while (sep && p + sep < end && is_digit(p[sep]) &&
               memcmp(p, first, sep) == 0) {
            p += sep;
            if (read_digits(&p, end, &units, overflow) != 3)
                return false;
            sep = group_sep_at(p, end, mark);
        }
    }

    /* SPEC §8.7: at most two decimals, never rounded (unless asked to).
     * "7." and ".5" are rejected: a mark needs digits on both sides. */
    int64_t frac = 0;
    int up = 0;
    if (p < end && *p == mark) {
        const char *digits = ++p;
        while (p < end && is_digit(*p))
            p++;
        size_t n = (size_t)(p - digits);
        if (n == 0)
            return false;
        frac = (digits[0] - '0') * 10 + (n > 1 ? digits[1] - '0' : 0);
        if (n > 2) {
            /* SPEC §2.6 round_amounts = half-even, on the digits: the
             * third decimal decides, the rest only break a tie of 5, and a
             * tie rounds to the even cent (units * 100 is even). */
            if (!rounded)
                return false;
            bool rest = false;
            for (const char *q = digits + 3; q < p; q++)
                rest |= *q != '0';
            char third = digits[2];
            *rounded = third != '0' || rest;
            up = third > '5' || (third == '5' && (rest || (frac & 1)));
        }
    }

    if (__builtin_mul_overflow(units, 100, cents) ||
        __builtin_add_overflow(*cents, frac + up, cents))
        *overflow = 1;
    *pp = p;
    return true;
}

/* ar_money_parse's grammar; rounded as in parse_number. */
static ar_err parse_amount(const char *s, size_t len, char decimal_mark,
                          ar_cents *out, bool *rounded)
{
    if (!s || (decimal_mark != '.' && decimal_mark != ','))
        return AR_ERR_AMOUNT;
    const char *p = s, *end = s + len;
    size_t n;
    p = skip_blanks(p, end);
    while (p < end && (n = blank_before(p, end)) != 0)
        end -= n;

    bool neg = false, paren = false, sign = false, symbol = false;
    int overflow = 0;

    /* SPEC §2.1: "(1234.56)" is negative; no sign inside parentheses. */
    if (p < end && *p == '(') {
        if (end - p < 2 || end[-1] != ')')
            return AR_ERR_AMOUNT;
        paren = neg = true;
        p++;
        end--;
    }
    /* Sign, symbol and sign again cover "-$5" and "$-5" (one sign only). */
    if (p < end && (*p == '-' || *p == '+')) {
        if (paren)
            return AR_ERR_AMOUNT;
        sign = true;
        neg = *p == '-';
        p++;
    }
    if ((n = symbol_at(p, end)) != 0) {
        symbol = true;
        p = skip_blanks(p + n, end);
    }
    if (p < end && (*p == '-' || *p == '+')) {
        if (paren || sign)
            return AR_ERR_AMOUNT;
        sign = true;
        neg = *p == '-';
        p++;
    }

    int64_t cents = 0;
    if (!parse_number(&p, end, decimal_mark, &cents, &overflow, rounded))
        return AR_ERR_AMOUNT;

    /* SPEC §2.6: a trailing minus ("425,50-", SAP) right after the digits,
     * the only sign of the amount. */
    if (p < end && *p == '-') {
        if (paren || sign)
            return AR_ERR_AMOUNT;
        neg = true;
        p++;
    }

    /* A trailing symbol, optionally after a blank: "1234.56 €". */
    if (p < end) {
        p = skip_blanks(p, end);
        if (symbol || (n = symbol_at(p, end)) == 0)
            return AR_ERR_AMOUNT;
        p += n;
    }
    if (p != end)
        return AR_ERR_AMOUNT;

    /* The magnitude is at most INT64_MAX, so -cents is always defined. */
    if (overflow)
        return AR_ERR_OVERFLOW;
    *out = neg ? -cents : cents;
    return AR_OK;
}

ar_err ar_money_parse(const char *s, size_t len, char decimal_mark,
                      ar_cents *out)
{
    return parse_amount(s, len, decimal_mark, out, NULL);
}

ar_err ar_money_parse_rounded(const char *s, size_t len, char decimal_mark,
                              ar_cents *out, bool *rounded)
{
    bool r = false;
    ar_err err = parse_amount(s, len, decimal_mark, out, &r);
    if (err == AR_OK && rounded)
        *rounded = r;
    return err;
}

bool ar_cents_add(ar_cents *acc, ar_cents v)
{
    ar_cents sum;
    if (__builtin_add_overflow(*acc, v, &sum))
        return false;
    *acc = sum;
    return true;
}

/* Write v as [-]digits.dd into buf, grouping the units by threes with group
 * unless it is 0. Works on the unsigned magnitude so INT64_MIN is fine. */
static char *format_cents(ar_cents v, char group, char mark, char *buf,
                          size_t size)
{
    char tmp[40];
    char *q = tmp + sizeof tmp;
    uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    uint64_t units = mag / 100;
    unsigned frac = (unsigned)(mag % 100);

    *--q = (char)('0' + frac % 10);
    *--q = (char)('0' + frac / 10);
    *--q = mark;
    int ndigits = 0;
    do {
        if (group && ndigits > 0 && ndigits % 3 == 0)
            *--q = group;
        *--q = (char)('0' + units % 10);
        units /= 10;
        ndigits++;
    } while (units);
    if (v < 0)
        *--q = '-';

    if (size == 0)
        return buf;
    size_t n = (size_t)(tmp + sizeof tmp - q);
    if (n > size - 1)
        n = size - 1;
    memcpy(buf, q, n);
    buf[n] = '\0';
    return buf;
}

char *ar_money_format_plain(ar_cents v, char *buf, size_t size)
{
    return format_cents(v, 0, '.', buf, size);
}

char *ar_money_format(ar_cents v, char group, char mark, char *buf,
                      size_t size)
{
    return format_cents(v, group, mark ? mark : '.', buf, size);
}

/* GCC/Clang 128-bit integer; __extension__ keeps -Wpedantic quiet. */
__extension__ typedef __int128 wide;

/* v * num / den rounded half away from zero, or half to even, clamped to
 * the int64 range: the two public roundings share it. */
static ar_cents muldiv(ar_cents v, int64_t num, int64_t den, bool even)
{
    assert(den != 0);
    wide p = (wide)v * num;
    wide d = den;
    if (d < 0) {
        p = -p;
        d = -d;
    }
    wide q = p / d, r = p % d;
    /* the remainder has the sign of p in C; q is truncated toward zero,
     * so "up" is away from zero */
    if (r < 0)
        r = -r;
    if (2 * r > d || (2 * r == d && (!even || q % 2 != 0)))
        q += p < 0 ? -1 : 1;
    if (q > INT64_MAX)
        return INT64_MAX;
    if (q < INT64_MIN)
        return INT64_MIN;
    return (ar_cents)q;
}

ar_cents ar_cents_muldiv(ar_cents v, int64_t num, int64_t den)
{
    return muldiv(v, num, den, false);
}

ar_cents ar_cents_muldiv_even(ar_cents v, int64_t num, int64_t den)
{
    return muldiv(v, num, den, true);
}

int ar_currency_digits(const char *code)
{
    /* ISO 4217's list of currencies with 0 or 3 minor digits */
    static const char zero[] = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX "
                               "UYI VND VUV XAF XOF XPF ";
    static const char three[] = "BHD IQD JOD KWD LYD OMR TND ";
    if (strlen(code) != 3)
        return 2;
    for (const char *p = zero; *p; p += 4)
        if (strncmp(p, code, 3) == 0)
            return 0;
    for (const char *p = three; *p; p += 4)
        if (strncmp(p, code, 3) == 0)
            return 3;
    return 2;
}
