/* render_aging_xlsx.c - aging.xlsx, the workbook of the month-end close
 * (SPEC §6): Summary (one per currency), Open items, Unapplied credits,
 * Reconciliation and Parameters.
 *
 * The workbook is written in libxlsxwriter's constant_memory mode, which
 * is a workbook-wide option in 1.1.4: every sheet goes out strictly row by
 * row, in sheet order, so memory stays flat however many open items there
 * are (text cells are then inline strings, which any reader takes). Totals
 * and checks are formulas with their value cached, computed here in
 * integer cents, so a viewer that does not recalculate shows the same
 * figures as one that does.
 *
 * With two or more threads the Summary sheets are written on a thread of
 * their own beside Open items and Unapplied credits: the sheets are
 * independent, each has its own temporary file, and the only state they
 * share in the library (the formats' style indices) is fixed before the
 * split. Every sheet is added up front, so the sheet order and the bytes
 * do not depend on the thread count.
 */
#include "ar/render/render.h"
#include "ar/base/version.h"
#include "ar/render/xlsx/common.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define FILE_NAME "aging.xlsx"

/* A list sheet continues on "Open items (2)" etc. Each sheet keeps a
 * temporary file open until the workbook closes, and the Reconciliation
 * sums across them in one formula (Excel: 8,192 characters at most). */
#define MAX_LIST_SHEETS 64
#define FORMULA_MAX 8000

/* Summary layout: a title, a note, a blank line, then the header. */
#define SUM_HEADER_ROW 3u
#define SUM_FIRST_ROW 4u

/* Fixed columns of the Summary; the buckets follow from S_BUCKET0. */
enum { S_ID, S_NAME, S_TIER, S_SCORE, S_STAGE, S_BUCKET0 };

/* Columns of Open items. */
enum {
    I_ID,
    I_DOC,
    I_DOC_DATE,
    I_DUE,
    I_DPD,
    I_BUCKET,
    I_ORIGINAL,
    I_OPEN,
    I_DISPUTED,
    I_CURRENCY,
    I_COLS
};

/* Columns of Unapplied credits. */
enum {
    U_ID,
    U_NAME,
    U_TYPE,
    U_DOC,
    U_DATE,
    U_REASON,
    U_AMOUNT,
    U_CURRENCY,
    U_COLS
};

/* One currency's figures as written, for the Reconciliation. */
typedef struct cur_out {
    const ar_totals *t;
    const char *code;
    char summary[32];        /* its Summary sheet */
    lxw_worksheet *ws;       /* and the sheet itself */
    uint32_t sum_rows;       /* client rows on it */
    uint16_t total_col;      /* its Total column */
    ar_cents summary_total;  /* sum of that column, cents */
    ar_cents items_open;     /* open amounts written on Open items */
    uint64_t items;
    ar_cents credits;        /* amounts written on Unapplied credits */
} cur_out;

/* A list that runs over one or more sheets ("Open items", "Open items
 * (2)", ...). */
typedef struct list_out {
    const char *const *headers;
    uint16_t cols;
    const double *min_width;
    uint32_t numeric;        /* bit per column holding numbers */
    lxw_worksheet *ws;
    uint32_t row;            /* next row on ws; 0 is the header */
    uint32_t sheets;         /* begun so far */
    uint32_t planned;        /* added to the workbook up front */
    lxw_worksheet *sheet[MAX_LIST_SHEETS];
    char names[MAX_LIST_SHEETS][32];
    uint32_t rows_in[MAX_LIST_SHEETS];
    uint64_t rows;           /* data rows over all its sheets */
    double width[16];        /* widest text seen per column */
} list_out;

typedef struct book {
    const ar_run *run;
    const ar_analysis *a;
    const ar_ledger *lg;
    const ar_policy *p;
    lxw_workbook *wb;
    ar_xlsx_formats f;
    lxw_format *age_fill[3]; /* 31-60, 61-90, 91+ days: amber to red */
    lxw_format *ok, *fail;
    lxw_format *left[3];     /* Parameters: whole, money, date, aligned
                                with the text values beside them */
    int err;                 /* first libxlsxwriter error */
    cur_out *cur;
    size_t ncur;
    int *cur_of;             /* ledger currency -> index in cur, or -1 */
    list_out items, credits;
    lxw_worksheet *reconciliation, *parameters;
} book;

/* Keep the first error of a cell writer (a bug, such as a row written out
 * of order). */
#define KEEP(b, call) ar_xlsx_keep(&(b)->err, (call))

static const char *client_id(const book *b, uint32_t client)
{
    return ar_ledger_text(b->lg, ar_ledger_clients(b->lg)[client].id);
}

static const char *client_name(const book *b, uint32_t client)
{
    const ar_client_info *info = ar_ledger_info_of(b->lg, client);
    return info ? ar_ledger_text(b->lg, info->name) : "";
}

/* A currency's code as people read it ("" is a ledger without codes). */
static const char *shown_code(const char *code)
{
    return *code ? code : "(no code)";
}

static char *cell(char *buf, uint32_t row, uint16_t col)
{
    lxw_rowcol_to_cell(buf, row, col);
    return buf;
}

/* "$B$11": an absolute cell reference. */
static char *abs_cell(char *buf, uint32_t row, uint16_t col)
{
    lxw_rowcol_to_cell_abs(buf, row, col, 1, 1);
    return buf;
}

static char *range(char *buf, uint32_t r1, uint16_t c1, uint32_t r2,
                   uint16_t c2)
{
    lxw_rowcol_to_range(buf, r1, c1, r2, c2);
    return buf;
}

static void formula_num(book *b, lxw_worksheet *ws, uint32_t row,
                        uint16_t col, const char *formula, lxw_format *fmt,
                        double cached)
{
    KEEP(b, worksheet_write_formula_num(ws, row, col, formula, fmt, cached));
}

static void formats_init(book *b)
{
    ar_xlsx_formats_init(b->wb, &b->f);
    static const lxw_color_t fill[3] = { 0xFFF2CC, 0xFCE4D6, 0xF8CBAD };
    static const lxw_color_t font[3] = { 0x7F6000, 0x843C0C, 0x9C0006 };
    for (int k = 0; k < 3; k++) {
        b->age_fill[k] = workbook_add_format(b->wb);
        format_set_bg_color(b->age_fill[k], fill[k]);
        format_set_font_color(b->age_fill[k], font[k]);
    }
    static const char *const left_num[3] = { "0", "#,##0.00",
                                              "yyyy-mm-dd" };
    for (int k = 0; k < 3; k++) {
        b->left[k] = workbook_add_format(b->wb);
        format_set_num_format(b->left[k], left_num[k]);
        format_set_align(b->left[k], LXW_ALIGN_LEFT);
    }
    b->ok = workbook_add_format(b->wb);
    format_set_bg_color(b->ok, 0xC6EFCE);
    format_set_font_color(b->ok, 0x006100);
    format_set_bold(b->ok);
    format_set_align(b->ok, LXW_ALIGN_CENTER);
    b->fail = workbook_add_format(b->wb);
    format_set_bg_color(b->fail, 0xFFC7CE);
    format_set_font_color(b->fail, 0x9C0006);
    format_set_bold(b->fail);
    format_set_align(b->fail, LXW_ALIGN_CENTER);

    /* A format gets its style index when a cell first uses it, which
     * writes to the workbook's format table: give every format the sheets
     * written side by side use its index now, in a fixed order, so that
     * they only read it (and the bytes never depend on which thread
     * first wrote a cell). */
    lxw_format *const shared[] = {
        b->f.title,       b->f.note,          b->f.header, b->f.header_num,
        b->f.whole,       b->f.money,         b->f.percent,
        b->f.total_text,  b->f.total_money,   b->f.total_percent,
        b->f.date,        b->f.center,
    };
    for (size_t k = 0; k < sizeof shared / sizeof shared[0]; k++)
        lxw_format_get_xf_index(shared[k]);
}

/* Width of a money column that shows v (and its header). */
static double money_width(ar_cents v, const char *header)
{
    char buf[40];
    ar_money_format(v < 0 ? -v : v, ',', '.', buf, sizeof buf);
    double w = (double)strlen(buf) + 3.0; /* sign, padding */
    double h = ar_xlsx_width(header, 0, 40);
    return w > h ? w : h;
}

