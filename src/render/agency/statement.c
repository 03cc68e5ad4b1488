/* render_statement.c - agency/<client>.pdf: a statement of account for
 * each debtor placed with the collections agency (SPEC §6), on the
 * letters' letterhead and fonts (layouts/).
 *
 * A statement holds what an agency needs to pursue the debt without
 * calling back: who the debtor is and how to reach them, why the account
 * was placed, a summary that adds up to the balance, every open item,
 * the payments, credits and write-offs already applied to those items,
 * the unapplied credits, the dunning letters sent and "page x of y".
 *
 * Two passes, as for the letters: every statement is laid out without
 * drawing (its page count and the characters it uses), the fonts are cut
 * down once to those characters, then every statement is drawn into its
 * own file. Both passes run on the render threads. The statements are in
 * English, the company's working language with its agency; amounts and
 * dates use the English letters' formats. A character the fonts cannot
 * print (rare: the letters hold such a letter back) is shown as '?' here,
 * since the agency must get every placed account; placement.csv and
 * placement.xlsx keep the exact text.
 */
#include "ar/render/agency/statement.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "ar/render/page/layouts.h"
#include "ar/render/letters/letter.h"
#include "ar/pdf/pdf.h"
#include "ar/base/writer.h"

#define MM(x) AR_PDF_MM(x)
#define MAX_THREADS 64
#define MAX_COLS 10
#define MAX_CELL_LINES 8

/* Page geometry, points from the top-left corner. */
typedef struct geom {
    double w, h;
    double left, right;      /* content edges */
    double top_cont;         /* first baseline on continuation pages */
    double bottom;           /* content baselines end here */
    double footer_rule, footer_y;
} geom;

/* A4 and US Letter, nothing in the printer's margins (as the letters). */
static const geom a4 = {
    .w = MM(210), .h = MM(297), .left = MM(20), .right = MM(190),
    .top_cont = MM(30), .bottom = MM(266),
    .footer_rule = MM(273), .footer_y = MM(277),
};
static const geom us_letter = {
    .w = 612, .h = 792, .left = MM(19), .right = 612 - MM(19),
    .top_cont = MM(30), .bottom = 792 - MM(32),
    .footer_rule = 792 - MM(25), .footer_y = 792 - MM(21),
};

/* Sizes (points) and steps. */
#define TABLE_SIZE 7.8
#define ROW_STEP MM(4.4)
#define LINE_STEP MM(3.4)
#define HEAD_STEP MM(5.8)
#define SECTION_GAP MM(5)

typedef struct col {
    const char *label;
    double share;            /* of the content width */
    ar_pdf_align align;
    bool wrap;               /* text wraps; else squeezed to fit */
} col;

typedef struct table {
    const col *cols;
    int n;
} table;

/* Open items. */
enum { IT_DOC, IT_DATE, IT_DUE, IT_DAYS, IT_ORIGINAL, IT_PAID, IT_OPEN,
       IT_NOTE, IT_COLS };
static const col item_cols[IT_COLS] = {
    [IT_DOC] = {"Document", 0.18, AR_PDF_LEFT, true},
    [IT_DATE] = {"Date", 0.115, AR_PDF_LEFT, false},
    [IT_DUE] = {"Due", 0.115, AR_PDF_LEFT, false},
    [IT_DAYS] = {"Days over", 0.07, AR_PDF_RIGHT, false},
    [IT_ORIGINAL] = {"Original", 0.13, AR_PDF_RIGHT, false},
    [IT_PAID] = {"Paid / credited", 0.13, AR_PDF_RIGHT, false},
    [IT_OPEN] = {"Open", 0.13, AR_PDF_RIGHT, false},
    [IT_NOTE] = {"Note", 0.13, AR_PDF_LEFT, true},
};
static const table items_table = {item_cols, IT_COLS};

/* Payments, credits and write-offs applied to the open items. */
enum { AP_DATE, AP_DOC, AP_TYPE, AP_ITEM, AP_AMOUNT, AP_NOTE, AP_COLS };
static const col app_cols[AP_COLS] = {
    [AP_DATE] = {"Date", 0.12, AR_PDF_LEFT, false},
    [AP_DOC] = {"Document", 0.19, AR_PDF_LEFT, true},
    [AP_TYPE] = {"Kind", 0.14, AR_PDF_LEFT, false},
    [AP_ITEM] = {"Applied to", 0.19, AR_PDF_LEFT, true},
    [AP_AMOUNT] = {"Amount", 0.14, AR_PDF_RIGHT, false},
    [AP_NOTE] = {"Note", 0.22, AR_PDF_LEFT, true},
};
static const table apps_table = {app_cols, AP_COLS};

/* Unapplied credits. */
enum { CR_DATE, CR_DOC, CR_TYPE, CR_REASON, CR_ORIGINAL, CR_AMOUNT,
       CR_COLS };
static const col credit_cols[CR_COLS] = {
    [CR_DATE] = {"Date", 0.12, AR_PDF_LEFT, false},
    [CR_DOC] = {"Document", 0.19, AR_PDF_LEFT, true},
    [CR_TYPE] = {"Kind", 0.14, AR_PDF_LEFT, false},
    [CR_REASON] = {"Why unapplied", 0.27, AR_PDF_LEFT, true},
    [CR_ORIGINAL] = {"Original", 0.14, AR_PDF_RIGHT, false},
    [CR_AMOUNT] = {"Unapplied", 0.14, AR_PDF_RIGHT, false},
};
static const table credits_table = {credit_cols, CR_COLS};

/* Dunning letters sent. */
enum { LT_DATE, LT_STAGE, LT_NAME, LT_DOCS, LT_AMOUNT, LT_COLS };
static const col letter_cols[LT_COLS] = {
    [LT_DATE] = {"Date", 0.12, AR_PDF_LEFT, false},
    [LT_STAGE] = {"Stage", 0.07, AR_PDF_RIGHT, false},
    [LT_NAME] = {"Letter", 0.26, AR_PDF_LEFT, true},
    [LT_DOCS] = {"Items demanded", 0.41, AR_PDF_LEFT, true},
    [LT_AMOUNT] = {"Amount", 0.14, AR_PDF_RIGHT, false},
};
static const table letters_table = {letter_cols, LT_COLS};

/* Open items in other currencies. */
enum { OT_DOC, OT_CUR, OT_DATE, OT_DUE, OT_DAYS, OT_ORIGINAL, OT_OPEN,
       OT_NOTE, OT_COLS };
static const col other_cols[OT_COLS] = {
    [OT_DOC] = {"Document", 0.18, AR_PDF_LEFT, true},
    [OT_CUR] = {"Currency", 0.08, AR_PDF_LEFT, false},
    [OT_DATE] = {"Date", 0.11, AR_PDF_LEFT, false},
    [OT_DUE] = {"Due", 0.11, AR_PDF_LEFT, false},
    [OT_DAYS] = {"Days over", 0.08, AR_PDF_RIGHT, false},
    [OT_ORIGINAL] = {"Original", 0.14, AR_PDF_RIGHT, false},
    [OT_OPEN] = {"Open", 0.14, AR_PDF_RIGHT, false},
    [OT_NOTE] = {"Note", 0.16, AR_PDF_LEFT, true},
};
static const table others_table = {other_cols, OT_COLS};

