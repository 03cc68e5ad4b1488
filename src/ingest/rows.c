/* rows.c - CSV records into ledger rows: the row rules of SPEC §2 and
 * §8.1-§8.11. Each rejected row gets exactly one reason, the first that
 * applies in the order of SPEC §8.6. */
#include "ar/ingest/rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- rejects ---------------------------------------------------------- */

void ar_rejects_init(ar_rejects *r)
{
    memset(r, 0, sizeof *r);
}

void ar_rejects_fini(ar_rejects *r)
{
    for (size_t i = 0; i < r->count; i++) {
        free(r->items[i].file);
        free(r->items[i].column);
        free(r->items[i].value);
        free(r->items[i].detail);
    }
    free(r->items);
    memset(r, 0, sizeof *r);
}

void ar_rejects_add(ar_rejects *r, const char *file, long line,
                    const char *column, ar_err reason, const char *value,
                    const char *detail)
{
    ar_xgrow((void **)&r->items, &r->cap, r->count + 1, sizeof *r->items);
    size_t vlen = value ? strlen(value) : 0;
    if (vlen > 200) {
        vlen = 200;
        /* never cut a UTF-8 sequence in half */
        while (vlen && ((unsigned char)value[vlen] & 0xc0) == 0x80)
            vlen--;
    }
    r->items[r->count++] = (ar_reject){
        .file = ar_xstrdup(file ? file : ""),
        .line = line,
        .column = ar_xstrdup(column ? column : ""),
        .reason = reason,
        .value = ar_xstrndup(value ? value : "", vlen),
        .detail = ar_xstrdup(detail ? detail : ""),
    };
    if ((unsigned)reason < AR_ERR_COUNT_)
        r->by_reason[reason]++;
}

/* ---- field helpers ---------------------------------------------------- */

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

/* The columns of one input file, found by header name. */
typedef struct column_map {
    long at[AR_COL_COUNT_];
} column_map;

static const char *field(const ar_csv_record *rec, long at)
{
    return at >= 0 && (size_t)at < rec->nfields ? rec->fields[at] : "";
}

static size_t field_len(const ar_csv_record *rec, long at)
{
    return at >= 0 && (size_t)at < rec->nfields ? rec->lens[at] : 0;
}

static ar_err parse_date_field(const char *s, size_t len, const char *fmt,
                               ar_date *out)
{
    if (ar_date_parse(s, len, fmt, out) == AR_OK)
        return AR_OK;
    /* Our own files (costs, history) may use ISO dates whatever the
     * ledger's format is. */
    if (strcmp(fmt, "%Y-%m-%d") != 0 &&
        ar_date_parse(s, len, "%Y-%m-%d", out) == AR_OK)
        return AR_OK;
    return AR_ERR_DATE;
}

