/* pdf_record.c - a document's finished pages as bytes that another
 * process appends to its own batch (issue #21: shards draw the letters,
 * the merge writes the batches without drawing them again).
 *
 * A record holds what ar_pdf_append copies, and nothing that is only
 * true inside one process: fonts by their file and encoding, images by
 * a digest of their content, page sizes as the bits libharu holds.
 * Version 1, every integer little-endian:
 *
 *   "ARPDFREC"  u32 version (1)
 *   64 bytes    fonts: hex SHA-256 of the run's font descriptors (each
 *               names its program's subset tag): the fonts' identity
 *   u32         pages
 *   u32         font files (AR_PDF_FONT_COUNT_), then for each: u32 n and
 *               n u16 code points, ascending: the characters its
 *               composite font sets (n = 0: none)
 *   u32         images (at most AR_PDF_MAX_IMAGES), each 64 bytes: hex
 *               SHA-256 of its XObject (ar_pdf_image.digest)
 *   per page:   u32 width, u32 height: IEEE-754 binary32 bits
 *               u8 fonts, each: u8 font file, u8 encoding (index of
 *                 ar_pdf_encodings, 255: the composite font), u8 key
 *                 length, the key (its name on the page, "F1")
 *               u8 images, each: u8 image, u8 key length, the key
 *               u32 content length, the content (zlib stream, as drawn)
 *   u32         CRC-32 of every byte before it
 *
 * Resources are listed in the order the page registered them: the copy
 * registers them in that order, so they get the same names (checked).
 */
#include "ar/pdf/pdf.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

#include "ar/base/digest.h"
#include "ar/pdf/pdf_internal.h"

#define RECORD_MAGIC "ARPDFREC"
#define RECORD_VERSION 1u
#define DIGEST_LEN 64

_Static_assert(sizeof(float) == sizeof(uint32_t), "binary32 page sizes");

/* The fonts' identity: a record drawn with other fonts (or another
 * subset of them) would set wrong glyphs, so it is refused. */
static void fonts_digest(const ar_pdf_fonts *f, char hex[65])
{
    ar_sha256 *h = ar_sha256_new();
    for (int fi = 0; fi < AR_PDF_FONT_COUNT_; fi++) {
        unsigned char present = f->font[fi] != NULL;
        ar_sha256_update(h, &present, 1);
        if (present)
            ar_sha256_update(h, f->desc[fi].body, f->desc[fi].body_len);
    }
    ar_sha256_peek(h, hex);
    ar_sha256_free(h);
}

/* ---- writing -------------------------------------------------------------- */

typedef struct writer {
    unsigned char *buf;
    size_t len, cap;
} writer;

static void put(writer *w, const void *data, size_t n)
{
    ar_xgrow((void **)&w->buf, &w->cap, w->len + n, 1);
    memcpy(w->buf + w->len, data, n);
    w->len += n;
}

static void put_u8(writer *w, unsigned v)
{
    unsigned char b = (unsigned char)v;
    put(w, &b, 1);
}

static void put_u32(writer *w, uint32_t v)
{
    unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8),
                          (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
    put(w, b, 4);
}

static void put_key(writer *w, const char *key)
{
    size_t n = strlen(key); /* < AR_PDF_KEY_MAX (ar_pdf_page_describe) */
    put_u8(w, (unsigned)n);
    put(w, key, n);
}

static uint32_t float_bits(float v)
{
    uint32_t bits;
    memcpy(&bits, &v, sizeof bits);
    return bits;
}

/* The index of img in the record's images, added when new. */
static unsigned image_index(const ar_pdf_image **imgs, size_t *n,
                            const ar_pdf_image *img)
{
    size_t k = 0;
    while (k < *n && imgs[k] != img)
        k++;
    if (k == *n)
        imgs[(*n)++] = img; /* a document has at most AR_PDF_MAX_IMAGES */
    return (unsigned)k;
}

static void put_page(writer *w, const ar_pdf_page_copy *pc,
                     const ar_pdf_image **imgs, size_t *nimgs)
{
    put_u32(w, float_bits(pc->width));
    put_u32(w, float_bits(pc->height));
    put_u8(w, (unsigned)pc->nfonts);
    for (size_t k = 0; k < pc->nfonts; k++) {
        put_u8(w, (unsigned)pc->font[k].fi);
        put_u8(w, (unsigned)pc->font[k].enc);
        put_key(w, pc->font[k].key);
    }
    put_u8(w, (unsigned)pc->nimages);
    for (size_t k = 0; k < pc->nimages; k++) {
        put_u8(w, image_index(imgs, nimgs, pc->image[k].img));
        put_key(w, pc->image[k].key);
    }
    put_u32(w, (uint32_t)pc->zlen);
    put(w, pc->z, pc->zlen);
}

