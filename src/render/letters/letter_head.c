/* letter_head.c - the head of a letter's first page below the
 * letterhead: the recipient in the envelope window, the information
 * block (date, reference, client number, contact; a VIP letter's
 * account manager and their direct line) and the subject.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/render/letters/letter_ctx.h"
#include "ar/render/page/format.h"

#define MM(x) AR_PDF_MM(x)

static void address_block(ar_letter_ctx *c)
{
    const ar_letter_first *fp = c->fp;
    const ar_letter *l = c->l;
    const ar_letterhead *h = c->h;
    double x = fp->win_x + fp->win_inset;
    double w = fp->win_w - (x - fp->win_x) - MM(3);
    double y0 = fp->win_y;
    if (fp->ret_h > 0) {
        ar_pdf_style s = ar_letter_text_style(AR_PDF_REGULAR, AR_PDF_MIN_SIZE,
                                              h->color_muted, AR_PDF_LEFT, w);
        ar_page_text(&c->pg, x, y0 + fp->ret_h - MM(3.2), &s, h->return_line);
        if (c->pg.doc) {
            double rw = ar_page_width(&c->pg, AR_PDF_REGULAR, AR_PDF_MIN_SIZE,
                                      h->return_line, strlen(h->return_line));
            if (rw > w)
                rw = w;
            ar_pdf_line(c->pg.doc, x, y0 + fp->ret_h - MM(2.4), x + rw,
                        y0 + fp->ret_h - MM(2.4), 0.3, h->color_muted);
        }
        y0 += fp->ret_h;
    }
    /* the recipient's lines: name, contact, street, postal line(s) in
     * the country's format, the country when abroad; a line break in a
     * field starts a line of its own */
    const ar_page_address a = {l->name,        l->contact, l->address1,
                               l->address2,    l->postal_code, l->city,
                               l->region,      l->country};
    ar_page_address_lines al;
    ar_page_address_format(c->st->layout, c->g, &a, h->country, &al);

    /* the largest size from 10 pt down to 7 pt at which the lines fit
     * the window. The name wraps to 3 lines at most, the contact to 2 and
     * each street line to 2, the last one shortened with an ellipsis when
     * more is left (#22 item 14); at 7 pt the contact gives way first (1
     * line, then none), then the name (2 lines), then the street lines'
     * second lines: the postal and country lines always print */
    double avail = fp->win_y + fp->win_h - y0 - MM(2);
    typedef struct piece {
        const char *text;
        size_t len;
    } piece;
    piece out[3 * AR_PAGE_ADDRESS_MAX];
    size_t n = 0;
    double size = 10, step = 0;
    ar_page_rich *r = &c->scratch;
    /* lines for the name, the contact (each in all), a street line */
    static const int caps[][3] = {
        {3, 2, 2}, {3, 1, 2}, {3, 0, 2}, {2, 0, 2}, {2, 0, 1}};
    size_t street_end = al.name_lines + al.contact_lines + al.street_lines;
    for (size_t try = 0;; size -= size > 7 ? 1 : 0) {
        const int *cap = caps[try];
        step = MM(size * 0.42);
        n = 0;
        int used[2] = {0, 0}; /* lines given to the name, the contact */
        for (size_t i = 0; i < al.count; i++) {
            const char *line = al.line[i];
            size_t len = strlen(line);
            int part = i < al.name_lines                      ? 0
                       : i < al.name_lines + al.contact_lines ? 1
                       : i < street_end                       ? 2
                                                              : -1;
            if (part < 0) {
                out[n++] = (piece){line, len};
                continue;
            }
            int room = part == 2 ? cap[2] : cap[part] - used[part];
            if (room <= 0)
                continue;
            r->len = len < AR_PAGE_RICH_MAX - 1 ? len : AR_PAGE_RICH_MAX - 1;
            memcpy(r->text, line, r->len);
            r->text[r->len] = '\0';
            memset(r->bold, 0, r->len);
            size_t nl = ar_page_rich_wrap(&c->pg, r, size, w, c->lines,
                                          AR_LETTER_MAX_LINES);
            for (size_t k = 0; k < nl && (int)k < room; k++) {
                /* the last line it may have takes the rest */
                size_t to = (int)k + 1 == room ? r->len : c->lines[k].to;
                out[n++] = (piece){line + c->lines[k].from,
                                   to - c->lines[k].from};
                if (part < 2)
                    used[part]++;
            }
        }
        if (MM(3.6) + (double)(n - 1) * step <= avail)
            break;
        if (size <= 7 && ++try == sizeof caps / sizeof *caps)
            break;
    }
    double y = y0 + MM(3.6) + (fp->ret_h > 0 ? 0 : MM(1));
    ar_pdf_style st = ar_letter_text_style(AR_PDF_REGULAR, size, h->color_text,
                                           AR_PDF_LEFT, w);
    for (size_t i = 0; i < n; i++, y += step)
        ar_page_text_n(&c->pg, x, y, &st, out[i].text, out[i].len);
}

