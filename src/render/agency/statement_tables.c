/* statement_tables.c - the tables of an agency statement: its open
 * items with their totals, the payments, credits and write-offs applied
 * to them, the unapplied credits, what is open in other currencies and
 * the dunning letters sent (statement_tables.h). */
#include "ar/render/agency/statement_tables.h"

#include <stdio.h>
#include <string.h>

#define MM(x) AR_PDF_MM(x)

/* Sizes (points) and steps. */
#define TABLE_SIZE 7.8
#define ROW_STEP MM(4.4)
#define LINE_STEP MM(3.4)
#define HEAD_STEP MM(5.8)

/* Every table of a statement is set alike; its header labels wrap. */
#define TABLE(cols, n)                                                        \
    {cols, n, TABLE_SIZE, LINE_STEP, HEAD_STEP, ROW_STEP, true}

/* Open items. */
enum { IT_DOC, IT_DATE, IT_DUE, IT_DAYS, IT_ORIGINAL, IT_PAID, IT_OPEN,
       IT_NOTE, IT_COLS };
static const ar_page_col item_cols[IT_COLS] = {
    [IT_DOC] = {"Document", 0.18, AR_PDF_LEFT, true},
    [IT_DATE] = {"Date", 0.115, AR_PDF_LEFT, false},
    [IT_DUE] = {"Due", 0.115, AR_PDF_LEFT, false},
    [IT_DAYS] = {"Days over", 0.07, AR_PDF_RIGHT, false},
    [IT_ORIGINAL] = {"Original", 0.13, AR_PDF_RIGHT, false},
    [IT_PAID] = {"Paid / credited", 0.13, AR_PDF_RIGHT, false},
    [IT_OPEN] = {"Open", 0.13, AR_PDF_RIGHT, false},
    [IT_NOTE] = {"Note", 0.13, AR_PDF_LEFT, true},
};
static const ar_page_table items_table = TABLE(item_cols, IT_COLS);

/* Payments, credits and write-offs applied to the open items. */
enum { AP_DATE, AP_DOC, AP_TYPE, AP_ITEM, AP_AMOUNT, AP_NOTE, AP_COLS };
static const ar_page_col app_cols[AP_COLS] = {
    [AP_DATE] = {"Date", 0.12, AR_PDF_LEFT, false},
    [AP_DOC] = {"Document", 0.19, AR_PDF_LEFT, true},
    [AP_TYPE] = {"Kind", 0.14, AR_PDF_LEFT, false},
    [AP_ITEM] = {"Applied to", 0.19, AR_PDF_LEFT, true},
    [AP_AMOUNT] = {"Amount", 0.14, AR_PDF_RIGHT, false},
    [AP_NOTE] = {"Note", 0.22, AR_PDF_LEFT, true},
};
static const ar_page_table apps_table = TABLE(app_cols, AP_COLS);

/* Unapplied credits. */
enum { CR_DATE, CR_DOC, CR_TYPE, CR_REASON, CR_ORIGINAL, CR_AMOUNT,
       CR_COLS };
static const ar_page_col credit_cols[CR_COLS] = {
    [CR_DATE] = {"Date", 0.12, AR_PDF_LEFT, false},
    [CR_DOC] = {"Document", 0.19, AR_PDF_LEFT, true},
    [CR_TYPE] = {"Kind", 0.14, AR_PDF_LEFT, false},
    [CR_REASON] = {"Why unapplied", 0.27, AR_PDF_LEFT, true},
    [CR_ORIGINAL] = {"Original", 0.14, AR_PDF_RIGHT, false},
    [CR_AMOUNT] = {"Unapplied", 0.14, AR_PDF_RIGHT, false},
};
static const ar_page_table credits_table = TABLE(credit_cols, CR_COLS);

