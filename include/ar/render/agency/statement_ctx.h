/* statement_ctx.h - one agency statement of account being laid out or
 * drawn (SPEC §6), as its parts see it: statement.c (pages, files,
 * threads), statement_front.c (the first page) and statement_tables.c
 * (the tables of items, payments, credits and letters).
 *
 * Statements are in English, the company's working language with its
 * agency: amounts and dates in the English letters' formats. Text is set
 * leniently (page.h): the agency must get every placed account, so a
 * character the fonts lack prints as '?' (placement.csv and
 * placement.xlsx keep the exact text).
 */
#ifndef AR_STATEMENT_CTX_H
#define AR_STATEMENT_CTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/render/agency/packet.h"
#include "ar/render/page/page.h"

/* Space above each section's title, points. */
#define AR_STATEMENT_SECTION_GAP AR_PDF_MM(5)

/* What every statement of a run shares, read-only while they are drawn. */
typedef struct ar_statement_env {
    const ar_run *run;
    const ar_agency_packet *pk;
    const ar_layout *layout;
    const ar_lang *g;              /* English */
    const ar_letterhead *h;
    const ar_pdf_fonts *fonts;
    const ar_pdf_image *logo;      /* NULL: none */
    const ar_page_geom *gm;
} ar_statement_env;

/* One statement: a placement on its pages. */
typedef struct ar_statement {
    ar_page pg;                    /* the counting-or-drawing page */
    const ar_statement_env *env;
    const ar_placement *p;
    const ar_client_result *cr;    /* the placement's analysis result */
    const char *cur;               /* ISO code of the placement's currency */
} ar_statement;

/* Set text at (x, y) in face, size (points) and colour rgb (0xRRGGBB),
 * x its left or right edge or centre by align, squeezed into max_width
 * points (0: never). */
void ar_statement_put(ar_statement *s, double x, double y, ar_pdf_face face,
                      double size, uint32_t rgb, ar_pdf_align align,
                      double max_width, const char *text);

/* The same for the first len bytes of text. */
void ar_statement_put_n(ar_statement *s, double x, double y,
                        ar_pdf_face face, double size, uint32_t rgb,
                        ar_pdf_align align, double max_width,
                        const char *text, size_t len);

/* v in currency (ISO code) as the statements print it, into buf (size
 * bytes). Returns buf. */
char *ar_statement_amount(const ar_statement *s, ar_cents v,
                          const char *currency, char *buf, size_t size);

/* d in the short or long form into buf (size bytes), "" for
 * AR_DATE_NONE. Returns buf. */
char *ar_statement_date(const ar_statement *s, ar_date d, bool long_form,
                        char *buf, size_t size);

#endif