/* What every statement of the run shares. */
typedef struct shared {
    const ar_run *run;
    const ar_agency_packet *pk;
    const ar_layout *layout;
    const ar_lang *g;
    const ar_letterhead *h;
    const ar_pdf_fonts *fonts;
    const ar_pdf_image *logo;
    const geom *gm;
    const char *dir;
    int *pages;               /* per placement, from the counting pass */
    int phase;                /* 1 count, 2 draw */
    atomic_size_t next;
    atomic_bool failed;
    pthread_mutex_t lock;     /* err, diag */
    ar_err err;
    ar_diag diag;
    ar_writer *writer;            /* files go out on I/O threads */
} shared;

typedef struct span {
    size_t from, to;
} span;

/* One statement being laid out (doc NULL) or drawn. */
typedef struct ctx {
    const shared *sh;
    const ar_placement *p;
    const ar_client_result *cr;
    const char *cur;          /* ISO code of the placement's currency */
    ar_pdf *doc;
    ar_cpset *used;
    int page, pages;
    double y;                 /* baseline cursor */
    const table *tab;         /* a page break repeats this header */
    double col_x[MAX_COLS + 1];
    span lines[MAX_COLS][MAX_CELL_LINES];
    char clean[2048];
} ctx;

/* ---- text ------------------------------------------------------------------ */

/* s as it can be printed: s itself, or a copy in c->clean with each
 * character the fonts lack replaced by '?'. */
static const char *printable(ctx *c, ar_pdf_face face, const char *s,
                             size_t *len)
{
    const ar_pdf_fonts *f = c->sh->fonts;
    const char *p = s, *end = s + *len;
    bool ok = true;
    while (p < end && ok) {
        uint32_t cp = ar_utf8_next(&p);
        if (cp == 0)
            break;
        ok = ar_pdf_drawable(f, face, cp);
    }
    if (ok)
        return s;
    size_t n = 0;
    p = s;
    while (p < end && n + 4 < sizeof c->clean) {
        const char *q = p;
        uint32_t cp = ar_utf8_next(&q);
        if (cp == 0)
            break;
        if (ar_pdf_drawable(f, face, cp)) {
            memcpy(c->clean + n, p, (size_t)(q - p));
            n += (size_t)(q - p);
        } else {
            c->clean[n++] = '?';
        }
        p = q;
    }
    c->clean[n] = '\0';
    *len = n;
    return c->clean;
}

static double width(const ctx *c, ar_pdf_face face, double size,
                    const char *s, size_t len)
{
    return ar_pdf_width(c->sh->fonts, face, size, s, len);
}

/* Squeezed past this, text is unreadable (and the PDF library refuses a
 * scale below 10 %): the rest is cut and marked with an ellipsis. The
 * exact text is in placement.csv and placement.xlsx. */
#define MAX_SQUEEZE 2.0

static void put_n(ctx *c, double x, double y, ar_pdf_face face, double size,
                  uint32_t rgb, ar_pdf_align align, double max_width,
                  const char *s, size_t len)
{
    s = printable(c, face, s, &len);
    char cut[2048];
    double limit = max_width * MAX_SQUEEZE;
    if (max_width > 0 && width(c, face, size, s, len) > limit) {
        static const char ellipsis[] = "\xE2\x80\xA6";
        double w = width(c, face, size, ellipsis, 3);
        size_t n = 0;
        const char *p = s, *end = s + len;
        while (p < end) {
            const char *q = p;
            if (ar_utf8_next(&q) == 0)
                break;
            double cw = width(c, face, size, p, (size_t)(q - p));
            if (w + cw > limit || n + (size_t)(q - p) + 4 > sizeof cut)
                break;
            memcpy(cut + n, p, (size_t)(q - p));
            n += (size_t)(q - p);
            w += cw;
            p = q;
        }
        memcpy(cut + n, ellipsis, 4);
        s = cut;
        len = n + 3;
    }
    if (c->doc) {
        ar_pdf_style st = {face, size, rgb, align, max_width};
        ar_pdf_text_n(c->doc, x, y, &st, s, len);
        return;
    }
    const char *end = s + len;
    while (s < end) {
        uint32_t cp = ar_utf8_next(&s);
        if (cp == 0)
            break;
        ar_cpset_add(c->used, cp);
    }
}

static void put(ctx *c, double x, double y, ar_pdf_face face, double size,
                uint32_t rgb, ar_pdf_align align, double max_width,
                const char *s)
{
    put_n(c, x, y, face, size, rgb, align, max_width, s, strlen(s));
}

static size_t next_char(const char *s, size_t i)
{
    i++;
    while ((s[i] & 0xC0) == 0x80)
        i++;
    return i;
}

/* Break s into at most max lines no wider than w: after spaces and
 * semicolons, and inside a word only when it alone is more than twice
 * too wide (a word a little too wide is squeezed by the caller instead,
 * as is the last line, which takes whatever is left). */
static size_t wrap(const ctx *c, ar_pdf_face face, double size,
                   const char *s, double w, span *out, size_t max)
{
    size_t len = strlen(s), n = 0, i = 0;
    while (i < len && n < max) {
        while (i < len && s[i] == ' ')
            i++;
        if (i >= len)
            break;
        if (n + 1 == max) {
            out[n++] = (span){i, len};
            break;
        }
        size_t start = i, fit = i, k = i;
        while (k < len) {
            size_t e = k;
            while (e < len && s[e] == ' ')
                e++;
            if (e == len)
                break;
            while (e < len && s[e] != ' ' && s[e] != ';')
                e++;
            if (e < len && s[e] == ';')
                e++;
            if (width(c, face, size, s + start, e - start) > w)
                break;
            fit = k = e;
        }
        if (fit == start) { /* one word wider than the line */
            size_t e = start;
            while (e < len && s[e] != ' ')
                e++;
            if (width(c, face, size, s + start, e - start) <= 2 * w) {
                out[n++] = (span){start, e};
                i = e;
                continue;
            }
            fit = next_char(s, start);
            while (fit < len && s[fit] != ' ' &&
                   width(c, face, size, s + start,
                         next_char(s, fit) - start) <= w)
                fit = next_char(s, fit);
        }
        out[n++] = (span){start, fit};
        i = fit;
    }
    return n;
}

static char *amount(const ctx *c, ar_cents v, const char *currency,
                    char *buf, size_t size)
{
    return ar_letter_amount(c->sh->g, v, currency, buf, size);
}

static char *date(const ctx *c, ar_date d, bool long_form, char *buf,
                  size_t size)
{
    if (d == AR_DATE_NONE) {
        buf[0] = '\0';
        return buf;
    }
    return ar_letter_date(c->sh->g, d, long_form, buf, size);
}

/* ---- pages ------------------------------------------------------------------ */

/* s cut to at most max bytes at a character boundary, with an ellipsis
 * when cut: a long client id in a running header or footer line. */
