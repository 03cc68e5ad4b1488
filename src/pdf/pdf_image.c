/* pdf_image.c - the logo: a PNG checked and loaded once per run. Each
 * document embeds the PNG's own deflate stream as an image XObject made
 * here once (pdf_obj.c copies it in), so loading keeps the IDAT data as
 * it is and libharu only confirms it can read the file.
 */
#include "ar/pdf/pdf_image.h"

#include <errno.h>
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/pdf/pdf_internal.h"

/* libharu's first error code, kept for the message (no longjmp). */
static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
    HPDF_STATUS *first = user;
    (void)detail;
    if (!*first)
        *first = error;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

/* Concatenate the IDAT chunks of a non-interlaced PNG into im->idat. */
static bool read_idat(const char *path, ar_pdf_image *im)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    unsigned char sig[8], head[8];
    bool ok = fread(sig, 1, 8, fp) == 8;
    size_t cap = 0;
    while (ok && fread(head, 1, 8, fp) == 8) {
        uint32_t len = be32(head);
        if (len > (1u << 30)) {
            ok = false;
            break;
        }
        if (memcmp(head + 4, "IHDR", 4) == 0 && len >= 13) {
            unsigned char ihdr[13];
            ok = fread(ihdr, 1, 13, fp) == 13 && ihdr[12] == 0 &&
                 fseek(fp, (long)len - 13 + 4, SEEK_CUR) == 0;
        } else if (memcmp(head + 4, "IDAT", 4) == 0) {
            ar_xgrow((void **)&im->idat, &cap, im->idat_len + len, 1);
            ok = fread(im->idat + im->idat_len, 1, len, fp) == len &&
                 fseek(fp, 4, SEEK_CUR) == 0;
            im->idat_len += len;
        } else if (memcmp(head + 4, "IEND", 4) == 0) {
            break;
        } else {
            ok = fseek(fp, (long)len + 4, SEEK_CUR) == 0;
        }
    }
    fclose(fp);
    return ok && im->idat_len > 0;
}

ar_err ar_pdf_image_load(const char *path, ar_pdf_image **out, ar_diag *d)
{
    *out = NULL;
    unsigned char head[26];
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return ar_diag_set(d, AR_ERR_IO, path, 0, NULL, "cannot read: %s",
                           strerror(errno));
    size_t n = fread(head, 1, sizeof head, fp);
    fclose(fp);
    /* PNG signature, then IHDR: width, height, bit depth, colour type */
    if (n < sizeof head || memcmp(head, "\x89PNG\r\n\x1a\n", 8) != 0 ||
        memcmp(head + 12, "IHDR", 4) != 0)
        return ar_diag_set(d, AR_ERR_LAYOUT, path, 0, NULL, "not a PNG file");
    if (head[24] != 8 || (head[25] != 0 && head[25] != 2))
        return ar_diag_set(d, AR_ERR_LAYOUT, path, 0, NULL,
                           "the logo must be an 8-bit grey or RGB PNG "
                           "without alpha or palette (bit depth %u, colour "
                           "type %u)",
                           head[24], head[25]);
    HPDF_STATUS error = 0;
    HPDF_Doc doc = HPDF_New(on_error, &error);
    HPDF_Image img = doc ? HPDF_LoadPngImageFromFile(doc, path) : NULL;
    ar_err err = AR_OK;
    if (!img || error) {
        err = ar_diag_set(d, AR_ERR_LAYOUT, path, 0, NULL,
                          "the PDF library cannot read this PNG (error "
                          "0x%04X)",
                          (unsigned)error);
        goto out;
    }
    /* libharu decoded it: a PNG it can read, of the size it says */
    ar_pdf_image *im = ar_xcalloc(1, sizeof *im);
    im->width = be32(head + 16);
    im->height = be32(head + 20);
    im->rgb = head[25] == 2;
    size_t want = (size_t)im->width * im->height * (im->rgb ? 3 : 1);
    if (HPDF_Stream_Size(img->stream) != want) {
        ar_pdf_image_free(im);
        err = ar_diag_set(d, AR_ERR_LAYOUT, path, 0, NULL,
                          "unexpected pixel data in this PNG");
        goto out;
    }
    /* the PNG's own deflate stream is a valid FlateDecode stream with
     * PNG predictors: each document embeds it as it is instead of
     * compressing the pixels again (that cost 0.5 ms a letter) */
    if (!read_idat(path, im)) {
        ar_pdf_image_free(im);
        err = ar_diag_set(d, AR_ERR_LAYOUT, path, 0, NULL,
                          "cannot read the PNG's image data");
        goto out;
    }
    char body[400];
    int bn = snprintf(body, sizeof body,
                     "/Type /XObject\n/Subtype /Image\n/Width %u\n"
                     "/Height %u\n/ColorSpace /%s\n/BitsPerComponent 8\n"
                     "/Filter /FlateDecode\n/DecodeParms << /Predictor 15 "
                     "/Colors %d /BitsPerComponent 8 /Columns %u >>\n",
                     im->width, im->height,
                     im->rgb ? "DeviceRGB" : "DeviceGray", im->rgb ? 3 : 1,
                     im->width);
    im->xobject = (ar_pdf_tmpl){ar_xstrdup(body), (size_t)bn, im->idat,
                                im->idat_len};
    ar_sha256 *h = ar_sha256_new();
    ar_sha256_update(h, im->xobject.body, im->xobject.body_len);
    ar_sha256_update(h, im->xobject.data, im->xobject.data_len);
    ar_sha256_peek(h, im->digest);
    ar_sha256_free(h);
    *out = im;
out:
    if (doc)
        HPDF_Free(doc);
    return err;
}

void ar_pdf_image_free(ar_pdf_image *img)
{
    if (!img)
        return;
    free(img->idat);
    free(img->xobject.body);
    free(img);
}

unsigned ar_pdf_image_width(const ar_pdf_image *img) { return img->width; }
unsigned ar_pdf_image_height(const ar_pdf_image *img) { return img->height; }