/* Dunning letters sent. */
enum { LT_DATE, LT_STAGE, LT_NAME, LT_DOCS, LT_AMOUNT, LT_COLS };
static const ar_page_col letter_cols[LT_COLS] = {
    [LT_DATE] = {"Date", 0.12, AR_PDF_LEFT, false},
    [LT_STAGE] = {"Stage", 0.07, AR_PDF_RIGHT, false},
    [LT_NAME] = {"Letter", 0.26, AR_PDF_LEFT, true},
    [LT_DOCS] = {"Items demanded", 0.41, AR_PDF_LEFT, true},
    [LT_AMOUNT] = {"Amount", 0.14, AR_PDF_RIGHT, false},
};
static const ar_page_table letters_table = TABLE(letter_cols, LT_COLS);

/* Open items in other currencies. */
enum { OT_DOC, OT_CUR, OT_DATE, OT_DUE, OT_DAYS, OT_ORIGINAL, OT_OPEN,
       OT_NOTE, OT_COLS };
static const ar_page_col other_cols[OT_COLS] = {
    [OT_DOC] = {"Document", 0.18, AR_PDF_LEFT, true},
    [OT_CUR] = {"Currency", 0.08, AR_PDF_LEFT, false},
    [OT_DATE] = {"Date", 0.11, AR_PDF_LEFT, false},
    [OT_DUE] = {"Due", 0.11, AR_PDF_LEFT, false},
    [OT_DAYS] = {"Days over", 0.08, AR_PDF_RIGHT, false},
    [OT_ORIGINAL] = {"Original", 0.14, AR_PDF_RIGHT, false},
    [OT_OPEN] = {"Open", 0.14, AR_PDF_RIGHT, false},
    [OT_NOTE] = {"Note", 0.16, AR_PDF_LEFT, true},
};
static const ar_page_table others_table = TABLE(other_cols, OT_COLS);

/* A section title and its table's header, kept with the first rows. */
static void begin_table(ar_statement *c, const char *title, const char *note,
                        const ar_page_table *t, size_t rows)
{
    const ar_letterhead *h = c->env->h;
    const ar_page_geom *gm = c->env->gm;
    double need = MM(6) + (note ? MM(4) : 0) + HEAD_STEP +
                  (rows ? ROW_STEP * (rows < 3 ? (double)rows : 3.0) : 0);
    ar_page_table_end(&c->pg);
    c->pg.y += AR_STATEMENT_SECTION_GAP;
    ar_page_ensure(&c->pg, need);
    ar_statement_put(c, gm->left, c->pg.y, AR_PDF_BOLD, 10.5, h->color_primary,
                     AR_PDF_LEFT, gm->right - gm->left, title);
    c->pg.y += MM(5.2);
    if (note) {
        ar_statement_put(c, gm->left, c->pg.y - MM(0.6), AR_PDF_REGULAR, 7.5,
                         h->color_muted, AR_PDF_LEFT, gm->right - gm->left,
                         note);
        c->pg.y += MM(4.4);
    }
    ar_page_table_begin(&c->pg, t, rows != 0);
}

/* "None." under a section title. */
static void none_line(ar_statement *c, const char *text)
{
    ar_statement_put(c, c->env->gm->left + MM(1.2), c->pg.y, AR_PDF_REGULAR,
                     8.5, c->env->h->color_muted, AR_PDF_LEFT,
                     c->env->gm->right - c->env->gm->left, text);
    c->pg.y += ROW_STEP;
}

