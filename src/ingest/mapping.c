/* mapping.c - a real export's rows in arbatch's own layout (mapping.h).
 *
 * Each column is found once, at the header, as a list of alternatives
 * ("Customer full name | Customer"), each a list of parts joined with '/'
 * ("Company Code + Document Number"). A row is then decided in the order
 * SPEC §2.6 gives: layout lines and skipped rows first, then the entity,
 * the amount and its sign, the type, the open amount; what is left is a
 * view in our columns that the row rules of rows.c check.
 */
#include "ar/ingest/mapping.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ar/engine/doc_type.h"
#include "ar/ingest/columns.h"
#include "ar/ingest/fields.h"

#define SCRATCH 8192       /* a row's joined and rewritten texts */

static const char *const skip_keys[AR_SKIP_COUNT_] = {
    [AR_SKIP_ABOVE_HEADER] = "above_header",
    [AR_SKIP_LAYOUT] = "layout_line",
    [AR_SKIP_PATTERN] = "skip_rows",
    [AR_SKIP_DOC_TYPE] = "doc_type_skip",
    [AR_SKIP_ENTITY] = "other_entity",
};

static const char *const skip_phrases[AR_SKIP_COUNT_] = {
    [AR_SKIP_ABOVE_HEADER] = "title line above the header",
    [AR_SKIP_LAYOUT] = "layout line (every mapped column blank)",
    [AR_SKIP_PATTERN] = "matches [input] skip_rows",
    [AR_SKIP_DOC_TYPE] = "document type mapped to skip",
    [AR_SKIP_ENTITY] = "another entity",
};

const char *ar_skip_key(ar_skip_reason r)
{
    return (unsigned)r < AR_SKIP_COUNT_ ? skip_keys[r] : "?";
}

const char *ar_skip_phrase(ar_skip_reason r)
{
    return (unsigned)r < AR_SKIP_COUNT_ ? skip_phrases[r] : "?";
}

/* Where a column's value comes from: header indexes joined with '/'. */
typedef struct source {
    long at[AR_KEY_PARTS];
    int parts;             /* 0: not in this file */
    char text[192];        /* the alternative that matched, for people */
} source;

struct ar_mapping {
    const ar_policy *p;
    source col[AR_COL_COUNT_];
    bool have_regex;
    regex_t skip;
    bool signed_amounts;   /* signed_amounts, or debit/credit columns */
    char scratch[SCRATCH];
    size_t used;
    const char *fields[AR_COL_CANONICAL_];
    size_t lens[AR_COL_CANONICAL_];
};

/* ---- header names ------------------------------------------------------- */

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* The next item of s split at sep, trimmed: [*b, *b + *n). Returns the
 * rest after the separator, or NULL after the last item. */
static const char *next_item(const char *s, char sep, const char **b,
                             size_t *n)
{
    const char *e = strchr(s, sep);
    size_t len = e ? (size_t)(e - s) : strlen(s);
    while (len && is_blank(*s))
        s++, len--;
    while (len && is_blank(s[len - 1]))
        len--;
    *b = s;
    *n = len;
    return e ? e + 1 : NULL;
}

static long find_header(const char *const *fields, size_t nf, const char *name,
                        size_t len)
{
    for (size_t i = 0; i < nf; i++)
        if (strlen(fields[i]) == len && strncasecmp(fields[i], name, len) == 0)
            return (long)i;
    return -1;
}

/* Resolve a column's text against a header: the first alternative whose
 * parts are all there. */
static bool resolve(const char *spec, const char *const *fields, size_t nf,
                    source *out)
{
    memset(out, 0, sizeof *out);
    const char *alt = spec;
    while (alt && *alt) {
        char one[192];
        const char *b;
        size_t n;
        const char *rest = next_item(alt, '|', &b, &n);
        snprintf(one, sizeof one, "%.*s", (int)n, b);
        source s = {.parts = 0};
        bool ok = n > 0;
        for (const char *part = one; ok && part;) {
            const char *pb;
            size_t pn;
            part = next_item(part, '+', &pb, &pn);
            long at = pn ? find_header(fields, nf, pb, pn) : -1;
            if (at < 0 || s.parts == AR_KEY_PARTS)
                ok = false;
            else
                s.at[s.parts++] = at;
        }
        if (ok) {
            snprintf(s.text, sizeof s.text, "%s", one);
            *out = s;
            return true;
        }
        alt = rest;
    }
    return false;
}

