/* letter_ctx.h - one dunning letter being laid out or drawn, as its
 * parts see it: letter.c (pages, paragraphs, closing), letter_text.c
 * (placeholders, the salutation, text expanded), letter_head.c (the
 * first page's head: address, information block, subject),
 * letter_items.c (the item table and totals), letter_payment.c (payment
 * instructions and the EPC QR code) and letter_marks.c (insert marks).
 * Nothing outside render/letters/ uses it.
 */
#ifndef AR_LETTER_CTX_H
#define AR_LETTER_CTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/render/letters/letter.h"
#include "ar/render/page/page.h"

#define AR_LETTER_MAX_LINES 160
#define AR_LETTER_COLS 8          /* item table columns at most */

/* Sizes (points) and steps. */
#define AR_LETTER_BODY_SIZE 10.0
#define AR_LETTER_BODY_STEP AR_PDF_MM(4.4)
#define AR_LETTER_PARA_GAP AR_PDF_MM(2.2)
#define AR_LETTER_TABLE_SIZE 8.3
#define AR_LETTER_TABLE_STEP AR_PDF_MM(4.5)
#define AR_LETTER_HEAD_STEP AR_PDF_MM(6.0)
#define AR_LETTER_QR_SIZE AR_PDF_MM(27)

/* Where the first page puts the recipient, the information block and
 * the subject, points from the top-left corner. */
typedef struct ar_letter_first {
    double win_x, win_y, win_w, win_h; /* the envelope window */
    double win_inset;                  /* the address's left edge in it */
    double ret_h;                      /* return-address zone in the window;
                                          0 = no return line */
    double info_x, info_label_w;
    double info_y;    /* first baseline of the info block */
    double subject_y; /* first baseline of the subject */
} ar_letter_first;

typedef struct ar_letter_ctx {
    ar_page pg; /* the counting-or-drawing page */
    const ar_letter_style *st;
    const ar_letter *l;
    const ar_lang *g;
    const ar_letterhead *h;
    const ar_bank_account *acct; /* the letter's currency's, NULL: none */
    const ar_page_geom *gm;
    const ar_letter_first *fp;
    /* the item table, labels in g's words; where its amounts are */
    ar_page_col cols[AR_LETTER_COLS];
    int ncols, col_original, col_open;
    ar_page_table table;
    ar_page_rich head[AR_LETTER_COLS], continues;
    const char *var[AR_VAR_COUNT_];
    char buf[AR_VAR_COUNT_][96];
    char contact[256]; /* the contact on one line */
    char contact_name[256], formal_name[256], salutation[256];
    const ar_ttext *salutation_text; /* strings.txt's, for this reader */
    double para_gap, body_step, row_step, sign_room; /* vertical spacing:
                                          tighter for ar_letter.tight */
    ar_page_rich scratch; /* one paragraph at a time */
    ar_page_span lines[AR_LETTER_MAX_LINES];
} ar_letter_ctx;

/* A style: face, size (points), colour 0xRRGGBB, alignment and the
 * widest it may be (points). */
static inline ar_pdf_style ar_letter_text_style(ar_pdf_face face, double size,
                                                uint32_t rgb,
                                                ar_pdf_align align,
                                                double max_width)
{
    return (ar_pdf_style){face, size, rgb, align, max_width};
}

/* Room for h more points below the cursor, else a new page. */
static inline bool ar_letter_ensure(ar_letter_ctx *c, double h)
{
    return ar_page_ensure(&c->pg, h);
}

/* Append t to r, its placeholders from c->var (cut at a character
 * boundary when r is full) (letter_text.c). */
void ar_letter_expand(const ar_letter_ctx *c, const ar_ttext *t,
                      ar_page_rich *r);

/* t expanded into r alone; returns r->text. */
const char *ar_letter_expand_plain(const ar_letter_ctx *c, const ar_ttext *t,
                                   ar_page_rich *r);

/* Every placeholder's value for c->l in c->g's formats, and the
 * salutation (c->salutation_text, c->salutation) for template t
 * (letter_text.c). */
void ar_letter_set_vars(ar_letter_ctx *c, const ar_template *t);

/* The first page's head below the letterhead (letter_head.c). */
void ar_letter_first_page_head(ar_letter_ctx *c);

/* The table of open items, credits and totals (letter_items.c). */
void ar_letter_items(ar_letter_ctx *c);

/* The payment instructions at the cursor: the account in the letter's
 * currency (never another's) or the policy's text instead, the creditor
 * reference and the amount; the EPC QR code beside them, voided in a
 * proof (letter_payment.c). */
void ar_letter_payment(ar_letter_ctx *c);

/* The insert marks of the page being finished, if it is a sheet's front
 * (letter_marks.c). */
void ar_letter_marks_draw(ar_letter_ctx *c);

#endif
