/* format.c - amounts and dates in a language's formats (format.h). */
#include "ar/render/page/format.h"

#include <stdio.h>
#include <string.h>

static const char *text_of(const ar_ttext *t)
{
    /* raw strings are a single literal part */
    return t->count ? t->parts[0].text : "";
}

static size_t raw_len(const ar_ttext *t)
{
    return t->count ? t->parts[0].len : 0;
}

static const char *currency_symbol(const char *code)
{
    static const char *const table[][2] = {
        {"EUR", "\xE2\x82\xAC"}, {"USD", "$"}, {"GBP", "\xC2\xA3"},
        {"JPY", "\xC2\xA5"}, {"CNY", "\xC2\xA5"}, {"INR", "\xE2\x82\xB9"}};
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        if (strcmp(code, table[i][0]) == 0)
            return table[i][1];
    return NULL;
}

char *ar_format_amount(const ar_lang *g, ar_cents v, const char *currency,
                       char *buf, size_t size)
{
    char plain[32], num[64];
    bool neg = v < 0;
    ar_money_format_plain(neg ? -v : v, plain, sizeof plain);
    /* group the integer digits, then the decimal mark */
    const char *dot = strchr(plain, '.');
    size_t ilen = dot ? (size_t)(dot - plain) : strlen(plain), n = 0;
    for (size_t i = 0; i < ilen && n + 8 < sizeof num; i++) {
        if (i > 0 && (ilen - i) % 3 == 0)
            n += (size_t)snprintf(num + n, sizeof num - n, "%s",
                                  g->group_mark);
        num[n++] = plain[i];
    }
    snprintf(num + n, sizeof num - n, "%s%s", g->decimal_mark,
             dot ? dot + 1 : "00");
    const char *sym = currency_symbol(currency);
    const ar_ttext *fmt =
        &g->str[sym ? AR_S_AMOUNT_FORMAT : AR_S_AMOUNT_FORMAT_CODE];
    const char *f = text_of(fmt);
    size_t len = 0;
    if (neg && len + 1 < size)
        buf[len++] = '-';
    for (size_t i = 0; i < raw_len(fmt) && len + 1 < size; i++) {
        const char *what = NULL;
        size_t skip = 0;
        if (strncmp(f + i, "{amount}", 8) == 0)
            what = num, skip = 8;
        else if (strncmp(f + i, "{symbol}", 8) == 0)
            what = sym ? sym : currency, skip = 8;
        else if (strncmp(f + i, "{code}", 6) == 0)
            what = currency, skip = 6;
        else if (strncmp(f + i, "{nbsp}", 6) == 0)
            what = "\xC2\xA0", skip = 6;
        if (what) {
            len += (size_t)snprintf(buf + len, size - len, "%s", what);
            if (len >= size)
                len = size - 1;
            i += skip - 1;
        } else {
            buf[len++] = f[i];
        }
    }
    buf[len] = '\0';
    return buf;
}

char *ar_format_date(const ar_lang *g, ar_date date, bool long_form,
                     char *buf, size_t size)
{
    int y, m, d;
    ar_date_to_ymd(date, &y, &m, &d);
    const ar_ttext *fmt = &g->str[long_form ? AR_S_DATE_LONG : AR_S_DATE_SHORT];
    const char *f = text_of(fmt);
    size_t len = 0, n = raw_len(fmt);
    for (size_t i = 0; i < n && len + 1 < size; i++) {
        if (f[i] != '%' || i + 1 == n) {
            buf[len++] = f[i];
            continue;
        }
        char c = f[++i];
        int w = 0;
        switch (c) {
        case 'd': w = snprintf(buf + len, size - len, "%02d", d); break;
        case 'e': w = snprintf(buf + len, size - len, "%d", d); break;
        case 'm': w = snprintf(buf + len, size - len, "%02d", m); break;
        case 'Y': w = snprintf(buf + len, size - len, "%04d", y); break;
        case 'B': w = snprintf(buf + len, size - len, "%s", g->months[m - 1]);
            break;
        case 'b':
            w = snprintf(buf + len, size - len, "%s", g->months_short[m - 1]);
            break;
        default: buf[len++] = c; break;
        }
        len += (size_t)(w > 0 ? w : 0);
        if (len >= size)
            len = size - 1;
    }
    buf[len] = '\0';
    return buf;
}
