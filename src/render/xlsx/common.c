/* common.c - the workbook plumbing every workbook renderer shares
 * (common.h). libxlsxwriter's quirks that matter to every
 * workbook are handled here once: its created time defaults to "now", its
 * errors are its own enum, and it refuses text over 32,767 characters. */
#include "ar/render/xlsx/common.h"

#include "ar/render/page/layouts.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

lxw_workbook *ar_xlsx_open(const char *dir, const char *name, ar_date as_of,
                           const char *title, bool constant_memory,
                           ar_diag *d)
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >=
        sizeof path) {
        ar_diag_set(d, AR_ERR_OUTPUT, name, 0, NULL,
                    "output directory path is too long");
        return NULL;
    }
    /* Temporary files beside the output: /tmp may be memory (tmpfs), and
     * the output set's directory is ours to clean up on failure. The
     * library keeps the pointer; dir outlives the workbook. */
    lxw_workbook_options opt = {
        .constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE,
        .tmpdir = (char *)dir,
        .use_zip64 = LXW_FALSE,
    };
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb) {
        ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                    "cannot start the workbook (out of memory or no "
                    "temporary file in %s)",
                    dir);
        return NULL;
    }
    /* Reproducible bytes: the created time is the close date, since the
     * library puts "now" there when it is 0 (and 1970-01-01 is 0). */
    time_t created = (time_t)as_of * 86400;
    lxw_doc_properties props = {
        .title = (char *)title,
        .author = "arbatch",
        .created = created ? created : 1,
    };
    workbook_set_properties(wb, &props);
    return wb;
}

/* In constant_memory mode each sheet's rows go to a temporary file that
 * libxlsxwriter 1.1.4 writes without checking: a write refused there (a
 * full disk, a file-size limit) would leave the sheet cut short in a
 * workbook that closes without an error. Flush each one and ask. */
static bool sheet_files_written(lxw_workbook *wb)
{
    bool ok = true;
    lxw_worksheet *ws;
    LXW_FOREACH_WORKSHEET(ws, wb)
    {
        FILE *f = ws->optimize_tmpfile;
        if (f && (fflush(f) != 0 || ferror(f)))
            ok = false;
    }
    return ok;
}

ar_err ar_xlsx_close(lxw_workbook *wb, int first_error, const char *dir,
                     const char *name, ar_diag *d)
{
    bool sheets_ok = sheet_files_written(wb);
    lxw_error e = workbook_close(wb);
    if (e == LXW_NO_ERROR && !sheets_ok) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, name);
        return ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                           "cannot write the workbook: a temporary sheet "
                           "file in the output directory could not be "
                           "written (disk full?)");
    }
    if (e == LXW_NO_ERROR && first_error != LXW_NO_ERROR)
        e = (lxw_error)first_error;
    if (e == LXW_NO_ERROR)
        return AR_OK;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                       "cannot write the workbook: %s", lxw_strerror(e));
}

static lxw_format *add_format(lxw_workbook *wb, const char *num_format,
                              bool bold, bool total)
{
    lxw_format *f = workbook_add_format(wb);
    if (num_format)
        format_set_num_format(f, num_format);
    if (bold)
        format_set_bold(f);
    if (total)
        format_set_top(f, LXW_BORDER_THIN);
    return f;
}

static lxw_format *header_format(lxw_workbook *wb)
{
    lxw_format *h = add_format(wb, NULL, true, false);
    format_set_bg_color(h, 0xD9E1F2);
    format_set_bottom(h, LXW_BORDER_THIN);
    format_set_text_wrap(h);
    format_set_align(h, LXW_ALIGN_VERTICAL_TOP);
    return h;
}

