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
    ar_xlsx_money money;       /* its amounts' formats */
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

/* The money columns of a list that get totals (at most two). */
#define AR_AGING_LIST_MONEY 2

/* A run of one currency's rows on one sheet of a list: the lists are in
 * currency order, so each currency is one run per sheet it is on. */
typedef struct ar_aging_seg {
    uint32_t ci;               /* index into the book's currencies */
    uint32_t sheet;            /* index into the list's sheets */
    uint32_t first, last;      /* its rows */
    ar_cents sum[AR_AGING_LIST_MONEY];
} ar_aging_seg;

/* A list that runs over one or more sheets ("Open items", "Open items
 * (2)", ...). */
typedef struct ar_aging_list {
    const char *const *headers;
    uint16_t cols;
    const double *min_width;
    uint32_t numeric;          /* bit per column holding numbers */
    uint32_t centered;         /* bit per column centred (codes, flags) */
    uint32_t indented;         /* bit per text column after a number */
    /* what the Reconciliation sums: a column every row fills, the
     * currency code and the amount */
    uint16_t count_col, code_col, amount_col;
    /* the columns the totals under each sheet add up (SUBTOTAL 109,
     * which follows the filter), and the column of their labels */
    uint16_t money_col[AR_AGING_LIST_MONEY];
    int money_cols;
    uint16_t label_col;
    uint32_t per_sheet;        /* data rows a sheet holds */
    ar_aging_seg *segs;        /* every run, in row order */
    size_t nsegs, segs_cap;
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
    struct lxw_format *loss_rate; /* a loss rate: "0.00%" */
    struct lxw_format *input;    /* a cell for the reader to fill in */
    struct lxw_format *grey;     /* "(not in the clients file)" */
    struct lxw_format *bold;
    struct lxw_format *header_ctr, *header_ind; /* centred, indented */
    struct lxw_format *text_ind;                /* text indented by one */
    ar_xlsx_page page;           /* running header and footer */
    int err;                     /* first libxlsxwriter error */
    ar_aging_cur *cur;
    size_t ncur;
    int *cur_of;                 /* ledger currency -> index in cur, or -1 */
    ar_aging_list items, credits;
    struct lxw_worksheet *rollforward, *provision;
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

/* What a name cell shows for a client without a row in the clients
 * file. */
#define AR_AGING_NO_NAME "(not in the clients file)"

/* A currency's code as people read it ("(no code)" for a ledger without
 * codes). */
const char *ar_aging_shown_code(const char *code);

/* Write formula with its value cached (computed in cents by the caller),
 * keeping the first error in b. */
void ar_aging_formula_num(ar_aging_book *b, struct lxw_worksheet *ws,
                          uint32_t row, uint16_t col, const char *formula,
                          struct lxw_format *fmt, double cached);

/* text as note lines (grey italic) of at most width characters each,
 * words kept whole, from row on: a narrow sheet prints them all. Returns
 * the row after them. */
uint32_t ar_aging_note(ar_aging_book *b, struct lxw_worksheet *ws,
                       uint32_t row, const char *text, size_t width);

/* Print setup (common.h ar_xlsx_print) with the book's page. */
void ar_aging_print(ar_aging_book *b, struct lxw_worksheet *ws,
                    bool landscape, uint32_t header_row, uint32_t last_row,
                    uint16_t last_col);

/* Start l's next planned sheet: its header row, and the columns' widths
 * reset to the headers'. A sheet beyond those planned is a bug, kept as
 * b's error (the rows then go on the last sheet). */
void ar_aging_list_begin(ar_aging_book *b, ar_aging_list *l);

/* Finish l's current sheet: its row count, panes, filter, the totals of
 * each currency's rows on it (and, under the last sheet, of those that
 * run over several), widths and print setup. */
void ar_aging_list_end(ar_aging_book *b, ar_aging_list *l, bool last);

/* The row for l's next data row, of currency ci with amounts[] in l's
 * money columns, on a further sheet when this one is full (SPEC §6: past
 * l->per_sheet rows, which leaves room for the totals). */
uint32_t ar_aging_list_next_row(ar_aging_book *b, ar_aging_list *l,
                                uint32_t ci, const ar_cents *amounts);

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

/* Open items over b->items' sheets (aging_items.c), by currency (the
 * book's order), then client and due date. */
void ar_aging_write_open_items(ar_aging_book *b);

/* The unapplied credits to list, in sheet order (aging_credits.c): indexes
 * into a->settlement.credits, *n of them. Caller frees. */
uint32_t *ar_aging_credit_order(const ar_analysis *a, size_t *n);

/* Unapplied credits idx[0..n) over b->credits' sheets (aging_credits.c). */
void ar_aging_write_credits(ar_aging_book *b, const uint32_t *idx, size_t n);

/* Rollforward (aging_rollforward.c): opening AR + activity = closing AR,
 * the GL balance and its difference, reconciling items, sign-off, and
 * the defined names AR_Open_XXX, AR_Close_XXX, GL_XXX, GL_Diff_XXX. */
void ar_aging_write_rollforward(ar_aging_book *b);

/* Provision (aging_rollforward.c): the IFRS 9 matrix per currency and
 * the defined names ECL_XXX. */
void ar_aging_write_provision(ar_aging_book *b);

/* Reconciliation (aging_reconciliation.c): run after every sheet above,
 * whose figures it checks. */
void ar_aging_write_reconciliation(ar_aging_book *b);

/* Parameters (aging_params.c). */
void ar_aging_write_parameters(ar_aging_book *b);

#endif
