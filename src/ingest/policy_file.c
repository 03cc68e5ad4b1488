/* policy_file.c - the policy file (SPEC §3-§5): the INI overlay and the
 * built-in presets (--format) over the defaults of engine/policy.c.
 *
 * libinih is included here and nowhere else. Its handler gets no line number
 * and it never calls the handler for a "[section]" line, so the text reaches
 * it through our own line reader: the reader counts lines, rejects over-long
 * ones and checks section names (an empty unknown section would otherwise
 * pass unseen). The handler records the first error; inih's return value is
 * the first line it found wrong, which also covers lines it cannot parse.
 */
#include "ar/ingest/policy_file.h"

#include "ar/ingest/close_keys.h"
#include "ar/ingest/formats.h"
#include "ar/ingest/input_keys.h"
#include "ar/ingest/letter_keys.h"
#include "ar/base/utf8.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_DAYS 36500           /* a century: beyond any real due date */
#define MAX_COUNT 1000000        /* items, cases, pages */
#define MAX_PERCENT_BP 10000     /* 100.00 % */
#define MAX_FILE_BYTES (1L << 20) /* a policy is a few kB; stops /dev/zero */

/* call_stage is an int, the other whole numbers int32_t: one store fits. */
_Static_assert(sizeof(int) == sizeof(int32_t), "int must be 32 bits");

typedef enum section {
    SEC_GENERAL,
    SEC_INPUT,
    SEC_COLUMNS,
    SEC_AGING,
    SEC_DUNNING,
    SEC_TIERS,
    SEC_ACTIONS,
    SEC_FEES,
    SEC_KPI,
    SEC_LETTERS,
    SEC_DOC_TYPES,
    SEC_CLOSE,
    SEC_COUNT_
} section;

static const char *const section_names[SEC_COUNT_] = {
    [SEC_GENERAL] = "general", [SEC_INPUT] = "input",
    [SEC_COLUMNS] = "columns", [SEC_AGING] = "aging",
    [SEC_DUNNING] = "dunning", [SEC_TIERS] = "tiers",
    [SEC_ACTIONS] = "actions", [SEC_FEES] = "fees",
    [SEC_KPI] = "kpi",         [SEC_LETTERS] = "letters",
    [SEC_DOC_TYPES] = "doc_types", [SEC_CLOSE] = "close",
};

/* How a key's value is read. */
typedef enum kind {
    KIND_WHOLE,       /* int32_t in [min, max] */
    KIND_MONEY,       /* ar_cents, 0.00 or more */
    KIND_PERCENT,     /* "2.5" percent -> int32_t basis points, [0, max] */
    KIND_BOOL,
    KIND_CURRENCY,    /* base_currency */
    KIND_APPLY,       /* apply_unapplied */
    KIND_STAGE_DAYS,  /* stage_days */
    KIND_WAIT_DAYS,   /* wait_days */
    KIND_STAGE_FEES,  /* stage_fee */
    KIND_PAGE_SIZE,   /* page_size */
} kind;

typedef struct key {
    section section;
    const char *name;
    kind kind;
    size_t offset;     /* WHOLE, MONEY, PERCENT, BOOL: field in ar_policy */
    int32_t min, max;  /* WHOLE, PERCENT */
    const char *what;  /* WHOLE: "a number of days" */
} key;

/* The key is the field's name, so the file reads like policy.h. */
#define FIELD(f) .name = #f, .offset = offsetof(ar_policy, f)
#define WHOLE(sec, f, lo, hi, w)                                          \
    { .section = sec, FIELD(f), .kind = KIND_WHOLE, .min = lo, .max = hi, \
      .what = w }
#define DAYS(sec, f, lo) WHOLE(sec, f, lo, MAX_DAYS, "a number of days")
#define MONEY(sec, f) { .section = sec, FIELD(f), .kind = KIND_MONEY }
#define BOOL(sec, f) { .section = sec, FIELD(f), .kind = KIND_BOOL }
/* Rates are written as percent ("agency_commission") into *_bp fields. */
#define PERCENT(sec, k, f)                                               \
    { .section = sec, .name = k, .offset = offsetof(ar_policy, f),       \
      .kind = KIND_PERCENT, .max = MAX_PERCENT_BP }
#define SPECIAL(sec, k, kd) { .section = sec, .name = k, .kind = kd }

