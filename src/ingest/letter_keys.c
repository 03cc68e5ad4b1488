/* letter_keys.c - [letters] country_languages and no_account_text
 * (letter_keys.h). */
#include "ar/ingest/letter_keys.h"

#include <ctype.h>
#include <stdio.h>
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
    return -1;
}
