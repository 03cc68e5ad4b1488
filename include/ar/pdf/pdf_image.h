/* pdf_image.h - images for the PDFs (the letterhead's logo), loaded once
 * per run and drawn into any number of documents (ar_pdf_image_draw).
 */
#ifndef AR_PDF_IMAGE_H
#define AR_PDF_IMAGE_H

#include "ar/base/error.h"

typedef struct ar_pdf_image ar_pdf_image;

/* Load a PNG of 8 bits per channel, grey or RGB, no alpha and no palette
 * (print-ready: no 16-bit or transparent images). AR_ERR_IO or
 * AR_ERR_LAYOUT with d filled. */
ar_err ar_pdf_image_load(const char *path, ar_pdf_image **out, ar_diag *d);
void ar_pdf_image_free(ar_pdf_image *img);

/* Pixel size. */
unsigned ar_pdf_image_width(const ar_pdf_image *img);
unsigned ar_pdf_image_height(const ar_pdf_image *img);

#endif
