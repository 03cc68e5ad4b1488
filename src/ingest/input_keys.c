/* input_keys.c - the policy's sections that say how a ledger is written:
 * [input], [columns] and [doc_types] (SPEC §2.5, §2.6). policy_file.c
 * reads the file and hands each key of these sections here. */
#include "ar/ingest/input_keys.h"

#include "ar/ingest/fields.h"

#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_HEADER_LINE 50   /* SPEC §2.6: auto looks this far */

__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t size,
                                                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, size, fmt, ap);
    va_end(ap);
    return 0;
}

static void set_text(char *dst, size_t size, const char *src)
{
    memset(dst, 0, size);
    snprintf(dst, size, "%s", src);
}

bool ar_policy_yes_no(const char *s, bool *out)
{
    static const char *const yes[] = {"yes", "true", "1"};
    static const char *const no[] = {"no", "false", "0"};
    for (size_t i = 0; i < 3; i++) {
        if (strcasecmp(s, yes[i]) == 0)
            return *out = true, true;
        if (strcasecmp(s, no[i]) == 0)
            return *out = false, true;
    }
    return false;
}

/* ---- [input] ------------------------------------------------------------ */

static const char *const date_columns[AR_DATE_COLUMNS] = {
    "doc_date", "due_date", "settled_date"};

static int date_format(char *dst, size_t size, const char *key,
                       const char *v, char *err, size_t esize)
{
    ar_date_pattern pats[AR_DATE_PATTERNS];
    if (strlen(v) >= size || ar_date_patterns(v, pats, AR_DATE_PATTERNS) < 1)
        return fail(err, esize,
                    "key '%s': expected a pattern with a year (%%Y or %%y), "
                    "a month (%%m or %%b) and a day (%%d) once each (such "
                    "as %%Y-%%m-%%d or %%d-%%b-%%Y), or up to %d of them "
                    "separated by | (the first that reads a date wins), got "
                    "\"%s\"",
                    key, AR_DATE_PATTERNS, v);
    set_text(dst, size, v);
    return 1;
}

