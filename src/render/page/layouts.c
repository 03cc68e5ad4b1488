/* layout.c - reads layouts/ once per run: letterhead, countries, and per
 * language the strings and letter templates (format in layout.h). */
#include "ar/render/page/layouts.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ar/base/utf8.h"

#ifndef AR_LAYOUTS_DIR
#define AR_LAYOUTS_DIR "/usr/local/share/arbatch/layouts"
#endif

#define MAX_FILE_BYTES (1L << 20) /* a layout file is a few kB */
#define MAX_LANGS 64
#define MAX_COUNTRIES 300

static const char *const var_names[AR_VAR_COUNT_] = {
    [AR_VAR_CLIENT_NAME] = "client_name",
    [AR_VAR_CLIENT_ID] = "client_id",
    [AR_VAR_CONTACT] = "contact",
    [AR_VAR_GREETING_NAME] = "greeting_name",
    [AR_VAR_AMOUNT_DUE] = "amount_due",
    [AR_VAR_OVERDUE] = "overdue",
    [AR_VAR_CREDITS] = "credits",
    [AR_VAR_FEE] = "fee",
    [AR_VAR_INTEREST] = "interest",
    [AR_VAR_INTEREST_RATE] = "interest_rate",
    [AR_VAR_PAY_BY] = "pay_by",
    [AR_VAR_DATE] = "date",
    [AR_VAR_REFERENCE] = "reference",
    [AR_VAR_STAGE] = "stage",
    [AR_VAR_STAGE_NAME] = "stage_name",
    [AR_VAR_ACCOUNT_MANAGER] = "account_manager",
    [AR_VAR_COMPANY] = "company",
    [AR_VAR_COMPANY_PHONE] = "company_phone",
    [AR_VAR_COMPANY_EMAIL] = "company_email",
    [AR_VAR_ITEM_COUNT] = "item_count",
    [AR_VAR_MAX_DAYS] = "max_days",
    [AR_VAR_OLDEST_DUE] = "oldest_due",
    [AR_VAR_CURRENCY] = "currency",
    [AR_VAR_DISPUTED] = "disputed",
    [AR_VAR_PAGE] = "page",
    [AR_VAR_PAGES] = "pages",
};

static const char *const cond_names[AR_COND_COUNT_] = {
    [AR_COND_AGENCY] = "agency",
    [AR_COND_AGENCY_POSSIBLE] = "agency_possible",
    [AR_COND_LEGAL] = "legal",
    [AR_COND_SUSPEND] = "suspend",
    [AR_COND_CALL] = "call",
    [AR_COND_ACCOUNT_MANAGER] = "account_manager",
    [AR_COND_FEE] = "fee",
    [AR_COND_INTEREST] = "interest",
    [AR_COND_CREDITS] = "credits",
    [AR_COND_DISPUTED] = "disputed",
    [AR_COND_NOT_YET_DUE] = "not_yet_due",
    [AR_COND_VIP] = "vip",
    [AR_COND_HIGH_RISK] = "high_risk",
    [AR_COND_CONTACT] = "contact",
};