bool ar_mapping_spec_found(const char *spec, const char *const *header,
                           size_t n)
{
    source s;
    return resolve(spec, header, n, &s);
}

static bool have_amount(const source *col)
{
    return col[AR_COL_AMOUNT].parts ||
           (col[AR_COL_DEBIT].parts && col[AR_COL_CREDIT].parts);
}

static const ar_column required[] = {AR_COL_DOC_NO, AR_COL_CLIENT_ID,
                                     AR_COL_DOC_DATE};

void ar_mapping_wanted(const ar_policy *p, char *buf, size_t size)
{
    size_t n = 0;
    for (size_t i = 0; i < 3 && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s'%s'", i ? ", " : "",
                              ar_policy_column(p, required[i]));
    if (n < size) {
        if (p->columns[AR_COL_DEBIT][0] && !p->columns[AR_COL_AMOUNT][0])
            snprintf(buf + n, size - n, ", '%s' and '%s'",
                     ar_policy_column(p, AR_COL_DEBIT),
                     ar_policy_column(p, AR_COL_CREDIT));
        else
            snprintf(buf + n, size - n, ", '%s'",
                     ar_policy_column(p, AR_COL_AMOUNT));
    }
}

bool ar_mapping_is_header(void *ctx, long line, const char *const *fields,
                          size_t n)
{
    ar_header_search *hs = ctx;
    const ar_policy *p = hs->p;
    source col[AR_COL_COUNT_];
    int found = 0;
    const char *missing = NULL;
    for (size_t i = 0; i < 3; i++) {
        if (resolve(ar_policy_column(p, required[i]), fields, n,
                    &col[required[i]]))
            found++;
        else if (!missing)
            missing = ar_column_name(required[i]);
    }
    static const ar_column money[] = {AR_COL_AMOUNT, AR_COL_DEBIT,
                                      AR_COL_CREDIT};
    for (size_t i = 0; i < 3; i++)
        resolve(ar_policy_column(p, money[i]), fields, n, &col[money[i]]);
    if (have_amount(col))
        found++;
    else if (!missing)
        missing = "amount";
    hs->records++;
    if (found > hs->best_found) {
        hs->best_found = found;
        hs->best_line = line;
        snprintf(hs->missing, sizeof hs->missing, "%s",
                 missing ? missing : "");
    }
    return found == 4;
}

ar_err ar_mapping_new(const ar_policy *p, const ar_csv_reader *r,
                      const char *path, ar_mapping **out, ar_diag *d)
{
    size_t nf = ar_csv_column_count(r);
    const char **fields = ar_xmalloc((nf + 1) * sizeof *fields);
    for (size_t i = 0; i < nf; i++)
        fields[i] = ar_csv_column(r, i);
    ar_mapping *m = ar_xcalloc(1, sizeof *m);
    m->p = p;
    for (int c = 0; c < AR_COL_COUNT_; c++)
        resolve(ar_policy_column(p, (ar_column)c), fields, nf, &m->col[c]);
    free(fields);
    *out = NULL;
    /* every header a column is read from is there once */
    for (int c = 0; c < AR_COL_COUNT_; c++)
        for (int i = 0; i < m->col[c].parts; i++) {
            ar_err err = ar_column_unique(
                r, m->col[c].at[i], path, ar_column_name((ar_column)c),
                ", or name another header for it in the policy's [columns]",
                d);
            if (err != AR_OK) {
                ar_mapping_free(m);
                return err;
            }
        }
    for (size_t i = 0; i < 3; i++)
        if (!m->col[required[i]].parts) {
            ar_column c = required[i];
            ar_mapping_free(m);
            return ar_diag_set(d, AR_ERR_COLUMN, path, 1, NULL,
                               "required column '%s' (header '%s') is "
                               "missing",
                               ar_column_name(c), ar_policy_column(p, c));
        }
    if (!have_amount(m->col)) {
        ar_mapping_free(m);
        return ar_diag_set(d, AR_ERR_COLUMN, path, 1, NULL,
                           "required column 'amount' (header '%s'), or "
                           "'debit' and 'credit', is missing",
                           ar_policy_column(p, AR_COL_AMOUNT));
    }
    if (p->entity[0] && !m->col[AR_COL_ENTITY].parts) {
        /* SPEC §2.6: one entity is chosen; reading them all is wrong */
        const char *h = p->columns[AR_COL_ENTITY];
        ar_mapping_free(m);
        return ar_diag_set(d, AR_ERR_COLUMN, path, 0, NULL,
                           "entity '%s' is chosen ([input] entity or "
                           "--entity), but %s%s%s",
                           p->entity, h[0] ? "the file has no column '" :
                           "the policy names no entity column ([columns] "
                           "entity)", h, h[0] ? "'" : "");
    }
    if (p->skip_rows[0]) {
        /* checked when the policy was read */
        m->have_regex = regcomp(&m->skip, p->skip_rows,
                                REG_EXTENDED | REG_NOSUB) == 0;
    }
    m->signed_amounts = p->signed_amounts ||
                        (m->col[AR_COL_DEBIT].parts &&
                         m->col[AR_COL_CREDIT].parts);
    *out = m;
    return AR_OK;
}

