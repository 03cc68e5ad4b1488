/* letter_payment.c - how to pay (SPEC §5, README "Letters"): the
 * letterhead's account in the letter's currency, never another
 * currency's (without one, the policy's text says how to pay), the ISO
 * 11649 creditor reference and the amount to quote; the EPC "GiroCode"
 * QR code beside them for euros to an IBAN, crossed out and labelled
 * void in a proof.
 */
#include "ar/render/letters/letter_ctx.h"

#include <stdlib.h>
#include <string.h>

#include "ar/render/page/format.h"

#define MM(x) AR_PDF_MM(x)
#define QR_SIZE AR_LETTER_QR_SIZE

typedef ar_page_rich rich;

/* The code's modules inside a square of size points at (x, y), with the
 * quiet zone of 4 modules a side. */
static void draw_qr(ar_letter_ctx *c, const ar_qr *qr, double x, double y,
                    double size)
{
    double m = size / (qr->width + 8);
    ar_pdf_modules(c->pg.doc, x + 4 * m, y + 4 * m, m, qr->dark, qr->width,
                   qr->width, 0x000000);
}

/* A proof's code is no payment code (letters.c encodes words, not a
 * transfer): crossed out, and said so across it. */
static void void_qr(ar_letter_ctx *c, double x, double y, double size)
{
    const char *text =
        ar_letter_expand_plain(c, &c->g->str[AR_S_QR_VOID], &c->scratch);
    if (c->pg.doc) {
        ar_pdf_line(c->pg.doc, x, y, x + size, y + size, 2.2, 0x000000);
        ar_pdf_line(c->pg.doc, x + size, y, x, y + size, 2.2, 0x000000);
    }
    ar_page_box(&c->pg, x + MM(1), y + size / 2 - MM(3), size - MM(2), MM(5),
                0xFFFFFF);
    ar_pdf_style s = ar_letter_text_style(AR_PDF_BOLD, 7.5, 0x000000,
                                          AR_PDF_CENTER, size - MM(2.5));
    ar_page_text(&c->pg, x + size / 2, y + size / 2 + MM(0.8), &s, text);
}

