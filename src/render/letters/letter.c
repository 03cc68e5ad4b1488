/* letter.c - lays out and draws one dunning letter (SPEC §5).
 *
 * One pass does everything: with no document it only moves a cursor down
 * the pages (counting them) and notes every character it would draw;
 * with a document it draws the same things at the same places. Text that
 * does not fit is never cut: lines wrap, and cells too wide for their
 * column are squeezed horizontally (the characters stay exact).
 */
#include "ar/render/letters/letter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/render/letters/letter_ctx.h"
#include "ar/render/page/format.h"
#include "ar/render/page/page.h"

#define MM(x) AR_PDF_MM(x)
#define MAX_LINES AR_LETTER_MAX_LINES

typedef ar_letter_first_page first_page;

/* A4, DIN 5008 form B: address field 20 mm from the left, 45 mm from the
 * top, 85 x 45 mm, its first 12.7 mm for the return address; text at
 * 25 mm; fold marks left out (nothing in the printer's margins). */
static const ar_page_geom a4 = {
    .w = MM(210), .h = MM(297),
    .left = MM(25), .right = MM(190),
    .top_cont = MM(30),
    .bottom = MM(270),
    .footer_rule = MM(273), .footer_y = MM(277),
};
static const first_page a4_first = {
    .win_x = MM(20), .win_y = MM(45), .win_w = MM(85), .win_h = MM(45),
    .win_inset = MM(5),
    .ret_h = MM(12.7),
    .info_x = MM(125), .info_label_w = MM(24), .info_y = MM(50),
    .subject_y = MM(99),
};

/* US Letter, #10 window envelope: window 7/8" from the left, 2" from the
 * top, 4" x 1"; 1" left margin. */
static const ar_page_geom letter = {
    .w = 612, .h = 792,
    .left = 72, .right = 612 - MM(20),
    .top_cont = MM(30),
    .bottom = 792 - MM(30),
    .footer_rule = 792 - MM(25), .footer_y = 792 - MM(21),
};
static const first_page letter_first = {
    .win_x = 63, .win_y = 144, .win_w = 288, .win_h = 72,
    .win_inset = MM(3),
    .ret_h = 0,
    .info_x = MM(135), .info_label_w = MM(24), .info_y = MM(50),
    .subject_y = MM(88),
};

/* Sizes (points) and steps. */
#define BODY_SIZE 10.0
#define BODY_STEP MM(4.4)
#define PARA_GAP AR_LETTER_PARA_GAP
#define TABLE_SIZE 8.3
#define TABLE_STEP MM(4.5)
#define HEAD_STEP MM(6.0)

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

typedef ar_page_rich rich;
typedef ar_letter_ctx ctx;

/* ---- placeholders in text ------------------------------------------ */

static void expand(const ctx *c, const ar_ttext *t, rich *r)
{
    ar_letter_expand(c, t, r);
}

static const char *expand_plain(const ctx *c, const ar_ttext *t, rich *r)
{
    return ar_letter_expand_plain(c, t, r);
}

/* ---- drawing (or counting) -------------------------------------------- */

static ar_pdf_style style(ar_pdf_face face, double size, uint32_t rgb,
                          ar_pdf_align align, double max_width)
{
    return ar_letter_style_of(face, size, rgb, align, max_width);
}

/* ---- pages -------------------------------------------------------------- */

static void footer(void *owner)
{
    ctx *c = owner;
    const ar_letterhead *h = c->h;
    char line[700] = "";
    ar_page_cat(line, sizeof line, h->company);
    for (size_t i = 0; i < h->address_lines; i++) {
        ar_page_cat(line, sizeof line, " \xC2\xB7 ");
        ar_page_cat(line, sizeof line, h->address[i]);
    }
    /* page x of y at the right of the first line */
    snprintf(c->buf[AR_VAR_PAGE], sizeof c->buf[AR_VAR_PAGE], "%d",
             c->pg.page);
    snprintf(c->buf[AR_VAR_PAGES], sizeof c->buf[AR_VAR_PAGES], "%d",
             c->pg.pages);
    c->var[AR_VAR_PAGE] = c->buf[AR_VAR_PAGE];
    c->var[AR_VAR_PAGES] = c->buf[AR_VAR_PAGES];
    rich r;
    /* the account of the letter's currency only */
    ar_page_footer(&c->pg, line,
                   expand_plain(c, &c->g->str[AR_S_PAGE_OF], &r), c->acct);
}

