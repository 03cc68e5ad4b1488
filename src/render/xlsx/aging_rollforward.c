/* aging_rollforward.c - the Rollforward and Provision sheets of
 * aging.xlsx (README "Aging workbook"): per currency, opening AR +
 * invoices + debit notes - cash - credit notes - write-offs = closing AR
 * (engine/rollforward.c), the closing against the aging, the general
 * ledger's balance and the difference, the reconciling items and the
 * sign-off; then the IFRS 9 provision matrix. Every total is a formula
 * with its value cached, and the figures a controller links to carry
 * defined names (AR_Close_EUR, GL_Diff_EUR, ECL_EUR, ...).
 */
#include "ar/render/xlsx/aging_book.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

enum { R_LABEL, R_COUNT, R_AMOUNT, R_COLS };

/* Rows a printed portrait page holds, about (A4 or Letter at 100 %,
 * 15-point rows, the margins of common.c). */
#define PAGE_ROWS 44

/* Page breaks that keep each block [start[i], start[i + 1]) on one page
 * where it fits: a block that would run over the page starts a new one.
 * start[n] is the row after the last block. */
static void keep_blocks(ar_aging_book *b, lxw_worksheet *ws,
                        const uint32_t *start, size_t n)
{
    lxw_row_t *brk = ar_xcalloc(n + 1, sizeof *brk);
    size_t k = 0;
    uint32_t page = 0;
    for (size_t i = 1; i < n; i++)
        if (start[i + 1] - page > PAGE_ROWS && start[i] > page) {
            brk[k++] = start[i];
            page = start[i];
        }
    if (k)
        KEEP(b, worksheet_set_h_pagebreaks(ws, brk));
    free(brk);
}

/* "AR_Close_EUR" naming the cell at row, col of sheet; a ledger without
 * currency codes gets alone ("AR_Close"), never a name that reads as a
 * column ("GL"). */
static void define_name(ar_aging_book *b, const char *sheet,
                        const char *prefix, const char *alone,
                        const char *code, uint32_t row, uint16_t col)
{
    char name[40], ref[96], cell[24];
    if (*code)
        snprintf(name, sizeof name, "%s_%s", prefix, code);
    else
        snprintf(name, sizeof name, "%s", alone);
    lxw_rowcol_to_cell_abs(cell, row, col, 1, 1);
    snprintf(ref, sizeof ref, "=%s!%s", sheet, cell);
    KEEP(b, workbook_define_name(b->wb, name, ref));
}

static void line(ar_aging_book *b, lxw_worksheet *ws, uint32_t row,
                 const char *label, lxw_format *label_fmt, bool counted,
                 uint64_t count, ar_cents v, lxw_format *money)
{
    KEEP(b, ar_xlsx_text(ws, row, R_LABEL, label, label_fmt));
    if (counted)
        KEEP(b, worksheet_write_number(ws, row, R_COUNT, (double)count,
                                       label_fmt == b->f.total_text
                                           ? b->f.total_whole
                                           : b->f.whole));
    else if (label_fmt == b->f.total_text)
        KEEP(b, worksheet_write_blank(ws, row, R_COUNT, label_fmt));
    KEEP(b, ar_xlsx_cents(ws, row, R_AMOUNT, v, money));
}

/* A sum of the amounts in rows [r0, r1] with its cached value. */
static void sum_line(ar_aging_book *b, lxw_worksheet *ws, uint32_t row,
                     const char *label, uint32_t r0, uint32_t r1, ar_cents v,
                     lxw_format *money)
{
    char range[32], formula[64];
    KEEP(b, ar_xlsx_text(ws, row, R_LABEL, label, b->f.total_text));
    KEEP(b, worksheet_write_blank(ws, row, R_COUNT, b->f.total_text));
    snprintf(formula, sizeof formula, "=SUBTOTAL(109,%s)",
             ar_xlsx_range(range, r0, R_AMOUNT, r1, R_AMOUNT));
    ar_aging_formula_num(b, ws, row, R_AMOUNT, formula, money,
                         ar_xlsx_units(v));
}

/* A reject's reason as a person reads it (rejects.csv and run.json keep
 * the program's words, which name columns). */
static const char *reason_words(ar_err e)
{
    switch (e) {
    case AR_ERR_DOC_TYPE: return "unknown document type";
    case AR_ERR_MISSING_KEY: return "no document number, client or date";
    case AR_ERR_DUPLICATE: return "document number used twice";
    case AR_ERR_FLAG: return "disputed flag not yes or no";
    default: return ar_strerror(e);
    }
}

