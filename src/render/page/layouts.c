/* layouts.c - reads layouts/ once per run (format in layouts.h): the
 * letterhead and the postal formats here, each language's strings and
 * templates in layout_lang.c, the file format they share in
 * layout_file.c, the country names from iso-codes in countries.c. */
#include "ar/render/page/layouts.h"

#include "ar/base/digest.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ar/render/countries.h"
#include "ar/render/page/layout_file.h"
#include "ar/render/page/layout_lang.h"

#ifndef AR_LAYOUTS_DIR
#define AR_LAYOUTS_DIR "/usr/local/share/arbatch/layouts"
#endif

/* fonts-droid-fallback: Han (Chinese and Japanese), kana and hangul */
#define AR_FALLBACK_FONT                                                     \
    "/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf"

#define MAX_LANGS 64
#define MAX_COUNTRIES 300

static const char *const letterhead_keys[] = {
    "company", "address", "country", "return_line", "phone", "email",
    "web", "legal", "account_holder", "logo",
    "logo_width_mm", "color_primary", "color_text", "color_muted",
    "color_rule", "font_regular", "font_bold", "font_fallback", "qr",
    "icc_profile", NULL};

/* A bank account's fields, each key written <field>_<currency>
 * (iban_EUR): one account per currency. */
enum { AF_BANK_NAME, AF_HOLDER, AF_IBAN, AF_BIC, AF_NUMBER, AF_CODE,
       AF_CODE_LABEL, AF_COUNT };
static const char *const account_fields[AF_COUNT] = {
    "bank_name", "account_holder", "iban", "bic", "account_number",
    "bank_code", "bank_code_label"};

static const char *const postal_names[] = {"postal_code", "city", "region"};

struct ar_layout {
    char dir[1024];
    ar_layout_pool pool;    /* every allocation, freed together */
    ar_letterhead head;
    ar_lang *langs[MAX_LANGS];
    size_t lang_count;
    const ar_lang *english;
    ar_country countries[MAX_COUNTRIES]; /* postal formats */
    size_t country_count;
    ar_countries *names;    /* every country's name, per language */
};

/* ---- letterhead ------------------------------------------------------- */

static const char *value_or(const ar_layout_file *f, const char *key,
                            const char *dflt, ar_layout *l)
{
    const ar_layout_kv *p = ar_layout_file_find(f, key);
    if (!p || !p->value[0])
        return dflt;
    return ar_layout_pool_str(&l->pool, p->value, strlen(p->value));
}

static size_t split_lines(ar_layout *l, const char *s, const char **out,
                          size_t max)
{
    size_t n = 0;
    while (s && *s && n < max) {
        const char *bar = strchr(s, '|');
        size_t len = bar ? (size_t)(bar - s) : strlen(s);
        char *part = ar_layout_pool_str(&l->pool, s, len);
        part = ar_layout_trim(part);
        if (*part)
            out[n++] = part;
        s = bar ? bar + 1 : NULL;
    }
    return n;
}

static ar_err parse_color(const ar_layout_file *f, const char *key,
                          uint32_t dflt, uint32_t *out, ar_diag *d)
{
    const ar_layout_kv *p = ar_layout_file_find(f, key);
    *out = dflt;
    if (!p || !p->value[0])
        return AR_OK;
    char *end;
    unsigned long v = strtoul(p->value + 1, &end, 16);
    if (p->value[0] != '#' || strlen(p->value) != 7 || *end)
        return ar_diag_set(d, AR_ERR_LAYOUT, f->path, p->line, key,
                           "expected a colour as #RRGGBB, not \"%s\"",
                           p->value);
    *out = (uint32_t)v;
    return AR_OK;
}

static const char *resolve_path(ar_layout *l, const char *value)
{
    if (!value)
        return NULL;
    if (value[0] == '/')
        return value;
    size_t n = strlen(l->dir) + strlen(value) + 2;
    char *p = ar_layout_pool_keep(&l->pool, ar_xmalloc(n));
    snprintf(p, n, "%s/%s", l->dir, value);
    return p;
}

/* The path of key (dflt when not given), NULL when it says "none". */
static const char *path_or_none(ar_layout *l, const ar_layout_file *f,
                                const char *key, const char *dflt)
{
    const char *v = value_or(f, key, dflt, l);
    return strcasecmp(v, "none") == 0 ? NULL : resolve_path(l, v);
}

/* ISO 13616: move the first four characters to the end, letters to
 * numbers (A = 10), and the number mod 97 must be 1. */
