/* common.h - what the workbook renderers (aging.xlsx, kpi.xlsx,
 * agency/placement.xlsx) share:
 * opening a workbook reproducibly, closing it into our errors, one set of
 * cell formats, and the two cell writers that untrusted text and money
 * must go through.
 *
 * libxlsxwriter's types appear here only as incomplete structs, so this
 * header does not pull in <xlsxwriter.h>: the library stays included by
 * the files of src/render/xlsx/ alone. lxw_row_t is
 * uint32_t and lxw_col_t uint16_t in libxlsxwriter 1.1.4.
 */
#ifndef AR_XLSX_COMMON_H
#define AR_XLSX_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/base/date.h"
#include "ar/base/error.h"
#include "ar/base/money.h"

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

/* Excel's grid: 1,048,576 rows, 16,384 columns, 32,767 bytes of text a
 * cell (we cut longer text at a character boundary). */
#define AR_XLSX_MAX_ROWS 1048576u
#define AR_XLSX_MAX_TEXT 32767u

/* Open dir/name for writing. constant_memory writes every sheet's rows to
 * a temporary file in dir as they are finished (rows must then be written
 * strictly in order, sheet by sheet; charts get no cached data). The
 * document's created time is as_of at 00:00 UTC, never "now", so that the
 * same inputs give the same bytes. title may be NULL. Returns NULL with d
 * filled (AR_ERR_OUTPUT) on failure. Close with ar_xlsx_close. */
struct lxw_workbook *ar_xlsx_open(const char *dir, const char *name,
                                  ar_date as_of, const char *title,
                                  bool constant_memory, ar_diag *d);

/* Keep in *first the first error (a libxlsxwriter lxw_error) of a series
 * of cell writes; ar_xlsx_close then fails the run with it. */
static inline void ar_xlsx_keep(int *first, int err)
{
    if (err && !*first)
        *first = err;
}

/* Write and close wb (exactly one close per open; wb is freed in every
 * case). first_error is the first error a cell writer reported (0 for
 * none): a renderer may collect it instead of checking every cell.
 * Returns AR_OK, or AR_ERR_OUTPUT naming dir/name and libxlsxwriter's
 * reason. */
ar_err ar_xlsx_close(struct lxw_workbook *wb, int first_error,
                     const char *dir, const char *name, ar_diag *d);

/* The formats of a house-style workbook, created once per workbook (a
 * format lookup per cell would cost more than the cell). Counts use
 * "#,##0", dates "yyyy-mm-dd", shares "0.0%"; amounts without a
 * currency "#,##0.00" with negatives in parentheses (amounts in a
 * currency take an ar_xlsx_money). */
typedef struct ar_xlsx_formats {
    struct lxw_format *title;       /* bold, larger: a sheet's first line */
    struct lxw_format *note;        /* grey italic: a line under a title */
    struct lxw_format *header;      /* bold on blue-grey, bottom border,
                                       wraps: over a text column */
    struct lxw_format *header_num;  /* the same, right-aligned: over a
                                       number column */
    struct lxw_format *text;        /* text ("@" format) */
    struct lxw_format *center;      /* centred text: short codes, flags */
    struct lxw_format *whole;       /* integer, "#,##0" */
    struct lxw_format *money;       /* "#,##0.00" */
    struct lxw_format *percent;     /* "0.0%" */
    struct lxw_format *date;        /* "yyyy-mm-dd" */
    struct lxw_format *total_text;  /* bold, top border: a totals row */
    struct lxw_format *total_whole;
    struct lxw_format *total_money;
    struct lxw_format *total_percent;
} ar_xlsx_formats;

/* Create every format of f in wb; once per workbook, before any cell. */
void ar_xlsx_formats_init(struct lxw_workbook *wb, ar_xlsx_formats *f);

/* The money formats of one currency: accounting format with its ISO
 * code ("EUR 1,234.56", negatives "(1,234.56)", zero "-"), as many
 * decimals as the currency has. */
typedef struct ar_xlsx_money {
    struct lxw_format *cell;
    struct lxw_format *total;       /* bold, top border: a totals row */
    int decimals;
    char code[4];
} ar_xlsx_money;

/* Create m in wb for currency code ("" = no code shown) with decimals
 * (0 to 3) digits; once per workbook and currency. */
void ar_xlsx_money_init(struct lxw_workbook *wb, const char *code,
                        int decimals, ar_xlsx_money *m);