/* One currency's section from row on; returns the row after it. *widest
 * grows to its largest amount. */
static uint32_t section(ar_aging_book *b, lxw_worksheet *ws, uint32_t row,
                        size_t ci, ar_cents *widest)
{
    const ar_run *run = b->run;
    const ar_aging_cur *co = &b->cur[ci];
    const ar_rf_figures *f = ar_rollforward_of(&run->rollforward,
                                               co->t->currency);
    const char *code = co->code;
    lxw_format *money = co->money.cell, *total = co->money.total;
    char label[256], d0[16], d1[16], head[48], f1[16], f2[16], fml[160];
    ar_date_format_iso(run->rollforward.opening_date, d0, sizeof d0);
    ar_date_format_iso(run->rollforward.as_of, d1, sizeof d1);

    /* no code: "Amount", which fits above the figures */
    if (code[0])
        snprintf(head, sizeof head, "Amount (%s)", code);
    else
        snprintf(head, sizeof head, "Amount");
    char first[48];
    snprintf(first, sizeof first, "Rollforward, %s",
             ar_aging_shown_code(code));
    const char *heads[R_COLS] = {first, "Documents", head};
    for (uint16_t c = 0; c < R_COLS; c++)
        KEEP(b, worksheet_write_string(ws, row, c, heads[c],
                                       c ? b->f.header_num : b->f.header));
    row++;
    snprintf(label, sizeof label, "Opening AR at %s", d0);
    const uint32_t r_open = row;
    line(b, ws, row++, label, b->bold, false, 0, f->opening, money);
    define_name(b, "Rollforward", "AR_Open", "AR_Open", code, r_open, R_AMOUNT);
    static const char *const names[AR_RF_LINE_COUNT_] = {
        [AR_RF_INVOICES] = "Invoices",
        [AR_RF_DEBIT_NOTES] = "Debit notes",
        [AR_RF_CASH] = "Cash received",
        [AR_RF_CREDIT_NOTES] = "Credit notes",
        [AR_RF_WRITE_OFFS] = "Write-offs",
    };
    ar_cents earlier = 0;
    for (int l = 0; l < AR_RF_LINE_COUNT_; l++) {
        bool adds = l == AR_RF_INVOICES || l == AR_RF_DEBIT_NOTES;
        ar_cents v = adds ? f->line[l] : -f->line[l];
        line(b, ws, row++, names[l], NULL, true, f->count[l], v, money);
        earlier += f->earlier[l] < 0 ? -f->earlier[l] : f->earlier[l];
        if (f->line[l] > *widest || -f->line[l] > *widest)
            *widest = f->line[l] < 0 ? -f->line[l] : f->line[l];
    }
    snprintf(label, sizeof label, "Closing AR at %s", d1);
    const uint32_t r_close = row;
    sum_line(b, ws, row++, label, r_open, r_close - 1,
             ar_rf_computed_closing(f), total);
    define_name(b, "Rollforward", "AR_Close", "AR_Close", code, r_close, R_AMOUNT);
    if (earlier) {
        char m[32];
        ar_money_format(earlier, ',', '.', m, sizeof m);
        snprintf(label, sizeof label,
                 "The lines include %s of documents dated on or before %s "
                 "that a clearing in the period consumed (they were credits "
                 "in the opening).",
                 m, d0);
        row = ar_aging_note(b, ws, row, label, 90);
    }

    /* the closing against the aging's own figures */
    row++;
    const uint32_t r_items = row;
    line(b, ws, row++, "Open items, gross (Summary, Open items)", NULL, true,
         f->open_count, f->open_items, money);
    static const char *const credits[AR_RF_CREDIT_COUNT_] = {
        [AR_RF_UNAPPLIED_CASH] = "Unapplied cash",
        [AR_RF_UNAPPLIED_CREDIT_NOTES] = "Unapplied credit notes",
        [AR_RF_UNAPPLIED_WRITE_OFFS] = "Unapplied write-offs",
    };
    ar_cents net = f->open_items;
    for (int k = 0; k < AR_RF_CREDIT_COUNT_; k++) {
        line(b, ws, row++, credits[k], NULL, true, f->unapplied_count[k],
             -f->unapplied[k], money);
        net -= f->unapplied[k];
    }
    const uint32_t r_aging = row;
    sum_line(b, ws, row++, "AR per the aging", r_items, r_aging - 1, net,
             total);
    KEEP(b, ar_xlsx_text(ws, row, R_LABEL,
                         "Closing AR less AR per the aging (0 when it ties)",
                         NULL));
    snprintf(fml, sizeof fml, "=%s-%s",
             ar_xlsx_cell(f1, r_close, R_AMOUNT),
             ar_xlsx_cell(f2, r_aging, R_AMOUNT));
    ar_aging_formula_num(b, ws, row++, R_AMOUNT, fml, money,
                         ar_xlsx_units(ar_rf_computed_closing(f)) -
                             ar_xlsx_units(net));

    /* the general ledger */
    row++;
    const ar_gl_balance *gl = ar_policy_gl(b->p, code, b->cur[0].code);
    const uint32_t r_gl = row;
    KEEP(b, ar_xlsx_text(ws, row, R_LABEL,
                         gl ? "GL balance of the AR control account"
                            : "GL balance of the AR control account (enter "
                              "it here, or --gl-balance)",
                         NULL));
    if (gl)
        KEEP(b, ar_xlsx_cents(ws, row, R_AMOUNT, gl->cents, money));
    else
        KEEP(b, worksheet_write_blank(ws, row, R_AMOUNT, b->input));
    define_name(b, "Rollforward", "GL", "GL_Balance", code, r_gl, R_AMOUNT);
    row++;
    KEEP(b, ar_xlsx_text(ws, row, R_LABEL, "Difference: GL - closing AR",
                         b->bold));
    ar_xlsx_cell(f1, r_gl, R_AMOUNT);
    ar_xlsx_cell(f2, r_close, R_AMOUNT);
    snprintf(fml, sizeof fml, "=IF(ISNUMBER(%s),%s-%s,\"\")", f1, f1, f2);
    if (gl)
        ar_aging_formula_num(b, ws, row, R_AMOUNT, fml, total,
                             ar_xlsx_units(gl->cents) -
                                 ar_xlsx_units(ar_rf_computed_closing(f)));
    else
        KEEP(b, worksheet_write_formula_str(ws, row, R_AMOUNT, fml, total,
                                            ""));
    define_name(b, "Rollforward", "GL_Diff", "GL_Diff", code, row, R_AMOUNT);
    row++;

    /* what may explain a difference, and is in no figure above */
    row++;
    KEEP(b, worksheet_write_string(ws, row, R_LABEL,
                                   "Reconciling items (not in the closing "
                                   "AR)",
                                   b->f.header));
    KEEP(b, worksheet_write_string(ws, row, R_COUNT, "Rows",
                                   b->f.header_num));
    KEEP(b, worksheet_write_string(ws, row++, R_AMOUNT, head,
                                   b->f.header_num));
    snprintf(label, sizeof label,
             "Invoices and debit notes dated after %s", d1);
    line(b, ws, row++, label, NULL, true, f->later_items_count,
         f->later_items, money);
    snprintf(label, sizeof label,
             "Payments, credit notes and write-offs dated after %s", d1);
    line(b, ws, row++, label, NULL, true, f->later_credits_count,
         f->later_credits, money);
    uint64_t rows[AR_ERR_COUNT_], without = 0;
    ar_cents cents[AR_ERR_COUNT_];
    ar_rejects_values(&run->rejects, run->opts->ledger, code,
                      b->cur[0].code, rows, cents, &without);
    for (int e = 0; e < AR_ERR_COUNT_; e++) {
        if (!rows[e])
            continue;
        snprintf(label, sizeof label, "Rejected rows: %s",
                 reason_words((ar_err)e));
        line(b, ws, row++, label, NULL, true, rows[e], cents[e], money);
        if (cents[e] > *widest)
            *widest = cents[e];
    }
    if (ci == 0 && without) {
        KEEP(b, ar_xlsx_text(ws, row, R_LABEL,
                             "Rejected rows whose amount does not read "
                             "(rejects.csv)",
                             NULL));
        KEEP(b, worksheet_write_number(ws, row++, R_COUNT, (double)without,
                                       b->f.whole));
    }
    ar_cents big[] = {f->opening,     f->open_items, f->later_items,
                      f->later_credits, gl ? gl->cents : 0, net};
    for (size_t k = 0; k < sizeof big / sizeof *big; k++) {
        ar_cents v = big[k] < 0 ? -big[k] : big[k];
        if (v > *widest)
            *widest = v;
    }
    return row + 1;
}