/* Record-level rejects shared by every file: bad quoting, field count. */
static bool reject_record(ar_rejects *rej, const char *path,
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

/* ---- ledger ----------------------------------------------------------- */

static bool parse_doc_type(const char *s, ar_doc_type *out)
{
    /* SPEC §8.6: matched case-insensitively. The first letter names the
     * one candidate (called for every ledger row). */
    ar_doc_type t;
    switch (s[0] | 0x20) {
    case 'i': t = AR_DOC_INV; break;
    case 'd': t = AR_DOC_DEB; break;
    case 'c': t = AR_DOC_CRN; break;
    case 'p': t = AR_DOC_PAY; break;
    case 'w': t = AR_DOC_WO; break;
    default: return false;
    }
    if (strcasecmp(s, ar_doc_type_name(t)) != 0)
        return false;
    *out = t;
    return true;
}

static bool valid_currency(const char *s, size_t len, char code[4])
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

/* Checks one ledger record; on success fills doc and returns AR_OK, else
 * returns the reason and sets *col to the offending column. */
static ar_err check_row(ar_ledger *lg, const ar_csv_record *rec,
                        const column_map *m, const ar_policy *p,
                        ar_doc *doc, ar_column *col, char *detail,
                        size_t dsize)
{
    memset(doc, 0, sizeof *doc);
    doc->line = (uint32_t)rec->line;
    doc->settled_date = AR_DATE_NONE;
    doc->due_date = AR_DATE_NONE;

    /* SPEC §2.1: with no doc_type column every row is an invoice. */
    ar_doc_type type = AR_DOC_INV;
    if (m->at[AR_COL_DOC_TYPE] >= 0) {
        const char *t = field(rec, m->at[AR_COL_DOC_TYPE]);
        *col = AR_COL_DOC_TYPE;
        if (!t[0])
            return AR_ERR_MISSING_KEY;
        if (!parse_doc_type(t, &type)) {
            snprintf(detail, dsize, "expected INV, DEB, CRN, PAY or WO");
            return AR_ERR_DOC_TYPE;
        }
    }
    doc->type = (uint8_t)type;

    static const ar_column keys[] = {AR_COL_DOC_NO, AR_COL_CLIENT_ID,
                                     AR_COL_DOC_DATE};
    for (size_t i = 0; i < 3; i++)
        if (!field(rec, m->at[keys[i]])[0])
            return *col = keys[i], AR_ERR_MISSING_KEY;

    /* SPEC §8.6: every non-blank date column is checked. */
    static const ar_column dates[] = {AR_COL_DOC_DATE, AR_COL_DUE_DATE,
                                      AR_COL_SETTLED_DATE};
    ar_date parsed[3] = {AR_DATE_NONE, AR_DATE_NONE, AR_DATE_NONE};
    for (size_t i = 0; i < 3; i++) {
        long at = m->at[dates[i]];
        if (!field(rec, at)[0])
            continue;
        if (ar_date_parse(field(rec, at), field_len(rec, at),
                          p->date_format, &parsed[i]) != AR_OK) {
            snprintf(detail, dsize, "expected a real date written %s",
                     p->date_format);
            return *col = dates[i], AR_ERR_DATE;
        }
    }
    doc->doc_date = parsed[0];
    if (ar_doc_is_item(type)) {
        /* SPEC §2.1: a blank due date means due on doc_date. */
        doc->due_date = parsed[1] != AR_DATE_NONE ? parsed[1] : parsed[0];
        doc->settled_date = parsed[2];
    }

    *col = AR_COL_AMOUNT;
    long at = m->at[AR_COL_AMOUNT];
    ar_err err = ar_money_parse(field(rec, at), field_len(rec, at),
                                p->decimal_mark, &doc->amount);
    if (err == AR_ERR_AMOUNT) {
        snprintf(detail, dsize,
                 "expected an amount such as 1234.56 with at most two "
                 "decimals (decimal mark '%c')",
                 p->decimal_mark);
        return err;
    }
    if (err == AR_OK && (doc->amount > AR_CENTS_TOTAL_MAX ||
                         doc->amount < -AR_CENTS_TOTAL_MAX)) {
        snprintf(detail, dsize, "more than 90,071,992,547,409.91");
        err = AR_ERR_OVERFLOW;
    }
    if (err != AR_OK)
        return err;
    if (doc->amount < 0) {
        snprintf(detail, dsize,
                 "amounts are positive; use a CRN, PAY or WO row to "
                 "reduce a balance");
        return AR_ERR_NEGATIVE;
    }

    at = m->at[AR_COL_CURRENCY];
    if (field(rec, at)[0]) {
        char code[4];
        if (!valid_currency(field(rec, at), field_len(rec, at), code)) {
            snprintf(detail, dsize, "expected a 3-letter ISO 4217 code");
            return *col = AR_COL_CURRENCY, AR_ERR_CURRENCY;
        }
        doc->currency = ar_ledger_currency(lg, code, 3);
    }

    bool disputed = false;
    if (!ar_parse_flag(field(rec, m->at[AR_COL_DISPUTED]), &disputed)) {
        snprintf(detail, dsize, "expected Y/N, Yes/No, true/false or 1/0");
        return *col = AR_COL_DISPUTED, AR_ERR_FLAG;
    }
    doc->disputed = disputed;
    /* SPEC §8.8: duplicates are found after the last row, all at once
     * (ar_ledger_drop_duplicates): the check comes last for each row. */
    return AR_OK;
}

static ar_err map_columns(const ar_csv_reader *r, const char *path,
                          const ar_policy *p, column_map *m, ar_diag *d)
{
    static const ar_column required[] = {AR_COL_DOC_NO, AR_COL_CLIENT_ID,
                                         AR_COL_DOC_DATE, AR_COL_AMOUNT};
    for (int c = 0; c < AR_COL_COUNT_; c++) {
        const char *name = p->columns[c][0] ? p->columns[c]
                                            : ar_column_name((ar_column)c);
        m->at[c] = ar_csv_find(r, name);
    }
    for (size_t i = 0; i < sizeof required / sizeof *required; i++) {
        ar_column c = required[i];
        if (m->at[c] >= 0)
            continue;
        if (p->columns[c][0] && strcmp(p->columns[c], ar_column_name(c)))
            return ar_diag_set(d, AR_ERR_COLUMN, path, 1, NULL,
                               "required column '%s' (header '%s' in the "
                               "policy's [columns]) is missing",
                               ar_column_name(c), p->columns[c]);
        return ar_diag_set(d, AR_ERR_COLUMN, path, 1, NULL,
                           "required column '%s' is missing (map another "
                           "header to it in the policy's [columns], or use "
                           "--format)",
                           ar_column_name(c));
    }
    return AR_OK;
}

static int cmp_reject_line(const void *a, const void *b)
{
    const ar_reject *x = a, *y = b;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* SPEC §8.8: the first otherwise-valid row owns a doc_no; later ones are
 * rejected. Rejects stay in line order. */
static void reject_duplicates(ar_ledger *lg, const char *path,
                              ar_rejects *rej, size_t first_reject,
                              ar_ingest_stats *st, ar_duplicate *dups,
                              size_t n)
{
    char detail[200];
    for (size_t i = 0; i < n; i++) {
        const char *no = ar_ledger_text(lg, dups[i].doc.doc_no);
        snprintf(detail, sizeof detail, "%s %s is already used on line %u",
                 ar_doc_type_name((ar_doc_type)dups[i].doc.type), no,
                 dups[i].first_line);
        ar_rejects_add(rej, path, dups[i].doc.line, "doc_no",
                       AR_ERR_DUPLICATE, no, detail);
    }
    if (n) {
        qsort(rej->items + first_reject, rej->count - first_reject,
              sizeof *rej->items, cmp_reject_line);
        st->rows_used -= n;
        st->rows_rejected += n;
    }
}

static void date_range(const ar_ledger *lg, ar_ingest_stats *st)
{
    st->first_date = st->last_date = AR_DATE_NONE;
    const ar_doc *docs = ar_ledger_docs(lg);
    for (size_t i = 0; i < ar_ledger_doc_count(lg); i++) {
        if (st->first_date == AR_DATE_NONE || docs[i].doc_date < st->first_date)
            st->first_date = docs[i].doc_date;
        if (docs[i].doc_date > st->last_date)
            st->last_date = docs[i].doc_date;
    }
}

/* The used rows as they were read: duplicates out, file order. */
static ar_err finish_rows(ar_ledger *lg, ar_fold *fold, const char *path,
                          const ar_policy *p, ar_rejects *rej,
                          size_t first_reject, ar_ingest_stats *st,
                          ar_diag *d)
{
    if (!fold) {
        ar_duplicate *dups = NULL;
        size_t n = ar_ledger_drop_duplicates(lg, &dups);
        reject_duplicates(lg, path, rej, first_reject, st, dups, n);
        free(dups);
        date_range(lg, st);
        return AR_OK;
    }
    ar_fold_result fr;
    ar_err err = ar_fold_finish(fold, p, &fr, d);
    reject_duplicates(lg, path, rej, first_reject, st, fr.dups,
                      fr.dup_count);
    free(fr.dups);
    st->first_date = fr.first_date;
    st->last_date = fr.last_date;
    return err;
}

ar_err ar_ingest_ledger(ar_ledger *lg, const char *path, const ar_policy *p,
                        const ar_fold_opts *fo, ar_rejects *rej,
                        ar_ingest_stats *st, ar_progress_fn progress,
                        void *ctx, ar_diag *d)
{
    memset(st, 0, sizeof *st);
    st->first_date = st->last_date = AR_DATE_NONE;
    ar_csv_reader *r = NULL;
    ar_fold *fold = NULL;
    ar_err err = ar_csv_open(&r, path, p->delimiter, d);
    if (err != AR_OK)
        return err;
    column_map m;
    err = map_columns(r, path, p, &m, d);
    if (err != AR_OK)
        goto out;
    if (fo) {
        err = ar_fold_open(&fold, lg, fo, d);
        if (err != AR_OK)
            goto out;
    }

    ar_csv_record rec;
    int got;
    char detail[200];
    size_t first_reject = rej->count;
    while ((got = ar_csv_next(r, &rec, d)) == 1) {
        st->rows_read++;
        if (progress && (st->rows_read & 0xffff) == 0)
            progress(ctx, st->rows_read, ar_csv_bytes_read(r));
        if (reject_record(rej, path, &rec, ar_csv_column_count(r))) {
            st->rows_rejected++;
            continue;
        }
        ar_doc doc;
        ar_column col = AR_COL_DOC_TYPE;
        detail[0] = '\0';
        ar_err why = check_row(lg, &rec, &m, p, &doc, &col, detail,
                               sizeof detail);
        if (why != AR_OK) {
            ar_rejects_add(rej, path, rec.line, ar_column_name(col), why,
                           field(&rec, m.at[col]), detail);
            st->rows_rejected++;
            continue;
        }
        long at = m.at[AR_COL_CLIENT_ID];
        doc.client = ar_ledger_client(lg, field(&rec, at),
                                      field_len(&rec, at));
        long no = m.at[AR_COL_DOC_NO], ref = m.at[AR_COL_APPLIES_TO];
        /* items never settle anything: their applies_to is not kept */
        bool settles = !ar_doc_is_item((ar_doc_type)doc.type);
        st->rows_used++;
        if (fold) {
            ar_ledger_note_first_currency(lg, doc.currency);
            err = ar_fold_add(fold, &doc, field(&rec, no),
                              field_len(&rec, no), field(&rec, ref),
                              settles ? field_len(&rec, ref) : 0, d);
            if (err != AR_OK)
                goto out;
            continue;
        }
        doc.doc_no = ar_ledger_intern(lg, field(&rec, no),
                                      field_len(&rec, no));
        if (settles)
            doc.applies_to = ar_ledger_intern_ref(lg, field(&rec, ref),
                                                  field_len(&rec, ref));
        ar_ledger_add_doc(lg, &doc);
    }
    if (got < 0) {
        err = ar_csv_error(r);
        goto out;
    }
    err = finish_rows(lg, fold, path, p, rej, first_reject, st, d);
    if (err != AR_OK)
        goto out;
    if (progress)
        progress(ctx, st->rows_read, ar_csv_bytes_read(r));
    ar_csv_sha256(r, st->sha256);
out:
    if (fold && fo->keep && err == AR_OK && ar_fold_pending(fold)) {
        *fo->keep = fold; /* the caller settles and frees it */
        fold = NULL;
    }
    ar_fold_free(fold);
    ar_csv_close(r);
    return err;
}

/* ---- clients, costs, history ------------------------------------------ */

/* Find the named columns of a small canonical file; required ones first. */
static ar_err find_columns(const ar_csv_reader *r, const char *path,
                           const char *const *names, size_t count,
                           size_t required, long *at, ar_diag *d)
{
    for (size_t i = 0; i < count; i++) {
        at[i] = ar_csv_find(r, names[i]);
        if (at[i] < 0 && i < required)
            return ar_diag_set(d, AR_ERR_COLUMN, path, 1, NULL,
                               "required column '%s' is missing", names[i]);
    }
    return AR_OK;
}

enum {
    CL_ID, CL_NAME, CL_CONTACT, CL_ADDRESS1, CL_ADDRESS2, CL_CITY,
    CL_REGION, CL_POSTAL, CL_COUNTRY, CL_EMAIL, CL_PHONE, CL_SEGMENT,
    CL_REVENUE, CL_STRATEGIC, CL_PRIOR, CL_MANAGER, CL_LANGUAGE, CL_COUNT
};

static const char *const client_columns[CL_COUNT] = {
    "client_id", "name", "contact", "address1", "address2", "city",
    "region", "postal_code", "country", "email", "phone", "segment",
    "annual_revenue", "strategic", "prior_collections", "account_manager",
    "language",
};

/* SPEC §8.11: high-risk, High Risk, HIGH_RISK are one segment. */
static int parse_segment(const char *s)
{
    char norm[16];
    size_t n = 0;
    for (; *s && n + 1 < sizeof norm; s++)
        if (*s != ' ' && *s != '-' && *s != '_')
            norm[n++] = *s;
    norm[n] = '\0';
    if (strcasecmp(norm, "VIP") == 0)
        return AR_TIER_VIP;
    if (strcasecmp(norm, "STANDARD") == 0)
        return AR_TIER_STANDARD;
    if (strcasecmp(norm, "HIGHRISK") == 0)
        return AR_TIER_HIGH_RISK;
    return -1;
}

static bool parse_count(const char *s, int32_t *out)
{
    if (!s[0]) {
        *out = 0;
        return true;
    }
    int64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 1000000)
            return false;
        v = v * 10 + (*s - '0');
    }
    *out = (int32_t)v;
    return true;
}