void ar_letter_payment(ar_letter_ctx *c)
{
    const ar_letter *l = c->l;
    const ar_lang *g = c->g;
    const ar_letterhead *h = c->h;
    const ar_bank_account *acct = c->acct;
    const ar_qr *qr = l->qr;
    double full = c->gm->right - c->gm->left;
    double text_w = qr ? full - QR_SIZE - MM(6) : full;

    /* what to do: transfer to the account, or the policy's text when the
     * letter's currency has none (never another currency's account) */
    rich *r = &c->scratch;
    r->len = 0;
    ar_tpart policy_part;
    ar_ttext policy_text = {&policy_part, 1};
    const ar_ttext *how = &g->str[AR_S_PAYMENT_TEXT];
    if (!acct && c->st->no_account_text && c->st->no_account_text[0]) {
        policy_part = (ar_tpart){c->st->no_account_text,
                                 strlen(c->st->no_account_text), -1, false};
        how = &policy_text;
    } else if (!acct) {
        how = &g->str[AR_S_PAYMENT_NO_ACCOUNT];
    }
    ar_letter_expand(c, how, r);
    size_t n = ar_page_rich_wrap(&c->pg, r, 9.5, text_w, c->lines,
                                 AR_LETTER_MAX_LINES);
    char amt[64];
    ar_format_amount(g, l->amount_due, l->currency, amt, sizeof amt);
    rich code_label;
    const char *code_text = "";
    if (acct && acct->bank_code[0])
        code_text = acct->bank_code_label[0]
                        ? acct->bank_code_label
                        : ar_letter_expand_plain(c, &g->str[AR_S_BANK_CODE],
                                                 &code_label);
    struct {
        ar_str_id label;
        const char *text;      /* a label of the account's own, or NULL */
        const char *value;
        bool bold;
    } kv[] = {
        {AR_S_BANK_HOLDER, NULL, acct ? acct->account_holder : "", false},
        {AR_S_BANK_IBAN, NULL, acct ? acct->iban : "", true},
        {AR_S_BANK_ACCOUNT_NUMBER, NULL,
         acct && !acct->iban[0] ? acct->account_number : "", true},
        {AR_S_BANK_CODE, code_text, acct && !acct->iban[0] ? acct->bank_code
                                                           : "",
         false},
        {AR_S_BANK_BIC, NULL, acct ? acct->bic : "", false},
        {AR_S_BANK_NAME, NULL, acct ? acct->bank_name : "", false},
        {AR_S_BANK_REFERENCE, NULL, c->var[AR_VAR_PAYMENT_REFERENCE], true},
        {AR_S_BANK_AMOUNT, NULL, amt, true},
    };
    /* a long value (a reference) wraps (after '-'): it must be quoted
     * whole */
    double lw = MM(32);
    ar_page_span spans[sizeof kv / sizeof *kv][3];
    size_t nspans[sizeof kv / sizeof *kv];
    int rows = 0;
    for (size_t i = 0; i < sizeof kv / sizeof *kv; i++) {
        nspans[i] = kv[i].value[0]
                        ? ar_page_wrap(&c->pg,
                                       kv[i].bold ? AR_PDF_BOLD
                                                  : AR_PDF_REGULAR,
                                       9, kv[i].value, text_w - lw,
                                       spans[i], 3)
                        : 0;
        rows += (int)nspans[i];
    }
    double text_h = MM(6) + (double)n * MM(4.3) + rows * MM(3.9);
    /* the code's label below it, at 7 pt, on two lines when it is too
     * wide even squeezed ("À scanner avec votre appli bancaire") */
    rich label;
    ar_page_span label_lines[2];
    size_t nlabel = 0;
    if (qr) {
        ar_letter_expand_plain(
            c, &g->str[c->st->proof ? AR_S_QR_VOID : AR_S_QR_LABEL], &label);
        /* one line when squeezing it to 80 % is enough */
        if (ar_page_width(&c->pg, AR_PDF_REGULAR, AR_PDF_MIN_SIZE,
                          label.text, label.len) <=
            (QR_SIZE + MM(4)) / AR_PDF_MIN_SCALE) {
            label_lines[0] = (ar_page_span){0, label.len};
            nlabel = 1;
        } else {
            nlabel = ar_page_wrap(&c->pg, AR_PDF_REGULAR, AR_PDF_MIN_SIZE,
                                  label.text, QR_SIZE + MM(4), label_lines,
                                  2);
        }
    }
    double label_h = nlabel > 1 ? MM(3) * (double)(nlabel - 1) : 0;
    double qr_h = qr ? QR_SIZE + MM(5) + label_h : 0;
    double hgt = text_h > qr_h ? text_h : qr_h;
    c->pg.y += MM(1);
    ar_page_ensure(&c->pg, hgt);
    double top = c->pg.y;
    rich t;
    ar_pdf_style s = ar_letter_text_style(AR_PDF_BOLD, 10, h->color_primary,
                                          AR_PDF_LEFT, text_w);
    ar_page_text(&c->pg, c->gm->left, c->pg.y, &s,
                 ar_letter_expand_plain(c, &g->str[AR_S_PAYMENT_TITLE], &t));
    c->pg.y += MM(5.2);
    for (size_t i = 0; i < n; i++, c->pg.y += MM(4.3))
        ar_page_rich_text(&c->pg, c->gm->left, c->pg.y, r, c->lines[i].from,
                          c->lines[i].to, 9.5, h->color_text);
    c->pg.y += MM(1);
    for (size_t i = 0; i < sizeof kv / sizeof *kv; i++) {
        if (!nspans[i])
            continue;
        ar_pdf_style ls = ar_letter_text_style(AR_PDF_REGULAR, 8.5,
                                               h->color_muted, AR_PDF_LEFT,
                                               lw - MM(1));
        ar_page_text(&c->pg, c->gm->left, c->pg.y, &ls,
                     kv[i].text ? kv[i].text
                                : ar_letter_expand_plain(
                                      c, &g->str[kv[i].label], &t));
        ar_pdf_style vs = ar_letter_text_style(
            kv[i].bold ? AR_PDF_BOLD : AR_PDF_REGULAR, 9, h->color_text,
            AR_PDF_LEFT, text_w - lw);
        for (size_t k = 0; k < nspans[i]; k++, c->pg.y += MM(3.9))
            ar_page_text_n(&c->pg, c->gm->left + lw, c->pg.y, &vs,
                           kv[i].value + spans[i][k].from,
                           spans[i][k].to - spans[i][k].from);
    }
    if (qr) {
        double qx = c->gm->right - QR_SIZE, qy = top - MM(4);
        if (c->pg.doc && qr->width)
            draw_qr(c, qr, qx, qy, QR_SIZE);
        if (c->st->proof)
            void_qr(c, qx, qy, QR_SIZE);
        ar_pdf_style ls = ar_letter_text_style(
            AR_PDF_REGULAR, AR_PDF_MIN_SIZE, h->color_muted, AR_PDF_CENTER,
            QR_SIZE + MM(4));
        for (size_t k = 0; k < nlabel; k++)
            ar_page_text_n(&c->pg, qx + QR_SIZE / 2,
                           qy + QR_SIZE + MM(2) + MM(3) * (double)k, &ls,
                           label.text + label_lines[k].from,
                           label_lines[k].to - label_lines[k].from);
        if (c->pg.y < qy + QR_SIZE + MM(4) + label_h)
            c->pg.y = qy + QR_SIZE + MM(4) + label_h;
    }
    c->pg.y += c->para_gap;
}
