/* letter.c - lays out and draws one dunning letter (SPEC §5): its
 * pages (head, running head, footer), paragraphs, closing and
 * the salutation; the placeholders are letter_text.c's, the first page's
 * head letter_head.c's, the item table letter_items.c's, the payment
 * block letter_payment.c's, the insert marks letter_marks.c's.
 *
 * One pass does everything: with no document it only moves a cursor down
 * the pages (counting them) and notes every character it would draw;
 * with a document it draws the same things at the same places. Text that
 * does not fit is never squeezed past 80 %: lines wrap, and what still
 * does not fit is shortened with an ellipsis (page.h).
 */
#include "ar/render/letters/letter.h"

#include "ar/base/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/render/letters/letter_ctx.h"
#include "ar/render/page/format.h"

#define MM(x) AR_PDF_MM(x)

/* A4, DIN 5008 form B: address field 20 mm from the left, 45 mm from the
 * top, 85 x 45 mm, its first 12.7 mm for the return address; text at
 * 25 mm; fold marks left out (nothing in the printer's margins). */
static const ar_page_geom a4 = {
    .w = MM(210),
    .h = MM(297),
    .left = MM(25),
    .right = MM(190),
    .top_cont = MM(30),
    .bottom = MM(270),
    .footer_rule = MM(273),
    .footer_y = MM(277),
};
static const ar_letter_first a4_first = {
    .win_x = MM(20),
    .win_y = MM(45),
    .win_w = MM(85),
    .win_h = MM(45),
    .win_inset = MM(5),
    .ret_h = MM(12.7),
    .info_x = MM(125),
    .info_label_w = MM(24),
    .info_y = MM(50),
    .subject_y = MM(99),
};

/* US Letter, #10 window envelope: window 7/8" from the left, 2" from the
 * top, 4" x 1"; 1" left margin. */
static const ar_page_geom letter = {
    .w = 612,
    .h = 792,
    .left = 72,
    .right = 612 - MM(20),
    .top_cont = MM(30),
    .bottom = 792 - MM(30),
    .footer_rule = 792 - MM(25),
    .footer_y = 792 - MM(21),
};
static const ar_letter_first letter_first = {
    .win_x = 63,
    .win_y = 144,
    .win_w = 288,
    .win_h = 72,
    .win_inset = MM(3),
    .ret_h = 0,
    .info_x = MM(135),
    .info_label_w = MM(24),
    .info_y = MM(50),
    .subject_y = MM(88),
};

/* ---- pages -------------------------------------------------------------- */

static void footer(void *owner)
{
    ar_letter_ctx *c = owner;
    const ar_letterhead *h = c->h;
    char line[700] = "";
    ar_page_cat(line, sizeof line, h->company);
    for (size_t i = 0; i < h->address_lines; i++) {
        ar_page_cat(line, sizeof line, " \xC2\xB7 ");
        ar_page_cat(line, sizeof line, h->address[i]);
    }
    /* page x of y at the right of the first line */
    snprintf(c->buf[AR_VAR_PAGE], sizeof c->buf[AR_VAR_PAGE], "%d", c->pg.page);
    snprintf(c->buf[AR_VAR_PAGES], sizeof c->buf[AR_VAR_PAGES], "%d",
             c->pg.pages);
    c->var[AR_VAR_PAGE] = c->buf[AR_VAR_PAGE];
    c->var[AR_VAR_PAGES] = c->buf[AR_VAR_PAGES];
    ar_page_rich r;
    /* the account of the letter's currency only */
    ar_page_footer(&c->pg, line,
                   ar_letter_expand_plain(c, &c->g->str[AR_S_PAGE_OF], &r),
                   c->acct);
    ar_letter_marks_draw(c);
}

static void continuation_head(ar_letter_ctx *c)
{
    ar_page_rich r;
    const char *cont =
        ar_letter_expand_plain(c, &c->g->str[AR_S_CONTINUED], &r);
    /* the reference always whole: a long name is what gets shortened */
    char tail[300] = " \xC2\xB7 ";
    ar_page_cat(tail, sizeof tail, c->l->reference);
    ar_page_cat(tail, sizeof tail, " \xC2\xB7 ");
    ar_page_cat(tail, sizeof tail, cont);
    double w = c->gm->right - c->gm->left;
    double room = w * 0.6 / AR_PDF_MIN_SCALE -
                  ar_page_width(&c->pg, AR_PDF_REGULAR, 8, tail, strlen(tail));
    char name[600], line[900] = "";
    ar_page_cat(line, sizeof line,
                ar_page_shorten(&c->pg, AR_PDF_REGULAR, 8, c->l->name,
                                room > 0 ? room : 0, name, sizeof name));
    ar_page_cat(line, sizeof line, tail);
    ar_page_running_head(&c->pg, w / 2, line, w * 0.6);
}

/* A new page's head, under the proof watermark. */
static void head(void *owner)
{
    ar_letter_ctx *c = owner;
    if (c->st->proof) {
        ar_page_rich r;
        ar_page_watermark(
            &c->pg, ar_letter_expand_plain(c, &c->g->str[AR_S_SAMPLE], &r));
    }
    if (c->pg.page == 1)
        ar_letter_first_page_head(c);
    else
        continuation_head(c);
}

/* ---- body --------------------------------------------------------------- */

/* A paragraph: kept on one page when it fits on one, and together with
 * the next keep points (the closing after the last paragraph). */
