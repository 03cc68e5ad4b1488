/* fuzz_date.c - the date parser and calendar helpers (SPEC §2.5).
 *
 * Byte 0 picks a pattern (the export formats of SPEC §2.5) or, for 255, a
 * pattern read from the input up to its first NUL. Invariants: a parsed
 * date is a real calendar date that survives ISO formatting and parsing;
 * the month-end helpers agree with each other. */
#include <string.h>

#include "ar/base/date.h"
#include "fuzz.h"

static const char *const patterns[] = {
    "%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y%m%d", "%Y/%m/%d",
};
#define NPAT (sizeof patterns / sizeof *patterns)

static void check_date(ar_date v)
{
    int y, m, d;
    ar_date_to_ymd(v, &y, &m, &d);
    FUZZ_CHECK(ar_date_valid(y, m, d));
    FUZZ_CHECK(ar_date_from_ymd(y, m, d) == v);
    char iso[16];
    ar_date_format_iso(v, iso, sizeof iso);
    ar_date back = 0;
    FUZZ_CHECK(ar_date_parse(iso, strlen(iso), "%Y-%m-%d", &back) == AR_OK);
    FUZZ_CHECK(back == v);
    ar_date end = ar_date_month_end(v);
    FUZZ_CHECK(end >= v && end - v < 31);
    FUZZ_CHECK(ar_date_is_month_end(end));
    FUZZ_CHECK(ar_date_is_month_end(v) == (end == v));
    if (y > 1 || m > 1) {
        ar_date prev = ar_date_prev_month_end(v);
        FUZZ_CHECK(prev < v && v - prev <= 31);
        FUZZ_CHECK(ar_date_is_month_end(prev));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t sel = data[0];
    data++;
    size--;
    char pattern[64];
    if (sel == 255) {
        const uint8_t *nul = memchr(data, 0, size);
        size_t n = nul ? (size_t)(nul - data) : size;
        if (n >= sizeof pattern)
            return 0;
        memcpy(pattern, data, n);
        pattern[n] = '\0';
        data += nul ? n + 1 : n;
        size -= nul ? n + 1 : n;
        if (!ar_date_pattern_valid(pattern))
            return 0;
    } else if (sel == 254) {
        /* the calendar on a day number of years 1..9999 */
        if (size < 4)
            return 0;
        uint32_t raw = (uint32_t)data[0] << 24 | data[1] << 16 |
                       data[2] << 8 | data[3];
        ar_date lo = ar_date_from_ymd(1, 1, 1);
        ar_date hi = ar_date_from_ymd(9999, 12, 31);
        check_date(lo + (ar_date)(raw % (uint32_t)(hi - lo + 1)));
        return 0;
    } else {
        snprintf(pattern, sizeof pattern, "%s", patterns[sel % NPAT]);
    }
    char *s = malloc(size ? size : 1); /* exactly size bytes, no NUL */
    memcpy(s, data, size);
    ar_date v = 7;
    ar_err err = ar_date_parse(s, size, pattern, &v);
    FUZZ_CHECK(err == AR_OK || err == AR_ERR_DATE);
    if (err == AR_OK)
        check_date(v);
    free(s);
    return 0;
}
