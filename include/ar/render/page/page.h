/* page.h - the page layout the dunning letters (letters/letter.c) and the
 * agency's statements of account (agency/statement*.c) share: the frame of
 * a page, text set, measured and wrapped in the run's fonts, the
 * letterhead, postal addresses, running heads and footers, and tables whose
 * header repeats on every page.
 *
 * One pass does everything: with no document an ar_page only moves its
 * cursor down the pages (counting them) and notes every character it
 * would draw; with a document it draws the same things at the same
 * places. Coordinates are points from the page's top-left corner, a
 * text's y its baseline (pdf.h). Nothing here knows a letter or a
 * statement: what differs reaches it as arguments and two callbacks.
 */
#ifndef AR_PAGE_H
#define AR_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/pdf/font.h"
#include "ar/pdf/pdf.h"
#include "ar/render/page/layouts.h"

#define AR_PAGE_RICH_MAX 4096  /* bytes of one rich text */
#define AR_PAGE_MAX_COLS 10    /* columns of a table */
#define AR_PAGE_CELL_LINES 8   /* lines of a wrapped table cell */

/* The frame of a page, points from the top-left corner. */
typedef struct ar_page_geom {
    double w, h;               /* the sheet */
    double left, right;        /* content edges */
    double top_cont;           /* first baseline on continuation pages */
    double bottom;             /* content baselines end here */
    double footer_rule, footer_y;
} ar_page_geom;

/* Bytes [from, to) of a text: one wrapped line. */
typedef struct ar_page_span {
    size_t from, to;
} ar_page_span;

/* Text with a face per byte (bold where bold[i]). */
typedef struct ar_page_rich {
    char text[AR_PAGE_RICH_MAX];
    unsigned char bold[AR_PAGE_RICH_MAX];
    size_t len;
} ar_page_rich;

/* A table column. */
typedef struct ar_page_col {
    const char *label;         /* header text */
    double share;              /* of the content width */
    ar_pdf_align align;
    bool wrap;                 /* text wraps in the column; else squeezed */
} ar_page_col;

/* A table: its columns and how it is set. */
typedef struct ar_page_table {
    const ar_page_col *cols;
    int n;                     /* at most AR_PAGE_MAX_COLS */
    double size;               /* text, points */
    double line_step;          /* between the lines of a wrapped cell */
    double head_step;          /* header baseline to the first row's */
    double row_step;           /* a row's last line to the next row */
    bool head_wraps;           /* header labels wrap; else squeezed */
} ar_page_table;

/* Which cells of a row wrap (ar_page_cells). */
typedef enum ar_page_wrap_mode {
    AR_PAGE_WRAP_NONE,         /* one line a cell, squeezed */
    AR_PAGE_WRAP_COLS,         /* the columns marked wrap */
    AR_PAGE_WRAP_ALL,          /* every column: a header */
} ar_page_wrap_mode;

/* One document being laid out (doc NULL) or drawn, embedded in the
 * caller's context (owner). The caller fills the fields down to pages and
 * zeroes the rest, which is the page's state (table_continues it may set
 * while a table is under way). */
typedef struct ar_page {
    const ar_pdf_fonts *fonts;
    const ar_letterhead *h;
    const ar_page_geom *gm;
    ar_pdf *doc;               /* NULL: count pages and note characters */
    ar_cpset *used;            /* counting: characters noted, may be NULL */
    void (*head)(void *owner); /* draws a new page's head (page says which) */
    void (*foot)(void *owner); /* draws the footer of a page that is done */
    void *owner;
    int pages;                 /* drawing: the count the counting pass found */

    int page;                  /* 1.. */
    double y;                  /* baseline cursor */
    uint32_t bad_cp;           /* the first character the fonts cannot
                                  print (the document is held), 0: none */
    const ar_page_table *tab;  /* a page break repeats its header */
    const char *table_continues; /* said at the foot of a page the table
                                    breaks across, NULL: nothing */
    double col_x[AR_PAGE_MAX_COLS + 1];
    ar_page_span cell[AR_PAGE_MAX_COLS][AR_PAGE_CELL_LINES];
} ar_page;

/* ---- text ------------------------------------------------------------ */

/* Set the first len bytes of text at (x, y) in style s (drawn, or its
 * characters noted). A text wider than s->max_width is squeezed down to
 * AR_PDF_MIN_SCALE of its width and, when that is not enough, shortened
 * with an ellipsis (#22 item 14: never an unreadable bar; the full value
 * stays in the workbooks). A character the fonts lack is noted in
 * bad_cp: the caller holds the document back. */
void ar_page_text_n(ar_page *p, double x, double y, const ar_pdf_style *s,
                    const char *text, size_t len);

/* The same for a whole string. */
void ar_page_text(ar_page *p, double x, double y, const ar_pdf_style *s,
                  const char *text);

/* text as it fits width points in face at size: text itself, or its
 * beginning and an ellipsis in buf (size bytes). */
const char *ar_page_shorten(const ar_page *p, ar_pdf_face face, double size,
                            const char *text, double width, char *buf,
                            size_t bufsize);

/* Width in points of the first len bytes of text in face at size. */
double ar_page_width(const ar_page *p, ar_pdf_face face, double size,
                     const char *text, size_t len);