void ar_aging_write_rollforward(ar_aging_book *b)
{
    const ar_run *run = b->run;
    lxw_worksheet *ws = b->rollforward;
    char title[120], d0[16], d1[16], note[400];
    ar_date_format_iso(run->rollforward.opening_date, d0, sizeof d0);
    ar_date_format_iso(run->rollforward.as_of, d1, sizeof d1);
    snprintf(title, sizeof title, "AR rollforward from %s to %s", d0, d1);
    KEEP(b, worksheet_write_string(ws, 0, 0, title, b->f.title));
    uint32_t row = ar_aging_note(
        b, ws, 1,
        "Per currency, never converted. AR = open items less unapplied "
        "credits, as a run as of that date shows it. Cash counts payments "
        "and the settled dates of paid invoices; credit notes and "
        "write-offs reduce AR as they are dated.",
        90);
    if (run->stats.open_balances) {
        ar_date e = b->p->export_date;
        snprintf(note, sizeof note,
                 "The ledger holds open balances only: what it gives no "
                 "settlement date for counts as settled on %s, so the "
                 "opening shows those items still open.",
                 ar_date_format_iso(e, d0, sizeof d0));
        row = ar_aging_note(b, ws, row, note, 90);
    }
    row++;
    ar_cents widest = 0;
    /* each currency's section on one page, the sign-off with the last */
    uint32_t *start = ar_xcalloc(b->ncur + 2, sizeof *start);
    for (size_t ci = 0; ci < b->ncur; ci++) {
        start[ci] = ci ? row : 0;
        row = section(b, ws, row, ci, &widest);
    }

    /* sign-off */
    KEEP(b, worksheet_write_string(ws, row, R_LABEL, "Sign-off",
                                   b->f.header));
    KEEP(b, worksheet_write_string(ws, row, R_COUNT, "", b->f.header));
    KEEP(b, worksheet_write_string(ws, row++, R_AMOUNT, "", b->f.header));
    static const char *const sign[4] = {"Prepared by", "Date",
                                        "Reviewed by", "Date"};
    for (int k = 0; k < 4; k++, row++) {
        KEEP(b, worksheet_set_row(ws, row, 22, NULL));
        KEEP(b, worksheet_write_string(ws, row, R_LABEL, sign[k], b->bold));
        KEEP(b, worksheet_write_blank(ws, row, R_COUNT, b->input));
        KEEP(b, worksheet_write_blank(ws, row, R_AMOUNT, b->input));
    }
    double w = 0;
    for (size_t ci = 0; ci < b->ncur; ci++) {
        double x = ar_xlsx_money_width(&b->cur[ci].money, widest,
                                       "Amount (XXX)");
        w = x > w ? x : w;
    }
    start[b->ncur] = row;
    keep_blocks(b, ws, start, b->ncur);
    free(start);
    KEEP(b, worksheet_set_column(ws, R_LABEL, R_LABEL, 58, NULL));
    KEEP(b, worksheet_set_column(ws, R_COUNT, R_COUNT, 11, NULL));
    KEEP(b, worksheet_set_column(ws, R_AMOUNT, R_AMOUNT, w, NULL));
    ar_xlsx_print(ws, &b->page, false, UINT32_MAX, 0, row - 1, R_AMOUNT);
}