static void items_section(ar_statement *c)
{
    const ar_placement *p = c->p;
    const ar_analysis *a = &c->env->run->analysis;
    const ar_ledger *lg = a->ledger;
    const ar_doc *docs = ar_ledger_docs(lg);
    const ar_agency_packet *pk = c->env->pk;
    size_t n = p->item_count - p->other_items;
    begin_table(c, "Open items", NULL, &items_table, n);
    if (n == 0) {
        ar_page_table_end(&c->pg);
        none_line(c, "None.");
        return;
    }
    ar_cents paid_total = 0;
    for (size_t k = 0; k < n; k++) {
        uint32_t i = pk->items[p->first_item + k];
        const ar_doc *doc = &docs[i];
        ar_cents open = a->settlement.open[i];
        int32_t dpd = ar_days_past_due(a, i);
        char d1[48], d2[48], days[16], orig[64], paid[64], op[64], note[64];
        if (dpd > 0)
            snprintf(days, sizeof days, "%d", dpd);
        else
            snprintf(days, sizeof days, "\xE2\x80\x93");
        /* the kind only when it is not an invoice */
        snprintf(note, sizeof note, "%s%s%s",
                 doc->type == AR_DOC_DEB ? "debit note" : "",
                 doc->type == AR_DOC_DEB && (doc->disputed || dpd <= 0)
                     ? ", "
                     : "",
                 doc->disputed ? "under review"
                 : dpd <= 0    ? "not yet due"
                               : "");
        paid_total += doc->amount - open;
        const char *text[IT_COLS] = {
            [IT_DOC] = ar_ledger_text(lg, doc->doc_no),
            [IT_DATE] =
                ar_statement_date(c, doc->doc_date, false, d1, sizeof d1),
            [IT_DUE] =
                ar_statement_date(c, doc->due_date, false, d2, sizeof d2),
            [IT_DAYS] = days,
            [IT_ORIGINAL] =
                ar_statement_amount(c, doc->amount, c->cur, orig, sizeof orig),
            [IT_PAID] = doc->amount != open
                            ? ar_statement_amount(c, doc->amount - open,
                                                  c->cur, paid, sizeof paid)
                            : "",
            [IT_OPEN] = ar_statement_amount(c, open, c->cur, op, sizeof op),
            [IT_NOTE] = note,
        };
        ar_page_table_row(&c->pg, text, AR_PDF_REGULAR,
                          doc->disputed || dpd <= 0 ? c->env->h->color_muted
                                                    : c->env->h->color_text);
    }
    ar_page_table_end(&c->pg);
    /* the totals line: original - paid/credited = open */
    char label[64], orig[64], paid[64], op[64];
    snprintf(label, sizeof label, "Total, %zu item%s", n, n == 1 ? "" : "s");
    const char *text[IT_COLS] = {
        [IT_DOC] = label,
        [IT_ORIGINAL] =
            ar_statement_amount(c, p->original, c->cur, orig, sizeof orig),
        [IT_PAID] =
            ar_statement_amount(c, paid_total, c->cur, paid, sizeof paid),
        [IT_OPEN] = ar_statement_amount(c, p->open, c->cur, op, sizeof op),
    };
    ar_page_ensure(&c->pg, MM(1));
    size_t lines[AR_PAGE_MAX_COLS + 1];
    ar_page_cells(&c->pg, &items_table, text, AR_PDF_BOLD, AR_PAGE_WRAP_NONE,
                  lines);
    c->pg.y += MM(0.6);
    ar_page_cells_text(&c->pg, &items_table, text, lines, AR_PDF_BOLD,
                       c->env->h->color_text);
    c->pg.y += ROW_STEP;
}

static const char *kind_name(int type, bool self)
{
    if (self)
        return "Payment";
    switch (type) {
    case AR_DOC_PAY: return "Payment";
    case AR_DOC_CRN: return "Credit note";
    case AR_DOC_WO: return "Write-off";
    case AR_DOC_INV: return "Invoice";
    case AR_DOC_DEB: return "Debit note";
    default: return "";
    }
}