void ar_mapping_free(ar_mapping *m)
{
    if (!m)
        return;
    if (m->have_regex)
        regfree(&m->skip);
    free(m);
}

long ar_mapping_column(const ar_mapping *m, ar_column c)
{
    return m->col[c].parts == 1 ? m->col[c].at[0] : -1;
}

const char *ar_mapping_source(const ar_mapping *m, ar_column c)
{
    return m->col[c].parts ? m->col[c].text : "";
}

/* ---- one row ----------------------------------------------------------- */

/* Room for len + 1 bytes of this row's texts. */
static char *room(ar_mapping *m, size_t len)
{
    if (m->used + len + 1 > SCRATCH)
        return NULL;
    char *s = m->scratch + m->used;
    m->used += len + 1;
    return s;
}

/* A column's value in this row: a field, or the parts joined with '/'
 * ("" when any part is blank: a key of several parts needs them all).
 * doc_no_else is a stand-in number, not such a key: its blank parts are
 * left out (a Xero overpayment's Reference is optional, SPEC §2.6). */
static const char *value_of(ar_mapping *m, const ar_csv_record *rec,
                            ar_column c, size_t *len)
{
    const source *s = &m->col[c];
    if (s->parts <= 1) {
        const char *v = s->parts ? ar_field(rec, s->at[0]) : "";
        *len = strlen(v);
        return v;
    }
    bool leave_out_blank = c == AR_COL_DOC_NO_ELSE;
    size_t total = 0;
    for (int i = 0; i < s->parts; i++) {
        size_t n = strlen(ar_field(rec, s->at[i]));
        if (!n && !leave_out_blank) {
            *len = 0;
            return "";
        }
        total += n ? n + 1 : 0;
    }
    char *out = total ? room(m, total) : NULL;
    if (!out) { /* all blank, or longer than a row's room: not a key */
        *len = 0;
        return "";
    }
    size_t n = 0;
    for (int i = 0; i < s->parts; i++) {
        const char *v = ar_field(rec, s->at[i]);
        if (!v[0])
            continue;
        if (n)
            out[n++] = '/';
        memcpy(out + n, v, strlen(v));
        n += strlen(v);
    }
    out[n] = '\0';
    *len = n;
    return out;
}

/* SPEC §2.6: a row whose mapped columns are all blank is a layout line
 * (fields a short row does not have count as blank). */
static bool all_blank(const ar_mapping *m, const ar_csv_record *rec)
{
    for (int c = 0; c < AR_COL_COUNT_; c++)
        for (int i = 0; i < m->col[c].parts; i++)
            if (ar_field(rec, m->col[c].at[i])[0])
                return false;
    return true;
}

static const char *first_field(const ar_csv_record *rec)
{
    for (size_t i = 0; i < rec->nfields; i++)
        if (rec->fields[i][0])
            return rec->fields[i];
    return "";
}

/* An amount of the export: its decimal mark, rounded when asked
 * (*rounded is set, never cleared: a row's amounts are parsed in turn). */
static ar_err parse_money(const ar_mapping *m, const char *s, ar_cents *out,
                          bool *rounded)
{
    if (!m->p->round_amounts)
        return ar_money_parse(s, strlen(s), m->p->decimal_mark, out);
    bool r = false;
    ar_err e = ar_money_parse_rounded(s, strlen(s), m->p->decimal_mark, out,
                                      &r);
    *rounded = *rounded || r;
    return e;
}

