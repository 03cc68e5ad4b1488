/* inspect_policy.c - a policy tried on the lines `arbatch inspect` looked
 * at, and the policy it proposes (inspect_policy.h). A trial is a real
 * read: ar_ingest_ledger into a ledger that is thrown away, so that what
 * inspect says a policy reads is what a run with it reads.
 */
#include "ar/ingest/inspect_policy.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ar/engine/ledger.h"
#include "ar/ingest/ledger_file.h"
#include "ar/ingest/mapping.h"

void ar_inspect_note(ar_inspect_report *r, const char *fmt, ...)
{
    if (r->note_count == AR_INSPECT_NOTES)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->notes[r->note_count++], sizeof r->notes[0], fmt, ap);
    va_end(ap);
}

/* ---- a trial ------------------------------------------------------------ */

static size_t count_matched(const ar_policy *p, const char *const *header,
                            size_t n)
{
    size_t matched = 0;
    for (int c = 0; c < AR_COL_COUNT_; c++) {
        const char *spec = ar_policy_column(p, (ar_column)c);
        matched += spec[0] && ar_mapping_spec_found(spec, header, n);
    }
    return matched;
}

void ar_inspect_try(const char *path, const ar_policy *p,
                    const char *const *header, size_t n,
                    ar_inspect_trial *t)
{
    char name[sizeof t->name];
    memcpy(name, t->name, sizeof name);
    memset(t, 0, sizeof *t);
    memcpy(t->name, name, sizeof name);
    t->matched = count_matched(p, header, n);
    ar_ledger *lg = ar_ledger_new();
    ar_rejects rej;
    ar_rejects_init(&rej);
    ar_ingest_stats st;
    ar_diag d;
    ar_diag_clear(&d);
    t->err = ar_ingest_ledger(lg, path, p, NULL, &rej, &st, NULL, NULL, &d);
    if (t->err != AR_OK) {
        /* the first line of the message, without "the file begins:" */
        size_t len = strcspn(d.message, "\n");
        const char *begins = strstr(d.message, "; the file begins:");
        if (begins && (size_t)(begins - d.message) < len)
            len = (size_t)(begins - d.message);
        snprintf(t->message, sizeof t->message, "%.*s", (int)len, d.message);
    } else {
        t->read = st.rows_read;
        t->used = st.rows_used;
        t->rejected = st.rows_rejected;
        t->skipped = st.rows_skipped;
        for (int e = 0; e < AR_ERR_COUNT_; e++)
            if (rej.by_reason[e] > t->top_count) {
                t->top_count = rej.by_reason[e];
                t->top_reason = (ar_err)e;
            }
        for (size_t i = 0; i < rej.count && t->top_count; i++) {
            const ar_reject *x = &rej.items[i];
            if (x->reason != t->top_reason)
                continue;
            snprintf(t->top_example, sizeof t->top_example,
                     "line %ld%s%s%s: \"%.60s\"%s%.80s", x->line,
                     x->column[0] ? ", column '" : "", x->column,
                     x->column[0] ? "'" : "", x->value,
                     x->detail[0] ? ": " : "", x->detail);
            break;
        }
    }
    ar_ingest_stats_fini(&st);
    ar_rejects_fini(&rej);
    ar_ledger_free(lg);
}

/* ---- the proposal ------------------------------------------------------- */

typedef struct text {
    char *s;
    size_t len, cap;
} text;

__attribute__((format(printf, 2, 3))) static void add(text *t,
                                                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    ar_xgrow((void **)&t->s, &t->cap, t->len + (size_t)n + 1, 1);
    va_start(ap, fmt);
    vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

static bool has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    return false;
}

/* A header name a [columns] value can say: inih ends a value at " ;" and
 * " #", and '+' and '|' join and choose columns. */
static bool writable_value(const char *s, size_t max)
{
    return s[0] && strlen(s) < max && !has_control(s) && !strchr(s, '+') &&
           !strchr(s, '|') && !strstr(s, " ;") && !strstr(s, " #") &&
           !strstr(s, "\t;") && !strstr(s, "\t#") && s[0] != ';' &&
           s[0] != '#';
}

/* A [doc_types] key: inih ends a key at '=' or ':'. */
static bool writable_key(const char *s, size_t max)
{
    return s[0] && strlen(s) < max && !has_control(s) &&
           !strpbrk(s, "=:;#") && s[0] != '[';
}

