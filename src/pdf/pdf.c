/* pdf.c - documents, pages, text, rules, images, batches and saving: the
 * one file that builds libharu documents (fonts: pdf_fonts.c; the logo:
 * pdf_image.c).
 *
 * Speed. libharu formats every operator through a cleared buffer and
 * compresses every stream at zlib's default level when it saves. Here
 * text objects and QR cells are written into the content stream directly,
 * page contents are deflated at level 1 (about as small for operators,
 * several times faster), the logo is the PNG's own deflate stream, the
 * font programs are the run's subsets loaded from memory and deflated once
 * a run, and a batch copies its letters' finished pages instead of drawing
 * them again. These reach into libharu's structures (installed headers of
 * 2.3.0); the e2e test renders a batch page against its letter to hold
 * them true.
 *
 * Errors: the handler only records libharu's first error code (no
 * longjmp); ar_pdf_status and ar_pdf_save report it.
 */
#include "ar/pdf/pdf.h"

#include <hpdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "ar/base/utf8.h"
#include "ar/pdf/pdf_internal.h"

#define MAX_TEXT_BYTES 4096 /* one drawn text, at most */
#define MAX_IMAGES 4

struct ar_pdf {
    const ar_pdf_fonts *fonts;
    HPDF_Doc doc;
    HPDF_Page page;
    double page_h;
    int pages;
    HPDF_STATUS error, detail;   /* first libharu error */
    uint32_t bad_cp;             /* an undrawable character was drawn */
    /* graphics state already set on the page: skipping repeats keeps
     * the content stream (and its compression) small */
    bool fill_set;
    uint32_t fill;
    HPDF_Font cur_font;
    double cur_size;
    struct ops {                 /* the current page's content */
        char *buf;
        size_t len, cap;
    } ops;
    bool page_open;              /* ops not yet handed to the page */
    HPDF_Page *page_list;        /* every page */
    unsigned char **page_z;      /* its content, deflated (NULL: a copy) */
    size_t *page_zlen;
    size_t page_cap;
    struct cursor {              /* a font program libharu reads */
        const unsigned char *data;
        size_t len, pos;
    } cursor[AR_PDF_FONT_COUNT_];
    const char *font_name[AR_PDF_FONT_COUNT_];
    HPDF_Font hfont[AR_PDF_FONT_COUNT_][AR_PDF_ENC_COUNT];
    bool widths_done[AR_PDF_FONT_COUNT_][AR_PDF_ENC_COUNT];
    const ar_pdf_image *img_src[MAX_IMAGES];
    HPDF_Image img[MAX_IMAGES];
};

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
    ar_pdf *p = user;
    if (p && !p->error) {
        p->error = error;
        p->detail = detail;
    }
}

/* ---- documents -------------------------------------------------------- */

ar_pdf *ar_pdf_new(const ar_pdf_fonts *fonts)
{
    ar_pdf *p = ar_xcalloc(1, sizeof *p);
    p->fonts = fonts;
    /* no memory pool: libharu's pool hands out unaligned blocks */
    p->doc = HPDF_New(on_error, p);
    if (!p->doc) {
        fprintf(stderr, "arbatch: out of memory (PDF document)\n");
        abort();
    }
    HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
    return p;
}

void ar_pdf_free(ar_pdf *p)
{
    if (!p)
        return;
    HPDF_Free(p->doc);
    for (int i = 0; i < p->pages; i++)
        free(p->page_z[i]);
    free(p->page_z);
    free(p->page_zlen);
    free(p->page_list);
    free(p->ops.buf);
    free(p);
}

static HPDF_STATUS write_flate_filter(HPDF_Dict obj, HPDF_Stream out)
{
    (void)obj;
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* Give page a content stream of finished FlateDecode data. */
static void set_content(HPDF_Page page, const unsigned char *z, size_t len)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    HPDF_MemStream_FreeData(attr->stream);
    HPDF_Stream_Write(attr->stream, z, (HPDF_UINT)len);
    attr->contents->filter = HPDF_STREAM_FILTER_NONE;
    attr->contents->write_fn = write_flate_filter;
}

/* Hand the current page's operators to libharu, deflated at level 1. */
static void finish_page(ar_pdf *p)
{
    if (!p->page_open)
        return;
    p->page_open = false;
    uLongf n = compressBound(p->ops.len);
    unsigned char *z = ar_xmalloc(n);
    if (compress2(z, &n, (const unsigned char *)p->ops.buf, p->ops.len,
                  Z_BEST_SPEED) != Z_OK) {
        fprintf(stderr, "arbatch: out of memory (deflate)\n");
        abort();
    }
    set_content(p->page, z, n);
    p->page_z[p->pages - 1] = z;
    p->page_zlen[p->pages - 1] = n;
    p->ops.len = 0;
}