/* ---- IFRS 9 provision matrix ------------------------------------------ */

enum { P_BUCKET, P_GROSS, P_RATE, P_ECL, P_COLS };

void ar_aging_write_provision(ar_aging_book *b)
{
    const ar_policy *p = b->p;
    lxw_worksheet *ws = b->provision;
    char title[120], day[16], head[48], bucket[32], f1[32], f2[32];
    char fml[96];
    snprintf(title, sizeof title,
             "Provision matrix (IFRS 9, simplified approach) as of %s",
             ar_date_format_iso(b->a->as_of, day, sizeof day));
    KEEP(b, worksheet_write_string(ws, 0, 0, title, b->f.title));
    uint32_t row = ar_aging_note(
        b, ws, 1,
        "Expected credit loss = the open items of a bucket x its loss rate "
        "(policy [aging] loss_rates), rounded half-up to the cent (a whole "
        "unit where the currency has no cents) per bucket. Open items gross, disputed ones included; unapplied "
        "credits are not deducted. Per currency, never converted.",
        80);
    row++;
    if (p->loss_rate_count != p->bucket_count) {
        KEEP(b, worksheet_write_string(
                    ws, row, 0,
                    "No loss rates for these buckets: give [aging] "
                    "loss_rates, one per bucket, in the policy.",
                    b->f.note));
        row += 2;
    }
    ar_cents widest = 0;
    uint32_t *start = ar_xcalloc(b->ncur + 2, sizeof *start);
    size_t blocks = 0;
    for (size_t ci = 0; ci < b->ncur && p->loss_rate_count ==
                                            p->bucket_count;
         ci++) {
        const ar_aging_cur *co = &b->cur[ci];
        start[blocks++] = ci ? row : 0;
        snprintf(head, sizeof head, "Open items (%s)",
                 ar_aging_shown_code(co->code));
        const char *heads[P_COLS] = {"Bucket", head, "Loss rate",
                                     "Expected credit loss"};
        for (uint16_t c = 0; c < P_COLS; c++)
            KEEP(b, worksheet_write_string(ws, row, c, heads[c],
                                           c ? b->f.header_num
                                             : b->f.header));
        row++;
        const uint32_t first = row;
        ar_cents ecl = 0;
        for (int k = 0; k < p->bucket_count; k++, row++) {
            ar_cents gross = co->t->buckets[k];
            ar_cents loss = ar_provision_ecl(
                gross, p->loss_rate_bp[k], ar_currency_digits(co->code) == 0);
            ecl += loss;
            KEEP(b, worksheet_write_string(
                        ws, row, P_BUCKET,
                        ar_bucket_title(p, k, bucket, sizeof bucket), NULL));
            KEEP(b, ar_xlsx_cents(ws, row, P_GROSS, gross, co->money.cell));
            KEEP(b, worksheet_write_number(ws, row, P_RATE,
                                           p->loss_rate_bp[k] / 10000.0,
                                           b->loss_rate));
            KEEP(b, ar_xlsx_cents(ws, row, P_ECL, loss, co->money.cell));
        }
        KEEP(b, worksheet_write_string(ws, row, P_BUCKET, "Total",
                                       b->f.total_text));
        snprintf(fml, sizeof fml, "=SUBTOTAL(109,%s)",
                 ar_xlsx_range(f1, first, P_GROSS, row - 1, P_GROSS));
        ar_aging_formula_num(b, ws, row, P_GROSS, fml, co->money.total,
                             ar_xlsx_units(co->t->open));
        snprintf(fml, sizeof fml, "=SUBTOTAL(109,%s)",
                 ar_xlsx_range(f1, first, P_ECL, row - 1, P_ECL));
        ar_aging_formula_num(b, ws, row, P_ECL, fml, co->money.total,
                             ar_xlsx_units(ecl));
        define_name(b, "Provision", "ECL", "ECL_Total", co->code, row, P_ECL);
        /* the rate the total loss is of the total */
        snprintf(fml, sizeof fml, "=IF(%s=0,0,%s/%s)",
                 ar_xlsx_cell(f1, row, P_GROSS),
                 ar_xlsx_cell(f2, row, P_ECL), f1);
        KEEP(b, worksheet_write_formula_num(
                    ws, row, P_RATE, fml, b->loss_rate,
                    co->t->open ? ar_xlsx_units(ecl) /
                                      ar_xlsx_units(co->t->open)
                                : 0.0));
        row += 2;
        if (co->t->open > widest)
            widest = co->t->open;
    }
    start[blocks] = row;
    keep_blocks(b, ws, start, blocks);
    free(start);
    double w = ar_xlsx_width("Expected credit loss", 0, 40) + 1;
    for (size_t ci = 0; ci < b->ncur; ci++) {
        double x = ar_xlsx_money_width(&b->cur[ci].money, widest,
                                       "Open items (XXX)");
        w = x > w ? x : w;
    }
    KEEP(b, worksheet_set_column(ws, P_BUCKET, P_BUCKET, 16, NULL));
    KEEP(b, worksheet_set_column(ws, P_GROSS, P_GROSS, w, NULL));
    KEEP(b, worksheet_set_column(ws, P_RATE, P_RATE, 11, NULL));
    KEEP(b, worksheet_set_column(ws, P_ECL, P_ECL, w, NULL));
    ar_xlsx_print(ws, &b->page, false, UINT32_MAX, 0, row ? row - 1 : 0,
                  P_ECL);
}
