/* pdf.c - documents, pages, batches and saving: the file that builds and
 * writes libharu documents (drawing: pdf_draw.c; objects made once a run
 * and per document: pdf_fonts.c, pdf_obj.c; metadata: pdf_meta.c; the
 * logo: pdf_image.c).
 *
 * Speed. libharu formats every operator through a cleared buffer, copies
 * every stream byte by byte into a memory stream of its own and out
 * again, parses each TrueType font for every document and compresses
 * every stream at zlib's default level when it saves. Here page contents
 * are written by pdf_draw.c and deflated by libdeflate at level 1 (about
 * as small for operators, many times faster), the fonts' objects are serialized
 * once a run and their programs deflated once, every stream is read by
 * libharu in place from our memory, the document is written straight into
 * one growing buffer, and a batch copies its letters' finished pages
 * instead of drawing them again. These reach into libharu's structures
 * (installed headers of 2.3.0); the e2e tests render a batch page against
 * its letter and check every PDF with qpdf and poppler to hold them true.
 *
 * Errors: the handler only records libharu's first error code (no
 * longjmp); ar_pdf_status and ar_pdf_save report it.
 */
#include "ar/pdf/pdf.h"

#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>
#include <pthread.h>

#include "ar/pdf/pdf_internal.h"

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
    /* the shared objects are made by the first document, under a lock */
    p->fonts = (ar_pdf_fonts *)fonts;
    ar_pdf_fonts_prepare(p->fonts);
    /* no memory pool: libharu's pool hands out unaligned blocks */
    p->doc = HPDF_New(on_error, p);
    if (!p->doc) {
        fprintf(stderr, "arbatch: out of memory (PDF document)\n");
        abort();
    }
    snprintf(p->info.date, sizeof p->info.date, "2000-01-01");
    return p;
}

void ar_pdf_free(ar_pdf *p)
{
    if (!p)
        return;
    HPDF_Free(p->doc);
    for (int i = 0; i < p->pages; i++)
        free(p->page_z[i]);
    for (size_t i = 0; i < p->nowned; i++)
        free(p->owned[i]);
    for (int i = 0; i < AR_PDF_FONT_COUNT_; i++)
        free(p->cid[i].cps);
    free(p->owned);
    free(p->page_z);
    free(p->page_zlen);
    free(p->page_list);
    free(p->ops.buf);
    free(p);
}

void ar_pdf_set_info(ar_pdf *p, const ar_pdf_info *info)
{
    p->info = *info;
}

/* Give page a content stream of finished FlateDecode data (borrowed).
 * libharu drops a Filter entry of a stream it does not filter itself, so
 * the entry is written with the template's. */
static bool set_content(HPDF_Page page, const unsigned char *z, size_t len)
{
    static const ar_pdf_tmpl flate = {(char *)"/Filter /FlateDecode\n", 21,
                                      NULL, 0};
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (!ar_pdf_stream_data(attr->contents, z, len))
        return false;
    ar_pdf_obj_body(attr->contents, &flate);
    return true;
}

/* Page contents are deflated by libdeflate at level 1: twice as fast as
 * zlib's level 1 on a page of operators, and a tenth smaller. One
 * compressor a thread, made on its first page and freed when the thread
 * ends (a compressor is a few hundred KB: one a page would cost more
 * than the page). */
static pthread_key_t compressor_key;
static pthread_once_t compressor_once = PTHREAD_ONCE_INIT;

static void free_compressor(void *c)
{
    libdeflate_free_compressor(c);
}

static void make_compressor_key(void)
{
    if (pthread_key_create(&compressor_key, free_compressor) != 0) {
        fprintf(stderr, "arbatch: out of memory (thread key)\n");
        abort();
    }
}

static unsigned char *deflate_page(const char *data, size_t len, size_t *out)
{
    pthread_once(&compressor_once, make_compressor_key);
    struct libdeflate_compressor *c = pthread_getspecific(compressor_key);
    if (!c) {
        c = libdeflate_alloc_compressor(1);
        if (!c || pthread_setspecific(compressor_key, c) != 0) {
            fprintf(stderr, "arbatch: out of memory (deflate)\n");
            abort();
        }
    }
    size_t cap = libdeflate_zlib_compress_bound(c, len);
    unsigned char *z = ar_xmalloc(cap);
    *out = libdeflate_zlib_compress(c, data, len, z, cap);
    if (*out == 0) {
        fprintf(stderr, "arbatch: deflate failed\n");
        abort();
    }
    return z;
}