static bool iban_valid(const char *iban)
{
    char s[40];
    size_t n = 0;
    for (const char *p = iban; *p; p++) {
        if (*p == ' ')
            continue;
        if (n + 1 >= sizeof s || !isalnum((unsigned char)*p))
            return false;
        s[n++] = (char)toupper((unsigned char)*p);
    }
    if (n < 15 || !isalpha((unsigned char)s[0]) ||
        !isalpha((unsigned char)s[1]))
        return false;
    unsigned rem = 0;
    for (size_t k = 0; k < n; k++) {
        char c = s[(k + 4) % n];
        if (isdigit((unsigned char)c))
            rem = (rem * 10 + (unsigned)(c - '0')) % 97;
        else
            rem = (rem * 100 + (unsigned)(c - 'A' + 10)) % 97;
    }
    return rem == 1;
}

/* The bank accounts, one per currency (iban_EUR, account_number_USD,
 * ...), and a check of every other key against letterhead_keys. */
static ar_err load_accounts(ar_layout *l, const ar_layout_file *f,
                            ar_diag *d)
{
    ar_letterhead *h = &l->head;
    for (size_t i = 0; i < f->pair_count; i++) {
        const ar_layout_kv *p = &f->pairs[i];
        bool known = false;
        for (const char *const *k = letterhead_keys; *k && !known; k++)
            known = strcmp(*k, p->key) == 0;
        if (known)
            continue;
        size_t n = strlen(p->key);
        const char *cur = n > 4 ? p->key + n - 3 : "";
        int field = -1;
        for (int k = 0; k < AF_COUNT && field < 0; k++)
            if (strlen(account_fields[k]) == n - 4 &&
                strncmp(account_fields[k], p->key, n - 4) == 0 &&
                p->key[n - 4] == '_')
                field = k;
        bool code = strspn(cur, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == 3;
        if (field < 0 || !code) {
            for (int k = 0; k < AF_COUNT; k++)
                if (strcmp(account_fields[k], p->key) == 0)
                    return ar_diag_set(d, AR_ERR_LAYOUT, f->path, p->line,
                                       p->key,
                                       "a bank account is given per "
                                       "currency: write %s_EUR (README "
                                       "\"Letters\")",
                                       p->key);
            return ar_diag_set(d, AR_ERR_LAYOUT, f->path, p->line, NULL,
                               "unknown key \"%s\"", p->key);
        }
        size_t a = 0;
        while (a < h->account_count && strcmp(h->accounts[a].currency, cur))
            a++;
        if (a == h->account_count) {
            if (a == AR_MAX_ACCOUNTS)
                return ar_diag_set(d, AR_ERR_LAYOUT, f->path, p->line, NULL,
                                   "more than %d currencies with a bank "
                                   "account",
                                   AR_MAX_ACCOUNTS);
            ar_bank_account *acct = &h->accounts[h->account_count++];
            *acct = (ar_bank_account){.bank_name = "", .account_holder = "",
                                      .iban = "", .bic = "",
                                      .account_number = "", .bank_code = "",
                                      .bank_code_label = ""};
            memcpy(acct->currency, cur, 4);
        }
        ar_bank_account *acct = &h->accounts[a];
        const char **slot[AF_COUNT] = {
            &acct->bank_name, &acct->account_holder, &acct->iban, &acct->bic,
            &acct->account_number, &acct->bank_code, &acct->bank_code_label};
        *slot[field] = ar_layout_pool_str(&l->pool, p->value, strlen(p->value));
        if (field == AF_IBAN && p->value[0] && !iban_valid(p->value))
            return ar_diag_set(d, AR_ERR_LAYOUT, f->path, p->line, p->key,
                               "\"%s\" is not a valid IBAN (checksum)",
                               p->value);
    }
    for (size_t a = 0; a < h->account_count; a++) {
        const ar_bank_account *acct = &h->accounts[a];
        if (!acct->iban[0] && !acct->account_number[0])
            return ar_diag_set(d, AR_ERR_LAYOUT, f->path, 0, NULL,
                               "the %s account needs iban_%s or "
                               "account_number_%s",
                               acct->currency, acct->currency,
                               acct->currency);
    }
    return AR_OK;
}

static ar_err load_letterhead(ar_layout *l, ar_diag *d)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/letterhead.txt", l->dir);
    ar_layout_file f;
    ar_err err = ar_layout_file_read(&f, path, false, d);
    if (err == AR_OK)
        err = load_accounts(l, &f, d);
    if (err != AR_OK)
        goto out;
    ar_letterhead *h = &l->head;
    h->company = value_or(&f, "company", NULL, l);
    if (!h->company) {
        err = ar_diag_set(d, AR_ERR_LAYOUT, path, 0, "company",
                          "the company name is required");
        goto out;
    }
    h->address_lines = split_lines(l, value_or(&f, "address", "", l),
                                   h->address, 4);
    h->country = value_or(&f, "country", "", l);
    h->return_line = value_or(&f, "return_line", NULL, l);
    h->phone = value_or(&f, "phone", "", l);
    h->email = value_or(&f, "email", "", l);
    h->web = value_or(&f, "web", "", l);
    h->legal_lines = split_lines(l, value_or(&f, "legal", "", l), h->legal, 3);
    const char *holder = value_or(&f, "account_holder", h->company, l);
    for (size_t i = 0; i < h->account_count; i++)
        if (!h->accounts[i].account_holder[0])
            h->accounts[i].account_holder = holder;
    h->logo = resolve_path(l, value_or(&f, "logo", NULL, l));
    h->logo_width_mm = 40;
    const ar_layout_kv *w = ar_layout_file_find(&f, "logo_width_mm");
    if (w) {
        char *end;
        h->logo_width_mm = strtod(w->value, &end);
        if (*end || h->logo_width_mm < 5 || h->logo_width_mm > 80) {
            err = ar_diag_set(d, AR_ERR_LAYOUT, path, w->line,
                              "logo_width_mm",
                              "expected a width from 5 to 80 mm");
            goto out;
        }
    }
    if ((err = parse_color(&f, "color_primary", 0x1F4E79, &h->color_primary,
                           d)) != AR_OK ||
        (err = parse_color(&f, "color_text", 0x1A1A1A, &h->color_text, d)) !=
            AR_OK ||
        (err = parse_color(&f, "color_muted", 0x666666, &h->color_muted, d)) !=
            AR_OK ||
        (err = parse_color(&f, "color_rule", 0xB0B7C3, &h->color_rule, d)) !=
            AR_OK)
        goto out;
    h->font_regular = resolve_path(
        l, value_or(&f, "font_regular",
                    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", l));
    h->font_bold = resolve_path(
        l, value_or(&f, "font_bold",
                    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
                    l));
    /* #19: a CJK font, so that a Japanese, Chinese or Korean name prints;
     * "none" leaves it out */
    h->font_fallback = path_or_none(l, &f, "font_fallback", AR_FALLBACK_FONT);
    /* PDF/A-1b: the output intent's profile; "none" makes plain PDFs */
    h->icc_profile = path_or_none(l, &f, "icc_profile",
                                  "/usr/share/color/icc/sRGB.icc");
    const char *qr = value_or(&f, "qr", "yes", l);
    h->qr = strcasecmp(qr, "yes") == 0 || strcasecmp(qr, "y") == 0 ||
            strcasecmp(qr, "true") == 0 || strcmp(qr, "1") == 0;
    if (!h->return_line) {
        /* DIN 5008: the sender in one small line above the recipient */
        char buf[600];
        int n = snprintf(buf, sizeof buf, "%s", h->company);
        for (size_t i = 0; i < h->address_lines && n < (int)sizeof buf; i++)
            n += snprintf(buf + n, sizeof buf - n, " \xC2\xB7 %s",
                          h->address[i]);
        h->return_line = ar_layout_pool_str(&l->pool, buf, strlen(buf));
    }
out:
    ar_layout_file_fini(&f);
    return err;
}

/* ---- countries -------------------------------------------------------- */

/* postal.txt: "CC: format" for the countries that do not write
 * "{postal_code} {city}"; the names come from iso-codes in every
 * language loaded. */
static ar_err load_countries(ar_layout *l, ar_diag *d)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/postal.txt", l->dir);
    ar_layout_file f;
    ar_err err = ar_layout_file_read(&f, path, false, d);
    for (size_t i = 0; err == AR_OK && i < f.pair_count; i++) {
        const ar_layout_kv *p = &f.pairs[i];
        if (strlen(p->key) != 2 || l->country_count == MAX_COUNTRIES) {
            err = ar_diag_set(d, AR_ERR_LAYOUT, path, p->line, NULL,
                              "expected a two-letter country code");
            break;
        }
        ar_country *c = &l->countries[l->country_count++];
        c->code[0] = (char)toupper((unsigned char)p->key[0]);
        c->code[1] = (char)toupper((unsigned char)p->key[1]);
        err = ar_layout_parse_text(&l->pool, p->value, postal_names, 3,
                                   &c->postal, path, p->line, d);
    }
    ar_layout_file_fini(&f);
    if (err != AR_OK)
        return err;
    const char *langs[MAX_LANGS];
    for (size_t i = 0; i < l->lang_count; i++)
        langs[i] = l->langs[i]->code;
    return ar_countries_load(AR_ISO3166_JSON, AR_LOCALE_DIR, langs,
                             l->lang_count, &l->names, d);
}

/* ---- languages -------------------------------------------------------- */

static ar_err load_lang(ar_layout *l, const char *code, ar_diag *d)
{
    if (l->lang_count == MAX_LANGS)
        return ar_diag_set(d, AR_ERR_LAYOUT, l->dir, 0, NULL,
                           "more than %d languages", MAX_LANGS);
    ar_lang *g = ar_layout_pool_keep(&l->pool, ar_xcalloc(1, sizeof *g));
    snprintf(g->code, sizeof g->code, "%s", code);
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/letters/%s", l->dir, code);
    ar_err err = ar_lang_load(&l->pool, g, dir, d);
    if (err == AR_OK) {
        l->langs[l->lang_count++] = g;
        if (strcmp(code, "en") == 0)
            l->english = g;
    }
    return err;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static ar_err load_langs(ar_layout *l, ar_diag *d)
{
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/letters", l->dir);
    DIR *dp = opendir(dir);
    if (!dp)
        return ar_diag_set(d, AR_ERR_IO, dir, 0, NULL, "cannot read: %s",
                           strerror(errno));
    char *names[MAX_LANGS + 1];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dp)) && n <= MAX_LANGS) {
        size_t len = strlen(e->d_name);
        bool code = len >= 2 && len <= 8;
        for (size_t i = 0; i < len && code; i++)
            code = islower((unsigned char)e->d_name[i]) || e->d_name[i] == '-';
        if (code)
            names[n++] = ar_xstrdup(e->d_name);
    }
    closedir(dp);
    qsort(names, n, sizeof *names, cmp_str); /* a stable order */
    ar_err err = AR_OK;
    for (size_t i = 0; i < n; i++) {
        if (err == AR_OK)
            err = load_lang(l, names[i], d);
        free(names[i]);
    }
    if (err == AR_OK && !l->english)
        err = ar_diag_set(d, AR_ERR_LAYOUT, dir, 0, NULL,
                          "English (letters/en/) is required: it is the "
                          "fallback language");
    return err;
}

