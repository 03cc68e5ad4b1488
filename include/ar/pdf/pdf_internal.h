/* pdf_internal.h - what the files of src/pdf/ share and nothing else may
 * use: the run's font tables (pdf_fonts.c), which drawing reads for every
 * character, and a loaded image's data (pdf_image.c). libharu's types stay
 * out of it: only the sources in src/pdf/ may include hpdf.h.
 */
#ifndef AR_PDF_INTERNAL_H
#define AR_PDF_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/pdf/pdf_fonts.h"
#include "ar/pdf/pdf_image.h"

/* The font files behind the faces. */
enum {
    AR_PDF_FONT_REGULAR,
    AR_PDF_FONT_BOLD,
    AR_PDF_FONT_FALLBACK,
    AR_PDF_FONT_COUNT_
};

/* The 8-bit encodings a text is cut into: libharu's names, in order of
 * preference (a run of text uses the first that covers it). */
#define AR_PDF_ENC_COUNT 11
extern const char *const ar_pdf_encodings[AR_PDF_ENC_COUNT];

struct ar_pdf_fonts {
    ar_font *font[AR_PDF_FONT_COUNT_];     /* NULL fallback = none */
    unsigned char *embed[AR_PDF_FONT_COUNT_]; /* the font program each
                                                 document embeds (a subset
                                                 after ar_pdf_fonts_subset) */
    size_t embed_len[AR_PDF_FONT_COUNT_];
    unsigned char *embed_z[AR_PDF_FONT_COUNT_]; /* the same, deflated once,
                                                   on first use (lock) */
    size_t embed_zlen[AR_PDF_FONT_COUNT_];
    pthread_mutex_t lock;
    uint16_t *mask;                  /* per BMP code point: encodings */
    int8_t *draw_font[AR_PDF_FACE_COUNT_]; /* per code point: the font that
                                       draws it in a face, -1 = none */
    int16_t *draw_width[AR_PDF_FACE_COUNT_]; /* its width, 1/1000 em */
    uint8_t *code[AR_PDF_ENC_COUNT]; /* per encoding: code point -> byte */
};

struct ar_pdf_image {
    unsigned width, height;
    bool rgb;
    unsigned char *idat;         /* the PNG's zlib data, as it is */
    size_t idat_len;
};

/* The font (AR_PDF_FONT_*) that draws cp in face, or -1: one lookup, as
 * drawing asks for every character. */
static inline int ar_pdf_font_for(const ar_pdf_fonts *f, ar_pdf_face face,
                                  uint32_t cp)
{
    return cp < 65536 ? f->draw_font[face][cp] : -1;
}

/* Font program i (AR_PDF_FONT_*) deflated, made by the first document
 * that needs it and shared by every document of the run (*len bytes;
 * owned by f). Takes f's lock: safe from any thread. */
const unsigned char *ar_pdf_fonts_deflated(ar_pdf_fonts *f, int i,
                                           size_t *len);

#endif
