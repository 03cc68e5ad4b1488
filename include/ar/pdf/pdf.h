/* pdf.h - print-ready PDF documents: pages, UTF-8 text in embedded
 * TrueType fonts, rules, filled boxes, images and a watermark. The letters
 * and the agency statements draw through this; nothing else sees libharu.
 *
 * Coordinates are points (1/72 inch) from the page's top-left corner, y
 * growing downwards; a text's y is its baseline. AR_PDF_MM converts.
 *
 * Text is UTF-8, set in the run's fonts (pdf_fonts.h: which characters
 * print, and how wide a text is); images are loaded once a run
 * (pdf_image.h). Each ar_pdf document belongs to one thread.
 */
#ifndef AR_PDF_H
#define AR_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/base/error.h"
#include "ar/pdf/pdf_fonts.h"
#include "ar/pdf/pdf_image.h"

#define AR_PDF_MM(mm) ((mm) * 72.0 / 25.4)

/* The narrowest a text is squeezed (#22 item 14: narrower is unreadable). */
#define AR_PDF_MIN_SCALE 0.8

/* The smallest text size, points (#19: smaller screens into dots on
 * production printers). */
#define AR_PDF_MIN_SIZE 7.0

typedef enum ar_pdf_align { AR_PDF_LEFT, AR_PDF_RIGHT, AR_PDF_CENTER } ar_pdf_align;

/* How a text is set. rgb is 0xRRGGBB; a grey (r = g = b) is set in
 * DeviceGray, so black text prints with black ink only. max_width > 0
 * squeezes a text that is wider horizontally until it fits, never below
 * AR_PDF_MIN_SCALE of its width (the characters stay exact): a caller
 * that cannot fit a text so shortens or wraps it first (page.h). */
typedef struct ar_pdf_style {
    ar_pdf_face face;
    double size;
    uint32_t rgb;
    ar_pdf_align align;
    double max_width;
} ar_pdf_style;

/* ---- documents ------------------------------------------------------- */

typedef struct ar_pdf ar_pdf;

/* A new empty document, every stream compressed. Never NULL. */
ar_pdf *ar_pdf_new(const ar_pdf_fonts *fonts);
void ar_pdf_free(ar_pdf *p);

/* What a document says about itself, in its Info dictionary and XMP
 * metadata (UTF-8; "" leaves a text out). date is the letter date
 * ("YYYY-MM-DD"): the documents' dates and IDs never read the clock, so
 * a rerun writes the same bytes. */
typedef struct ar_pdf_info {
    char title[256];
    char author[128];
    char date[11];
} ar_pdf_info;

/* Set p's info (copied). Without it the document has no title and the
 * date 2000-01-01. */
void ar_pdf_set_info(ar_pdf *p, const ar_pdf_info *info);

/* Start a page of width x height points (A4: 595.28 x 841.89). */
void ar_pdf_add_page(ar_pdf *p, double width, double height);

/* Draw utf8 at (x, y): x is the left edge, the right edge or the centre by
 * st->align, y the baseline. */
void ar_pdf_text(ar_pdf *p, double x, double y, const ar_pdf_style *st,
                 const char *utf8);

/* The same for the first len bytes of utf8. */
void ar_pdf_text_n(ar_pdf *p, double x, double y, const ar_pdf_style *st,
                   const char *utf8, size_t len);

/* A filled rectangle with its top-left corner at (x, y). */
void ar_pdf_box(ar_pdf *p, double x, double y, double w, double h,
                uint32_t rgb);

/* n filled rectangles (x, y, w, h each) in one path: QR codes. */
void ar_pdf_boxes(ar_pdf *p, const double *xywh, size_t n, uint32_t rgb);

/* n filled cells of a grid: (x, y, w, h) each in whole units of unit
 * points, right and down from the grid's corner (x, y). QR codes. */
void ar_pdf_grid(ar_pdf *p, double x, double y, double unit,
                 const int *xywh, size_t n, uint32_t rgb);

/* A matrix code's modules (dark[r * cols + k], top row first), each unit
 * points square, the top-left one at (x, y); drawn as few boxes as cover
 * them (runs of dark modules, as tall as the rows below repeat them). */
void ar_pdf_modules(ar_pdf *p, double x, double y, double unit,
                    const unsigned char *dark, int rows, int cols,
                    uint32_t rgb);

/* A straight line of the given width. */
void ar_pdf_line(ar_pdf *p, double x1, double y1, double x2, double y2,
                 double width, uint32_t rgb);

/* img scaled into the box with top-left (x, y), w x h points. */
void ar_pdf_image_draw(ar_pdf *p, const ar_pdf_image *img, double x,
                       double y, double w, double h);

/* text across the current page, diagonally, in light grey: draw it first
 * so that everything else prints over it ("SAMPLE"). */
void ar_pdf_watermark(ar_pdf *p, const char *utf8, ar_pdf_face face);

/* Append copies of src's pages to dst: the same content, already
 * compressed, and the same fonts and images (dst makes its own). Much
 * cheaper than drawing again: batches are made this way. src must have
 * been saved or at least have its pages finished. False when a page
 * cannot be copied (dst is then incomplete). */
bool ar_pdf_append(ar_pdf *dst, ar_pdf *src);

/* A record of doc's finished pages (issue #21: a shard keeps its letters'
 * pages so that the merge builds the batches without drawing them): what
 * ar_pdf_append would copy, as one self-contained byte string (format:
 * pdf_record.c) into *data (caller frees), *len. doc keeps its pages:
 * call it after ar_pdf_save, before ar_pdf_append or ar_pdf_free.
 * AR_ERR_OUTPUT with d filled when a page cannot be recorded. */
ar_err ar_pdf_record(ar_pdf *doc, unsigned char **data, size_t *len,
                     ar_diag *d);

/* Append the pages of a record to dst exactly as ar_pdf_append would have
 * appended the recorded document: dst then saves to the same bytes. dst's
 * fonts must be the recording run's (the same files cut to the same
 * characters: the record says which, and is refused otherwise); the
 * record names its images by content, found among images[0..nimages)
 * (loaded as the recording run loaded them). False, dst unchanged, on a
 * truncated, corrupt or foreign record or a missing image; false with dst
 * incomplete when a page cannot be made. */
bool ar_pdf_append_record(ar_pdf *dst, const unsigned char *data, size_t len,
                          const ar_pdf_image *const *images, size_t nimages);

/* Append an empty page of width x height points (a blank back side). */
void ar_pdf_blank_page(ar_pdf *p, double width, double height);

/* Pages so far. */
int ar_pdf_page_count(const ar_pdf *p);

/* AR_OK, or AR_ERR_OUTPUT (AR_ERR_GLYPH for an undrawable character) with
 * d saying what the PDF library reported. Check after each page. */
ar_err ar_pdf_status(const ar_pdf *p, ar_diag *d);

/* Write the document into a new buffer (*out, *len; caller frees): PDF
 * 1.4, meant as PDF/A-1b when the fonts have an output intent's profile
 * (ar_pdf_fonts_set_profile), with a trailer ID and XMP metadata made
 * from the content and the info alone. */
ar_err ar_pdf_save(ar_pdf *p, unsigned char **out, size_t *len, ar_diag *d);

#endif
