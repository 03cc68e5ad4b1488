/* letter_items.c - the table of a letter's open items (number, dates,
 * days past due, how often each was reminded when one was, original and
 * open amount, a note), its unapplied credits (a payment is no credit
 * note) and the totals that add up to the amount due (SPEC §5).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/render/letters/letter_ctx.h"
#include "ar/render/page/format.h"

#define MM(x) AR_PDF_MM(x)

typedef ar_page_rich rich;
typedef ar_letter_ctx ctx;

/* Item table columns, as shares of the content width; the reminders
 * column only when an earlier letter named one of the items. */
enum { COL_NUMBER, COL_DATE, COL_DUE, COL_DAYS, COL_REMINDED, COL_ORIGINAL,
       COL_OPEN, COL_NOTE, COL_COUNT_ };
static const double col_share[2][COL_COUNT_] = {
    {0.195, 0.12, 0.12, 0.11, 0, 0.15, 0.15, 0.155},
    {0.155, 0.115, 0.115, 0.09, 0.115, 0.14, 0.14, 0.13}};
static const ar_pdf_align col_align[COL_COUNT_] = {
    AR_PDF_LEFT, AR_PDF_LEFT, AR_PDF_LEFT, AR_PDF_RIGHT, AR_PDF_RIGHT,
    AR_PDF_RIGHT, AR_PDF_RIGHT, AR_PDF_LEFT};
_Static_assert(COL_COUNT_ <= AR_LETTER_COLS, "AR_LETTER_COLS");

/* One summary line: label right-aligned before the amount column. */
static void sum_line(ctx *c, const ar_ttext *label, const char *amount,
                     ar_pdf_face face, double size, uint32_t rgb)
{
    rich r;
    const char *text = ar_letter_expand_plain(c, label, &r);
    double amount_right = c->pg.col_x[c->col_open + 1] - MM(1.2);
    double label_right = c->pg.col_x[c->col_original + 1] - MM(1.2);
    if (amount) { /* a wide amount pushes its label to the left */
        double aw = ar_page_width(&c->pg, face, size, amount, strlen(amount));
        if (amount_right - aw - MM(3) < label_right)
            label_right = amount_right - aw - MM(3);
    }
    ar_pdf_style s = ar_letter_text_style(face, size, rgb, AR_PDF_RIGHT,
                                          label_right - c->gm->left);
    ar_page_text(&c->pg, label_right, c->pg.y, &s, text);
    if (amount) {
        s.max_width = amount_right - c->pg.col_x[c->col_original] - MM(1);
        ar_page_text(&c->pg, amount_right, c->pg.y, &s, amount);
    }
    c->pg.y += MM(size > 9 ? 5.2 : 4.4);
}

/* A total of the letter: its label and v in the letter's currency. */
static void money_line(ctx *c, ar_str_id label, ar_cents v, ar_pdf_face face,
                       double size, uint32_t rgb)
{
    char amt[64];
    sum_line(c, &c->g->str[label],
             ar_format_amount(c->g, v, c->l->currency, amt, sizeof amt), face,
             size, rgb);
}