static const char *shortened(const char *s, size_t max, char *buf,
                             size_t size)
{
    size_t n = strlen(s);
    if (n <= max || size < max + 4)
        return s;
    while (n > max || (n > 0 && (s[n] & 0xC0) == 0x80))
        n--;
    memcpy(buf, s, n);
    memcpy(buf + n, "\xE2\x80\xA6", 4);
    return buf;
}

static void footer(ctx *c)
{
    const geom *gm = c->sh->gm;
    const ar_letterhead *h = c->sh->h;
    double wmax = gm->right - gm->left;
    if (c->doc)
        ar_pdf_line(c->doc, gm->left, gm->footer_rule, gm->right,
                    gm->footer_rule, 0.5, h->color_rule);
    char line[700], page[64], id[48];
    snprintf(page, sizeof page, "Page %d of %d", c->page, c->pages);
    put(c, gm->right, gm->footer_y, AR_PDF_BOLD, 7.5, h->color_text,
        AR_PDF_RIGHT, 0, page);
    double pw = width(c, AR_PDF_BOLD, 7.5, page, strlen(page));
    snprintf(line, sizeof line,
             "Statement of account \xC2\xB7 %s \xC2\xB7 %s \xC2\xB7 %s",
             shortened(c->p->id, 40, id, sizeof id), c->sh->h->company,
             h->phone);
    put(c, gm->left, gm->footer_y, AR_PDF_REGULAR, 7, h->color_muted,
        AR_PDF_LEFT, wmax - pw - MM(4), line);
    double y = gm->footer_y + MM(3.2);
    if (h->legal_lines) {
        size_t n = 0;
        line[0] = '\0';
        for (size_t i = 0; i < h->legal_lines && n < sizeof line; i++)
            n += (size_t)snprintf(line + n, sizeof line - n, "%s%s",
                                  i ? " \xC2\xB7 " : "", h->legal[i]);
        put(c, gm->left, y, AR_PDF_REGULAR, 7, h->color_muted, AR_PDF_LEFT,
            wmax, line);
        y += MM(3.2);
    }
    if (h->iban[0]) {
        snprintf(line, sizeof line,
                 "%s \xC2\xB7 %s \xC2\xB7 IBAN %s%s%s", h->bank_name,
                 h->account_holder, h->iban, h->bic[0] ? " \xC2\xB7 BIC " : "",
                 h->bic);
        put(c, gm->left, y, AR_PDF_REGULAR, 7, h->color_muted, AR_PDF_LEFT,
            wmax, line);
    }
}

static void table_head(ctx *c);
static void first_page_head(ctx *c);

static void continuation_head(ctx *c)
{
    const geom *gm = c->sh->gm;
    const ar_letterhead *h = c->sh->h;
    double half = (gm->right - gm->left) / 2;
    put(c, gm->left, MM(16), AR_PDF_BOLD, 9, h->color_primary, AR_PDF_LEFT,
        half - MM(4), h->company);
    char line[600], id[48], name[80];
    snprintf(line, sizeof line,
             "%s \xC2\xB7 %s \xC2\xB7 statement of account, continued",
             shortened(c->p->name[0] ? c->p->name : c->p->id, 60, name,
                       sizeof name),
             shortened(c->p->id, 40, id, sizeof id));
    put(c, gm->right, MM(16), AR_PDF_REGULAR, 8, h->color_muted,
        AR_PDF_RIGHT, half + MM(4), line);
    if (c->doc)
        ar_pdf_line(c->doc, gm->left, MM(19), gm->right, MM(19), 0.5,
                    h->color_rule);
    c->y = gm->top_cont;
}

static void new_page(ctx *c)
{
    if (c->page > 0)
        footer(c);
    c->page++;
    if (c->doc)
        ar_pdf_add_page(c->doc, c->sh->gm->w, c->sh->gm->h);
    if (c->page == 1) {
        first_page_head(c);
    } else {
        continuation_head(c);
        if (c->tab)
            table_head(c);
    }
}

/* Room for h more points below the cursor's baseline, else a new page.
 * True when a page was started. */
static bool ensure(ctx *c, double h)
{
    if (c->y + h <= c->sh->gm->bottom)
        return false;
    new_page(c);
    return true;
}

/* ---- tables ----------------------------------------------------------------- */

static void set_columns(ctx *c, const table *t)
{
    const geom *gm = c->sh->gm;
    double x = gm->left, w = gm->right - gm->left;
    for (int k = 0; k < t->n; k++) {
        c->col_x[k] = x;
        x += w * t->cols[k].share;
    }
    c->col_x[t->n] = gm->right;
}

/* Cells of one row: the text of wrapping columns (every column when
 * wrap_all: a header) is broken into lines inside its column. */
static void cells(ctx *c, const table *t, const char *const *text,
                  ar_pdf_face face, bool wrap_text, bool wrap_all,
                  size_t *lines)
{
    size_t most = 1;
    for (int k = 0; k < t->n; k++) {
        lines[k] = 0;
        if (!text[k] || !text[k][0])
            continue;
        double w = c->col_x[k + 1] - c->col_x[k] - MM(2.4);
        if (wrap_all || (wrap_text && t->cols[k].wrap)) {
            lines[k] = wrap(c, face, TABLE_SIZE, text[k], w, c->lines[k],
                            MAX_CELL_LINES);
        } else {
            c->lines[k][0] = (span){0, strlen(text[k])};
            lines[k] = 1;
        }
        if (lines[k] > most)
            most = lines[k];
    }
    lines[t->n] = most;
}

static void draw_cells(ctx *c, const table *t, const char *const *text,
                       const size_t *lines, ar_pdf_face face, uint32_t rgb)
{
    for (int k = 0; k < t->n; k++)
        for (size_t i = 0; i < lines[k]; i++) {
            double pad = MM(1.2);
            double w = c->col_x[k + 1] - c->col_x[k] - 2 * pad;
            ar_pdf_align al = t->cols[k].align;
            double x = al == AR_PDF_RIGHT ? c->col_x[k + 1] - pad
                                          : c->col_x[k] + pad;
            span sp = c->lines[k][i];
            put_n(c, x, c->y + (double)i * LINE_STEP, face, TABLE_SIZE, rgb,
                  al, w, text[k] + sp.from, sp.to - sp.from);
        }
}

static void table_head(ctx *c)
{
    const table *t = c->tab;
    const char *text[MAX_COLS];
    for (int k = 0; k < t->n; k++)
        text[k] = t->cols[k].label;
    size_t lines[MAX_COLS + 1];
    cells(c, t, text, AR_PDF_BOLD, true, true, lines);
    double extra = (double)(lines[t->n] - 1) * LINE_STEP;
    if (c->doc)
        ar_pdf_box(c->doc, c->sh->gm->left, c->y - MM(4.1),
                   c->sh->gm->right - c->sh->gm->left, MM(5.8) + extra,
                   0xEEF1F5);
    draw_cells(c, t, text, lines, AR_PDF_BOLD, c->sh->h->color_text);
    c->y += HEAD_STEP + extra;
}

static void rule(ctx *c, double y, double x1, double x2, double w)
{
    if (c->doc)
        ar_pdf_line(c->doc, x1, y, x2, y, w, c->sh->h->color_rule);
}

