/* kpi_book.h - private to kpi.xlsx (src/render/xlsx/kpi*.c): the book its
 * sheets are written into, the display tables and the cell writers more
 * than one sheet uses. kpi.c makes the book and calls each sheet's
 * writer, in sheet order; the sheets use this module and never kpi.c.
 * Names are ar_kpi_xlsx_* (ar_kpi_* is the engine's). group.c
 * (group-kpi.xlsx) shows the KPIs with the same names and status words
 * (ar_kpi_xlsx_metas, ar_kpi_xlsx_rag_labels) and uses nothing else.
 *
 * libxlsxwriter's types appear as incomplete structs (as in common.h), so
 * that <xlsxwriter.h> stays in src/render/xlsx/.
 */
#ifndef AR_KPI_BOOK_H
#define AR_KPI_BOOK_H

#include "ar/render/render.h"
#include "ar/render/xlsx/common.h"

/* Tables start under a title, a note and a blank line. */
#define AR_KPI_XLSX_FIRST_ROW 4u

/* How a KPI is named and in which unit it is shown. */
typedef struct ar_kpi_xlsx_meta {
    const char *name;
    const char *short_name;   /* trend column header, chart series */
    bool percent;             /* else days */
} ar_kpi_xlsx_meta;

extern const ar_kpi_xlsx_meta ar_kpi_xlsx_metas[AR_KPI_COUNT_];

/* Tier columns in the order of seed 002 (VIP, Standard, High-Risk), and
 * each tier's label. */
extern const ar_tier ar_kpi_xlsx_tier_order[AR_TIER_COUNT_];
extern const char *const ar_kpi_xlsx_tier_labels[AR_TIER_COUNT_];

/* SPEC §3.2 stage names; [0] is "no letter before it". */
extern const char *const ar_kpi_xlsx_stage_labels[AR_STAGES + 1];

/* A status as a word: "GREEN", ..., "no target". */
extern const char *const ar_kpi_xlsx_rag_labels[AR_RAG_COUNT_];

typedef struct ar_kpi_book {
    struct lxw_workbook *wb;
    const ar_run *run;
    const ar_analysis *a;
    const ar_policy *p;
    const ar_kpis *k;
    ar_xlsx_formats f;
    struct lxw_format *value[AR_RAG_COUNT_];  /* days: "#,##0.00" on the
                                                 status colour */
    struct lxw_format *pct[AR_RAG_COUNT_];    /* percent KPIs: "0.00%" */
    ar_xlsx_money money;                      /* the base currency's */
    ar_xlsx_page page;                        /* running header, footer */
    struct lxw_format *status[AR_RAG_COUNT_]; /* bold centred status word */
    struct lxw_format *na;                    /* "n/a", grey, right */
    struct lxw_format *wrap;                  /* wrapped text, middle */
    struct lxw_format *unit;                  /* "days": indented, middle */
    struct lxw_format *note_wrap;             /* a sheet's note, wrapped */
    struct lxw_format *bold;
    struct lxw_format *rank;       /* a centred whole number */
    struct lxw_format *target[6];  /* ">= ", "<= ", "< " + value; then
                                      the same for a percent */
    struct lxw_format *rate;       /* an exchange rate */
    struct lxw_format *right;      /* text aligned right */
    int err;                       /* first libxlsxwriter error */
} ar_kpi_book;

/* Keep the first error of a cell writer in b->err; the close fails the
 * run with it. */
#define KEEP(b, call) ar_xlsx_keep(&(b)->err, (call))

/* ---- helpers (kpi_book.c) --------------------------------------------- */

/* Add sheet name with title in row 0 and note (unless NULL) in row 1.
 * NULL, with b's error set, when the library cannot add it. */
struct lxw_worksheet *ar_kpi_xlsx_add_sheet(ar_kpi_book *b, const char *name,
                                            const char *title,
                                            const char *note);

/* names[0..n) as a header row from column 0. */
void ar_kpi_xlsx_header_row(ar_kpi_book *b, struct lxw_worksheet *ws,
                            uint32_t row, const char *const *names, int n);