static void apps_section(ar_statement *c)
{
    const ar_placement *p = c->p;
    const ar_analysis *a = &c->env->run->analysis;
    const ar_ledger *lg = a->ledger;
    const ar_doc *docs = ar_ledger_docs(lg);
    const ar_agency_packet *pk = c->env->pk;
    begin_table(c, "Payments and credits received on these items",
                "What has been paid, credited or written off against the "
                "open items above (their Paid / credited column).",
                &apps_table, p->app_count);
    if (p->app_count == 0) {
        ar_page_table_end(&c->pg);
        none_line(c, "None: nothing has been received against the open "
                     "items.");
        return;
    }
    for (size_t k = 0; k < p->app_count; k++) {
        const ar_application *ap =
            &a->settlement.apps[pk->apps[p->first_app + k]];
        bool self = ap->source == ap->item;
        char d1[48], amt[64];
        const char *text[AP_COLS] = {
            [AP_DATE] = ar_statement_date(c, ap->date, false, d1, sizeof d1),
            [AP_DOC] = self ? "" : ar_ledger_text(lg, docs[ap->source].doc_no),
            [AP_TYPE] = kind_name(ap->kind, self),
            [AP_ITEM] = ar_ledger_text(lg, docs[ap->item].doc_no),
            [AP_AMOUNT] =
                ar_statement_amount(c, ap->amount, c->cur, amt, sizeof amt),
            [AP_NOTE] = self ? "recorded on the invoice as paid" : "",
        };
        ar_page_table_row(&c->pg, text, AR_PDF_REGULAR, c->env->h->color_text);
    }
    ar_page_table_end(&c->pg);
}

static void credits_section(ar_statement *c)
{
    const ar_placement *p = c->p;
    const ar_analysis *a = &c->env->run->analysis;
    const ar_ledger *lg = a->ledger;
    const ar_doc *docs = ar_ledger_docs(lg);
    const ar_agency_packet *pk = c->env->pk;
    begin_table(c, "Unapplied credits",
                "Payments and credits not matched to an item: they reduce "
                "the balance, and the items stay open.",
                &credits_table, p->credit_count);
    if (p->credit_count == 0) {
        ar_page_table_end(&c->pg);
        none_line(c, "None.");
        return;
    }
    for (size_t k = 0; k < p->credit_count; k++) {
        const ar_credit *cd =
            &a->settlement.credits[pk->credits[p->first_credit + k]];
        const char *code = ar_ledger_currency_code(lg, cd->currency);
        char d1[48], orig[64], amt[96], reason[96];
        static const char *const why[AR_CREDIT_REASON_COUNT_] = {
            [AR_CREDIT_NO_TARGET] = "names no invoice",
            [AR_CREDIT_UNKNOWN_TARGET] = "names a document not on this "
                                         "account",
            [AR_CREDIT_OVERPAYMENT] = "more than the invoice it names",
            [AR_CREDIT_CURRENCY] = "in another currency than its invoice",
        };
        snprintf(reason, sizeof reason, "%s",
                 cd->reason < AR_CREDIT_REASON_COUNT_ ? why[cd->reason] : "");
        if (cd->currency != p->currency) /* SPEC §8.23: never added in */
            snprintf(reason, sizeof reason, "in %s, not in the balance",
                     code);
        const char *text[CR_COLS] = {
            [CR_DATE] = ar_statement_date(c, cd->date, false, d1, sizeof d1),
            [CR_DOC] = ar_ledger_text(lg, docs[cd->source].doc_no),
            [CR_TYPE] = kind_name(docs[cd->source].type, false),
            [CR_REASON] = reason,
            [CR_ORIGINAL] =
                ar_statement_amount(c, cd->original, code, orig, sizeof orig),
            [CR_AMOUNT] =
                ar_statement_amount(c, cd->amount, code, amt, sizeof amt),
        };
        ar_page_table_row(&c->pg, text, AR_PDF_REGULAR, c->env->h->color_text);
    }
    ar_page_table_end(&c->pg);
}