/* strings.txt keys; raw ones are formats, not texts with placeholders */
static const struct {
    const char *key;
    bool raw;
} str_keys[AR_S_COUNT_] = {
    [AR_S_LANGUAGE] = {"language", true},
    [AR_S_DECIMAL_MARK] = {"decimal_mark", true},
    [AR_S_GROUP_MARK] = {"group_mark", true},
    [AR_S_AMOUNT_FORMAT] = {"amount_format", true},
    [AR_S_AMOUNT_FORMAT_CODE] = {"amount_format_code", true},
    [AR_S_DATE_SHORT] = {"date_short", true},
    [AR_S_DATE_LONG] = {"date_long", true},
    [AR_S_MONTHS] = {"months", true},
    [AR_S_MONTHS_SHORT] = {"months_short", true},
    [AR_S_STAGE1] = {"stage1", false},
    [AR_S_STAGE2] = {"stage2", false},
    [AR_S_STAGE3] = {"stage3", false},
    [AR_S_STAGE4] = {"stage4", false},
    [AR_S_STAGE5] = {"stage5", false},
    [AR_S_VIP_STAGE1] = {"vip_stage1", false},
    [AR_S_VIP_STAGE2] = {"vip_stage2", false},
    [AR_S_VIP_STAGE3] = {"vip_stage3", false},
    [AR_S_VIP_STAGE4] = {"vip_stage4", false},
    [AR_S_VIP_STAGE5] = {"vip_stage5", false},
    [AR_S_INFO_DATE] = {"info_date", false},
    [AR_S_INFO_REFERENCE] = {"info_reference", false},
    [AR_S_INFO_CLIENT] = {"info_client", false},
    [AR_S_INFO_CONTACT] = {"info_contact", false},
    [AR_S_INFO_PHONE] = {"info_phone", false},
    [AR_S_INFO_EMAIL] = {"info_email", false},
    [AR_S_COL_NUMBER] = {"col_number", false},
    [AR_S_COL_DATE] = {"col_date", false},
    [AR_S_COL_DUE] = {"col_due", false},
    [AR_S_COL_DAYS] = {"col_days", false},
    [AR_S_COL_ORIGINAL] = {"col_original", false},
    [AR_S_COL_OPEN] = {"col_open", false},
    [AR_S_COL_NOTE] = {"col_note", false},
    [AR_S_UNDER_REVIEW] = {"under_review", false},
    [AR_S_NOT_YET_DUE] = {"not_yet_due", false},
    [AR_S_CREDITS_TITLE] = {"credits_title", false},
    [AR_S_CREDIT_ROW] = {"credit_row", false},
    [AR_S_SUM_PAST_DUE] = {"sum_past_due", false},
    [AR_S_SUM_CREDITS] = {"sum_credits", false},
    [AR_S_SUM_FEE] = {"sum_fee", false},
    [AR_S_SUM_INTEREST] = {"sum_interest", false},
    [AR_S_SUM_TOTAL] = {"sum_total", false},
    [AR_S_SUM_REVIEW] = {"sum_review", false},
    [AR_S_SUM_NOT_DUE] = {"sum_not_due", false},
    [AR_S_OTHER_CURRENCY] = {"other_currency", false},
    [AR_S_PAYMENT_TITLE] = {"payment_title", false},
    [AR_S_PAYMENT_TEXT] = {"payment_text", false},
    [AR_S_BANK_HOLDER] = {"bank_holder", false},
    [AR_S_BANK_IBAN] = {"bank_iban", false},
    [AR_S_BANK_BIC] = {"bank_bic", false},
    [AR_S_BANK_NAME] = {"bank_name", false},
    [AR_S_BANK_REFERENCE] = {"bank_reference", false},
    [AR_S_BANK_AMOUNT] = {"bank_amount", false},
    [AR_S_QR_LABEL] = {"qr_label", false},
    [AR_S_CONTACT_LINE] = {"contact_line", false},
    [AR_S_PAGE_OF] = {"page_of", false},
    [AR_S_CONTINUED] = {"continued", false},
    [AR_S_TABLE_CONTINUES] = {"table_continues", false},
    [AR_S_GREETING_DEFAULT] = {"greeting_default", false},
    [AR_S_CLOSING] = {"closing", false},
    [AR_S_SIGNATURE_TEAM] = {"signature_team", false},
    [AR_S_SAMPLE] = {"sample", false},
};

static const char *const letterhead_keys[] = {
    "company", "address", "country", "return_line", "phone", "email",
    "web", "legal", "bank_name", "account_holder", "iban", "bic", "logo",
    "logo_width_mm", "color_primary", "color_text", "color_muted",
    "color_rule", "font_regular", "font_bold", "font_fallback", "qr", NULL};

static const char *const template_keys[] = {
    "subject", "greeting", "closing", "signature", "signature_title", NULL};

static const char *const postal_names[] = {"postal_code", "city", "region"};

struct ar_layout {
    char dir[1024];
    void **pool;            /* every allocation, freed together */
    size_t pool_count, pool_cap;
    ar_letterhead head;
    ar_lang *langs[MAX_LANGS];
    size_t lang_count;
    const ar_lang *english;
    ar_country countries[MAX_COUNTRIES];
    size_t country_count;
};

/* ---- memory ----------------------------------------------------------- */

static void *keep(ar_layout *l, void *p)
{
    ar_xgrow((void **)&l->pool, &l->pool_cap, l->pool_count + 1,
             sizeof *l->pool);
    l->pool[l->pool_count++] = p;
    return p;
}

