/* title_date.c - the warning about an open-balance export run as of
 * another date than its own (render.h ar_run_export_date_warning). */
#include "ar/render/render.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ar/base/date.h"

/* The date of a report title "As of October 31, 2026" or "As of
 * 2026-10-31" (QuickBooks writes the first), or AR_DATE_NONE. */
static ar_date title_date(const char *s)
{
    while (*s == ' ' || *s == '"')
        s++;
    if (strncasecmp(s, "As of ", 6) != 0)
        return AR_DATE_NONE;
    s += 6;
    size_t n = strcspn(s, "\"");
    static const char *const formats[] = {"%B %d, %Y", "%Y-%m-%d"};
    ar_date d;
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        if (ar_date_parse(s, n, formats[i], &d) == AR_OK)
            return d;
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