void ar_letter_items(ctx *c)
{
    const ar_letter *l = c->l;
    const ar_lang *g = c->g;
    const ar_letterhead *h = c->h;
    double span_w = c->gm->right - c->gm->left;
    static const ar_str_id ids[COL_COUNT_] = {
        AR_S_COL_NUMBER, AR_S_COL_DATE, AR_S_COL_DUE, AR_S_COL_DAYS,
        AR_S_COL_REMINDED, AR_S_COL_ORIGINAL, AR_S_COL_OPEN, AR_S_COL_NOTE};
    /* the header in the letter's words, kept for the pages it repeats on;
     * how often each item was reminded only when one was (a letter
     * without history says nothing about reminders) */
    int shown = l->show_reminded;
    int col_of[COL_COUNT_];
    c->ncols = 0;
    for (int k = 0; k < COL_COUNT_; k++) {
        col_of[k] = -1;
        if (k == COL_REMINDED && !shown)
            continue;
        col_of[k] = c->ncols;
        /* #22 item 14: a long document number or note wraps in its cell */
        c->cols[c->ncols] = (ar_page_col){
            ar_letter_expand_plain(c, &g->str[ids[k]], &c->head[c->ncols]),
            col_share[shown][k], col_align[k],
            k == COL_NUMBER || k == COL_NOTE};
        c->ncols++;
    }
    c->col_original = col_of[COL_ORIGINAL];
    c->col_open = col_of[COL_OPEN];
    /* a label too wide for its column wraps rather than shrinks */
    c->table = (ar_page_table){.cols = c->cols,
                               .n = c->ncols,
                               .size = AR_LETTER_TABLE_SIZE,
                               .line_step = MM(3.4),
                               .head_step = AR_LETTER_HEAD_STEP,
                               .row_step = c->row_step,
                               .head_wraps = true};
    c->pg.table_continues =
        ar_letter_expand_plain(c, &g->str[AR_S_TABLE_CONTINUES], &c->continues);
    c->pg.y += MM(1.5);
    ar_letter_ensure(c, AR_LETTER_HEAD_STEP + c->row_step * 2);
    ar_page_table_begin(&c->pg, &c->table, true);
    rich review, not_due;
    ar_letter_expand_plain(c, &g->str[AR_S_UNDER_REVIEW], &review);
    ar_letter_expand_plain(c, &g->str[AR_S_NOT_YET_DUE], &not_due);
    for (size_t i = 0; i < l->item_count; i++) {
        const ar_letter_item *it = &l->items[i];
        ar_letter_ensure(c, c->row_step);
        char d1[40], d2[40], days[16], orig[64], open[64], times[16];
        ar_format_date(g, it->doc_date, false, d1, sizeof d1);
        ar_format_date(g, it->due_date, false, d2, sizeof d2);
        if (it->days > 0)
            snprintf(days, sizeof days, "%d", it->days);
        else
            snprintf(days, sizeof days, "\xE2\x80\x93"); /* en dash */
        snprintf(times, sizeof times, "%u", it->reminded);
        ar_format_amount(g, it->original, l->currency, orig, sizeof orig);
        ar_format_amount(g, it->open, l->currency, open, sizeof open);
        const char *all[COL_COUNT_] = {
            it->doc_no, d1, d2, days, times, orig, open,
            it->disputed ? review.text : it->days <= 0 ? not_due.text : ""};
        const char *cells[COL_COUNT_];
        for (int k = 0; k < COL_COUNT_; k++)
            if (col_of[k] >= 0)
                cells[col_of[k]] = all[k];
        ar_page_table_row(&c->pg, cells, AR_PDF_REGULAR,
                          it->disputed || it->days <= 0 ? h->color_muted
                                                        : h->color_text);
    }
    if (l->credit_count) {
        ar_letter_ensure(c, c->row_step * 2);
        rich t;
        ar_pdf_style s =
            ar_letter_text_style(AR_PDF_BOLD, AR_LETTER_TABLE_SIZE,
                                 h->color_text, AR_PDF_LEFT, span_w);
        c->pg.y += MM(1);
        ar_page_text(
            &c->pg, c->gm->left + MM(1.2), c->pg.y, &s,
            ar_letter_expand_plain(c, &g->str[AR_S_CREDITS_TITLE], &t));
        c->pg.y += c->row_step;
        /* what each credit is: a payment is no credit note */
        static const ar_str_id kinds[] = {
            [AR_LETTER_CREDIT_PAYMENT] = AR_S_CREDIT_PAYMENT,
            [AR_LETTER_CREDIT_NOTE] = AR_S_CREDIT_NOTE,
            [AR_LETTER_CREDIT_OTHER] = AR_S_CREDIT_OTHER};
        rich label[3];
        for (int k = 0; k < 3; k++)
            ar_letter_expand_plain(c, &g->str[kinds[k]], &label[k]);
        for (size_t i = 0; i < l->credit_count; i++) {
            const ar_letter_credit *cr = &l->credits[i];
            ar_letter_ensure(c, c->row_step);
            char d1[40], amt[64];
            ar_format_date(g, cr->date, false, d1, sizeof d1);
            ar_format_amount(g, -cr->amount, l->currency, amt, sizeof amt);
            const char *cells[AR_LETTER_COLS] = {cr->doc_no, d1};
            for (int k = 2; k < c->ncols; k++)
                cells[k] = "";
            cells[c->col_open] = amt;
            cells[c->ncols - 1] = label[cr->kind].text;
            ar_page_table_row(&c->pg, cells, AR_PDF_REGULAR, h->color_text);
        }
    }
    ar_page_table_end(&c->pg);

    /* totals, kept together */
    int lines = 2 + (l->credit_total != 0) + (l->fee != 0) +
                (l->interest != 0) + (l->disputed_total != 0) +
                (l->not_due_total != 0) + (int)l->other_count;
    c->pg.y += MM(2.5);
    ar_letter_ensure(c, lines * MM(4.6));
    const uint32_t ink = h->color_text, muted = h->color_muted;
    money_line(c, AR_S_SUM_PAST_DUE, l->past_due, AR_PDF_REGULAR, 9, ink);
    if (l->credit_total)
        money_line(c, AR_S_SUM_CREDITS, -l->credit_total, AR_PDF_REGULAR,
                   9, ink);
    if (l->fee)
        money_line(c, AR_S_SUM_FEE, l->fee, AR_PDF_REGULAR, 9, ink);
    if (l->interest)
        money_line(c, AR_S_SUM_INTEREST, l->interest, AR_PDF_REGULAR, 9,
                   ink);
    ar_page_rule(&c->pg, c->pg.y - MM(2.6), c->pg.col_x[c->col_original],
                 c->gm->right, 0.4);
    c->pg.y += MM(1.4);
    money_line(c, AR_S_SUM_TOTAL, l->amount_due, AR_PDF_BOLD, 10,
               h->color_primary);
    if (l->disputed_total)
        money_line(c, AR_S_SUM_REVIEW, l->disputed_total, AR_PDF_REGULAR,
                   8, muted);
    if (l->not_due_total)
        money_line(c, AR_S_SUM_NOT_DUE, l->not_due_total, AR_PDF_REGULAR,
                   8, muted);
    for (size_t i = 0; i < l->other_count; i++) {
        char label[160] = "", amt[64];
        rich t;
        ar_page_cat(
            label, sizeof label,
            ar_letter_expand_plain(c, &g->str[AR_S_OTHER_CURRENCY], &t));
        ar_page_cat(label, sizeof label, " ");
        ar_page_cat(label, sizeof label, l->others[i].currency);
        ar_tpart part = {label, strlen(label), -1, false};
        ar_ttext text = {&part, 1};
        sum_line(c, &text,
                 ar_format_amount(g, l->others[i].open, l->others[i].currency,
                                  amt, sizeof amt),
                 AR_PDF_REGULAR, 8, muted);
    }
    c->pg.y += MM(2);
}