static char *keep_str(ar_layout *l, const char *s, size_t n)
{
    return keep(l, ar_xstrndup(s, n));
}

/* ---- the file format -------------------------------------------------- */

typedef struct kv {
    const char *key, *value;
    long line;
} kv;

/* A file split into header pairs and body lines; text points into buf. */
typedef struct doc {
    char path[1024];
    char *buf;
    kv *pairs;
    size_t pair_count, pair_cap;
    char **body;            /* body lines (blank ones are "") */
    long *body_line;
    size_t body_count, body_cap, line_cap;
} doc;

static void doc_fini(doc *f)
{
    free(f->buf);
    free(f->pairs);
    free(f->body);
    free(f->body_line);
    memset(f, 0, sizeof *f);
}

static bool valid_utf8(const char *s, long *bad_line)
{
    long line = 1;
    while (*s) {
        if (*s == '\n')
            line++;
        uint32_t c = ar_utf8_next(&s);
        if (c == 0xFFFD && !(s[-1] == '\xBD' && s[-2] == '\xBF')) {
            *bad_line = line;
            return false;
        }
    }
    return true;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Read path into f. body false: a header-only file, where every line is
 * "key: value" (blank lines allowed). */
static ar_err doc_read(doc *f, const char *path, bool body, ar_diag *d)
{
    memset(f, 0, sizeof *f);
    snprintf(f->path, sizeof f->path, "%s", path);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return ar_diag_set(d, AR_ERR_IO, path, 0, NULL, "cannot read: %s",
                           strerror(errno));
    f->buf = ar_xmalloc(MAX_FILE_BYTES + 1);
    size_t n = fread(f->buf, 1, MAX_FILE_BYTES + 1, fp);
    bool bad = ferror(fp) != 0;
    fclose(fp);
    if (bad)
        return ar_diag_set(d, AR_ERR_IO, path, 0, NULL, "cannot read");
    if (n > MAX_FILE_BYTES)
        return ar_diag_set(d, AR_ERR_LAYOUT, path, 0, NULL,
                           "larger than 1 MB: not a layout file");
    f->buf[n] = '\0';
    if (memchr(f->buf, '\0', n))
        return ar_diag_set(d, AR_ERR_LAYOUT, path, 0, NULL,
                           "NUL byte: not a text file");
    long bad_line = 0;
    char *text = f->buf;
    if (strncmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3;
    if (!valid_utf8(text, &bad_line))
        return ar_diag_set(d, AR_ERR_LAYOUT, path, bad_line, NULL,
                           "invalid UTF-8");
    bool in_header = true;
    long line = 0;
    for (char *p = text; p && *p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        line++;
        char *s = trim(p);
        p = nl ? nl + 1 : NULL;
        if (s[0] == '#')
            continue;
        if (in_header && s[0] == '\0') {
            if (body && f->pair_count > 0)
                in_header = false;
            continue;
        }
        if (in_header) {
            char *colon = strchr(s, ':');
            if (!colon || colon == s)
                return ar_diag_set(d, AR_ERR_LAYOUT, path, line, NULL,
                                   "expected \"key: value\"");
            *colon = '\0';
            char *key = trim(s);
            for (const char *k = key; *k; k++)
                if (!isalnum((unsigned char)*k) &&
                    *k != '_')
                    return ar_diag_set(d, AR_ERR_LAYOUT, path, line, NULL,
                                       "bad key \"%s\"", key);
            for (size_t i = 0; i < f->pair_count; i++)
                if (strcmp(f->pairs[i].key, key) == 0)
                    return ar_diag_set(d, AR_ERR_LAYOUT, path, line, NULL,
                                       "key \"%s\" given twice (line %ld)",
                                       key, f->pairs[i].line);
            ar_xgrow((void **)&f->pairs, &f->pair_cap, f->pair_count + 1,
                     sizeof *f->pairs);
            f->pairs[f->pair_count++] = (kv){key, trim(colon + 1), line};
        } else {
            ar_xgrow((void **)&f->body, &f->body_cap, f->body_count + 1,
                     sizeof *f->body);
            ar_xgrow((void **)&f->body_line, &f->line_cap,
                     f->body_count + 1, sizeof *f->body_line);
            f->body_line[f->body_count] = line;
            f->body[f->body_count++] = s;
        }
    }
    return AR_OK;
}

static ar_err check_keys(const doc *f, const char *const *allowed,
                         ar_diag *d)
{
    for (size_t i = 0; i < f->pair_count; i++) {
        bool ok = false;
        for (const char *const *k = allowed; *k && !ok; k++)
            ok = strcmp(*k, f->pairs[i].key) == 0;
        if (!ok)
            return ar_diag_set(d, AR_ERR_LAYOUT, f->path, f->pairs[i].line,
                               NULL, "unknown key \"%s\"", f->pairs[i].key);
    }
    return AR_OK;
}

static const kv *find(const doc *f, const char *key)
{
    for (size_t i = 0; i < f->pair_count; i++)
        if (strcmp(f->pairs[i].key, key) == 0)
            return &f->pairs[i];
    return NULL;
}

/* Parse s into parts: {name} from names[0..n), *bold*, "**" and "{{" are
 * literal '*' and '{'. */
static ar_err parse_text(ar_layout *l, const char *s, const char *const *names,
                         size_t n, ar_ttext *out, const char *path, long line,
                         ar_diag *d)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0;
    bool bold = false;
    char *lit = keep(l, ar_xmalloc(strlen(s) + 1)); /* literal bytes */
    size_t lit_len = 0, lit_start = 0;
#define FLUSH()                                                              \
    do {                                                                     \
        if (lit_len > lit_start) {                                           \
            ar_xgrow((void **)&out->parts, &cap, out->count + 1,             \
                     sizeof *out->parts);                                    \
            out->parts[out->count++] =                                       \
                (ar_tpart){lit + lit_start, lit_len - lit_start, -1, bold};  \
        }                                                                    \
        lit_start = lit_len;                                                 \
    } while (0)
    for (const char *p = s; *p; p++) {
        if ((p[0] == '*' && p[1] == '*') || (p[0] == '{' && p[1] == '{')) {
            lit[lit_len++] = *p++;
        } else if (*p == '*') {
            FLUSH();
            bold = !bold;
        } else if (*p == '{') {
            const char *end = strchr(p, '}');
            if (!end) {
                free(out->parts);
                return ar_diag_set(d, AR_ERR_LAYOUT, path, line, NULL,
                                   "'{' without '}'");
            }
            size_t k = 0;
            while (k < n && !(strlen(names[k]) == (size_t)(end - p - 1) &&
                              strncmp(names[k], p + 1, end - p - 1) == 0))
                k++;
            if (k == n) {
                free(out->parts);
                return ar_diag_set(d, AR_ERR_LAYOUT, path, line, NULL,
                                   "unknown placeholder {%.*s}",
                                   (int)(end - p - 1), p + 1);
            }
            FLUSH();
            ar_xgrow((void **)&out->parts, &cap, out->count + 1,
                     sizeof *out->parts);
            out->parts[out->count++] = (ar_tpart){NULL, 0, (int)k, bold};
            p = end;
        } else {
            lit[lit_len++] = *p;
        }
    }
    FLUSH();
#undef FLUSH
    if (out->parts)
        keep(l, out->parts);
    if (bold)
        return ar_diag_set(d, AR_ERR_LAYOUT, path, line, NULL,
                           "'*' opens bold text that is never closed");
    return AR_OK;
}

static ar_err parse_var_text(ar_layout *l, const char *s, ar_ttext *out,
                             const char *path, long line, ar_diag *d)
{
    return parse_text(l, s, var_names, AR_VAR_COUNT_, out, path, line, d);
}

/* ---- letterhead ------------------------------------------------------- */

static const char *value_or(const doc *f, const char *key, const char *dflt,
                            ar_layout *l)
{
    const kv *p = find(f, key);
    if (!p || !p->value[0])
        return dflt;
    return keep_str(l, p->value, strlen(p->value));
}

static size_t split_lines(ar_layout *l, const char *s, const char **out,
                          size_t max)
{
    size_t n = 0;
    while (s && *s && n < max) {
        const char *bar = strchr(s, '|');
        size_t len = bar ? (size_t)(bar - s) : strlen(s);
        char *part = keep_str(l, s, len);
        part = trim(part);
        if (*part)
            out[n++] = part;
        s = bar ? bar + 1 : NULL;
    }
    return n;
}

static ar_err parse_color(const doc *f, const char *key, uint32_t dflt,
                          uint32_t *out, ar_diag *d)
{
    const kv *p = find(f, key);
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
    char *p = keep(l, ar_xmalloc(n));
    snprintf(p, n, "%s/%s", l->dir, value);
    return p;
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

static ar_err load_letterhead(ar_layout *l, ar_diag *d)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/letterhead.txt", l->dir);
    doc f;
    ar_err err = doc_read(&f, path, false, d);
    if (err == AR_OK)
        err = check_keys(&f, letterhead_keys, d);
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
    h->bank_name = value_or(&f, "bank_name", "", l);
    h->account_holder = value_or(&f, "account_holder", h->company, l);
    h->iban = value_or(&f, "iban", "", l);
    h->bic = value_or(&f, "bic", "", l);
    if (h->iban[0] && !iban_valid(h->iban)) {
        err = ar_diag_set(d, AR_ERR_LAYOUT, path, find(&f, "iban")->line,
                          "iban", "\"%s\" is not a valid IBAN (checksum)",
                          h->iban);
        goto out;
    }
    h->logo = resolve_path(l, value_or(&f, "logo", NULL, l));
    h->logo_width_mm = 40;
    const kv *w = find(&f, "logo_width_mm");
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
    h->font_fallback = resolve_path(l, value_or(&f, "font_fallback", NULL, l));
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
        h->return_line = keep_str(l, buf, strlen(buf));
    }
out:
    doc_fini(&f);
    return err;
}