/* One of our own small files (clients, costs, history): its columns by
 * name, the required ones first, and a function per row. */
typedef struct small_file {
    const char *const *names;
    size_t count;
    size_t required;
    /* Take one well-formed record; add a reject (and return) when the row
     * cannot be used. */
    void (*row)(ar_ledger *lg, const ar_csv_record *rec, const long *at,
                const ar_policy *p, ar_rejects *rej, const char *path);
} small_file;

static ar_err read_small_file(ar_ledger *lg, const char *path,
                              const ar_policy *p, const small_file *kind,
                              ar_rejects *rej, char sha256[65], ar_diag *d)
{
    ar_csv_reader *r = NULL;
    ar_err err = ar_csv_open(&r, path, 0, d);
    if (err != AR_OK)
        return err;
    long at[CL_COUNT]; /* the clients file is the widest of the three */
    err = find_columns(r, path, kind->names, kind->count, kind->required, at,
                       d);
    if (err != AR_OK)
        goto out;
    ar_csv_record rec;
    int got;
    while ((got = ar_csv_next(r, &rec, d)) == 1)
        if (!reject_record(rej, path, &rec, ar_csv_column_count(r)))
            kind->row(lg, &rec, at, p, rej, path);
    if (got < 0)
        err = ar_csv_error(r);
    else if (sha256)
        ar_csv_sha256(r, sha256);
out:
    ar_csv_close(r);
    return err;
}