static void table_row(ctx *c, const char *const *text, ar_pdf_face face,
                      uint32_t rgb)
{
    const table *t = c->tab;
    size_t lines[MAX_COLS + 1];
    cells(c, t, text, face, true, false, lines);
    double extra = (double)(lines[t->n] - 1) * LINE_STEP;
    /* a new page draws the header again, which reuses c->lines */
    if (ensure(c, extra))
        cells(c, t, text, face, true, false, lines);
    draw_cells(c, t, text, lines, face, rgb);
    rule(c, c->y + extra + MM(1.4), c->sh->gm->left, c->sh->gm->right, 0.4);
    c->y += extra + ROW_STEP;
}

/* A section title and its table's header, kept with the first rows. */
static void begin_table(ctx *c, const char *title, const char *note,
                        const table *t, size_t rows)
{
    const ar_letterhead *h = c->sh->h;
    const geom *gm = c->sh->gm;
    double need = MM(6) + (note ? MM(4) : 0) + HEAD_STEP +
                  (rows ? ROW_STEP * (rows < 3 ? (double)rows : 3.0) : 0);
    c->tab = NULL;
    c->y += SECTION_GAP;
    ensure(c, need);
    put(c, gm->left, c->y, AR_PDF_BOLD, 10.5, h->color_primary, AR_PDF_LEFT,
        gm->right - gm->left, title);
    c->y += MM(5.2);
    if (note) {
        put(c, gm->left, c->y - MM(0.6), AR_PDF_REGULAR, 7.5, h->color_muted,
            AR_PDF_LEFT, gm->right - gm->left, note);
        c->y += MM(4.4);
    }
    set_columns(c, t);
    c->tab = t;
    if (rows)
        table_head(c);
}

static void end_table(ctx *c)
{
    c->tab = NULL;
}

/* "None." under a section title. */
static void none_line(ctx *c, const char *text)
{
    put(c, c->sh->gm->left + MM(1.2), c->y, AR_PDF_REGULAR, 8.5,
        c->sh->h->color_muted, AR_PDF_LEFT,
        c->sh->gm->right - c->sh->gm->left, text);
    c->y += ROW_STEP;
}

/* ---- first page ------------------------------------------------------------- */

static void letterhead(ctx *c)
{
    const geom *gm = c->sh->gm;
    const ar_letterhead *h = c->sh->h;
    const ar_pdf_image *logo = c->sh->logo;
    if (logo && c->doc) {
        double w = MM(h->logo_width_mm);
        double hh = w * ar_pdf_image_height(logo) / ar_pdf_image_width(logo);
        if (hh > MM(24)) {
            w = w * MM(24) / hh;
            hh = MM(24);
        }
        ar_pdf_image_draw(c->doc, logo, gm->left, MM(12), w, hh);
    }
    double y = MM(16), wmax = MM(80);
    put(c, gm->right, y, AR_PDF_BOLD, 11, h->color_primary, AR_PDF_RIGHT,
        wmax, h->company);
    y += MM(4.5);
    for (size_t i = 0; i < h->address_lines; i++, y += MM(3.3))
        put(c, gm->right, y, AR_PDF_REGULAR, 7.5, h->color_muted,
            AR_PDF_RIGHT, wmax, h->address[i]);
    const char *more[] = {h->phone, h->email, h->web};
    for (size_t i = 0; i < 3; i++)
        if (more[i][0]) {
            put(c, gm->right, y, AR_PDF_REGULAR, 7.5, h->color_muted,
                AR_PDF_RIGHT, wmax, more[i]);
            y += MM(3.3);
        }
}

/* The postal line(s) in the country's format (layouts/countries.txt). */
static size_t postal_lines(const ctx *c, char out[3][200])
{
    const ar_placement *p = c->p;
    const ar_country *ctry = ar_layout_country(c->sh->layout, p->country);
    const char *vals[3] = {p->postal_code, p->city, p->region};
    size_t n = 0, len = 0;
    out[0][0] = '\0';
    if (ctry) {
        for (size_t i = 0; i < ctry->postal.count; i++) {
            const ar_tpart *part = &ctry->postal.parts[i];
            const char *s = part->text ? part->text
                            : part->var >= 0 && part->var < 3 ? vals[part->var]
                                                              : "";
            size_t sl = part->text ? part->len : strlen(s);
            for (size_t k = 0; k < sl && n < 3; k++) {
                if (s[k] == '|') {
                    out[n][len] = '\0';
                    if (++n < 3)
                        out[n][0] = '\0';
                    len = 0;
                } else if (len + 1 < sizeof out[0]) {
                    out[n][len++] = s[k];
                }
            }
        }
        if (n < 3)
            out[n++][len] = '\0';
    } else {
        snprintf(out[0], sizeof out[0], "%s%s%s", p->postal_code,
                 p->postal_code[0] ? " " : "", p->city);
        n = 1;
    }
    for (size_t i = 0; i < n; i++) { /* trim the blanks of empty parts */
        char *s = out[i];
        size_t a = 0, b = strlen(s);
        while (s[a] == ' ' || s[a] == ',')
            a++;
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == ','))
            b--;
        memmove(s, s + a, b - a);
        s[b - a] = '\0';
    }
    return n;
}

/* The debtor: name, contact, postal address, e-mail and phone. Returns
 * the baseline below it. */
static double debtor_block(ctx *c, double x, double y, double w)
{
    const ar_placement *p = c->p;
    const ar_letterhead *h = c->sh->h;
    put(c, x, y, AR_PDF_BOLD, 7.5, h->color_muted, AR_PDF_LEFT, w, "DEBTOR");
    y += MM(5);
    if (!p->known) {
        put(c, x, y, AR_PDF_BOLD, 10, h->color_text, AR_PDF_LEFT, w, p->id);
        y += MM(4.6);
        put(c, x, y, AR_PDF_REGULAR, 8.5, h->color_primary, AR_PDF_LEFT, w,
            "Not in the clients file: no name, address or contact on");
        y += MM(3.8);
        put(c, x, y, AR_PDF_REGULAR, 8.5, h->color_primary, AR_PDF_LEFT, w,
            "record. Known only by its client number in the ledger.");
        return y + MM(4.6);
    }
    span sp[3];
    size_t n = wrap(c, AR_PDF_BOLD, 10, p->name, w, sp, 3);
    for (size_t i = 0; i < n; i++, y += MM(4.6))
        put_n(c, x, y, AR_PDF_BOLD, 10, h->color_text, AR_PDF_LEFT, w,
              p->name + sp[i].from, sp[i].to - sp[i].from);
    const char *lines[8];
    size_t k = 0;
    char postal[3][200];
    if (p->contact[0])
        lines[k++] = p->contact;
    if (p->address1[0])
        lines[k++] = p->address1;
    if (p->address2[0])
        lines[k++] = p->address2;
    size_t pl = postal_lines(c, postal);
    for (size_t i = 0; i < pl; i++)
        if (postal[i][0])
            lines[k++] = postal[i];
    const ar_country *ctry = ar_layout_country(c->sh->layout, p->country);
    if (p->country[0])
        lines[k++] = ctry ? ctry->name : p->country;
    for (size_t i = 0; i < k; i++, y += MM(4.1))
        put(c, x, y, AR_PDF_REGULAR, 9, h->color_text, AR_PDF_LEFT, w,
            lines[i]);
    y += MM(1);
    const char *labels[2] = {"Email", "Phone"};
    const char *vals[2] = {p->email, p->phone};
    for (size_t i = 0; i < 2; i++) {
        put(c, x, y, AR_PDF_REGULAR, 7.5, h->color_muted, AR_PDF_LEFT,
            MM(13), labels[i]);
        put(c, x + MM(14), y, AR_PDF_REGULAR, 9,
            vals[i][0] ? h->color_text : h->color_muted, AR_PDF_LEFT,
            w - MM(14), vals[i][0] ? vals[i] : "not on record");
        y += MM(4.1);
    }
    return y;
}

