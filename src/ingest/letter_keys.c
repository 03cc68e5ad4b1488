/* letter_keys.c - the [letters] keys that are more than a number
 * (letter_keys.h):
 *
 *   country_languages = AT:de, FR:fr, ...   the letter language by country
 *   no_account_text = TEXT     instead of bank details in a currency
 *                              without an account
 *   duplex = yes | no          printed on both sides: every letter starts on
 *                              a front side (blank backs in the batches)
 *   insert_marks = none | omr | datamatrix
 *   mark_zone = X, Y, W, H     the marks' zone in mm from the sheet's
 *                              top-left corner (decimals allowed)
 */
#include "ar/ingest/letter_keys.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* "AT:de, CH:de, FR:fr": ISO country, a colon, a language code of
 * layouts/letters/ (lower-case letters and '-'); blank = none. */
static int country_languages(ar_policy *p, const char *v, char *err,
                             size_t size)
{
    ar_country_lang list[AR_MAX_COUNTRY_LANGS];
    int n = 0;
    const char *s = v;
    while (*s) {
        while (*s == ' ' || *s == '\t')
            s++;
        size_t len = strcspn(s, ",");
        const char *colon = memchr(s, ':', len);
        size_t end = len;
        while (end && (s[end - 1] == ' ' || s[end - 1] == '\t'))
            end--;
        bool ok = n < AR_MAX_COUNTRY_LANGS && colon && colon - s >= 2;
        size_t cc = 0, lang_from = 0;
        if (ok) {
            cc = (size_t)(colon - s);
            while (cc && (s[cc - 1] == ' ' || s[cc - 1] == '\t'))
                cc--;
            lang_from = (size_t)(colon - s) + 1;
            while (lang_from < end && (s[lang_from] == ' ' ||
                                       s[lang_from] == '\t'))
                lang_from++;
            ok = cc == 2 && isalpha((unsigned char)s[0]) &&
                 isalpha((unsigned char)s[1]) && end - lang_from >= 2 &&
                 end - lang_from < sizeof list[0].language;
        }
        for (size_t i = lang_from; ok && i < end; i++)
            ok = islower((unsigned char)s[i]) || s[i] == '-';
        if (!ok) {
            snprintf(err, size,
                     "key 'country_languages': expected at most %d pairs "
                     "such as \"AT:de, FR:fr\" (a two-letter country, a "
                     "colon, a language of layouts/letters/), got \"%s\"",
                     AR_MAX_COUNTRY_LANGS, v);
            return 0;
        }
        ar_country_lang *c = &list[n++];
        c->country[0] = (char)toupper((unsigned char)s[0]);
        c->country[1] = (char)toupper((unsigned char)s[1]);
        c->country[2] = '\0';
        snprintf(c->language, sizeof c->language, "%.*s",
                 (int)(end - lang_from), s + lang_from);
        for (int k = 0; k < n - 1; k++)
            if (strcmp(list[k].country, c->country) == 0) {
                snprintf(err, size,
                         "key 'country_languages': %s is given twice",
                         c->country);
                return 0;
            }
        s += len;
        if (*s == ',')
            s++;
    }
    memcpy(p->country_languages, list, sizeof list);
    p->country_language_count = n;
    return 1;
}

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

int ar_letter_key(ar_policy *p, const char *name, const char *value,
                  char *err, size_t size)
{
    if (strcasecmp(name, "country_languages") == 0)
        return country_languages(p, value, err, size);
    if (strcasecmp(name, "no_account_text") == 0) {
        if (strlen(value) >= sizeof p->no_account_text) {
            snprintf(err, size,
                     "key 'no_account_text': at most %zu bytes, got %zu",
                     sizeof p->no_account_text - 1, strlen(value));
            return 0;
        }
        snprintf(p->no_account_text, sizeof p->no_account_text, "%s", value);
        return 1;
    }
    if (strcasecmp(name, "duplex") == 0) {
        if (strcasecmp(value, "yes") == 0 || strcasecmp(value, "y") == 0)
            p->duplex = true;
        else if (strcasecmp(value, "no") == 0 || strcasecmp(value, "n") == 0)
            p->duplex = false;
        else {
            snprintf(err, size, "key 'duplex': expected yes or no, got \"%s\"",
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
            snprintf(err, size,
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
            snprintf(err, size,
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