ar_err ar_pdf_record(ar_pdf *doc, unsigned char **data, size_t *len,
                     ar_diag *d)
{
    *data = NULL;
    *len = 0;
    ar_err err = ar_pdf_status(doc, d);
    if (err != AR_OK)
        return err;
    ar_pdf_finish_page(doc);
    /* the pages first: the images' table that precedes them is made as
     * they name images */
    writer pages = {0};
    const ar_pdf_image *imgs[AR_PDF_MAX_IMAGES];
    size_t nimgs = 0;
    for (int i = 0; i < doc->pages; i++) {
        ar_pdf_page_copy pc;
        if (!ar_pdf_page_describe(doc, i, &pc) || pc.zlen > UINT32_MAX) {
            free(pages.buf);
            return ar_diag_set(d, AR_ERR_OUTPUT, NULL, 0, NULL,
                               "page %d cannot be recorded (internal)",
                               i + 1);
        }
        put_page(&pages, &pc, imgs, &nimgs);
    }
    writer w = {0};
    char hex[65];
    put(&w, RECORD_MAGIC, 8);
    put_u32(&w, RECORD_VERSION);
    fonts_digest(doc->fonts, hex);
    put(&w, hex, DIGEST_LEN);
    put_u32(&w, (uint32_t)doc->pages);
    put_u32(&w, AR_PDF_FONT_COUNT_);
    for (int fi = 0; fi < AR_PDF_FONT_COUNT_; fi++) {
        const ar_pdf_cid *c = &doc->cid[fi];
        put_u32(&w, (uint32_t)c->n);
        for (size_t k = 0; k < c->n; k++) {
            unsigned char b[2] = {(unsigned char)c->cps[k],
                                  (unsigned char)(c->cps[k] >> 8)};
            put(&w, b, 2);
        }
    }
    put_u32(&w, (uint32_t)nimgs);
    for (size_t k = 0; k < nimgs; k++)
        put(&w, imgs[k]->digest, DIGEST_LEN);
    if (pages.len)
        put(&w, pages.buf, pages.len);
    free(pages.buf);
    put_u32(&w, libdeflate_crc32(0, w.buf, w.len));
    *data = w.buf;
    *len = w.len;
    return AR_OK;
}

/* ---- reading ---------------------------------------------------------------- */

/* The bytes not yet read; every get fails past the end. */
typedef struct reader {
    const unsigned char *p;
    size_t left;
} reader;

static const unsigned char *get(reader *r, size_t n)
{
    if (n > r->left)
        return NULL;
    const unsigned char *at = r->p;
    r->p += n;
    r->left -= n;
    return at;
}

static bool get_u8(reader *r, unsigned *v)
{
    const unsigned char *b = get(r, 1);
    if (b)
        *v = b[0];
    return b != NULL;
}

static uint32_t le32(const unsigned char *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
           (uint32_t)b[3] << 24;
}

static bool get_u32(reader *r, uint32_t *v)
{
    const unsigned char *b = get(r, 4);
    if (b)
        *v = le32(b);
    return b != NULL;
}

static bool get_key(reader *r, char key[AR_PDF_KEY_MAX])
{
    unsigned n;
    const unsigned char *b;
    if (!get_u8(r, &n) || n == 0 || n >= AR_PDF_KEY_MAX || !(b = get(r, n)) ||
        memchr(b, '\0', n))
        return false;
    memcpy(key, b, n);
    key[n] = '\0';
    return true;
}

/* What the pages of a record refer to. */
typedef struct record_head {
    uint32_t pages;
    uint16_t *chars[AR_PDF_FONT_COUNT_]; /* composite fonts' characters */
    size_t nchars[AR_PDF_FONT_COUNT_];
    const ar_pdf_image *img[AR_PDF_MAX_IMAGES];
    size_t nimg;
} record_head;

static void head_free(record_head *h)
{
    for (int fi = 0; fi < AR_PDF_FONT_COUNT_; fi++)
        free(h->chars[fi]);
}

static bool get_chars(reader *r, record_head *h, int fi)
{
    uint32_t n;
    if (!get_u32(r, &n) || n > 65536 || n * 2u > r->left)
        return false;
    h->nchars[fi] = n;
    h->chars[fi] = ar_xmalloc(n ? n * sizeof *h->chars[fi] : 1);
    for (uint32_t k = 0; k < n; k++) {
        const unsigned char *b = get(r, 2);
        h->chars[fi][k] = (uint16_t)(b[0] | b[1] << 8);
        if (k > 0 && h->chars[fi][k] <= h->chars[fi][k - 1])
            return false; /* as a document keeps them: ascending, once */
    }
    return true;
}