/* Every key but those of [input], [columns] and [doc_types], which
 * input_keys.c reads (they describe the ledger's layout), those of
 * [close] and [aging] buckets and loss_rates (close_keys.c), and the
 * [letters] keys of letter_keys.c. Windows and days-past-due thresholds
 * start at 1; waits and allowances at 0. */
static const key keys[] = {
    SPECIAL(SEC_GENERAL, "base_currency", KIND_CURRENCY),
    SPECIAL(SEC_GENERAL, "apply_unapplied", KIND_APPLY),

    /* SPEC §6: Excel holds 1,048,576 rows, one of them the header */
    WHOLE(SEC_AGING, sheet_max_rows, 2, 1048575, "a number of rows"),

    SPECIAL(SEC_DUNNING, "stage_days", KIND_STAGE_DAYS),
    SPECIAL(SEC_DUNNING, "wait_days", KIND_WAIT_DAYS),
    MONEY(SEC_DUNNING, min_item_amount),
    MONEY(SEC_DUNNING, min_letter_amount),
    /* SPEC §5: the new pay-by date is at most 7 days after the letter */
    WHOLE(SEC_DUNNING, pay_within_days, 0, 7, "a number of days"),

    DAYS(SEC_TIERS, history_days, 1),
    DAYS(SEC_TIERS, vip_grace_days, 0),
    DAYS(SEC_TIERS, high_risk_avg_days_late, 0),
    WHOLE(SEC_TIERS, high_risk_past_due_items, 1, MAX_COUNT,
          "a number of items"),
    WHOLE(SEC_TIERS, high_risk_prior_collections, 1, MAX_COUNT,
          "a number of cases"),
    MONEY(SEC_TIERS, vip_revenue),
    DAYS(SEC_TIERS, vip_max_days_late, 0),
    DAYS(SEC_TIERS, vip_avg_days_late, 0),

    WHOLE(SEC_ACTIONS, call_stage, 1, AR_STAGES, "a stage number"),
    DAYS(SEC_ACTIONS, suspend_days, 1),
    DAYS(SEC_ACTIONS, agency_days, 1),
    DAYS(SEC_ACTIONS, agency_days_high_risk, 1),
    MONEY(SEC_ACTIONS, agency_min_balance),
    DAYS(SEC_ACTIONS, legal_days, 1),
    MONEY(SEC_ACTIONS, legal_min_balance),
    PERCENT(SEC_ACTIONS, "agency_commission", agency_commission_bp),
    BOOL(SEC_ACTIONS, agency_requires_letter),

    BOOL(SEC_FEES, fees_enabled),
    SPECIAL(SEC_FEES, "stage_fee", KIND_STAGE_FEES),
    PERCENT(SEC_FEES, "interest_rate", interest_rate_bp),

    DAYS(SEC_KPI, kpi_window_days, 1),
    DAYS(SEC_KPI, collection_days, 0),
    DAYS(SEC_KPI, retention_days, 1),
    WHOLE(SEC_KPI, trend_months, 1, 60, "a number of months"),
    PERCENT(SEC_KPI, "cei_target", cei_target_bp),
    PERCENT(SEC_KPI, "cei_amber", cei_amber_bp),
    PERCENT(SEC_KPI, "collection_rate_target", collection_rate_target_bp),
    PERCENT(SEC_KPI, "collection_rate_amber", collection_rate_amber_bp),
    DAYS(SEC_KPI, days_to_payment_target, 0),
    DAYS(SEC_KPI, days_to_payment_amber, 0),
    DAYS(SEC_KPI, dso_target, 0),
    DAYS(SEC_KPI, dso_amber, 0),
    PERCENT(SEC_KPI, "retention_target", retention_target_bp),
    PERCENT(SEC_KPI, "retention_amber", retention_amber_bp),
    PERCENT(SEC_KPI, "cost_per_recovery_target",
            cost_per_recovery_target_bp),
    PERCENT(SEC_KPI, "cost_per_recovery_amber", cost_per_recovery_amber_bp),

    SPECIAL(SEC_LETTERS, "page_size", KIND_PAGE_SIZE),
    WHOLE(SEC_LETTERS, batch_max_pages, 1, MAX_COUNT, "a number of pages"),
    /* SPEC §5: the letter date is the day it is mailed */
    WHOLE(SEC_LETTERS, mailing_lag_days, 0, 60, "a number of days"),
};

/* A key given in the file being read: where. */
typedef struct seen_key {
    section section;
    char *name;
    long line;
} seen_key;