static int input_key(ar_policy *p, const char *name, const char *v,
                     char *err, size_t esize)
{
    bool b;
    if (strcasecmp(name, "date_format") == 0)
        return date_format(p->date_format, sizeof p->date_format, name, v,
                           err, esize);
    if (strncasecmp(name, "date_format.", 12) == 0) {
        for (int i = 0; i < AR_DATE_COLUMNS; i++)
            if (strcasecmp(name + 12, date_columns[i]) == 0) {
                /* blank: back to date_format */
                if (!*v)
                    return p->date_formats[i][0] = '\0', 1;
                return date_format(p->date_formats[i],
                                   sizeof p->date_formats[i], name, v, err,
                                   esize);
            }
        return fail(err, esize,
                    "key '%s': a date format is set per date column "
                    "(date_format.doc_date, .due_date, .settled_date)",
                    name);
    }
    if (strcasecmp(name, "decimal_mark") == 0) {
        if (strcmp(v, ".") == 0 || strcasecmp(v, "dot") == 0)
            p->decimal_mark = '.';
        else if (strcmp(v, ",") == 0 || strcasecmp(v, "comma") == 0)
            p->decimal_mark = ',';
        else
            return fail(err, esize, "key '%s': expected . or , (dot or "
                        "comma), got \"%s\"", name, v);
        return 1;
    }
    if (strcasecmp(name, "delimiter") == 0) {
        /* SPEC §8.2: 0 = detect from the header line */
        if (strcasecmp(v, "auto") == 0)
            p->delimiter = 0;
        else if (strcmp(v, ",") == 0 || strcasecmp(v, "comma") == 0)
            p->delimiter = ',';
        else if (strcasecmp(v, "semicolon") == 0)
            p->delimiter = ';';
        else if (strcasecmp(v, "tab") == 0)
            p->delimiter = '\t';
        else if (strcmp(v, "|") == 0 || strcasecmp(v, "pipe") == 0)
            p->delimiter = '|';
        else
            /* " ;" starts an inline comment, so "delimiter = ;" reads "". */
            return fail(err, esize,
                        "key '%s': expected auto, comma, semicolon, tab or "
                        "pipe, got \"%s\" (write ; as semicolon)",
                        name, v);
        return 1;
    }
    if (strcasecmp(name, "header_line") == 0) {
        if (strcasecmp(v, "auto") == 0)
            return p->header_line = 0, 1;
        char *end;
        long n = strtol(v, &end, 10);
        if (!*v || *end || n < 1 || n > MAX_HEADER_LINE)
            return fail(err, esize,
                        "key '%s': expected auto or a line number from 1 "
                        "to %d, got \"%s\"",
                        name, MAX_HEADER_LINE, v);
        return p->header_line = (int32_t)n, 1;
    }
    if (strcasecmp(name, "skip_rows") == 0) {
        regex_t re;
        if (strlen(v) >= sizeof p->skip_rows ||
            (*v && regcomp(&re, v, REG_EXTENDED | REG_NOSUB) != 0))
            return fail(err, esize,
                        "key '%s': expected a POSIX extended regular "
                        "expression of at most %zu bytes (such as "
                        "^(Total|TOTAL)), got \"%s\"",
                        name, sizeof p->skip_rows - 1, v);
        if (*v)
            regfree(&re);
        set_text(p->skip_rows, sizeof p->skip_rows, v);
        return 1;
    }
    if (strcasecmp(name, "signed_amounts") == 0 ||
        strcasecmp(name, "client_id_strip_zeros") == 0) {
        if (!ar_policy_yes_no(v, &b))
            return fail(err, esize, "key '%s': expected yes or no, got "
                        "\"%s\"", name, v);
        *(name[0] == 's' || name[0] == 'S' ? &p->signed_amounts
                                           : &p->client_id_strip_zeros) = b;
        return 1;
    }
    if (strcasecmp(name, "negative_type") == 0) {
        ar_doc_type t;
        if (!ar_doc_type_parse(v, &t))
            return fail(err, esize, "key '%s': expected INV, DEB, CRN, PAY "
                        "or WO, got \"%s\"", name, v);
        return p->negative_type = t, 1;
    }
    if (strcasecmp(name, "group_lines") == 0) {
        if (strcasecmp(v, "no") == 0 || strcasecmp(v, "off") == 0)
            p->group_lines = AR_GROUP_NONE;
        else if (strcasecmp(v, "same") == 0)
            p->group_lines = AR_GROUP_SAME;
        else if (strcasecmp(v, "sum") == 0)
            p->group_lines = AR_GROUP_SUM;
        else
            return fail(err, esize, "key '%s': expected no, same or sum, "
                        "got \"%s\"", name, v);
        return 1;
    }
    if (strcasecmp(name, "entity") == 0) {
        if (strlen(v) >= sizeof p->entity)
            return fail(err, esize, "key '%s': longer than %zu bytes",
                        name, sizeof p->entity - 1);
        set_text(p->entity, sizeof p->entity, v);
        return 1;
    }
    if (strcasecmp(name, "round_amounts") == 0) {
        if (strcasecmp(v, "off") == 0 || strcasecmp(v, "no") == 0)
            p->round_amounts = false;
        else if (strcasecmp(v, "half-even") == 0)
            p->round_amounts = true;
        else
            return fail(err, esize, "key '%s': expected off or half-even, "
                        "got \"%s\"", name, v);
        return 1;
    }
    if (strcasecmp(name, "open_amount_currency") == 0) {
        if (strcasecmp(v, "document") == 0)
            p->open_amount_in_company = false;
        else if (strcasecmp(v, "company") == 0)
            p->open_amount_in_company = true;
        else
            return fail(err, esize, "key '%s': expected document or "
                        "company, got \"%s\"", name, v);
        return 1;
    }
    if (strcasecmp(name, "export_date") == 0) {
        ar_date day = AR_DATE_NONE;
        if (*v && ar_date_parse_iso(v, &day) != AR_OK)
            return fail(err, esize, "key '%s': expected a date written "
                        "YYYY-MM-DD or nothing (the as-of date), got \"%s\"",
                        name, v);
        return p->export_date = day, 1;
    }
    return -1;
}

