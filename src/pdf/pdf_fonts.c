/* pdf_fonts.c - the run's fonts as the PDFs use them: encodings, which
 * font draws each character and how, widths, and the objects every
 * document embeds, made once a run.
 *
 * libharu's UTF-8 path builds a 64K-entry CID map and width table for
 * every font of every document (the measured 39 letters/s). Instead each
 * font is used as a simple TrueType font under the 8-bit encodings libharu
 * knows: a text is cut into runs that one encoding covers, and each run is
 * set in the font object for that encoding (pdf_draw.c). PDF readers map
 * every code back to Unicode through the encoding (pdftotext finds the
 * text). A character no encoding has but that stands alone (font.h) is
 * set by glyph id in a composite font of the document's own (pdf_obj.c).
 *
 * The simple fonts' objects - Font dictionaries with their widths and
 * encodings, descriptors and the deflated font programs - are the same in
 * every document of a run: they are serialized here once and copied into
 * each document (pdf_obj.c) instead of libharu parsing the font and
 * building them again per letter.
 */
#include "ar/pdf/pdf_fonts.h"

#include <hpdf.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* A growable text that libharu's writers append to. */
typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void text_add(text *t, const void *data, size_t n)
{
    ar_xgrow((void **)&t->s, &t->cap, t->len + n + 1, 1);
    memcpy(t->s + t->len, data, n);
    t->len += n;
    t->s[t->len] = '\0';
}

__attribute__((format(printf, 2, 3))) static void text_printf(
    text *t, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        text_add(t, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static HPDF_STATUS text_write(HPDF_Stream s, const HPDF_BYTE *ptr,
                              HPDF_UINT size)
{
    text_add(s->attr, ptr, size);
    return HPDF_OK;
}

/* The /Encoding entry libharu writes for enc, without the codes its glyph
 * list has no name for (".notdef": a reader would print nothing there);
 * those codes are taken out of the encoding (bad[code] set). */
static char *encoding_entry(HPDF_Doc doc, HPDF_Encoder enc, bool bad[256])
{
    text raw = {0}, out = {0};
    HPDF_Stream s = HPDF_CallbackWriter_New(doc->mmgr, text_write, &raw);
    if (s) {
        HPDF_BasicEncoder_Write(enc, s);
        HPDF_Stream_Free(s);
    }
    const char *diff = raw.s ? strstr(raw.s, "/Differences [") : NULL;
    if (!diff) {
        free(out.s);
        return raw.s ? raw.s : ar_xstrdup("/Encoding /WinAnsiEncoding\n");
    }
    diff += strlen("/Differences [");
    text_add(&out, raw.s, (size_t)(diff - raw.s));
    for (const char *p = diff; *p && *p != ']';) {
        char *end;
        long code = strtol(p, &end, 10);
        if (end == p || *end != ' ' || end[1] != '/')
            break;
        const char *name = end + 2, *ne = name;
        while (*ne && *ne != ' ' && *ne != ']')
            ne++;
        if ((size_t)(ne - name) == 7 && strncmp(name, ".notdef", 7) == 0) {
            if (code >= 0 && code < 256)
                bad[code] = true;
        } else {
            text_add(&out, p, (size_t)(ne - p));
            text_add(&out, " ", 1);
        }
        p = *ne == ' ' ? ne + 1 : ne;
    }
    text_add(&out, "]\n>>\n", 5);
    free(raw.s);
    return out.s;
}

/* Record for every encoding which byte stands for which code point, and
 * the /Encoding entry each writes. */
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
        bool bad[256] = {false};
        f->enc_entry[e] = encoding_entry(doc, enc, bad);
        for (unsigned c = 0x20; c <= 0xFF; c++) {
            HPDF_UNICODE u = HPDF_Encoder_GetUnicode(enc, (HPDF_UINT16)c);
            /* 0x7F and unassigned codes map to nothing printable */
            if (bad[c] || u < 0x20 || u == 0x7F || (u >= 0x80 && u < 0xA0) ||
                f->mask[u] & (1u << e))
                continue;
            f->mask[u] |= (uint16_t)(1u << e);
            f->code[e][u] = (uint8_t)c;
        }
    }
    HPDF_Free(doc);
    return AR_OK;
}

/* The font that has a glyph for cp in face, or -1. */
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

/* Per face and code point: which font draws it, how (under an encoding
 * or by glyph id) and how wide it is, so that measuring a text is one
 * lookup per character. */
