/* pdf_fonts.c - the run's fonts as the PDFs use them: encodings, which
 * font draws each character, widths, and the font programs to embed.
 *
 * libharu's UTF-8 path builds a 64K-entry CID map and width table for
 * every font of every document (the measured 39 letters/s). Instead each
 * font is used as a simple TrueType font under the 8-bit encodings libharu
 * knows: a text is cut into runs that one encoding covers, and each run is
 * set in the font object for that encoding (pdf.c). PDF readers map every
 * code back to Unicode through the encoding (pdftotext finds the text).
 * The font program a document embeds is the run's subset
 * (ar_pdf_fonts_subset), deflated once per run.
 */
#include "ar/pdf/pdf_fonts.h"

#include <hpdf.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

#include "ar/base/utf8.h"
#include "ar/pdf/pdf_internal.h"

const char *const ar_pdf_encodings[AR_PDF_ENC_COUNT] = {
    "WinAnsiEncoding", /* Western Europe */
    "CP1250",          /* Central Europe */
    "CP1257",          /* Baltic */
    "CP1254",          /* Turkish */
    "ISO8859-16",      /* Romanian (comma below) */
    "ISO8859-3",       /* Maltese, Esperanto */
    "ISO8859-4",       /* North European */
    "ISO8859-10",      /* Nordic, Sami */
    "ISO8859-14",      /* Celtic */
    "CP1251",          /* Cyrillic */
    "CP1253",          /* Greek */
};

/* An encoder libharu lacks is skipped (build_encodings): nothing to keep. */
static void ignore_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
    (void)error;
    (void)detail;
    (void)user;
}

/* Record for every encoding which byte stands for which code point. */
static ar_err build_encodings(ar_pdf_fonts *f, ar_diag *d)
{
    HPDF_Doc doc = HPDF_New(ignore_error, NULL);
    if (!doc)
        return ar_diag_set(d, AR_ERR_OUTPUT, NULL, 0, NULL,
                           "the PDF library could not start");
    f->mask = ar_xcalloc(65536, sizeof *f->mask);
    for (size_t e = 0; e < AR_PDF_ENC_COUNT; e++) {
        f->code[e] = ar_xcalloc(65536, 1);
        HPDF_Encoder enc = HPDF_GetEncoder(doc, ar_pdf_encodings[e]);
        if (!enc)
            continue;
        for (unsigned c = 0x20; c <= 0xFF; c++) {
            HPDF_UNICODE u = HPDF_Encoder_GetUnicode(enc, (HPDF_UINT16)c);
            /* 0x7F and unassigned codes map to nothing printable */
            if (u < 0x20 || u == 0x7F || (u >= 0x80 && u < 0xA0) ||
                f->mask[u] & (1u << e))
                continue;
            f->mask[u] |= (uint16_t)(1u << e);
            f->code[e][u] = (uint8_t)c;
        }
    }
    HPDF_Free(doc);
    return AR_OK;
}

/* The font that draws cp in face, or -1 (from the fonts themselves). */
static int find_font(const ar_pdf_fonts *f, ar_pdf_face face, uint32_t cp)
{
    int first = face == AR_PDF_BOLD ? AR_PDF_FONT_BOLD : AR_PDF_FONT_REGULAR;
    if (ar_font_width(f->font[first], cp) >= 0)
        return first;
    if (f->font[AR_PDF_FONT_FALLBACK] &&
        ar_font_width(f->font[AR_PDF_FONT_FALLBACK], cp) >= 0)
        return AR_PDF_FONT_FALLBACK;
    if (first == AR_PDF_FONT_BOLD &&
        ar_font_width(f->font[AR_PDF_FONT_REGULAR], cp) >= 0)
        return AR_PDF_FONT_REGULAR;
    return -1;
}

/* Per face and code point: which font draws it and how wide it is, so
 * that measuring a text is one lookup per character. A character is
 * drawable only when an encoding has it too. */
static void build_tables(ar_pdf_fonts *f)
{
    for (int k = 0; k < AR_PDF_FACE_COUNT_; k++) {
        f->draw_font[k] = ar_xmalloc(65536);
        f->draw_width[k] = ar_xmalloc(65536 * sizeof *f->draw_width[k]);
        for (uint32_t cp = 0; cp < 65536; cp++) {
            int fi = f->mask[cp] ? find_font(f, (ar_pdf_face)k, cp) : -1;
            f->draw_font[k][cp] = (int8_t)fi;
            f->draw_width[k][cp] =
                (int16_t)(fi >= 0 ? ar_font_width(f->font[fi], cp) : 0);
        }
    }
}