static void client_row(ar_ledger *lg, const ar_csv_record *rec,
                       const long *at, const ar_policy *p, ar_rejects *rej,
                       const char *path)
{
    const char *id = field(rec, at[CL_ID]);
    if (!id[0] || !field(rec, at[CL_NAME])[0]) {
        const char *col = id[0] ? "name" : "client_id";
        ar_rejects_add(rej, path, rec->line, col, AR_ERR_MISSING_KEY, "",
                       "a client needs a client_id and a name");
        return;
    }
    ar_client_info info = {.segment = -1, .line = (uint32_t)rec->line};
    const char *v = field(rec, at[CL_REVENUE]);
    if (v[0]) {
        ar_err e = ar_money_parse(v, strlen(v), p->decimal_mark,
                                  &info.annual_revenue);
        if (e == AR_OK && info.annual_revenue < 0)
            e = AR_ERR_NEGATIVE;
        if (e != AR_OK) {
            ar_rejects_add(rej, path, rec->line, "annual_revenue", e, v,
                           "expected an amount such as 125000.00");
            return;
        }
        info.has_revenue = true;
    }
    v = field(rec, at[CL_STRATEGIC]);
    if (!ar_parse_flag(v, &info.strategic)) {
        ar_rejects_add(rej, path, rec->line, "strategic", AR_ERR_FLAG, v,
                       "expected Y/N, Yes/No, true/false or 1/0");
        return;
    }
    v = field(rec, at[CL_PRIOR]);
    if (!parse_count(v, &info.prior_collections)) {
        ar_rejects_add(rej, path, rec->line, "prior_collections",
                       AR_ERR_NUMBER, v, "expected a whole number");
        return;
    }
    info.segment = parse_segment(field(rec, at[CL_SEGMENT]));
    ar_str *texts[] = {
        &info.id, &info.name, &info.contact, &info.address1,
        &info.address2, &info.city, &info.region, &info.postal_code,
        &info.country, &info.email, &info.phone, NULL, NULL, NULL, NULL,
        &info.account_manager, &info.language,
    };
    for (int i = 0; i < CL_COUNT; i++)
        if (texts[i])
            *texts[i] = ar_ledger_intern(lg, field(rec, at[i]),
                                         field_len(rec, at[i]));
    if (!ar_ledger_add_info(lg, &info)) {
        uint32_t c = ar_ledger_find_client(lg, id, strlen(id));
        char detail[80];
        snprintf(detail, sizeof detail, "first given on line %u",
                 ar_ledger_infos(lg)[ar_ledger_clients(lg)[c].info].line);
        ar_rejects_add(rej, path, rec->line, "client_id",
                       AR_ERR_DUPLICATE_CLIENT, id, detail);
    }
}