/* State shared by the line reader and the handler during one parse. */
typedef struct load {
    ar_policy *p;     /* working copy, committed only when all is well */
    const char *text;
    size_t len;
    size_t pos;
    long line;        /* line being parsed, 1-based */
    long err_line;    /* line of the first error we found, 0 = none */
    seen_key *seen;   /* the keys of this file, each once */
    size_t nseen, seen_cap;
    char err[400];
} load;

__attribute__((format(printf, 2, 3))) static int fail(load *ld,
                                                       const char *fmt, ...)
{
    if (ld->err_line)
        return 0;
    ld->err_line = ld->line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ld->err, sizeof ld->err, fmt, ap);
    va_end(ap);
    return 0;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Trim blanks off s[0..*len) in place of the pointer and length. */
static const char *trim(const char *s, size_t *len)
{
    while (*len && is_blank(*s)) {
        s++;
        (*len)--;
    }
    while (*len && is_blank(s[*len - 1]))
        (*len)--;
    return s;
}

/* s[0..len) equals name, ignoring case and surrounding blanks. */
static bool same_name(const char *s, size_t len, const char *name)
{
    s = trim(s, &len);
    return len == strlen(name) && strncasecmp(s, name, len) == 0;
}

static int find_section(const char *s, size_t len)
{
    for (int i = 0; i < SEC_COUNT_; i++)
        if (same_name(s, len, section_names[i]))
            return i;
    return -1;
}

/* "a, b, c" for a message. */
static void join_names(const char *const *names, int n, char *buf,
                       size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s",
                                 i ? ", " : "", names[i]);
}

static void set_text(char *dst, size_t size, const char *src)
{
    memset(dst, 0, size);
    snprintf(dst, size, "%s", src);
}

/* A whole number of decimal digits, blanks around it allowed. */
static bool parse_whole(const char *s, size_t len, int32_t *out)
{
    s = trim(s, &len);
    if (!len)
        return false;
    int64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
        if (v > INT32_MAX)
            return false;
    }
    *out = (int32_t)v;
    return true;
}

/* An amount of 0.00 or more, '.' decimals (the policy file is ours). */
static bool parse_amount(const char *s, size_t len, ar_cents *out)
{
    s = trim(s, &len);
    ar_cents v;
    if (!len || ar_money_parse(s, len, '.', &v) != AR_OK || v < 0)
        return false;
    *out = v;
    return true;
}

/* A percentage with at most 2 decimals ("2.5", "2.5 %") in basis points:
 * hundredths of a percent, so the amount parser's cents fit exactly. */
static bool parse_percent(const char *s, int32_t max_bp, int32_t *out)
{
    size_t len = strlen(s);
    s = trim(s, &len);
    if (len && s[len - 1] == '%') {
        len--;
        s = trim(s, &len);
    }
    if (!len || strspn(s, "0123456789.") < len)
        return false;
    ar_cents bp;
    if (ar_money_parse(s, len, '.', &bp) != AR_OK || bp > max_bp)
        return false;
    *out = (int32_t)bp;
    return true;
}

/* Split s at commas into at most max items; -1 when there are more. */
static int split_list(const char *s, const char **item, size_t *len, int max)
{
    int n = 0;
    for (;;) {
        const char *comma = strchr(s, ',');
        size_t l = comma ? (size_t)(comma - s) : strlen(s);
        if (n == max)
            return -1;
        item[n] = s;
        len[n++] = l;
        if (!comma)
            return n;
        s = comma + 1;
    }
}

/* Between min_n and max_n whole numbers of days in [lo, MAX_DAYS], strictly
 * increasing if asked. Returns how many, or -1. */
static int parse_days(const char *s, int32_t *out, int min_n, int max_n,
                      int32_t lo, bool increasing)
{
    const char *item[AR_MAX_BUCKETS];
    size_t len[AR_MAX_BUCKETS];
    int n = split_list(s, item, len, max_n);
    if (n < min_n)
        return -1;
    for (int i = 0; i < n; i++) {
        if (!parse_whole(item[i], len[i], &out[i]) || out[i] < lo ||
            out[i] > MAX_DAYS || (increasing && i && out[i] <= out[i - 1]))
            return -1;
    }
    return n;
}