static long column_with(const ar_inspect_report *r, int role)
{
    for (size_t c = 0; c < r->column_count; c++)
        if (r->columns[c].role == role || r->columns[c].info_role == role)
            return (long)c;
    return -1;
}

static const char *type_text(uint8_t t)
{
    return t == AR_TYPE_SKIP ? "skip" : ar_doc_type_name((ar_doc_type)t);
}

static const char *delimiter_word(char d)
{
    return d == ';' ? "semicolon" : d == '\t' ? "tab" : d == '|' ? "pipe"
                                                                 : "comma";
}

/* The format of a date column, the other reading when alt asks. */
static const char *date_of(const ar_inspect_column *c, bool alt)
{
    return alt && c->date.other[0] && !c->date_decided ? c->date.other
                                                       : c->date.format;
}

static void input_section(const ar_inspect_report *r, text *t, bool alt)
{
    add(t, "[input]\ndelimiter = %s\ndecimal_mark = %c\n",
        delimiter_word(r->delimiter), r->decimal_mark);
    long doc = column_with(r, AR_COL_DOC_DATE);
    const char *base = date_of(&r->columns[doc], alt);
    add(t, "date_format = %s\n", base);
    static const int dates[] = {AR_COL_DUE_DATE, AR_COL_SETTLED_DATE};
    for (size_t i = 0; i < 2; i++) {
        long c = column_with(r, dates[i]);
        if (c >= 0 && r->columns[c].kind == AR_KIND_DATE &&
            strcmp(date_of(&r->columns[c], alt), base) != 0)
            add(t, "date_format.%s = %s\n", ar_column_name((ar_column)dates[i]),
                date_of(&r->columns[c], alt));
    }
    if (r->signed_amounts)
        add(t, "; credits and payments come negative\nsigned_amounts = yes\n");
    if (r->skip_rows[0])
        add(t, "; total and section lines\nskip_rows = %s\n", r->skip_rows);
    if (r->group_lines != AR_GROUP_NONE)
        add(t, "; a document on several lines\ngroup_lines = %s\n",
            r->group_lines == AR_GROUP_SAME ? "same" : "sum");
    if (r->strip_zeros)
        add(t, "; client ids written with and without leading zeros\n"
               "client_id_strip_zeros = yes\n");
    if (r->round_amounts)
        add(t, "; amounts with float noise, rounded to the cent\n"
               "round_amounts = half-even\n");
    if (r->open_balances)
        add(t, "; open amounts: the rest was settled on the export date, "
               "which is the\n; as-of date unless set here "
               "(YYYY-MM-DD)\nexport_date =\n");
}

static bool writable_column(ar_inspect_report *r, long c, int role,
                            bool alt)
{
    if (writable_value(r->columns[c].header,
                       sizeof ((ar_policy *)0)->columns[0]))
        return true;
    bool required = role == AR_COL_DOC_NO || role == AR_COL_CLIENT_ID ||
                    role == AR_COL_DOC_DATE || role == AR_COL_AMOUNT;
    if (!alt)
        ar_inspect_note(r, "the header of column %ld (the %s) cannot be "
                        "written in a policy file (it holds '+', '|', ' ;', "
                        "' #' or a control character, or is too long)%s",
                        c + 1, ar_column_name((ar_column)role),
                        required ? "" : ": left out");
    return false;
}

/* The key of a document: its number, or the entity's and its number
 * where numbers repeat across entities (SPEC §2.6, SAP). */
static void doc_no_line(ar_inspect_report *r, text *t, long c)
{
    long e = column_with(r, AR_COL_ENTITY);
    if (r->doc_no_per_entity && e >= 0 &&
        writable_value(r->columns[e].header, 60))
        add(t, "; numbers repeat across entities: a key per entity\n"
               "doc_no = %s + %s\n",
            r->columns[e].header, r->columns[c].header);
    else
        add(t, "doc_no = %s\n", r->columns[c].header);
    long date = column_with(r, AR_COL_DOC_DATE);
    long client = column_with(r, AR_COL_CLIENT_ID);
    if (r->unnumbered && date >= 0 && client >= 0 &&
        writable_value(r->columns[date].header, 60) &&
        writable_value(r->columns[client].header, 60))
        add(t, "; rows without a number (payments, overpayments) are "
               "numbered by\n; their date and client\n"
               "doc_no_else = %s + %s\n",
            r->columns[date].header, r->columns[client].header);
}