static void new_page(ar_pdf *p, double width, double height)
{
    finish_page(p);
    p->page = HPDF_AddPage(p->doc);
    if (!p->page)
        return;
    HPDF_Page_SetWidth(p->page, (HPDF_REAL)width);
    HPDF_Page_SetHeight(p->page, (HPDF_REAL)height);
    p->page_h = height;
    size_t cap = p->page_cap;
    ar_xgrow((void **)&p->page_list, &cap, (size_t)p->pages + 1,
             sizeof *p->page_list);
    cap = p->page_cap;
    ar_xgrow((void **)&p->page_z, &cap, (size_t)p->pages + 1,
             sizeof *p->page_z);
    ar_xgrow((void **)&p->page_zlen, &p->page_cap, (size_t)p->pages + 1,
             sizeof *p->page_zlen);
    p->page_list[p->pages] = p->page;
    p->page_z[p->pages] = NULL;
    p->page_zlen[p->pages] = 0;
    p->pages++;
    p->fill_set = false;
    p->cur_font = NULL;
}

void ar_pdf_add_page(ar_pdf *p, double width, double height)
{
    new_page(p, width, height);
    p->page_open = p->page != NULL;
}

int ar_pdf_page_count(const ar_pdf *p) { return p->pages; }

/* The font descriptor with its FontFile2, made here the way libharu
 * makes it when it saves, but holding the run's font program deflated
 * once: libharu would rebuild and deflate the program for every
 * document. Set on the definition, libharu uses it as it is. */
static bool make_descriptor(ar_pdf *p, HPDF_FontDef def, int fi)
{
    HPDF_Doc pdf = p->doc;
    HPDF_TTFontDefAttr attr = (HPDF_TTFontDefAttr)def->attr;
    HPDF_Dict desc = HPDF_Dict_New(pdf->mmgr);
    HPDF_Dict file = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!desc || !file || HPDF_Xref_Add(pdf->xref, desc) != HPDF_OK)
        return false;
    HPDF_STATUS ret = 0;
    ret += HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
    ret += HPDF_Dict_AddNumber(desc, "Ascent", def->ascent);
    ret += HPDF_Dict_AddNumber(desc, "Descent", def->descent);
    ret += HPDF_Dict_AddNumber(desc, "CapHeight", def->cap_height);
    ret += HPDF_Dict_AddNumber(desc, "Flags", (HPDF_INT32)def->flags);
    ret += HPDF_Dict_Add(desc, "FontBBox",
                         HPDF_Box_Array_New(pdf->mmgr, def->font_bbox));
    ret += HPDF_Dict_AddName(desc, "FontName", attr->base_font);
    ret += HPDF_Dict_AddNumber(desc, "ItalicAngle", def->italic_angle);
    ret += HPDF_Dict_AddNumber(desc, "StemV", def->stemv);
    ret += HPDF_Dict_AddNumber(desc, "XHeight", def->x_height);
    size_t zlen;
    const unsigned char *z =
        ar_pdf_fonts_deflated((ar_pdf_fonts *)p->fonts, fi, &zlen);
    ret += HPDF_Stream_Write(file->stream, z, (HPDF_UINT)zlen);
    file->filter = HPDF_STREAM_FILTER_NONE;
    file->write_fn = write_flate_filter;
    ret += HPDF_Dict_AddNumber(file, "Length1",
                               (HPDF_INT32)p->fonts->embed_len[fi]);
    ret += HPDF_Dict_Add(desc, "FontFile2", file);
    if (ret != HPDF_OK)
        return false;
    def->descriptor = desc;
    return true;
}

/* A font program in memory as a libharu stream (no copy). */
static HPDF_STATUS cursor_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *siz)
{
    struct cursor *c = s->attr;
    size_t n = c->len - c->pos < *siz ? c->len - c->pos : *siz;
    memcpy(ptr, c->data + c->pos, n);
    c->pos += n;
    if (n < *siz) {
        *siz = (HPDF_UINT)n;
        return HPDF_STREAM_EOF;
    }
    return HPDF_OK;
}