static int set_value(load *ld, const key *k, const char *v)
{
    ar_policy *p = ld->p;
    char *field = (char *)p + k->offset;
    int32_t days[AR_MAX_BUCKETS];

    switch (k->kind) {
    case KIND_WHOLE: {
        int32_t n;
        if (!parse_whole(v, strlen(v), &n) || n < k->min || n > k->max)
            return fail(ld,
                        "key '%s': expected %s from %ld to %ld, got \"%s\"",
                        k->name, k->what, (long)k->min, (long)k->max, v);
        memcpy(field, &n, sizeof n);
        return 1;
    }
    case KIND_MONEY: {
        ar_cents c;
        if (!parse_amount(v, strlen(v), &c))
            return fail(ld,
                        "key '%s': expected an amount of 0.00 or more "
                        "(such as 5.00), got \"%s\"",
                        k->name, v);
        memcpy(field, &c, sizeof c);
        return 1;
    }
    case KIND_PERCENT: {
        int32_t bp;
        if (!parse_percent(v, k->max, &bp))
            return fail(ld,
                        "key '%s': expected a percentage from 0.00 to %ld.00 "
                        "with at most 2 decimals, got \"%s\"",
                        k->name, (long)k->max / 100, v);
        memcpy(field, &bp, sizeof bp);
        return 1;
    }
    case KIND_BOOL: {
        bool b;
        if (!ar_policy_yes_no(v, &b))
            return fail(ld, "key '%s': expected yes or no, got \"%s\"",
                        k->name, v);
        memcpy(field, &b, sizeof b);
        return 1;
    }
    case KIND_CURRENCY:
        /* SPEC §8.23: blank = the currency of the first used row */
        if (*v && (strlen(v) != 3 ||
                   strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3))
            return fail(ld,
                        "key '%s': expected a 3-letter ISO 4217 code in "
                        "capitals (such as EUR) or nothing, got \"%s\"",
                        k->name, v);
        set_text(p->base_currency, sizeof p->base_currency, v);
        return 1;
    case KIND_APPLY:
        /* SPEC §8.17: off by default */
        if (strcasecmp(v, "off") == 0)
            p->apply_unapplied_oldest = false;
        else if (strcasecmp(v, "oldest") == 0)
            p->apply_unapplied_oldest = true;
        else
            return fail(ld, "key '%s': expected off or oldest, got \"%s\"",
                        k->name, v);
        return 1;
    case KIND_STAGE_DAYS:
        /* SPEC §3.2: stage thresholds, 1 day past due at the earliest */
        if (parse_days(v, days, AR_STAGES, AR_STAGES, 1, true) < 0)
            return fail(ld,
                        "key '%s': expected %d increasing whole numbers of "
                        "days, got \"%s\"",
                        k->name, AR_STAGES, v);
        memcpy(p->stage_days, days, sizeof p->stage_days);
        return 1;
    case KIND_WAIT_DAYS:
        if (parse_days(v, days, AR_STAGES, AR_STAGES, 0, false) < 0)
            return fail(ld,
                        "key '%s': expected %d whole numbers of days, "
                        "got \"%s\"",
                        k->name, AR_STAGES, v);
        memcpy(p->wait_days, days, sizeof p->wait_days);
        return 1;
    case KIND_STAGE_FEES: {
        const char *item[AR_STAGES];
        size_t len[AR_STAGES];
        ar_cents fee[AR_STAGES];
        bool ok = split_list(v, item, len, AR_STAGES) == AR_STAGES;
        for (int i = 0; ok && i < AR_STAGES; i++)
            ok = parse_amount(item[i], len[i], &fee[i]);
        if (!ok)
            return fail(ld,
                        "key '%s': expected %d amounts of 0.00 or more, "
                        "got \"%s\"",
                        k->name, AR_STAGES, v);
        memcpy(p->stage_fee, fee, sizeof p->stage_fee);
        return 1;
    }
    case KIND_PAGE_SIZE:
        if (strcasecmp(v, "A4") == 0)
            p->page_size = AR_PAGE_A4;
        else if (strcasecmp(v, "Letter") == 0)
            p->page_size = AR_PAGE_LETTER;
        else
            return fail(ld, "key '%s': expected A4 or Letter, got \"%s\"",
                        k->name, v);
        return 1;
    }
    return fail(ld, "key '%s': internal error: unknown kind", k->name);
}

/* The line of this file that gave key name of section s, 0 if none. */
static long seen_line(const load *ld, section s, const char *name)
{
    for (size_t i = 0; i < ld->nseen; i++)
        if (ld->seen[i].section == s && strcasecmp(ld->seen[i].name, name) == 0)
            return ld->seen[i].line;
    return 0;
}