static const ar_type_map *find_type(const ar_policy *p, const char *s)
{
    for (int i = 0; i < p->doc_type_count; i++)
        if (strcasecmp(p->doc_types[i].value, s) == 0)
            return &p->doc_types[i];
    return NULL;
}

static void set_view(ar_mapping *m, ar_column c, const char *s, size_t n)
{
    m->fields[c] = s;
    m->lens[c] = n;
}

/* The amount of the row, signed: amount, or debit - credit; with both, the
 * amount's size (the document currency) and debit - credit's sign (the
 * company's books: Odoo). *company gets debit - credit (0 without). */
static ar_map_result read_amount(ar_mapping *m, const ar_csv_record *rec,
                                 ar_cents *v, ar_cents *company,
                                 bool *rounded, ar_err *why, ar_column *col,
                                 const char **value, char *detail,
                                 size_t dsize)
{
    const source *dc = &m->col[AR_COL_DEBIT];
    bool have_dc = dc->parts && m->col[AR_COL_CREDIT].parts;
    *company = 0;
    if (have_dc) {
        static const ar_column side[] = {AR_COL_DEBIT, AR_COL_CREDIT};
        ar_cents x[2] = {0, 0};
        for (int i = 0; i < 2; i++) {
            size_t n;
            const char *s = value_of(m, rec, side[i], &n);
            ar_err e = n ? parse_money(m, s, &x[i], rounded) : AR_OK;
            if (e != AR_OK) {
                *why = e, *col = side[i], *value = s;
                snprintf(detail, dsize, "expected an amount (decimal mark "
                         "'%c')", m->p->decimal_mark);
                return AR_MAP_REJECT;
            }
        }
        /* each side is below 2^53 cents (the parser's limit), so the
         * difference cannot wrap */
        *company = x[0] - x[1];
    }
    size_t n;
    const char *s = value_of(m, rec, AR_COL_AMOUNT, &n);
    if (!m->col[AR_COL_AMOUNT].parts || (!n && have_dc)) {
        *v = *company;
        return AR_MAP_USE;
    }
    ar_err e = parse_money(m, s, v, rounded);
    if (e != AR_OK && !(e == AR_ERR_AMOUNT && !n)) {
        *why = e, *col = AR_COL_AMOUNT, *value = s;
        snprintf(detail, dsize,
                 "expected an amount such as 1234.56 (decimal mark '%c'%s)%s",
                 m->p->decimal_mark,
                 m->p->round_amounts ? "" : ", at most two decimals: "
                                            "round_amounts = half-even "
                                            "rounds more",
                 ar_amount_mark_hint(s, n, m->p->decimal_mark,
                                     m->p->round_amounts));
        return AR_MAP_REJECT;
    }
    if (e != AR_OK)
        *v = 0; /* blank: an open-balance row may give the open amount */
    if (have_dc && *v == 0)
        *v = *company; /* a company-currency line left at 0 (Odoo 13) */
    if (have_dc && *v != 0 && (*v < 0) != (*company < 0))
        *v = -*v; /* the size in the document's currency, the books' sign */
    return AR_MAP_USE;
}