/* Key facts beside the debtor. Returns the baseline below them. */
static double facts_block(ctx *c, double x, double y, double w)
{
    const ar_placement *p = c->p;
    const ar_client_result *cr = c->cr;
    const ar_letterhead *h = c->sh->h;
    char as_of[48], due[48], last[120], tier[64], days[32], stage[16],
        prior[16];
    date(c, c->sh->run->analysis.as_of, true, as_of, sizeof as_of);
    date(c, p->oldest_due, false, due, sizeof due);
    if (p->last_payment != AR_DATE_NONE) {
        char d1[48], a1[48];
        snprintf(last, sizeof last, "%s, %s",
                 date(c, p->last_payment, false, d1, sizeof d1),
                 amount(c, p->last_payment_amount, c->cur, a1, sizeof a1));
    } else {
        snprintf(last, sizeof last, "none on record");
    }
    static const char *const tiers[AR_TIER_COUNT_] = {
        [AR_TIER_STANDARD] = "Standard", [AR_TIER_VIP] = "VIP",
        [AR_TIER_HIGH_RISK] = "High-Risk"};
    snprintf(tier, sizeof tier, "%s, risk score %d of 100",
             tiers[cr->risk.tier], cr->risk.score);
    snprintf(days, sizeof days, "%d", p->days_past_due);
    snprintf(stage, sizeof stage, "%d of 5", cr->stage);
    snprintf(prior, sizeof prior, "%d", p->prior_collections);
    const char *cur = c->cur[0] ? c->cur : "base currency";
    struct {
        const char *label, *value;
    } rows[] = {
        {"Client no.", p->id},
        {"Statement date", as_of},
        {"Currency", cur},
        {"Risk tier", tier},
        {"Dunning stage", stage},
        {"Oldest past due", due},
        {"Days past due", days},
        {"Last payment", last},
        {"Prior collections", prior},
    };
    double lw = MM(27);
    put(c, x, y, AR_PDF_BOLD, 7.5, h->color_muted, AR_PDF_LEFT, w,
        "ACCOUNT");
    y += MM(5);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++, y += MM(4.1)) {
        put(c, x, y, AR_PDF_REGULAR, 7.5, h->color_muted, AR_PDF_LEFT,
            lw - MM(1), rows[i].label);
        put(c, x + lw, y, i == 0 ? AR_PDF_BOLD : AR_PDF_REGULAR, 8.5,
            h->color_text, AR_PDF_LEFT, w - lw, rows[i].value);
    }
    return y;
}

/* Warnings the agency must see first: a line each, on a tinted band. */
static void flags_block(ctx *c)
{
    const ar_placement *p = c->p;
    const ar_run *run = c->sh->run;
    const geom *gm = c->sh->gm;
    char lines[4][400];
    size_t n = 0;
    if (p->no_contact)
        snprintf(lines[n++], sizeof lines[0],
                 "No contact data: neither a contact name, an e-mail address "
                 "nor a phone number is on record%s.",
                 p->known ? "; only the postal address above" : "");
    if (p->legal) {
        char bal[48], lim[48];
        snprintf(lines[n++], sizeof lines[0],
                 "Legal candidate: %d days past due and an overdue balance "
                 "of %s (from %s at %d days). Requires legal approval before "
                 "any legal step.",
                 p->days_past_due,
                 amount(c, p->overdue_net, c->cur, bal, sizeof bal),
                 amount(c, run->policy.legal_min_balance, c->cur, lim,
                        sizeof lim),
                 run->policy.legal_days);
    }
    if (p->other_items)
        snprintf(lines[n++], sizeof lines[0],
                 "Also open in other currencies, listed at the end and not "
                 "added to the totals: %s.",
                 p->other_open);
    if (n == 0)
        return;
    double w = gm->right - gm->left - MM(6);
    span sp[4][4];
    size_t nl[4], total = 0;
    for (size_t i = 0; i < n; i++) {
        nl[i] = wrap(c, AR_PDF_REGULAR, 8.5, lines[i], w, sp[i], 4);
        total += nl[i];
    }
    double hgt = (double)total * MM(4) + MM(3);
    if (c->doc)
        ar_pdf_box(c->doc, gm->left, c->y - MM(1), gm->right - gm->left, hgt,
                   0xFBEFE6);
    double y = c->y + MM(3.2);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < nl[i]; k++, y += MM(4))
            put_n(c, gm->left + MM(3), y, k == 0 ? AR_PDF_BOLD : AR_PDF_REGULAR,
                  8.5, 0x8A3B12, AR_PDF_LEFT, w, lines[i] + sp[i][k].from,
                  sp[i][k].to - sp[i][k].from);
    c->y += hgt + MM(2);
}

/* The balance and how it is made up: it adds up line by line. */
static void summary_block(ctx *c)
{
    const ar_placement *p = c->p;
    const ar_run *run = c->sh->run;
    const ar_letterhead *h = c->sh->h;
    const geom *gm = c->sh->gm;
    char past[80], review[80], rate[32];
    unsigned past_n = 0;
    const ar_doc *docs = ar_ledger_docs(run->ledger);
    for (size_t k = 0; k < p->item_count; k++) {
        uint32_t i = c->sh->pk->items[p->first_item + k];
        if (docs[i].currency == p->currency && !docs[i].disputed &&
            ar_days_past_due(&run->analysis, i) >= 1)
            past_n++;
    }
    snprintf(past, sizeof past, "Past due (%u item%s)", past_n,
             past_n == 1 ? "" : "s");
    snprintf(review, sizeof review, "Under review (disputed, not demanded)");
    snprintf(rate, sizeof rate, "%d.%02d %%", run->policy.agency_commission_bp / 100,
             run->policy.agency_commission_bp % 100);
    char commission[120];
    snprintf(commission, sizeof commission,
             "Expected agency commission at %s of the overdue balance", rate);
    struct {
        const char *label;
        ar_cents v;
        int style;   /* 0 plain, 1 total, 2 key figure, 3 muted */
        bool rule_above;
    } rows[] = {
        {past, p->overdue, 0, false},
        {review, p->disputed, 0, false},
        {"Not yet due", p->not_due, 0, false},
        {"Open items total", p->open, 1, true},
        {"Less unapplied credits", -p->unapplied, 0, false},
        {"Balance", p->open - p->unapplied, 1, true},
        {"Overdue balance placed (past due less unapplied credits)",
         p->overdue_net, 2, false},
        {commission, p->commission, 3, false},
        {"Net recovery after commission", p->overdue_net - p->commission, 3,
         false},
    };
    size_t n = sizeof rows / sizeof *rows;
    c->y += SECTION_GAP;
    ensure(c, MM(8) + (double)n * MM(4.6));
    put(c, gm->left, c->y, AR_PDF_BOLD, 10.5, h->color_primary, AR_PDF_LEFT,
        gm->right - gm->left, "Account summary");
    c->y += MM(3);
    double top = c->y, box_h = MM(3.4) + (double)n * MM(4.6);
    if (c->doc)
        ar_pdf_box(c->doc, gm->left, top, gm->right - gm->left, box_h,
                   0xF4F6F9);
    double y = top + MM(5), lx = gm->left + MM(3), ax = gm->right - MM(3);
    double aw = MM(40);
    for (size_t i = 0; i < n; i++, y += MM(4.6)) {
        char amt[64];
        amount(c, rows[i].v, c->cur, amt, sizeof amt);
        ar_pdf_face face = rows[i].style == 1 || rows[i].style == 2
                               ? AR_PDF_BOLD
                               : AR_PDF_REGULAR;
        uint32_t rgb = rows[i].style == 2   ? h->color_primary
                       : rows[i].style == 3 ? h->color_muted
                                            : h->color_text;
        if (rows[i].rule_above)
            rule(c, y - MM(3.6), ax - aw, ax, 0.6);
        put(c, lx, y, face, 9, rgb, AR_PDF_LEFT, ax - aw - lx - MM(2),
            rows[i].label);
        put(c, ax, y, face, 9, rgb, AR_PDF_RIGHT, aw, amt);
    }
    c->y = top + box_h + MM(1);
}

