/* countries.c - ISO 3166-1 country names from iso-codes (countries.h):
 * the JSON list by cJSON, the translations from GNU gettext's binary
 * catalogue format (.mo), read here directly so that the run does not
 * depend on the process's locale.
 */
#include "ar/render/countries.h"

#include <cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/base/nfc.h"

#define MAX_LANGS 64

typedef struct country {
    char code[3];
    char **name;             /* per language (0 = English), capitals */
    char *alias[3];          /* English name, common and official name,
                                capitals: what a ledger may write */
} country;

struct ar_countries {
    country *list;           /* sorted by code */
    size_t count;
    char **lang;             /* [0] = "en" */
    size_t nlang;
};

/* ---- a gettext catalogue ------------------------------------------------ */

typedef struct catalogue {
    unsigned char *data;
    size_t len;
    bool swap;               /* written big-endian */
    uint32_t n, orig, trans;
} catalogue;

static uint32_t word(const catalogue *m, size_t off)
{
    if (off + 4 > m->len)
        return 0;
    const unsigned char *p = m->data + off;
    return m->swap ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
                         (uint32_t)p[2] << 8 | p[3]
                   : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
                         (uint32_t)p[1] << 8 | p[0];
}

/* String i of the table at off, NULL when it lies outside the file. */
static const char *mo_string(const catalogue *m, uint32_t table, uint32_t i,
                             size_t *len)
{
    uint32_t l = word(m, table + 8 * (size_t)i);
    uint32_t o = word(m, table + 8 * (size_t)i + 4);
    if ((size_t)o + l >= m->len || m->data[o + l] != '\0')
        return NULL;
    *len = l;
    return (const char *)m->data + o;
}

static bool mo_read(const char *path, catalogue *m)
{
    memset(m, 0, sizeof *m);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    size_t cap = 0;
    for (;;) {
        ar_xgrow((void **)&m->data, &cap, m->len + 65536, 1);
        size_t got = fread(m->data + m->len, 1, cap - m->len, fp);
        m->len += got;
        if (got == 0)
            break;
    }
    fclose(fp);
    if (m->len < 28) {
        free(m->data);
        return false;
    }
    const unsigned char *p = m->data;
    if (p[0] == 0xDE && p[1] == 0x12 && p[2] == 0x04 && p[3] == 0x95) {
        m->swap = false;
    } else if (p[0] == 0x95 && p[1] == 0x04 && p[2] == 0x12 && p[3] == 0xDE) {
        m->swap = true;
    } else {
        free(m->data);
        return false;
    }
    m->n = word(m, 8);
    m->orig = word(m, 12);
    m->trans = word(m, 16);
    return true;
}

/* The translation of msgid, or NULL when the catalogue has none (the
 * originals are sorted: a binary search). */