void ar_pdf_finish_page(ar_pdf *p)
{
    if (!p->page_open)
        return;
    p->page_open = false;
    size_t n;
    unsigned char *z = deflate_page(p->ops.buf ? p->ops.buf : "",
                                    p->ops.len, &n);
    p->page_z[p->pages - 1] = z;
    p->page_zlen[p->pages - 1] = n;
    if (!set_content(p->page, z, n) && !p->error)
        p->error = HPDF_FAILD_TO_ALLOC_MEM;
    p->ops.len = 0;
}

static void new_page(ar_pdf *p, double width, double height)
{
    ar_pdf_finish_page(p);
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

void ar_pdf_blank_page(ar_pdf *p, double width, double height)
{
    ar_pdf_add_page(p, width, height);
    ar_pdf_finish_page(p);
}

int ar_pdf_page_count(const ar_pdf *p) { return p->pages; }

/* ---- batches ----------------------------------------------------------- */

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

/* The font of p that obj is (a simple font under an encoding, or a
 * composite font with its characters) into *out. */
static bool font_of(const ar_pdf *p, const void *obj, ar_pdf_copy_font *out)
{
    for (int fi = 0; fi < AR_PDF_FONT_COUNT_; fi++) {
        for (size_t enc = 0; enc < AR_PDF_ENC_COUNT; enc++)
            if (p->simple[fi][enc] == obj) {
                *out = (ar_pdf_copy_font){fi, (int)enc, NULL, 0, ""};
                return true;
            }
        const ar_pdf_cid *c = &p->cid[fi];
        if (c->font == obj && c->n > 0) {
            *out = (ar_pdf_copy_font){fi, AR_PDF_COMPOSITE, c->cps, c->n, ""};
            return true;
        }
    }
    return false;
}

static bool copy_key(char *dst, const char *key)
{
    size_t n = strlen(key);
    if (n == 0 || n >= AR_PDF_KEY_MAX)
        return false;
    memcpy(dst, key, n + 1);
    return true;
}

bool ar_pdf_page_describe(const ar_pdf *p, int i, ar_pdf_page_copy *out)
{
    if (i < 0 || i >= p->pages || !p->page_z[i])
        return false; /* only drawn pages are copied */
    HPDF_Page sp = p->page_list[i];
    HPDF_PageAttr sa = (HPDF_PageAttr)sp->attr;
    out->width = HPDF_Page_GetWidth(sp);
    out->height = HPDF_Page_GetHeight(sp);
    out->nfonts = sa->fonts ? sa->fonts->list->count : 0;
    out->nimages = sa->xobjects ? sa->xobjects->list->count : 0;
    if (out->nfonts > AR_PDF_PAGE_FONTS || out->nimages > AR_PDF_MAX_IMAGES)
        return false;
    for (HPDF_UINT k = 0; k < out->nfonts; k++) {
        void *obj;
        const char *key = resource_at(sa->fonts, k, &obj);
        if (!font_of(p, obj, &out->font[k]) ||
            !copy_key(out->font[k].key, key))
            return false;
    }
    for (HPDF_UINT k = 0; k < out->nimages; k++) {
        void *obj;
        const char *key = resource_at(sa->xobjects, k, &obj);
        size_t m = 0;
        while (m < AR_PDF_MAX_IMAGES && p->img[m] != obj)
            m++;
        if (m == AR_PDF_MAX_IMAGES || !copy_key(out->image[k].key, key))
            return false;
        out->image[k].img = p->img_src[m];
    }
    out->z = p->page_z[i];
    out->zlen = p->page_zlen[i];
    return true;
}

/* dst's object for font f (a composite font gets f's characters). */
static void *dst_font(ar_pdf *dst, const ar_pdf_copy_font *f)
{
    if (f->enc != AR_PDF_COMPOSITE)
        return ar_pdf_simple_font(dst, f->fi, (size_t)f->enc);
    void *font = NULL;
    for (size_t k = 0; k < f->nchars; k++)
        font = ar_pdf_cid_font(dst, f->fi, f->chars[k]);
    return font;
}

bool ar_pdf_page_add(ar_pdf *dst, const ar_pdf_page_copy *pc, unsigned char *z)
{
    new_page(dst, pc->width, pc->height);
    HPDF_Page dp = dst->page;
    if (!dp) {
        free(z);
        return false;
    }
    /* dst owns the content from here, whatever follows */
    dst->page_z[dst->pages - 1] = z;
    dst->page_zlen[dst->pages - 1] = pc->zlen;
    for (size_t k = 0; k < pc->nfonts; k++) {
        HPDF_Font font = dst_font(dst, &pc->font[k]);
        if (!font ||
            !same_key(pc->font[k].key, HPDF_Page_GetLocalFontName(dp, font)))
            return false;
    }
    for (size_t k = 0; k < pc->nimages; k++) {
        HPDF_Image xo = ar_pdf_doc_image(dst, pc->image[k].img);
        if (!xo || !same_key(pc->image[k].key, HPDF_Page_GetXObjectName(dp, xo)))
            return false;
    }
    return set_content(dp, z, pc->zlen);
}

bool ar_pdf_append(ar_pdf *dst, ar_pdf *src)
{
    ar_pdf_finish_page(src);
    ar_pdf_finish_page(dst);
    for (int i = 0; i < src->pages; i++) {
        ar_pdf_page_copy pc;
        if (!ar_pdf_page_describe(src, i, &pc))
            return false;
        /* the content, already deflated, byte for byte: dst takes it */
        src->page_z[i] = NULL;
        if (!ar_pdf_page_add(dst, &pc, (unsigned char *)pc.z))
            return false;
    }
    return true;
}

/* ---- saving -------------------------------------------------------------- */

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

/* The document as it is written: one buffer, grown as libharu writes. */
typedef struct sink {
    unsigned char *buf;
    size_t len, cap;
} sink;

static HPDF_STATUS sink_write(HPDF_Stream s, const HPDF_BYTE *ptr,
                              HPDF_UINT size)
{
    sink *k = s->attr;
    if (k->len + size > k->cap)
        ar_xgrow((void **)&k->buf, &k->cap, k->len + size + k->len / 2, 1);
    memcpy(k->buf + k->len, ptr, size);
    k->len += size;
    return HPDF_OK;
}

ar_err ar_pdf_save(ar_pdf *p, unsigned char **out, size_t *len, ar_diag *d)
{
    *out = NULL;
    *len = 0;
    ar_err err = ar_pdf_status(p, d);
    if (err != AR_OK)
        return err;
    ar_pdf_finish_page(p);
    if (!ar_pdf_cid_finish(p, d) || !ar_pdf_meta_finish(p, d))
        return AR_ERR_OUTPUT;
    HPDF_Doc pdf = p->doc;
    sink k = {0};
    ar_xgrow((void **)&k.buf, &k.cap, 32768, 1);
    HPDF_Stream s = HPDF_CallbackWriter_New(pdf->mmgr, sink_write, &k);
    /* PDF 1.4 (PDF/A-1), then a comment of four bytes over 127 that
     * tells a transfer program the file is binary */
    if (!s || HPDF_Stream_WriteStr(s, "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n") !=
                  HPDF_OK ||
        HPDF_Dict_Add(pdf->trailer, "Root", pdf->catalog) != HPDF_OK ||
        HPDF_Dict_Add(pdf->trailer, "Info", pdf->info) != HPDF_OK ||
        HPDF_Xref_WriteToStream(pdf->xref, s, NULL) != HPDF_OK) {
        if (!p->error)
            p->error = HPDF_FILE_IO_ERROR;
    }
    if (s)
        HPDF_Stream_Free(s);
    if ((err = ar_pdf_status(p, d)) != AR_OK) {
        free(k.buf);
        return err;
    }
    *out = k.buf;
    *len = k.len;
    return AR_OK;
}
