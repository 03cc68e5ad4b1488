/* group.c - group-kpi.xlsx of `merge --group` (render/group.h, README "A
 * group of entities"): one sheet per view, each a table of the same
 * columns: who (entity, or currency), currency, AR, overdue, then each
 * KPI's value and status as kpi.xlsx shows them. Every figure comes from
 * the engine (engine/group.c). The KPI names, status words and units are
 * kpi.xlsx's (kpi_book.h). */
#include "ar/render/group.h"

#include "ar/render/xlsx/common.h"
#include "ar/render/xlsx/kpi_book.h"

#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#define XLSX_NAME "group-kpi.xlsx"
#define FIRST_ROW 4u   /* the header row, under a title and two notes */

enum { C_WHO, C_CURRENCY, C_ENTITIES, C_AR, C_OVERDUE, C_KPI0 };
#define C_COLS (C_KPI0 + 2 * AR_KPI_COUNT_)

typedef struct book {
    lxw_workbook *wb;
    const ar_group_doc *doc;
    ar_xlsx_formats f;
    lxw_format *days, *pct, *na;
    lxw_format *status[AR_RAG_COUNT_];
    ar_xlsx_money money[AR_KPI_CURRENCIES + 1]; /* by currency code */
    size_t money_count;
    ar_xlsx_page page;      /* the running header and footer */
    int err;
} book;

#define KEEP(b, call) ar_xlsx_keep(&(b)->err, (call))

/* A controller prints it: landscape, one page wide, the header row on
 * every page, rows 0..last_row. */
static void print_setup(book *b, lxw_worksheet *ws, uint32_t last_row)
{
    ar_xlsx_print(ws, &b->page, true, FIRST_ROW - 1, FIRST_ROW - 1,
                  last_row, C_COLS - 1);
}

/* The money format of currency code, made on first use. */
static ar_xlsx_money *money_of(book *b, const char *code)
{
    for (size_t i = 0; i < b->money_count; i++)
        if (strcmp(b->money[i].code, code) == 0)
            return &b->money[i];
    if (b->money_count == sizeof b->money / sizeof *b->money)
        return &b->money[0]; /* not reached: at most 64 currencies + 1 */
    ar_xlsx_money *m = &b->money[b->money_count++];
    ar_xlsx_money_init(b->wb, code, ar_xlsx_decimals(code, true), m);
    return m;
}

static void formats(book *b)
{
    ar_xlsx_formats_init(b->wb, &b->f);
    b->days = workbook_add_format(b->wb);
    format_set_num_format(b->days, "#,##0.00");
    b->pct = workbook_add_format(b->wb);
    format_set_num_format(b->pct, "0.00%");
    b->na = workbook_add_format(b->wb);
    format_set_font_color(b->na, 0x808080);
    format_set_align(b->na, LXW_ALIGN_RIGHT);
    /* Excel's good / neutral / bad cell styles */
    static const uint32_t fill[AR_RAG_COUNT_] = {
        [AR_RAG_NONE] = 0xFFFFFF, [AR_RAG_GREEN] = 0xC6EFCE,
        [AR_RAG_AMBER] = 0xFFEB9C, [AR_RAG_RED] = 0xFFC7CE};
    for (int r = 0; r < AR_RAG_COUNT_; r++) {
        b->status[r] = workbook_add_format(b->wb);
        format_set_bold(b->status[r]);
        format_set_align(b->status[r], LXW_ALIGN_CENTER);
        if (r != AR_RAG_NONE)
            format_set_bg_color(b->status[r], fill[r]);
    }
}

static lxw_worksheet *sheet(book *b, const char *name, const char *title,
                            const char *note, const char *first)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
    if (!ws) {
        ar_xlsx_keep(&b->err, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
        return NULL;
    }
    KEEP(b, ar_xlsx_text(ws, 0, 0, title, b->f.title));
    KEEP(b, ar_xlsx_text(ws, 1, 0, note, b->f.note));
    const char *heads[C_COLS] = {first, "Amounts in", "Entities", "AR",
                                 "Overdue"};
    for (int k = 0; k < AR_KPI_COUNT_; k++) {
        heads[C_KPI0 + 2 * k] = ar_kpi_xlsx_metas[k].short_name;
        heads[C_KPI0 + 2 * k + 1] = "Status";
    }
    double width[C_COLS];
    for (int c = 0; c < C_COLS; c++) {
        width[c] = c == C_AR || c == C_OVERDUE ? 18
                   : c >= C_KPI0               ? 14
                                               : 12;
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width[c],
                             NULL);
        KEEP(b, ar_xlsx_text(ws, FIRST_ROW - 1, (uint16_t)c, heads[c],
                             c >= C_ENTITIES ? b->f.header_num
                                             : b->f.header));
    }
    worksheet_set_row(ws, FIRST_ROW - 1,
                      ar_xlsx_header_height(heads, width, C_COLS), NULL);
    worksheet_freeze_panes(ws, FIRST_ROW, 1);
    return ws;
}