static const char *mo_find(const catalogue *m, const char *msgid)
{
    uint32_t lo = 0, hi = m->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        size_t len;
        const char *s = mo_string(m, m->orig, mid, &len);
        if (!s)
            return NULL;
        int c = strcmp(s, msgid);
        if (c == 0) {
            const char *t = mo_string(m, m->trans, mid, &len);
            return t && len > 0 ? t : NULL;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* ---- the list ----------------------------------------------------------- */

static int cmp_country(const void *a, const void *b)
{
    return strcmp(((const country *)a)->code, ((const country *)b)->code);
}

static const char *json_text(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

ar_err ar_countries_load(const char *json, const char *locale_dir,
                         const char *const *langs, size_t n,
                         ar_countries **out, ar_diag *d)
{
    *out = NULL;
    FILE *fp = fopen(json, "rb");
    if (!fp)
        return ar_diag_set(d, AR_ERR_IO, json, 0, NULL,
                           "cannot read the country list (Debian package "
                           "iso-codes): %s",
                           strerror(errno));
    char *text = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        ar_xgrow((void **)&text, &cap, len + 65537, 1);
        size_t got = fread(text + len, 1, cap - len - 1, fp);
        len += got;
        if (got == 0)
            break;
    }
    fclose(fp);
    text[len] = '\0';
    cJSON *root = cJSON_Parse(text);
    free(text);
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "3166-1");
    if (!cJSON_IsArray(list)) {
        cJSON_Delete(root);
        return ar_diag_set(d, AR_ERR_LAYOUT, json, 0, NULL,
                           "not iso-codes' ISO 3166-1 list");
    }
    ar_countries *c = ar_xcalloc(1, sizeof *c);
    c->lang = ar_xcalloc(n + 1, sizeof *c->lang);
    c->lang[c->nlang++] = ar_xstrdup("en");
    for (size_t i = 0; i < n && c->nlang <= MAX_LANGS; i++)
        if (strcmp(langs[i], "en") != 0)
            c->lang[c->nlang++] = ar_xstrdup(langs[i]);
    c->list = ar_xcalloc((size_t)cJSON_GetArraySize(list) + 1,
                         sizeof *c->list);
    catalogue *mo = ar_xcalloc(c->nlang, sizeof *mo);
    bool *have = ar_xcalloc(c->nlang, sizeof *have);
    for (size_t k = 1; k < c->nlang; k++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/iso_3166-1.mo",
                 locale_dir, c->lang[k]);
        have[k] = mo_read(path, &mo[k]);
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, list)
    {
        const char *code = json_text(e, "alpha_2");
        const char *name = json_text(e, "name");
        const char *common = json_text(e, "common_name");
        if (!code || strlen(code) != 2 || !name)
            continue;
        country *ct = &c->list[c->count++];
        ct->code[0] = (char)toupper((unsigned char)code[0]);
        ct->code[1] = (char)toupper((unsigned char)code[1]);
        ct->name = ar_xcalloc(c->nlang, sizeof *ct->name);
        const char *official = json_text(e, "official_name");
        ct->alias[0] = ar_utf8_upper(name);
        ct->alias[1] = common ? ar_utf8_upper(common) : NULL;
        ct->alias[2] = official ? ar_utf8_upper(official) : NULL;
        for (size_t k = 0; k < c->nlang; k++) {
            /* "Korea, Republic of" reads "South Korea" where iso-codes
             * has a common name and the language translates it */
            const char *v = NULL;
            if (k == 0)
                v = common ? common : name;
            else if (have[k]) {
                v = common ? mo_find(&mo[k], common) : NULL;
                if (!v)
                    v = mo_find(&mo[k], name);
            }
            if (!v)
                v = common ? common : name;
            ct->name[k] = ar_utf8_upper(v);
        }
    }
    for (size_t k = 0; k < c->nlang; k++)
        if (have[k])
            free(mo[k].data);
    free(mo);
    free(have);
    cJSON_Delete(root);
    qsort(c->list, c->count, sizeof *c->list, cmp_country);
    *out = c;
    return AR_OK;
}

void ar_countries_free(ar_countries *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->count; i++) {
        for (size_t k = 0; k < c->nlang; k++)
            free(c->list[i].name[k]);
        free(c->list[i].name);
        for (size_t k = 0; k < 3; k++)
            free(c->list[i].alias[k]);
    }
    for (size_t k = 0; k < c->nlang; k++)
        free(c->lang[k]);
    free(c->lang);
    free(c->list);
    free(c);
}

const char *ar_countries_name(const ar_countries *c, const char *code,
                              const char *lang)
{
    if (!c || !code || strlen(code) != 2)
        return NULL;
    country key = {.code = {(char)toupper((unsigned char)code[0]),
                            (char)toupper((unsigned char)code[1]), '\0'}};
    const country *ct = bsearch(&key, c->list, c->count, sizeof *c->list,
                                cmp_country);
    if (!ct)
        return NULL;
    size_t k = 0;
    for (size_t i = 1; lang && i < c->nlang; i++)
        if (strcmp(c->lang[i], lang) == 0)
            k = i;
    return ct->name[k];
}

const char *ar_countries_code_of(const ar_countries *c, const char *name)
{
    if (!c || !name || !name[0])
        return NULL;
    char *want = ar_utf8_upper(name);
    const char *code = NULL;
    for (size_t i = 0; i < c->count && !code; i++) {
        const country *ct = &c->list[i];
        for (size_t k = 0; k < 3 && !code; k++)
            if (ct->alias[k] && strcmp(ct->alias[k], want) == 0)
                code = ct->code;
        for (size_t k = 0; k < c->nlang && !code; k++)
            if (strcmp(ct->name[k], want) == 0)
                code = ct->code;
    }
    free(want);
    return code;
}

size_t ar_countries_count(const ar_countries *c)
{
    return c ? c->count : 0;
}