/* ---- public ----------------------------------------------------------- */

ar_err ar_layout_company(const char *dir, char *buf, size_t size,
                         ar_diag *d)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/letterhead.txt", dir);
    ar_layout_file f;
    ar_err err = ar_layout_file_read(&f, path, false, d);
    const ar_layout_kv *kv = err == AR_OK ? ar_layout_file_find(&f, "company")
                                          : NULL;
    snprintf(buf, size, "%s", kv ? kv->value : "");
    ar_layout_file_fini(&f);
    return err;
}

const char *ar_layout_default_dir(void)
{
    const char *env = getenv("ARBATCH_LAYOUTS");
    if (env && *env)
        return env;
    struct stat st;
    if (stat("layouts/letterhead.txt", &st) == 0)
        return "layouts";
    /* a checkout's build/arbatch run from another directory: the layouts
     * beside the build (an installed binary has AR_LAYOUTS_DIR) */
    static char beside[4096];
    ssize_t n = readlink("/proc/self/exe", beside, sizeof beside - 64);
    if (n > 0) {
        beside[n] = '\0';
        char *slash = strrchr(beside, '/');
        if (slash) {
            snprintf(slash, sizeof beside - (size_t)(slash - beside),
                     "/../layouts");
            char probe[sizeof beside + 32];
            snprintf(probe, sizeof probe, "%s/letterhead.txt", beside);
            if (stat(probe, &st) == 0)
                return beside;
        }
    }
    return AR_LAYOUTS_DIR;
}