static HPDF_STATUS cursor_seek(HPDF_Stream s, HPDF_INT pos,
                               HPDF_WhenceMode mode)
{
    struct cursor *c = s->attr;
    long base = mode == HPDF_SEEK_CUR ? (long)c->pos
              : mode == HPDF_SEEK_END ? (long)c->len : 0;
    if (base + pos < 0 || base + pos > (long)c->len)
        return HPDF_SetError(s->error, HPDF_FILE_IO_ERROR, 0);
    c->pos = (size_t)(base + pos);
    return HPDF_OK;
}

static HPDF_INT32 cursor_tell(HPDF_Stream s)
{
    return (HPDF_INT32)((struct cursor *)s->attr)->pos;
}

static HPDF_UINT32 cursor_size(HPDF_Stream s)
{
    return (HPDF_UINT32)((struct cursor *)s->attr)->len;
}

/* Load font fi into the document from memory. HPDF_LoadTTFontFromFile
 * reads through stdio with a seek per table and glyph (hundreds of
 * system calls a letter); this is the same steps on a memory stream,
 * including the subset tag ("HPDFAA+") it gives each embedded font. */
static const char *load_font(ar_pdf *p, int fi)
{
    HPDF_Doc pdf = p->doc;
    struct cursor *cur = &p->cursor[fi];
    *cur = (struct cursor){p->fonts->embed[fi], p->fonts->embed_len[fi], 0};
    HPDF_Stream s = HPDF_CallbackReader_New(pdf->mmgr, cursor_read,
                                            cursor_seek, cursor_tell,
                                            cursor_size, cur);
    if (!s)
        return NULL;
    HPDF_FontDef def = HPDF_TTFontDef_Load(pdf->mmgr, s, HPDF_TRUE);
    if (!def) /* the stream is the definition's from here on */
        return NULL;
    HPDF_FontDef same = HPDF_Doc_FindFontDef(pdf, def->base_font);
    if (same) { /* the fallback is one of the faces */
        HPDF_FontDef_Free(def);
        return same->base_font;
    }
    if (HPDF_Doc_RegisterFontDef(pdf, def) != HPDF_OK)
        return NULL;
    if (pdf->ttfont_tag[0] == 0) {
        memcpy(pdf->ttfont_tag, "HPDFAA", 6);
    } else {
        for (int i = 5; i >= 0; i--) {
            if (++pdf->ttfont_tag[i] <= 'Z')
                break;
            pdf->ttfont_tag[i] = 'A';
        }
    }
    HPDF_TTFontDef_SetTagName(def, (char *)pdf->ttfont_tag);
    if (!make_descriptor(p, def, fi))
        return NULL;
    return def->base_font;
}

/* The font object for (font, encoding), loading the font into this
 * document the first time it is needed. */
static HPDF_Font hfont(ar_pdf *p, int fi, size_t enc)
{
    if (p->hfont[fi][enc])
        return p->hfont[fi][enc];
    if (!p->font_name[fi]) {
        p->font_name[fi] = load_font(p, fi);
        if (!p->font_name[fi])
            return NULL;
    }
    HPDF_Font font = HPDF_GetFont(p->doc, p->font_name[fi],
                                  ar_pdf_encodings[enc]);
    p->hfont[fi][enc] = font;
    return font;
}

/* ---- drawing: operators written here --------------------------------
 *
 * Each libharu operator goes through a cleared 512-byte buffer, prints
 * five decimals and, for text, measures the text again; a letter has
 * hundreds of operators. So a page's content is written here into one
 * buffer and handed to libharu deflated when the page is done; libharu
 * only registers the fonts and images a page uses (their names are
 * numbered per page in the order of first use) and never draws, so its
 * own graphics state stays at rest. */

typedef struct ops ops;

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

static void ops_rgb(ops *o, uint32_t rgb, const char *op)
{
    ops_num(o, ((rgb >> 16) & 255) / 255.0);
    ops_num(o, ((rgb >> 8) & 255) / 255.0);
    ops_num(o, (rgb & 255) / 255.0);
    ops_str(o, op);
}

