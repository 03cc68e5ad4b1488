/* pdf_fonts.h - the fonts of a run's PDFs: which characters print, how
 * wide a text is, and the font programs the documents embed.
 *
 * Each character of a text is drawn from the face asked for, else the
 * fallback font (a CJK font by default), else the regular face. A
 * character one of the 8-bit PDF encodings has (Western, Central
 * European, Baltic, Turkish, Romanian, South and North European,
 * Cyrillic, Greek) is set in a simple TrueType font under that encoding;
 * any other that stands alone (font.h: kanji, kana, hangul, Vietnamese,
 * Armenian, ...) by glyph id, in a composite font that each document
 * subsets to its own characters (a Japanese name costs a few KB).
 * ar_pdf_can_draw says beforehand whether a text prints exactly: one that
 * cannot is never drawn as blanks, boxes or '?', the caller holds it back
 * (drawing it anyway marks the document failed).
 *
 * ar_pdf_fonts is made once per run and shared by every thread (read-only
 * but for a locked cache). The simple fonts' programs are the run's
 * subset (ar_pdf_fonts_subset), and their objects are written once a run
 * and copied into each document as they are.
 */
#ifndef AR_PDF_FONTS_H
#define AR_PDF_FONTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/base/error.h"
#include "ar/pdf/font.h"

typedef enum ar_pdf_face {
    AR_PDF_REGULAR,
    AR_PDF_BOLD,
    AR_PDF_FACE_COUNT_
} ar_pdf_face;

typedef struct ar_pdf_fonts ar_pdf_fonts;

/* Load the regular and bold TrueType files and an optional fallback
 * (NULL). AR_ERR_IO with d filled when a file is not a readable font. */
ar_err ar_pdf_fonts_new(const char *regular, const char *bold,
                        const char *fallback, ar_pdf_fonts **out, ar_diag *d);

/* Free f and its font programs (NULL: nothing). */
void ar_pdf_fonts_free(ar_pdf_fonts *f);

/* True when every character of utf8 prints exactly in face; else false
 * with *bad the first one that cannot (U+FFFD for invalid UTF-8). */
bool ar_pdf_can_draw(const ar_pdf_fonts *f, ar_pdf_face face,
                     const char *utf8, uint32_t *bad);

/* True when the single character cp prints exactly in face. */
bool ar_pdf_drawable(const ar_pdf_fonts *f, ar_pdf_face face, uint32_t cp);

/* Width in points of the first len bytes of utf8 set in face at size. */
double ar_pdf_width(const ar_pdf_fonts *f, ar_pdf_face face, double size,
                    const char *utf8, size_t len);

/* Ascender height in points of face at size. */
double ar_pdf_ascent(const ar_pdf_fonts *f, ar_pdf_face face, double size);

/* From now on embed only the characters in used (every text drawn must
 * be in it): each font program is cut down to them, in memory. Call once,
 * before any document is made. AR_ERR_OUTPUT with d filled on failure. */
ar_err ar_pdf_fonts_subset(ar_pdf_fonts *f, const ar_cpset *used,
                           ar_diag *d);

/* Make every document PDF/A-1b, with the ICC profile at icc_path (RGB) as
 * its output intent. Call before any document is made. AR_ERR_IO or
 * AR_ERR_LAYOUT with d filled when it is not a readable RGB profile. */
ar_err ar_pdf_fonts_set_profile(ar_pdf_fonts *f, const char *icc_path,
                                ar_diag *d);

#endif
