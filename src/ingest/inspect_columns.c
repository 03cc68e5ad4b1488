/* inspect_columns.c - what the columns of the rows `arbatch inspect`
 * looked at hold (inspect_table.h): each column's kind and role (by its
 * name first, by its values where the name says nothing), dates that read
 * two ways settled, the document types with their signs, line items,
 * entities and the lines a policy must skip.
 */
#include "ar/ingest/inspect_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/base/date.h"
#include "ar/base/money.h"
#include "ar/engine/policy.h"
#include "ar/ingest/inspect_policy.h"

/* ---- the columns -------------------------------------------------------- */

static int cmp_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static size_t count_distinct(const char **v, size_t n)
{
    if (!n)
        return 0;
    const char **s = ar_xmalloc(n * sizeof *s);
    memcpy(s, v, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_text);
    size_t distinct = 1;
    for (size_t i = 1; i < n; i++)
        distinct += strcmp(s[i], s[i - 1]) != 0;
    free(s);
    return distinct;
}

/* The column's non-blank values in the data rows (caller frees). */
static const char **values_of(const ar_inspect_table *t, size_t col, size_t *n)
{
    const char **v = ar_xmalloc((t->nrows + 1) * sizeof *v);
    *n = 0;
    for (size_t i = 0; i < t->nrows; i++)
        if (t->rows[i].kind == AR_ROW_DATA && ar_inspect_cell(t, i, col)[0])
            v[(*n)++] = ar_inspect_cell(t, i, col);
    return v;
}

static bool numeric_either(const char *const *v, size_t n)
{
    size_t dot = 0, comma = 0;
    for (size_t i = 0; i < n; i++) {
        ar_cents x;
        bool rounded;
        dot += ar_money_parse_rounded(v[i], strlen(v[i]), '.', &x,
                                      &rounded) == AR_OK;
        comma += ar_money_parse_rounded(v[i], strlen(v[i]), ',', &x,
                                        &rounded) == AR_OK;
    }
    size_t most = dot > comma ? dot : comma;
    return n && (most == n || (most >= 5 && most * 5 >= n * 4));
}

static void analyse_columns(const ar_inspect_table *t, ar_inspect_report *r)
{
    r->column_count = t->ncols;
    r->columns = ar_xcalloc(t->ncols + 1, sizeof *r->columns);
    /* the decimal mark, from the columns of numbers */
    const char **all = ar_xmalloc((t->nrows * t->ncols + 1) * sizeof *all);
    size_t nall = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        size_t n;
        const char **v = values_of(t, c, &n);
        ar_date_guess g;
        if (!ar_guess_date_format(v, n, &g) && numeric_either(v, n)) {
            memcpy(all + nall, v, n * sizeof *v);
            nall += n;
        }
        free(v);
    }
    r->decimal_mark = ar_guess_decimal_mark(all, nall, &r->decimal_sure);
    free(all);
    for (size_t c = 0; c < t->ncols; c++) {
        ar_inspect_column *col = &r->columns[c];
        col->header = ar_xstrdup(t->header[c]);
        col->role = col->info_role = AR_ROLE_NONE;
        size_t n;
        const char **v = values_of(t, c, &n);
        col->filled = n;
        col->example = ar_xstrdup(n ? v[0] : "");
        col->kind = ar_guess_kind(v, n, r->decimal_mark);
        col->distinct = count_distinct(v, n);
        if (col->kind == AR_KIND_DATE)
            ar_guess_date_format(v, n, &col->date);
        for (size_t i = 0; i < n && (col->kind == AR_KIND_AMOUNT ||
                                     col->kind == AR_KIND_WHOLE);
             i++) {
            ar_cents x;
            bool rounded;
            size_t len = strlen(v[i]);
            ar_money_parse_rounded(v[i], len, r->decimal_mark, &x, &rounded);
            col->negative += x < 0;
            col->trailing_minus += x < 0 && v[i][len - 1] == '-';
            col->noisy += rounded;
        }
        free(v);
    }
}

/* ---- roles -------------------------------------------------------------- */

typedef struct claim {
    int rank;
    size_t col;
    int role;
} claim;

static int cmp_claim(const void *a, const void *b)
{
    const claim *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank - y->rank;
    return x->col < y->col ? -1 : x->col > y->col;
}