void ar_xlsx_formats_init(lxw_workbook *wb, ar_xlsx_formats *f)
{
    f->title = add_format(wb, NULL, true, false);
    format_set_font_size(f->title, 14);
    f->note = add_format(wb, NULL, false, false);
    format_set_italic(f->note);
    format_set_font_color(f->note, 0x595959);
    f->header = header_format(wb);
    f->header_num = header_format(wb);
    format_set_align(f->header_num, LXW_ALIGN_RIGHT);
    f->text = add_format(wb, "@", false, false);
    f->center = add_format(wb, NULL, false, false);
    format_set_align(f->center, LXW_ALIGN_CENTER);
    f->whole = add_format(wb, "#,##0", false, false);
    f->money = add_format(wb, "#,##0.00_);(#,##0.00)", false, false);
    f->percent = add_format(wb, "0.0%", false, false);
    f->date = add_format(wb, "yyyy-mm-dd", false, false);
    f->total_text = add_format(wb, NULL, true, true);
    f->total_whole = add_format(wb, "#,##0", true, true);
    f->total_money = add_format(wb, "#,##0.00_);(#,##0.00)", true, true);
    f->total_percent = add_format(wb, "0.0%", true, true);
}

/* Excel's accounting layout: the code at the left edge, the amount at
 * the right, negatives in parentheses, zero a dash. */
static void accounting(const char *code, int decimals, char *buf,
                       size_t size)
{
    char num[16] = "#,##0", dash[8] = "\"-\"";
    if (decimals > 0) {
        snprintf(num + 5, sizeof num - 5, ".%.*s", decimals, "000");
        snprintf(dash + 3, sizeof dash - 3, "%.*s", decimals, "???");
    }
    char pre[16] = "";
    if (*code)
        snprintf(pre, sizeof pre, "\"%s\"", code);
    /* two parentheses' room before the code: it never touches a figure
     * right-aligned in the column before */
    snprintf(buf, size,
             "_(_(%s* %s_);_(_(%s* \\(%s\\);_(_(%s* %s_);_(_(@_)", pre, num,
             pre, num, pre, dash);
}

void ar_xlsx_money_init(lxw_workbook *wb, const char *code, int decimals,
                        ar_xlsx_money *m)
{
    char fmt[128];
    m->decimals = decimals < 0 ? 0 : decimals > 3 ? 3 : decimals;
    snprintf(m->code, sizeof m->code, "%s", code);
    accounting(code, m->decimals, fmt, sizeof fmt);
    m->cell = add_format(wb, fmt, false, false);
    m->total = add_format(wb, fmt, true, true);
}

void ar_xlsx_money_fix(const ar_xlsx_money *m)
{
    lxw_format_get_xf_index(m->cell);
    lxw_format_get_xf_index(m->total);
}

double ar_xlsx_money_width(const ar_xlsx_money *m, ar_cents widest,
                           const char *header)
{
    char buf[40];
    /* whole units, grouped, then the decimals */
    ar_cents units = (widest < 0 ? -widest : widest) / 100;
    ar_money_format(units * 100, ',', '.', buf, sizeof buf);
    double w = (double)strlen(buf) - 3 + m->decimals + (m->decimals > 0);
    /* the code (capitals are wider than digits), a blank, the
     * parentheses' room on both sides, and a margin */
    w += (*m->code ? 4.5 : 0) + 3.5;
    double h = ar_xlsx_width(header, 0, 60) + 1;
    return w > h ? w : h;
}

int ar_xlsx_decimals(const char *code, bool has_cents)
{
    int d = ar_currency_digits(code);
    return has_cents && d < 2 ? 2 : d;
}

/* '&' starts a code in a header or footer: a company's own is "&&". */
static size_t put_escaped(char *buf, size_t size, size_t at, const char *s)
{
    for (; *s && at + 3 < size; s++) {
        buf[at++] = *s;
        if (*s == '&')
            buf[at++] = '&';
    }
    buf[at] = '\0';
    return at;
}

void ar_xlsx_page_init(ar_xlsx_page *pg, const char *title, ar_date as_of,
                       bool letter)
{
    char company[200], day[16];
    ar_diag d;
    ar_diag_clear(&d);
    if (ar_layout_company(ar_layout_default_dir(), company, sizeof company,
                          &d) != AR_OK)
        company[0] = '\0'; /* the letters say why, if they are written */
    size_t n = (size_t)snprintf(pg->header, sizeof pg->header, "&L");
    n = put_escaped(pg->header, sizeof pg->header, n, company);
    n += (size_t)snprintf(pg->header + n, sizeof pg->header - n,
                          "&C&\"-,Bold\"%s&R", title);
    snprintf(pg->header + n, sizeof pg->header - n, "As of %s",
             ar_date_format_iso(as_of, day, sizeof day));
    snprintf(pg->footer, sizeof pg->footer, "&L&A&RPage &P of &N");
    pg->paper = letter ? 1 : 9;
}

