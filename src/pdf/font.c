/* font.c - font coverage, widths and subsetting; the only user of
 * HarfBuzz (hb-subset). */
#include "ar/pdf/font.h"

#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <stdlib.h>
#include <string.h>

struct ar_font {
    char *path;            /* for messages */
    hb_blob_t *blob;
    hb_face_t *face;
    int16_t *width;        /* per BMP code point, -1 = no glyph */
    uint16_t *gid;         /* per BMP code point, 0 = no glyph */
    int ascent;
    ar_font_info info;
};

void ar_cpset_union(ar_cpset *dst, const ar_cpset *src)
{
    for (size_t i = 0; i < sizeof dst->bits / sizeof *dst->bits; i++)
        dst->bits[i] |= src->bits[i];
}

static int16_t be16(const char *p)
{
    return (int16_t)((unsigned char)p[0] << 8 | (unsigned char)p[1]);
}

/* The descriptor's values: name, descent, cap and x height, bounding box
 * (from 'head'), slant and weight. */
static void read_info(hb_face_t *face, hb_font_t *font, unsigned upem,
                      ar_font_info *in)
{
    memset(in, 0, sizeof *in);
    char name[64];
    unsigned len = sizeof name;
    if (!hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME,
                             HB_LANGUAGE_INVALID, &len, name))
        name[0] = '\0';
    size_t n = 0;
    for (const char *p = name; *p && n + 1 < sizeof in->name; p++)
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
            (*p >= '0' && *p <= '9') || *p == '-')
            in->name[n++] = *p;
    if (n == 0)
        memcpy(in->name, "Font", 5);
#define EM(v) ((int)((double)(v) * 1000 / (int)upem))
    hb_font_extents_t ext;
    if (hb_font_get_h_extents(font, &ext))
        in->descent = EM(ext.descender);
    hb_position_t pos;
    in->cap_height = hb_ot_metrics_get_position(
                         font, HB_OT_METRICS_TAG_CAP_HEIGHT, &pos)
                         ? EM(pos)
                         : 700;
    in->x_height = hb_ot_metrics_get_position(font, HB_OT_METRICS_TAG_X_HEIGHT,
                                              &pos)
                       ? EM(pos)
                       : 500;
    hb_blob_t *head = hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd'));
    unsigned hl = 0;
    const char *h = hb_blob_get_data(head, &hl);
    if (h && hl >= 44)
        for (int i = 0; i < 4; i++)
            in->bbox[i] = EM(be16(h + 36 + 2 * i));
    hb_blob_destroy(head);
#undef EM
    in->italic_angle = (int)hb_style_get_value(font, HB_STYLE_TAG_SLANT_ANGLE);
    in->bold = hb_style_get_value(font, HB_STYLE_TAG_WEIGHT) >= 600;
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
    f->gid = ar_xcalloc(65536, sizeof *f->gid);
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
        f->gid[cp] = (uint16_t)gid;
    }
    hb_font_extents_t ext;
    if (hb_font_get_h_extents(font, &ext)) {
        f->ascent = (int)(ext.ascender * 1000 / (int)upem);
    } else {
        f->ascent = 800;
    }
    read_info(face, font, upem, &f->info);
    f->info.ascent = f->ascent;
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
    free(f->gid);
    free(f->path);
    free(f);
}

int ar_font_width(const ar_font *f, uint32_t cp)
{
    return cp < 65536 ? f->width[cp] : -1;
}

int ar_font_ascent(const ar_font *f) { return f->ascent; }

unsigned ar_font_glyph(const ar_font *f, uint32_t cp)
{
    return cp < 65536 ? f->gid[cp] : 0;
}

void ar_font_info_get(const ar_font *f, ar_font_info *out)
{
    *out = f->info;
}

bool ar_font_stands_alone(uint32_t cp)
{
    /* conjoining Hangul jamo compose into syllables when set: NFC has
     * composed the modern ones already, what is left would print apart */
    if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xA960 && cp <= 0xA97F) ||
        (cp >= 0xD7B0 && cp <= 0xD7FF) || (cp >= 0x3130 && cp <= 0x318F))
        return false;
    hb_unicode_funcs_t *u = hb_unicode_funcs_get_default();
    switch (hb_unicode_general_category(u, cp)) {
    case HB_UNICODE_GENERAL_CATEGORY_CONTROL:
    case HB_UNICODE_GENERAL_CATEGORY_FORMAT:
    case HB_UNICODE_GENERAL_CATEGORY_UNASSIGNED:
    case HB_UNICODE_GENERAL_CATEGORY_PRIVATE_USE:
    case HB_UNICODE_GENERAL_CATEGORY_SURROGATE:
    case HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK:
    case HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK:
    case HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK:
    case HB_UNICODE_GENERAL_CATEGORY_LINE_SEPARATOR:
    case HB_UNICODE_GENERAL_CATEGORY_PARAGRAPH_SEPARATOR:
        return false;
    default:
        break;
    }
    switch (hb_unicode_script(u, cp)) {
    case HB_SCRIPT_COMMON:
    case HB_SCRIPT_LATIN:
    case HB_SCRIPT_GREEK:
    case HB_SCRIPT_CYRILLIC:
    case HB_SCRIPT_ARMENIAN:
    case HB_SCRIPT_GEORGIAN:
    case HB_SCRIPT_HAN:
    case HB_SCRIPT_HIRAGANA:
    case HB_SCRIPT_KATAKANA:
    case HB_SCRIPT_HANGUL:
    case HB_SCRIPT_BOPOMOFO:
        return true;
    default:
        return false;
    }
}

/* A subset of f to the code points in cps (an hb_set of the input),
 * flags added to the ones every subset has. */
static ar_err subset(const ar_font *f, hb_subset_input_t *in, unsigned flags,
                     unsigned char **out, size_t *len, ar_diag *d)
{
    ar_err err = AR_OK;
    hb_face_t *sub = NULL;
    hb_blob_t *data = NULL;
    /* the PDF library neither hints nor shapes: drop what it never reads */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | flags);
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    static const char *const tags[] = {"GPOS", "GSUB", "GDEF", "kern",
                                       "MATH", "BASE", "JSTF", "gasp",
                                       "FFTM", "DSIG", "hdmx", "LTSH",
                                       "VDMX", "vhea", "vmtx", "VORG"};
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

ar_err ar_font_subset(const ar_font *f, const ar_cpset *used,
                      unsigned char **out, size_t *len, ar_diag *d)
{
    *out = NULL;
    *len = 0;
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return ar_diag_set(d, AR_ERR_OUTPUT, f->path, 0, NULL,
                           "cannot subset the font");
    hb_set_t *cps = hb_subset_input_unicode_set(in);
    hb_set_add(cps, ' '); /* never an empty font */
    for (uint32_t cp = 0; cp < 65536; cp++)
        if (ar_cpset_has(used, cp) && f->width[cp] >= 0)
            hb_set_add(cps, cp);
    return subset(f, in, 0, out, len, d);
}

ar_err ar_font_subset_ids(const ar_font *f, const uint16_t *cps, size_t n,
                          unsigned char **out, size_t *len, ar_diag *d)
{
    *out = NULL;
    *len = 0;
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return ar_diag_set(d, AR_ERR_OUTPUT, f->path, 0, NULL,
                           "cannot subset the font");
    hb_set_t *set = hb_subset_input_unicode_set(in);
    for (size_t i = 0; i < n; i++)
        if (f->width[cps[i]] >= 0)
            hb_set_add(set, cps[i]);
    return subset(f, in, HB_SUBSET_FLAGS_RETAIN_GIDS, out, len, d);
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