/* The formats' style indices, fixed now (before sheets are written on
 * two threads: a format gets its index when a cell first uses it). */
void ar_xlsx_money_fix(const ar_xlsx_money *m);

/* Column width, in characters, that shows every amount of m up to
 * widest in magnitude (code, groups, decimals, parentheses), or header
 * if wider. */
double ar_xlsx_money_width(const ar_xlsx_money *m, ar_cents widest,
                           const char *header);

/* Decimals to show for currency code given the amounts it has: ISO
 * 4217's (ar_currency_digits), or 2 when one of them is not a whole
 * number of units (has_cents). */
int ar_xlsx_decimals(const char *code, bool has_cents);

/* A printed page: the running header (company, workbook title, as-of
 * date) and footer (sheet name, page x of y), and the paper. */
typedef struct ar_xlsx_page {
    char header[256];
    char footer[128];
    uint8_t paper;                  /* 9 = A4, 1 = US Letter */
} ar_xlsx_page;

/* The page of a workbook titled title (no '&') as of as_of, for company
 * (layouts/letterhead.txt's, read here; none when it cannot be read),
 * on A4 or US Letter (letter true). */
void ar_xlsx_page_init(ar_xlsx_page *pg, const char *title, ar_date as_of,
                       bool letter);

/* Print setup of a sheet: orientation, one page wide (as many tall as it
 * takes), rows [repeat_first, repeat_last] on every page (repeat_first
 * UINT32_MAX: none), the running header and footer of pg, and the print
 * area rows 0..last_row, columns 0..last_col. */
void ar_xlsx_print(struct lxw_worksheet *ws, const ar_xlsx_page *pg,
                   bool landscape, uint32_t repeat_first,
                   uint32_t repeat_last, uint32_t last_row,
                   uint16_t last_col);

/* Row height, in points, of a header row whose cells wrap: the most
 * lines any of names[0..n) takes in its column's width[i] characters
 * (15 points a line). */
double ar_xlsx_header_height(const char *const *names, const double *width,
                             int n);

/* Write s as a text cell, whatever it looks like: "=HYPERLINK(..)",
 * "+1 555 0100" or "@SUM(1,2)" stay text (SPEC §6). "" writes nothing
 * (or a blank cell when fmt is given). Returns libxlsxwriter's error
 * code, 0 on success. */
int ar_xlsx_text(struct lxw_worksheet *ws, uint32_t row, uint16_t col,
                 const char *s, struct lxw_format *fmt);

/* Write an amount in cents as a number of currency units. Excel stores
 * every number as an IEEE double, so this is the one place where cents
 * become a double; sums are made in cents before it. */
int ar_xlsx_cents(struct lxw_worksheet *ws, uint32_t row, uint16_t col,
                  ar_cents v, struct lxw_format *fmt);

/* Cents as the double a cell holds (for a formula's cached value). */
double ar_xlsx_units(ar_cents v);

/* Excel's serial number of a date (days since 1899-12-30), for a number
 * cell with the date format. */
double ar_xlsx_serial(ar_date date);

/* Write a date: a serial number with fmt (a date format) from 1900-03-01
 * to 9999-12-31, else "YYYY-MM-DD" as text, since Excel shows no date
 * before 1900 and counts a 1900-02-29 that never was. AR_DATE_NONE
 * writes nothing. Returns libxlsxwriter's error code, 0 on success. */
int ar_xlsx_date(struct lxw_worksheet *ws, uint32_t row, uint16_t col,
                 ar_date date, struct lxw_format *fmt);

/* Column width, in characters, that shows s: its UTF-8 characters, at
 * least min and at most max. */
double ar_xlsx_width(const char *s, double min, double max);

/* "B11": the cell at row, col (both from 0), into buf (>= 16 bytes).
 * Returns buf, for use inside a formula's snprintf. */
char *ar_xlsx_cell(char *buf, uint32_t row, uint16_t col);

/* "B2:D9", or "B2" when both corners are the same cell, into buf (>= 32
 * bytes). Returns buf. */
char *ar_xlsx_range(char *buf, uint32_t r1, uint16_t c1, uint32_t r2,
                    uint16_t c2);

/* s as a sheet reference in a formula: 'Open items (2)' (quotes always,
 * a quote inside doubled). Returns buf; size >= 70 holds any sheet name. */
char *ar_xlsx_sheet_ref(const char *sheet, char *buf, size_t size);

#endif