/* part / whole as a fraction, exact to 1e-6 (0.0001 %): computed on cents
 * and short in the file. 0 when whole is 0. */
static double share(ar_cents part, ar_cents whole)
{
    return whole ? (double)ar_cents_muldiv(part, 1000000, whole) / 1e6
                 : 0.0;
}

/* Landscape, one page wide, header repeated: what a close binder wants. */
static void print_setup(lxw_worksheet *ws, uint32_t header_row)
{
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, header_row, header_row);
}

/* ---- Summary ---------------------------------------------------------- */

/* The client's account in currency c, or NULL. */
static const ar_account *account_in(const book *b,
                                    const ar_client_result *cr, uint16_t c)
{
    for (uint32_t k = 0; k < cr->account_count; k++) {
        const ar_account *acc = &b->a->accounts[cr->first_account + k];
        if (acc->currency == c)
            return acc;
    }
    return NULL;
}

/* SPEC §6, §8.23: a currency's Summary lists the clients with an account
 * in it (an open item or an unapplied credit); a client in scope with
 * nothing in that currency has nothing to age there. */
static const ar_account *summary_account(const book *b, size_t ci,
                                         const ar_client_result *cr)
{
    return account_in(b, cr, b->cur[ci].t->currency);
}

static void write_summary(book *b, size_t ci)
{
    const ar_analysis *a = b->a;
    const ar_policy *p = b->p;
    cur_out *co = &b->cur[ci];
    const int nb = p->bucket_count;
    const uint16_t c_total = (uint16_t)(S_BUCKET0 + nb),
                   c_share = c_total + 1, c_credit = c_total + 2,
                   c_net = c_total + 3;
    co->total_col = c_total;

    /* First pass: the rows, the totals (the shares need the grand total
     * before the first row goes out) and the column widths. */
    uint32_t n = 0;
    ar_cents total = 0, credit = 0, sums[AR_MAX_BUCKETS] = { 0 };
    double w_id = 10, w_name = 12;
    for (size_t r = 0; r < a->client_count; r++) {
        const ar_client_result *cr = &a->clients[r];
        const ar_account *acc = summary_account(b, ci, cr);
        if (!acc)
            continue;
        n++;
        total += acc->open;
        credit += acc->unapplied;
        for (int k = 0; k < nb; k++)
            sums[k] += acc->buckets[k];
        double w = ar_xlsx_width(client_id(b, cr->client), 10, 30);
        w_id = w > w_id ? w : w_id;
        w = ar_xlsx_width(client_name(b, cr->client), 12, 50);
        w_name = w > w_name ? w : w_name;
    }
    co->sum_rows = n;
    co->summary_total = total;

    lxw_worksheet *ws = co->ws;
    char text[200], day[16];
    ar_date_format_iso(a->as_of, day, sizeof day);
    snprintf(text, sizeof text, "Aging summary as of %s%s%s", day,
             *co->code ? ", " : "", co->code);
    KEEP(b, worksheet_write_string(ws, 0, 0, text, b->f.title));
    snprintf(text, sizeof text,
             "Clients with an open item or unapplied credit in %s (%lu of "
             "the %lu clients in scope). Open items gross; credits net "
             "against the balance. %s",
             *co->code ? co->code : "the ledger's currency", (unsigned long)n,
             (unsigned long)a->client_count,
             ci == 0 && b->ncur > 1 ? "Other currencies: own sheets."
             : ci > 0               ? "Never converted (SPEC 8.23)."
                                    : "");
    KEEP(b, worksheet_write_string(ws, 1, 0, text, b->f.note));

    /* the header: two lines for "Unapplied credit" (constant_memory
     * takes a row's height only before the row is passed) */
    KEEP(b, worksheet_set_row(ws, SUM_HEADER_ROW, 30, NULL));
    static const char *const fixed[S_BUCKET0] = {
        "Client ID", "Name", "Tier", "Risk score", "Stage" };
    for (uint16_t c = 0; c < S_BUCKET0; c++)
        KEEP(b, worksheet_write_string(
                    ws, SUM_HEADER_ROW, c, fixed[c],
                    c >= S_SCORE ? b->f.header_num : b->f.header));
    for (int k = 0; k < nb; k++)
        KEEP(b, worksheet_write_string(ws, SUM_HEADER_ROW,
                                       (uint16_t)(S_BUCKET0 + k),
                                       p->buckets[k].label,
                                       b->f.header_num));
    static const char *const tail[4] = { "Total", "% of total",
                                         "Unapplied credit", "Net balance" };
    for (uint16_t c = 0; c < 4; c++)
        KEEP(b, worksheet_write_string(ws, SUM_HEADER_ROW, c_total + c,
                                       tail[c], b->f.header_num));

    const uint32_t first = SUM_FIRST_ROW, last = SUM_FIRST_ROW + n - 1,
                   tot_row = SUM_FIRST_ROW + n;
    /* The filter covers the client rows, not the totals; constant_memory
     * takes it only before its last row is passed. */
    KEEP(b, worksheet_autofilter(ws, SUM_HEADER_ROW, 0,
                                 n ? last : SUM_HEADER_ROW, c_net));
    uint32_t row = first;
    for (size_t r = 0; r < a->client_count; r++) {
        const ar_client_result *cr = &a->clients[r];
        const ar_account *acc = summary_account(b, ci, cr);
        if (!acc)
            continue;
        KEEP(b, ar_xlsx_text(ws, row, S_ID, client_id(b, cr->client), NULL));
        KEEP(b, ar_xlsx_text(ws, row, S_NAME, client_name(b, cr->client),
                             NULL));
        KEEP(b, worksheet_write_string(ws, row, S_TIER,
                                       ar_tier_name(cr->risk.tier), NULL));
        KEEP(b, worksheet_write_number(ws, row, S_SCORE, cr->risk.score,
                                       b->f.whole));
        KEEP(b, worksheet_write_number(ws, row, S_STAGE, cr->stage,
                                       b->f.whole));
        /* An empty bucket stays blank: easier to read, and less to write
         * and compress on a large ledger. */
        for (int k = 0; k < nb; k++)
            if (acc->buckets[k])
                KEEP(b, ar_xlsx_cents(ws, row, (uint16_t)(S_BUCKET0 + k),
                                      acc->buckets[k], b->f.money));
        /* Client rows hold values and the totals row the formulas: a
         * formula per client would double the sheet's size. */
        KEEP(b, ar_xlsx_cents(ws, row, c_total, acc->open, b->f.money));
        KEEP(b, worksheet_write_number(ws, row, c_share,
                                       share(acc->open, total),
                                       b->f.percent));
        if (acc->unapplied)
            KEEP(b, ar_xlsx_cents(ws, row, c_credit, acc->unapplied,
                                  b->f.money));
        KEEP(b, ar_xlsx_cents(ws, row, c_net, acc->open - acc->unapplied,
                              b->f.money));
        row++;
    }

    /* The totals row: formulas over the client rows, their values cached
     * from the sums in cents. */
    snprintf(text, sizeof text, "%lu client%s", (unsigned long)n,
             n == 1 ? "" : "s");
    KEEP(b, worksheet_write_string(ws, tot_row, S_ID, "Total",
                                   b->f.total_text));
    KEEP(b, worksheet_write_string(ws, tot_row, S_NAME, text,
                                   b->f.total_text));
    for (uint16_t c = S_TIER; c < S_BUCKET0; c++)
        KEEP(b, worksheet_write_blank(ws, tot_row, c, b->f.total_text));
    char f1[32], formula[96];
    for (uint16_t c = S_BUCKET0; c <= c_net; c++) {
        if (c == c_share) {
            snprintf(formula, sizeof formula, "=IF(%s=0,0,1)",
                     cell(f1, tot_row, c_total));
            formula_num(b, ws, tot_row, c, formula, b->f.total_percent,
                        total ? 1.0 : 0.0);
            continue;
        }
        ar_cents v = c < c_total     ? sums[c - S_BUCKET0]
                     : c == c_total  ? total
                     : c == c_credit ? credit
                                     : total - credit;
        if (n == 0) {
            KEEP(b, ar_xlsx_cents(ws, tot_row, c, v, b->f.total_money));
            continue;
        }
        snprintf(formula, sizeof formula, "=SUM(%s)",
                 range(f1, first, c, last, c));
        formula_num(b, ws, tot_row, c, formula, b->f.total_money,
                    ar_xlsx_units(v));
    }

    /* SPEC §6: the older buckets stand out, amber past 30 days to red
     * past 90, whatever the policy's bucket limits are. */
    for (int k = 1; n && k < nb; k++) {
        int32_t lo = p->buckets[k].min_days;
        if (lo <= 30)
            continue;
        lxw_conditional_format cf = {
            .type = LXW_CONDITIONAL_TYPE_CELL,
            .criteria = LXW_CONDITIONAL_CRITERIA_GREATER_THAN,
            .value = 0,
            .format = b->age_fill[lo > 90 ? 2 : lo > 60 ? 1 : 0],
        };
        KEEP(b, worksheet_conditional_format_range(
                    ws, first, (uint16_t)(S_BUCKET0 + k), last,
                    (uint16_t)(S_BUCKET0 + k), &cf));
    }
    worksheet_freeze_panes(ws, SUM_FIRST_ROW, S_TIER);
    KEEP(b, worksheet_set_column(ws, S_ID, S_ID, w_id, NULL));
    KEEP(b, worksheet_set_column(ws, S_NAME, S_NAME, w_name, NULL));
    KEEP(b, worksheet_set_column(ws, S_TIER, S_TIER, 11, NULL));
    KEEP(b, worksheet_set_column(ws, S_SCORE, S_STAGE, 7, NULL));
    /* every amount column as wide as the largest figure it holds */
    double w_money = money_width(total > credit ? total : credit,
                                 "Unapplied");
    KEEP(b, worksheet_set_column(ws, S_BUCKET0, c_total, w_money, NULL));
    KEEP(b, worksheet_set_column(ws, c_share, c_share, 8, NULL));
    KEEP(b, worksheet_set_column(ws, c_credit, c_net, w_money, NULL));
    print_setup(ws, SUM_HEADER_ROW);
}