/* ---- countries -------------------------------------------------------- */

static ar_err load_countries(ar_layout *l, ar_diag *d)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/countries.txt", l->dir);
    doc f;
    ar_err err = doc_read(&f, path, false, d);
    for (size_t i = 0; err == AR_OK && i < f.pair_count; i++) {
        const kv *p = &f.pairs[i];
        if (strlen(p->key) != 2 || l->country_count == MAX_COUNTRIES) {
            err = ar_diag_set(d, AR_ERR_LAYOUT, path, p->line, NULL,
                              "expected a two-letter country code");
            break;
        }
        ar_country *c = &l->countries[l->country_count++];
        c->code[0] = (char)toupper((unsigned char)p->key[0]);
        c->code[1] = (char)toupper((unsigned char)p->key[1]);
        const char *semi = strchr(p->value, ';');
        char *name = keep_str(l, p->value,
                              semi ? (size_t)(semi - p->value)
                                   : strlen(p->value));
        c->name = trim(name);
        err = parse_text(l, semi ? semi + 1 : "{postal_code} {city}",
                         postal_names, 3, &c->postal, path, p->line, d);
    }
    doc_fini(&f);
    return err;
}

/* ---- languages -------------------------------------------------------- */

static ar_err load_strings(ar_layout *l, ar_lang *g, const char *dir,
                           ar_diag *d)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/strings.txt", dir);
    doc f;
    ar_err err = doc_read(&f, path, false, d);
    if (err != AR_OK)
        goto out;
    for (size_t i = 0; i < f.pair_count; i++) {
        int k = 0;
        while (k < AR_S_COUNT_ && strcmp(str_keys[k].key, f.pairs[i].key))
            k++;
        if (k == AR_S_COUNT_) {
            err = ar_diag_set(d, AR_ERR_LAYOUT, path, f.pairs[i].line, NULL,
                              "unknown key \"%s\"", f.pairs[i].key);
            goto out;
        }
    }
    for (int k = 0; k < AR_S_COUNT_; k++) {
        const kv *p = find(&f, str_keys[k].key);
        if (!p) {
            err = ar_diag_set(d, AR_ERR_LAYOUT, path, 0, NULL,
                              "key \"%s\" is missing", str_keys[k].key);
            goto out;
        }
        if (str_keys[k].raw) {
            /* formats: one literal part holding the raw value */
            char *v = keep_str(l, p->value, strlen(p->value));
            ar_tpart *part = keep(l, ar_xmalloc(sizeof *part));
            *part = (ar_tpart){v, strlen(v), -1, false};
            g->str[k] = (ar_ttext){part, 1};
        } else if ((err = parse_var_text(l, p->value, &g->str[k], path,
                                         p->line, d)) != AR_OK) {
            goto out;
        }
    }
    /* marks: "nbsp" and "space" name the blanks that are hard to see */
    const char *marks[2] = {find(&f, "decimal_mark")->value,
                            find(&f, "group_mark")->value};
    char *outs[2] = {g->decimal_mark, g->group_mark};
    for (int i = 0; i < 2; i++) {
        const char *m = marks[i];
        if (strcmp(m, "nbsp") == 0)
            m = "\xC2\xA0";
        else if (strcmp(m, "space") == 0)
            m = " ";
        else if (strcmp(m, "none") == 0)
            m = "";
        snprintf(outs[i], sizeof g->decimal_mark, "%s", m);
    }
    const char *lists[2] = {find(&f, "months")->value,
                            find(&f, "months_short")->value};
    const char **names[2] = {g->months, g->months_short};
    for (int i = 0; i < 2; i++) {
        const char *s = lists[i];
        int n = 0;
        while (s && n < 12) {
            const char *comma = strchr(s, ',');
            char *name = keep_str(l, s, comma ? (size_t)(comma - s)
                                              : strlen(s));
            names[i][n++] = trim(name);
            s = comma ? comma + 1 : NULL;
        }
        if (n != 12 || s) {
            err = ar_diag_set(d, AR_ERR_LAYOUT, path, 0,
                              i ? "months_short" : "months",
                              "expected 12 names separated by commas");
            goto out;
        }
    }