static long column_of(const ar_inspect_report *r, int role)
{
    for (size_t c = 0; c < r->column_count; c++)
        if (r->columns[c].role == role || r->columns[c].info_role == role)
            return (long)c;
    return -1;
}

static bool give(ar_inspect_report *r, size_t c, int role, bool by_content)
{
    ar_inspect_column *col = &r->columns[c];
    bool info = role >= AR_COL_NAME;
    if (column_of(r, role) >= 0)
        return false;
    if (col->role == AR_ROLE_NONE) {
        col->role = role;
        col->by_content = by_content;
        return true;
    }
    bool had_info = col->role >= AR_COL_NAME;
    if (info == had_info || col->info_role != AR_ROLE_NONE)
        return false;
    col->info_role = role;
    return true;
}

/* A type column by its values: most of its rows hold known type words
 * (a label column that says "Payment" now and then is none). */
static bool known_type_values(const ar_inspect_table *t, size_t c)
{
    size_t known = 0, filled = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        uint8_t p, n;
        const char *v = ar_inspect_cell(t, i, c);
        if (t->rows[i].kind != AR_ROW_DATA || !v[0])
            continue;
        filled++;
        known += ar_guess_doc_type(v, &p, &n);
    }
    return known && known * 2 >= filled;
}

/* A header that names something no key is made of (a status, a memo, a
 * category): never a document number or a client, whatever its values
 * look like. */
static bool not_a_key(const char *header)
{
    static const char *const words[] = {
        "status", "state", "memo", "description", "text", "note",
        "comment", "terms", "period", "class", "department", "location",
        "project", "category", "approval", "stage", "level", "flag"};
    char key[128];
    ar_guess_fold(header, key, sizeof key);
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strstr(key, words[i]))
            return true;
    return false;
}

/* By content, for the columns no name told: the first free column whose
 * values fit (kind), with a test of its own. */
static void guess_by_content(const ar_inspect_table *t, ar_inspect_report *r)
{
    /* no client column by name, but the client's name: it is the key
     * (QuickBooks, NetSuite and the like key customers by name) */
    long name = column_of(r, AR_COL_NAME);
    if (column_of(r, AR_COL_CLIENT_ID) < 0 && name >= 0)
        give(r, (size_t)name, AR_COL_CLIENT_ID, true);
    size_t rows = 0;
    for (size_t i = 0; i < t->nrows; i++)
        rows += t->rows[i].kind == AR_ROW_DATA;
    for (size_t c = 0; c < r->column_count; c++) {
        ar_inspect_column *col = &r->columns[c];
        if (col->role != AR_ROLE_NONE)
            continue;
        bool full = col->filled * 10 >= rows * 9;
        if (col->kind == AR_KIND_DATE && full &&
            give(r, c, AR_COL_DOC_DATE, true))
            continue;
        if (col->kind == AR_KIND_DATE && column_of(r, AR_COL_DOC_DATE) >= 0 &&
            give(r, c, AR_COL_DUE_DATE, true))
            continue;
        if (col->kind == AR_KIND_AMOUNT && give(r, c, AR_COL_AMOUNT, true))
            continue;
        if (col->kind == AR_KIND_CURRENCY && give(r, c, AR_COL_CURRENCY, true))
            continue;
        if ((col->kind == AR_KIND_CODE || col->kind == AR_KIND_TEXT) &&
            col->distinct <= 20 && known_type_values(t, c) &&
            give(r, c, AR_COL_DOC_TYPE, true))
            continue;
        if (not_a_key(col->header))
            continue;
        if ((col->kind == AR_KIND_CODE || col->kind == AR_KIND_WHOLE) &&
            full && col->distinct == col->filled &&
            give(r, c, AR_COL_DOC_NO, true))
            continue;
        if ((col->kind == AR_KIND_CODE || col->kind == AR_KIND_WHOLE ||
             col->kind == AR_KIND_TEXT) &&
            full && col->distinct < col->filled && col->distinct > 1 &&
            give(r, c, AR_COL_CLIENT_ID, true))
            continue;
    }
}