ar_map_result ar_mapping_row(ar_mapping *m, const ar_csv_record *rec,
                             ar_mapped_row *out, ar_skip_reason *skip,
                             ar_err *why, ar_column *col,
                             const char **value, char *detail,
                             size_t dsize)
{
    const ar_policy *p = m->p;
    m->used = 0;
    *value = "";
    detail[0] = '\0';
    out->has_open = false;
    out->open = 0;
    out->open_flag = -1;
    out->rounded = false;

    /* layout: skipped rows, blank rows, then the field count */
    if (m->have_regex &&
        regexec(&m->skip, first_field(rec), 0, NULL, 0) == 0)
        return *skip = AR_SKIP_PATTERN, AR_MAP_SKIP;
    if (all_blank(m, rec))
        return *skip = AR_SKIP_LAYOUT, AR_MAP_SKIP;
    if (rec->status == AR_RECORD_FIELD_COUNT)
        return *why = AR_ERR_FIELD_COUNT, AR_MAP_REJECT;

    size_t n;
    if (p->entity[0] && m->col[AR_COL_ENTITY].parts) {
        const char *e = value_of(m, rec, AR_COL_ENTITY, &n);
        if (strcmp(e, p->entity) != 0)
            return *skip = AR_SKIP_ENTITY, AR_MAP_SKIP;
    }

    ar_cents v, company;
    bool rounded = false;
    if (read_amount(m, rec, &v, &company, &rounded, why, col, value, detail,
                    dsize) != AR_MAP_USE)
        return AR_MAP_REJECT;

    ar_cents open = 0;
    bool open_too_large = false;
    const char *os = value_of(m, rec, AR_COL_OPEN_AMOUNT, &n);
    if (n) {
        ar_err e = parse_money(m, os, &open, &rounded);
        if (e != AR_OK) {
            *why = e, *col = AR_COL_OPEN_AMOUNT, *value = os;
            snprintf(detail, dsize, "expected an amount (decimal mark "
                     "'%c')", p->decimal_mark);
            return AR_MAP_REJECT;
        }
        ar_cents size = company < 0 ? -company : company;
        if (p->open_amount_in_company && company != 0 && v != company) {
            /* SPEC §2.6 Odoo: in company currency; back at the line's
             * own rate. No larger than the line there, or it is refused
             * below (scaled, it could pass 64 bits). */
            open_too_large = (open < 0 ? -open : open) > size;
            if (!open_too_large)
                open = ar_mapping_scale(open, v < 0 ? -v : v, size);
        }
        if (v == 0)
            v = open; /* only the open amount: wholly open (ERPNext) */
        out->has_open = true;
    }

    /* the type: [doc_types] by sign, our own codes, or none */
    uint8_t type = AR_DOC_INV;
    bool neg = v < 0;
    if (m->col[AR_COL_DOC_TYPE].parts) {
        const char *t = value_of(m, rec, AR_COL_DOC_TYPE, &n);
        /* "(blank)" in [doc_types] names a blank type (BC's journal
         * entries) */
        const ar_type_map *tm = find_type(p, n ? t : "(blank)");
        ar_doc_type dt;
        if (tm)
            type = neg ? tm->negative : tm->positive;
        else if (n && ar_doc_type_parse(t, &dt))
            type = (uint8_t)dt;
        else if (n) {
            *why = AR_ERR_DOC_TYPE, *col = AR_COL_DOC_TYPE, *value = t;
            snprintf(detail, dsize, "not in the policy's [doc_types] (map "
                     "it to INV, DEB, CRN, PAY, WO or skip)");
            return AR_MAP_REJECT;
        } else {
            *why = AR_ERR_MISSING_KEY, *col = AR_COL_DOC_TYPE;
            return AR_MAP_REJECT;
        }
    } else if (neg && m->signed_amounts) {
        type = (uint8_t)p->negative_type;
    }
    if (type == AR_TYPE_SKIP)
        return *skip = AR_SKIP_DOC_TYPE, AR_MAP_SKIP;

    /* SPEC §2.6: a minus sign must agree with the type, then goes */
    if (m->signed_amounts && v != 0 &&
        neg == ar_doc_is_item((ar_doc_type)type)) {
        *why = AR_ERR_SIGN, *col = AR_COL_AMOUNT;
        *value = value_of(m, rec, AR_COL_AMOUNT, &n);
        snprintf(detail, dsize,
                 "a %s with a %s amount: in this export invoices and debit "
                 "notes are positive, credits and payments negative",
                 ar_doc_type_name((ar_doc_type)type),
                 neg ? "negative" : "positive");
        return AR_MAP_REJECT;
    }
    if (out->has_open) {
        /* the open part follows the amount's sign and is no larger */
        bool bad = (open < 0 && v > 0) || (open > 0 && v < 0) ||
                   (open < 0 ? -open : open) > (v < 0 ? -v : v);
        if (bad || open_too_large || (!m->signed_amounts && open < 0)) {
            *why = AR_ERR_OPEN_AMOUNT, *col = AR_COL_OPEN_AMOUNT, *value = os;
            snprintf(detail, dsize, "the open amount must have the "
                     "amount's sign and be no larger than it");
            return AR_MAP_REJECT;
        }
        out->open = open < 0 ? -open : open;
    }
    if (m->signed_amounts && v < 0)
        v = -v;

    /* the view: our columns, in our layout */
    const char *code = ar_doc_type_name((ar_doc_type)type);
    set_view(m, AR_COL_DOC_TYPE, code, strlen(code));
    char amount[32];
    ar_money_format_plain(v, amount, sizeof amount);
    char *a = room(m, strlen(amount));
    memcpy(a, amount, strlen(amount) + 1);
    set_view(m, AR_COL_AMOUNT, a, strlen(a));
    static const ar_column texts[] = {
        AR_COL_DOC_NO, AR_COL_CLIENT_ID, AR_COL_DOC_DATE, AR_COL_DUE_DATE,
        AR_COL_CURRENCY, AR_COL_APPLIES_TO, AR_COL_SETTLED_DATE,
        AR_COL_DISPUTED};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        const char *s = value_of(m, rec, texts[i], &n);
        set_view(m, texts[i], s, n);
    }
    if (!m->lens[AR_COL_DOC_NO] && m->col[AR_COL_DOC_NO_ELSE].parts) {
        /* SPEC §2.6 Xero: an overpayment has no number of its own */
        const char *s = value_of(m, rec, AR_COL_DOC_NO_ELSE, &n);
        set_view(m, AR_COL_DOC_NO, s, n);
    }
    if (p->client_id_strip_zeros) {
        size_t len = m->lens[AR_COL_CLIENT_ID];
        const char *s = ar_client_key(p, m->fields[AR_COL_CLIENT_ID], &len);
        set_view(m, AR_COL_CLIENT_ID, s, len);
    }
    const char *flag = value_of(m, rec, AR_COL_OPEN, &n);
    if (n) {
        bool is_open;
        if (!ar_parse_flag(flag, &is_open)) {
            *why = AR_ERR_FLAG, *col = AR_COL_OPEN, *value = flag;
            snprintf(detail, dsize, "expected Y/N, Yes/No, true/false or "
                     "1/0");
            return AR_MAP_REJECT;
        }
        out->open_flag = is_open;
    }
    for (int i = 0; i < AR_INFO_COLUMNS; i++)
        out->info[i] = value_of(m, rec, (ar_column)(AR_COL_NAME + i), &n);
    out->rounded = rounded;
    out->view = (ar_csv_record){
        .line = rec->line, .end_line = rec->end_line,
        .status = AR_RECORD_OK, .nfields = AR_COL_CANONICAL_,
        .fields = (char **)m->fields, .lens = m->lens, .raw = rec->raw};
    return AR_MAP_USE;
}