/* The columns nothing reads, as a comment wrapped at 76 characters. */
static void not_read(const ar_inspect_report *r, text *t)
{
    size_t col = 0;
    for (size_t c = 0; c < r->column_count; c++) {
        const char *h = r->columns[c].header;
        if (r->columns[c].role != AR_ROLE_NONE || !h[0] || has_control(h))
            continue;
        if (!col) {
            add(t, "; not read: %s", h);
            col = 12 + strlen(h);
        } else if (col + strlen(h) + 2 > 76) {
            add(t, ",\n;   %s", h);
            col = 4 + strlen(h);
        } else {
            add(t, ", %s", h);
            col += 2 + strlen(h);
        }
    }
    if (col)
        add(t, "\n");
}

static bool columns_section(ar_inspect_report *r, text *t, bool alt)
{
    add(t, "\n[columns]\n");
    for (int role = 0; role < AR_COL_COUNT_; role++) {
        long c = column_with(r, role);
        if (c < 0)
            continue;
        if (!writable_column(r, c, role, alt)) {
            if (role == AR_COL_DOC_NO || role == AR_COL_CLIENT_ID ||
                role == AR_COL_DOC_DATE || role == AR_COL_AMOUNT)
                return false;
            continue;
        }
        if (role == AR_COL_DOC_NO)
            doc_no_line(r, t, c);
        else
            add(t, "%s = %s\n", ar_column_name((ar_column)role),
                r->columns[c].header);
    }
    not_read(r, t);
    return true;
}

static void doc_types_section(ar_inspect_report *r, text *t, bool alt)
{
    bool any = false;
    for (size_t i = 0; i < r->type_count; i++) {
        const ar_inspect_type *ty = &r->types[i];
        ar_doc_type own;
        if (!ty->value[0])
            continue;
        if (ar_doc_type_parse(ty->value, &own) && ty->pos == own &&
            ty->neg == own)
            continue; /* our own codes always work */
        if (!writable_key(ty->value,
                          sizeof ((ar_policy *)0)->doc_types[0].value)) {
            if (!alt)
                ar_inspect_note(r, "the type \"%.60s\" cannot be a [doc_types] "
                                "key (it holds '=', ':', ';' or '#'): its "
                                "rows will be rejected",
                                ty->value);
            continue;
        }
        if (!any)
            add(t, "\n[doc_types]\n");
        any = true;
        if (ty->pos == ty->neg)
            add(t, "%s = %s", ty->value, type_text(ty->pos));
        else
            add(t, "%s = %s/%s", ty->value, type_text(ty->pos),
                type_text(ty->neg));
        add(t, "%s\n", ty->known ? "" : " ; guessed: check it");
    }
}

char *ar_inspect_propose(ar_inspect_report *r, const char *name, bool alt)
{
    static const int required[] = {AR_COL_DOC_NO, AR_COL_CLIENT_ID,
                                   AR_COL_DOC_DATE};
    bool ok = true;
    for (size_t i = 0; i < 3; i++)
        if (column_with(r, required[i]) < 0) {
            if (!alt)
                ar_inspect_note(r, "no column looks like the %s: no policy "
                                "can be proposed",
                                ar_column_name((ar_column)required[i]));
            ok = false;
        }
    if (column_with(r, AR_COL_AMOUNT) < 0 &&
        (column_with(r, AR_COL_DEBIT) < 0 ||
         column_with(r, AR_COL_CREDIT) < 0)) {
        if (!alt)
            ar_inspect_note(r, "no column looks like the amount (or debit and "
                            "credit): no policy can be proposed");
        ok = false;
    }
    if (!ok)
        return NULL;
    text t = {0};
    char shown[120];
    size_t n = 0;
    for (const char *s = name; *s && n + 1 < sizeof shown; s++)
        shown[n++] = (unsigned char)*s < 0x20 ? '?' : *s;
    shown[n] = '\0';
    add(&t, "; arbatch policy proposed by arbatch inspect for %s.\n"
            "; Check it (the columns, date formats and [doc_types]), then:\n"
            ";   arbatch run --ledger FILE --policy THIS_FILE --as-of "
            "YYYY-MM-DD --out DIR\n"
            "; Every key is explained in layouts/policy.ini.\n\n",
        shown);
    input_section(r, &t, alt);
    if (!columns_section(r, &t, alt)) {
        free(t.s);
        return NULL;
    }
    doc_types_section(r, &t, alt);
    return t.s;
}