static void assign_roles(const ar_inspect_table *t, ar_inspect_report *r)
{
    claim *claims = ar_xmalloc((r->column_count * 4 + 1) * sizeof *claims);
    size_t n = 0;
    for (size_t c = 0; c < r->column_count; c++) {
        int roles[4], ranks[4];
        size_t k = ar_guess_roles_by_name(r->columns[c].header, roles, ranks,
                                          4);
        for (size_t i = 0; i < k; i++)
            if (ar_guess_role_fits(roles[i], r->columns[c].kind))
                claims[n++] = (claim){ranks[i], c, roles[i]};
    }
    qsort(claims, n, sizeof *claims, cmp_claim);
    for (size_t i = 0; i < n; i++)
        give(r, claims[i].col, claims[i].role, false);
    free(claims);
    guess_by_content(t, r);
    /* debit and credit come as a pair */
    long debit = column_of(r, AR_COL_DEBIT);
    long credit = column_of(r, AR_COL_CREDIT);
    if ((debit < 0) != (credit < 0)) {
        ar_inspect_column *one = &r->columns[debit >= 0 ? debit : credit];
        one->role = AR_ROLE_NONE;
    }
}

/* ---- dates that read two ways ------------------------------------------- */

static size_t due_after_doc(const ar_inspect_table *t, long doc, long due,
                            const char *doc_fmt, const char *due_fmt)
{
    size_t fits = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        const char *a = ar_inspect_cell(t, i, (size_t)doc);
        const char *b = ar_inspect_cell(t, i, (size_t)due);
        ar_date x, y;
        if (t->rows[i].kind == AR_ROW_DATA && a[0] && b[0] &&
            ar_date_parse(a, strlen(a), doc_fmt, &x) == AR_OK &&
            ar_date_parse(b, strlen(b), due_fmt, &y) == AR_OK && y >= x)
            fits++;
    }
    return fits;
}

static bool day_first(const char *fmt)
{
    const char *dd = strstr(fmt, "%d"), *mm = strstr(fmt, "%m");
    return dd && mm && dd < mm;
}

/* The columns whose values read as dd/mm and mm/dd alike take the reading
 * that a column with a day above 12 shows, else the one under which due
 * dates follow document dates, else the decimal mark's custom. */
static void settle_dates(const ar_inspect_table *t, ar_inspect_report *r)
{
    bool *done = ar_xcalloc(r->column_count + 1, sizeof *done);
    for (size_t c = 0; c < r->column_count; c++) {
        ar_inspect_column *col = &r->columns[c];
        if (col->kind != AR_KIND_DATE || !col->date.other[0] || done[c])
            continue;
        char pair[2][32];
        memcpy(pair[0], col->date.format, 32);
        memcpy(pair[1], col->date.other, 32);
        int pick = -1;
        bool decided = false;
        for (size_t k = 0; k < r->column_count && pick < 0; k++) {
            const ar_inspect_column *o = &r->columns[k];
            if (o->kind == AR_KIND_DATE && !o->date.other[0])
                for (int s = 0; s < 2; s++)
                    if (strcmp(o->date.format, pair[s]) == 0)
                        pick = s, decided = true;
        }
        long doc = column_of(r, AR_COL_DOC_DATE);
        long due = column_of(r, AR_COL_DUE_DATE);
        if (pick < 0) {
            size_t fits[2] = {0, 0};
            bool both = doc >= 0 && due >= 0 &&
                        strcmp(r->columns[doc].date.other, pair[1]) == 0 &&
                        strcmp(r->columns[due].date.other, pair[1]) == 0;
            for (int s = 0; s < 2 && both; s++)
                fits[s] = due_after_doc(t, doc, due, pair[s], pair[s]);
            pick = ar_guess_pick_reading(fits, day_first(pair[1]),
                                         r->decimal_mark, &decided);
        }
        for (size_t k = 0; k < r->column_count; k++) {
            ar_inspect_column *o = &r->columns[k];
            if (o->kind != AR_KIND_DATE || strcmp(o->date.other, pair[1]) ||
                strcmp(o->date.format, pair[0]))
                continue;
            if (pick == 1) {
                memcpy(o->date.format, pair[1], 32);
                memcpy(o->date.other, pair[0], 32);
            }
            o->date_decided = decided;
            done[k] = true;
        }
        if (!decided)
            ar_inspect_note(r, "the dates read %s and %s alike (no day "
                            "above 12 in the lines looked at): %s assumed "
                            "(%s); check it",
                            pair[0], pair[1], pair[pick],
                            r->decimal_mark == ',' ? "decimal comma"
                                                   : "decimal point");
    }
    free(done);
}

/* ---- types, signs, line items ------------------------------------------- */

