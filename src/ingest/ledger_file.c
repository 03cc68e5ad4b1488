/* ledger_file.c - the ledger file into the ledger: the row rules of SPEC
 * §2 and §8.1-§8.11 (each rejected row gets exactly one reason, the first
 * that applies in the order of SPEC §8.6), with a real export mapped
 * first (mapping.h). */
#include "ar/ingest/ledger_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ar/base/shard.h"
#include "ar/ingest/columns.h"
#include "ar/ingest/duplicates.h"
#include "ar/ingest/fields.h"

/* Where check_row finds our columns in a record, and how its dates and
 * amounts are written: the ledger's own header and policy, or a mapped
 * row's view (its columns in order, amounts rewritten with '.'). */
typedef struct column_map {
    long at[AR_COL_CANONICAL_];
    const char *date_fmt[AR_DATE_COLUMNS];          /* as the policy says */
    ar_date_pattern pats[AR_DATE_COLUMNS][AR_DATE_PATTERNS];
    int npats[AR_DATE_COLUMNS];                     /* its alternatives */
    char decimal_mark;
} column_map;

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

/* Checks one ledger record; on success fills doc and returns AR_OK, else
 * returns the reason and sets *col to the offending column. */

static ar_err check_row(ar_ledger *lg, const ar_csv_record *rec,
                        const column_map *m, ar_doc *doc, ar_column *col,
                        char *detail, size_t dsize)
{
    memset(doc, 0, sizeof *doc);
    doc->line = (uint32_t)rec->line;
    doc->settled_date = AR_DATE_NONE;
    doc->due_date = AR_DATE_NONE;

    /* SPEC §2.1: with no doc_type column every row is an invoice. */
    ar_doc_type type = AR_DOC_INV;
    if (m->at[AR_COL_DOC_TYPE] >= 0) {
        const char *t = ar_field(rec, m->at[AR_COL_DOC_TYPE]);
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
        if (!ar_field(rec, m->at[keys[i]])[0])
            return *col = keys[i], AR_ERR_MISSING_KEY;

    /* SPEC §8.6: every non-blank date column is checked. */
    static const ar_column dates[] = {AR_COL_DOC_DATE, AR_COL_DUE_DATE,
                                      AR_COL_SETTLED_DATE};
    ar_date parsed[3] = {AR_DATE_NONE, AR_DATE_NONE, AR_DATE_NONE};
    for (size_t i = 0; i < 3; i++) {
        long at = m->at[dates[i]];
        if (!ar_field(rec, at)[0])
            continue;
        ar_err e = AR_ERR_DATE;
        for (int k = 0; k < m->npats[i] && e != AR_OK; k++)
            e = ar_date_parse(ar_field(rec, at), ar_field_len(rec, at),
                              m->pats[i][k].text, &parsed[i]);
        if (e != AR_OK) {
            char example[64];
            snprintf(detail, dsize,
                     "expected a real date such as %s (date_format %s; "
                     "arbatch inspect finds an export's)",
                     ar_date_example(m->date_fmt[i], example, sizeof example),
                     m->date_fmt[i]);
            return *col = dates[i], AR_ERR_DATE;
        }
    }
    doc->doc_date = parsed[0];
    /* SPEC §2.6: on a PAY/CRN/WO the date it was cleared (consumed) */
    doc->settled_date = parsed[2];
    if (ar_doc_is_item(type)) /* SPEC §2.1: blank means due on doc_date */
        doc->due_date = parsed[1] != AR_DATE_NONE ? parsed[1] : parsed[0];

    *col = AR_COL_AMOUNT;
    long at = m->at[AR_COL_AMOUNT];
    ar_err err = ar_money_parse(ar_field(rec, at), ar_field_len(rec, at),
                                m->decimal_mark, &doc->amount);
    if (err == AR_ERR_AMOUNT) {
        snprintf(detail, dsize,
                 "expected an amount such as 1234.56 with at most two "
                 "decimals (decimal mark '%c')%s",
                 m->decimal_mark,
                 ar_amount_mark_hint(ar_field(rec, at), ar_field_len(rec, at),
                                     m->decimal_mark, false));
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
    if (ar_field(rec, at)[0]) {
        char code[4];
        if (!ar_parse_currency(ar_field(rec, at), ar_field_len(rec, at), code)) {
            snprintf(detail, dsize, "expected a 3-letter ISO 4217 code");
            return *col = AR_COL_CURRENCY, AR_ERR_CURRENCY;
        }
        doc->currency = ar_ledger_currency(lg, code, 3);
    }

    bool disputed = false;
    if (!ar_parse_flag(ar_field(rec, m->at[AR_COL_DISPUTED]), &disputed)) {
        snprintf(detail, dsize, "expected Y/N, Yes/No, true/false or 1/0");
        return *col = AR_COL_DISPUTED, AR_ERR_FLAG;
    }
    doc->disputed = disputed;
    /* SPEC §8.8: duplicates are found after the last row, all at once
     * (ar_ledger_drop_duplicates): the check comes last for each row. */
    return AR_OK;
}

static void date_range(const ar_ledger *lg, ar_ingest_stats *st)
{
    st->first_date = st->last_date = AR_DATE_NONE;
    const ar_doc *docs = ar_ledger_docs(lg);
    for (size_t i = 0; i < ar_ledger_doc_count(lg); i++) {
        /* an open-balance export's settlement is dated on the export
         * date, which is the as-of date by default: the documents date
         * the ledger, so that a mistyped --as-of is still noticed */
        if (docs[i].companion)
            continue;
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
                          const ar_line_groups *groups,
                          const ar_ingest_shard *sh, ar_diag *d)
{
    if (!fold) {
        ar_duplicate *dups = NULL;
        size_t n = ar_ledger_drop_duplicates(lg, &dups);
        ar_reject_duplicates(lg, path, rej, first_reject, st, dups, n,
                             groups, sh);
        free(dups);
        date_range(lg, st);
        return AR_OK;
    }
    ar_fold_result fr;
    ar_err err = ar_fold_finish(fold, p, &fr, d);
    ar_reject_duplicates(lg, path, rej, first_reject, st, fr.dups,
                         fr.dup_count, groups, sh);
    free(fr.dups);
    st->first_date = fr.first_date;
    st->last_date = fr.last_date;
    return err;
}

/* ---- skipped rows ------------------------------------------------------- */

static void skip_row(ar_ingest_stats *st, long line, ar_skip_reason why,
                     const char *first)
{
    ar_skips *s = &st->skips;
    ar_xgrow((void **)&s->items, &s->cap, s->count + 1, sizeof *s->items);
    size_t n = strnlen(first, 80);
    while (n && ((unsigned char)first[n] & 0xC0) == 0x80)
        n--; /* never cut a UTF-8 sequence in half */
    s->items[s->count++] = (ar_skipped){line, why, ar_xstrndup(first, n)};
    s->by_reason[why]++;
    st->rows_skipped++;
}

static const char *first_field(const ar_csv_record *rec)
{
    for (size_t i = 0; i < rec->nfields; i++)
        if (rec->fields[i][0])
            return rec->fields[i];
    return rec->raw;
}

/* Our own layout: every column found is blank (a short row's missing
 * fields count as blank). SPEC §2.6: a layout line, skipped. */
static bool blank_row(const ar_csv_record *rec, const column_map *m)
{
    for (int c = 0; c < AR_COL_CANONICAL_; c++)
        if (ar_field(rec, m->at[c])[0])
            return false;
    return true;
}

/* ---- the rows a used row becomes ---------------------------------------- */

/* Where used rows go, and what a document of several lines gathers. */
typedef struct sink {
    ar_ledger *lg;
    ar_fold *fold;
    const ar_policy *p;
    const char *path;
    ar_rejects *rej;
    ar_ingest_stats *st;
    const ar_ingest_shard *sh; /* split or a shard folder's run */
    ar_date export_date;      /* open amounts settle on this day */
    bool *seen;               /* clients whose master data is taken */
    size_t seen_cap;
    /* group_lines: the document being gathered */
    bool pending;
    ar_doc doc;
    bool has_open;
    ar_cents open;
    int open_flag;
    char doc_no[512], applies_to[512];
    long *lines;              /* its lines */
    size_t nlines, lines_cap;
    ar_err bad;               /* a line disagreed: every line is rejected */
    long dup_owner;           /* a shard folder's run: split found it a
                               * duplicate of the document on this line */
    long dup_doc;             /* ... as the document whose first line is
                               * this (a further line has its first's) */
    ar_line_groups groups;    /* the documents of several lines written */
    char bad_detail[200];
} sink;

/* The value of a rejected row of our own layout, where its amount and
 * currency columns read (README "Aging workbook": reconciling items). */
static void note_value(ar_rejects *rej, const ar_csv_record *row,
                       const column_map *m)
{
    ar_cents v;
    char code[4] = "";
    long at = m->at[AR_COL_CURRENCY];
    if (ar_money_parse(ar_field(row, m->at[AR_COL_AMOUNT]),
                       ar_field_len(row, m->at[AR_COL_AMOUNT]),
                       m->decimal_mark, &v) != AR_OK ||
        (ar_field(row, at)[0] &&
         !ar_parse_currency(ar_field(row, at), ar_field_len(row, at), code)))
        return;
    ar_rejects_note_amount(rej, v, code);
}

static ar_err add_one(sink *k, const ar_doc *doc, const char *no,
                      size_t no_len, const char *ref, size_t ref_len,
                      ar_diag *d)
{
    /* items never settle anything: their applies_to is not kept */
    if (ar_doc_is_item((ar_doc_type)doc->type))
        ref_len = 0;
    if (k->fold) {
        ar_ledger_note_first_currency(k->lg, doc->currency);
        return ar_fold_add(k->fold, doc, no, no_len, ref, ref_len, d);
    }
    ar_doc x = *doc;
    x.doc_no = ar_ledger_intern(k->lg, no, no_len);
    if (ref_len)
        x.applies_to = ar_ledger_intern_ref(k->lg, ref, ref_len);
    ar_ledger_add_doc(k->lg, &x);
    return AR_OK;
}

/* A used document, and what its open amount or open flag says (SPEC
 * §2.6): the difference to the amount is settled on the export date. On
 * an item that is a payment (all of it: its settled_date); on a credit,
 * the part that was applied is consumed that day. Either is a companion
 * row made from this one. */
static ar_err emit(sink *k, ar_doc *doc, bool has_open, ar_cents open,
                   int open_flag, const char *no, const char *ref,
                   ar_diag *d)
{
    size_t no_len = strlen(no), ref_len = strlen(ref);
    ar_date e = k->export_date;
    bool item = ar_doc_is_item((ar_doc_type)doc->type);
    if (!has_open && open_flag == 0 && doc->settled_date == AR_DATE_NONE)
        has_open = true, open = 0; /* closed, no date: as of the export */
    /* SPEC §2.6: a credit's open amount is unapplied whatever item it
     * names (what it applied is in that item's own open amount), and
     * before the export date all of it is */
    if (has_open && !item)
        ref_len = 0;
    if (!has_open || open == doc->amount || e == AR_DATE_NONE)
        return add_one(k, doc, no, no_len, ref, ref_len, d);
    if (open == 0 && doc->settled_date == AR_DATE_NONE) {
        doc->settled_date = e;
        return add_one(k, doc, no, no_len, ref, ref_len, d);
    }
    if (open == 0) /* settled on its own date already */
        return add_one(k, doc, no, no_len, ref, ref_len, d);
    ar_doc part = *doc;
    part.companion = 1;
    part.settled_date = AR_DATE_NONE;
    part.amount = doc->amount - open;
    /* its own number: one per document and type ("1001 INV (export)") */
    char pno[600];
    int pn = snprintf(pno, sizeof pno, "%s %s (export)", no,
                      ar_doc_type_name((ar_doc_type)doc->type));
    if (item) {
        /* the paid part: a payment of this item on the export date */
        part.type = AR_DOC_PAY;
        part.doc_date = e;
        part.due_date = AR_DATE_NONE;
        part.disputed = 0;
    } else {
        /* the applied part of a credit: consumed on the export date */
        doc->amount = open;
        part.settled_date = e;
    }
    ar_err err = add_one(k, doc, no, no_len, ref, ref_len, d);
    if (err == AR_OK)
        err = add_one(k, &part, pno, (size_t)pn < sizeof pno ? (size_t)pn
                                                              : sizeof pno - 1,
                      item ? no : ref, item ? no_len : ref_len, d);
    return err;
}

/* The client's master data from the ledger's columns (SPEC §2.6), taken
 * from its first row that names it; the clients file, read later, comes
 * first (ar_ingest_add_derived). */
static void derive_client(sink *k, uint32_t client, const ar_mapped_row *mr)
{
    if (!mr->info[AR_COL_NAME - AR_COL_NAME][0])
        return;
    if (client >= k->seen_cap) {
        size_t old = k->seen_cap;
        ar_xgrow((void **)&k->seen, &k->seen_cap, client + 1, 1);
        memset(k->seen + old, 0, k->seen_cap - old);
    }
    if (k->seen[client])
        return;
    k->seen[client] = true;
    ar_ledger *lg = k->lg;
    const char *const *v = mr->info;
#define I(c) ar_ledger_intern(lg, v[c - AR_COL_NAME], strlen(v[c - AR_COL_NAME]))
    ar_client_info info = {
        .id = ar_ledger_clients(lg)[client].id,
        .name = I(AR_COL_NAME), .contact = I(AR_COL_CONTACT),
        .address1 = I(AR_COL_ADDRESS1), .address2 = I(AR_COL_ADDRESS2),
        .city = I(AR_COL_CITY), .region = I(AR_COL_REGION),
        .postal_code = I(AR_COL_POSTAL_CODE), .country = I(AR_COL_COUNTRY),
        .email = I(AR_COL_EMAIL), .phone = I(AR_COL_PHONE),
        .segment = -1, .line = (uint32_t)mr->view.line,
        .from_ledger = true};
#undef I
    ar_ingest_stats *st = k->st;
    ar_xgrow((void **)&st->derived, &st->derived_cap, st->derived_count + 1,
             sizeof *st->derived);
    st->derived[st->derived_count++] = info;
}

/* ---- line items (SPEC §2.6 group_lines) --------------------------------- */

/* The pending document split found a duplicate: rejected as the single
 * run's reject_duplicates does, its first line with the document's
 * amount, each further line without one (the amount counts once). */
static ar_err reject_dup(sink *k)
{
    ar_ledger *lg = k->lg;
    const char *client =
        ar_ledger_text(lg, ar_ledger_clients(lg)[k->doc.client].id);
    for (size_t i = 0; i < k->nlines; i++)
        ar_shard_reject_dup(k->rej, k->path, k->lines[i], k->dup_owner,
                            ar_doc_type_name((ar_doc_type)k->doc.type),
                            k->doc_no, i == 0, k->doc.amount,
                            ar_ledger_currency_code(lg, k->doc.currency),
                            client, strlen(client));
    k->st->rows_rejected += k->nlines;
    return AR_OK;
}

/* The pending document is written out, or every one of its lines is
 * rejected when they disagreed (or split found it a duplicate). */
static ar_err flush(sink *k, ar_diag *d)
{
    if (!k->pending)
        return AR_OK;
    k->pending = false;
    if (k->dup_owner)
        return reject_dup(k);
    if (k->bad == AR_OK) {
        if (k->nlines > 1)
            ar_line_groups_add(&k->groups, k->lines[0], k->lines + 1,
                               k->nlines - 1);
        return emit(k, &k->doc, k->has_open, k->open, k->open_flag,
                    k->doc_no, k->applies_to, d);
    }
    const char *client =
        ar_ledger_text(k->lg, ar_ledger_clients(k->lg)[k->doc.client].id);
    for (size_t i = 0; i < k->nlines; i++) {
        ar_rejects_add(k->rej, k->path, k->lines[i], "amount", k->bad,
                       k->doc_no, k->bad_detail);
        ar_rejects_client(k->rej, client, strlen(client));
    }
    k->st->rows_used -= k->nlines;
    k->st->rows_rejected += k->nlines;
    return AR_OK;
}

static bool same_document(const sink *k, const ar_doc *doc, const char *no,
                          long dup_owner, long dup_doc)
{
    /* split saw the whole file: two duplicates of one owner are two
     * documents when another shard's row came between them */
    return k->pending && k->dup_owner == dup_owner &&
           k->dup_doc == dup_doc &&
           k->doc.type == doc->type &&
           k->doc.client == doc->client && strcmp(k->doc_no, no) == 0;
}

/* One used row: a document of its own, or a line of the one before it
 * (the lines of a document follow each other, as exports write them; the
 * same number later in the file is a duplicate, SPEC §8.8). */
static ar_err take(sink *k, ar_doc *doc, bool has_open, ar_cents open,
                   int open_flag, const char *no, const char *ref,
                   long dup_owner, long dup_doc, ar_diag *d)
{
    if (k->p->group_lines == AR_GROUP_NONE)
        return emit(k, doc, has_open, open, open_flag, no, ref, d);
    if (same_document(k, doc, no, dup_owner, dup_doc)) {
        ar_xgrow((void **)&k->lines, &k->lines_cap, k->nlines + 1,
                 sizeof *k->lines);
        k->lines[k->nlines++] = doc->line;
        if (k->bad != AR_OK)
            return AR_OK;
        if (k->p->group_lines == AR_GROUP_SAME) {
            if (doc->amount != k->doc.amount ||
                (has_open && open != k->open)) {
                k->bad = AR_ERR_LINE_ITEMS;
                snprintf(k->bad_detail, sizeof k->bad_detail,
                         "group_lines = same: line %ld gives another "
                         "amount than line %u of this document",
                         (long)doc->line, k->doc.line);
            }
            return AR_OK;
        }
        /* sum: each part is below 2^53 cents, so is their sum until the
         * limit is passed, which rejects the document */
        k->doc.amount += doc->amount;
        k->open += has_open ? open : 0;
        if (k->doc.amount > AR_CENTS_TOTAL_MAX) {
            k->bad = AR_ERR_OVERFLOW;
            snprintf(k->bad_detail, sizeof k->bad_detail,
                     "the lines add up to more than 90,071,992,547,409.91");
        }
        return AR_OK;
    }
    ar_err err = flush(k, d);
    k->pending = true;
    k->doc = *doc;
    k->has_open = has_open;
    k->open = open;
    k->open_flag = open_flag;
    snprintf(k->doc_no, sizeof k->doc_no, "%s", no);
    snprintf(k->applies_to, sizeof k->applies_to, "%s", ref);
    k->nlines = 0;
    ar_xgrow((void **)&k->lines, &k->lines_cap, 1, sizeof *k->lines);
    k->lines[k->nlines++] = doc->line;
    k->bad = AR_OK;
    k->dup_owner = dup_owner;
    k->dup_doc = dup_doc;
    return err;
}

/* ---- the file ------------------------------------------------------------ */

/* Our own layout's columns by header name (a view's are its positions);
 * a header that names one twice is refused, unless the policy's
 * [columns] names another header, once there, for it. */
static ar_err own_columns(const ar_csv_reader *r, const ar_policy *p,
                          const char *path, column_map *m, ar_diag *d)
{
    for (int c = 0; c < AR_COL_CANONICAL_; c++) {
        const char *name = ar_policy_column(p, (ar_column)c);
        m->at[c] = name[0] ? ar_csv_find(r, name) : -1;
        ar_err err = ar_column_unique(
            r, m->at[c], path, ar_column_name((ar_column)c),
            ", or name the one to read in the policy's [columns]", d);
        if (err != AR_OK)
            return err;
    }
    return AR_OK;
}

static void view_columns(const ar_mapping *map, column_map *m)
{
    for (int c = 0; c < AR_COL_CANONICAL_; c++)
        m->at[c] = ar_mapping_source(map, (ar_column)c)[0] ||
                           c == AR_COL_DOC_TYPE || c == AR_COL_AMOUNT
                       ? c
                       : -1;
}

ar_err ar_ingest_ledger(ar_ledger *lg, const char *path, const ar_policy *p,
                        const ar_fold_opts *fo, ar_rejects *rej,
                        ar_ingest_stats *st, ar_progress_fn progress,
                        void *ctx, ar_diag *d)
{
    return ar_ingest_ledger_shard(lg, path, p, fo, rej, st, progress, ctx,
                                  NULL, d);
}

ar_err ar_ingest_ledger_shard(ar_ledger *lg, const char *path,
                              const ar_policy *p, const ar_fold_opts *fo,
                              ar_rejects *rej, ar_ingest_stats *st,
                              ar_progress_fn progress, void *ctx,
                              const ar_ingest_shard *sh, ar_diag *d)
{
    memset(st, 0, sizeof *st);
    st->first_date = st->last_date = AR_DATE_NONE;
    ar_csv_reader *r = NULL;
    ar_mapping *map = NULL;
    ar_fold *fold = NULL;
    sink k = {.lg = lg, .p = p, .path = path, .rej = rej, .st = st,
              .sh = sh, .export_date = p->export_date};
    bool split = sh && sh->record;
    char wanted[400];
    ar_mapping_wanted(p, wanted, sizeof wanted);
    ar_header_search hs = {.p = p};
    ar_csv_header_rule rule = {.line = p->header_line,
                               .is_header = ar_mapping_is_header,
                               .ctx = &hs, .wanted = wanted,
                               .verbatim = split};
    ar_err err = ar_csv_open_at(&r, path, p->delimiter, &rule, d);
    if (err == AR_ERR_COLUMN)
        ar_mapping_no_header(&hs, p, path, d);
    if (err != AR_OK)
        return err;
    for (size_t i = 0; i < ar_csv_preamble_count(r); i++) {
        const ar_csv_preamble *pre = ar_csv_preamble_at(r, i);
        st->rows_read++;
        skip_row(st, pre->line, AR_SKIP_ABOVE_HEADER, pre->first_field);
        if (split && (err = sh->record(sh->ctx, pre->raw, pre->line, 0, d)))
            goto out;
    }
    if (split && (err = sh->record(sh->ctx, ar_csv_header_raw(r),
                                   ar_csv_header_line(r), -1, d)))
        goto out;
    column_map m = {.decimal_mark = p->decimal_mark};
    for (int i = 0; i < AR_DATE_COLUMNS; i++)
    {
        m.date_fmt[i] = p->date_formats[i][0] ? p->date_formats[i]
                                              : p->date_format;
        /* checked when the policy was read */
        m.npats[i] = ar_date_patterns(m.date_fmt[i], m.pats[i],
                                      AR_DATE_PATTERNS);
    }
    /* the export says what is open: an open amount or flag */
    bool says_open = false;
    if (ar_policy_maps_rows(p)) {
        err = ar_mapping_new(p, r, path, &map, d);
        if (err != AR_OK)
            goto out;
        view_columns(map, &m);
        m.decimal_mark = '.'; /* the view's amounts are ours */
        says_open = ar_mapping_source(map, AR_COL_OPEN_AMOUNT)[0] ||
                    ar_mapping_source(map, AR_COL_OPEN)[0];
        /* an open amount or flag beside a closing date still dates
         * every full settlement (Business Central's Closed at Date): only
         * the part applications settle on the export date */
        st->open_balances =
            says_open && !ar_mapping_source(map, AR_COL_SETTLED_DATE)[0];
    } else {
        err = own_columns(r, p, path, &m, d);
        if (err != AR_OK)
            goto out;
    }
    /* an export with open amounts is read in memory: its companion rows
     * go with their row, which only the in-memory duplicates pass does
     * (it holds what is open, which memory holds anyway) */
    if (fo && !says_open) {
        err = ar_fold_open(&fold, lg, fo, d);
        if (err != AR_OK)
            goto out;
        k.fold = fold;
    }

    ar_csv_record rec;
    ar_mapped_row mr;
    int got;
    char detail[200];
    size_t first_reject = rej->count;
    while ((got = ar_csv_next(r, &rec, d)) == 1) {
        st->rows_read++;
        if (progress && (st->rows_read & 0xffff) == 0)
            progress(ctx, st->rows_read, ar_csv_bytes_read(r));
        const ar_csv_record *row = &rec;
        ar_column col = AR_COL_DOC_TYPE;
        const char *value = "";
        ar_err why = AR_OK;
        detail[0] = '\0';
        ar_skip_reason skip;
        ar_map_result res = AR_MAP_REJECT;
        if (map && rec.status != AR_RECORD_MALFORMED)
            res = ar_mapping_row(map, &rec, &mr, &skip, &why, &col, &value,
                                 detail, sizeof detail);
        if (split && (err = ar_shard_record(
                          sh, &rec, !map ? &rec : res == AR_MAP_USE ? &mr.view
                                                                   : NULL,
                          m.at[AR_COL_CLIENT_ID], d)) != AR_OK)
            goto out;
        if (map && rec.status != AR_RECORD_MALFORMED) {
            if (res == AR_MAP_SKIP) {
                skip_row(st, rec.line, skip, first_field(&rec));
                continue;
            }
            if (res == AR_MAP_REJECT && why == AR_ERR_FIELD_COUNT) {
                ar_reject_record(rej, path, &rec, ar_csv_column_count(r));
                st->rows_rejected++;
                continue;
            }
            if (res == AR_MAP_REJECT) {
                ar_rejects_add(rej, path, rec.line, ar_column_name(col), why,
                               value, detail);
                ar_cents v;
                char code[4];
                if (ar_mapping_amount(map, &rec, &v, code))
                    ar_rejects_note_amount(rej, v, code);
                st->rows_rejected++;
                continue;
            }
            st->rows_rounded += mr.rounded;
            row = &mr.view;
        } else if (rec.status == AR_RECORD_FIELD_COUNT &&
                   blank_row(&rec, &m)) {
            skip_row(st, rec.line, AR_SKIP_LAYOUT, first_field(&rec));
            continue;
        } else if (ar_reject_record(rej, path, &rec,
                                    ar_csv_column_count(r))) {
            st->rows_rejected++;
            continue;
        }
        ar_doc doc;
        why = check_row(lg, row, &m, &doc, &col, detail, sizeof detail);
        if (why == AR_ERR_MISSING_KEY && !map && blank_row(&rec, &m)) {
            skip_row(st, rec.line, AR_SKIP_LAYOUT, first_field(&rec));
            continue;
        }
        if (why != AR_OK) {
            ar_rejects_add(rej, path, rec.line, ar_column_name(col), why,
                           ar_field(row, m.at[col]), detail);
            note_value(rej, row, &m);
            ar_rejects_client(rej, ar_field(row, m.at[AR_COL_CLIENT_ID]),
                              ar_field_len(row, m.at[AR_COL_CLIENT_ID]));
            st->rows_rejected++;
            continue;
        }
        long at = m.at[AR_COL_CLIENT_ID], owner, dup_doc;
        doc.client = ar_ledger_client(lg, ar_field(row, at),
                                      ar_field_len(row, at));
        /* counted before the duplicates are known, as the single run
         * counts them: the warning of a ledger without any is the same */
        if (!ar_doc_is_item((ar_doc_type)doc.type) ||
            doc.settled_date != AR_DATE_NONE ||
            (map && (mr.has_open || mr.open_flag >= 0)))
            st->settlement_rows++;
        if (ar_shard_dup(sh, rec.line, &owner, &dup_doc)) { /* split's */
            if (map) /* the single run reads a client's details from it */
                derive_client(&k, doc.client, &mr);
            if (map && p->group_lines != AR_GROUP_NONE) {
                /* with its further lines, as one document */
                err = take(&k, &doc, mr.has_open, mr.open, mr.open_flag,
                           ar_field(row, AR_COL_DOC_NO),
                           ar_field(row, AR_COL_APPLIES_TO), owner, dup_doc,
                           d);
                if (err != AR_OK)
                    goto out;
                continue;
            }
            ar_shard_reject_dup(
                rej, path, rec.line, owner,
                ar_doc_type_name((ar_doc_type)doc.type),
                ar_field(row, m.at[AR_COL_DOC_NO]), true, doc.amount,
                ar_ledger_currency_code(lg, doc.currency), ar_field(row, at),
                ar_field_len(row, at));
            st->rows_rejected++;
            continue;
        }
        st->rows_used++;
        if (!map) {
            err = add_one(&k, &doc, ar_field(row, m.at[AR_COL_DOC_NO]),
                          ar_field_len(row, m.at[AR_COL_DOC_NO]),
                          ar_field(row, m.at[AR_COL_APPLIES_TO]),
                          ar_field_len(row, m.at[AR_COL_APPLIES_TO]), d);
        } else {
            derive_client(&k, doc.client, &mr);
            /* the view's texts live until the next row: take copies */
            err = take(&k, &doc, mr.has_open, mr.open, mr.open_flag,
                       ar_field(row, AR_COL_DOC_NO),
                       ar_field(row, AR_COL_APPLIES_TO), 0, 0, d);
        }
        if (err != AR_OK)
            goto out;
    }
    if (got < 0) {
        err = ar_csv_error(r);
        goto out;
    }
    err = flush(&k, d);
    if (err == AR_OK)
        err = finish_rows(lg, fold, path, p, rej, first_reject, st,
                          &k.groups, sh, d);
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
    ar_mapping_free(map);
    ar_csv_close(r);
    free(k.seen);
    free(k.lines);
    ar_line_groups_free(&k.groups);
    return err;
}