/* A key is given once per file: a second value would silently win.
 * Only known keys are recorded (any other stops the parse), so the list
 * stays as short as the keys there are. */
static bool first_time(load *ld, section s, const char *name)
{
    long first = seen_line(ld, s, name);
    if (first) {
        fail(ld, "key '%s' of [%s] is given twice, first on line %ld: a "
                 "policy file says each value once",
             name, section_names[s], first);
        return false;
    }
    ar_xgrow((void **)&ld->seen, &ld->seen_cap, ld->nseen + 1,
             sizeof *ld->seen);
    ld->seen[ld->nseen++] = (seen_key){s, ar_xstrdup(name), ld->line};
    return true;
}

/* inih handler: one "key = value" line. */
static int on_key(void *user, const char *sec, const char *name,
                  const char *value)
{
    load *ld = user;
    if (!*sec)
        return fail(ld, "key '%s' is outside any section", name);
    int s = find_section(sec, strlen(sec));
    if (s < 0) /* the reader has reported it already */
        return fail(ld, "unknown section [%s]", sec);
    if (seen_line(ld, (section)s, name))
        return first_time(ld, (section)s, name) ? 1 : 0;
    if (s == SEC_INPUT || s == SEC_COLUMNS || s == SEC_DOC_TYPES) {
        ar_input_section is = s == SEC_INPUT     ? AR_INPUT_SECTION_INPUT
                              : s == SEC_COLUMNS ? AR_INPUT_SECTION_COLUMNS
                                                 : AR_INPUT_SECTION_DOC_TYPES;
        char why[sizeof ld->err];
        int rc = ar_input_key(ld->p, is, name, value, why, sizeof why);
        if (rc == 0)
            return fail(ld, "%s", why);
        if (rc > 0)
            return first_time(ld, (section)s, name) ? 1 : 0;
        return fail(ld, "unknown key '%s' in section [%s]", name,
                    section_names[s]);
    }
    /* the keys that are more than a number; the table has the others */
    if (s == SEC_LETTERS || s == SEC_AGING || s == SEC_CLOSE) {
        char why[sizeof ld->err];
        int rc = s == SEC_LETTERS
                     ? ar_letter_key(ld->p, name, value, why, sizeof why)
                 : s == SEC_AGING
                     ? ar_aging_key(ld->p, name, value, why, sizeof why)
                     : ar_close_key(ld->p, name, value, why, sizeof why);
        if (rc == 0)
            return fail(ld, "%s", why);
        if (rc > 0)
            return first_time(ld, (section)s, name) ? 1 : 0;
    }
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (keys[i].section == (section)s &&
            strcasecmp(keys[i].name, name) == 0)
            return set_value(ld, &keys[i], value) &&
                   first_time(ld, (section)s, name);
    return fail(ld, "unknown key '%s' in section [%s]", name,
                section_names[s]);
}

/* A "[name]" line: fail on an unknown name. A line without ']' is left to
 * inih, which reports it as unparsable. */
static bool check_section_line(load *ld, const char *s, size_t len)
{
    const char *close = memchr(s, ']', len);
    if (!close)
        return true;
    size_t n = (size_t)(close - s - 1);
    if (find_section(s + 1, n) >= 0)
        return true;
    const char *name = trim(s + 1, &n);
    char known[160];
    join_names(section_names, SEC_COUNT_, known, sizeof known);
    fail(ld, "unknown section [%.*s] (sections: %s)", (int)n, name, known);
    return false;
}

/* inih reader (fgets-like): one line of ld->text into str[0..num). */
static char *read_line(char *str, int num, void *stream)
{
    load *ld = stream;
    if (ld->err_line || ld->pos >= ld->len)
        return NULL; /* only the first error is reported */
    const char *s = ld->text + ld->pos;
    const char *nl = memchr(s, '\n', ld->len - ld->pos);
    size_t n = nl ? (size_t)(nl - s) : ld->len - ld->pos;
    ld->pos += nl ? n + 1 : n;
    ld->line++;

    if (ld->line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        n -= 3;
    }
    if (n && s[n - 1] == '\r')
        n--;
    /* inih reads an indented line as the continuation of the previous
     * value; indenting is only layout here. */
    while (n && is_blank(*s)) {
        s++;
        n--;
    }
    /* Room for '\n' and '\0': inih takes a line without '\n' as cut. */
    if (n + 2 > (size_t)num) {
        fail(ld, "line is longer than %d bytes", num - 2);
        return NULL;
    }
    if (n && *s == '[' && !check_section_line(ld, s, n))
        return NULL;
    memcpy(str, s, n);
    str[n] = '\n';
    str[n + 1] = '\0';
    return str;
}

