/* aging.c - aging.xlsx, the workbook of the month-end close (SPEC §6):
 * Summary (one per currency), Consolidated (--fx only), Rollforward,
 * Provision, Open items, Unapplied credits, Reconciliation and
 * Parameters. Each sheet is written by a file of its own
 * (aging_summary.c, aging_consolidated.c, aging_rollforward.c,
 * aging_items.c, aging_credits.c, aging_reconciliation.c,
 * aging_params.c) into the book of aging_book.h;
 * this file makes the book (formats, currencies, every sheet added up
 * front), calls the writers in order and closes the workbook.
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
#include "ar/render/xlsx/aging_book.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>

#define FILE_NAME "aging.xlsx"

static void formats_init(ar_aging_book *b)
{
    ar_xlsx_formats_init(b->wb, &b->f);
    static const lxw_color_t fill[3] = { 0xFFF2CC, 0xFCE4D6, 0xF8CBAD };
    static const lxw_color_t font[3] = { 0x7F6000, 0x843C0C, 0x9C0006 };
    for (int k = 0; k < 3; k++) {
        b->age_fill[k] = workbook_add_format(b->wb);
        format_set_bg_color(b->age_fill[k], fill[k]);
        format_set_font_color(b->age_fill[k], font[k]);
    }
    static const char *const left_num[3] = { "#,##0", "#,##0.00",
                                              "yyyy-mm-dd" };
    for (int k = 0; k < 3; k++) {
        b->left[k] = workbook_add_format(b->wb);
        format_set_num_format(b->left[k], left_num[k]);
        format_set_align(b->left[k], LXW_ALIGN_LEFT);
    }
    b->rate = workbook_add_format(b->wb);
    format_set_num_format(b->rate, "0.0000########");
    b->loss_rate = workbook_add_format(b->wb);
    format_set_num_format(b->loss_rate, "0.00%");
    b->input = workbook_add_format(b->wb);
    format_set_bg_color(b->input, 0xFFF2CC);
    format_set_border(b->input, LXW_BORDER_THIN);
    format_set_border_color(b->input, 0xBFBFBF);
    b->grey = workbook_add_format(b->wb);
    format_set_font_color(b->grey, 0x808080);
    format_set_italic(b->grey);
    b->bold = workbook_add_format(b->wb);
    format_set_bold(b->bold);
    lxw_format **heads[2] = {&b->header_ctr, &b->header_ind};
    for (int k = 0; k < 2; k++) {
        lxw_format *h = *heads[k] = workbook_add_format(b->wb);
        format_set_bold(h);
        format_set_bg_color(h, 0xD9E1F2);
        format_set_bottom(h, LXW_BORDER_THIN);
        format_set_text_wrap(h);
        format_set_align(h, LXW_ALIGN_VERTICAL_TOP);
        if (k == 0)
            format_set_align(h, LXW_ALIGN_CENTER);
        else
            format_set_indent(h, 1);
    }
    b->text_ind = workbook_add_format(b->wb);
    format_set_indent(b->text_ind, 1);
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
        b->f.date,        b->f.center,        b->grey,     b->bold,
        b->header_ctr,    b->header_ind,      b->text_ind,
    };
    for (size_t k = 0; k < sizeof shared / sizeof shared[0]; k++)
        lxw_format_get_xf_index(shared[k]);
    for (size_t ci = 0; ci < b->ncur; ci++)
        ar_xlsx_money_fix(&b->cur[ci].money);
}

/* Which currencies hold an amount that is not a whole number of units
 * (a JPY amount with cents shows them, ISO 4217 or not). */
static bool *with_cents(const ar_aging_book *b)
{
    size_t nc = ar_ledger_currency_count(b->lg);
    bool *cents = ar_xcalloc(nc + 1, sizeof *cents);
    const ar_doc *docs = ar_ledger_docs(b->lg);
    for (size_t i = 0; i < ar_ledger_doc_count(b->lg); i++)
        cents[docs[i].currency] |= docs[i].amount % 100 != 0;
    for (size_t ci = 0; ci < b->ncur; ci++) {
        const ar_totals *t = b->cur[ci].t;
        cents[t->currency] |= t->invoiced % 100 || t->settled % 100;
    }
    const ar_rollforward *rf = &b->run->rollforward;
    for (size_t c = 0; c < rf->count && c < nc; c++)
        cents[c] |= rf->cur[c].opening % 100 != 0;
    return cents;
}

/* Data rows a list sheet holds: sheet_max_rows, less room for the
 * totals under the rows when the sheet would be full (a blank row, a
 * total per currency on the sheet and one over every sheet). */
static uint32_t rows_per_sheet(const ar_policy *p, size_t ncur)
{
    uint64_t room = AR_XLSX_MAX_ROWS - 2 - 2 * (uint64_t)ncur;
    uint64_t per = (uint64_t)p->sheet_max_rows;
    return (uint32_t)(per < room ? per : room);
}

/* Sheets a list of n rows needs. */
static uint64_t sheets_for(uint32_t per, uint64_t n)
{
    return n ? (n + per - 1) / per : 1;
}

