/* font.h - TrueType fonts for the PDFs: which characters a font can draw,
 * how wide they are, and a copy cut down to the characters a run needs.
 *
 * Embedding a whole font in every letter makes each one large and slow to
 * write; a run subsets each font once to the characters its letters use
 * (about 10 KB a face) and every letter embeds that small copy. Widths
 * are in 1/1000 em, exactly as the PDF library writes them, so text
 * measured here lines up with what is printed.
 * Only the Basic Multilingual Plane is handled (names in every living
 * script but a handful of historic ideographs are in it).
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

/* Glyph id of cp in f, 0 when the font has none. */
unsigned ar_font_glyph(const ar_font *f, uint32_t cp);

/* True when cp prints as one glyph of its own, left to right, with no
 * shaping: letters, digits, punctuation and symbols of the Latin, Greek,
 * Cyrillic, Armenian, Georgian, Han, Kana, Hangul (syllables) and Bopomofo
 * scripts and the common ones. False for combining marks, controls, format
 * characters, private use, and the scripts that need joining, reordering
 * or right-to-left setting (Arabic, Hebrew, Indic, Thai, ...), which the
 * PDF library cannot set: such a character is never printed wrong, the
 * text holding it is held back. */
bool ar_font_stands_alone(uint32_t cp);

/* What a PDF font descriptor says about a font, in 1/1000 em. */
typedef struct ar_font_info {
    char name[64];             /* PostScript name, [A-Za-z0-9-] only */
    int ascent, descent, cap_height, x_height;
    int bbox[4];               /* xMin yMin xMax yMax */
    int italic_angle;          /* degrees */
    bool bold;
} ar_font_info;

/* Fill out with f's metrics and name. */
void ar_font_info_get(const ar_font *f, ar_font_info *out);

/* A copy of f holding only the glyphs of the code points in used (and
 * what they are built from), without hinting and without the layout
 * tables the PDF library does not read: *out (caller frees), *len.
 * AR_ERR_OUTPUT when HarfBuzz cannot make it. */
ar_err ar_font_subset(const ar_font *f, const ar_cpset *used,
                      unsigned char **out, size_t *len, ar_diag *d);

/* The same for the n code points cps, keeping every glyph at its id in
 * f (ar_font_glyph): a text set by glyph id before the subset is made
 * prints from it. */
ar_err ar_font_subset_ids(const ar_font *f, const uint16_t *cps, size_t n,
                          unsigned char **out, size_t *len, ar_diag *d);

/* The whole font file: *out (caller frees), *len. AR_ERR_IO on failure. */
ar_err ar_font_bytes(const ar_font *f, unsigned char **out, size_t *len,
                     ar_diag *d);

#endif
