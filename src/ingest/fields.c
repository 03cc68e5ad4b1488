/* fields.c - what every input file reads the same way: one field's
 * value, a date, a currency code, a yes/no flag, and the record-level
 * rejects. */
#include "ar/ingest/fields.h"

#include "ar/base/money.h"
#include "ar/base/utf8.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

bool ar_parse_flag(const char *s, bool *out)
{
    /* Called for every ledger row: the common one-character forms first,
     * without a case-insensitive compare per candidate. */
    char c = (char)(s[0] | 0x20); /* ASCII lower case */
    if (s[0] == '\0' || (s[1] == '\0' && (c == 'n' || s[0] == '0')))
        return *out = false, true;
    if (s[1] == '\0' && (c == 'y' || s[0] == '1'))
        return *out = true, true;
    if (strcasecmp(s, "yes") == 0 || strcasecmp(s, "true") == 0)
        return *out = true, true;
    if (strcasecmp(s, "no") == 0 || strcasecmp(s, "false") == 0)
        return *out = false, true;
    return false;
}

int ar_date_patterns(const char *spec, ar_date_pattern *out, int max)
{
    int n = 0;
    for (const char *s = spec; s && n < max;) {
        const char *bar = strchr(s, '|');
        size_t len = bar ? (size_t)(bar - s) : strlen(s);
        while (len && (*s == ' ' || *s == '\t'))
            s++, len--;
        while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
            len--;
        if (!len || len >= sizeof out[n].text)
            return -1;
        memcpy(out[n].text, s, len);
        out[n].text[len] = '\0';
        if (!ar_date_pattern_valid(out[n].text))
            return -1;
        n++;
        s = bar ? bar + 1 : NULL;
        if (s && n == max)
            return -1;
    }
    return n;
}

ar_err ar_parse_date_field(const char *s, size_t len, const char *fmt,
                           ar_date *out)
{
    ar_date_pattern pats[AR_DATE_PATTERNS];
    int n = ar_date_patterns(fmt, pats, AR_DATE_PATTERNS);
    for (int i = 0; i < n; i++)
        if (ar_date_parse(s, len, pats[i].text, out) == AR_OK)
            return AR_OK;
    /* Our own files (costs, history) may use ISO dates whatever the
     * ledger's format is. */
    if (ar_date_parse(s, len, "%Y-%m-%d", out) == AR_OK)
        return AR_OK;
    return AR_ERR_DATE;
}

ar_err ar_parse_amount_field(const char *s, size_t len, char decimal_mark,
                             ar_cents *out)
{
    ar_err e = ar_money_parse(s, len, decimal_mark, out);
    ar_cents dot;
    /* what the policy's mark reads keeps its value: '.' only reads what
     * it rejected ("68000.00" under ',') */
    if (e == AR_ERR_AMOUNT && decimal_mark != '.' &&
        ar_money_parse(s, len, '.', &dot) == AR_OK) {
        *out = dot;
        return AR_OK;
    }
    return e;
}

/* Record-level rejects shared by every file: bad quoting, field count. */
bool ar_reject_record(ar_rejects *rej, const char *path,
                          const ar_csv_record *rec, size_t ncols)
{
    char detail[160];
    if (rec->status == AR_RECORD_MALFORMED) {
        if (rec->end_line > rec->line)
            snprintf(detail, sizeof detail,
                     "bad quoting in lines %ld-%ld (a quoted field that "
                     "is never closed runs to the next closing quote or "
                     "the end of the file)",
                     rec->line, rec->end_line);
        else
            snprintf(detail, sizeof detail,
                     "bad quoting: a quote inside an unquoted field or "
                     "text after a closing quote");
        ar_rejects_add(rej, path, rec->line, "", AR_ERR_MALFORMED, rec->raw,
                       detail);
        return true;
    }
    if (rec->status == AR_RECORD_FIELD_COUNT) {
        snprintf(detail, sizeof detail, "%zu fields, the header has %zu",
                 rec->nfields, ncols);
        ar_rejects_add(rej, path, rec->line, "", AR_ERR_FIELD_COUNT,
                       rec->raw, detail);
        return true;
    }
    return false;
}

bool ar_parse_currency(const char *s, size_t len, char code[4])
{
    if (len != 3)
        return false;
    for (size_t i = 0; i < 3; i++) {
        char c = s[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (c < 'A' || c > 'Z')
            return false;
        code[i] = c;
    }
    code[3] = '\0';
    return true;
}

char ar_detect_delimiter(const char *s, size_t n)
{
    static const char cand[] = {',', ';', '\t', '|'};
    size_t count[4] = {0};
    bool quoted = false;
    for (size_t i = 0; i < n && s[i] != '\n' && s[i] != '\r'; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (!quoted)
            for (int k = 0; k < 4; k++)
                count[k] += s[i] == cand[k];
    }
    int best = 0;
    for (int k = 1; k < 4; k++) {
        bool beats_all = true;
        for (int j = 0; j < 4; j++)
            if (j != k && count[k] <= count[j])
                beats_all = false;
        if (beats_all)
            best = k;
    }
    return cand[best];
}

void ar_header_missing(char *msg, size_t size, const ar_csv_header_rule *h,
                       const ar_csv_preamble *pre, size_t count)
{
    size_t n = (size_t)snprintf(
        msg, size, "no header line with the columns %s %s; the file begins:",
        h->wanted ? h->wanted : "the policy names",
        h->line ? "on the line [input] header_line names"
                : "in the first 50 lines");
    for (size_t i = 0; i < count && i < 4 && n < size; i++) {
        char shown[300];
        ar_text_show(shown, sizeof shown, pre[i].raw, 60);
        n += (size_t)snprintf(msg + n, size - n, "%s line %ld \"%s\"",
                              i ? "," : "", pre[i].line, shown);
    }
}

const char *ar_client_key(const ar_policy *p, const char *s, size_t *len)
{
    while (p->client_id_strip_zeros && *len > 1 && *s == '0')
        s++, (*len)--;
    return s;
}

const char *ar_amount_mark_hint(const char *s, size_t n, char mark,
                                bool rounding)
{
    ar_cents v;
    char other = mark == ',' ? '.' : ',';
    /* only a key that reads it: "1,2345" under the other mark still has
     * too many decimals unless they are rounded */
    if ((rounding ? ar_money_parse_rounded(s, n, other, &v, &(bool){false})
                  : ar_money_parse(s, n, other, &v)) != AR_OK)
        return "";
    return other == ',' ? "; it reads with a decimal comma: set [input] "
                          "decimal_mark = , in a --policy file"
                        : "; it reads with a decimal point: set [input] "
                          "decimal_mark = . in a --policy file";
}