/* ---- lists over several sheets ---------------------------------------- */

static void list_begin_sheet(book *b, list_out *l)
{
    /* sheets_for() planned them all: a further one is a bug, reported
     * as the workbook's error (the rows then go on the last sheet) */
    if (l->sheets >= l->planned)
        KEEP(b, LXW_ERROR_PARAMETER_VALIDATION);
    uint32_t k = l->sheets < l->planned ? l->sheets++ : l->planned - 1;
    l->ws = l->sheet[k];
    l->row = 1;
    for (uint16_t c = 0; c < l->cols; c++) {
        KEEP(b, worksheet_write_string(
                    l->ws, 0, c, l->headers[c],
                    l->numeric & (1u << c) ? b->f.header_num : b->f.header));
        /* + 2: the header is bold, and carries the filter button */
        l->width[c] = ar_xlsx_width(l->headers[c], 0, 40) + 2;
        if (l->width[c] < l->min_width[c])
            l->width[c] = l->min_width[c];
    }
}

static void list_end_sheet(book *b, list_out *l)
{
    lxw_worksheet *ws = l->ws;
    uint32_t k = l->sheets - 1;
    l->rows_in[k] = l->row - 1;
    worksheet_freeze_panes(ws, 1, 0);
    KEEP(b, worksheet_autofilter(ws, 0, 0, l->row > 1 ? l->row - 1 : 0,
                                 (uint16_t)(l->cols - 1)));
    for (uint16_t c = 0; c < l->cols; c++)
        KEEP(b, worksheet_set_column(ws, c, c, l->width[c], NULL));
    print_setup(ws, 0);
}

/* The row for the next data row, on a further sheet when this one is
 * full (SPEC §6: past 1,048,575 rows, or policy sheet_max_rows). */
static uint32_t list_next_row(book *b, list_out *l)
{
    if (l->row - 1 >= (uint32_t)b->p->sheet_max_rows) {
        list_end_sheet(b, l);
        list_begin_sheet(b, l);
    }
    l->rows++;
    return l->row++;
}

static void widen(list_out *l, uint16_t col, const char *s, double max)
{
    /* a string has no more characters than bytes: most need no count */
    if (l->width[col] >= max || (double)strlen(s) + 1 <= l->width[col])
        return;
    double w = ar_xlsx_width(s, 0, max);
    if (w > l->width[col])
        l->width[col] = w;
}

/* Sheets a list of n rows needs. */
static uint64_t sheets_for(const ar_policy *p, uint64_t n)
{
    uint64_t per = (uint64_t)p->sheet_max_rows;
    return n ? (n + per - 1) / per : 1;
}

/* ---- Open items ------------------------------------------------------- */

static void write_open_items(book *b)
{
    static const char *const headers[I_COLS] = {
        [I_ID] = "Client ID",
        [I_DOC] = "Doc no",
        [I_DOC_DATE] = "Doc date", [I_DUE] = "Due date",
        [I_DPD] = "Days past due", [I_BUCKET] = "Bucket",
        [I_ORIGINAL] = "Original amount", [I_OPEN] = "Open amount",
        [I_DISPUTED] = "Disputed", [I_CURRENCY] = "Currency",
    };
    static const double min_width[I_COLS] = {
        [I_ID] = 10,
        [I_DOC] = 10,     [I_DOC_DATE] = 11, [I_DUE] = 11,
        [I_DPD] = 9,      [I_BUCKET] = 9,    [I_ORIGINAL] = 14,
        [I_OPEN] = 14,    [I_DISPUTED] = 9,  [I_CURRENCY] = 9,
    };
    const ar_analysis *a = b->a;
    const ar_policy *p = b->p;
    const ar_doc *docs = ar_ledger_docs(b->lg);
    const ar_cents *open = a->settlement.open;
    list_out *l = &b->items;
    l->headers = headers;
    l->cols = I_COLS;
    l->min_width = min_width;
    l->numeric = 1u << I_DOC_DATE | 1u << I_DUE | 1u << I_DPD |
                 1u << I_ORIGINAL | 1u << I_OPEN;
    list_begin_sheet(b, l);

    lxw_format *money = b->f.money, *date = b->f.date, *whole = b->f.whole;
    uint32_t client = AR_NONE;
    const char *id = "";
    ar_cents widest = 0;
    for (size_t k = 0; k < a->open_item_count; k++) {
        uint32_t i = a->open_items[k];
        const ar_doc *d = &docs[i];
        if (d->client != client) { /* items come by client */
            client = d->client;
            id = client_id(b, client);
            widen(l, I_ID, id, 30);
        }
        uint32_t row = list_next_row(b, l);
        lxw_worksheet *ws = l->ws;
        const char *doc_no = ar_ledger_text(b->lg, d->doc_no);
        widen(l, I_DOC, doc_no, 30);
        int32_t dpd = a->as_of - d->due_date;
        cur_out *co = &b->cur[b->cur_of[d->currency]];
        KEEP(b, ar_xlsx_text(ws, row, I_ID, id, NULL));
        KEEP(b, ar_xlsx_text(ws, row, I_DOC, doc_no, NULL));
        KEEP(b, ar_xlsx_date(ws, row, I_DOC_DATE, d->doc_date, date));
        KEEP(b, ar_xlsx_date(ws, row, I_DUE, d->due_date, date));
        KEEP(b, worksheet_write_number(ws, row, I_DPD, dpd, whole));
        KEEP(b, worksheet_write_string(
                    ws, row, I_BUCKET,
                    p->buckets[ar_policy_bucket_for(p, dpd)].label,
                    b->f.center));
        KEEP(b, ar_xlsx_cents(ws, row, I_ORIGINAL, d->amount, money));
        KEEP(b, ar_xlsx_cents(ws, row, I_OPEN, open[i], money));
        if (d->disputed)
            KEEP(b, worksheet_write_string(ws, row, I_DISPUTED, "Y",
                                           b->f.center));
        KEEP(b, ar_xlsx_text(ws, row, I_CURRENCY, co->code, NULL));
        co->items_open += open[i];
        co->items++;
        if (d->amount > widest)
            widest = d->amount;
    }
    double w = money_width(widest, "Original amount");
    l->width[I_ORIGINAL] = l->width[I_OPEN] = w;
    list_end_sheet(b, l);
}