static void others_section(ar_statement *c)
{
    const ar_placement *p = c->p;
    if (!p->other_items)
        return;
    const ar_analysis *a = &c->env->run->analysis;
    const ar_ledger *lg = a->ledger;
    const ar_doc *docs = ar_ledger_docs(lg);
    const ar_agency_packet *pk = c->env->pk;
    begin_table(c, "Open in other currencies",
                "Not part of the totals above: amounts in different "
                "currencies are never added together.",
                &others_table, p->other_items);
    for (size_t k = p->item_count - p->other_items; k < p->item_count; k++) {
        uint32_t i = pk->items[p->first_item + k];
        const ar_doc *doc = &docs[i];
        const char *code = ar_ledger_currency_code(lg, doc->currency);
        int32_t dpd = ar_days_past_due(a, i);
        char d1[48], d2[48], days[16], orig[64], op[64];
        if (dpd > 0)
            snprintf(days, sizeof days, "%d", dpd);
        else
            snprintf(days, sizeof days, "\xE2\x80\x93");
        const char *text[OT_COLS] = {
            [OT_DOC] = ar_ledger_text(lg, doc->doc_no),
            [OT_CUR] = code,
            [OT_DATE] =
                ar_statement_date(c, doc->doc_date, false, d1, sizeof d1),
            [OT_DUE] =
                ar_statement_date(c, doc->due_date, false, d2, sizeof d2),
            [OT_DAYS] = days,
            [OT_ORIGINAL] =
                ar_statement_amount(c, doc->amount, code, orig, sizeof orig),
            [OT_OPEN] = ar_statement_amount(c, a->settlement.open[i], code, op,
                                            sizeof op),
            [OT_NOTE] = doc->disputed ? "under review"
                        : dpd <= 0    ? "not yet due"
                                      : "",
        };
        ar_page_table_row(&c->pg, text, AR_PDF_REGULAR, c->env->h->color_text);
    }
    ar_page_table_end(&c->pg);
}

/* A letter's document list as one style, "A, B, C": the history has
 * them separated by ';' or by blanks. */
static const char *doc_list(const char *in, char *out, size_t size)
{
    size_t n = 0;
    while (*in && n + 3 < size) {
        while (*in == ';' || *in == ' ' || *in == '\t')
            in++;
        if (!*in)
            break;
        if (n) {
            out[n++] = ',';
            out[n++] = ' ';
        }
        while (*in && *in != ';' && *in != ' ' && *in != '\t' &&
               n + 1 < size)
            out[n++] = *in++;
    }
    out[n] = '\0';
    return out;
}

static void letters_section(ar_statement *c)
{
    const ar_placement *p = c->p;
    const ar_ledger *lg = c->env->run->ledger;
    const ar_lang *g = c->env->g;
    const ar_agency_packet *pk = c->env->pk;
    begin_table(c, "Dunning letters sent", NULL, &letters_table,
                p->letter_count);
    if (p->letter_count == 0) {
        ar_page_table_end(&c->pg);
        none_line(c, "None on record.");
        return;
    }
    for (size_t k = 0; k < p->letter_count; k++) {
        const ar_agency_letter *l = &pk->letters[p->first_letter + k];
        char d1[48], stage[8], name[128], amt[64], docs[2048];
        snprintf(stage, sizeof stage, "%d", l->stage);
        name[0] = '\0';
        if (l->stage >= 1 && l->stage <= AR_STAGES) {
            const ar_ttext *t = &g->str[AR_S_STAGE1 + l->stage - 1];
            if (t->count && t->parts[0].text)
                snprintf(name, sizeof name, "%.*s", (int)t->parts[0].len,
                         t->parts[0].text);
        }
        const char *text[LT_COLS] = {
            [LT_DATE] = ar_statement_date(c, l->date, false, d1, sizeof d1),
            [LT_STAGE] = stage,
            [LT_NAME] = name,
            [LT_DOCS] = doc_list(l->doc_nos, docs, sizeof docs),
            [LT_AMOUNT] = ar_statement_amount(
                c, l->amount, ar_ledger_currency_code(lg, l->currency), amt,
                sizeof amt),
        };
        ar_page_table_row(&c->pg, text, AR_PDF_REGULAR, c->env->h->color_text);
    }
    ar_page_table_end(&c->pg);
}

void ar_statement_tables_draw(ar_statement *s)
{
    items_section(s);
    apps_section(s);
    credits_section(s);
    others_section(s);
    letters_section(s);
}