static void currencies_init(ar_aging_book *b)
{
    const ar_analysis *a = b->a;
    size_t nc = ar_ledger_currency_count(b->lg);
    b->ncur = a->totals_count;
    b->cur = ar_xcalloc(b->ncur + 1, sizeof *b->cur);
    b->cur_of = ar_xmalloc((nc + 1) * sizeof *b->cur_of);
    for (size_t c = 0; c < nc; c++)
        b->cur_of[c] = -1;
    for (size_t ci = 0; ci < b->ncur; ci++) {
        ar_aging_cur *co = &b->cur[ci];
        co->t = &a->totals[ci];
        co->code = ar_ledger_currency_code(b->lg, co->t->currency);
        b->cur_of[co->t->currency] = (int)ci;
    }
    bool *cents = with_cents(b);
    for (size_t ci = 0; ci < b->ncur; ci++) {
        ar_aging_cur *co = &b->cur[ci];
        ar_xlsx_money_init(b->wb, co->code,
                           ar_xlsx_decimals(co->code,
                                            cents[co->t->currency]),
                           &co->money);
        /* SPEC §8.23: totals[0] is the base currency */
        if (ci == 0)
            snprintf(co->summary, sizeof co->summary, "Summary");
        else
            snprintf(co->summary, sizeof co->summary, "Summary %s",
                     ar_aging_shown_code(co->code));
    }
    free(cents);
}

/* Name and add a list's sheets: "Open items", "Open items (2)", ... */
static bool add_list_sheets(ar_aging_book *b, ar_aging_list *l,
                            const char *base, uint64_t count)
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
static bool add_sheets(ar_aging_book *b, uint64_t item_sheets,
                       uint64_t credit_sheets)
{
    for (size_t ci = 0; ci < b->ncur; ci++) {
        b->cur[ci].ws = workbook_add_worksheet(b->wb, b->cur[ci].summary);
        if (!b->cur[ci].ws)
            return false;
    }
    /* README "Currencies": every currency in the base one, --fx only */
    if (ar_ledger_fx_loaded(b->lg) &&
        !(b->consolidated = workbook_add_worksheet(b->wb, "Consolidated")))
        return false;
    b->rollforward = workbook_add_worksheet(b->wb, "Rollforward");
    b->provision = workbook_add_worksheet(b->wb, "Provision");
    if (!b->rollforward || !b->provision ||
        !add_list_sheets(b, &b->items, "Open items", item_sheets) ||
        !add_list_sheets(b, &b->credits, "Unapplied credits", credit_sheets))
        return false;
    b->reconciliation = workbook_add_worksheet(b->wb, "Reconciliation");
    b->parameters = workbook_add_worksheet(b->wb, "Parameters");
    return b->reconciliation && b->parameters;
}

/* The Summaries, on a thread of their own or not. */
static void *write_summaries(void *arg)
{
    ar_aging_book *b = arg;
    for (size_t ci = 0; ci < b->ncur; ci++)
        ar_aging_write_summary(b, ci);
    return NULL;
}

ar_err ar_render_aging(const ar_run *run, const char *dir,
                       void (*sheets_done)(void *ctx), void *ctx,
                       ar_diag *d)
{
    const ar_analysis *a = &run->analysis;
    const ar_policy *p = &run->policy;
    size_t ncredits = 0;
    uint32_t *credits = ar_aging_credit_order(a, &ncredits);
    uint32_t per = rows_per_sheet(p, a->totals_count);
    uint64_t need_items = sheets_for(per, a->open_item_count);
    uint64_t need_credits = sheets_for(per, ncredits);
    if (need_items > AR_AGING_MAX_LIST_SHEETS ||
        need_credits > AR_AGING_MAX_LIST_SHEETS) {
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
            AR_AGING_MAX_LIST_SHEETS);
    }

    ar_aging_book *b = ar_xcalloc(1, sizeof *b);
    b->run = run;
    b->a = a;
    b->lg = run->ledger;
    b->p = p;
    b->items.per_sheet = b->credits.per_sheet = per;
    char title[64], day[16];
    snprintf(title, sizeof title, "Aging as of %s",
             ar_date_format_iso(a->as_of, day, sizeof day));
    ar_xlsx_page_init(&b->page, "Aging and close", a->as_of,
                      p->page_size == AR_PAGE_LETTER);
    ar_err err = AR_OK;
    b->wb = ar_xlsx_open(dir, FILE_NAME, a->as_of, title, true, d);
    if (!b->wb) {
        err = AR_ERR_OUTPUT;
        goto out;
    }
    currencies_init(b);
    formats_init(b);
    if (!add_sheets(b, need_items, need_credits)) {
        b->err = LXW_ERROR_CREATING_TMPFILE;
    } else {
        /* The Summaries beside the lists: a copy of the book with its own
         * first error (they share only cur[], whose fields each side
         * writes are its own). The Reconciliation needs every figure both
         * sides wrote. */
        ar_aging_book side = *b;
        side.err = LXW_NO_ERROR;
        pthread_t tid;
        bool beside = ar_options_threads(run->opts, 2) > 1 &&
                      pthread_create(&tid, NULL, write_summaries, &side) == 0;
        if (!beside)
            write_summaries(b);
        ar_aging_write_open_items(b);
        ar_aging_write_credits(b, credits, ncredits);
        if (beside) {
            pthread_join(tid, NULL);
            KEEP(b, side.err);
        }
        ar_aging_write_consolidated(b);
        ar_aging_write_rollforward(b);
        ar_aging_write_provision(b);
        ar_aging_write_reconciliation(b);
        ar_aging_write_parameters(b);
    }
    if (sheets_done)
        sheets_done(ctx);
    err = ar_xlsx_close(b->wb, b->err, dir, FILE_NAME, d);
out:
    free(credits);
    free(b->cur);
    free(b->cur_of);
    free(b->items.segs);
    free(b->credits.segs);
    free(b);
    return err;
}