/* Best compression: once a run, for every document of it. */
const unsigned char *ar_pdf_fonts_deflated(ar_pdf_fonts *f, int i,
                                           size_t *len)
{
    pthread_mutex_lock(&f->lock);
    if (!f->embed_z[i]) {
        uLongf n = compressBound(f->embed_len[i]);
        f->embed_z[i] = ar_xmalloc(n);
        if (compress2(f->embed_z[i], &n, f->embed[i], f->embed_len[i],
                      Z_BEST_COMPRESSION) != Z_OK) {
            fprintf(stderr, "arbatch: out of memory (deflate)\n");
            abort();
        }
        f->embed_zlen[i] = n;
    }
    *len = f->embed_zlen[i];
    pthread_mutex_unlock(&f->lock);
    return f->embed_z[i];
}

ar_err ar_pdf_fonts_new(const char *regular, const char *bold,
                        const char *fallback, ar_pdf_fonts **out, ar_diag *d)
{
    ar_pdf_fonts *f = ar_xcalloc(1, sizeof *f);
    pthread_mutex_init(&f->lock, NULL);
    const char *paths[AR_PDF_FONT_COUNT_] = {regular, bold ? bold : regular,
                                             fallback};
    ar_err err = AR_OK;
    for (int i = 0; i < AR_PDF_FONT_COUNT_ && err == AR_OK; i++) {
        if (!paths[i])
            continue;
        err = ar_font_load(paths[i], &f->font[i], d);
        if (err == AR_OK)
            err = ar_font_bytes(f->font[i], &f->embed[i], &f->embed_len[i], d);
    }
    if (err == AR_OK)
        err = build_encodings(f, d);
    if (err == AR_OK)
        build_tables(f);
    if (err != AR_OK) {
        ar_pdf_fonts_free(f);
        f = NULL;
    }
    *out = f;
    return err;
}

void ar_pdf_fonts_free(ar_pdf_fonts *f)
{
    if (!f)
        return;
    for (int i = 0; i < AR_PDF_FONT_COUNT_; i++) {
        free(f->embed[i]);
        free(f->embed_z[i]);
        ar_font_free(f->font[i]);
    }
    for (size_t e = 0; e < AR_PDF_ENC_COUNT; e++)
        free(f->code[e]);
    for (int k = 0; k < AR_PDF_FACE_COUNT_; k++) {
        free(f->draw_font[k]);
        free(f->draw_width[k]);
    }
    free(f->mask);
    pthread_mutex_destroy(&f->lock);
    free(f);
}

bool ar_pdf_drawable(const ar_pdf_fonts *f, ar_pdf_face face, uint32_t cp)
{
    return ar_pdf_font_for(f, face, cp) >= 0;
}

bool ar_pdf_can_draw(const ar_pdf_fonts *f, ar_pdf_face face,
                     const char *utf8, uint32_t *bad)
{
    uint32_t cp;
    while ((cp = ar_utf8_next(&utf8)) != 0)
        if (!ar_pdf_drawable(f, face, cp)) {
            if (bad)
                *bad = cp;
            return false;
        }
    return true;
}

double ar_pdf_width(const ar_pdf_fonts *f, ar_pdf_face face, double size,
                    const char *utf8, size_t len)
{
    const unsigned char *s = (const unsigned char *)utf8, *end = s + len;
    const int16_t *w = f->draw_width[face];
    long units = 0;
    while (s < end && *s) {
        if (*s < 0x80) { /* the common case, without decoding */
            units += w[*s++];
            continue;
        }
        const char *q = (const char *)s;
        uint32_t cp = ar_utf8_next(&q);
        s = (const unsigned char *)q;
        if (cp < 65536)
            units += w[cp];
    }
    return units * size / 1000.0;
}

double ar_pdf_ascent(const ar_pdf_fonts *f, ar_pdf_face face, double size)
{
    const ar_font *font = f->font[face == AR_PDF_BOLD ? AR_PDF_FONT_BOLD
                                                      : AR_PDF_FONT_REGULAR];
    return ar_font_ascent(font) * size / 1000.0;
}

ar_err ar_pdf_fonts_subset(ar_pdf_fonts *f, const ar_cpset *used, ar_diag *d)
{
    for (int i = 0; i < AR_PDF_FONT_COUNT_; i++) {
        if (!f->font[i])
            continue;
        unsigned char *data;
        size_t len;
        ar_err err = ar_font_subset(f->font[i], used, &data, &len, d);
        if (err != AR_OK)
            return err;
        free(f->embed[i]);
        f->embed[i] = data;
        f->embed_len[i] = len;
        free(f->embed_z[i]);
        f->embed_z[i] = NULL;
    }
    return AR_OK;
}
