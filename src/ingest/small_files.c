/* small_files.c - clients, collection costs and dunning history: our own
 * small files, read by column name (SPEC §2.2-§2.4). */
#include "ar/ingest/small_files.h"

#include "ar/base/shard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ar/ingest/columns.h"
#include "ar/ingest/fields.h"

/* Find the named columns of a small canonical file; required ones first.
 * Each must be named once. */
static ar_err find_columns(const ar_csv_reader *r, const char *path,
                           const char *const *names, size_t count,
                           size_t required, long *at, ar_diag *d)
{
    for (size_t i = 0; i < count; i++) {
        at[i] = ar_csv_find(r, names[i]);
        if (at[i] < 0 && i < required)
            return ar_diag_set(d, AR_ERR_COLUMN, path, 1, NULL,
                               "required column '%s' is missing", names[i]);
        ar_err err = ar_column_unique(r, at[i], path, names[i], "", d);
        if (err != AR_OK)
            return err;
    }
    return AR_OK;
}

/* A client id as every input keys it (fields.h). */
static const char *client_key(const ar_policy *p, const char *s,
                              size_t *len)
{
    *len = strlen(s);
    return ar_client_key(p, s, len);
}

void ar_kept_rows_fini(ar_kept_rows *k)
{
    free(k->text);
    memset(k, 0, sizeof *k);
}

static void keep_text(ar_kept_rows *k, const char *s, size_t n)
{
    ar_xgrow((void **)&k->text, &k->cap, k->len + n + 2, 1);
    memcpy(k->text + k->len, s, n);
    k->len += n;
    /* a last line without its line end gets one: rows follow it */
    if (!n || (s[n - 1] != '\n' && s[n - 1] != '\r'))
        k->text[k->len++] = '\n';
    k->text[k->len] = '\0';
}

/* The header as a line of the file's delimiter, quoted where needed. */
static void keep_header(ar_kept_rows *k, const ar_csv_reader *r)
{
    char delim = ar_csv_delimiter(r);
    for (size_t i = 0; i < ar_csv_column_count(r); i++) {
        const char *name = ar_csv_column(r, i);
        bool quote = strchr(name, delim) || strpbrk(name, "\"\r\n");
        ar_xgrow((void **)&k->text, &k->cap, k->len + 2 * strlen(name) + 6,
                 1);
        if (i)
            k->text[k->len++] = delim;
        if (quote)
            k->text[k->len++] = '"';
        for (; *name; name++) {
            if (*name == '"')
                k->text[k->len++] = '"';
            k->text[k->len++] = *name;
        }
        if (quote)
            k->text[k->len++] = '"';
    }
    keep_text(k, "", 0);
}

