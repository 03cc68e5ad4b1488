/* font.h - TrueType fonts for the PDFs: which characters a font can draw,
 * how wide they are, and a copy cut down to the characters a run needs.
 *
 * Embedding a whole font in every letter makes each one large and slow to
 * write; a run subsets each font once to the characters its letters use
 * (about 10 KB a face) and every letter embeds that small copy. Widths
 * are in 1/1000 em, exactly as the PDF library writes them, so text
 * measured here lines up with what is printed.
 * Only the Basic Multilingual Plane is handled: the letters' 8-bit PDF
 * encodings cannot reach beyond it anyway.
 */
#ifndef AR_FONT_H
#define AR_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/base/error.h"

/* A set of BMP code points (8 KB). Zero it to empty it. */
typedef struct ar_cpset {
    uint64_t bits[65536 / 64];
} ar_cpset;

/* Add cp to s (a code point beyond the BMP is left out). */
static inline void ar_cpset_add(ar_cpset *s, uint32_t cp)
{
    if (cp < 65536)
        s->bits[cp >> 6] |= (uint64_t)1 << (cp & 63);
}

/* True when cp is in s. */
static inline bool ar_cpset_has(const ar_cpset *s, uint32_t cp)
{
    return cp < 65536 && (s->bits[cp >> 6] >> (cp & 63)) & 1;
}

/* dst |= src */
void ar_cpset_union(ar_cpset *dst, const ar_cpset *src);

typedef struct ar_font ar_font;

/* Load the TrueType font at path. AR_ERR_IO with d filled when it cannot
 * be read or is not a font. */
ar_err ar_font_load(const char *path, ar_font **out, ar_diag *d);
void ar_font_free(ar_font *f);

/* Advance width of cp in 1/1000 em, or -1 when the font has no glyph. */
int ar_font_width(const ar_font *f, uint32_t cp);

/* Ascender in 1/1000 em. */
int ar_font_ascent(const ar_font *f);

/* A copy of f holding only the glyphs of the code points in used (and
 * what they are built from), without hinting and without the layout
 * tables the PDF library does not read: *out (caller frees), *len.
 * AR_ERR_OUTPUT when HarfBuzz cannot make it. */
ar_err ar_font_subset(const ar_font *f, const ar_cpset *used,
                      unsigned char **out, size_t *len, ar_diag *d);

/* The whole font file: *out (caller frees), *len. AR_ERR_IO on failure. */
ar_err ar_font_bytes(const ar_font *f, unsigned char **out, size_t *len,
                     ar_diag *d);

#endif