static void first_page_head(ctx *c)
{
    const geom *gm = c->sh->gm;
    const ar_letterhead *h = c->sh->h;
    letterhead(c);
    double y = MM(47);
    put(c, gm->left, y, AR_PDF_BOLD, 17, h->color_primary, AR_PDF_LEFT,
        gm->right - gm->left, "Statement of account");
    /* what the statement is, and the one rule the agency must keep */
    char sub[600], day[48];
    snprintf(sub, sizeof sub,
             "For the collections agency: every item open in our ledger at "
             "the end of %s and everything received against them. Items "
             "under review are disputed and must not be demanded. Questions "
             "about this account: %s, %s.",
             date(c, c->sh->run->analysis.as_of, true, day, sizeof day),
             h->phone, h->email);
    span sp[4];
    size_t n = wrap(c, AR_PDF_REGULAR, 8.5, sub, gm->right - gm->left, sp, 4);
    y += MM(2);
    for (size_t i = 0; i < n; i++) {
        y += MM(3.9);
        put_n(c, gm->left, y, AR_PDF_REGULAR, 8.5, h->color_muted,
              AR_PDF_LEFT, gm->right - gm->left, sub + sp[i].from,
              sp[i].to - sp[i].from);
    }
    y += MM(3);
    rule(c, y, gm->left, gm->right, 0.6);
    y += MM(7);
    double mid = gm->left + (gm->right - gm->left) * 0.53;
    double y1 = debtor_block(c, gm->left, y, mid - gm->left - MM(6));
    double y2 = facts_block(c, mid, y, gm->right - mid);
    c->y = (y1 > y2 ? y1 : y2) + MM(2);
}

/* ---- the sections ----------------------------------------------------------- */

static void items_section(ctx *c)
{
    const ar_placement *p = c->p;
    const ar_analysis *a = &c->sh->run->analysis;
    const ar_ledger *lg = a->ledger;
    const ar_doc *docs = ar_ledger_docs(lg);
    const ar_agency_packet *pk = c->sh->pk;
    size_t n = p->item_count - p->other_items;
    begin_table(c, "Open items", NULL, &items_table, n);
    if (n == 0) {
        end_table(c);
        none_line(c, "None.");
        return;
    }
    ar_cents paid_total = 0;
    for (size_t k = 0; k < n; k++) {
        uint32_t i = pk->items[p->first_item + k];
        const ar_doc *doc = &docs[i];
        ar_cents open = a->settlement.open[i];
        int32_t dpd = ar_days_past_due(a, i);
        char d1[48], d2[48], days[16], orig[64], paid[64], op[64], note[64];
        if (dpd > 0)
            snprintf(days, sizeof days, "%d", dpd);
        else
            snprintf(days, sizeof days, "\xE2\x80\x93");
        /* the kind only when it is not an invoice */
        snprintf(note, sizeof note, "%s%s%s",
                 doc->type == AR_DOC_DEB ? "debit note" : "",
                 doc->type == AR_DOC_DEB && (doc->disputed || dpd <= 0)
                     ? ", "
                     : "",
                 doc->disputed ? "under review"
                 : dpd <= 0    ? "not yet due"
                               : "");
        paid_total += doc->amount - open;
        const char *text[IT_COLS] = {
            [IT_DOC] = ar_ledger_text(lg, doc->doc_no),
            [IT_DATE] = date(c, doc->doc_date, false, d1, sizeof d1),
            [IT_DUE] = date(c, doc->due_date, false, d2, sizeof d2),
            [IT_DAYS] = days,
            [IT_ORIGINAL] = amount(c, doc->amount, c->cur, orig, sizeof orig),
            [IT_PAID] = doc->amount != open
                            ? amount(c, doc->amount - open, c->cur, paid,
                                     sizeof paid)
                            : "",
            [IT_OPEN] = amount(c, open, c->cur, op, sizeof op),
            [IT_NOTE] = note,
        };
        table_row(c, text, AR_PDF_REGULAR,
                  doc->disputed || dpd <= 0 ? c->sh->h->color_muted
                                            : c->sh->h->color_text);
    }
    end_table(c);
    /* the totals line: original - paid/credited = open */
    char label[64], orig[64], paid[64], op[64];
    snprintf(label, sizeof label, "Total, %zu item%s", n, n == 1 ? "" : "s");
    const char *text[IT_COLS] = {
        [IT_DOC] = label,
        [IT_ORIGINAL] = amount(c, p->original, c->cur, orig, sizeof orig),
        [IT_PAID] = amount(c, paid_total, c->cur, paid, sizeof paid),
        [IT_OPEN] = amount(c, p->open, c->cur, op, sizeof op),
    };
    ensure(c, MM(1));
    size_t lines[MAX_COLS + 1];
    cells(c, &items_table, text, AR_PDF_BOLD, false, false, lines);
    c->y += MM(0.6);
    draw_cells(c, &items_table, text, lines, AR_PDF_BOLD,
               c->sh->h->color_text);
    c->y += ROW_STEP;
}

static const char *kind_name(int type, bool self)
{
    if (self)
        return "Payment";
    switch (type) {
    case AR_DOC_PAY: return "Payment";
    case AR_DOC_CRN: return "Credit note";
    case AR_DOC_WO: return "Write-off";
    case AR_DOC_INV: return "Invoice";
    case AR_DOC_DEB: return "Debit note";
    default: return "";
    }
}