static void set_fill(ar_pdf *p, uint32_t rgb)
{
    if (p->fill_set && p->fill == rgb)
        return;
    p->fill_set = true;
    p->fill = rgb;
    ops_rgb(&p->ops, rgb, "rg\n");
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
        uint16_t mask = f->mask[cp];
        const char *run_end = q;
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
        HPDF_Font font = hfont(p, fi, enc);
        const char *name = font ? HPDF_Page_GetLocalFontName(p->page, font)
                                : NULL;
        if (!name) {
            s = run_end;
            continue;
        }
        /* Tf is text state: it outlives ET, so set it only on change */
        if (font != p->cur_font || size != p->cur_size) {
            ops_str(o, "/");
            ops_str(o, name);
            ops_str(o, " ");
            ops_num(o, size);
            ops_str(o, "Tf\n");
            p->cur_font = font;
            p->cur_size = size;
        }
        ops_need(o, 5 * (size_t)(run_end - s) + 8);
        char *w = o->buf + o->len;
        /* the codes themselves go to the end of the buffer first: libharu
         * writes a font's Widths for the codes it has measured */
        unsigned char *codes = (unsigned char *)o->buf + o->cap -
                               (size_t)(run_end - s);
        size_t nc = 0;
        for (const char *r = s; r < run_end;)
            codes[nc++] = f->code[enc][ar_utf8_next(&r)];
        HPDF_Font_TextWidth(font, codes, (HPDF_UINT)nc);
        *w++ = '(';
        for (size_t k = 0; k < nc; k++) {
            unsigned char b = codes[k];
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
        scale = st->max_width / w;
        w = st->max_width;
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

void ar_pdf_line(ar_pdf *p, double x1, double y1, double x2, double y2,
                 double width, uint32_t rgb)
{
    if (!p->page_open)
        return;
    ops *o = &p->ops;
    ops_rgb(o, rgb, "RG\n");
    ops_num(o, width);
    ops_str(o, "w\n");
    ops_num(o, x1);
    ops_num(o, p->page_h - y1);
    ops_str(o, "m\n");
    ops_num(o, x2);
    ops_num(o, p->page_h - y2);
    ops_str(o, "l\nS\n");
}

/* The image XObject of img in this document, made on first use: the
 * PNG's own deflate stream in place of the pixels; libharu drops a
 * Filter entry of an unfiltered stream, so the entry is written by the
 * dictionary's write hook. */
static HPDF_Image doc_image(ar_pdf *p, const ar_pdf_image *img)
{
    size_t k = 0;
    while (k < MAX_IMAGES && p->img_src[k] && p->img_src[k] != img)
        k++;
    if (k == MAX_IMAGES)
        return NULL;
    if (p->img_src[k] == img)
        return p->img[k];
    /* made from one pixel, then given the real size and data */
    static const HPDF_BYTE pixel[3] = {0, 0, 0};
    HPDF_Image xo = HPDF_LoadRawImageFromMem(
        p->doc, pixel, 1, 1,
        img->rgb ? HPDF_CS_DEVICE_RGB : HPDF_CS_DEVICE_GRAY, 8);
    if (!xo || xo->write_fn)
        return NULL;
    HPDF_Dict parms = HPDF_Dict_New(xo->mmgr);
    HPDF_Dict_AddNumber(xo, "Width", (HPDF_INT32)img->width);
    HPDF_Dict_AddNumber(xo, "Height", (HPDF_INT32)img->height);
    HPDF_MemStream_FreeData(xo->stream);
    HPDF_Stream_Write(xo->stream, img->idat, (HPDF_UINT)img->idat_len);
    xo->filter = HPDF_STREAM_FILTER_NONE;
    xo->write_fn = write_flate_filter;
    HPDF_Dict_AddNumber(parms, "Predictor", 15);
    HPDF_Dict_AddNumber(parms, "Colors", img->rgb ? 3 : 1);
    HPDF_Dict_AddNumber(parms, "BitsPerComponent", 8);
    HPDF_Dict_AddNumber(parms, "Columns", (HPDF_INT32)img->width);
    HPDF_Dict_Add(xo, "DecodeParms", parms);
    p->img_src[k] = img;
    p->img[k] = xo;
    return xo;
}

void ar_pdf_image_draw(ar_pdf *p, const ar_pdf_image *img, double x,
                       double y, double w, double h)
{
    if (!p->page_open)
        return;
    HPDF_Image xo = doc_image(p, img);
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

/* The key of the i-th resource of dict, and its object (through the
 * proxy that holds an indirect object). */
static const char *resource_at(HPDF_Dict dict, HPDF_UINT i, void **obj)
{
    HPDF_DictElement e = HPDF_List_ItemAt(dict->list, i);
    HPDF_Obj_Header *h = e->value;
    *obj = h->obj_class == HPDF_OCLASS_PROXY ? ((HPDF_Proxy)e->value)->obj
                                            : e->value;
    return e->key;
}

/* A resource registered on the copy got the name it has on the
 * original (names are numbered per page in the order of first use, so
 * registering in the same order gives the same names). */
static bool same_key(const char *want, const char *got)
{
    return got && strcmp(want, got) == 0;
}

bool ar_pdf_append(ar_pdf *dst, ar_pdf *src)
{
    finish_page(src);
    finish_page(dst);
    for (int i = 0; i < src->pages; i++) {
        HPDF_Page sp = src->page_list[i];
        HPDF_PageAttr sa = (HPDF_PageAttr)sp->attr;
        if (!src->page_z[i])
            return false; /* only drawn pages are copied */
        new_page(dst, HPDF_Page_GetWidth(sp), HPDF_Page_GetHeight(sp));
        HPDF_Page dp = dst->page;
        if (!dp)
            return false;
        for (HPDF_UINT k = 0; sa->fonts && k < sa->fonts->list->count; k++) {
            void *obj;
            const char *key = resource_at(sa->fonts, k, &obj);
            int fi = 0;
            size_t enc = 0;
            while (fi < AR_PDF_FONT_COUNT_ && src->hfont[fi][enc] != obj)
                if (++enc == AR_PDF_ENC_COUNT)
                    enc = 0, fi++;
            if (fi == AR_PDF_FONT_COUNT_)
                return false;
            HPDF_Font font = hfont(dst, fi, enc);
            if (!font || !same_key(key, HPDF_Page_GetLocalFontName(dp, font)))
                return false;
            if (!dst->widths_done[fi][enc]) {
                /* libharu fills a font's Widths as it draws; nothing is
                 * drawn here, so have it measure every code once */
                static const HPDF_BYTE every[] = {
#define ROW(h) h##0, h##1, h##2, h##3, h##4, h##5, h##6, h##7, h##8, h##9, \
               h##A, h##B, h##C, h##D, h##E, h##F
                    ROW(0x2), ROW(0x3), ROW(0x4), ROW(0x5), ROW(0x6), ROW(0x7),
                    ROW(0x8), ROW(0x9), ROW(0xA), ROW(0xB), ROW(0xC),
                    ROW(0xD), ROW(0xE), ROW(0xF)
#undef ROW
                };
                HPDF_Font_TextWidth(font, every, sizeof every);
                dst->widths_done[fi][enc] = true;
            }
        }
        for (HPDF_UINT k = 0; sa->xobjects && k < sa->xobjects->list->count;
             k++) {
            void *obj;
            const char *key = resource_at(sa->xobjects, k, &obj);
            size_t m = 0;
            while (m < MAX_IMAGES && src->img[m] != obj)
                m++;
            HPDF_Image xo = m < MAX_IMAGES ? doc_image(dst, src->img_src[m])
                                           : NULL;
            if (!xo || !same_key(key, HPDF_Page_GetXObjectName(dp, xo)))
                return false;
        }
        /* the content, already deflated, byte for byte */
        set_content(dp, src->page_z[i], src->page_zlen[i]);
    }
    return true;
}

ar_err ar_pdf_status(const ar_pdf *p, ar_diag *d)
{
    if (p->bad_cp)
        return ar_diag_set(d, AR_ERR_GLYPH, NULL, 0, NULL,
                           "U+%04X is not in the letter fonts",
                           (unsigned)p->bad_cp);
    if (p->error)
        return ar_diag_set(d, AR_ERR_OUTPUT, NULL, 0, NULL,
                           "the PDF library failed (error 0x%04X, detail "
                           "%u)",
                           (unsigned)p->error, (unsigned)p->detail);
    return AR_OK;
}

ar_err ar_pdf_save(ar_pdf *p, unsigned char **out, size_t *len, ar_diag *d)
{
    *out = NULL;
    *len = 0;
    ar_err err = ar_pdf_status(p, d);
    if (err != AR_OK)
        return err;
    finish_page(p);
    HPDF_SaveToStream(p->doc);
    if ((err = ar_pdf_status(p, d)) != AR_OK)
        return err;
    HPDF_UINT32 size = HPDF_GetStreamSize(p->doc);
    unsigned char *buf = ar_xmalloc(size ? size : 1);
    HPDF_UINT32 got = size;
    HPDF_STATUS st = HPDF_ReadFromStream(p->doc, buf, &got);
    if ((st != HPDF_OK && st != HPDF_STREAM_EOF) || got != size) {
        free(buf);
        return ar_diag_set(d, AR_ERR_OUTPUT, NULL, 0, NULL,
                           "the PDF library failed to write (error 0x%04X)",
                           (unsigned)st);
    }
    *out = buf;
    *len = size;
    return AR_OK;
}