static void continuation_head(ctx *c)
{
    rich r;
    const char *cont = expand_plain(c, &c->g->str[AR_S_CONTINUED], &r);
    char line[600] = "";
    ar_page_cat(line, sizeof line, c->l->name);
    ar_page_cat(line, sizeof line, " \xC2\xB7 ");
    ar_page_cat(line, sizeof line, c->l->reference);
    ar_page_cat(line, sizeof line, " \xC2\xB7 ");
    ar_page_cat(line, sizeof line, cont);
    double w = c->gm->right - c->gm->left;
    ar_page_running_head(&c->pg, w / 2, line, w * 0.6);
}

static void first_page_head(ctx *c);

/* A new page's head, under the proof watermark. */
static void head(void *owner)
{
    ctx *c = owner;
    if (c->st->proof) {
        rich r;
        ar_page_watermark(&c->pg,
                          expand_plain(c, &c->g->str[AR_S_SAMPLE], &r));
    }
    if (c->pg.page == 1)
        first_page_head(c);
    else
        continuation_head(c);
}

/* Room for h more points below the cursor, else a new page. */
static bool ensure(ctx *c, double h)
{
    return ar_page_ensure(&c->pg, h);
}

/* ---- first page ----------------------------------------------------- */

static void address_block(ctx *c)
{
    const first_page *fp = c->fp;
    const ar_letter *l = c->l;
    const ar_letterhead *h = c->h;
    double x = fp->win_x + fp->win_inset;
    double w = fp->win_w - (x - fp->win_x) - MM(3);
    double y0 = fp->win_y;
    if (fp->ret_h > 0) {
        ar_pdf_style s = style(AR_PDF_REGULAR, 6.5, h->color_muted,
                               AR_PDF_LEFT, w);
        ar_page_text(&c->pg, x, y0 + fp->ret_h - MM(3.2), &s, h->return_line);
        if (c->pg.doc) {
            double rw = ar_page_width(&c->pg, AR_PDF_REGULAR, 6.5,
                                      h->return_line, strlen(h->return_line));
            if (rw > w)
                rw = w;
            ar_pdf_line(c->pg.doc, x, y0 + fp->ret_h - MM(2.4), x + rw,
                        y0 + fp->ret_h - MM(2.4), 0.3, h->color_muted);
        }
        y0 += fp->ret_h;
    }
    /* the recipient's lines: name, contact, street, postal line(s) in
     * the country's format, the country when abroad */
    const ar_page_address a = {
        l->contact, l->address1, l->address2, l->postal_code, l->city,
        l->region, l->country};
    ar_page_address_lines al;
    ar_page_address_format(c->st->layout, &a, h->country, &al);
    const char *logical[12];
    size_t nlog = 0;
    logical[nlog++] = l->name;
    for (size_t i = 0; i < al.count; i++)
        logical[nlog++] = al.line[i];
    /* logical[0..wraps) may wrap: the name and the contact */
    size_t wraps = l->contact[0] ? 2 : 1;

    /* the largest size from 10 pt down to 7 pt at which the lines fit
     * the window; wrapped lines are capped (name 3, contact 2) and what
     * is left joins the last one, squeezed to the width */
    double avail = fp->win_y + fp->win_h - y0 - MM(2);
    double size = 10, step = 0;
    typedef struct piece {
        const char *text;
        size_t len;
    } piece;
    piece out[24];
    size_t n = 0;
    rich *r = &c->scratch;
    for (; size >= 7; size -= 1) {
        step = MM(size * 0.42);
        n = 0;
        for (size_t i = 0; i < nlog; i++) {
            size_t len = strlen(logical[i]);
            size_t cap = i == 0 ? 3 : 2;
            if (i >= wraps || ar_page_width(&c->pg, AR_PDF_REGULAR, size,
                                            logical[i], len) <= w) {
                out[n++] = (piece){logical[i], len};
                continue;
            }
            r->len = len < AR_PAGE_RICH_MAX - 1 ? len : AR_PAGE_RICH_MAX - 1;
            memcpy(r->text, logical[i], r->len);
            r->text[r->len] = '\0';
            memset(r->bold, 0, r->len);
            size_t nl =
                ar_page_rich_wrap(&c->pg, r, size, w, c->lines, MAX_LINES);
            for (size_t k = 0; k < nl && k < cap; k++) {
                size_t to = k + 1 == cap ? len : c->lines[k].to;
                out[n++] = (piece){logical[i] + c->lines[k].from,
                                   to - c->lines[k].from};
            }
        }
        if (MM(3.6) + (double)(n - 1) * step <= avail)
            break;
    }
    if (size < 7)
        size = 7;
    double y = y0 + MM(3.6) + (fp->ret_h > 0 ? 0 : MM(1));
    ar_pdf_style st = style(AR_PDF_REGULAR, size, h->color_text, AR_PDF_LEFT,
                            w);
    for (size_t i = 0; i < n; i++, y += step)
        ar_page_text_n(&c->pg, x, y, &st, out[i].text, out[i].len);
}