static void build_tables(ar_pdf_fonts *f)
{
    for (int k = 0; k < AR_PDF_FACE_COUNT_; k++) {
        f->draw_font[k] = ar_xmalloc(65536);
        f->draw_width[k] = ar_xmalloc(65536 * sizeof *f->draw_width[k]);
        for (uint32_t cp = 0; cp < 65536; cp++) {
            int fi = cp >= 0x20 ? find_font(f, (ar_pdf_face)k, cp) : -1;
            int how = fi < 0                   ? -1
                      : f->mask[cp]            ? fi
                      : ar_font_stands_alone(cp) ? fi + AR_PDF_CID
                                               : -1;
            f->draw_font[k][cp] = (int8_t)how;
            f->draw_width[k][cp] =
                (int16_t)(how >= 0 ? ar_font_width(f->font[fi], cp) : 0);
        }
    }
}

/* ---- the objects every document shares -------------------------------- */

static unsigned char *deflate_all(const unsigned char *data, size_t len,
                                  size_t *out_len)
{
    uLongf n = compressBound(len);
    unsigned char *z = ar_xmalloc(n);
    if (compress2(z, &n, data, len, Z_BEST_COMPRESSION) != Z_OK) {
        fprintf(stderr, "arbatch: out of memory (deflate)\n");
        abort();
    }
    *out_len = n;
    return z;
}

/* A subset tag ("ABCDEF") from the program's bytes: the same subset gets
 * the same name in every run. */
static void subset_tag(const unsigned char *data, size_t len, char tag[7])
{
    char hex[65];
    ar_sha256_hex(data, len, hex);
    for (int i = 0; i < 6; i++)
        tag[i] = (char)('A' + (unsigned)(hex[2 * i] * 31 + hex[2 * i + 1]) % 26);
    tag[6] = '\0';
}

static void tmpl_set(ar_pdf_tmpl *t, text *body)
{
    t->body = body->s;
    t->body_len = body->len;
}

/* The program, descriptor and Font objects of font i under every
 * encoding. Widths are those of the characters the program holds. */
static void build_font_objects(ar_pdf_fonts *f, int i)
{
    const ar_font *font = f->font[i];
    ar_font_info in;
    ar_font_info_get(font, &in);
    char tag[7];
    subset_tag(f->embed[i], f->embed_len[i], tag);

    text t = {0};
    f->file[i].data = deflate_all(f->embed[i], f->embed_len[i],
                                  &f->file[i].data_len);
    text_printf(&t, "/Filter /FlateDecode\n/Length1 %zu\n", f->embed_len[i]);
    tmpl_set(&f->file[i], &t);

    t = (text){0};
    text_printf(&t,
                "/Type /FontDescriptor\n/FontName /%s+%s\n/Flags 32\n"
                "/FontBBox [%d %d %d %d]\n/ItalicAngle %d\n/Ascent %d\n"
                "/Descent %d\n/CapHeight %d\n/XHeight %d\n/StemV %d\n",
                tag, in.name, in.bbox[0], in.bbox[1], in.bbox[2], in.bbox[3],
                in.italic_angle, in.ascent, in.descent, in.cap_height,
                in.x_height, in.bold ? 140 : 80);
    tmpl_set(&f->desc[i], &t);

    for (size_t e = 0; e < AR_PDF_ENC_COUNT; e++) {
        if (!f->enc_entry[e])
            continue;
        uint32_t uni[256] = {0};
        for (uint32_t cp = 0; cp < 65536; cp++)
            if (f->mask[cp] & (1u << e))
                uni[f->code[e][cp]] = cp;
        t = (text){0};
        text_printf(&t,
                    "/Type /Font\n/Subtype /TrueType\n/BaseFont /%s+%s\n"
                    "/FirstChar 32\n/LastChar 255\n",
                    tag, in.name);
        text_add(&t, f->enc_entry[e], strlen(f->enc_entry[e]));
        text_add(&t, "/Widths [", 9);
        for (unsigned c = 32; c <= 255; c++) {
            uint32_t u = uni[c];
            /* only the characters this program draws under an encoding */
            bool drawn = u &&
                         (!f->kept[i] || ar_cpset_has(f->kept[i], u)) &&
                         (f->draw_font[AR_PDF_REGULAR][u] == i ||
                          f->draw_font[AR_PDF_BOLD][u] == i);
            text_printf(&t, c % 16 == 0 ? "\n%d" : " %d",
                        drawn ? ar_font_width(font, u) : 0);
        }
        text_add(&t, "]\n", 2);
        tmpl_set(&f->simple[i][e], &t);
    }
}

void ar_pdf_fonts_prepare(ar_pdf_fonts *f)
{
    pthread_mutex_lock(&f->lock);
    if (!f->ready) {
        for (int i = 0; i < AR_PDF_FONT_COUNT_; i++)
            if (f->font[i])
                build_font_objects(f, i);
        f->ready = true;
    }
    pthread_mutex_unlock(&f->lock);
}