static void info_block(ar_letter_ctx *c)
{
    const ar_page_geom *gm = c->gm;
    const ar_letter_first *fp = c->fp;
    const ar_lang *g = c->g;
    const ar_letter *l = c->l;
    const ar_letterhead *h = c->h;
    ar_page_rich r;
    /* a VIP letter names its account manager and their direct line */
    bool manager = l->vip && l->account_manager[0];
    const char *contact =
        manager ? l->account_manager
                : ar_letter_expand_plain(c, &g->str[AR_S_SIGNATURE_TEAM], &r);
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
    ar_pdf_style ls =
        ar_letter_text_style(AR_PDF_REGULAR, 7.5, h->color_muted, AR_PDF_LEFT,
                             fp->info_label_w - MM(1));
    ar_pdf_style vs = ar_letter_text_style(AR_PDF_REGULAR, 8.5, h->color_text,
                                           AR_PDF_LEFT, gm->right - vx);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        if (!rows[i].value[0])
            continue;
        ar_page_text(&c->pg, fp->info_x, y, &ls,
                     ar_letter_expand_plain(c, &g->str[rows[i].label], &r));
        /* #22 item 14: a value too wide even squeezed (an e-mail
         * address, a long reference) goes on two lines, broken after
         * '@', '.', '-', '/' or a blank, never shortened */
        const char *v = rows[i].value;
        size_t len = strlen(v), cut = len;
        if (ar_page_width(&c->pg, vs.face, vs.size, v, len) >
            vs.max_width / AR_PDF_MIN_SCALE) {
            /* after '@' first, then the last '.', '/' or blank, then '-'
             * (a hyphen at a line's end reads as a hyphenation) */
            size_t at = len, other = len, hyphen = len;
            for (size_t k = 1; k < len; k++) {
                if (!strchr("@.-/ ", v[k - 1]) ||
                    ar_page_width(&c->pg, vs.face, vs.size, v, k) >
                        vs.max_width)
                    continue;
                if (v[k - 1] == '@')
                    at = k;
                else if (v[k - 1] == '-')
                    hyphen = k;
                else
                    other = k;
            }
            cut = at < len ? at : other < len ? other : hyphen;
            if (cut == len) /* no such place: at the last character */
                for (cut = 1; cut < len &&
                              ar_page_width(&c->pg, vs.face, vs.size, v,
                                            cut + 1) <= vs.max_width;
                     cut++)
                    while (cut < len && (v[cut] & 0xC0) == 0x80)
                        cut++;
        }
        ar_page_text_n(&c->pg, vx, y, &vs, v, cut);
        if (cut < len) {
            y += MM(3.6);
            ar_page_text(&c->pg, vx, y, &vs, v + cut);
        }
        y += MM(4.2);
    }
}

void ar_letter_first_page_head(ar_letter_ctx *c)
{
    const ar_page_geom *gm = c->gm;
    ar_page_letterhead(&c->pg, c->st->logo);
    address_block(c);
    info_block(c);
    /* subject: bold, wrapped, in the primary colour */
    ar_page_rich *r = &c->scratch;
    r->len = 0;
    ar_letter_expand(
        c, &ar_lang_template(c->g, c->l->stage, c->l->vip)->subject, r);
    memset(r->bold, 1, r->len);
    size_t n = ar_page_rich_wrap(&c->pg, r, 12, gm->right - gm->left, c->lines,
                                 AR_LETTER_MAX_LINES);
    double y = c->fp->subject_y;
    for (size_t i = 0; i < n && i < 3; i++, y += MM(5.2))
        ar_page_rich_text(&c->pg, gm->left, y, r, c->lines[i].from,
                          c->lines[i].to, 12, c->h->color_primary);
    c->pg.y = y + MM(4);
}