static void info_block(ctx *c)
{
    const ar_page_geom *gm = c->gm;
    const first_page *fp = c->fp;
    const ar_lang *g = c->g;
    const ar_letter *l = c->l;
    const ar_letterhead *h = c->h;
    rich r;
    /* a VIP letter names its account manager and their direct line */
    bool manager = l->vip && l->account_manager[0];
    const char *contact = manager ? l->account_manager
                                  : expand_plain(
                                        c, &g->str[AR_S_SIGNATURE_TEAM], &r);
    char contact_buf[256] = "";
    ar_page_cat(contact_buf, sizeof contact_buf, contact);
    struct {
        ar_str_id label;
        const char *value;
    } rows[] = {
        {AR_S_INFO_DATE, c->var[AR_VAR_DATE]},
        {AR_S_INFO_REFERENCE, l->reference},
        {AR_S_INFO_CLIENT, l->client_id},
        {AR_S_INFO_CONTACT, contact_buf},
        {AR_S_INFO_PHONE, manager ? c->var[AR_VAR_MANAGER_PHONE] : h->phone},
        {AR_S_INFO_EMAIL, manager ? c->var[AR_VAR_MANAGER_EMAIL] : h->email},
    };
    double y = fp->info_y;
    double vx = fp->info_x + fp->info_label_w;
    ar_pdf_style ls = style(AR_PDF_REGULAR, 7.5, h->color_muted, AR_PDF_LEFT,
                            fp->info_label_w - MM(1));
    ar_pdf_style vs = style(AR_PDF_REGULAR, 8.5, h->color_text, AR_PDF_LEFT,
                            gm->right - vx);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        if (!rows[i].value[0])
            continue;
        ar_page_text(&c->pg, fp->info_x, y, &ls,
                     expand_plain(c, &g->str[rows[i].label], &r));
        ar_page_text(&c->pg, vx, y, &vs, rows[i].value);
        y += MM(4.2);
    }
}

static void first_page_head(ctx *c)
{
    const ar_page_geom *gm = c->gm;
    ar_page_letterhead(&c->pg, c->st->logo);
    address_block(c);
    info_block(c);
    /* subject: bold, wrapped, in the primary colour */
    rich *r = &c->scratch;
    r->len = 0;
    expand(c, &ar_lang_template(c->g, c->l->stage, c->l->vip)->subject, r);
    memset(r->bold, 1, r->len);
    size_t n = ar_page_rich_wrap(&c->pg, r, 12, gm->right - gm->left, c->lines,
                                 MAX_LINES);
    double y = c->fp->subject_y;
    for (size_t i = 0; i < n && i < 3; i++, y += MM(5.2))
        ar_page_rich_text(&c->pg, gm->left, y, r, c->lines[i].from,
                          c->lines[i].to, 12, c->h->color_primary);
    c->pg.y = y + MM(4);
}

/* ---- body --------------------------------------------------------------- */

/* A paragraph: kept on one page when it fits on one, and together with
 * the next keep points (the closing after the last paragraph). */