/* ---- [columns] ------------------------------------------------------------ */

/* "A + B": every part a header name (blanks around '+' allowed); with
 * "A + B | C + D" each alternative is such a list of its own. */
static bool valid_key_list(const char *v)
{
    int parts = 0;
    for (const char *s = v;; parts++) {
        const char *plus = strpbrk(s, "+|");
        size_t n = plus ? (size_t)(plus - s) : strlen(s);
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        while (n && (*s == ' ' || *s == '\t'))
            s++, n--;
        if (!n || parts == AR_KEY_PARTS)
            return false;
        if (!plus)
            return true;
        if (*plus == '|')
            parts = -1; /* the next alternative counts from its own start */
        s = plus + 1;
    }
}

static int column_key(ar_policy *p, const char *name, const char *v,
                      char *err, size_t esize)
{
    for (int c = 0; c < AR_COL_COUNT_; c++) {
        if (strcasecmp(name, ar_column_name((ar_column)c)) != 0)
            continue;
        if (strlen(v) >= sizeof p->columns[c])
            return fail(err, esize,
                        "key '%s': header name is longer than %zu bytes",
                        ar_column_name((ar_column)c),
                        sizeof p->columns[c] - 1);
        if (strchr(v, '+') && !valid_key_list(v))
            return fail(err, esize,
                        "key '%s': expected a header name or up to %d "
                        "joined with + (such as Company Code + Document "
                        "Number), got \"%s\"",
                        ar_column_name((ar_column)c), AR_KEY_PARTS, v);
        set_text(p->columns[c], sizeof p->columns[c], v);
        return 1;
    }
    return -1;
}

/* ---- [doc_types] ---------------------------------------------------------- */

static bool parse_type(const char *s, size_t n, uint8_t *out)
{
    char buf[8];
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    ar_doc_type t;
    if (strcasecmp(buf, "skip") == 0)
        return *out = AR_TYPE_SKIP, true;
    if (!ar_doc_type_parse(buf, &t))
        return false;
    return *out = (uint8_t)t, true;
}

static int doc_type_key(ar_policy *p, const char *name, const char *v,
                        char *err, size_t esize)
{
    uint8_t pos, neg;
    const char *slash = strchr(v, '/');
    bool ok = slash ? parse_type(v, (size_t)(slash - v), &pos) &&
                          parse_type(slash + 1, strlen(slash + 1), &neg)
                    : parse_type(v, strlen(v), &pos);
    if (!ok)
        return fail(err, esize,
                    "[doc_types] '%s': expected INV, DEB, CRN, PAY, WO or "
                    "skip, or X/Y for X when the amount is positive and Y "
                    "when it is negative (such as DEB/CRN), got \"%s\"",
                    name, v);
    if (!slash)
        neg = pos;
    if (strlen(name) >= sizeof p->doc_types[0].value)
        return fail(err, esize, "[doc_types] '%s': longer than %zu bytes",
                    name, sizeof p->doc_types[0].value - 1);
    ar_type_map *m = NULL;
    /* a policy file overrides its preset's value (one file lists a value
     * once: policy_file.c refuses a key given twice) */
    for (int i = 0; i < p->doc_type_count && !m; i++)
        if (strcasecmp(p->doc_types[i].value, name) == 0)
            m = &p->doc_types[i];
    if (!m) {
        if (p->doc_type_count == AR_MAX_DOC_TYPES)
            return fail(err, esize, "[doc_types]: more than %d values",
                        AR_MAX_DOC_TYPES);
        m = &p->doc_types[p->doc_type_count++];
        set_text(m->value, sizeof m->value, name);
    }
    m->positive = pos;
    m->negative = neg;
    return 1;
}

int ar_input_key(ar_policy *p, ar_input_section section, const char *name,
                 const char *value, char *err, size_t size)
{
    switch (section) {
    case AR_INPUT_SECTION_INPUT: return input_key(p, name, value, err, size);
    case AR_INPUT_SECTION_COLUMNS:
        return column_key(p, name, value, err, size);
    case AR_INPUT_SECTION_DOC_TYPES:
        return doc_type_key(p, name, value, err, size);
    }
    return -1;
}