/* Break text into at most max lines no wider than w (out): after spaces
 * and semicolons, inside a word only when it alone does not fit even
 * squeezed to AR_PDF_MIN_SCALE (a word a little too wide is squeezed when
 * set instead); the last line takes whatever is left (ar_page_text_n
 * shortens it). Returns the line count. */
size_t ar_page_wrap(const ar_page *p, ar_pdf_face face, double size,
                    const char *text, double w, ar_page_span *out,
                    size_t max);

/* Width of r's bytes [from, to) in their faces at size. */
double ar_page_rich_width(const ar_page *p, const ar_page_rich *r,
                          size_t from, size_t to, double size);

/* Set r's bytes [from, to) from x, each run in its face. */
void ar_page_rich_text(ar_page *p, double x, double y,
                       const ar_page_rich *r, size_t from, size_t to,
                       double size, uint32_t rgb);

/* Break r into at most max lines no wider than w (out): at spaces, and
 * inside a word only when the word alone is wider than a line. Returns
 * the line count. */
size_t ar_page_rich_wrap(const ar_page *p, const ar_page_rich *r,
                         double size, double w, ar_page_span *out,
                         size_t max);

/* Append src to the string in dst (size bytes), cut at a character
 * boundary when it does not fit. */
void ar_page_cat(char *dst, size_t size, const char *src);

/* ---- drawing --------------------------------------------------------- */

/* A horizontal rule at y from x1 to x2, width points, in the rule colour. */
void ar_page_rule(ar_page *p, double y, double x1, double x2, double width);

/* A filled box with its top-left corner at (x, y). */
void ar_page_box(ar_page *p, double x, double y, double w, double h,
                 uint32_t rgb);

/* text across the page, diagonally: call first in the head callback. */
void ar_page_watermark(ar_page *p, const char *text);

/* ---- pages ----------------------------------------------------------- */

/* Finish the page under way (its footer), start the next and draw its
 * head; a table under way repeats its header there. */
void ar_page_new(ar_page *p);

/* Room for h more points below the cursor's baseline, else a new page
 * (a table under way says that it continues). True when one was begun. */
bool ar_page_ensure(ar_page *p, double h);

/* The first page's letterhead: logo (NULL: none) top left, the company,
 * its address, phone, e-mail and web top right. */
void ar_page_letterhead(ar_page *p, const ar_pdf_image *logo);

/* A continuation page's head: the company at the left (at most
 * company_w wide), line at the right (at most line_w), a rule below;
 * the cursor goes to the frame's top_cont. */
void ar_page_running_head(ar_page *p, double company_w, const char *line,
                          double line_w);

/* The footer: a rule, page_of bold at the right, text at its left, then
 * the letterhead's legal lines and acct, the bank account of the
 * document's currency (NULL: none; never another currency's). */
void ar_page_footer(ar_page *p, const char *text, const char *page_of,
                    const ar_bank_account *acct);

/* ---- addresses ------------------------------------------------------- */

/* A postal address (UTF-8, "" when unknown). A line break inside the
 * name, contact or street fields starts a new line of the address. */
typedef struct ar_page_address {
    const char *name, *contact, *address1, *address2, *postal_code, *city,
        *region, *country;     /* country: ISO code */
} ar_page_address;

#define AR_PAGE_ADDRESS_MAX 16 /* lines of one address */

/* The lines of one address. */
typedef struct ar_page_address_lines {
    const char *line[AR_PAGE_ADDRESS_MAX];
    size_t count;
    size_t name_lines;         /* line[0 .. name_lines) are the name's */
    size_t contact_lines;      /* the contact's follow them */
    size_t street_lines;       /* then the street's (address1, address2) */
    char buf[2048];            /* the lines' text */
    size_t used;
} ar_page_address_lines;

/* The lines of a: the name, the contact, the street lines, the postal
 * line(s) in the country's format (layouts/postal.txt), then the
 * country's name in g's language (NULL: English; iso-codes, capitals)
 * unless the country is home (case-insensitive; NULL: always). Lines
 * that would be empty are left out. Returns out->count. */
size_t ar_page_address_format(const ar_layout *l, const ar_lang *g,
                              const ar_page_address *a, const char *home,
                              ar_page_address_lines *out);

/* ---- tables ---------------------------------------------------------- */

/* Start t below the cursor: its columns across the frame; head: draw
 * its header now. Until ar_page_table_end a new page repeats it. */
void ar_page_table_begin(ar_page *p, const ar_page_table *t, bool head);

/* The table is done: pages no longer repeat its header. */
void ar_page_table_end(ar_page *p);

/* Lay out a row of t (text[k] NULL or "" = empty cell) into p->cell:
 * lines[k] gets each cell's line count, lines[t->n] the most (at least
 * 1). */
void ar_page_cells(ar_page *p, const ar_page_table *t,
                   const char *const *text, ar_pdf_face face,
                   ar_page_wrap_mode mode, size_t *lines);

/* Set a row laid out by ar_page_cells at the cursor. */
void ar_page_cells_text(ar_page *p, const ar_page_table *t,
                        const char *const *text, const size_t *lines,
                        ar_pdf_face face, uint32_t rgb);

/* The header of the table under way on a tinted band. */
void ar_page_table_head(ar_page *p);

/* A row of the table under way, wrapped, a rule below it; a row that
 * does not fit goes to a new page. */
void ar_page_table_row(ar_page *p, const char *const *text,
                       ar_pdf_face face, uint32_t rgb);

#endif
