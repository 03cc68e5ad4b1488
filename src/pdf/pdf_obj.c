/* pdf_obj.c - a document's objects from what the run made once: the
 * simple fonts and the logo copied in as serialized entries and stream
 * data that libharu writes without copying or parsing them again, and
 * the composite fonts each document makes for the characters it sets by
 * glyph id (Type0, Identity-H, a subset of its own with the glyph ids of
 * the whole font, ToUnicode so that the text can be searched and copied).
 */
#include <hpdf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "ar/pdf/pdf_internal.h"

/* ---- templates as objects ------------------------------------------- */

/* A template's entries, written after those libharu holds. */
static HPDF_STATUS write_body(HPDF_Dict d, HPDF_Stream s)
{
    const ar_pdf_tmpl *t = d->attr;
    return HPDF_Stream_Write(s, (const HPDF_BYTE *)t->body,
                             (HPDF_UINT)t->body_len);
}

/* Stream data read from memory in place (libharu would copy it into a
 * stream of its own byte by byte, twice). */
typedef struct cursor {
    const unsigned char *data;
    size_t len, pos;
} cursor;

static HPDF_STATUS cursor_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *siz)
{
    cursor *c = s->attr;
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
    cursor *c = s->attr;
    long base = mode == HPDF_SEEK_CUR ? (long)c->pos
              : mode == HPDF_SEEK_END ? (long)c->len : 0;
    if (base + pos < 0 || base + pos > (long)c->len)
        return HPDF_SetError(s->error, HPDF_FILE_IO_ERROR, 0);
    c->pos = (size_t)(base + pos);
    return HPDF_OK;
}

static HPDF_INT32 cursor_tell(HPDF_Stream s)
{
    return (HPDF_INT32)((cursor *)s->attr)->pos;
}

static HPDF_UINT32 cursor_size(HPDF_Stream s)
{
    return (HPDF_UINT32)((cursor *)s->attr)->len;
}

static void cursor_free(HPDF_Stream s)
{
    free(s->attr);
}

/* Make data[0..len) (borrowed) the stream of d, written as it is. */
bool ar_pdf_stream_data(void *dict, const unsigned char *data, size_t len)
{
    HPDF_Dict d = dict;
    cursor *c = ar_xmalloc(sizeof *c);
    *c = (cursor){data, len, 0};
    HPDF_Stream s = HPDF_CallbackReader_New(d->mmgr, cursor_read, cursor_seek,
                                            cursor_tell, cursor_size, c);
    if (!s) {
        free(c);
        return false;
    }
    s->free_fn = cursor_free;
    HPDF_Stream_Free(d->stream);
    d->stream = s;
    d->filter = HPDF_STREAM_FILTER_NONE;
    return true;
}

void ar_pdf_obj_body(void *dict, const ar_pdf_tmpl *t)
{
    HPDF_Dict d = dict;
    d->attr = (void *)t;
    d->write_fn = write_body;
}

void *ar_pdf_obj(ar_pdf *p, const ar_pdf_tmpl *t)
{
    HPDF_Doc pdf = p->doc;
    HPDF_Dict d;
    if (t->data) {
        d = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
        if (!d || !ar_pdf_stream_data(d, t->data, t->data_len))
            return NULL;
    } else {
        d = HPDF_Dict_New(pdf->mmgr);
        if (!d || HPDF_Xref_Add(pdf->xref, d) != HPDF_OK)
            return NULL;
    }
    d->attr = (void *)t;
    d->write_fn = write_body;
    return d;
}

void *ar_pdf_keep(ar_pdf *p, void *mem)
{
    ar_xgrow((void **)&p->owned, &p->owned_cap, p->nowned + 1,
             sizeof *p->owned);
    p->owned[p->nowned++] = mem;
    return mem;
}

/* A template of this document's own (freed with it). */
static ar_pdf_tmpl *own_tmpl(ar_pdf *p, char *body, size_t body_len,
                             unsigned char *data, size_t data_len)
{
    ar_pdf_tmpl *t = ar_pdf_keep(p, ar_xmalloc(sizeof *t));
    *t = (ar_pdf_tmpl){ar_pdf_keep(p, body), body_len,
                       data ? ar_pdf_keep(p, data) : NULL, data_len};
    return t;
}

/* ---- simple fonts and images ------------------------------------------ */

void *ar_pdf_simple_font(ar_pdf *p, int fi, size_t enc)
{
    if (p->simple[fi][enc])
        return p->simple[fi][enc];
    const ar_pdf_fonts *f = p->fonts;
    if (!p->desc[fi]) {
        HPDF_Dict file = ar_pdf_obj(p, &f->file[fi]);
        HPDF_Dict desc = file ? ar_pdf_obj(p, &f->desc[fi]) : NULL;
        if (!desc || HPDF_Dict_Add(desc, "FontFile2", file) != HPDF_OK)
            return NULL;
        p->desc[fi] = desc;
    }
    HPDF_Dict font = ar_pdf_obj(p, &f->simple[fi][enc]);
    if (!font || HPDF_Dict_Add(font, "FontDescriptor", p->desc[fi]) != HPDF_OK)
        return NULL;
    p->simple[fi][enc] = font;
    return font;
}