static long line_of(const char *text, size_t off)
{
    long line = 1;
    for (size_t i = 0; i < off; i++)
        line += text[i] == '\n';
    return line;
}

/* Line number line of text, trimmed and shortened, for a message. */
static void copy_line(const char *text, size_t len, long line, char *buf,
                      size_t size)
{
    size_t i = 0;
    for (long l = 1; l < line && i < len; i++)
        l += text[i] == '\n';
    const char *nl = memchr(text + i, '\n', len - i);
    size_t n = nl ? (size_t)(nl - text - i) : len - i;
    const char *s = trim(text + i, &n);
    if (n && s[n - 1] == '\r')
        n--;
    if (n >= size) {
        n = size - 1;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--; /* do not cut a UTF-8 sequence */
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
}

/* A KPI's target and amber limit (README "KPI workbook"): green meets
 * the target, amber lies between it and the limit, red beyond. */
typedef struct rag_pair {
    const char *target, *amber;
    size_t target_at, amber_at;   /* int32_t fields of ar_policy */
    bool higher;                  /* higher is better */
    bool percent;                 /* basis points, else days */
} rag_pair;

#define RAG(t, a, tf, af, hi, pc)                                        \
    { t, a, offsetof(ar_policy, tf), offsetof(ar_policy, af), hi, pc }
static const rag_pair rag_pairs[] = {
    RAG("cei_target", "cei_amber", cei_target_bp, cei_amber_bp, true, true),
    RAG("collection_rate_target", "collection_rate_amber",
        collection_rate_target_bp, collection_rate_amber_bp, true, true),
    RAG("retention_target", "retention_amber", retention_target_bp,
        retention_amber_bp, true, true),
    RAG("days_to_payment_target", "days_to_payment_amber",
        days_to_payment_target, days_to_payment_amber, false, false),
    RAG("cost_per_recovery_target", "cost_per_recovery_amber",
        cost_per_recovery_target_bp, cost_per_recovery_amber_bp, false,
        true),
};

static void show_limit(int32_t v, bool percent, char *buf, size_t size)
{
    if (percent)
        snprintf(buf, size, "%d.%02d %%", v / 100, v % 100);
    else
        snprintf(buf, size, "%d days", v);
}

/* Once the file is read: every amber limit on the worse side of its
 * target (or at it), at the line of this file that set the later of the
 * two. */
static void check_rag(load *ld)
{
    const ar_policy *p = ld->p;
    for (size_t i = 0; i < sizeof rag_pairs / sizeof *rag_pairs; i++) {
        const rag_pair *r = &rag_pairs[i];
        int32_t t, a;
        memcpy(&t, (const char *)p + r->target_at, sizeof t);
        memcpy(&a, (const char *)p + r->amber_at, sizeof a);
        if (r->higher ? a <= t : a >= t)
            continue;
        long tl = seen_line(ld, SEC_KPI, r->target);
        long al = seen_line(ld, SEC_KPI, r->amber);
        const char *which = al >= tl ? r->amber : r->target;
        char ts[32], as[32];
        show_limit(t, r->percent, ts, sizeof ts);
        show_limit(a, r->percent, as, sizeof as);
        ld->line = al > tl ? al : tl;
        fail(ld,
             "key '%s': %s = %s is %s %s = %s, but %s is better: amber "
             "lies between the amber limit and the target, so the limit "
             "must be %s the target",
             which, r->amber, as, r->higher ? "above" : "below", r->target,
             ts, r->higher ? "higher" : "lower",
             r->higher ? "at or below" : "at or above");
        return;
    }
}

/* README "Aging workbook": one loss rate per bucket (a file that changes
 * the buckets without their rates has no provision matrix). */
static void check_loss_rates(load *ld)
{
    long rl = seen_line(ld, SEC_AGING, "loss_rates");
    long bl = seen_line(ld, SEC_AGING, "buckets");
    char why[sizeof ld->err];
    if (ar_loss_rates_check(ld->p, rl != 0, why, sizeof why))
        return;
    ld->line = rl > bl ? rl : bl;
    fail(ld, "%s", why);
}

static ar_err parse_text(ar_policy *p, const char *text, size_t len,
                         const char *name, ar_diag *d)
{
    const char *nul = memchr(text, '\0', len);
    if (nul)
        return ar_diag_set(d, AR_ERR_POLICY, name, line_of(text, nul - text),
                           NULL, "NUL byte: a policy file must be UTF-8 text");
    bool nul_at; /* none: checked just above */
    size_t bad = ar_utf8_check((const unsigned char *)text, len, &nul_at);
    if (bad < len)
        return ar_diag_set(d, AR_ERR_POLICY, name, line_of(text, bad), NULL,
                           "invalid UTF-8 (byte 0x%02X): a policy file must "
                           "be UTF-8 text",
                           (unsigned char)text[bad]);

    ar_policy work = *p;
    load ld = { .p = &work, .text = text, .len = len };
    int rc = ini_parse_stream(read_line, &ld, on_key, &ld);
    if (rc == 0 && !ld.err_line)
        check_rag(&ld);
    if (rc == 0 && !ld.err_line)
        check_loss_rates(&ld);
    for (size_t i = 0; i < ld.nseen; i++)
        free(ld.seen[i].name);
    free(ld.seen);
    if (rc < 0)
        return ar_diag_set(d, AR_ERR_POLICY, name, 0, NULL,
                           "cannot parse (inih error %d)", rc);
    /* inih's own complaint (no '=', no ']') when it comes first. */
    if (rc > 0 && (!ld.err_line || rc < ld.err_line)) {
        char shown[80];
        copy_line(text, len, rc, shown, sizeof shown);
        return ar_diag_set(d, AR_ERR_POLICY, name, rc, NULL,
                           "expected '[section]' or 'key = value', got \"%s\"",
                           shown);
    }
    if (ld.err_line)
        return ar_diag_set(d, AR_ERR_POLICY, name, ld.err_line, NULL, "%s",
                           ld.err);
    *p = work;
    return AR_OK;
}

/* Read the whole file at path into *buf (caller frees). */
static ar_err read_file(const char *path, char **buf, size_t *len,
                        ar_diag *d)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ar_diag_set(d, AR_ERR_IO, path, 0, NULL,
                           "cannot open policy file: %s", strerror(errno));
    ar_err err = AR_OK;
    size_t cap = 0, n = 0;
    char *data = NULL;
    for (;;) {
        ar_xgrow((void **)&data, &cap, n + 4096, 1);
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0 || n > (size_t)MAX_FILE_BYTES)
            break;
    }
    if (ferror(f))
        err = ar_diag_set(d, AR_ERR_IO, path, 0, NULL,
                          "cannot read policy file: %s", strerror(errno));
    else if (n > (size_t)MAX_FILE_BYTES)
        err = ar_diag_set(d, AR_ERR_POLICY, path, 0, NULL,
                          "larger than %ld bytes: not a policy file",
                          MAX_FILE_BYTES);
    fclose(f);
    if (err != AR_OK) {
        free(data);
        return err;
    }
    *buf = data;
    *len = n;
    return AR_OK;
}