static void apps_section(ctx *c)
{
    const ar_placement *p = c->p;
    const ar_analysis *a = &c->sh->run->analysis;
    const ar_ledger *lg = a->ledger;
    const ar_doc *docs = ar_ledger_docs(lg);
    const ar_agency_packet *pk = c->sh->pk;
    begin_table(c, "Payments and credits received on these items",
                "What has been paid, credited or written off against the "
                "open items above (their Paid / credited column).",
                &apps_table, p->app_count);
    if (p->app_count == 0) {
        end_table(c);
        none_line(c, "None: nothing has been received against the open "
                     "items.");
        return;
    }
    for (size_t k = 0; k < p->app_count; k++) {
        const ar_application *ap = &a->settlement.apps[pk->apps[p->first_app + k]];
        bool self = ap->source == ap->item;
        char d1[48], amt[64];
        const char *text[AP_COLS] = {
            [AP_DATE] = date(c, ap->date, false, d1, sizeof d1),
            [AP_DOC] = self ? "" : ar_ledger_text(lg, docs[ap->source].doc_no),
            [AP_TYPE] = kind_name(ap->kind, self),
            [AP_ITEM] = ar_ledger_text(lg, docs[ap->item].doc_no),
            [AP_AMOUNT] = amount(c, ap->amount, c->cur, amt, sizeof amt),
            [AP_NOTE] = self ? "recorded on the invoice as paid" : "",
        };
        table_row(c, text, AR_PDF_REGULAR, c->sh->h->color_text);
    }
    end_table(c);
}

static void credits_section(ctx *c)
{
    const ar_placement *p = c->p;
    const ar_analysis *a = &c->sh->run->analysis;
    const ar_ledger *lg = a->ledger;
    const ar_doc *docs = ar_ledger_docs(lg);
    const ar_agency_packet *pk = c->sh->pk;
    begin_table(c, "Unapplied credits",
                "Payments and credits not matched to an item: they reduce "
                "the balance, and the items stay open.",
                &credits_table, p->credit_count);
    if (p->credit_count == 0) {
        end_table(c);
        none_line(c, "None.");
        return;
    }
    for (size_t k = 0; k < p->credit_count; k++) {
        const ar_credit *cd =
            &a->settlement.credits[pk->credits[p->first_credit + k]];
        const char *code = ar_ledger_currency_code(lg, cd->currency);
        char d1[48], orig[64], amt[96], reason[96];
        static const char *const why[AR_CREDIT_REASON_COUNT_] = {
            [AR_CREDIT_NO_TARGET] = "names no invoice",
            [AR_CREDIT_UNKNOWN_TARGET] = "names a document not on this "
                                         "account",
            [AR_CREDIT_OVERPAYMENT] = "more than the invoice it names",
            [AR_CREDIT_CURRENCY] = "in another currency than its invoice",
        };
        snprintf(reason, sizeof reason, "%s",
                 cd->reason < AR_CREDIT_REASON_COUNT_ ? why[cd->reason] : "");
        if (cd->currency != p->currency) /* SPEC §8.23: never added in */
            snprintf(reason, sizeof reason, "in %s, not in the balance",
                     code);
        const char *text[CR_COLS] = {
            [CR_DATE] = date(c, cd->date, false, d1, sizeof d1),
            [CR_DOC] = ar_ledger_text(lg, docs[cd->source].doc_no),
            [CR_TYPE] = kind_name(docs[cd->source].type, false),
            [CR_REASON] = reason,
            [CR_ORIGINAL] = amount(c, cd->original, code, orig, sizeof orig),
            [CR_AMOUNT] = amount(c, cd->amount, code, amt, sizeof amt),
        };
        table_row(c, text, AR_PDF_REGULAR, c->sh->h->color_text);
    }
    end_table(c);
}

static void others_section(ctx *c)
{
    const ar_placement *p = c->p;
    if (!p->other_items)
        return;
    const ar_analysis *a = &c->sh->run->analysis;
    const ar_ledger *lg = a->ledger;
    const ar_doc *docs = ar_ledger_docs(lg);
    const ar_agency_packet *pk = c->sh->pk;
    begin_table(c, "Open in other currencies",
                "Not part of the totals above: amounts in different "
                "currencies are never added together.",
                &others_table, p->other_items);
    for (size_t k = p->item_count - p->other_items; k < p->item_count; k++) {
        uint32_t i = pk->items[p->first_item + k];
        const ar_doc *doc = &docs[i];
        const char *code = ar_ledger_currency_code(lg, doc->currency);
        int32_t dpd = ar_days_past_due(a, i);
        char d1[48], d2[48], days[16], orig[64], op[64];
        if (dpd > 0)
            snprintf(days, sizeof days, "%d", dpd);
        else
            snprintf(days, sizeof days, "\xE2\x80\x93");
        const char *text[OT_COLS] = {
            [OT_DOC] = ar_ledger_text(lg, doc->doc_no),
            [OT_CUR] = code,
            [OT_DATE] = date(c, doc->doc_date, false, d1, sizeof d1),
            [OT_DUE] = date(c, doc->due_date, false, d2, sizeof d2),
            [OT_DAYS] = days,
            [OT_ORIGINAL] = amount(c, doc->amount, code, orig, sizeof orig),
            [OT_OPEN] = amount(c, a->settlement.open[i], code, op, sizeof op),
            [OT_NOTE] = doc->disputed ? "under review"
                        : dpd <= 0    ? "not yet due"
                                      : "",
        };
        table_row(c, text, AR_PDF_REGULAR, c->sh->h->color_text);
    }
    end_table(c);
}

/* A letter's document list as one style, "A, B, C": the history has
 * them separated by ';' or by blanks. */
static const char *doc_list(const char *in, char *out, size_t size)
{
    size_t n = 0;
    while (*in && n + 3 < size) {
        while (*in == ';' || *in == ' ' || *in == '\t')
            in++;
        if (!*in)
            break;
        if (n) {
            out[n++] = ',';
            out[n++] = ' ';
        }
        while (*in && *in != ';' && *in != ' ' && *in != '\t' &&
               n + 1 < size)
            out[n++] = *in++;
    }
    out[n] = '\0';
    return out;
}

static void letters_section(ctx *c)
{
    const ar_placement *p = c->p;
    const ar_ledger *lg = c->sh->run->ledger;
    const ar_lang *g = c->sh->g;
    const ar_agency_packet *pk = c->sh->pk;
    begin_table(c, "Dunning letters sent", NULL, &letters_table,
                p->letter_count);
    if (p->letter_count == 0) {
        end_table(c);
        none_line(c, "None on record.");
        return;
    }
    for (size_t k = 0; k < p->letter_count; k++) {
        const ar_agency_letter *l = &pk->letters[p->first_letter + k];
        char d1[48], stage[8], name[128], amt[64], docs[2048];
        snprintf(stage, sizeof stage, "%d", l->stage);
        name[0] = '\0';
        if (l->stage >= 1 && l->stage <= AR_STAGES) {
            const ar_ttext *t = &g->str[AR_S_STAGE1 + l->stage - 1];
            if (t->count && t->parts[0].text)
                snprintf(name, sizeof name, "%.*s", (int)t->parts[0].len,
                         t->parts[0].text);
        }
        if (l->this_run) {
            size_t len = strlen(name);
            snprintf(name + len, sizeof name - len, " (this run)");
        }
        const char *text[LT_COLS] = {
            [LT_DATE] = date(c, l->date, false, d1, sizeof d1),
            [LT_STAGE] = stage,
            [LT_NAME] = name,
            [LT_DOCS] = doc_list(l->doc_nos, docs, sizeof docs),
            [LT_AMOUNT] = amount(c, l->amount,
                                 ar_ledger_currency_code(lg, l->currency), amt,
                                 sizeof amt),
        };
        table_row(c, text, AR_PDF_REGULAR, c->sh->h->color_text);
    }
    end_table(c);
}

