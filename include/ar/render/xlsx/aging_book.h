/* aging_book.h - private to aging.xlsx (src/render/xlsx/aging*.c): the
 * book its sheets are written into, and what more than one sheet uses.
 * aging.c makes the book and calls each sheet's writer, in sheet order;
 * the sheets use this module and never aging.c.
 *
 * libxlsxwriter's types appear as incomplete structs (as in common.h), so
 * that <xlsxwriter.h> stays in src/render/xlsx/.
 */
#ifndef AR_AGING_BOOK_H
#define AR_AGING_BOOK_H

#include "ar/render/render.h"
#include "ar/render/xlsx/common.h"

/* A list sheet continues on "Open items (2)" etc. Each sheet keeps a
 * temporary file open until the workbook closes, and the Reconciliation
 * sums across them in one formula. */
#define AR_AGING_MAX_LIST_SHEETS 64

/* One currency's figures as written, for the Reconciliation. */
typedef struct ar_aging_cur {
    const ar_totals *t;
    const char *code;
    char summary[32];          /* its Summary sheet */
    struct lxw_worksheet *ws;  /* and the sheet itself */
    uint32_t sum_first;        /* first client row on it */
    uint32_t sum_rows;         /* client rows on it */
    uint16_t total_col;        /* its Total column */
    ar_cents summary_total;    /* sum of that column, cents */
    ar_cents items_open;       /* open amounts written on Open items */
    uint64_t items;
    ar_cents credits;          /* amounts written on Unapplied credits */
} ar_aging_cur;

/* A list that runs over one or more sheets ("Open items", "Open items
 * (2)", ...). */
typedef struct ar_aging_list {
    const char *const *headers;
    uint16_t cols;
    const double *min_width;
    uint32_t numeric;          /* bit per column holding numbers */
    /* what the Reconciliation sums: a column every row fills, the
     * currency code and the amount */
    uint16_t count_col, code_col, amount_col;
    struct lxw_worksheet *ws;
    uint32_t row;              /* next row on ws; 0 is the header */
    uint32_t sheets;           /* begun so far */
    uint32_t planned;          /* added to the workbook up front */
    struct lxw_worksheet *sheet[AR_AGING_MAX_LIST_SHEETS];
    char names[AR_AGING_MAX_LIST_SHEETS][32];
    uint32_t rows_in[AR_AGING_MAX_LIST_SHEETS];
    uint64_t rows;             /* data rows over all its sheets */
    double width[16];          /* widest text seen per column */
} ar_aging_list;

typedef struct ar_aging_book {
    const ar_run *run;
    const ar_analysis *a;
    const ar_ledger *lg;
    const ar_policy *p;
    struct lxw_workbook *wb;
    ar_xlsx_formats f;
    struct lxw_format *age_fill[3]; /* 31-60, 61-90, 91+ days: amber to
                                       red */
    struct lxw_format *ok, *fail;
    struct lxw_format *left[3];  /* Parameters: whole, money, date, aligned
                                    with the text values beside them */
    int err;                     /* first libxlsxwriter error */
    ar_aging_cur *cur;
    size_t ncur;
    int *cur_of;                 /* ledger currency -> index in cur, or -1 */
    ar_aging_list items, credits;
    struct lxw_worksheet *reconciliation, *parameters;
    struct lxw_worksheet *consolidated; /* --fx only, else NULL */
    struct lxw_format *rate;     /* an exchange rate */
} ar_aging_book;

/* Keep the first error of a cell writer (a bug, such as a row written out
 * of order) in b->err; the close fails the run with it. */
#define KEEP(b, call) ar_xlsx_keep(&(b)->err, (call))

/* ---- helpers (aging_book.c) ------------------------------------------- */

/* A client's ID as the ledger has it (borrowed from the ledger). */
const char *ar_aging_client_id(const ar_aging_book *b, uint32_t client);

/* A client's name from the clients file, "" when it has no row there
 * (borrowed from the ledger). */
const char *ar_aging_client_name(const ar_aging_book *b, uint32_t client);

/* A currency's code as people read it ("(no code)" for a ledger without
 * codes). */
const char *ar_aging_shown_code(const char *code);

/* Write formula with its value cached (computed in cents by the caller),
 * keeping the first error in b. */
void ar_aging_formula_num(ar_aging_book *b, struct lxw_worksheet *ws,
                          uint32_t row, uint16_t col, const char *formula,
                          struct lxw_format *fmt, double cached);

/* Width, in characters, of a money column that shows v and its header. */
double ar_aging_money_width(ar_cents v, const char *header);

/* Landscape A4, one page wide, header_row repeated on every page. */
void ar_aging_print_setup(struct lxw_worksheet *ws, uint32_t header_row);

/* Start l's next planned sheet: its header row, and the columns' widths
 * reset to the headers'. A sheet beyond those planned is a bug, kept as
 * b's error (the rows then go on the last sheet). */
void ar_aging_list_begin(ar_aging_book *b, ar_aging_list *l);

/* Finish l's current sheet: its row count, panes, filter, widths and
 * print setup. */
void ar_aging_list_end(ar_aging_book *b, ar_aging_list *l);

/* The row for l's next data row, on a further sheet when this one is
 * full (SPEC §6: past 1,048,575 rows, or policy sheet_max_rows). */
uint32_t ar_aging_list_next_row(ar_aging_book *b, ar_aging_list *l);

/* Widen column col of l to show s, up to max characters. */
void ar_aging_list_widen(ar_aging_list *l, uint16_t col, const char *s,
                         double max);

/* ---- the sheets, one file each, called by aging.c in sheet order ------- */

/* Summary sheet of currency b->cur[ci] (aging_summary.c). Writes only that
 * sheet and cur[ci], so it may run beside the lists, on a copy of b. */
void ar_aging_write_summary(ar_aging_book *b, size_t ci);

/* Consolidated (aging_consolidated.c): with --fx, every currency's
 * totals converted at its rate, and their sums. Nothing without. */
void ar_aging_write_consolidated(ar_aging_book *b);

/* Open items over b->items' sheets (aging_items.c). */
void ar_aging_write_open_items(ar_aging_book *b);

/* The unapplied credits to list, in sheet order (aging_credits.c): indexes
 * into a->settlement.credits, *n of them. Caller frees. */
uint32_t *ar_aging_credit_order(const ar_analysis *a, size_t *n);

/* Unapplied credits idx[0..n) over b->credits' sheets (aging_credits.c). */
void ar_aging_write_credits(ar_aging_book *b, const uint32_t *idx, size_t n);

/* Reconciliation (aging_reconciliation.c): run after every sheet above,
 * whose figures it checks. */
void ar_aging_write_reconciliation(ar_aging_book *b);

/* Parameters (aging_params.c). */
void ar_aging_write_parameters(ar_aging_book *b);

#endif