/* ---- Unapplied credits ------------------------------------------------ */

/* By client (the Summary's order), then date, then as found. */
static int cmp_credit(const void *x, const void *y, void *ctx)
{
    const ar_analysis *a = ctx;
    const ar_credit *p = &a->settlement.credits[*(const uint32_t *)x];
    const ar_credit *q = &a->settlement.credits[*(const uint32_t *)y];
    uint32_t rp = a->result_of[p->client], rq = a->result_of[q->client];
    if (rp != rq)
        return rp < rq ? -1 : 1;
    if (p->date != q->date)
        return p->date < q->date ? -1 : 1;
    return p < q ? -1 : p > q;
}

/* The credits listed: what is left of each (apply_unapplied = oldest may
 * have used some up). Caller frees; *n their count. */
static uint32_t *credit_order(const ar_analysis *a, size_t *n)
{
    const ar_settlement *s = &a->settlement;
    uint32_t *idx = ar_xmalloc((s->credit_count + 1) * sizeof *idx);
    size_t m = 0;
    for (size_t i = 0; i < s->credit_count; i++)
        if (s->credits[i].amount != 0)
            idx[m++] = (uint32_t)i;
    qsort_r(idx, m, sizeof *idx, cmp_credit, (void *)a);
    *n = m;
    return idx;
}

static void write_credits(book *b, const uint32_t *idx, size_t n)
{
    static const char *const headers[U_COLS] = {
        [U_ID] = "Client ID", [U_NAME] = "Name",
        [U_TYPE] = "Type",    [U_DOC] = "Source doc",
        [U_DATE] = "Date",    [U_REASON] = "Reason",
        [U_AMOUNT] = "Amount", [U_CURRENCY] = "Currency",
    };
    static const double min_width[U_COLS] = {
        [U_ID] = 10,    [U_NAME] = 12,   [U_TYPE] = 6,   [U_DOC] = 10,
        [U_DATE] = 11,  [U_REASON] = 18, [U_AMOUNT] = 14, [U_CURRENCY] = 9,
    };
    const ar_ledger *lg = b->lg;
    const ar_doc *docs = ar_ledger_docs(lg);
    list_out *l = &b->credits;
    l->headers = headers;
    l->cols = U_COLS;
    l->min_width = min_width;
    l->numeric = 1u << U_DATE | 1u << U_AMOUNT;
    list_begin_sheet(b, l);
    ar_cents widest = 0;
    for (size_t k = 0; k < n; k++) {
        const ar_credit *c = &b->a->settlement.credits[idx[k]];
        const ar_doc *src = &docs[c->source];
        uint32_t row = list_next_row(b, l);
        lxw_worksheet *ws = l->ws;
        cur_out *co = &b->cur[b->cur_of[c->currency]];
        const char *id = client_id(b, c->client);
        const char *name = client_name(b, c->client);
        const char *doc_no = ar_ledger_text(lg, src->doc_no);
        widen(l, U_ID, id, 30);
        widen(l, U_NAME, name, 50);
        widen(l, U_DOC, doc_no, 30);
        KEEP(b, ar_xlsx_text(ws, row, U_ID, id, NULL));
        KEEP(b, ar_xlsx_text(ws, row, U_NAME, name, NULL));
        KEEP(b, worksheet_write_string(
                    ws, row, U_TYPE,
                    ar_doc_type_name((ar_doc_type)src->type), NULL));
        KEEP(b, ar_xlsx_text(ws, row, U_DOC, doc_no, NULL));
        KEEP(b, ar_xlsx_date(ws, row, U_DATE, c->date, b->f.date));
        KEEP(b, worksheet_write_string(
                    ws, row, U_REASON,
                    ar_credit_reason_name((ar_credit_reason)c->reason),
                    NULL));
        KEEP(b, ar_xlsx_cents(ws, row, U_AMOUNT, c->amount, b->f.money));
        KEEP(b, ar_xlsx_text(ws, row, U_CURRENCY, co->code, NULL));
        co->credits += c->amount;
        if (c->amount > widest)
            widest = c->amount;
    }
    l->width[U_AMOUNT] = money_width(widest, "Amount");
    list_end_sheet(b, l);
}

/* ---- Reconciliation --------------------------------------------------- */

/* "SUMIF('Open items'!L2:L9,crit,'Open items'!J2:J9)+..." over every sheet
 * of l into buf: sum_col where key_col matches crit (crit NULL: SUM of
 * sum_col; sum_col UINT16_MAX with crit NULL: COUNTA of key_col). False
 * when it does not fit (the value is then written without formula). */
static bool list_formula(const list_out *l, uint16_t key_col,
                         uint16_t sum_col, const char *crit, char *buf,
                         size_t size)
{
    size_t used = (size_t)snprintf(buf, size, "=");
    for (uint32_t k = 0; k < l->sheets; k++) {
        char ref[80], keys[32], sums[32];
        uint32_t last = l->rows_in[k] ? l->rows_in[k] : 1;
        ar_xlsx_sheet_ref(l->names[k], ref, sizeof ref);
        range(keys, 1, key_col, last, key_col);
        if (sum_col != UINT16_MAX)
            range(sums, 1, sum_col, last, sum_col);
        int w;
        if (sum_col == UINT16_MAX)
            w = snprintf(buf + used, size - used, "%sCOUNTA(%s!%s)",
                         k ? "+" : "", ref, keys);
        else if (!crit)
            w = snprintf(buf + used, size - used, "%sSUM(%s!%s)",
                         k ? "+" : "", ref, sums);
        else
            w = snprintf(buf + used, size - used,
                         "%sSUMIF(%s!%s,%s,%s!%s)", k ? "+" : "", ref, keys,
                         crit, ref, sums);
        if (w < 0 || (size_t)w >= size - used)
            return false;
        used += (size_t)w;
    }
    return used < FORMULA_MAX;
}

typedef struct check {
    const char *what;
    const char *currency;
    char left[FORMULA_MAX + 8];  /* formula, or "" for a plain value */
    char right[64];
    double left_v, right_v;
    bool money;
    bool ok;
} check;

static void write_check(book *b, lxw_worksheet *ws, uint32_t row,
                        const check *c)
{
    lxw_format *fmt = c->money ? b->f.money : b->f.whole;
    char f1[16], f2[16], formula[96];
    KEEP(b, worksheet_write_string(ws, row, 0, c->what, NULL));
    KEEP(b, ar_xlsx_text(ws, row, 1, c->currency, NULL));
    if (*c->left)
        formula_num(b, ws, row, 2, c->left, fmt, c->left_v);
    else
        KEEP(b, worksheet_write_number(ws, row, 2, c->left_v, fmt));
    formula_num(b, ws, row, 3, c->right, fmt, c->right_v);
    snprintf(formula, sizeof formula, "=%s-%s", cell(f1, row, 2),
             cell(f2, row, 3));
    formula_num(b, ws, row, 4, formula, fmt, c->left_v - c->right_v);
    /* money compares at the cent: a spreadsheet's float sums may differ
     * in the 12th digit */
    snprintf(formula, sizeof formula, "=IF(ROUND(%s,2)=0,\"OK\",\"FAIL\")",
             cell(f1, row, 4));
    KEEP(b, worksheet_write_formula_str(ws, row, 5, formula,
                                        c->ok ? b->ok : b->fail,
                                        c->ok ? "OK" : "FAIL"));
}