/* Lay out (doc NULL: count pages, note characters) or draw one
 * statement. Returns its pages. */
static int compose(const shared *sh, size_t r, ar_pdf *doc, int pages,
                   ar_cpset *used)
{
    ctx *c = ar_xcalloc(1, sizeof *c);
    c->sh = sh;
    c->p = &sh->pk->rows[r];
    c->cr = &sh->run->analysis.clients[c->p->result];
    c->cur = ar_ledger_currency_code(sh->run->ledger, c->p->currency);
    c->doc = doc;
    c->used = used;
    c->pages = pages;
    new_page(c);
    flags_block(c);
    summary_block(c);
    items_section(c);
    apps_section(c);
    credits_section(c);
    others_section(c);
    letters_section(c);
    footer(c);
    int n = c->page;
    free(c);
    return n;
}

/* ---- files and threads ------------------------------------------------------- */

static ar_err draw_statement(shared *sh, size_t r, ar_diag *d)
{
    const ar_placement *p = &sh->pk->rows[r];
    char path[4400];
    snprintf(path, sizeof path, "%s/%s.pdf", sh->dir, p->file);
    ar_pdf *doc = ar_pdf_new(sh->fonts);
    int pages = compose(sh, r, doc, sh->pages[r], NULL);
    unsigned char *data = NULL;
    size_t len = 0;
    ar_err err = ar_pdf_status(doc, d);
    if (err == AR_OK)
        err = ar_pdf_save(doc, &data, &len, d);
    if (err == AR_OK && pages != sh->pages[r])
        err = ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                          "laid out on %d pages, drawn on %d (internal)",
                          sh->pages[r], pages);
    if (err == AR_OK) {
        /* the I/O threads own data from here */
        if (!ar_writer_put(sh->writer, path, data, len))
            err = ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                              "not written after an earlier write failed");
        data = NULL;
    } else if (!d->file[0]) {
        snprintf(d->file, sizeof d->file, "%.500s", path);
    }
    free(data);
    ar_pdf_free(doc);
    return err;
}

typedef struct worker {
    shared *sh;
    ar_cpset used;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    shared *sh = w->sh;
    ar_diag d;
    for (;;) {
        size_t r = atomic_fetch_add(&sh->next, 1);
        if (r >= sh->pk->count || atomic_load(&sh->failed))
            break;
        if (sh->phase == 1) {
            sh->pages[r] = compose(sh, r, NULL, 0, &w->used);
            continue;
        }
        ar_diag_clear(&d);
        ar_err err = draw_statement(sh, r, &d);
        if (err != AR_OK) {
            pthread_mutex_lock(&sh->lock);
            if (sh->err == AR_OK) {
                sh->err = err;
                sh->diag = d;
            }
            pthread_mutex_unlock(&sh->lock);
            atomic_store(&sh->failed, true);
        }
    }
    return NULL;
}

/* Run one pass over every statement on up to nthreads threads; the
 * workers' characters are added to used. */
static void run_phase(shared *sh, int phase, int nthreads, ar_cpset *used)
{
    sh->phase = phase;
    atomic_store(&sh->next, 0);
    if ((size_t)nthreads > sh->pk->count)
        nthreads = sh->pk->count ? (int)sh->pk->count : 1;
    worker *ws = ar_xcalloc((size_t)nthreads, sizeof *ws);
    pthread_t tid[MAX_THREADS];
    int started = 0;
    for (int i = 0; i < nthreads; i++) {
        ws[i].sh = sh;
        if (nthreads > 1 &&
            pthread_create(&tid[started], NULL, work, &ws[started]) == 0)
            started++;
    }
    if (started == 0)
        work(&ws[0]);
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    for (int i = 0; i < nthreads; i++)
        ar_cpset_union(used, &ws[i].used);
    free(ws);
}

ar_err ar_render_statements(const ar_run *run, const ar_agency_packet *pk,
                            const char *agency_dir, ar_diag *d)
{
    if (pk->count == 0)
        return AR_OK;
    ar_layout *layout = NULL;
    ar_pdf_fonts *fonts = NULL;
    ar_pdf_image *logo = NULL;
    ar_cpset *used = ar_xcalloc(1, sizeof *used);
    shared *sh = ar_xcalloc(1, sizeof *sh);
    pthread_mutex_init(&sh->lock, NULL);
    sh->run = run;
    sh->pk = pk;
    sh->dir = agency_dir;
    sh->gm = run->policy.page_size == AR_PAGE_LETTER ? &us_letter : &a4;
    sh->pages = ar_xcalloc(pk->count + 1, sizeof *sh->pages);

    /* the letters' layouts and fonts; a fonts object of our own, cut
     * down to the statements' characters */
    ar_err err = ar_layout_load(ar_layout_default_dir(), &layout, d);
    if (err != AR_OK)
        goto out;
    bool fallback;
    sh->layout = layout;
    sh->g = ar_layout_lang(layout, "en", &fallback);
    sh->h = ar_layout_letterhead(layout);
    err = ar_pdf_fonts_new(sh->h->font_regular, sh->h->font_bold,
                           sh->h->font_fallback, &fonts, d);
    if (err == AR_OK && sh->h->logo)
        err = ar_pdf_image_load(sh->h->logo, &logo, d);
    if (err != AR_OK)
        goto out;
    sh->fonts = fonts;
    sh->logo = logo;
    int nthreads = ar_options_threads(run->opts, MAX_THREADS);

    /* 1: pages and characters of every statement; "page x of y" needs
     * every digit */
    for (uint32_t cp = '0'; cp <= '9'; cp++)
        ar_cpset_add(used, cp);
    ar_cpset_add(used, '?');
    run_phase(sh, 1, nthreads, used);
    /* 2: fonts cut to what is used, then every statement */
    err = ar_pdf_fonts_subset(fonts, used, d);
    if (err != AR_OK)
        goto out;
    sh->writer = ar_writer_new(AR_WRITER_THREADS, AR_WRITER_PENDING);
    run_phase(sh, 2, nthreads, used);
    ar_diag wd;
    ar_diag_clear(&wd);
    if (ar_writer_finish(sh->writer, &wd) != AR_OK) {
        *d = wd; /* the write that failed first says why */
        err = AR_ERR_OUTPUT;
    } else if (sh->err != AR_OK) {
        *d = sh->diag;
        err = sh->err;
    }
out:
    pthread_mutex_destroy(&sh->lock);
    free(sh->pages);
    free(sh);
    free(used);
    ar_pdf_image_free(logo);
    ar_pdf_fonts_free(fonts);
    ar_layout_free(layout);
    return err;
}