static void paragraph(ar_letter_ctx *c, const ar_ttext *t, double size,
                      uint32_t rgb, double keep)
{
    ar_page_rich *r = &c->scratch;
    r->len = 0;
    ar_letter_expand(c, t, r);
    size_t n = ar_page_rich_wrap(&c->pg, r, size, c->gm->right - c->gm->left,
                                 c->lines, AR_LETTER_MAX_LINES);
    if (n == 0)
        return;
    double step = size == AR_LETTER_BODY_SIZE ? c->body_step
                                              : MM(size * 0.44);
    double h = (double)(n - 1) * step;
    if (keep > 0)
        h += step + c->para_gap + keep;
    if (c->pg.y + h > c->gm->bottom && h < c->gm->bottom - c->gm->top_cont)
        ar_letter_ensure(c, h);
    for (size_t i = 0; i < n; i++) {
        ar_letter_ensure(c, 0);
        ar_page_rich_text(&c->pg, c->gm->left, c->pg.y, r, c->lines[i].from,
                          c->lines[i].to, size, rgb);
        c->pg.y += step;
    }
    c->pg.y += c->para_gap;
}

/* Height of the closing: its line, room to sign, the signature (and
 * its title), from the cursor to the last baseline. */
static double closing_height(const ar_letter_ctx *c, const ar_template *t)
{
    return MM(1) + c->sign_room +
           (t->signature_title.count ? c->body_step : 0);
}

static void closing(ar_letter_ctx *c, const ar_template *t)
{
    const ar_letterhead *h = c->h;
    const ar_lang *g = c->g;
    ar_letter_ensure(c, closing_height(c, t));
    c->pg.y += MM(1);
    ar_page_rich r;
    ar_pdf_style s =
        ar_letter_text_style(AR_PDF_REGULAR, AR_LETTER_BODY_SIZE, h->color_text,
                             AR_PDF_LEFT, c->gm->right - c->gm->left);
    ar_page_text(
        &c->pg, c->gm->left, c->pg.y, &s,
        ar_letter_expand_plain(
            c, t->closing.count ? &t->closing : &g->str[AR_S_CLOSING], &r));
    c->pg.y += c->sign_room;
    s.face = AR_PDF_BOLD;
    /* a signature that comes out blank (a VIP client without an account
     * manager) is the team's, without the manager's title */
    const char *sig =
        t->signature.count ? ar_letter_expand_plain(c, &t->signature, &r)
                           : "";
    bool own = sig[0] != '\0';
    if (!own)
        sig = ar_letter_expand_plain(c, &g->str[AR_S_SIGNATURE_TEAM], &r);
    ar_page_text(&c->pg, c->gm->left, c->pg.y, &s, sig);
    c->pg.y += c->body_step;
    if (own && t->signature_title.count) {
        s = ar_letter_text_style(AR_PDF_REGULAR, 8.5, h->color_muted,
                                 AR_PDF_LEFT, c->gm->right - c->gm->left);
        ar_page_text(&c->pg, c->gm->left, c->pg.y, &s,
                     ar_letter_expand_plain(c, &t->signature_title, &r));
        c->pg.y += c->body_step;
    }
}

/* ---- the letter --------------------------------------------------------- */

int ar_letter_compose(const ar_letter_style *st, const ar_letter *l,
                      ar_pdf *doc, int pages, ar_cpset *used, uint32_t *bad_cp)
{
    ar_letter_ctx *c = ar_xcalloc(1, sizeof *c);
    c->st = st;
    c->l = l;
    c->g = l->lang;
    c->h = ar_layout_letterhead(st->layout);
    bool us = st->page_size == AR_PAGE_LETTER;
    c->gm = us ? &letter : &a4;
    c->fp = us ? &letter_first : &a4_first;
    c->acct = ar_letterhead_account(c->h, l->currency);
    /* #19: tighter, when that keeps a short closing on the page before
     * (the caller tries it on a letter of two pages or more) */
    c->para_gap = l->tight ? MM(1.0) : AR_LETTER_PARA_GAP;
    c->body_step = l->tight ? MM(4.1) : AR_LETTER_BODY_STEP;
    c->row_step = l->tight ? MM(4.2) : AR_LETTER_TABLE_STEP;
    c->sign_room = l->tight ? MM(7.5) : MM(10);

    c->pg = (ar_page){.fonts = st->fonts,
                      .h = c->h,
                      .gm = c->gm,
                      .doc = doc,
                      .used = doc ? NULL : used,
                      .head = head,
                      .foot = footer,
                      .owner = c,
                      .pages = pages};
    const ar_template *t = ar_lang_template(c->g, l->stage, l->vip);
    ar_letter_set_vars(c, t);

    if (doc) { /* the document's title: its subject */
        ar_pdf_info in = {{0}, {0}, {0}};
        snprintf(in.title, sizeof in.title, "%s",
                 ar_letter_expand_plain(c, &t->subject, &c->scratch));
        snprintf(in.author, sizeof in.author, "%s", c->h->company);
        ar_date_format_iso(l->date, in.date, sizeof in.date);
        ar_pdf_set_info(doc, &in);
    }
    ar_page_new(&c->pg);
    /* the salutation (README "Letters") */
    paragraph(c, c->salutation_text, AR_LETTER_BODY_SIZE, c->h->color_text,
              0);
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
            paragraph(c, &p->text, AR_LETTER_BODY_SIZE, c->h->color_text, keep);
            break;
        case AR_BLOCK_ITEMS:
            ar_letter_items(c);
            break;
        case AR_BLOCK_PAYMENT:
            ar_letter_payment(c);
            break;
        case AR_BLOCK_CONTACT:
            paragraph(c, &c->g->str[AR_S_CONTACT_LINE], 8.5, c->h->color_muted,
                      keep);
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