static void write_reconciliation(book *b)
{
    const ar_run *run = b->run;
    const ar_analysis *a = b->a;
    const ar_policy *p = b->p;
    const int nb = p->bucket_count;
    lxw_worksheet *ws = b->reconciliation;
    char day[16], title[96], f1[16], f2[16], f3[16];
    ar_date_format_iso(a->as_of, day, sizeof day);
    snprintf(title, sizeof title, "Reconciliation as of %s", day);
    KEEP(b, worksheet_write_string(ws, 0, 0, title, b->f.title));
    KEEP(b, worksheet_write_string(
                ws, 1, 0,
                "The control totals of run.json and every check with its "
                "result. Amounts per currency, never converted.",
                b->f.note));

    /* Rows and counts (run.json "counts"). */
    uint32_t row = 3;
    KEEP(b, worksheet_write_string(ws, row, 0, "Rows", b->f.header));
    KEEP(b, worksheet_write_string(ws, row, 1, "Count", b->f.header_num));
    row++;
    enum { N_READ, N_USED, N_REJECTED, N_CLIENTS, N_ITEMS, N_COUNT_ };
    static const char *const count_names[N_COUNT_] = {
        [N_READ] = "Ledger rows read",
        [N_USED] = "Rows used",
        [N_REJECTED] = "Rows rejected",
        [N_CLIENTS] = "Clients in scope",
        [N_ITEMS] = "Open items (all currencies)",
    };
    const uint64_t counts[N_COUNT_] = {
        run->stats.rows_read, run->stats.rows_used, run->stats.rows_rejected,
        a->client_count, a->open_item_count };
    const uint32_t r_count0 = row;
    for (int k = 0; k < N_COUNT_; k++, row++) {
        KEEP(b, worksheet_write_string(ws, row, 0, count_names[k], NULL));
        KEEP(b, worksheet_write_number(ws, row, 1, (double)counts[k],
                                       b->f.whole));
    }

    /* Amounts (run.json "totals_cents", the base currency, and
     * "totals_cents_by_currency"): one column per currency. */
    row++;
    const uint32_t r_head = row;
    KEEP(b, worksheet_write_string(ws, row, 0, "Amounts", b->f.header));
    for (size_t ci = 0; ci < b->ncur; ci++)
        KEEP(b, ar_xlsx_text(ws, row, (uint16_t)(1 + ci),
                             shown_code(b->cur[ci].code), b->f.header_num));
    row++;
    enum { A_INVOICED, A_SETTLED, A_OPEN, A_CREDITS, A_BUCKET0 };
    const uint32_t r_amt0 = row;
    const int lines = A_BUCKET0 + nb + 1; /* + the open item count */
    for (int k = 0; k < lines; k++, row++) {
        char label[64];
        const char *what = k == A_INVOICED ? "Invoiced (INV + DEB)"
                           : k == A_SETTLED ? "Settled (every settlement)"
                           : k == A_OPEN    ? "Open AR (open items, gross)"
                           : k == A_CREDITS ? "Unapplied credits"
                                            : label;
        if (k >= A_BUCKET0 && k < A_BUCKET0 + nb)
            snprintf(label, sizeof label, "Bucket %s",
                     p->buckets[k - A_BUCKET0].label);
        else if (k == A_BUCKET0 + nb)
            snprintf(label, sizeof label, "Open items (count)");
        KEEP(b, worksheet_write_string(ws, row, 0, what, NULL));
        for (size_t ci = 0; ci < b->ncur; ci++) {
            const ar_totals *t = b->cur[ci].t;
            uint16_t c = (uint16_t)(1 + ci);
            if (k == A_BUCKET0 + nb) {
                KEEP(b, worksheet_write_number(ws, row, c,
                                               (double)t->open_items,
                                               b->f.whole));
                continue;
            }
            ar_cents v = k == A_INVOICED  ? t->invoiced
                         : k == A_SETTLED ? t->settled
                         : k == A_OPEN    ? t->open
                         : k == A_CREDITS ? t->unapplied
                                          : t->buckets[k - A_BUCKET0];
            KEEP(b, ar_xlsx_cents(ws, row, c, v, b->f.money));
        }
    }

    /* The checks (SPEC §2.1, §8.19), each a live formula with its cached
     * result computed here in cents. */
    row++;
    static const char *const check_head[] = {
        "Check", "Currency", "Value", "Should equal", "Difference",
        "Result" };
    for (uint16_t c = 0; c < 6; c++)
        KEEP(b, worksheet_write_string(
                    ws, row, c, check_head[c],
                    c >= 2 && c <= 4 ? b->f.header_num : b->f.header));
    row++;
    const uint32_t r_check0 = row;
    check *ck = ar_xmalloc(sizeof *ck);

    *ck = (check){ .what = "Rows read = rows used + rows rejected",
                   .currency = "all" };
    snprintf(ck->left, sizeof ck->left, "=%s",
             cell(f1, r_count0 + N_READ, 1));
    snprintf(ck->right, sizeof ck->right, "=%s+%s",
             cell(f1, r_count0 + N_USED, 1),
             cell(f2, r_count0 + N_REJECTED, 1));
    ck->left_v = (double)run->stats.rows_read;
    ck->right_v = (double)(run->stats.rows_used + run->stats.rows_rejected);
    ck->ok = run->stats.rows_read ==
             run->stats.rows_used + run->stats.rows_rejected;
    write_check(b, ws, row++, ck);

    *ck = (check){ .what = "Open items rows = open items",
                   .currency = "all" };
    if (!list_formula(&b->items, I_DOC, UINT16_MAX, NULL, ck->left,
                      sizeof ck->left))
        ck->left[0] = '\0';
    snprintf(ck->right, sizeof ck->right, "=%s",
             cell(f1, r_count0 + N_ITEMS, 1));
    ck->left_v = (double)b->items.rows;
    ck->right_v = (double)a->open_item_count;
    ck->ok = b->items.rows == a->open_item_count;
    write_check(b, ws, row++, ck);

    for (size_t ci = 0; ci < b->ncur; ci++) {
        const cur_out *co = &b->cur[ci];
        const ar_totals *t = co->t;
        uint16_t c = (uint16_t)(1 + ci);
        char open_ref[16], crit[16], ref[80];
        cell(open_ref, r_amt0 + A_OPEN, c);
        /* one currency: plain sums; several: SUMIF on the code, read
         * from the header cell ("" when the ledger has no codes) */
        const char *critp = NULL;
        if (b->ncur > 1) {
            if (*co->code)
                abs_cell(crit, r_head, c);
            else
                snprintf(crit, sizeof crit, "\"\"");
            critp = crit;
        }

        *ck = (check){ .what = "Invoiced - settled = open AR - unapplied "
                               "credits",
                       .currency = shown_code(co->code), .money = true };
        snprintf(ck->left, sizeof ck->left, "=%s-%s",
                 cell(f1, r_amt0 + A_INVOICED, c),
                 cell(f2, r_amt0 + A_SETTLED, c));
        snprintf(ck->right, sizeof ck->right, "=%s-%s", open_ref,
                 cell(f3, r_amt0 + A_CREDITS, c));
        ck->left_v = ar_xlsx_units(t->invoiced - t->settled);
        ck->right_v = ar_xlsx_units(t->open - t->unapplied);
        ck->ok = t->invoiced - t->settled == t->open - t->unapplied;
        write_check(b, ws, row++, ck);

        *ck = (check){ .what = "Buckets sum to open AR",
                       .currency = shown_code(co->code), .money = true };
        ar_cents sum = 0;
        for (int k = 0; k < nb; k++)
            sum += t->buckets[k];
        snprintf(ck->left, sizeof ck->left, "=SUM(%s)",
                 range(f1, r_amt0 + A_BUCKET0, c,
                       r_amt0 + A_BUCKET0 + (uint32_t)nb - 1, c));
        snprintf(ck->right, sizeof ck->right, "=%s", open_ref);
        ck->left_v = ar_xlsx_units(sum);
        ck->right_v = ar_xlsx_units(t->open);
        ck->ok = sum == t->open;
        write_check(b, ws, row++, ck);

        *ck = (check){ .what = "Summary total = open AR",
                       .currency = shown_code(co->code), .money = true };
        if (co->sum_rows)
            snprintf(ck->left, sizeof ck->left, "=SUM(%s!%s)",
                     ar_xlsx_sheet_ref(co->summary, ref, sizeof ref),
                     range(f1, SUM_FIRST_ROW, co->total_col,
                           SUM_FIRST_ROW + co->sum_rows - 1,
                           co->total_col));
        snprintf(ck->right, sizeof ck->right, "=%s", open_ref);
        ck->left_v = ar_xlsx_units(co->summary_total);
        ck->right_v = ar_xlsx_units(t->open);
        ck->ok = co->summary_total == t->open;
        write_check(b, ws, row++, ck);

        *ck = (check){ .what = "Open items sum = open AR",
                       .currency = shown_code(co->code), .money = true };
        if (!list_formula(&b->items, I_CURRENCY, I_OPEN, critp, ck->left,
                          sizeof ck->left))
            ck->left[0] = '\0';
        snprintf(ck->right, sizeof ck->right, "=%s", open_ref);
        ck->left_v = ar_xlsx_units(co->items_open);
        ck->right_v = ar_xlsx_units(t->open);
        ck->ok = co->items_open == t->open && co->items == t->open_items;
        write_check(b, ws, row++, ck);

        *ck = (check){ .what = "Unapplied credits sheet = unapplied credits",
                       .currency = shown_code(co->code), .money = true };
        if (!list_formula(&b->credits, U_CURRENCY, U_AMOUNT, critp,
                          ck->left, sizeof ck->left))
            ck->left[0] = '\0';
        snprintf(ck->right, sizeof ck->right, "=%s",
                 cell(f1, r_amt0 + A_CREDITS, c));
        ck->left_v = ar_xlsx_units(co->credits);
        ck->right_v = ar_xlsx_units(t->unapplied);
        ck->ok = co->credits == t->unapplied;
        write_check(b, ws, row++, ck);
    }
    free(ck);

    /* A recalculating viewer recolours the result it computes. */
    for (int k = 0; k < 2; k++) {
        lxw_conditional_format cf = {
            .type = LXW_CONDITIONAL_TYPE_CELL,
            .criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO,
            .value_string = k ? "\"FAIL\"" : "\"OK\"",
            .format = k ? b->fail : b->ok,
        };
        KEEP(b, worksheet_conditional_format_range(ws, r_check0, 5, row - 1,
                                                   5, &cf));
    }
    KEEP(b, worksheet_set_column(ws, 0, 0, 44, NULL));
    uint16_t last = (uint16_t)(b->ncur > 5 ? b->ncur : 5);
    KEEP(b, worksheet_set_column(ws, 1, last, 17, NULL));
    print_setup(ws, r_check0 - 1);
}

