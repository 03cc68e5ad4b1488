/* policy_letters.c - [letters] keys for the mailing house (policy_letters.h).
 *
 *   duplex = yes | no          printed on both sides: every letter starts on
 *                              a front side (blank backs in the batches)
 *   insert_marks = none | omr | datamatrix
 *   mark_zone = X, Y, W, H     the marks' zone in mm from the sheet's
 *                              top-left corner (decimals allowed)
 */
#include "ar/ingest/policy_letters.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A length in mm with at most one decimal, 0 to 500, into tenths. */
static bool tenths(const char *s, const char **end, int32_t *out)
{
    while (*s == ' ' || *s == '\t')
        s++;
    long whole = 0;
    int digits = 0;
    while (*s >= '0' && *s <= '9' && digits < 4) {
        whole = whole * 10 + (*s++ - '0');
        digits++;
    }
    int frac = 0;
    if (*s == '.' && s[1] >= '0' && s[1] <= '9') {
        frac = s[1] - '0';
        s += 2;
    }
    while (*s == ' ' || *s == '\t')
        s++;
    *end = s;
    *out = (int32_t)(whole * 10 + frac);
    return digits > 0 && whole <= 500;
}

int ar_policy_letters_key(ar_policy *p, const char *name, const char *value,
                          char *why, size_t size)
{
    if (strcasecmp(name, "duplex") == 0) {
        if (strcasecmp(value, "yes") == 0 || strcasecmp(value, "y") == 0)
            p->duplex = true;
        else if (strcasecmp(value, "no") == 0 || strcasecmp(value, "n") == 0)
            p->duplex = false;
        else {
            snprintf(why, size, "key 'duplex': expected yes or no, got \"%s\"",
                     value);
            return 0;
        }
        return 1;
    }
    if (strcasecmp(name, "insert_marks") == 0) {
        if (strcasecmp(value, "none") == 0)
            p->marks = AR_MARKS_NONE;
        else if (strcasecmp(value, "omr") == 0)
            p->marks = AR_MARKS_OMR;
        else if (strcasecmp(value, "datamatrix") == 0)
            p->marks = AR_MARKS_DATAMATRIX;
        else {
            snprintf(why, size,
                     "key 'insert_marks': expected none, omr or datamatrix, "
                     "got \"%s\"",
                     value);
            return 0;
        }
        return 1;
    }
    if (strcasecmp(name, "mark_zone") == 0) {
        int32_t v[4];
        const char *s = value;
        bool ok = true;
        for (int i = 0; i < 4 && ok; i++) {
            ok = tenths(s, &s, &v[i]);
            if (ok && i < 3)
                ok = *s++ == ',';
        }
        /* a zone of at least 5 x 5 mm, on an A4 or Letter sheet */
        ok = ok && *s == '\0' && v[2] >= 50 && v[3] >= 50 &&
             v[0] + v[2] <= 2159 && v[1] + v[3] <= 2970;
        if (!ok) {
            snprintf(why, size,
                     "key 'mark_zone': expected x, y, width, height in mm "
                     "(at least 5 x 5, on the sheet), got \"%s\"",
                     value);
            return 0;
        }
        memcpy(p->mark_zone, v, sizeof v);
        return 1;
    }
    return -1;
}