/* KPI id's value v, coloured by its status: a percent KPI as a percent
 * cell (run.json's 95.5 is 95.5 %), days as days; the text "n/a" when it
 * is undefined (never 0). */
void ar_kpi_xlsx_value(ar_kpi_book *b, struct lxw_worksheet *ws,
                       uint32_t row, uint16_t col, ar_kpi_id id,
                       ar_kpi_value v);

/* "=SUM(C6:C11)" over rows [r0, r1] of column col, into buf. */
void ar_kpi_xlsx_sum_formula(char *buf, size_t size, uint16_t col,
                             uint32_t r0, uint32_t r1);

/* The ledger's base currency code, "(no code)" when it has none. */
const char *ar_kpi_xlsx_base_code(const ar_kpi_book *b);
/* Whether the base currency has a code (a ledger without any has none:
 * the labels then leave the words "(no code)" out where they would not
 * fit). */
bool ar_kpi_xlsx_has_code(const ar_kpi_book *b);

/* What the KPIs cover when the ledger has several currencies (SPEC
 * §8.23), one sentence into buf (kpi_consolidated.c). */
void ar_kpi_xlsx_coverage(const ar_kpi_book *b, char *buf, size_t size);

/* Print setup of a sheet (common.h ar_xlsx_print) with the book's page:
 * header_row repeated (UINT32_MAX: none), rows 0..last_row and columns
 * 0..last_col printed one page wide. */
void ar_kpi_xlsx_print(ar_kpi_book *b, struct lxw_worksheet *ws,
                       bool landscape, uint32_t header_row,
                       uint32_t last_row, uint16_t last_col);

/* Width, in characters, of a column showing KPI values vs[0..n) of id
 * (and its header): at least min. */
double ar_kpi_xlsx_value_width(ar_kpi_id id, const ar_kpi_value *vs, int n,
                               double min);

/* ---- the sheets, one file each, called by kpi.c in sheet order -------- */

/* Dashboard (kpi_dashboard.c), the first sheet: the headline figures
 * against last month and a year before, and four charts reading the
 * hidden Dashboard data sheet (ar_kpi_xlsx_dashboard_data, written
 * last). Returns the sheet, or NULL. */
struct lxw_worksheet *ar_kpi_xlsx_dashboard(ar_kpi_book *b);
void ar_kpi_xlsx_dashboard_data(ar_kpi_book *b);

/* The chart colour of aging bucket k of n: one colour for current, a
 * graded scale from amber to dark red for the overdue ones. */
uint32_t ar_kpi_xlsx_bucket_color(int k, int n);

/* Consolidated (kpi_consolidated.c), --fx only: the KPIs over every
 * currency at its rate, the rates, and the converted figures. NULL
 * without --fx. */
struct lxw_worksheet *ar_kpi_xlsx_consolidated(ar_kpi_book *b);

/* Trend (kpi_trend.c): the KPIs at each month-end. Returns the sheet, for
 * its charts, or NULL. */
struct lxw_worksheet *ar_kpi_xlsx_trend(ar_kpi_book *b);

/* Cost per recovery (kpi_cost.c): by stage of the latest letter and by
 * tier. Returns the sheet, for its chart, or NULL. */
struct lxw_worksheet *ar_kpi_xlsx_cost(ar_kpi_book *b);

/* Debtors (kpi_debtors.c): aging distribution and top debtors. Returns
 * the sheet, or NULL; *aging_row is the first row of the buckets, which
 * its chart reads. */
struct lxw_worksheet *ar_kpi_xlsx_debtors(ar_kpi_book *b,
                                          uint32_t *aging_row);

/* The hidden Chart data sheet (kpi_charts.c): the charts' series, with
 * n/a as blank cells, since a line chart draws text as 0. */
void ar_kpi_xlsx_chart_data(ar_kpi_book *b);

/* The charts (kpi_charts.c), on the sheets returned above (a NULL sheet
 * gets none). */
void ar_kpi_xlsx_charts(ar_kpi_book *b, struct lxw_worksheet *trend,
                        struct lxw_worksheet *cost,
                        struct lxw_worksheet *debtors, uint32_t aging_row);

#endif