out:
    doc_fini(&f);
    return err;
}

/* "[if agency][unless vip] text": conditions into need/forbid. */
static ar_err parse_conditions(char **text, ar_para *p, const char *path,
                               long line, ar_diag *d)
{
    char *s = *text;
    while (*s == '[') {
        char *end = strchr(s, ']');
        bool neg = strncmp(s, "[unless ", 8) == 0;
        if (!end || (!neg && strncmp(s, "[if ", 4) != 0))
            return ar_diag_set(d, AR_ERR_LAYOUT, path, line, NULL,
                               "expected [if condition] or [unless "
                               "condition]");
        const char *name = s + (neg ? 8 : 4);
        size_t len = (size_t)(end - name);
        int c = 0;
        while (c < AR_COND_COUNT_ && !(strlen(cond_names[c]) == len &&
                                       strncmp(cond_names[c], name, len) == 0))
            c++;
        if (c == AR_COND_COUNT_)
            return ar_diag_set(d, AR_ERR_LAYOUT, path, line, NULL,
                               "unknown condition \"%.*s\"", (int)len, name);
        if (neg)
            p->forbid |= 1u << c;
        else
            p->need |= 1u << c;
        s = end + 1;
        while (*s == ' ')
            s++;
    }
    *text = s;
    return AR_OK;
}

