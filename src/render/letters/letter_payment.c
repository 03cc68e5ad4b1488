/* letter_payment.c - how to pay: the bank details, the reference and
 * amount to quote, and the EPC "GiroCode" QR code for euros (SPEC §5).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/render/letters/letter_ctx.h"
#include "ar/render/page/format.h"

#define MM(x) AR_PDF_MM(x)

/* The code's modules inside a square of size points at (x, y), with the
 * quiet zone of 4 modules a side. */
static void draw_qr(ar_letter_ctx *c, const ar_qr *qr, double x, double y,
                    double size)
{
    double m = size / (qr->width + 8);
    ar_pdf_modules(c->pg.doc, x + 4 * m, y + 4 * m, m, qr->dark, qr->width,
                   qr->width, 0x000000);
}

void ar_letter_payment(ar_letter_ctx *c)
{
    const ar_letter *l = c->l;
    const ar_lang *g = c->g;
    const ar_letterhead *h = c->h;
    bool bank = h->iban[0] != '\0';
    const ar_qr *qr = l->qr;
    double full = c->gm->right - c->gm->left;
    double text_w = qr ? full - AR_LETTER_QR_SIZE - MM(6) : full;

    ar_page_rich *r = &c->scratch;
    r->len = 0;
    ar_letter_expand(c, &g->str[AR_S_PAYMENT_TEXT], r);
    size_t n = ar_page_rich_wrap(&c->pg, r, 9.5, text_w, c->lines,
                                 AR_LETTER_MAX_LINES);
    int rows = bank ? 6 : 2;
    double text_h = MM(6) + (double)n * MM(4.3) + rows * MM(3.9);
    double qr_h = qr ? AR_LETTER_QR_SIZE + MM(5) : 0;
    double hgt = text_h > qr_h ? text_h : qr_h;
    c->pg.y += MM(1);
    ar_letter_ensure(c, hgt);
    double top = c->pg.y;
    ar_page_rich t;
    ar_pdf_style s = ar_letter_text_style(AR_PDF_BOLD, 10, h->color_primary,
                                          AR_PDF_LEFT, text_w);
    ar_page_text(&c->pg, c->gm->left, c->pg.y, &s,
                 ar_letter_expand_plain(c, &g->str[AR_S_PAYMENT_TITLE], &t));
    c->pg.y += MM(5.2);
    for (size_t i = 0; i < n; i++, c->pg.y += MM(4.3))
        ar_page_rich_text(&c->pg, c->gm->left, c->pg.y, r, c->lines[i].from,
                          c->lines[i].to, 9.5, h->color_text);
    c->pg.y += MM(1);
    char amt[64];
    ar_format_amount(g, l->amount_due, l->currency, amt, sizeof amt);
    struct {
        ar_str_id label;
        const char *value;
        bool bold;
    } kv[] = {
        {AR_S_BANK_HOLDER, h->account_holder, false},
        {AR_S_BANK_IBAN, h->iban, true},
        {AR_S_BANK_BIC, h->bic, false},
        {AR_S_BANK_NAME, h->bank_name, false},
        {AR_S_BANK_REFERENCE, l->reference, true},
        {AR_S_BANK_AMOUNT, amt, true},
    };
    double lw = MM(32);
    for (size_t i = 0; i < sizeof kv / sizeof *kv; i++) {
        if (!kv[i].value[0] || (!bank && i < 4))
            continue;
        ar_pdf_style ls = ar_letter_text_style(
            AR_PDF_REGULAR, 8.5, h->color_muted, AR_PDF_LEFT, lw - MM(1));
        ar_page_text(&c->pg, c->gm->left, c->pg.y, &ls,
                     ar_letter_expand_plain(c, &g->str[kv[i].label], &t));
        ar_pdf_style vs =
            ar_letter_text_style(kv[i].bold ? AR_PDF_BOLD : AR_PDF_REGULAR, 9,
                                 h->color_text, AR_PDF_LEFT, text_w - lw);
        /* a long reference wraps (after '-'): it must be quoted whole */
        ar_page_span sp[3];
        size_t nl = ar_page_wrap(&c->pg, vs.face, vs.size, kv[i].value,
                                 vs.max_width, sp, 3);
        for (size_t k = 0; k < nl; k++, c->pg.y += MM(3.9))
            ar_page_text_n(&c->pg, c->gm->left + lw, c->pg.y, &vs,
                           kv[i].value + sp[k].from, sp[k].to - sp[k].from);
    }
    if (qr) {
        double qx = c->gm->right - AR_LETTER_QR_SIZE, qy = top - MM(4);
        if (c->pg.doc)
            draw_qr(c, qr, qx, qy, AR_LETTER_QR_SIZE);
        ar_pdf_style ls =
            ar_letter_text_style(AR_PDF_REGULAR, AR_PDF_MIN_SIZE, h->color_muted,
                                 AR_PDF_CENTER, AR_LETTER_QR_SIZE + MM(4));
        ar_page_text(&c->pg, qx + AR_LETTER_QR_SIZE / 2,
                     qy + AR_LETTER_QR_SIZE + MM(2), &ls,
                     ar_letter_expand_plain(c, &g->str[AR_S_QR_LABEL], &t));
        if (c->pg.y < qy + AR_LETTER_QR_SIZE + MM(4))
            c->pg.y = qy + AR_LETTER_QR_SIZE + MM(4);
    }
    c->pg.y += c->para_gap;
}