void ar_xlsx_print(lxw_worksheet *ws, const ar_xlsx_page *pg, bool landscape,
                   uint32_t repeat_first, uint32_t repeat_last,
                   uint32_t last_row, uint16_t last_col)
{
    if (landscape)
        worksheet_set_landscape(ws);
    else
        worksheet_set_portrait(ws);
    worksheet_set_paper(ws, pg->paper);
    worksheet_fit_to_pages(ws, 1, 0);
    if (repeat_first != UINT32_MAX)
        worksheet_repeat_rows(ws, repeat_first, repeat_last);
    /* room for the running header and footer above and below the rows */
    worksheet_set_margins(ws, 0.5, 0.5, 0.8, 0.7);
    lxw_header_footer_options hf = {.margin = 0.3};
    worksheet_set_header_opt(ws, pg->header, &hf);
    worksheet_set_footer_opt(ws, pg->footer, &hf);
    worksheet_print_area(ws, 0, 0, last_row, last_col);
}

double ar_xlsx_header_height(const char *const *names, const double *width,
                             int n)
{
    int lines = 1;
    for (int i = 0; i < n; i++) {
        /* words wrapped into the column, as a spreadsheet does */
        double room = width[i] - 1.5, used = 0;
        int k = 1;
        for (const char *p = names[i]; *p;) {
            size_t len = strcspn(p, " ");
            double w = ar_xlsx_width(p, 0, 1000) - 1;
            w = (double)len < w ? (double)len : w;
            if (used > 0 && used + 1 + w > room) {
                k++;
                used = w;
            } else {
                used += (used > 0) + w;
            }
            p += len;
            while (*p == ' ')
                p++;
        }
        if (k > lines)
            lines = k;
    }
    return 15.0 * lines + 2;
}

int ar_xlsx_text(lxw_worksheet *ws, uint32_t row, uint16_t col,
                 const char *s, lxw_format *fmt)
{
    /* worksheet_write_string never reads its text as a formula, a number
     * or a date: it is the only way client text reaches a cell. */
    size_t len = strlen(s);
    if (len <= AR_XLSX_MAX_TEXT)
        return worksheet_write_string(ws, row, col, s, fmt);
    /* Longer than Excel takes: cut at a character boundary. Rare, so the
     * copy is not worth avoiding. */
    size_t n = AR_XLSX_MAX_TEXT;
    while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    char *cut = ar_xstrndup(s, n);
    lxw_error e = worksheet_write_string(ws, row, col, cut, fmt);
    free(cut);
    return e;
}

double ar_xlsx_units(ar_cents v)
{
    /* The only cents-to-double conversion of a workbook: a cell holds an
     * IEEE double, and v / 100.0 is the double nearest the exact amount,
     * which Excel and every reader show back as the same two decimals. */
    return (double)v / 100.0;
}

int ar_xlsx_cents(lxw_worksheet *ws, uint32_t row, uint16_t col, ar_cents v,
                  lxw_format *fmt)
{
    return worksheet_write_number(ws, row, col, ar_xlsx_units(v), fmt);
}

double ar_xlsx_serial(ar_date date)
{
    /* ar_date counts from 1970-01-01, Excel from 1899-12-30 (its 1900
     * leap-year bug is before every date we write) */
    return (double)date + 25569.0;
}

int ar_xlsx_date(lxw_worksheet *ws, uint32_t row, uint16_t col, ar_date date,
                 lxw_format *fmt)
{
    /* 1900-03-01 and 9999-12-31 as day numbers from 1970-01-01 */
    enum { FIRST = -25508, LAST = 2932896 };
    if (date == AR_DATE_NONE)
        return LXW_NO_ERROR;
    if (date >= FIRST && date <= LAST)
        return worksheet_write_number(ws, row, col, ar_xlsx_serial(date),
                                      fmt);
    char iso[16];
    return worksheet_write_string(ws, row, col,
                                  ar_date_format_iso(date, iso, sizeof iso),
                                  NULL);
}

