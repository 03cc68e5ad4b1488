/* pdf_draw.c - what a page shows: text, rules, boxes, QR and DataMatrix
 * cells, images and the proof watermark, written as PDF operators into
 * the page's buffer (pdf.c hands it to libharu, deflated, when the page
 * is done).
 *
 * Each libharu operator goes through a cleared 512-byte buffer, prints
 * five decimals and, for text, measures the text again; a letter has
 * hundreds of operators. So a page's content is written here; libharu
 * only registers the fonts and images a page uses (their names are
 * numbered per page in the order of first use) and never draws, so its
 * own graphics state stays at rest.
 */
#include <hpdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ar/base/utf8.h"
#include "ar/pdf/pdf.h"
#include "ar/pdf/pdf_internal.h"

#define MAX_TEXT_BYTES 4096 /* one drawn text, at most */

typedef ar_pdf_ops ops;

static void ops_need(ops *o, size_t n)
{
    ar_xgrow((void **)&o->buf, &o->cap, o->len + n, 1);
}

static void ops_str(ops *o, const char *s)
{
    size_t n = strlen(s);
    ops_need(o, n);
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

/* v with up to 3 decimals, trailing zeros dropped, and a space. */
static void ops_num(ops *o, double v)
{
    ops_need(o, 32);
    char *w = o->buf + o->len;
    long long m = (long long)(v * 1000 + (v < 0 ? -0.5 : 0.5));
    if (m < 0) {
        *w++ = '-';
        m = -m;
    }
    long long ip = m / 1000;
    int frac = (int)(m % 1000);
    char tmp[24];
    int n = 0;
    do
        tmp[n++] = (char)('0' + ip % 10);
    while ((ip /= 10) > 0);
    while (n > 0)
        *w++ = tmp[--n];
    if (frac) {
        *w++ = '.';
        *w++ = (char)('0' + frac / 100);
        if (frac % 100) {
            *w++ = (char)('0' + frac / 10 % 10);
            if (frac % 10)
                *w++ = (char)('0' + frac % 10);
        }
    }
    *w++ = ' ';
    o->len = (size_t)(w - o->buf);
}

/* A colour operator: DeviceGray for a grey (black text is black ink
 * only, not three inks a mono printer screens), else DeviceRGB. */
static void ops_color(ops *o, uint32_t rgb, bool stroke)
{
    unsigned r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
    if (r == g && g == b) {
        ops_num(o, r / 255.0);
        ops_str(o, stroke ? "G\n" : "g\n");
        return;
    }
    ops_num(o, r / 255.0);
    ops_num(o, g / 255.0);
    ops_num(o, b / 255.0);
    ops_str(o, stroke ? "RG\n" : "rg\n");
}

static void set_fill(ar_pdf *p, uint32_t rgb)
{
    if (p->fill_set && p->fill == rgb)
        return;
    p->fill_set = true;
    p->fill = rgb;
    ops_color(&p->ops, rgb, false);
}

/* Tf for font at size, unless it is set: text state outlives ET. */
static bool set_font(ar_pdf *p, ops *o, void *font, double size)
{
    const char *name = font ? HPDF_Page_GetLocalFontName(p->page, font)
                            : NULL;
    if (!name)
        return false;
    if (font != p->cur_font || size != p->cur_size) {
        ops_str(o, "/");
        ops_str(o, name);
        ops_str(o, " ");
        ops_num(o, size);
        ops_str(o, "Tf\n");
        p->cur_font = font;
        p->cur_size = size;
    }
    return true;
}

static const char hexdig[] = "0123456789ABCDEF";

/* The run s[0..end) that font fi sets by glyph id, as one Tj. */
static void show_glyphs(ar_pdf *p, ops *o, int fi, double size,
                        const char *s, const char *end)
{
    const ar_font *font = p->fonts->font[fi];
    void *obj = NULL;
    for (const char *r = s; r < end;)
        obj = ar_pdf_cid_font(p, fi, ar_utf8_next(&r));
    if (!set_font(p, o, obj, size))
        return;
    ops_need(o, 2 * (size_t)(end - s) + 8);
    char *w = o->buf + o->len;
    *w++ = '<';
    for (const char *r = s; r < end;) {
        unsigned gid = ar_font_glyph(font, ar_utf8_next(&r));
        for (int k = 12; k >= 0; k -= 4)
            *w++ = hexdig[(gid >> k) & 15];
    }
    memcpy(w, ">Tj\n", 4);
    o->len = (size_t)(w + 4 - o->buf);
}

/* The runs of s[0..len) as Tf/Tj operators into o. */
static void show_runs(ar_pdf *p, ops *o, ar_pdf_face face, double size,
                      const char *s, size_t len)
{
    const ar_pdf_fonts *f = p->fonts;
    const char *end = s + len;
    while (s < end && *s) {
        /* a run: one font, the longest stretch one encoding covers */
        const char *q = s;
        uint32_t cp = ar_utf8_next(&q);
        int fi = ar_pdf_font_for(f, face, cp);
        if (fi < 0) {
            if (!p->bad_cp)
                p->bad_cp = cp;
            s = q;
            continue;
        }
        const char *run_end = q;
        if (fi >= AR_PDF_CID) {
            while (run_end < end && *run_end) {
                const char *r = run_end;
                if (ar_pdf_font_for(f, face, ar_utf8_next(&r)) != fi)
                    break;
                run_end = r;
            }
            show_glyphs(p, o, fi - AR_PDF_CID, size, s, run_end);
            s = run_end;
            continue;
        }
        uint16_t mask = f->mask[cp];
        while (run_end < end && *run_end) {
            const char *r = run_end;
            uint32_t c = ar_utf8_next(&r);
            if (c >= 65536 || !(mask & f->mask[c]) ||
                ar_pdf_font_for(f, face, c) != fi)
                break;
            mask &= f->mask[c];
            run_end = r;
        }
        size_t enc = 0;
        while (!(mask & (1u << enc)))
            enc++;
        if (!set_font(p, o, ar_pdf_simple_font(p, fi, enc), size)) {
            s = run_end;
            continue;
        }
        ops_need(o, 4 * (size_t)(run_end - s) + 8);
        char *w = o->buf + o->len;
        *w++ = '(';
        for (const char *r = s; r < run_end;) {
            unsigned char b = f->code[enc][ar_utf8_next(&r)];
            if (b == '(' || b == ')' || b == '\\') {
                *w++ = '\\';
                *w++ = (char)b;
            } else if (b < 0x20 || b > 0x7E) {
                *w++ = '\\';
                *w++ = (char)('0' + (b >> 6));
                *w++ = (char)('0' + ((b >> 3) & 7));
                *w++ = (char)('0' + (b & 7));
            } else {
                *w++ = (char)b;
            }
        }
        memcpy(w, ")Tj\n", 4);
        o->len = (size_t)(w + 4 - o->buf);
        s = run_end;
    }
}

void ar_pdf_text_n(ar_pdf *p, double x, double y, const ar_pdf_style *st,
                   const char *utf8, size_t len)
{
    if (!p->page_open || len == 0)
        return;
    /* No line of a page holds more than a few hundred characters, and the
     * PDF library refuses a string over 64 KiB: a hostile 2 MB name is cut
     * (at a character boundary) rather than failing the whole document. */
    if (len > MAX_TEXT_BYTES) {
        len = MAX_TEXT_BYTES;
        while (len > 0 && ((unsigned char)utf8[len] & 0xC0) == 0x80)
            len--;
    }
    double w = 0, scale = 1;
    if (st->align != AR_PDF_LEFT || st->max_width > 0)
        w = ar_pdf_width(p->fonts, st->face, st->size, utf8, len);
    if (st->max_width > 0 && w > st->max_width) {
        /* the page layout shortens what would go narrower */
        scale = st->max_width / w;
        if (scale < AR_PDF_MIN_SCALE)
            scale = AR_PDF_MIN_SCALE;
        w *= scale;
    }
    if (st->align == AR_PDF_RIGHT)
        x -= w;
    else if (st->align == AR_PDF_CENTER)
        x -= w / 2;
    set_fill(p, st->rgb);
    ops *o = &p->ops;
    ops_str(o, "BT\n");
    if (scale < 1) {
        ops_num(o, scale * 100);
        ops_str(o, "Tz\n");
    }
    ops_num(o, x);
    ops_num(o, p->page_h - y);
    ops_str(o, "Td\n");
    show_runs(p, o, st->face, st->size, utf8, len);
    ops_str(o, scale < 1 ? "100 Tz\nET\n" : "ET\n");
}

void ar_pdf_text(ar_pdf *p, double x, double y, const ar_pdf_style *st,
                 const char *utf8)
{
    ar_pdf_text_n(p, x, y, st, utf8, strlen(utf8));
}

void ar_pdf_box(ar_pdf *p, double x, double y, double w, double h,
                uint32_t rgb)
{
    double r[4] = {x, y, w, h};
    ar_pdf_boxes(p, r, 1, rgb);
}

void ar_pdf_boxes(ar_pdf *p, const double *xywh, size_t n, uint32_t rgb)
{
    if (!p->page_open || n == 0)
        return;
    set_fill(p, rgb);
    for (size_t i = 0; i < n; i++, xywh += 4) {
        ops_num(&p->ops, xywh[0]);
        ops_num(&p->ops, p->page_h - xywh[1] - xywh[3]);
        ops_num(&p->ops, xywh[2]);
        ops_num(&p->ops, xywh[3]);
        ops_str(&p->ops, "re\n");
    }
    ops_str(&p->ops, "f\n");
}

static char *put_uint(char *w, int v)
{
    char tmp[12];
    int n = 0;
    do
        tmp[n++] = (char)('0' + v % 10);
    while ((v /= 10) > 0);
    while (n > 0)
        *w++ = tmp[--n];
    return w;
}

void ar_pdf_grid(ar_pdf *p, double x, double y, double unit,
                 const int *xywh, size_t n, uint32_t rgb)
{
    if (!p->page_open || n == 0)
        return;
    /* whole numbers in a scaled, y-down system, between q and Q */
    set_fill(p, rgb);
    ops *o = &p->ops;
    ops_str(o, "q\n");
    double m[6] = {unit, 0, 0, -unit, x, p->page_h - y};
    for (int i = 0; i < 6; i++)
        ops_num(o, m[i]);
    ops_str(o, "cm\n");
    ops_need(o, n * 4 * 12 + 8);
    char *w = o->buf + o->len;
    for (size_t i = 0; i < n; i++, xywh += 4) {
        for (int k = 0; k < 4; k++) {
            w = put_uint(w, xywh[k] < 0 ? 0 : xywh[k]);
            *w++ = ' ';
        }
        memcpy(w, "re\n", 3);
        w += 3;
    }
    memcpy(w, "f\nQ\n", 4);
    o->len = (size_t)(w + 4 - o->buf);
}

void ar_pdf_modules(ar_pdf *p, double x, double y, double unit,
                    const unsigned char *dark, int rows, int cols,
                    uint32_t rgb)
{
    if (!p->page_open || rows <= 0 || cols <= 0)
        return;
    size_t cells = (size_t)rows * (size_t)cols, n = 0;
    int *boxes = ar_xmalloc(cells * 4 * sizeof *boxes);
    unsigned char *done = ar_xcalloc(cells, 1);
#define FREE_DARK(r, k) (dark[(r)*cols + (k)] && !done[(r)*cols + (k)])
    for (int r = 0; r < rows; r++)
        for (int k = 0; k < cols; k++) {
            if (!FREE_DARK(r, k))
                continue;
            int e = k;
            while (e < cols && FREE_DARK(r, e))
                e++;
            int h = 1;
            for (bool same = true; r + h < rows && same; h += same)
                for (int i = k; i < e && same; i++)
                    same = FREE_DARK(r + h, i);
            for (int j = r; j < r + h; j++)
                memset(done + (size_t)j * (size_t)cols + (size_t)k, 1,
                       (size_t)(e - k));
            int *b = boxes + 4 * n++;
            b[0] = k;
            b[1] = r;
            b[2] = e - k;
            b[3] = h;
            k = e - 1;
        }
#undef FREE_DARK
    ar_pdf_grid(p, x, y, unit, boxes, n, rgb);
    free(done);
    free(boxes);
}

void ar_pdf_line(ar_pdf *p, double x1, double y1, double x2, double y2,
                 double width, uint32_t rgb)
{
    if (!p->page_open)
        return;
    ops *o = &p->ops;
    ops_color(o, rgb, true);
    ops_num(o, width);
    ops_str(o, "w\n");
    ops_num(o, x1);
    ops_num(o, p->page_h - y1);
    ops_str(o, "m\n");
    ops_num(o, x2);
    ops_num(o, p->page_h - y2);
    ops_str(o, "l\nS\n");
}

void ar_pdf_image_draw(ar_pdf *p, const ar_pdf_image *img, double x,
                       double y, double w, double h)
{
    if (!p->page_open)
        return;
    HPDF_Image xo = ar_pdf_doc_image(p, img);
    const char *name = xo ? HPDF_Page_GetXObjectName(p->page, xo) : NULL;
    if (!name)
        return;
    ops *o = &p->ops;
    ops_str(o, "q\n");
    double m[6] = {w, 0, 0, h, x, p->page_h - y - h};
    for (int i = 0; i < 6; i++)
        ops_num(o, m[i]);
    ops_str(o, "cm\n/");
    ops_str(o, name);
    ops_str(o, " Do\nQ\n");
}

void ar_pdf_watermark(ar_pdf *p, const char *utf8, ar_pdf_face face)
{
    if (!p->page_open)
        return;
    double pw = HPDF_Page_GetWidth(p->page), ph = p->page_h;
    double angle = atan2(ph, pw);
    double c = cos(angle), s = sin(angle);
    size_t len = strlen(utf8);
    /* as large as fits along the diagonal, with a margin */
    double unit = ar_pdf_width(p->fonts, face, 1, utf8, len);
    double size = unit > 0 ? 0.6 * sqrt(pw * pw + ph * ph) / unit : 72;
    if (size > 160)
        size = 160;
    double w = unit * size, h = ar_pdf_ascent(p->fonts, face, size) * 0.7;
    /* origin so that the text's centre is the page's centre */
    double x0 = pw / 2 - (c * w / 2 - s * h / 2);
    double y0 = ph / 2 - (s * w / 2 + c * h / 2);
    set_fill(p, 0xE2E2E2);
    ops *o = &p->ops;
    ops_str(o, "BT\n");
    double m[6] = {c, s, -s, c, x0, y0};
    for (int i = 0; i < 6; i++)
        ops_num(o, m[i]);
    ops_str(o, "Tm\n");
    show_runs(p, o, face, size, utf8, len);
    ops_str(o, "ET\n");
}