void *ar_pdf_doc_image(ar_pdf *p, const ar_pdf_image *img)
{
    size_t k = 0;
    while (k < AR_PDF_MAX_IMAGES && p->img_src[k] && p->img_src[k] != img)
        k++;
    if (k == AR_PDF_MAX_IMAGES)
        return NULL;
    if (p->img_src[k] == img)
        return p->img[k];
    HPDF_Dict xo = ar_pdf_obj(p, &img->xobject);
    if (!xo)
        return NULL;
    p->img_src[k] = img;
    p->img[k] = xo;
    return xo;
}

/* ---- composite fonts --------------------------------------------------- */

void *ar_pdf_cid_font(ar_pdf *p, int fi, uint32_t cp)
{
    ar_pdf_cid *c = &p->cid[fi];
    if (!c->font) {
        HPDF_Doc pdf = p->doc;
        HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
        if (!d || HPDF_Xref_Add(pdf->xref, d) != HPDF_OK)
            return NULL;
        c->font = d;
    }
    /* sorted, each once: a letter sets a few dozen such characters */
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->cps[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == c->n || c->cps[lo] != cp) {
        ar_xgrow((void **)&c->cps, &c->cap, c->n + 1, sizeof *c->cps);
        memmove(c->cps + lo + 1, c->cps + lo, (c->n - lo) * sizeof *c->cps);
        c->cps[lo] = (uint16_t)cp;
        c->n++;
    }
    return c->font;
}

/* A growable text. */
typedef struct text {
    char *s;
    size_t len, cap;
} text;

__attribute__((format(printf, 2, 3))) static void tprintf(text *t,
                                                         const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(t->s ? t->s + t->len : NULL,
                          t->s ? t->cap - t->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0)
            return;
        if (t->s && t->len + (size_t)n < t->cap) {
            t->len += (size_t)n;
            return;
        }
        ar_xgrow((void **)&t->s, &t->cap, t->len + (size_t)n + 256, 1);
    }
}

static unsigned char *deflated(const void *data, size_t len, size_t *out)
{
    uLongf n = compressBound(len);
    unsigned char *z = ar_xmalloc(n);
    if (compress2(z, &n, data, len, Z_BEST_COMPRESSION) != Z_OK) {
        fprintf(stderr, "arbatch: out of memory (deflate)\n");
        abort();
    }
    *out = n;
    return z;
}

typedef struct glyph {
    unsigned gid;
    uint32_t cp;
    int width;
} glyph;

static int cmp_glyph(const void *a, const void *b)
{
    const glyph *x = a, *y = b;
    return x->gid != y->gid ? (x->gid < y->gid ? -1 : 1)
                            : (x->cp < y->cp ? -1 : x->cp > y->cp);
}

/* A stream object of this document: body entries, data deflated here. */
static HPDF_Dict own_stream(ar_pdf *p, text *body, const void *data,
                            size_t len)
{
    size_t zlen;
    unsigned char *z = deflated(data, len, &zlen);
    tprintf(body, "/Filter /FlateDecode\n");
    return ar_pdf_obj(p, own_tmpl(p, body->s, body->len, z, zlen));
}

static HPDF_Dict own_dict(ar_pdf *p, text *body)
{
    return ar_pdf_obj(p, own_tmpl(p, body->s, body->len, NULL, 0));
}