/* The row's amount sign: -1, 0 (none or zero), 1. */
static int sign_of(const ar_inspect_table *t, const ar_inspect_report *r,
                   size_t row)
{
    ar_cents v = 0, x;
    bool rounded;
    long dc[2] = {column_of(r, AR_COL_DEBIT), column_of(r, AR_COL_CREDIT)};
    if (r->amount_column >= 0) {
        const char *s = ar_inspect_cell(t, row, (size_t)r->amount_column);
        if (ar_money_parse_rounded(s, strlen(s), r->decimal_mark, &v,
                                   &rounded) != AR_OK)
            v = 0;
    } else if (dc[0] >= 0 && dc[1] >= 0) {
        for (int k = 0; k < 2; k++) {
            const char *s = ar_inspect_cell(t, row, (size_t)dc[k]);
            if (s[0] && ar_money_parse_rounded(s, strlen(s), r->decimal_mark,
                                               &x, &rounded) == AR_OK)
                v += k ? -x : x;
        }
    }
    /* SPEC §2.6: a blank or zero amount with an open amount is that */
    long open = column_of(r, AR_COL_OPEN_AMOUNT);
    if (v == 0 && open >= 0) {
        const char *s = ar_inspect_cell(t, row, (size_t)open);
        if (ar_money_parse_rounded(s, strlen(s), r->decimal_mark, &x,
                                   &rounded) == AR_OK)
            v = x;
    }
    return v < 0 ? -1 : v > 0;
}

typedef struct type_row {
    const char *value;
    int sign;
} type_row;

static int cmp_type_row(const void *a, const void *b)
{
    return strcmp(((const type_row *)a)->value, ((const type_row *)b)->value);
}

static int cmp_type(const void *a, const void *b)
{
    const ar_inspect_type *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->value, y->value);
}

static void find_types(const ar_inspect_table *t, ar_inspect_report *r)
{
    if (r->type_column < 0)
        return;
    type_row *v = ar_xmalloc((t->nrows + 1) * sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < t->nrows; i++)
        if (t->rows[i].kind == AR_ROW_DATA)
            v[n++] = (type_row){ar_inspect_cell(t, i, (size_t)r->type_column),
                                sign_of(t, r, i)};
    qsort(v, n, sizeof *v, cmp_type_row);
    r->types = ar_xcalloc(n + 1, sizeof *r->types);
    for (size_t i = 0; i < n;) {
        ar_inspect_type *ty = &r->types[r->type_count++];
        memset(ty, 0, sizeof *ty);
        ty->value = ar_xstrdup(v[i].value);
        size_t j = i;
        for (; j < n && strcmp(v[j].value, v[i].value) == 0; j++) {
            ty->count++;
            ty->positive += v[j].sign > 0;
            ty->negative += v[j].sign < 0;
        }
        i = j;
        ty->known = ar_guess_doc_type(ty->value, &ty->pos, &ty->neg);
        if (!ty->known)
            ar_guess_doc_type_by_sign(ty->value, ty->positive, ty->negative,
                                      &ty->pos, &ty->neg);
        /* SPEC §2.6: with signed amounts an item is positive and a
         * credit negative; a word seen with the other sign too is X/Y */
        if (r->signed_amounts && ty->pos == ty->neg &&
            ty->pos != AR_TYPE_SKIP) {
            bool item = ty->pos == AR_DOC_INV || ty->pos == AR_DOC_DEB;
            if (item && ty->negative)
                ty->neg = AR_DOC_CRN;
            if (!item && ty->positive)
                ty->pos = AR_DOC_DEB;
        }
    }
    qsort(r->types, r->type_count, sizeof *r->types, cmp_type);
    free(v);
}

static bool same_document(const ar_inspect_table *t, const ar_inspect_report *r,
                          size_t a, size_t b)
{
    static const int keys[] = {AR_COL_DOC_TYPE, AR_COL_DOC_NO,
                               AR_COL_CLIENT_ID};
    for (size_t k = 0; k < 3; k++) {
        long c = column_of(r, keys[k]);
        if (c >= 0 && strcmp(ar_inspect_cell(t, a, (size_t)c),
                             ar_inspect_cell(t, b, (size_t)c)))
            return false;
    }
    long no = column_of(r, AR_COL_DOC_NO);
    return ar_inspect_cell(t, a, (size_t)no)[0] != '\0';
}

typedef struct key_row {
    const char *no, *type, *entity;
} key_row;

