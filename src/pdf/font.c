/* font.c - font coverage, widths and subsetting; the only user of
 * HarfBuzz (hb-subset). */
#include "ar/pdf/font.h"

#include <hb-subset.h>
#include <hb.h>
#include <stdlib.h>
#include <string.h>

struct ar_font {
    char *path;            /* for messages */
    hb_blob_t *blob;
    hb_face_t *face;
    int16_t *width;        /* per BMP code point, -1 = no glyph */
    int ascent;
};

void ar_cpset_union(ar_cpset *dst, const ar_cpset *src)
{
    for (size_t i = 0; i < sizeof dst->bits / sizeof *dst->bits; i++)
        dst->bits[i] |= src->bits[i];
}

ar_err ar_font_load(const char *path, ar_font **out, ar_diag *d)
{
    *out = NULL;
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob)
        return ar_diag_set(d, AR_ERR_IO, path, 0, NULL,
                           "cannot read the font file");
    hb_face_t *face = hb_face_create(blob, 0);
    unsigned upem = hb_face_get_upem(face);
    if (hb_face_get_glyph_count(face) == 0 || upem == 0) {
        hb_face_destroy(face);
        hb_blob_destroy(blob);
        return ar_diag_set(d, AR_ERR_IO, path, 0, NULL,
                           "not a TrueType font");
    }
    ar_font *f = ar_xcalloc(1, sizeof *f);
    f->path = ar_xstrdup(path);
    f->blob = blob;
    f->face = face;
    f->width = ar_xmalloc(65536 * sizeof *f->width);
    for (size_t i = 0; i < 65536; i++)
        f->width[i] = -1;

    /* unscaled advances: the font's own units */
    hb_font_t *font = hb_font_create(face);
    hb_font_set_scale(font, (int)upem, (int)upem);
    hb_set_t *cps = hb_set_create();
    hb_face_collect_unicodes(face, cps);
    hb_codepoint_t cp = HB_SET_VALUE_INVALID;
    while (hb_set_next(cps, &cp) && cp < 65536) {
        hb_codepoint_t gid;
        if (!hb_font_get_nominal_glyph(font, cp, &gid))
            continue;
        /* libharu: (HPDF_UINT16)(advance * 1000 / units_per_em) */
        unsigned adv = (unsigned)hb_font_get_glyph_h_advance(font, gid);
        f->width[cp] = (int16_t)(uint16_t)(adv * 1000u / upem);
    }
    hb_font_extents_t ext;
    if (hb_font_get_h_extents(font, &ext)) {
        f->ascent = (int)(ext.ascender * 1000 / (int)upem);
    } else {
        f->ascent = 800;
    }
    hb_set_destroy(cps);
    hb_font_destroy(font);
    *out = f;
    return AR_OK;
}

void ar_font_free(ar_font *f)
{
    if (!f)
        return;
    hb_face_destroy(f->face);
    hb_blob_destroy(f->blob);
    free(f->width);
    free(f->path);
    free(f);
}

int ar_font_width(const ar_font *f, uint32_t cp)
{
    return cp < 65536 ? f->width[cp] : -1;
}

int ar_font_ascent(const ar_font *f) { return f->ascent; }
ar_err ar_font_subset(const ar_font *f, const ar_cpset *used,
                      unsigned char **out, size_t *len, ar_diag *d)
{
    *out = NULL;
    *len = 0;
    ar_err err = AR_OK;
    hb_face_t *sub = NULL;
    hb_blob_t *data = NULL;
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in) {
        err = ar_diag_set(d, AR_ERR_OUTPUT, f->path, 0, NULL,
                          "cannot subset the font");
        goto out;
    }
    hb_set_t *cps = hb_subset_input_unicode_set(in);
    hb_set_add(cps, ' '); /* never an empty font */
    for (uint32_t cp = 0; cp < 65536; cp++)
        if (ar_cpset_has(used, cp) && f->width[cp] >= 0)
            hb_set_add(cps, cp);
    /* the PDF library neither hints nor shapes: drop what it never reads */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    static const char *const tags[] = {"GPOS", "GSUB", "GDEF", "kern",
                                       "MATH", "BASE", "JSTF", "gasp",
                                       "FFTM", "DSIG", "hdmx", "LTSH",
                                       "VDMX"};
    for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
        hb_set_add(drop, hb_tag_from_string(tags[i], 4));
    sub = hb_subset_or_fail(f->face, in);
    if (!sub) {
        err = ar_diag_set(d, AR_ERR_OUTPUT, f->path, 0, NULL,
                          "cannot subset the font");
        goto out;
    }
    data = hb_face_reference_blob(sub);
    unsigned n = 0;
    const char *bytes = hb_blob_get_data(data, &n);
    *out = ar_xmalloc(n ? n : 1);
    memcpy(*out, bytes, n);
    *len = n;
out:
    hb_blob_destroy(data);
    hb_face_destroy(sub);
    hb_subset_input_destroy(in);
    return err;
}

ar_err ar_font_bytes(const ar_font *f, unsigned char **out, size_t *len,
                     ar_diag *d)
{
    unsigned n = 0;
    const char *bytes = hb_blob_get_data(f->blob, &n);
    *out = NULL;
    *len = 0;
    if (!bytes || n == 0)
        return ar_diag_set(d, AR_ERR_IO, f->path, 0, NULL,
                           "cannot read the font file");
    *out = ar_xmalloc(n);
    memcpy(*out, bytes, n);
    *len = n;
    return AR_OK;
}