ar_err ar_ingest_clients(ar_ledger *lg, const char *path,
                         const ar_policy *p, ar_rejects *rej,
                         char sha256[65], ar_diag *d)
{
    static const small_file kind = {client_columns, CL_COUNT, 2, client_row};
    return read_small_file(lg, path, p, &kind, rej, sha256, d);
}

enum { CO_DATE, CO_CLIENT, CO_ACTION, CO_COST, CO_DOC, CO_NOTE, CO_COUNT };

/* The key columns of a costs or history row: a date and a client. */
static bool date_and_client(const ar_csv_record *rec, long date_at,
                            long client_at, const char *date_name,
                            const ar_policy *p, ar_rejects *rej,
                            const char *path, ar_date *out)
{
    const char *v = field(rec, date_at);
    if (!v[0] || !field(rec, client_at)[0]) {
        ar_rejects_add(rej, path, rec->line, v[0] ? "client_id" : date_name,
                       AR_ERR_MISSING_KEY, "", "");
        return false;
    }
    if (parse_date_field(v, strlen(v), p->date_format, out) != AR_OK) {
        ar_rejects_add(rej, path, rec->line, date_name, AR_ERR_DATE, v, "");
        return false;
    }
    return true;
}

static void cost_row(ar_ledger *lg, const ar_csv_record *rec, const long *at,
                     const ar_policy *p, ar_rejects *rej, const char *path)
{
    ar_cost cost = {.line = (uint32_t)rec->line};
    if (!date_and_client(rec, at[CO_DATE], at[CO_CLIENT], "date", p, rej,
                         path, &cost.date))
        return;
    const char *v = field(rec, at[CO_COST]);
    ar_err e = ar_money_parse(v, strlen(v), p->decimal_mark, &cost.cost);
    if (e == AR_OK && cost.cost < 0)
        e = AR_ERR_NEGATIVE;
    if (e != AR_OK) {
        ar_rejects_add(rej, path, rec->line, "cost", e, v, "");
        return;
    }
    cost.client = ar_ledger_client(lg, field(rec, at[CO_CLIENT]),
                                   field_len(rec, at[CO_CLIENT]));
    cost.action = ar_ledger_intern(lg, field(rec, at[CO_ACTION]),
                                   field_len(rec, at[CO_ACTION]));
    cost.doc_no = ar_ledger_intern(lg, field(rec, at[CO_DOC]),
                                   field_len(rec, at[CO_DOC]));
    cost.note = ar_ledger_intern(lg, field(rec, at[CO_NOTE]),
                                 field_len(rec, at[CO_NOTE]));
    ar_ledger_add_cost(lg, &cost);
}