bool ar_mapping_amount(ar_mapping *m, const ar_csv_record *rec, ar_cents *v,
                       char code[4])
{
    ar_cents company;
    bool rounded = false;
    ar_err why;
    ar_column col;
    const char *value;
    char detail[200];
    size_t n;
    if (rec->status != AR_RECORD_OK ||
        read_amount(m, rec, v, &company, &rounded, &why, &col, &value,
                    detail, sizeof detail) != AR_MAP_USE)
        return false;
    const char *c = value_of(m, rec, AR_COL_CURRENCY, &n);
    code[0] = '\0';
    return !n || ar_parse_currency(c, n, code);
}

/* GCC/Clang 128-bit integer; __extension__ keeps -Wpedantic quiet. */
__extension__ typedef __int128 wide;

ar_cents ar_mapping_scale(ar_cents v, ar_cents num, ar_cents den)
{
    wide x = (wide)v * num;
    wide q = x / den, r = x % den;
    wide twice = (r < 0 ? -r : r) * 2;
    if (twice > den || (twice == den && (q % 2 != 0)))
        q += x < 0 ? -1 : 1;
    return (ar_cents)q;
}

/* The reason no header was found, in the words of SPEC §2.1 when the
 * first line is a header that lacks a column. */
ar_err ar_mapping_no_header(const ar_header_search *hs, const ar_policy *p,
                            const char *path, ar_diag *d)
{
    if (hs->best_found < 1 || !hs->missing[0])
        return AR_ERR_COLUMN; /* d says what the file begins with */
    int c = 0;
    while (c < AR_COL_COUNT_ &&
           strcmp(ar_column_name((ar_column)c), hs->missing) != 0)
        c++;
    const char *name = c < AR_COL_COUNT_ && p->columns[c][0] ? p->columns[c]
                                                            : hs->missing;
    if (strcmp(name, hs->missing) != 0)
        return ar_diag_set(d, AR_ERR_COLUMN, path, hs->best_line, NULL,
                           "required column '%s' (header '%s' in the "
                           "policy's [columns]) is missing",
                           hs->missing, name);
    return ar_diag_set(d, AR_ERR_COLUMN, path, hs->best_line, NULL,
                       "required column '%s' is missing (map another "
                       "header to it in the policy's [columns], or use "
                       "--format)",
                       hs->missing);
}
