/* close_keys.c - [close] gl_balance.XXX and the [aging] keys that are
 * more than a number, buckets and loss_rates (close_keys.h). */
#include "ar/ingest/close_keys.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define PREFIX "gl_balance"
#define MAX_DAYS 36500 /* a century: beyond any real due date */

static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t'))
        (*s)++, (*n)--;
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

int ar_close_key(ar_policy *p, const char *name, const char *value,
                 char *err, size_t size)
{
    size_t plen = strlen(PREFIX);
    if (strncasecmp(name, PREFIX, plen) != 0 ||
        (name[plen] && name[plen] != '.'))
        return -1;
    ar_gl_balance g = {.currency = ""};
    if (name[plen] == '.') {
        const char *c = name + plen + 1;
        if (strlen(c) != 3 || strspn(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "abcdefghijklmnopqrstuvwxyz") != 3) {
            snprintf(err, size, "key '%s': expected gl_balance.XXX with a "
                     "3-letter ISO 4217 code (gl_balance.EUR)", name);
            return 0;
        }
        for (int i = 0; i < 3; i++)
            g.currency[i] = (char)(c[i] & ~0x20);
    }
    const char *v = value;
    size_t n = strlen(v);
    trim(&v, &n);
    if (!n || ar_money_parse(v, n, '.', &g.cents) != AR_OK ||
        g.cents > AR_CENTS_TOTAL_MAX || g.cents < -AR_CENTS_TOTAL_MAX) {
        snprintf(err, size, "key '%s': expected an amount such as "
                 "1234567.89 (at most two decimals, '-' when negative), "
                 "got \"%s\"", name, value);
        return 0;
    }
    for (int i = 0; i < p->gl_count; i++)
        if (strcmp(p->gl[i].currency, g.currency) == 0) {
            p->gl[i] = g; /* an earlier file's (a preset's) */
            return 1;
        }
    if (p->gl_count == AR_MAX_GL) {
        snprintf(err, size, "key '%s': more than %d GL balances", name,
                 AR_MAX_GL);
        return 0;
    }
    p->gl[p->gl_count++] = g;
    return 1;
}

bool ar_loss_rates_parse(ar_policy *p, const char *value, char *err,
                         size_t size)
{
    int32_t bp[AR_MAX_BUCKETS];
    int count = 0;
    const char *s = value;
    for (;;) {
        const char *comma = strchr(s, ',');
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        trim(&s, &n);
        if (n && s[n - 1] == '%') {
            n--;
            trim(&s, &n);
        }
        ar_cents v;
        /* percent with two decimals: the amount parser's cents are
         * hundredths of a percent */
        if (count == AR_MAX_BUCKETS || !n ||
            strspn(s, "0123456789.") < n ||
            ar_money_parse(s, n, '.', &v) != AR_OK || v > 10000) {
            snprintf(err, size, "expected a loss rate in percent per aging "
                     "bucket, current first (0.5, 1.5, 4, 8, 15, 40), each "
                     "0 to 100 with at most 2 decimals, got \"%s\"", value);
            return false;
        }
        bp[count++] = (int32_t)v;
        if (!comma)
            break;
        s = comma + 1;
    }
    memcpy(p->loss_rate_bp, bp, (size_t)count * sizeof *bp);
    p->loss_rate_count = count;
    return true;
}

bool ar_loss_rates_check(ar_policy *p, bool rates_given, char *err,
                         size_t size)
{
    if (p->loss_rate_count == p->bucket_count)
        return true;
    if (!rates_given) {
        p->loss_rate_count = 0;
        return true;
    }
    snprintf(err, size, "key 'loss_rates' gives %d rates for the %d aging "
             "buckets: one rate per bucket, current first",
             p->loss_rate_count, p->bucket_count);
    return false;
}

/* [aging] buckets: 1 to AR_MAX_BUCKETS - 2 strictly increasing whole
 * numbers of days, each 1 to MAX_DAYS, blanks around them allowed. */
static bool parse_limits(const char *value, int32_t *out, int *count)
{
    int n = 0;
    const char *s = value;
    for (;;) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        const char *item = s;
        trim(&item, &len);
        if (n == AR_MAX_BUCKETS - 2 || !len ||
            strspn(item, "0123456789") < len)
            return false;
        int64_t v = 0;
        for (size_t i = 0; i < len && v <= MAX_DAYS; i++)
            v = v * 10 + (item[i] - '0');
        if (v < 1 || v > MAX_DAYS || (n && v <= out[n - 1]))
            return false;
        out[n++] = (int32_t)v;
        if (!comma)
            break;
        s = comma + 1;
    }
    *count = n;
    return true;
}

int ar_aging_key(ar_policy *p, const char *name, const char *value,
                 char *err, size_t size)
{
    if (strcasecmp(name, "loss_rates") == 0) {
        char why[300];
        if (ar_loss_rates_parse(p, value, why, sizeof why))
            return 1;
        snprintf(err, size, "key '%s': %s", name, why);
        return 0;
    }
    if (strcasecmp(name, "buckets") != 0)
        return -1;
    int32_t days[AR_MAX_BUCKETS];
    int n = 0;
    if (!parse_limits(value, days, &n)) {
        snprintf(err, size, "key '%s': expected 1 to %d increasing whole "
                 "numbers of days, got \"%s\"", name, AR_MAX_BUCKETS - 2,
                 value);
        return 0;
    }
    ar_policy_set_buckets(p, days, n);
    return 1;
}