/* ---- Parameters ------------------------------------------------------- */

/* How a policy value is shown. */
typedef enum pkind {
    P_WHOLE,      /* int32_t (or int) */
    P_MONEY,      /* ar_cents */
    P_PERCENT,    /* int32_t basis points */
    P_BOOL,
    P_TEXT,       /* char[] */
    P_BASE,       /* base_currency */
    P_APPLY,      /* apply_unapplied_oldest */
    P_DECIMAL,    /* decimal_mark */
    P_DELIMITER,  /* delimiter */
    P_BUCKETS,    /* the buckets' upper limits */
    P_DAYS5,      /* int32_t[AR_STAGES] */
    P_FEES,       /* ar_cents[AR_STAGES] */
    P_PAGE,       /* page_size */
    P_COLUMNS,    /* the [columns] section, one row per column */
} pkind;

typedef struct pfield {
    const char *section;
    const char *key;       /* as in layouts/policy.ini */
    pkind kind;
    size_t offset;
    const char *meaning;
} pfield;

#define PF(sec, key, kind, field, meaning)                                  \
    { sec, key, kind, offsetof(ar_policy, field), meaning }

/* Every field of ar_policy, in the order of layouts/policy.ini. A field
 * added to ar_policy needs its line here (policy.h has no way to list
 * its keys). */
static const pfield policy_fields[] = {
    PF("general", "base_currency", P_BASE, base_currency,
       "ISO 4217 code of the totals' currency; blank = first row's"),
    PF("general", "apply_unapplied", P_APPLY, apply_unapplied_oldest,
       "off: credits net against the balance; oldest: applied to the "
       "oldest items (SPEC 8.17)"),
    PF("input", "date_format", P_TEXT, date_format,
       "date pattern of the ledger"),
    PF("input", "decimal_mark", P_DECIMAL, decimal_mark,
       "decimal mark of the ledger's amounts"),
    PF("input", "delimiter", P_DELIMITER, delimiter,
       "field delimiter (auto: the commonest in the header line)"),
    PF("columns", "", P_COLUMNS, columns,
       "the ledger's header for this column"),
    PF("aging", "buckets", P_BUCKETS, buckets,
       "upper limits of the aging buckets in days past due"),
    PF("aging", "sheet_max_rows", P_WHOLE, sheet_max_rows,
       "rows per Open items sheet before it continues on the next"),
    PF("dunning", "stage_days", P_DAYS5, stage_days,
       "days past due at which stages 1-5 start (Standard path)"),
    PF("dunning", "wait_days", P_DAYS5, wait_days,
       "days after a letter of stages 1-5 before the next letter"),
    PF("dunning", "min_item_amount", P_MONEY, min_item_amount,
       "items with a smaller open amount do not set the stage"),
    PF("dunning", "min_letter_amount", P_MONEY, min_letter_amount,
       "no letter when the overdue balance net of credits is below this"),
    PF("dunning", "pay_within_days", P_WHOLE, pay_within_days,
       "a letter's new pay-by date is this many days after the run"),
    PF("tiers", "history_days", P_WHOLE, history_days,
       "history window in days for days late and revenue"),
    PF("tiers", "vip_grace_days", P_WHOLE, vip_grace_days,
       "days added to every stage threshold for VIP clients"),
    PF("tiers", "high_risk_avg_days_late", P_WHOLE, high_risk_avg_days_late,
       "High-Risk when the average days late is above this"),
    PF("tiers", "high_risk_past_due_items", P_WHOLE,
       high_risk_past_due_items, "High-Risk at this many past-due items"),
    PF("tiers", "high_risk_prior_collections", P_WHOLE,
       high_risk_prior_collections,
       "High-Risk at this many earlier collections cases"),
    PF("tiers", "vip_revenue", P_MONEY, vip_revenue,
       "VIP when revenue is above this and the two limits below hold"),
    PF("tiers", "vip_max_days_late", P_WHOLE, vip_max_days_late,
       "VIP only when no item was settled more days late than this"),
    PF("tiers", "vip_avg_days_late", P_WHOLE, vip_avg_days_late,
       "VIP only when the average days late is at most this"),
    PF("actions", "call_stage", P_WHOLE, call_stage,
       "stage whose threshold on the client's path triggers a call"),
    PF("actions", "suspend_days", P_WHOLE, suspend_days,
       "Standard clients: suspend service at this many days past due"),
    PF("actions", "agency_days", P_WHOLE, agency_days,
       "agency placement at this many days past due"),
    PF("actions", "agency_days_high_risk", P_WHOLE, agency_days_high_risk,
       "agency placement of High-Risk clients at this many days"),
    PF("actions", "agency_min_balance", P_MONEY, agency_min_balance,
       "agency placement only for an overdue balance of at least this"),
    PF("actions", "legal_days", P_WHOLE, legal_days,
       "legal candidate at this many days past due"),
    PF("actions", "legal_min_balance", P_MONEY, legal_min_balance,
       "legal candidate only for an overdue balance of at least this"),
    PF("actions", "agency_commission", P_PERCENT, agency_commission_bp,
       "agency commission on what it recovers"),
    PF("fees", "fees_enabled", P_BOOL, fees_enabled,
       "stage fees and interest on letters"),
    PF("fees", "stage_fee", P_FEES, stage_fee, "fixed fee of stages 1-5"),
    PF("fees", "interest_rate", P_PERCENT, interest_rate_bp,
       "annual late-payment interest, simple, per day past due"),
    PF("kpi", "kpi_window_days", P_WHOLE, kpi_window_days,
       "KPI window in days ending at the as-of date"),
    PF("kpi", "collection_days", P_WHOLE, collection_days,
       "collection rate counts what is settled this many days after due"),
    PF("kpi", "retention_days", P_WHOLE, retention_days,
       "retention looks back this many days"),
    PF("kpi", "trend_months", P_WHOLE, trend_months,
       "months in the KPI trends"),
    PF("letters", "page_size", P_PAGE, page_size, "letter paper size"),
    PF("letters", "batch_max_pages", P_WHOLE, batch_max_pages,
       "largest number of pages in one combined batch PDF"),
};