/* A verbatim record's first line, cut as other records show it. */
static const char *first_line(const char *raw, char *buf, size_t size)
{
    size_t n = strcspn(raw, "\r\n");
    if (n >= size) {
        n = size - 1;
        while (n && ((unsigned char)raw[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(buf, raw, n);
    buf[n] = '\0';
    return buf;
}

enum {
    CL_ID, CL_NAME, CL_CONTACT, CL_ADDRESS1, CL_ADDRESS2, CL_CITY,
    CL_REGION, CL_POSTAL, CL_COUNTRY, CL_EMAIL, CL_PHONE, CL_SEGMENT,
    CL_REVENUE, CL_STRATEGIC, CL_PRIOR, CL_MANAGER, CL_LANGUAGE, CL_TITLE,
    CL_FAMILY, CL_MANAGER_PHONE, CL_MANAGER_EMAIL, CL_COUNT
};

static const char *const client_columns[CL_COUNT] = {
    "client_id", "name", "contact", "address1", "address2", "city",
    "region", "postal_code", "country", "email", "phone", "segment",
    "annual_revenue", "strategic", "prior_collections", "account_manager",
    "language", "title", "family_name", "account_manager_phone",
    "account_manager_email",
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
    long client;    /* names[client] is the client_id; -1: none */
    /* Take one well-formed record; add a reject (and return) when the row
     * cannot be used. */
    void (*row)(ar_ledger *lg, const ar_csv_record *rec, const long *at,
                const ar_policy *p, ar_rejects *rej, const char *path,
                void *user);
} small_file;

/* The client id a well-formed row of kind names, as every input keys it
 * (fields.h), or "" (*len 0). */
static const char *row_client(const small_file *kind,
                              const ar_csv_record *rec, const long *at,
                              const ar_policy *p, size_t *len)
{
    const char *id = "";
    if (kind->client >= 0 && rec->status == AR_RECORD_OK)
        id = ar_field(rec, at[kind->client]);
    return client_key(p, id, len);
}

static ar_err read_small_file(ar_ledger *lg, const char *path,
                              const ar_policy *p, const small_file *kind,
                              ar_rejects *rej, ar_kept_rows *kept,
                              void *user, const ar_small_split *sp,
                              char sha256[65], ar_diag *d)
{
    ar_csv_reader *r = NULL;
    /* kept rows, and split's copies, are whole: the reader keeps each
     * record's text */
    ar_csv_header_rule verbatim = {.verbatim = true};
    ar_err err =
        ar_csv_open_at(&r, path, 0, kept || sp ? &verbatim : NULL, d);
    if (err != AR_OK)
        return err;
    long at[CL_COUNT]; /* the clients file is the widest of the three */
    err = find_columns(r, path, kind->names, kind->count, kind->required, at,
                       d);
    if (err == AR_OK && sp)
        err = sp->record(sp->ctx, ar_csv_header_raw(r), ar_csv_header_line(r),
                         -1, d);
    if (err != AR_OK)
        goto out;
    ar_csv_record rec;
    int got;
    char line[201]; /* as much as the reader keeps for messages */
    while ((got = ar_csv_next(r, &rec, d)) == 1) {
        size_t before = rej->count;
        ar_csv_record shown = rec;
        if (kept || sp) /* rejects.csv shows the first line, as for any file */
            shown.raw = first_line(rec.raw, line, sizeof line);
        if (!ar_reject_record(rej, path, &shown, ar_csv_column_count(r)))
            kind->row(lg, &rec, at, p, rej, path, user);
        /* issue #21: the row's rejects are its client's shard's */
        size_t klen;
        const char *key = row_client(kind, &rec, at, p, &klen);
        for (size_t i = before; i < rej->count && klen; i++)
            rej->items[i].has_client = true,
            rej->items[i].client_hash = ar_shard_hash(key, klen);
        if (sp && (err = sp->record(sp->ctx, rec.raw, rec.line,
                                    (int)ar_shard_of(key, klen, sp->n), d)))
            goto out;
        if (kept && rej->count > before) {
            if (!kept->rows)
                keep_header(kept, r);
            keep_text(kept, rec.raw, strlen(rec.raw));
            kept->rows++;
        }
    }
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
                       const char *path, void *user)
{
    (void)user;
    const char *id = ar_field(rec, at[CL_ID]);
    if (!id[0] || !ar_field(rec, at[CL_NAME])[0]) {
        const char *col = id[0] ? "name" : "client_id";
        ar_rejects_add(rej, path, rec->line, col, AR_ERR_MISSING_KEY, "",
                       "a client needs a client_id and a name");
        return;
    }
    ar_client_info info = {.segment = -1, .line = (uint32_t)rec->line};
    const char *v = ar_field(rec, at[CL_REVENUE]);
    if (v[0]) {
        ar_err e = ar_parse_amount_field(v, strlen(v), p->decimal_mark,
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
    v = ar_field(rec, at[CL_STRATEGIC]);
    if (!ar_parse_flag(v, &info.strategic)) {
        ar_rejects_add(rej, path, rec->line, "strategic", AR_ERR_FLAG, v,
                       "expected Y/N, Yes/No, true/false or 1/0");
        return;
    }
    v = ar_field(rec, at[CL_PRIOR]);
    if (!parse_count(v, &info.prior_collections)) {
        ar_rejects_add(rej, path, rec->line, "prior_collections",
                       AR_ERR_NUMBER, v, "expected a whole number");
        return;
    }
    info.segment = parse_segment(ar_field(rec, at[CL_SEGMENT]));
    size_t key_len;
    const char *key = client_key(p, id, &key_len);
    info.id = ar_ledger_intern(lg, key, key_len);
    ar_str *texts[] = {
        NULL, &info.name, &info.contact, &info.address1,
        &info.address2, &info.city, &info.region, &info.postal_code,
        &info.country, &info.email, &info.phone, NULL, NULL, NULL, NULL,
        &info.account_manager, &info.language, &info.title,
        &info.family_name, &info.manager_phone, &info.manager_email,
    };
    for (int i = 0; i < CL_COUNT; i++)
        if (texts[i])
            *texts[i] = ar_ledger_intern(lg, ar_field(rec, at[i]),
                                         ar_field_len(rec, at[i]));
    if (!ar_ledger_add_info(lg, &info)) {
        uint32_t c = ar_ledger_find_client(lg, key, key_len);
        char detail[80];
        snprintf(detail, sizeof detail, "first given on line %u",
                 ar_ledger_infos(lg)[ar_ledger_clients(lg)[c].info].line);
        ar_rejects_add(rej, path, rec->line, "client_id",
                       AR_ERR_DUPLICATE_CLIENT, id, detail);
    }
}

static ar_err clients_file(ar_ledger *lg, const char *path,
                           const ar_policy *p, ar_rejects *rej,
                           const ar_small_split *sp, char sha256[65],
                           ar_diag *d)
{
    static const small_file kind = {client_columns, CL_COUNT, 2, 0, client_row};
    return read_small_file(lg, path, p, &kind, rej, NULL, NULL, sp, sha256,
                           d);
}

ar_err ar_ingest_clients(ar_ledger *lg, const char *path,
                         const ar_policy *p, ar_rejects *rej,
                         char sha256[65], ar_diag *d)
{
    return clients_file(lg, path, p, rej, NULL, sha256, d);
}

enum { CO_DATE, CO_CLIENT, CO_ACTION, CO_COST, CO_DOC, CO_NOTE, CO_COUNT };

/* The key columns of a costs or history row: a date and a client. */
static bool date_and_client(const ar_csv_record *rec, long date_at,
                            long client_at, const char *date_name,
                            const ar_policy *p, ar_rejects *rej,
                            const char *path, ar_date *out)
{
    const char *v = ar_field(rec, date_at);
    if (!v[0] || !ar_field(rec, client_at)[0]) {
        ar_rejects_add(rej, path, rec->line, v[0] ? "client_id" : date_name,
                       AR_ERR_MISSING_KEY, "", "");
        return false;
    }
    if (ar_parse_date_field(v, strlen(v), p->date_format, out) != AR_OK) {
        ar_rejects_add(rej, path, rec->line, date_name, AR_ERR_DATE, v, "");
        return false;
    }
    return true;
}

static void cost_row(ar_ledger *lg, const ar_csv_record *rec, const long *at,
                     const ar_policy *p, ar_rejects *rej, const char *path,
                     void *user)
{
    (void)user;
    ar_cost cost = {.line = (uint32_t)rec->line};
    if (!date_and_client(rec, at[CO_DATE], at[CO_CLIENT], "date", p, rej,
                         path, &cost.date))
        return;
    const char *v = ar_field(rec, at[CO_COST]);
    ar_err e =
        ar_parse_amount_field(v, strlen(v), p->decimal_mark, &cost.cost);
    if (e == AR_OK && cost.cost < 0)
        e = AR_ERR_NEGATIVE;
    if (e != AR_OK) {
        ar_rejects_add(rej, path, rec->line, "cost", e, v, "");
        return;
    }
    size_t len;
    const char *id = client_key(p, ar_field(rec, at[CO_CLIENT]), &len);
    cost.client = ar_ledger_client(lg, id, len);
    cost.action = ar_ledger_intern(lg, ar_field(rec, at[CO_ACTION]),
                                   ar_field_len(rec, at[CO_ACTION]));
    cost.doc_no = ar_ledger_intern(lg, ar_field(rec, at[CO_DOC]),
                                   ar_field_len(rec, at[CO_DOC]));
    cost.note = ar_ledger_intern(lg, ar_field(rec, at[CO_NOTE]),
                                 ar_field_len(rec, at[CO_NOTE]));
    ar_ledger_add_cost(lg, &cost);
}

static ar_err costs_file(ar_ledger *lg, const char *path,
                         const ar_policy *p, ar_rejects *rej,
                         const ar_small_split *sp, char sha256[65],
                         ar_diag *d)
{
    static const char *const names[CO_COUNT] = {"date", "client_id",
                                                "action", "cost", "doc_no",
                                                "note"};
    static const small_file kind = {names, CO_COUNT, 4, CO_CLIENT, cost_row};
    ar_err err =
        read_small_file(lg, path, p, &kind, rej, NULL, NULL, sp, sha256, d);
    if (err == AR_OK)
        ar_ledger_set_costs_loaded(lg);
    return err;
}

enum { HI_DATE, HI_CLIENT, HI_STAGE, HI_DOCS, HI_AMOUNT, HI_CURRENCY,
       HI_LETTER_DATE, HI_COUNT };

static void history_row(ar_ledger *lg, const ar_csv_record *rec,
                        const long *at, const ar_policy *p, ar_rejects *rej,
                        const char *path, void *user)
{
    (void)user;
    ar_letter_sent l = {.letter_date = AR_DATE_NONE};
    if (!date_and_client(rec, at[HI_DATE], at[HI_CLIENT], "run_date", p,
                         rej, path, &l.run_date))
        return;
    /* the date the letter bore, when it differs from the run's */
    const char *ld = ar_field(rec, at[HI_LETTER_DATE]);
    if (ld[0] && ar_parse_date_field(ld, strlen(ld), p->date_format,
                                     &l.letter_date) != AR_OK) {
        ar_rejects_add(rej, path, rec->line, "letter_date", AR_ERR_DATE, ld,
                       "");
        return;
    }
    const char *v = ar_field(rec, at[HI_STAGE]);
    if (!(v[0] >= '1' && v[0] <= '5' && v[1] == '\0')) {
        ar_rejects_add(rej, path, rec->line, "stage", AR_ERR_NUMBER, v,
                       "expected a stage from 1 to 5");
        return;
    }
    l.stage = v[0] - '0';
    v = ar_field(rec, at[HI_AMOUNT]);
    if (v[0]) {
        ar_err e =
            ar_parse_amount_field(v, strlen(v), p->decimal_mark, &l.amount);
        if (e != AR_OK) {
            ar_rejects_add(rej, path, rec->line, "amount", e, v, "");
            return;
        }
    }
    v = ar_field(rec, at[HI_CURRENCY]);
    if (v[0]) {
        char code[4];
        if (!ar_parse_currency(v, strlen(v), code)) {
            ar_rejects_add(rej, path, rec->line, "currency", AR_ERR_CURRENCY,
                           v, "");
            return;
        }
        l.currency = ar_ledger_currency(lg, code, 3);
    }
    size_t len;
    const char *id = client_key(p, ar_field(rec, at[HI_CLIENT]), &len);
    l.client = ar_ledger_client(lg, id, len);
    l.doc_nos = ar_ledger_intern(lg, ar_field(rec, at[HI_DOCS]),
                                 ar_field_len(rec, at[HI_DOCS]));
    ar_ledger_add_letter(lg, &l);
}

ar_err ar_ingest_costs(ar_ledger *lg, const char *path, const ar_policy *p,
                       ar_rejects *rej, char sha256[65], ar_diag *d)
{
    return costs_file(lg, path, p, rej, NULL, sha256, d);
}

static ar_err history_file(ar_ledger *lg, const char *path,
                           const ar_policy *p, ar_rejects *rej,
                           ar_kept_rows *kept, const ar_small_split *sp,
                           char sha256[65], ar_diag *d)
{
    static const char *const names[HI_COUNT] = {
        "run_date", "client_id", "stage", "doc_nos", "amount", "currency",
        "letter_date"};
    static const small_file kind = {names, HI_COUNT, 3, HI_CLIENT, history_row};
    return read_small_file(lg, path, p, &kind, rej, kept, NULL, sp, sha256,
                           d);
}

ar_err ar_ingest_history(ar_ledger *lg, const char *path,
                         const ar_policy *p, ar_rejects *rej,
                         ar_kept_rows *kept, char sha256[65], ar_diag *d)
{
    return history_file(lg, path, p, rej, kept, NULL, sha256, d);
}

/* ---- holidays --------------------------------------------------------- */

static void holiday_row(ar_ledger *lg, const ar_csv_record *rec,
                        const long *at, const ar_policy *p, ar_rejects *rej,
                        const char *path, void *user)
{
    (void)lg;
    ar_holidays *h = user;
    const char *v = ar_field(rec, at[0]);
    ar_date day;
    if (!v[0]) {
        ar_rejects_add(rej, path, rec->line, "date", AR_ERR_MISSING_KEY, "",
                       "");
        return;
    }
    if (ar_parse_date_field(v, strlen(v), p->date_format, &day) != AR_OK) {
        ar_rejects_add(rej, path, rec->line, "date", AR_ERR_DATE, v, "");
        return;
    }
    ar_xgrow((void **)&h->days, &h->cap, h->count + 1, sizeof *h->days);
    h->days[h->count++] = day;
}

static int cmp_date(const void *a, const void *b)
{
    ar_date x = *(const ar_date *)a, y = *(const ar_date *)b;
    return (x > y) - (x < y);
}

ar_err ar_ingest_holidays(ar_holidays *h, const char *path,
                          const ar_policy *p, ar_rejects *rej,
                          char sha256[65], ar_diag *d)
{
    static const char *const names[] = {"date", "name"};
    static const small_file kind = {names, 2, 1, -1, holiday_row};
    ar_err err = read_small_file(NULL, path, p, &kind, rej, NULL, h, NULL,
                                 sha256,
                                 d);
    if (err == AR_OK && h->count)
        qsort(h->days, h->count, sizeof *h->days, cmp_date);
    return err;
}

ar_err ar_ingest_small_split(ar_ledger *lg, const char *role,
                             const char *path, const ar_policy *p,
                             ar_rejects *rej, ar_kept_rows *kept,
                             const ar_small_split *sp, char sha256[65],
                             ar_diag *d)
{
    if (strcmp(role, "clients") == 0)
        return clients_file(lg, path, p, rej, sp, sha256, d);
    if (strcmp(role, "costs") == 0)
        return costs_file(lg, path, p, rej, sp, sha256, d);
    return history_file(lg, path, p, rej, kept, sp, sha256, d);
}