/* One row of a table: who, then the row's figures and KPIs. */
static void row(book *b, lxw_worksheet *ws, uint32_t r, const char *who,
                const ar_group_row *x)
{
    KEEP(b, ar_xlsx_text(ws, r, C_WHO, who, b->f.text));
    KEEP(b, ar_xlsx_text(ws, r, C_CURRENCY, x->code, b->f.center));
    KEEP(b, worksheet_write_number(ws, r, C_ENTITIES, x->entities,
                                   b->f.whole));
    ar_xlsx_money *m = money_of(b, x->code);
    KEEP(b, ar_xlsx_cents(ws, r, C_AR, x->in.ar_d, m->cell));
    KEEP(b, ar_xlsx_cents(ws, r, C_OVERDUE, x->overdue, m->cell));
    for (int k = 0; k < AR_KPI_COUNT_; k++) {
        uint16_t c = (uint16_t)(C_KPI0 + 2 * k);
        ar_kpi_value v = x->v[k];
        double t, am;
        bool higher, strict;
        bool has = ar_kpi_target(b->doc->p, (ar_kpi_id)k, &t, &am, &higher,
                                 &strict);
        if (!v.defined)
            KEEP(b, ar_xlsx_text(ws, r, c, "n/a", b->na));
        else if (ar_kpi_xlsx_metas[k].percent)
            KEEP(b, worksheet_write_number(ws, r, c, v.value / 100.0,
                                           b->pct));
        else
            KEEP(b, worksheet_write_number(ws, r, c, v.value, b->days));
        /* kpi.xlsx's words: no target, n/a, GREEN, AMBER, RED */
        const char *st = !has        ? ar_kpi_xlsx_rag_labels[AR_RAG_NONE]
                         : v.defined ? ar_kpi_xlsx_rag_labels[x->rag[k]]
                                     : "n/a";
        KEEP(b, ar_xlsx_text(ws, r, (uint16_t)(c + 1), st,
                             b->status[x->rag[k]]));
    }
}

static void entities_sheet(book *b)
{
    const ar_group_doc *doc = b->doc;
    char day[16], title[80];
    snprintf(title, sizeof title, "Group KPIs as of %s: by entity",
             ar_date_format_iso(doc->as_of, day, sizeof day));
    lxw_worksheet *ws = sheet(b, "Entities", title,
                              "Each entity's KPIs in its base currency, as "
                              "its own kpi.xlsx shows them; statuses "
                              "against the group's policy.",
                              "Entity");
    if (!ws)
        return;
    for (size_t k = 0; k < doc->g->entity_count; k++) {
        const char *who = doc->e[k].entity[0] ? doc->e[k].entity
                                              : "(whole ledger)";
        row(b, ws, FIRST_ROW + (uint32_t)k, who, &doc->g->entities[k]);
    }
    print_setup(b, ws, FIRST_ROW + (uint32_t)doc->g->entity_count);
}

static void currencies_sheet(book *b)
{
    const ar_group *g = b->doc->g;
    lxw_worksheet *ws = sheet(b, "Currencies", "Group KPIs by currency",
                              "Each currency over every entity with "
                              "accounts in it, the inputs added up in its "
                              "own units (nothing converted).",
                              "Currency");
    if (!ws)
        return;
    uint32_t r = FIRST_ROW;
    for (size_t c = 0; c < g->currency_count; c++)
        row(b, ws, r++, g->cur[c].code, &g->cur[c]);
    for (size_t c = 0; c < g->currency_count; c++)
        if (g->cur[c].costs_mixed) {
            char note[400];
            snprintf(note, sizeof note, "%s cost per recovery %s",
                     g->cur[c].code, AR_GROUP_COSTS_MIXED);
            KEEP(b, ar_xlsx_text(ws, ++r, 0, note, b->f.note));
        }
    print_setup(b, ws, r);
}

static void consolidated_sheet(book *b)
{
    const ar_group_doc *doc = b->doc;
    const ar_group *g = doc->g;
    char note[600];
    if (!g->consolidated)
        snprintf(note, sizeof note, "No consolidated figures: %s.",
                 doc->why_not ? doc->why_not : "?");
    else
        snprintf(note, sizeof note,
                 "Every entity's figures in every currency converted to %s "
                 "at the rates of %s: each entity's total of a figure in a "
                 "currency converts once, half to even; AR is the "
                 "converted buckets less the converted credits.",
                 g->cons.code, doc->fx);
    lxw_worksheet *ws = sheet(b, "Consolidated",
                              "Group KPIs consolidated", note, "Group");
    if (ws && !g->consolidated)
        print_setup(b, ws, FIRST_ROW);
    if (!ws || !g->consolidated)
        return;
    row(b, ws, FIRST_ROW, "Group", &g->cons);
    uint32_t r = FIRST_ROW + 2;
    KEEP(b, ar_xlsx_text(ws, r, 0, "Currency", b->f.header));
    KEEP(b, ar_xlsx_text(ws, r, 1, "Rate", b->f.header_num));
    lxw_format *rate = workbook_add_format(b->wb);
    format_set_num_format(rate, "0.############");
    for (size_t i = 0; i < doc->rate_count; i++) {
        const ar_fx_rate *x = &doc->rates[i];
        /* one division (num / 10^scale, both exact as doubles): the
         * nearest double to the rate, as the file wrote it (dividing by
         * 10 scale times rounds each time: 0.92 became 0.9199...) */
        double den = 1;
        for (int s = 0; s < x->scale; s++)
            den *= 10;
        double v = (double)x->num / den;
        KEEP(b, ar_xlsx_text(ws, ++r, 0, x->code, b->f.center));
        KEEP(b, worksheet_write_number(ws, r, 1, v, rate));
    }
    print_setup(b, ws, r);
}

ar_err ar_render_group_xlsx(const ar_group_doc *doc, const char *dir,
                            ar_diag *d)
{
    book b = {.doc = doc};
    b.wb = ar_xlsx_open(dir, XLSX_NAME, doc->as_of, "Group KPIs", false, d);
    if (!b.wb)
        return AR_ERR_OUTPUT;
    formats(&b);
    ar_xlsx_page_init(&b.page, "Group KPIs", doc->as_of, false);
    entities_sheet(&b);
    currencies_sheet(&b);
    consolidated_sheet(&b);
    return ar_xlsx_close(b.wb, b.err, dir, XLSX_NAME, d);
}