ar_err ar_ingest_costs(ar_ledger *lg, const char *path, const ar_policy *p,
                       ar_rejects *rej, char sha256[65], ar_diag *d)
{
    static const char *const names[CO_COUNT] = {"date", "client_id",
                                                "action", "cost", "doc_no",
                                                "note"};
    static const small_file kind = {names, CO_COUNT, 4, cost_row};
    ar_err err = read_small_file(lg, path, p, &kind, rej, sha256, d);
    if (err == AR_OK)
        ar_ledger_set_costs_loaded(lg);
    return err;
}

enum { HI_DATE, HI_CLIENT, HI_STAGE, HI_DOCS, HI_AMOUNT, HI_CURRENCY,
       HI_COUNT };

static void history_row(ar_ledger *lg, const ar_csv_record *rec,
                        const long *at, const ar_policy *p, ar_rejects *rej,
                        const char *path)
{
    ar_letter_sent l = {0};
    if (!date_and_client(rec, at[HI_DATE], at[HI_CLIENT], "run_date", p,
                         rej, path, &l.run_date))
        return;
    const char *v = field(rec, at[HI_STAGE]);
    if (!(v[0] >= '1' && v[0] <= '5' && v[1] == '\0')) {
        ar_rejects_add(rej, path, rec->line, "stage", AR_ERR_NUMBER, v,
                       "expected a stage from 1 to 5");
        return;
    }
    l.stage = v[0] - '0';
    v = field(rec, at[HI_AMOUNT]);
    if (v[0]) {
        ar_err e = ar_money_parse(v, strlen(v), p->decimal_mark, &l.amount);
        if (e != AR_OK) {
            ar_rejects_add(rej, path, rec->line, "amount", e, v, "");
            return;
        }
    }
    v = field(rec, at[HI_CURRENCY]);
    if (v[0]) {
        char code[4];
        if (!valid_currency(v, strlen(v), code)) {
            ar_rejects_add(rej, path, rec->line, "currency", AR_ERR_CURRENCY,
                           v, "");
            return;
        }
        l.currency = ar_ledger_currency(lg, code, 3);
    }
    l.client = ar_ledger_client(lg, field(rec, at[HI_CLIENT]),
                                field_len(rec, at[HI_CLIENT]));
    l.doc_nos = ar_ledger_intern(lg, field(rec, at[HI_DOCS]),
                                 field_len(rec, at[HI_DOCS]));
    ar_ledger_add_letter(lg, &l);
}

ar_err ar_ingest_history(ar_ledger *lg, const char *path,
                         const ar_policy *p, ar_rejects *rej,
                         char sha256[65], ar_diag *d)
{
    static const char *const names[HI_COUNT] = {
        "run_date", "client_id", "stage", "doc_nos", "amount", "currency"};
    static const small_file kind = {names, HI_COUNT, 3, history_row};
    return read_small_file(lg, path, p, &kind, rej, sha256, d);
}