static int cmp_key_row(const void *a, const void *b)
{
    const key_row *x = a, *y = b;
    int c = strcmp(x->no, y->no);
    return c ? c : strcmp(x->type, y->type);
}

/* Line items: rows that repeat the document of the row before them; and
 * numbers that repeat across entities (a key per company code). */
static void find_documents(const ar_inspect_table *t, ar_inspect_report *r)
{
    long no = column_of(r, AR_COL_DOC_NO);
    if (no < 0)
        return;
    /* same: every line repeats the document's amount and due date; lines
     * with amounts of their own, or instalments with due dates of their
     * own, add up */
    bool same = true;
    size_t prev = SIZE_MAX, first = SIZE_MAX;
    long repeat[2] = {r->amount_column, column_of(r, AR_COL_DUE_DATE)};
    for (size_t i = 0; i < t->nrows; i++) {
        if (t->rows[i].kind != AR_ROW_DATA)
            continue;
        if (prev != SIZE_MAX && same_document(t, r, prev, i)) {
            r->line_item_rows++;
            for (int k = 0; k < 2; k++)
                if (repeat[k] >= 0 &&
                    strcmp(ar_inspect_cell(t, i, (size_t)repeat[k]),
                           ar_inspect_cell(t, first, (size_t)repeat[k])))
                    same = false;
        } else {
            first = i;
        }
        prev = i;
    }
    for (size_t i = 0; i < t->nrows; i++)
        r->unnumbered += t->rows[i].kind == AR_ROW_DATA &&
                         !ar_inspect_cell(t, i, (size_t)no)[0];
    r->group_lines = !r->line_item_rows ? AR_GROUP_NONE
                     : same             ? AR_GROUP_SAME
                                        : AR_GROUP_SUM;
    long ent = column_of(r, AR_COL_ENTITY), type = r->type_column;
    if (ent < 0)
        return;
    size_t n = 0;
    const char **ev = values_of(t, (size_t)ent, &n);
    r->entities = count_distinct(ev, n);
    /* the codes themselves, for --entity CODE */
    if (n)
        qsort(ev, n, sizeof *ev, cmp_text);
    char *codes = r->entity_codes;
    size_t room = sizeof r->entity_codes;
    for (size_t i = 0; i < n; i++) {
        if (i && strcmp(ev[i], ev[i - 1]) == 0)
            continue;
        size_t used = strlen(codes);
        if (used + strlen(ev[i]) + 8 >= room) {
            snprintf(codes + used, room - used, ", ...");
            break;
        }
        snprintf(codes + used, room - used, "%s%s", used ? ", " : "", ev[i]);
    }
    free(ev);
    key_row *k = ar_xmalloc((t->nrows + 1) * sizeof *k);
    n = 0;
    for (size_t i = 0; i < t->nrows; i++)
        if (t->rows[i].kind == AR_ROW_DATA)
            k[n++] = (key_row){ar_inspect_cell(t, i, (size_t)no),
                               type >= 0 ? ar_inspect_cell(t, i, (size_t)type)
                                         : "",
                               ar_inspect_cell(t, i, (size_t)ent)};
    qsort(k, n, sizeof *k, cmp_key_row);
    for (size_t i = 1; i < n && !r->doc_no_per_entity; i++)
        r->doc_no_per_entity = k[i].no[0] &&
                               cmp_key_row(&k[i], &k[i - 1]) == 0 &&
                               strcmp(k[i].entity, k[i - 1].entity) != 0;
    free(k);
}

/* The skip_rows alternative for a total line (its first word as written)
 * or a section line (the whole of it), "" when it cannot be written in a
 * policy file. */
static void skip_alternative(const char *f, bool total, char *alt,
                             size_t size)
{
    size_t len = total ? ar_guess_total_word(f) : strlen(f), a = 0;
    alt[0] = '\0';
    if (len >= 40)
        return;
    for (size_t k = 0; k < len; k++) {
        unsigned char ch = (unsigned char)f[k];
        if (ch < 0x20 || ch == ';' || ch == '#' || a + 4 >= size) {
            alt[0] = '\0';
            return;
        }
        if (strchr("\\^$.[]|()*+?{}", ch))
            alt[a++] = '\\';
        alt[a++] = (char)ch;
    }
    if (!total && a)
        alt[a++] = '$';
    alt[a] = '\0';
}

/* SPEC §2.6: client ids written with and without leading zeros
 * ("0200769623", "200769623"). */