static ar_err load_template(ar_layout *l, ar_template *t, const char *path,
                            ar_diag *d)
{
    memset(t, 0, sizeof *t);
    snprintf(t->path, sizeof t->path, "%s", path);
    doc f;
    ar_err err = doc_read(&f, path, true, d);
    if (err == AR_OK)
        err = check_keys(&f, template_keys, d);
    if (err != AR_OK)
        goto out;
    static const char *const keys[] = {"subject", "greeting", "closing",
                                       "signature", "signature_title"};
    ar_ttext *fields[] = {&t->subject, &t->greeting, &t->closing,
                          &t->signature, &t->signature_title};
    for (size_t i = 0; i < 5; i++) {
        const kv *p = find(&f, keys[i]);
        if (!p && i < 2) {
            err = ar_diag_set(d, AR_ERR_LAYOUT, path, 0, NULL,
                              "key \"%s\" is missing", keys[i]);
            goto out;
        }
        if (p && (err = parse_var_text(l, p->value, fields[i], path, p->line,
                                       d)) != AR_OK)
            goto out;
    }
    /* paragraphs: runs of non-blank lines, joined with spaces */
    size_t cap = 0;
    for (size_t i = 0; i < f.body_count;) {
        if (!f.body[i][0]) {
            i++;
            continue;
        }
        long line = f.body_line[i];
        size_t total = 0, j = i;
        for (; j < f.body_count && f.body[j][0]; j++)
            total += strlen(f.body[j]) + 1;
        char *text = ar_xmalloc(total + 1), *w = text;
        for (size_t k = i; k < j; k++)
            w += sprintf(w, k > i ? " %s" : "%s", f.body[k]);
        i = j;
        ar_para para = {0};
        char *s = text;
        err = parse_conditions(&s, &para, path, line, d);
        if (err == AR_OK) {
            if (strcmp(s, "{items}") == 0)
                para.block = AR_BLOCK_ITEMS;
            else if (strcmp(s, "{payment}") == 0)
                para.block = AR_BLOCK_PAYMENT;
            else if (strcmp(s, "{contact}") == 0)
                para.block = AR_BLOCK_CONTACT;
            else
                err = parse_var_text(l, s, &para.text, path, line, d);
        }
        free(text);
        if (err != AR_OK)
            goto out;
        ar_xgrow((void **)&t->paras, &cap, t->para_count + 1,
                 sizeof *t->paras);
        t->paras[t->para_count++] = para;
    }
    if (t->paras)
        keep(l, t->paras);
    /* the blocks a letter must have go at the end when not placed */
    bool have[4] = {false};
    for (size_t i = 0; i < t->para_count; i++)
        have[t->paras[i].block] = true;
    ar_block want[] = {AR_BLOCK_ITEMS, AR_BLOCK_PAYMENT, AR_BLOCK_CONTACT};
    bool grew = false;
    for (size_t i = 0; i < 3; i++)
        if (!have[want[i]]) {
            if (!grew && t->paras) {
                /* paras is in the pool: copy it out to grow it */
                ar_para *copy = keep(l, ar_xmalloc((t->para_count + 3) *
                                                   sizeof *copy));
                memcpy(copy, t->paras, t->para_count * sizeof *copy);
                t->paras = copy;
            } else if (!grew) {
                t->paras = keep(l, ar_xmalloc(3 * sizeof *t->paras));
            }
            grew = true;
            t->paras[t->para_count++] = (ar_para){.block = want[i]};
        }
out:
    doc_fini(&f);
    return err;
}

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static ar_err load_lang(ar_layout *l, const char *code, ar_diag *d)
{
    if (l->lang_count == MAX_LANGS)
        return ar_diag_set(d, AR_ERR_LAYOUT, l->dir, 0, NULL,
                           "more than %d languages", MAX_LANGS);
    ar_lang *g = keep(l, ar_xcalloc(1, sizeof *g));
    snprintf(g->code, sizeof g->code, "%s", code);
    char dir[1100], path[1200];
    snprintf(dir, sizeof dir, "%s/letters/%s", l->dir, code);
    ar_err err = load_strings(l, g, dir, d);
    for (int s = 1; err == AR_OK && s <= AR_STAGES; s++) {
        snprintf(path, sizeof path, "%s/stage%d.txt", dir, s);
        err = load_template(l, &g->stage[s - 1], path, d);
    }
    /* VIP: vip<N>.txt, else the nearest lower one, else vip.txt */
    ar_template *prev = NULL;
    for (int s = 1; err == AR_OK && s <= AR_STAGES; s++) {
        snprintf(path, sizeof path, "%s/vip%d.txt", dir, s);
        if (!file_exists(path)) {
            if (prev) {
                g->vip[s - 1] = *prev;
                continue;
            }
            snprintf(path, sizeof path, "%s/vip.txt", dir);
        }
        err = load_template(l, &g->vip[s - 1], path, d);
        prev = &g->vip[s - 1];
    }
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

const char *ar_layout_default_dir(void)
{
    const char *env = getenv("ARBATCH_LAYOUTS");
    if (env && *env)
        return env;
    struct stat st;
    if (stat("layouts/letterhead.txt", &st) == 0)
        return "layouts";
    return AR_LAYOUTS_DIR;
}

ar_err ar_layout_load(const char *dir, ar_layout **out, ar_diag *d)
{
    ar_layout *l = ar_xcalloc(1, sizeof *l);
    snprintf(l->dir, sizeof l->dir, "%s", dir);
    ar_err err = load_letterhead(l, d);
    if (err == AR_OK)
        err = load_countries(l, d);
    if (err == AR_OK)
        err = load_langs(l, d);
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
    for (size_t i = 0; i < l->pool_count; i++)
        free(l->pool[i]);
    free(l->pool);
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

const ar_country *ar_layout_country(const ar_layout *l, const char *code)
{
    for (size_t i = 0; i < l->country_count; i++)
        if (strcasecmp(l->countries[i].code, code) == 0)
            return &l->countries[i];
    return NULL;
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