double ar_xlsx_width(const char *s, double min, double max)
{
    double n = 1.0; /* room for the filter button / padding */
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        /* a character is its first byte; CJK, kana and Hangul (U+3000 to
         * U+DFFF, first bytes E3 to ED) take two columns */
        n += (c & 0xC0) != 0x80 ? (c >= 0xE3 && c <= 0xED ? 2 : 1) : 0;
    }
    return n < min ? min : n > max ? max : n;
}

char *ar_xlsx_cell(char *buf, uint32_t row, uint16_t col)
{
    lxw_rowcol_to_cell(buf, row, col);
    return buf;
}

char *ar_xlsx_range(char *buf, uint32_t r1, uint16_t c1, uint32_t r2,
                    uint16_t c2)
{
    lxw_rowcol_to_range(buf, r1, c1, r2, c2);
    return buf;
}

char *ar_xlsx_sheet_ref(const char *sheet, char *buf, size_t size)
{
    size_t j = 0;
    if (size < 3) {
        if (size)
            buf[0] = '\0';
        return buf;
    }
    buf[j++] = '\'';
    /* room for the character (two for a quote), the closing quote and
     * the terminator */
    for (; *sheet && j + 3 + (*sheet == '\'') <= size; sheet++) {
        if (*sheet == '\'')
            buf[j++] = '\'';
        buf[j++] = *sheet;
    }
    buf[j++] = '\'';
    buf[j] = '\0';
    return buf;
}

/* The workbooks' deflate level. libxlsxwriter 1.1 packs every part at
 * zlib's default level (6) and has no option for it. At 1,000,000 ledger
 * rows the aging workbook is 61 MB of XML, and level 6 spends about 1 s
 * on it, more than all the rest of the workbook; level 1 takes about a
 * third of that for a file about a third larger (7.1 MB -> 9.4 MB).
 *
 * So arbatch defines minizip's zipOpenNewFileInZip4_64 itself: the
 * executable's definition comes first in the dynamic symbol lookup, so
 * libxlsxwriter's calls arrive here and go on to minizip's own function
 * with the level changed. The prototype is minizip's (zip.h, not
 * installed: only pointers and integers pass through). It lives in this
 * file because every program that writes a workbook links this one. */

/* zlib's method number and minizip's internal-error code (zlib.h, zip.h) */
enum { DEFLATED = 8, ZIP_INTERNAL_ERROR = -104 };

/* the fastest deflate: zlib's Z_BEST_SPEED */
#define WORKBOOK_DEFLATE_LEVEL 1

typedef int open_fn(void *file, const char *filename, const void *zipfi,
                    const void *extrafield_local,
                    unsigned size_extrafield_local,
                    const void *extrafield_global,
                    unsigned size_extrafield_global, const char *comment,
                    int method, int level, int raw, int window_bits,
                    int mem_level, int strategy, const char *password,
                    unsigned long crc_for_crypting,
                    unsigned long version_made_by, unsigned long flag_base,
                    int zip64);

open_fn zipOpenNewFileInZip4_64;

static open_fn *minizip_open;
static pthread_once_t minizip_once = PTHREAD_ONCE_INIT;

static void find_minizip_open(void)
{
    /* dlsym returns a void *; POSIX guarantees it converts to a function */
    *(void **)&minizip_open = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
}

int zipOpenNewFileInZip4_64(void *file, const char *filename,
                            const void *zipfi, const void *extrafield_local,
                            unsigned size_extrafield_local,
                            const void *extrafield_global,
                            unsigned size_extrafield_global,
                            const char *comment, int method, int level,
                            int raw, int window_bits, int mem_level,
                            int strategy, const char *password,
                            unsigned long crc_for_crypting,
                            unsigned long version_made_by,
                            unsigned long flag_base, int zip64)
{
    /* the workbooks are written on two threads at once */
    pthread_once(&minizip_once, find_minizip_open);
    if (!minizip_open)
        return ZIP_INTERNAL_ERROR; /* the workbook fails: exit 4 */
    if (method == DEFLATED)
        level = WORKBOOK_DEFLATE_LEVEL;
    return minizip_open(file, filename, zipfi, extrafield_local,
                        size_extrafield_local, extrafield_global,
                        size_extrafield_global, comment, method, level, raw,
                        window_bits, mem_level, strategy, password,
                        crc_for_crypting, version_made_by, flag_base, zip64);
}
