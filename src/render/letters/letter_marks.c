/* letter_marks.c - insert marks for a mailing house's folding and
 * inserting machine (#19, policy [letters] insert_marks): on the front of
 * every sheet of a letter, in the zone the policy sets, what the machine
 * needs to collate one letter's sheets into one envelope: the sheet's
 * number within the letter and whether it is the last (end of set).
 * Nothing in them depends on the batch: a letter's PDF is the same
 * whichever batch it is printed in.
 *
 * OMR: dashes 1/6 inch apart, each present or not: start (always), end
 * of set (the letter's last sheet), the sheet's number modulo 8 in three
 * marks (1, 2, 4: the machine sees a sheet missing or out of order),
 * parity (the marks add up to an even number) and stop (always).
 * Data Matrix: "NN/MMF", sheet NN of MM, F = E on the last sheet, else C.
 */
#include <stdio.h>

#include "ar/render/letters/letter_ctx.h"

#define MM(x) AR_PDF_MM(x)

#define OMR_PITCH (72.0 / 6)   /* 1/6 inch */
#define OMR_LINE MM(0.5)
#define OMR_LENGTH MM(10)
#define DMTX_MODULE MM(0.5)

static void omr(ar_letter_ctx *c, int n, bool last)
{
    const ar_letter_marks *mk = &c->st->marks;
    bool on[7] = {true, last, n & 1, (n >> 1) & 1, (n >> 2) & 1, false,
                  true};
    int count = 0;
    for (int i = 0; i < 7; i++)
        count += on[i];
    on[5] = count % 2 == 1;
    double pitch = OMR_PITCH;
    if (6 * pitch + OMR_LINE > mk->h)
        pitch = (mk->h - OMR_LINE) / 6;
    double len = mk->w < OMR_LENGTH ? mk->w : OMR_LENGTH;
    for (int i = 0; i < 7; i++)
        if (on[i])
            ar_pdf_box(c->pg.doc, mk->x, mk->y + i * pitch, len, OMR_LINE,
                       0x000000);
}

static void datamatrix(ar_letter_ctx *c, int n, int m)
{
    const ar_letter_marks *mk = &c->st->marks;
    if (m > mk->max_sheets)
        return;
    const ar_dmtx *s = mk->symbols[m * (m - 1) / 2 + n - 1];
    if (!s)
        return;
    /* a module of 0.5 mm, smaller when the zone is: one module of quiet
     * zone around the symbol, inside the zone */
    double side = mk->w < mk->h ? mk->w : mk->h;
    double unit = side / (s->cols + 2);
    if (unit > DMTX_MODULE)
        unit = DMTX_MODULE;
    ar_pdf_modules(c->pg.doc, mk->x + unit, mk->y + unit, unit, s->dark,
                   s->rows, s->cols, 0x000000);
}

void ar_letter_marks_draw(ar_letter_ctx *c)
{
    const ar_letter_marks *mk = &c->st->marks;
    if (mk->kind == AR_MARKS_NONE || !c->pg.doc)
        return;
    int page = c->pg.page, pages = c->pg.pages;
    if (mk->duplex && page % 2 == 0)
        return; /* the back of a sheet */
    int n = mk->duplex ? (page + 1) / 2 : page;
    int m = mk->duplex ? (pages + 1) / 2 : pages;
    if (mk->kind == AR_MARKS_OMR)
        omr(c, n, n == m);
    else
        datamatrix(c, n, m);
}

void ar_letter_mark_text(int n, int m, char out[8])
{
    snprintf(out, 8, "%02u/%02u%c", (unsigned)n % 100u, (unsigned)m % 100u,
             n == m ? 'E' : 'C');
}