static bool finish_cid(ar_pdf *p, int fi, ar_diag *d)
{
    ar_pdf_cid *c = &p->cid[fi];
    const ar_font *font = p->fonts->font[fi];
    unsigned char *prog = NULL;
    size_t plen = 0;
    if (ar_font_subset_ids(font, c->cps, c->n, &prog, &plen, d) != AR_OK)
        return false;
    char hex[65], tag[7];
    ar_sha256_hex(prog, plen, hex);
    for (int i = 0; i < 6; i++)
        tag[i] = (char)('A' + (unsigned)(hex[2 * i] * 31 + hex[2 * i + 1]) %
                                  26);
    tag[6] = '\0';
    ar_font_info in;
    ar_font_info_get(font, &in);

    glyph *g = ar_xmalloc((c->n + 1) * sizeof *g);
    size_t n = 0;
    g[n++] = (glyph){0, 0, 0};
    for (size_t i = 0; i < c->n; i++)
        g[n++] = (glyph){ar_font_glyph(font, c->cps[i]), c->cps[i],
                         ar_font_width(font, c->cps[i])};
    qsort(g, n, sizeof *g, cmp_glyph);

    /* the program, with every glyph at its id in the whole font */
    text body = {0};
    tprintf(&body, "/Length1 %zu\n", plen);
    HPDF_Dict file = own_stream(p, &body, prog, plen);
    free(prog);
    /* PDF/A-1 6.3.5: a subset's descriptor lists the CIDs it holds */
    unsigned top = g[n - 1].gid;
    unsigned char *bits = ar_xcalloc(top / 8 + 1, 1);
    for (size_t i = 0; i < n; i++)
        bits[g[i].gid / 8] |= (unsigned char)(0x80 >> (g[i].gid % 8));
    body = (text){0};
    tprintf(&body, " ");
    HPDF_Dict set = own_stream(p, &body, bits, top / 8 + 1);
    free(bits);

    body = (text){0};
    tprintf(&body,
            "/Type /FontDescriptor\n/FontName /%s+%s\n/Flags 4\n"
            "/FontBBox [%d %d %d %d]\n/ItalicAngle %d\n/Ascent %d\n"
            "/Descent %d\n/CapHeight %d\n/StemV 80\n",
            tag, in.name, in.bbox[0], in.bbox[1], in.bbox[2], in.bbox[3],
            in.italic_angle, in.ascent, in.descent, in.cap_height);
    HPDF_Dict desc = own_dict(p, &body);

    body = (text){0};
    tprintf(&body,
            "/Type /Font\n/Subtype /CIDFontType2\n/BaseFont /%s+%s\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
            "/Supplement 0 >>\n/CIDToGIDMap /Identity\n/DW 1000\n/W [",
            tag, in.name);
    for (size_t i = 1; i < n; i++)
        if (g[i].gid != g[i - 1].gid)
            tprintf(&body, "%u [%d] ", g[i].gid, g[i].width);
    tprintf(&body, "]\n");
    HPDF_Dict cidfont = own_dict(p, &body);

    /* ToUnicode: glyph id -> the character, for search and copy */
    text cmap = {0};
    tprintf(&cmap, "/CIDInit /ProcSet findresource begin\n12 dict begin\n"
                   "begincmap\n/CIDSystemInfo << /Registry (Adobe) "
                   "/Ordering (UCS) /Supplement 0 >> def\n/CMapName "
                   "/Adobe-Identity-UCS def\n/CMapType 2 def\n"
                   "1 begincodespacerange\n<0000> <FFFF>\n"
                   "endcodespacerange\n");
    size_t k = 1;
    while (k < n) {
        size_t m = 0;
        for (size_t j = k; j < n && m < 100; j++)
            m += g[j].gid != g[j - 1].gid;
        tprintf(&cmap, "%zu beginbfchar\n", m);
        for (size_t done = 0; k < n && done < m; k++)
            if (g[k].gid != g[k - 1].gid) {
                tprintf(&cmap, "<%04X> <%04X>\n", g[k].gid,
                        (unsigned)g[k].cp);
                done++;
            }
        tprintf(&cmap, "endbfchar\n");
    }
    tprintf(&cmap, "endcmap\nCMapName currentdict /CMapName get exch "
                   "defineresource pop\nend\nend\n");
    body = (text){0};
    tprintf(&body, " ");
    HPDF_Dict tounicode = own_stream(p, &body, cmap.s, cmap.len);
    free(cmap.s);
    free(g);

    HPDF_Doc pdf = p->doc;
    HPDF_Dict font0 = c->font;
    HPDF_Array kids = HPDF_Array_New(pdf->mmgr);
    if (!file || !set || !desc || !cidfont || !tounicode || !kids ||
        HPDF_Dict_Add(desc, "FontFile2", file) != HPDF_OK ||
        HPDF_Dict_Add(desc, "CIDSet", set) != HPDF_OK ||
        HPDF_Dict_Add(cidfont, "FontDescriptor", desc) != HPDF_OK ||
        HPDF_Array_Add(kids, cidfont) != HPDF_OK ||
        HPDF_Dict_Add(font0, "DescendantFonts", kids) != HPDF_OK ||
        HPDF_Dict_Add(font0, "ToUnicode", tounicode) != HPDF_OK) {
        ar_diag_set(d, AR_ERR_OUTPUT, NULL, 0, NULL,
                    "the PDF library failed (composite font)");
        return false;
    }
    body = (text){0};
    tprintf(&body, "/Type /Font\n/Subtype /Type0\n/BaseFont /%s+%s\n"
                   "/Encoding /Identity-H\n",
            tag, in.name);
    ar_pdf_obj_body(font0, own_tmpl(p, body.s, body.len, NULL, 0));
    return true;
}

bool ar_pdf_cid_finish(ar_pdf *p, ar_diag *d)
{
    for (int fi = 0; fi < AR_PDF_FONT_COUNT_; fi++)
        if (p->cid[fi].font && !p->cid[fi].done) {
            if (!finish_cid(p, fi, d))
                return false;
            p->cid[fi].done = true;
        }
    return true;
}