/* "1, 8, 15, 30, 45" */
static void join_days(const int32_t *v, int n, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%ld",
                                 i ? ", " : "", (long)v[i]);
}

/* Write one policy value into column 2 of row. */
static void write_policy_value(book *b, lxw_worksheet *ws, uint32_t row,
                               const pfield *pf)
{
    const ar_policy *p = b->p;
    const char *field = (const char *)p + pf->offset;
    char buf[160];
    int32_t v32;
    ar_cents cents;
    switch (pf->kind) {
    case P_WHOLE:
        memcpy(&v32, field, sizeof v32);
        KEEP(b, worksheet_write_number(ws, row, 2, v32, b->left[0]));
        return;
    case P_MONEY:
        memcpy(&cents, field, sizeof cents);
        KEEP(b, ar_xlsx_cents(ws, row, 2, cents, b->left[1]));
        return;
    case P_PERCENT:
        memcpy(&v32, field, sizeof v32);
        snprintf(buf, sizeof buf, "%ld.%02ld %%", (long)v32 / 100,
                 (long)v32 % 100);
        break;
    case P_BOOL:
        snprintf(buf, sizeof buf, "%s", *(const bool *)field ? "yes" : "no");
        break;
    case P_TEXT:
        snprintf(buf, sizeof buf, "%s", field);
        break;
    case P_BASE:
        if (*p->base_currency)
            snprintf(buf, sizeof buf, "%s", p->base_currency);
        else
            snprintf(buf, sizeof buf, "(blank: %s)",
                     *b->cur[0].code ? b->cur[0].code
                                     : "the ledger has no codes");
        break;
    case P_APPLY:
        snprintf(buf, sizeof buf, "%s",
                 p->apply_unapplied_oldest ? "oldest" : "off");
        break;
    case P_DECIMAL:
        snprintf(buf, sizeof buf, "%s",
                 p->decimal_mark == ',' ? "comma" : "dot");
        break;
    case P_DELIMITER:
        snprintf(buf, sizeof buf, "%s",
                 p->delimiter == ','    ? "comma"
                 : p->delimiter == ';'  ? "semicolon"
                 : p->delimiter == '\t' ? "tab"
                                        : "auto");
        break;
    case P_BUCKETS: {
        int32_t limits[AR_MAX_BUCKETS];
        int n = 0;
        for (int k = 1; k + 1 < p->bucket_count; k++)
            limits[n++] = p->buckets[k].max_days;
        join_days(limits, n, buf, sizeof buf);
        break;
    }
    case P_DAYS5:
        join_days((const int32_t *)(const void *)field, AR_STAGES, buf,
                  sizeof buf);
        break;
    case P_FEES: {
        size_t used = 0;
        buf[0] = '\0';
        for (int i = 0; i < AR_STAGES; i++) {
            char m[32];
            ar_money_format(p->stage_fee[i], ',', '.', m, sizeof m);
            used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s",
                                     i ? ", " : "", m);
        }
        break;
    }
    case P_PAGE:
        snprintf(buf, sizeof buf, "%s",
                 p->page_size == AR_PAGE_LETTER ? "Letter" : "A4");
        break;
    case P_COLUMNS: /* written row by row by the caller */
        return;
    }
    KEEP(b, ar_xlsx_text(ws, row, 2, buf, NULL));
}

static void param_row(book *b, lxw_worksheet *ws, uint32_t row,
                      const char *section, const char *key,
                      const char *value, const char *meaning)
{
    KEEP(b, worksheet_write_string(ws, row, 0, section, NULL));
    KEEP(b, ar_xlsx_text(ws, row, 1, key, NULL));
    if (value)
        KEEP(b, ar_xlsx_text(ws, row, 2, value, NULL));
    KEEP(b, ar_xlsx_text(ws, row, 3, meaning, NULL));
}

static void param_header(book *b, lxw_worksheet *ws, uint32_t row,
                         const char *const names[4])
{
    for (uint16_t c = 0; c < 4; c++)
        KEEP(b, worksheet_write_string(ws, row, c, names[c], b->f.header));
}

static void write_parameters(book *b)
{
    const ar_run *run = b->run;
    const ar_policy *p = b->p;
    lxw_worksheet *ws = b->parameters;
    char buf[400];
    KEEP(b, worksheet_write_string(ws, 0, 0, "Parameters of this run",
                                   b->f.title));
    KEEP(b, worksheet_write_string(
                ws, 1, 0,
                "Every policy value used (layouts/policy.ini, the --format "
                "preset and --policy), the risk score and the input files.",
                b->f.note));
    static const char *const head[4] = { "Section", "Key", "Value",
                                          "Meaning" };
    uint32_t row = 3;
    param_header(b, ws, row++, head);

    KEEP(b, worksheet_write_string(ws, row, 0, "run", NULL));
    KEEP(b, worksheet_write_string(ws, row, 1, "as_of", NULL));
    KEEP(b, ar_xlsx_date(ws, row, 2, b->a->as_of, b->left[2]));
    KEEP(b, worksheet_write_string(
                ws, row++, 3,
                "close date: items aged as they stood at the end of this "
                "day (SPEC 1)",
                NULL));
    snprintf(buf, sizeof buf, "arbatch %s", ar_version());
    param_row(b, ws, row++, "run", "program", buf, "program and version");
    param_row(b, ws, row++, "run", "base_currency",
              shown_code(b->cur[0].code),
              "currency of the Summary sheet and run.json totals "
              "(SPEC 8.23)");
    size_t used = 0;
    buf[0] = '\0';
    for (size_t ci = 0; ci < b->ncur && used < sizeof buf; ci++)
        used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s",
                                 ci ? ", " : "",
                                 shown_code(b->cur[ci].code));
    param_row(b, ws, row++, "run", "currencies", buf,
              "each totalled on its own, never converted");

    for (size_t i = 0; i < sizeof policy_fields / sizeof policy_fields[0];
         i++) {
        const pfield *pf = &policy_fields[i];
        if (pf->kind == P_COLUMNS) {
            for (int c = 0; c < AR_COL_COUNT_; c++)
                param_row(b, ws, row++, pf->section,
                          ar_column_name((ar_column)c),
                          *p->columns[c] ? p->columns[c] : "(same name)",
                          pf->meaning);
            continue;
        }
        KEEP(b, worksheet_write_string(ws, row, 0, pf->section, NULL));
        KEEP(b, worksheet_write_string(ws, row, 1, pf->key, NULL));
        write_policy_value(b, ws, row, pf);
        KEEP(b, worksheet_write_string(ws, row, 3, pf->meaning, NULL));
        row++;
    }

    /* What the limits mean, spelled out. */
    for (int k = 0; k < p->bucket_count; k++) {
        const ar_bucket *bk = &p->buckets[k];
        if (k == 0)
            snprintf(buf, sizeof buf, "not yet due (0 or fewer days past "
                                      "due)");
        else if (bk->max_days == INT32_MAX)
            snprintf(buf, sizeof buf, "%ld or more days past due",
                     (long)bk->min_days);
        else
            snprintf(buf, sizeof buf, "%ld to %ld days past due",
                     (long)bk->min_days, (long)bk->max_days);
        param_row(b, ws, row++, "bucket", bk->label, buf,
                  "aging bucket (SPEC 3.1)");
    }
    for (int t = 0; t < AR_TIER_COUNT_; t++) {
        int32_t thr[AR_STAGES];
        ar_policy_thresholds(p, (ar_tier)t, thr);
        join_days(thr, AR_STAGES, buf, sizeof buf);
        param_row(b, ws, row++, "stage path", ar_tier_name((ar_tier)t), buf,
                  t == AR_TIER_VIP ? "stages 1-5 start: Standard + grace"
                  : t == AR_TIER_HIGH_RISK
                      ? "stages 1-5 start: Standard halved, at least 1"
                      : "stages 1-5 start (days past due)");
    }

    /* SPEC §3.3: the tier, first match wins; then the risk score
     * (src/risk.c): five capped parts, 0-100. */
    char m1[32];
    param_row(b, ws, row++, "tier", "1. segment", "clients file",
              "the segment given in the clients file, if any");
    snprintf(buf, sizeof buf,
             "average days late > %ld, or %ld or more past-due items, or "
             "%ld or more earlier collections cases",
             (long)p->high_risk_avg_days_late,
             (long)p->high_risk_past_due_items,
             (long)p->high_risk_prior_collections);
    param_row(b, ws, row++, "tier", "2. HIGH_RISK", "first match", buf);
    snprintf(buf, sizeof buf,
             "strategic, or revenue > %s with no item more than %ld days "
             "late and average days late <= %ld",
             ar_money_format(p->vip_revenue, ',', '.', m1, sizeof m1),
             (long)p->vip_max_days_late, (long)p->vip_avg_days_late);
    param_row(b, ws, row++, "tier", "3. VIP", "first match", buf);
    param_row(b, ws, row++, "tier", "4. STANDARD", "otherwise",
              "every other client");
    static const char *const score[][3] = {
        { "late history", "0-30",
          "average days late of the items settled in the history window, "
          "in whole days (rounded down), at most 30" },
        { "overdue share", "0-25",
          "round(25 x overdue / open balance) in the client's main "
          "currency" },
        { "past-due items", "0-20",
          "4 per open, undisputed item at least 1 day past due, at most "
          "20" },
        { "disputes", "0-10", "5 per open disputed item, at most 10" },
        { "prior collections", "0-15",
          "5 per earlier collections case (clients file), at most 15" },
        { "risk score", "0-100",
          "the sum of the five parts above; higher is riskier" },
    };
    for (size_t k = 0; k < sizeof score / sizeof score[0]; k++)
        param_row(b, ws, row++, "risk score", score[k][0], score[k][1],
                  score[k][2]);

    /* Input files, as in run.json. */
    row++;
    static const char *const in_head[4] = { "Input", "Role", "Path",
                                            "SHA-256" };
    param_header(b, ws, row++, in_head);
    for (size_t i = 0; i < run->input_count; i++) {
        const ar_input_file *in = &run->inputs[i];
        KEEP(b, worksheet_write_string(ws, row, 0, "input", NULL));
        KEEP(b, ar_xlsx_text(ws, row, 1, in->role, NULL));
        KEEP(b, ar_xlsx_text(ws, row, 2, in->path, NULL));
        KEEP(b, ar_xlsx_text(ws, row, 3, in->sha256, NULL));
        row++;
    }
    worksheet_freeze_panes(ws, 4, 0);
    print_setup(ws, 3);
    KEEP(b, worksheet_set_column(ws, 0, 0, 14, NULL));
    KEEP(b, worksheet_set_column(ws, 1, 1, 28, NULL));
    KEEP(b, worksheet_set_column(ws, 2, 2, 30, NULL));
    KEEP(b, worksheet_set_column(ws, 3, 3, 80, NULL));
}

