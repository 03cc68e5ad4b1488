/* title_date.c - the warning about an open-balance export run as of
 * another date than its own (render.h ar_run_export_date_warning). */
#include "ar/render/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ar/base/date.h"

/* The date of a report title "As of October 31, 2026" or "As of
 * 2026-10-31" (QuickBooks writes the first), or AR_DATE_NONE. */
static ar_date title_date(const char *s)
{
    static const char *const months[12] = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    while (*s == ' ' || *s == '"')
        s++;
    if (strncasecmp(s, "As of ", 6) != 0)
        return AR_DATE_NONE;
    s += 6;
    ar_date d = AR_DATE_NONE;
    if (ar_date_parse(s, strnlen(s, 10), "%Y-%m-%d", &d) == AR_OK)
        return d;
    for (int m = 0; m < 12; m++) {
        size_t n = strlen(months[m]);
        if (strncasecmp(s, months[m], n) != 0 || s[n] != ' ')
            continue;
        char *end;
        long day = strtol(s + n + 1, &end, 10);
        if (end[0] != ',' || end[1] != ' ')
            return AR_DATE_NONE;
        long year = strtol(end + 2, &end, 10);
        char iso[16];
        snprintf(iso, sizeof iso, "%04ld-%02d-%02ld", year, m + 1, day);
        if (year < 1900 || year > 9999 ||
            ar_date_parse(iso, strlen(iso), "%Y-%m-%d", &d) != AR_OK)
            return AR_DATE_NONE;
        return d;
    }
    return AR_DATE_NONE;
}

bool ar_run_export_date_warning(const ar_run *run, char *buf, size_t size)
{
    const ar_ingest_stats *st = &run->stats;
    ar_date as_of = run->opts ? run->opts->as_of : AR_DATE_NONE;
    /* what the export says is open is open on its own date: only an
     * open-balance export, and only when the policy does not date it */
    if (!st->open_balances || as_of == AR_DATE_NONE ||
        run->policy.export_date != as_of)
        return false;
    for (size_t i = 0; i < st->skips.count; i++) {
        const ar_skipped *k = &st->skips.items[i];
        if (k->reason != AR_SKIP_ABOVE_HEADER || !k->first_field)
            continue;
        ar_date d = title_date(k->first_field);
        if (d == AR_DATE_NONE || d == as_of)
            continue;
        char a[16], b[16];
        snprintf(buf, size,
                 "the export's title says \"%.60s\" (line %ld), this run is "
                 "as of %s: an open-balance export says what was open on "
                 "its own date, so its items age as if nothing had been "
                 "paid since; run it as of %s, or set [input] export_date",
                 k->first_field, k->line, ar_date_format_iso(as_of, a, sizeof a),
                 ar_date_format_iso(d, b, sizeof b));
        return true;
    }
    return false;
}