static void find_zeros(const ar_inspect_table *t, ar_inspect_report *r)
{
    long c = column_of(r, AR_COL_CLIENT_ID);
    if (c < 0)
        return;
    size_t n;
    const char **v = values_of(t, (size_t)c, &n);
    size_t raw = count_distinct(v, n);
    for (size_t i = 0; i < n; i++)
        while (v[i][0] == '0' && v[i][1])
            v[i]++;
    r->strip_zeros = count_distinct(v, n) < raw;
    free(v);
}

/* skip_rows for the total lines, and for section lines that would be
 * rejected (their one field is in a column the policy reads). */
static void find_skip_rows(const ar_inspect_table *t, ar_inspect_report *r)
{
    char alts[8][64];
    size_t nalt = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        const ar_inspect_row *w = &t->rows[i];
        r->layout_rows += w->kind == AR_ROW_LAYOUT || w->kind == AR_ROW_TOTAL;
        r->odd_rows += w->kind == AR_ROW_ODD;
        if (w->kind != AR_ROW_TOTAL && w->kind != AR_ROW_LAYOUT)
            continue;
        size_t c = 0;
        while (c < w->nf && !w->f[c][0])
            c++;
        if (c == w->nf || (w->kind == AR_ROW_LAYOUT && c < r->column_count &&
                           r->columns[c].role == AR_ROLE_NONE))
            continue; /* blank in every mapped column: a layout line */
        char alt[64];
        skip_alternative(w->f[c], w->kind == AR_ROW_TOTAL, alt, sizeof alt);
        bool seen = !alt[0];
        for (size_t k = 0; k < nalt && !seen; k++)
            seen = strcmp(alts[k], alt) == 0;
        if (!seen && nalt < 8)
            memcpy(alts[nalt++], alt, sizeof alt);
    }
    /* whole words only: "Total" is no "TotalEnergies SE" */
    static const char end[] = ")([^[:alpha:]]|$)";
    size_t n = 0, size = sizeof r->skip_rows;
    for (size_t k = 0; k < nalt; k++)
        if (n + strlen(alts[k]) + sizeof end + 2 < size)
            n += (size_t)snprintf(r->skip_rows + n, size - n, "%s%s",
                                  n ? "|" : "^(", alts[k]);
    if (n)
        snprintf(r->skip_rows + n, size - n, "%s", end);
}

/* ---- the whole ---------------------------------------------------------- */

void ar_inspect_columns(const ar_inspect_table *t, ar_inspect_report *r)
{
    analyse_columns(t, r);
    assign_roles(t, r);
    settle_dates(t, r);
    r->rows = t->nrows;
    for (size_t i = 0; i < t->nrows; i++)
        r->data_rows += t->rows[i].kind == AR_ROW_DATA;
    r->type_column = column_of(r, AR_COL_DOC_TYPE);
    r->amount_column = column_of(r, AR_COL_AMOUNT);
    static const int money[] = {AR_COL_AMOUNT, AR_COL_DEBIT, AR_COL_CREDIT,
                                AR_COL_OPEN_AMOUNT};
    for (size_t k = 0; k < 4; k++) {
        long c = column_of(r, money[k]);
        if (c >= 0)
            r->round_amounts = r->round_amounts || r->columns[c].noisy;
    }
    if (r->amount_column >= 0) {
        const ar_inspect_column *a = &r->columns[r->amount_column];
        r->negative_amounts = a->negative;
        r->trailing_minus = a->trailing_minus;
        long open = column_of(r, AR_COL_OPEN_AMOUNT);
        /* a negative open amount (an unapplied credit, ERPNext) too */
        size_t open_negative = open >= 0 ? r->columns[open].negative : 0;
        r->negative_open = open_negative;
        r->signed_amounts = (a->negative > 0 || open_negative > 0) &&
                            column_of(r, AR_COL_DEBIT) < 0;
    }
    r->debit_credit = column_of(r, AR_COL_DEBIT) >= 0 &&
                      column_of(r, AR_COL_CREDIT) >= 0;
    r->open_balances = column_of(r, AR_COL_OPEN_AMOUNT) >= 0 ||
                       column_of(r, AR_COL_OPEN) >= 0;
    r->settled = column_of(r, AR_COL_SETTLED_DATE) >= 0;
    find_types(t, r);
    find_documents(t, r);
    find_zeros(t, r);
    find_skip_rows(t, r);
}