ar_err ar_layout_load(const char *dir, ar_layout **out, ar_diag *d)
{
    ar_layout *l = ar_xcalloc(1, sizeof *l);
    snprintf(l->dir, sizeof l->dir, "%s", dir);
    ar_err err = load_letterhead(l, d);
    if (err == AR_OK)
        err = load_langs(l, d);
    if (err == AR_OK)
        err = load_countries(l, d);
    if (err != AR_OK) {
        ar_layout_free(l);
        l = NULL;
    }
    *out = l;
    return err;
}

void ar_layout_free(ar_layout *l)
{
    if (!l)
        return;
    ar_layout_pool_fini(&l->pool);
    ar_countries_free(l->names);
    free(l);
}

const ar_letterhead *ar_layout_letterhead(const ar_layout *l)
{
    return &l->head;
}

const ar_lang *ar_layout_lang(const ar_layout *l, const char *language,
                              bool *fallback)
{
    *fallback = false;
    char code[16];
    size_t n = 0;
    for (const char *p = language; *p && *p != '-' && *p != '_' &&
                                   n + 1 < sizeof code;
         p++)
        code[n++] = (char)tolower((unsigned char)*p);
    code[n] = '\0';
    if (n == 0)
        return l->english;
    for (size_t i = 0; i < l->lang_count; i++)
        if (strcmp(l->langs[i]->code, code) == 0)
            return l->langs[i];
    *fallback = true;
    return l->english;
}