static bool get_head(reader *r, const ar_pdf_fonts *f, record_head *h,
                     const ar_pdf_image *const *images, size_t nimages)
{
    const unsigned char *magic = get(r, 8), *digest;
    uint32_t version, fonts, nimg;
    char hex[65];
    fonts_digest(f, hex);
    if (!magic || memcmp(magic, RECORD_MAGIC, 8) != 0 ||
        !get_u32(r, &version) || version != RECORD_VERSION ||
        !(digest = get(r, DIGEST_LEN)) || memcmp(digest, hex, DIGEST_LEN) ||
        !get_u32(r, &h->pages) || !get_u32(r, &fonts) ||
        fonts != AR_PDF_FONT_COUNT_)
        return false;
    for (int fi = 0; fi < AR_PDF_FONT_COUNT_; fi++)
        if (!get_chars(r, h, fi))
            return false;
    if (!get_u32(r, &nimg) || nimg > AR_PDF_MAX_IMAGES)
        return false;
    for (h->nimg = 0; h->nimg < nimg; h->nimg++) {
        if (!(digest = get(r, DIGEST_LEN)))
            return false;
        size_t k = 0;
        while (k < nimages && memcmp(images[k]->digest, digest, DIGEST_LEN))
            k++;
        if (k == nimages)
            return false; /* an image the caller did not load */
        h->img[h->nimg] = images[k];
    }
    return true;
}

static bool get_font(reader *r, const ar_pdf_fonts *f, const record_head *h,
                     ar_pdf_copy_font *font)
{
    unsigned fi, enc;
    if (!get_u8(r, &fi) || !get_u8(r, &enc) || fi >= AR_PDF_FONT_COUNT_ ||
        !f->font[fi] || !get_key(r, font->key))
        return false;
    font->fi = (int)fi;
    font->enc = (int)enc;
    font->chars = NULL;
    font->nchars = 0;
    if (enc == AR_PDF_COMPOSITE) {
        font->chars = h->chars[fi];
        font->nchars = h->nchars[fi];
        return font->nchars > 0;
    }
    return enc < AR_PDF_ENC_COUNT && f->enc_entry[enc];
}

static bool get_page(reader *r, const ar_pdf_fonts *f, const record_head *h,
                     ar_pdf_page_copy *pc)
{
    uint32_t w, ht, zlen;
    unsigned nfonts, nimages;
    if (!get_u32(r, &w) || !get_u32(r, &ht) || !get_u8(r, &nfonts) ||
        nfonts > AR_PDF_PAGE_FONTS)
        return false;
    memcpy(&pc->width, &w, sizeof w);
    memcpy(&pc->height, &ht, sizeof ht);
    pc->nfonts = nfonts;
    for (unsigned k = 0; k < nfonts; k++)
        if (!get_font(r, f, h, &pc->font[k]))
            return false;
    if (!get_u8(r, &nimages) || nimages > AR_PDF_MAX_IMAGES)
        return false;
    pc->nimages = nimages;
    for (unsigned k = 0; k < nimages; k++) {
        unsigned m;
        if (!get_u8(r, &m) || m >= h->nimg || !get_key(r, pc->image[k].key))
            return false;
        pc->image[k].img = h->img[m];
    }
    if (!get_u32(r, &zlen) || zlen == 0 || !(pc->z = get(r, zlen)))
        return false;
    pc->zlen = zlen;
    return true;
}

/* Read the pages at r; into dst when dst is not NULL (else only check
 * them, to the last byte). */
static bool add_pages(reader r, const ar_pdf_fonts *f, const record_head *h,
                      ar_pdf *dst)
{
    ar_pdf_page_copy pc;
    for (uint32_t i = 0; i < h->pages; i++) {
        if (!get_page(&r, f, h, &pc))
            return false;
        if (dst) {
            unsigned char *z = ar_xmalloc(pc.zlen);
            memcpy(z, pc.z, pc.zlen);
            if (!ar_pdf_page_add(dst, &pc, z))
                return false;
        }
    }
    return r.left == 0;
}

bool ar_pdf_append_record(ar_pdf *dst, const unsigned char *data, size_t len,
                          const ar_pdf_image *const *images, size_t nimages)
{
    if (!data || len < 8 + 4 + 4 ||
        libdeflate_crc32(0, data, len - 4) != le32(data + len - 4))
        return false;
    reader r = {data, len - 4};
    record_head h = {0};
    bool ok = get_head(&r, dst->fonts, &h, images, nimages) &&
              add_pages(r, dst->fonts, &h, NULL);
    if (ok) {
        ar_pdf_finish_page(dst);
        ok = add_pages(r, dst->fonts, &h, dst);
    }
    head_free(&h);
    return ok;
}