ar_err ar_policy_load(ar_policy *p, const char *path, ar_diag *d)
{
    char *text = NULL;
    size_t len = 0;
    ar_err err = read_file(path, &text, &len, d);
    if (err == AR_OK)
        err = parse_text(p, text, len, path, d);
    free(text);
    return err;
}

ar_err ar_policy_load_string(ar_policy *p, const char *text,
                             const char *name, ar_diag *d)
{
    return parse_text(p, text, strlen(text), name, d);
}

ar_err ar_policy_apply_format(ar_policy *p, const char *name, ar_diag *d)
{
    for (size_t i = 0; i < ar_format_count; i++) {
        if (strcasecmp(name, ar_formats[i].name) != 0)
            continue;
        char where[80];
        snprintf(where, sizeof where, "layouts/formats/%s.ini",
                 ar_formats[i].name);
        return ar_policy_load_string(p, ar_formats[i].text, where, d);
    }
    char known[400] = "";
    for (size_t i = 0, used = 0; i < ar_format_count && used < sizeof known;
         i++)
        used += (size_t)snprintf(known + used, sizeof known - used, "%s%s",
                                 i ? ", " : "", ar_formats[i].name);
    return ar_diag_set(d, AR_ERR_USAGE, NULL, 0, NULL,
                       "unknown format '%s' (formats: %s)", name, known);
}