const ar_bank_account *ar_letterhead_account(const ar_letterhead *h,
                                             const char *currency)
{
    for (size_t i = 0; i < h->account_count; i++)
        if (strcmp(h->accounts[i].currency, currency) == 0)
            return &h->accounts[i];
    return NULL;
}

const char *ar_letterhead_sample_account(const ar_letterhead *h)
{
    /* without blanks, upper case: the examples of the IBAN registry and
     * of the banks' documentation, which layouts/letterhead.txt uses */
    static const char *const samples[] = {
        "DE89370400440532013000", "GB29NWBK60161331926819",
        "GB82WEST12345698765432", "FR1420041010050500013M02606",
        "NL91ABNA0417164300",     "CH9300762011623852957",
        "AT611904300234573201",   "BE68539007547034",
        "ES9121000418450200051332", "IT60X0542811101000000123456",
        "GB33BUKB20201555555555", "DE75512108001245126199",
        "DE02120300000000202051", "DE02100100100006820101",
        "FR7630006000011234567890189", "NL02ABNA0123456789"};
    for (size_t i = 0; i < h->account_count; i++) {
        const char *iban = h->accounts[i].iban;
        if (!iban)
            continue;
        char norm[40];
        size_t n = 0;
        for (const char *c = iban; *c && n + 1 < sizeof norm; c++)
            if (*c != ' ')
                norm[n++] = (char)toupper((unsigned char)*c);
        norm[n] = '\0';
        for (size_t k = 0; k < sizeof samples / sizeof *samples; k++)
            if (strcmp(norm, samples[k]) == 0)
                return h->accounts[i].currency;
    }
    return NULL;
}

const ar_country *ar_layout_country(const ar_layout *l, const char *code)
{
    for (size_t i = 0; i < l->country_count; i++)
        if (strcasecmp(l->countries[i].code, code) == 0)
            return &l->countries[i];
    return NULL;
}

const char *ar_layout_country_name(const ar_layout *l, const char *code,
                                   const ar_lang *g)
{
    return ar_countries_name(l->names, code, g ? g->code : "en");
}

size_t ar_layout_lang_count(const ar_layout *l) { return l->lang_count; }

const ar_lang *ar_layout_lang_at(const ar_layout *l, size_t i)
{
    return l->langs[i];
}

const ar_template *ar_lang_template(const ar_lang *g, int stage, bool vip)
{
    if (stage < 1)
        stage = 1;
    if (stage > AR_STAGES)
        stage = AR_STAGES;
    return vip ? &g->vip[stage - 1] : &g->stage[stage - 1];
}

ar_err ar_layout_digest(const char *dir, char hex[65], ar_diag *d)
{
    char tree[65];
    ar_err err = ar_sha256_tree(dir, tree, d);
    ar_layout *layout = NULL;
    if (err == AR_OK)
        err = ar_layout_load(dir, &layout, d);
    if (err != AR_OK)
        return err;
    /* the files the letterhead names outside the directory: the fonts,
     * the colour profile and the logo, by their bytes */
    const ar_letterhead *h = ar_layout_letterhead(layout);
    const char *files[] = {h->font_regular, h->font_bold, h->font_fallback,
                           h->icc_profile, h->logo};
    char all[6 * 66] = "";
    snprintf(all, sizeof all, "%s", tree);
    for (size_t i = 0; i < sizeof files / sizeof *files && err == AR_OK;
         i++) {
        char one[65] = "-";
        if (files[i])
            err = ar_sha256_file(files[i], one, d);
        snprintf(all + strlen(all), sizeof all - strlen(all), " %s", one);
    }
    ar_layout_free(layout);
    if (err == AR_OK)
        ar_sha256_hex(all, strlen(all), hex);
    return err;
}