/* ---- the workbook ------------------------------------------------------ */

static void currencies_init(book *b)
{
    const ar_analysis *a = b->a;
    size_t nc = ar_ledger_currency_count(b->lg);
    b->ncur = a->totals_count;
    b->cur = ar_xcalloc(b->ncur + 1, sizeof *b->cur);
    b->cur_of = ar_xmalloc((nc + 1) * sizeof *b->cur_of);
    for (size_t c = 0; c < nc; c++)
        b->cur_of[c] = -1;
    for (size_t ci = 0; ci < b->ncur; ci++) {
        cur_out *co = &b->cur[ci];
        co->t = &a->totals[ci];
        co->code = ar_ledger_currency_code(b->lg, co->t->currency);
        b->cur_of[co->t->currency] = (int)ci;
        /* SPEC §8.23: totals[0] is the base currency */
        if (ci == 0)
            snprintf(co->summary, sizeof co->summary, "Summary");
        else
            snprintf(co->summary, sizeof co->summary, "Summary %s",
                     shown_code(co->code));
    }
}

/* Name and add a list's sheets: "Open items", "Open items (2)", ... */
static bool add_list_sheets(book *b, list_out *l, const char *base,
                            uint64_t count)
{
    l->planned = (uint32_t)count;
    for (uint32_t k = 0; k < l->planned; k++) {
        if (k == 0)
            snprintf(l->names[k], sizeof l->names[k], "%s", base);
        else
            snprintf(l->names[k], sizeof l->names[k], "%s (%lu)", base,
                     (unsigned long)k + 1);
        l->sheet[k] = workbook_add_worksheet(b->wb, l->names[k]);
        if (!l->sheet[k])
            return false;
    }
    return true;
}

/* Every sheet, in the order a reader sees them. False when the library
 * cannot add one (no temporary file). */
static bool add_sheets(book *b, uint64_t item_sheets, uint64_t credit_sheets)
{
    for (size_t ci = 0; ci < b->ncur; ci++) {
        b->cur[ci].ws = workbook_add_worksheet(b->wb, b->cur[ci].summary);
        if (!b->cur[ci].ws)
            return false;
    }
    if (!add_list_sheets(b, &b->items, "Open items", item_sheets) ||
        !add_list_sheets(b, &b->credits, "Unapplied credits", credit_sheets))
        return false;
    b->reconciliation = workbook_add_worksheet(b->wb, "Reconciliation");
    b->parameters = workbook_add_worksheet(b->wb, "Parameters");
    return b->reconciliation && b->parameters;
}

static void *write_summaries(void *arg)
{
    book *b = arg;
    for (size_t ci = 0; ci < b->ncur; ci++)
        write_summary(b, ci);
    return NULL;
}

ar_err ar_render_aging(const ar_run *run, const char *dir,
                       void (*sheets_done)(void *ctx), void *ctx,
                       ar_diag *d)
{
    const ar_analysis *a = &run->analysis;
    const ar_policy *p = &run->policy;
    size_t ncredits = 0;
    uint32_t *credits = credit_order(a, &ncredits);
    uint64_t need_items = sheets_for(p, a->open_item_count);
    uint64_t need_credits = sheets_for(p, ncredits);
    if (need_items > MAX_LIST_SHEETS || need_credits > MAX_LIST_SHEETS) {
        free(credits);
        bool items = need_items > need_credits;
        return ar_diag_set(
            d, AR_ERR_POLICY, run->opts ? run->opts->policy : NULL, 0, NULL,
            "key 'sheet_max_rows' = %ld would put the %llu %s of %s on "
            "%llu sheets (at most %d): raise it",
            (long)p->sheet_max_rows,
            (unsigned long long)(items ? a->open_item_count : ncredits),
            items ? "open items" : "unapplied credits", FILE_NAME,
            (unsigned long long)(items ? need_items : need_credits),
            MAX_LIST_SHEETS);
    }

    book *b = ar_xcalloc(1, sizeof *b);
    b->run = run;
    b->a = a;
    b->lg = run->ledger;
    b->p = p;
    char title[64], day[16];
    snprintf(title, sizeof title, "Aging as of %s",
             ar_date_format_iso(a->as_of, day, sizeof day));
    ar_err err = AR_OK;
    b->wb = ar_xlsx_open(dir, FILE_NAME, a->as_of, title, true, d);
    if (!b->wb) {
        err = AR_ERR_OUTPUT;
        goto out;
    }
    formats_init(b);
    currencies_init(b);
    if (!add_sheets(b, need_items, need_credits)) {
        b->err = LXW_ERROR_CREATING_TMPFILE;
    } else {
        /* The Summaries beside the lists: a copy of the book with its own
         * first error (they share only cur[], whose fields each side
         * writes are its own). The Reconciliation needs every figure both
         * sides wrote. */
        book side = *b;
        side.err = LXW_NO_ERROR;
        pthread_t tid;
        bool beside = ar_options_threads(run->opts, 2) > 1 &&
                      pthread_create(&tid, NULL, write_summaries, &side) == 0;
        if (!beside)
            write_summaries(b);
        write_open_items(b);
        write_credits(b, credits, ncredits);
        if (beside) {
            pthread_join(tid, NULL);
            KEEP(b, side.err);
        }
        write_reconciliation(b);
        write_parameters(b);
    }
    if (sheets_done)
        sheets_done(ctx);
    err = ar_xlsx_close(b->wb, b->err, dir, FILE_NAME, d);
out:
    free(credits);
    free(b->cur);
    free(b->cur_of);
    free(b);
    return err;
}