static void paragraph(ctx *c, const ar_ttext *t, double size, uint32_t rgb,
                      double keep)
{
    rich *r = &c->scratch;
    r->len = 0;
    expand(c, t, r);
    size_t n = ar_page_rich_wrap(&c->pg, r, size, c->gm->right - c->gm->left,
                                 c->lines, MAX_LINES);
    if (n == 0)
        return;
    double step = size == BODY_SIZE ? BODY_STEP : MM(size * 0.44);
    double h = (double)(n - 1) * step;
    if (keep > 0)
        h += step + PARA_GAP + keep;
    if (c->pg.y + h > c->gm->bottom && h < c->gm->bottom - c->gm->top_cont)
        ensure(c, h);
    for (size_t i = 0; i < n; i++) {
        ensure(c, 0);
        ar_page_rich_text(&c->pg, c->gm->left, c->pg.y, r, c->lines[i].from,
                          c->lines[i].to, size, rgb);
        c->pg.y += step;
    }
    c->pg.y += PARA_GAP;
}

/* One summary line: label right-aligned before the amount column. */
static void sum_line(ctx *c, const ar_ttext *label, const char *amount,
                     ar_pdf_face face, double size, uint32_t rgb)
{
    rich r;
    const char *text = expand_plain(c, label, &r);
    double amount_right = c->pg.col_x[c->col_open + 1] - MM(1.2);
    double label_right = c->pg.col_x[c->col_original + 1] - MM(1.2);
    if (amount) { /* a wide amount pushes its label to the left */
        double aw = ar_page_width(&c->pg, face, size, amount, strlen(amount));
        if (amount_right - aw - MM(3) < label_right)
            label_right = amount_right - aw - MM(3);
    }
    ar_pdf_style s = style(face, size, rgb, AR_PDF_RIGHT,
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

static void items_block(ctx *c)
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
        c->cols[c->ncols] = (ar_page_col){
            expand_plain(c, &g->str[ids[k]], &c->head[c->ncols]),
            col_share[shown][k], col_align[k], false};
        c->ncols++;
    }
    c->col_original = col_of[COL_ORIGINAL];
    c->col_open = col_of[COL_OPEN];
    /* a label too wide for its column wraps rather than shrinks */
    c->table = (ar_page_table){.cols = c->cols, .n = c->ncols,
                               .size = TABLE_SIZE, .head_step = HEAD_STEP,
                               .row_step = TABLE_STEP,
                               .line_step = MM(3.5), .head_wraps = true};
    c->pg.table_continues =
        expand_plain(c, &g->str[AR_S_TABLE_CONTINUES], &c->continues);
    c->pg.y += MM(1.5);
    ensure(c, HEAD_STEP + TABLE_STEP * 2);
    ar_page_table_begin(&c->pg, &c->table, true);
    rich review, not_due;
    expand_plain(c, &g->str[AR_S_UNDER_REVIEW], &review);
    expand_plain(c, &g->str[AR_S_NOT_YET_DUE], &not_due);
    for (size_t i = 0; i < l->item_count; i++) {
        const ar_letter_item *it = &l->items[i];
        ensure(c, TABLE_STEP);
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
        ensure(c, TABLE_STEP * 2);
        rich t;
        ar_pdf_style s = style(AR_PDF_BOLD, TABLE_SIZE, h->color_text,
                               AR_PDF_LEFT, span_w);
        c->pg.y += MM(1);
        ar_page_text(&c->pg, c->gm->left + MM(1.2), c->pg.y, &s,
                     expand_plain(c, &g->str[AR_S_CREDITS_TITLE], &t));
        c->pg.y += TABLE_STEP;
        /* what each credit is: a payment is no credit note */
        static const ar_str_id kinds[] = {
            [AR_LETTER_CREDIT_PAYMENT] = AR_S_CREDIT_PAYMENT,
            [AR_LETTER_CREDIT_NOTE] = AR_S_CREDIT_NOTE,
            [AR_LETTER_CREDIT_OTHER] = AR_S_CREDIT_OTHER};
        rich label[3];
        for (int k = 0; k < 3; k++)
            expand_plain(c, &g->str[kinds[k]], &label[k]);
        for (size_t i = 0; i < l->credit_count; i++) {
            const ar_letter_credit *cr = &l->credits[i];
            ensure(c, TABLE_STEP);
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
    ensure(c, lines * MM(4.6));
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
        ar_page_cat(label, sizeof label,
                    expand_plain(c, &g->str[AR_S_OTHER_CURRENCY], &t));
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

/* Height of the closing: its line, room to sign, the signature (and
 * its title), from the cursor to the last baseline. */
static double closing_height(const ctx *c, const ar_template *t)
{
    (void)c;
    return MM(11) + (t->signature_title.count ? BODY_STEP : 0);
}

static void closing(ctx *c, const ar_template *t)
{
    const ar_letterhead *h = c->h;
    const ar_lang *g = c->g;
    ensure(c, closing_height(c, t));
    c->pg.y += MM(1);
    rich r;
    ar_pdf_style s = style(AR_PDF_REGULAR, BODY_SIZE, h->color_text,
                           AR_PDF_LEFT, c->gm->right - c->gm->left);
    ar_page_text(
        &c->pg, c->gm->left, c->pg.y, &s,
        expand_plain(c, t->closing.count ? &t->closing : &g->str[AR_S_CLOSING],
                     &r));
    c->pg.y += MM(10);
    s.face = AR_PDF_BOLD;
    /* a signature that comes out blank (a VIP client without an account
     * manager) is the team's, without the manager's title */
    const char *sig =
        t->signature.count ? expand_plain(c, &t->signature, &r) : "";
    bool own = sig[0] != '\0';
    if (!own)
        sig = expand_plain(c, &g->str[AR_S_SIGNATURE_TEAM], &r);
    ar_page_text(&c->pg, c->gm->left, c->pg.y, &s, sig);
    c->pg.y += BODY_STEP;
    s = style(AR_PDF_REGULAR, 8.5, h->color_muted, AR_PDF_LEFT,
              c->gm->right - c->gm->left);
    if (own && t->signature_title.count) {
        ar_page_text(&c->pg, c->gm->left, c->pg.y, &s,
                     expand_plain(c, &t->signature_title, &r));
        c->pg.y += BODY_STEP;
    }
}

/* ---- the letter --------------------------------------------------------- */

int ar_letter_compose(const ar_letter_style *st, const ar_letter *l,
                      ar_pdf *doc, int pages, ar_cpset *used,
                      uint32_t *bad_cp)
{
    ctx *c = ar_xcalloc(1, sizeof *c);
    c->st = st;
    c->l = l;
    c->g = l->lang;
    c->h = ar_layout_letterhead(st->layout);
    bool us = st->page_size == AR_PAGE_LETTER;
    c->gm = us ? &letter : &a4;
    c->fp = us ? &letter_first : &a4_first;
    c->acct = ar_letterhead_account(c->h, l->currency);
    c->pg = (ar_page){.fonts = st->fonts, .h = c->h, .gm = c->gm,
                      .doc = doc, .used = doc ? NULL : used,
                      .head = head, .foot = footer, .owner = c,
                      .pages = pages};
    const ar_template *t = ar_lang_template(c->g, l->stage, l->vip);
    ar_letter_set_vars(c, t);

    ar_page_new(&c->pg);
    /* the salutation (README "Letters") */
    paragraph(c, c->salutation_text, BODY_SIZE, c->h->color_text, 0);
    uint32_t conds = l->conds | (uint32_t)(c->acct != NULL)
                                    << AR_COND_BANK_ACCOUNT;
    size_t last = t->para_count;
    for (size_t i = 0; i < t->para_count; i++) {
        const ar_para *p = &t->paras[i];
        if ((p->need & conds) == p->need && !(p->forbid & conds))
            last = i;
    }
    for (size_t i = 0; i < t->para_count; i++) {
        const ar_para *p = &t->paras[i];
        if ((p->need & conds) != p->need || (p->forbid & conds))
            continue;
        double keep = i == last ? closing_height(c, t) : 0;
        switch (p->block) {
        case AR_BLOCK_TEXT:
            paragraph(c, &p->text, BODY_SIZE, c->h->color_text, keep);
            break;
        case AR_BLOCK_ITEMS:
            items_block(c);
            break;
        case AR_BLOCK_PAYMENT:
            ar_letter_payment(c);
            break;
        case AR_BLOCK_CONTACT:
            paragraph(c, &c->g->str[AR_S_CONTACT_LINE], 8.5,
                      c->h->color_muted, keep);
            break;
        }
    }
    closing(c, t);
    footer(c);
    int n = c->pg.page;
    if (bad_cp)
        *bad_cp = c->pg.bad_cp;
    free(c);
    return n;
}