static void tmpl_free(ar_pdf_tmpl *t)
{
    free(t->body);
    free(t->data);
    memset(t, 0, sizeof *t);
}

/* ---- the fonts of a run ------------------------------------------------ */

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
        free(f->kept[i]);
        ar_font_free(f->font[i]);
        tmpl_free(&f->file[i]);
        tmpl_free(&f->desc[i]);
        for (size_t e = 0; e < AR_PDF_ENC_COUNT; e++)
            tmpl_free(&f->simple[i][e]);
    }
    tmpl_free(&f->icc);
    for (size_t e = 0; e < AR_PDF_ENC_COUNT; e++) {
        free(f->code[e]);
        free(f->enc_entry[e]);
    }
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
    ar_err err = AR_OK;
    for (int i = 0; i < AR_PDF_FONT_COUNT_ && err == AR_OK; i++) {
        if (!f->font[i])
            continue;
        /* only what this font sets under an encoding: a kanji is set from
         * each document's own subset */
        if (!f->kept[i])
            f->kept[i] = ar_xmalloc(sizeof *f->kept[i]);
        ar_cpset *mine = f->kept[i];
        memset(mine, 0, sizeof *mine);
        for (uint32_t cp = 0; cp < 65536; cp++)
            if (ar_cpset_has(used, cp) &&
                (f->draw_font[AR_PDF_REGULAR][cp] == i ||
                 f->draw_font[AR_PDF_BOLD][cp] == i))
                ar_cpset_add(mine, cp);
        unsigned char *data;
        size_t len;
        err = ar_font_subset(f->font[i], mine, &data, &len, d);
        if (err != AR_OK)
            break;
        free(f->embed[i]);
        f->embed[i] = data;
        f->embed_len[i] = len;
    }
    return err;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

/* The profile's description (its 'desc' tag, ICC.1 v2 textDescription),
 * printable ASCII, else the file's name: the output condition named in
 * every document. */
static void profile_name(const unsigned char *b, size_t n, const char *path,
                         char *out, size_t size)
{
    out[0] = '\0';
    uint32_t count = be32(b + 128);
    for (uint32_t i = 0; i < count && 132 + 12 * (size_t)i + 12 <= n; i++) {
        const unsigned char *e = b + 132 + 12 * (size_t)i;
        uint32_t off = be32(e + 4), len = be32(e + 8);
        if (memcmp(e, "desc", 4) != 0 || off + 12 > n || len < 12 ||
            off + len > n || memcmp(b + off, "desc", 4) != 0)
            continue;
        uint32_t chars = be32(b + off + 8);
        size_t k = 0;
        for (uint32_t c = 0; c < chars && off + 12 + c < n && k + 1 < size;
             c++) {
            unsigned char ch = b[off + 12 + c];
            if (ch == 0)
                break;
            out[k++] = ch >= 0x20 && ch < 0x7F && ch != '(' && ch != ')' &&
                               ch != '\\'
                           ? (char)ch
                           : '_';
        }
        out[k] = '\0';
    }
    if (!out[0]) {
        const char *base = strrchr(path, '/');
        snprintf(out, size, "%.60s", base ? base + 1 : path);
    }
}

ar_err ar_pdf_fonts_set_profile(ar_pdf_fonts *f, const char *icc_path,
                                ar_diag *d)
{
    FILE *fp = fopen(icc_path, "rb");
    if (!fp)
        return ar_diag_set(d, AR_ERR_IO, icc_path, 0, NULL,
                           "cannot read the ICC profile");
    unsigned char *buf = ar_xmalloc(1 << 20);
    size_t n = fread(buf, 1, 1 << 20, fp);
    fclose(fp);
    /* ICC.1: the size at 0, the data colour space at 16, 'acsp' at 36 */
    if (n < 132 || n == 1 << 20 || memcmp(buf + 36, "acsp", 4) != 0 ||
        memcmp(buf + 16, "RGB ", 4) != 0) {
        free(buf);
        return ar_diag_set(d, AR_ERR_LAYOUT, icc_path, 0, NULL,
                           "not an RGB ICC profile");
    }
    tmpl_free(&f->icc);
    f->icc.data = deflate_all(buf, n, &f->icc.data_len);
    text t = {0};
    text_add(&t, "/N 3\n/Filter /FlateDecode\n", 26);
    tmpl_set(&f->icc, &t);
    profile_name(buf, n, icc_path, f->icc_name, sizeof f->icc_name);
    free(buf);
    return AR_OK;
}
