/* letter.c - lays out and draws one dunning letter (SPEC §5).
 *
 * One pass does everything: with no document it only moves a cursor down
 * the pages (counting them) and notes every character it would draw;
 * with a document it draws the same things at the same places. Text that
 * does not fit is never cut: lines wrap, and cells too wide for their
 * column are squeezed horizontally (the characters stay exact).
 */
#include "ar/render/letters/letter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MM(x) AR_PDF_MM(x)
#define RICH_MAX 4096
#define MAX_LINES 160

/* Page geometry, points from the top-left corner. */
typedef struct geom {
    double w, h;
    double left, right;          /* content edges */
    double win_x, win_y, win_w, win_h;
    double ret_h;                /* return-address zone in the window;
                                    0 = no return line */
    double info_x, info_label_w;
    double info_y;               /* first baseline of the info block */
    double subject_y;            /* first baseline of the subject */
    double top_cont;             /* first baseline on continuation pages */
    double bottom;               /* content ends above this */
    double footer_rule, footer_y;
} geom;

/* A4, DIN 5008 form B: address field 20 mm from the left, 45 mm from the
 * top, 85 x 45 mm, its first 12.7 mm for the return address; text at
 * 25 mm; fold marks left out (nothing in the printer's margins). */
static const geom a4 = {
    .w = MM(210), .h = MM(297),
    .left = MM(25), .right = MM(190),
    .win_x = MM(20), .win_y = MM(45), .win_w = MM(85), .win_h = MM(45),
    .ret_h = MM(12.7),
    .info_x = MM(125), .info_label_w = MM(24), .info_y = MM(50),
    .subject_y = MM(99),
    .top_cont = MM(30),
    .bottom = MM(270),
    .footer_rule = MM(273), .footer_y = MM(277),
};

/* US Letter, #10 window envelope: window 7/8" from the left, 2" from the
 * top, 4" x 1"; 1" left margin. */
static const geom letter = {
    .w = 612, .h = 792,
    .left = 72, .right = 612 - MM(20),
    .win_x = 63, .win_y = 144, .win_w = 288, .win_h = 72,
    .ret_h = 0,
    .info_x = MM(135), .info_label_w = MM(24), .info_y = MM(50),
    .subject_y = MM(88),
    .top_cont = MM(30),
    .bottom = 792 - MM(30),
    .footer_rule = 792 - MM(25), .footer_y = 792 - MM(21),
};

/* Sizes (points) and steps. */
#define BODY_SIZE 10.0
#define BODY_STEP MM(4.4)
#define PARA_GAP MM(2.2)
#define SMALL_SIZE 7.0
#define TABLE_SIZE 8.3
#define TABLE_STEP MM(4.5)
#define HEAD_STEP MM(6.0)
#define QR_SIZE MM(27)

/* Item table columns, as shares of the content width. */
enum { COL_NUMBER, COL_DATE, COL_DUE, COL_DAYS, COL_ORIGINAL, COL_OPEN,
       COL_NOTE, COL_COUNT_ };
static const double col_share[COL_COUNT_] = {0.195, 0.12, 0.12, 0.11,
                                             0.15, 0.15, 0.155};
static const ar_pdf_align col_align[COL_COUNT_] = {
    AR_PDF_LEFT, AR_PDF_LEFT, AR_PDF_LEFT, AR_PDF_RIGHT,
    AR_PDF_RIGHT, AR_PDF_RIGHT, AR_PDF_LEFT};

/* Text with a face per byte. */
typedef struct rich {
    char text[RICH_MAX];
    unsigned char bold[RICH_MAX];
    size_t len;
} rich;

typedef struct span {
    size_t from, to;
} span;

typedef struct ctx {
    const ar_letter_style *st;
    const ar_letter *l;
    const ar_lang *g;
    const ar_letterhead *h;
    const geom *gm;
    ar_pdf *doc;              /* NULL: count only */
    ar_cpset *used;
    uint32_t bad_cp;
    int page, pages;
    double y;                 /* baseline cursor */
    bool in_table;            /* a break repeats the table header */
    double col_x[COL_COUNT_ + 1];
    const char *var[AR_VAR_COUNT_];
    char buf[AR_VAR_COUNT_][96];
    char greeting[256];
    rich scratch;             /* one paragraph at a time */
    span lines[MAX_LINES];
} ctx;

/* ---- formatting ------------------------------------------------------- */

/* Append src to the string in dst (size bytes), cutting at a character
 * boundary when it does not fit: a cut inside a character would print as
 * a character the fonts do not have. */
static void cat(char *dst, size_t size, const char *src)
{
    size_t len = strlen(dst), n = strlen(src);
    if (len + n >= size) {
        n = size - 1 - len;
        while (n > 0 && (src[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst + len, src, n);
    dst[len + n] = '\0';
}

static const char *text_of(const ar_ttext *t)
{
    /* raw strings are a single literal part */
    return t->count ? t->parts[0].text : "";
}

static size_t raw_len(const ar_ttext *t)
{
    return t->count ? t->parts[0].len : 0;
}

static const char *currency_symbol(const char *code)
{
    static const char *const table[][2] = {
        {"EUR", "\xE2\x82\xAC"}, {"USD", "$"}, {"GBP", "\xC2\xA3"},
        {"JPY", "\xC2\xA5"}, {"CNY", "\xC2\xA5"}, {"INR", "\xE2\x82\xB9"}};
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        if (strcmp(code, table[i][0]) == 0)
            return table[i][1];
    return NULL;
}

char *ar_letter_amount(const ar_lang *g, ar_cents v, const char *currency,
                       char *buf, size_t size)
{
    char plain[32], num[64];
    bool neg = v < 0;
    ar_money_format_plain(neg ? -v : v, plain, sizeof plain);
    /* group the integer digits, then the decimal mark */
    const char *dot = strchr(plain, '.');
    size_t ilen = dot ? (size_t)(dot - plain) : strlen(plain), n = 0;
    for (size_t i = 0; i < ilen && n + 8 < sizeof num; i++) {
        if (i > 0 && (ilen - i) % 3 == 0)
            n += (size_t)snprintf(num + n, sizeof num - n, "%s",
                                  g->group_mark);
        num[n++] = plain[i];
    }
    snprintf(num + n, sizeof num - n, "%s%s", g->decimal_mark,
             dot ? dot + 1 : "00");
    const char *sym = currency_symbol(currency);
    const ar_ttext *fmt =
        &g->str[sym ? AR_S_AMOUNT_FORMAT : AR_S_AMOUNT_FORMAT_CODE];
    const char *f = text_of(fmt);
    size_t len = 0;
    if (neg && len + 1 < size)
        buf[len++] = '-';
    for (size_t i = 0; i < raw_len(fmt) && len + 1 < size; i++) {
        const char *what = NULL;
        size_t skip = 0;
        if (strncmp(f + i, "{amount}", 8) == 0)
            what = num, skip = 8;
        else if (strncmp(f + i, "{symbol}", 8) == 0)
            what = sym ? sym : currency, skip = 8;
        else if (strncmp(f + i, "{code}", 6) == 0)
            what = currency, skip = 6;
        else if (strncmp(f + i, "{nbsp}", 6) == 0)
            what = "\xC2\xA0", skip = 6;
        if (what) {
            len += (size_t)snprintf(buf + len, size - len, "%s", what);
            if (len >= size)
                len = size - 1;
            i += skip - 1;
        } else {
            buf[len++] = f[i];
        }
    }
    buf[len] = '\0';
    return buf;
}

char *ar_letter_date(const ar_lang *g, ar_date date, bool long_form,
                     char *buf, size_t size)
{
    int y, m, d;
    ar_date_to_ymd(date, &y, &m, &d);
    const ar_ttext *fmt = &g->str[long_form ? AR_S_DATE_LONG : AR_S_DATE_SHORT];
    const char *f = text_of(fmt);
    size_t len = 0, n = raw_len(fmt);
    for (size_t i = 0; i < n && len + 1 < size; i++) {
        if (f[i] != '%' || i + 1 == n) {
            buf[len++] = f[i];
            continue;
        }
        char c = f[++i];
        int w = 0;
        switch (c) {
        case 'd': w = snprintf(buf + len, size - len, "%02d", d); break;
        case 'e': w = snprintf(buf + len, size - len, "%d", d); break;
        case 'm': w = snprintf(buf + len, size - len, "%02d", m); break;
        case 'Y': w = snprintf(buf + len, size - len, "%04d", y); break;
        case 'B': w = snprintf(buf + len, size - len, "%s", g->months[m - 1]);
            break;
        case 'b':
            w = snprintf(buf + len, size - len, "%s", g->months_short[m - 1]);
            break;
        default: buf[len++] = c; break;
        }
        len += (size_t)(w > 0 ? w : 0);
        if (len >= size)
            len = size - 1;
    }
    buf[len] = '\0';
    return buf;
}

/* Expand t into r (appending), placeholders from c->var. */
static void expand(const ctx *c, const ar_ttext *t, rich *r)
{
    for (size_t i = 0; i < t->count; i++) {
        const ar_tpart *p = &t->parts[i];
        const char *s = p->text ? p->text : c->var[p->var];
        size_t n = p->text ? p->len : strlen(s);
        if (r->len + n >= RICH_MAX) { /* cut at a character boundary */
            n = RICH_MAX - 1 - r->len;
            while (n > 0 && (s[n] & 0xC0) == 0x80)
                n--;
        }
        memcpy(r->text + r->len, s, n);
        memset(r->bold + r->len, p->bold, n);
        r->len += n;
    }
    r->text[r->len] = '\0';
}

static const char *expand_plain(const ctx *c, const ar_ttext *t, rich *r)
{
    r->len = 0;
    expand(c, t, r);
    return r->text;
}

/* ---- drawing (or counting) -------------------------------------------- */

static ar_pdf_style style(ar_pdf_face face, double size, uint32_t rgb,
                          ar_pdf_align align, double max_width)
{
    return (ar_pdf_style){face, size, rgb, align, max_width};
}

/* Note the characters of s[0..len) in face: collected, and checked. */
static void note(ctx *c, ar_pdf_face face, const char *s, size_t len)
{
    const char *end = s + len;
    while (s < end) {
        uint32_t cp = ar_utf8_next(&s);
        if (cp == 0)
            break;
        if (c->used)
            ar_cpset_add(c->used, cp);
        if (!c->bad_cp && !ar_pdf_drawable(c->st->fonts, face, cp))
            c->bad_cp = cp;
    }
}

static void put_n(ctx *c, double x, double y, const ar_pdf_style *s,
                  const char *text, size_t len)
{
    if (c->doc)
        ar_pdf_text_n(c->doc, x, y, s, text, len);
    else
        note(c, s->face, text, len);
}

static void put(ctx *c, double x, double y, const ar_pdf_style *s,
                const char *text)
{
    put_n(c, x, y, s, text, strlen(text));
}

static double width(const ctx *c, ar_pdf_face face, double size,
                    const char *s, size_t len)
{
    return ar_pdf_width(c->st->fonts, face, size, s, len);
}

/* Width of r[from, to) with its faces. */
static double rich_width(const ctx *c, const rich *r, size_t from, size_t to,
                         double size)
{
    double w = 0;
    while (from < to) {
        size_t end = from;
        while (end < to && r->bold[end] == r->bold[from])
            end++;
        w += width(c, r->bold[from] ? AR_PDF_BOLD : AR_PDF_REGULAR, size,
                   r->text + from, end - from);
        from = end;
    }
    return w;
}

static void put_rich(ctx *c, double x, double y, const rich *r, size_t from,
                     size_t to, double size, uint32_t rgb)
{
    while (from < to) {
        size_t end = from;
        while (end < to && r->bold[end] == r->bold[from])
            end++;
        ar_pdf_face face = r->bold[from] ? AR_PDF_BOLD : AR_PDF_REGULAR;
        ar_pdf_style s = style(face, size, rgb, AR_PDF_LEFT, 0);
        put_n(c, x, y, &s, r->text + from, end - from);
        x += width(c, face, size, r->text + from, end - from);
        from = end;
    }
}

static size_t next_char(const char *s, size_t i)
{
    i++;
    while ((s[i] & 0xC0) == 0x80)
        i++;
    return i;
}

/* Break r into lines no wider than w: at spaces, and inside a word only
 * when the word alone is wider than a line. Returns the line count. */
static size_t wrap(ctx *c, const rich *r, double size, double w)
{
    size_t n = 0, i = 0;
    while (i < r->len && n < MAX_LINES) {
        while (i < r->len && r->text[i] == ' ')
            i++;
        if (i >= r->len)
            break;
        size_t start = i, end = i, last_fit = i;
        double line_w = 0; /* of [start, end): words add up */
        while (end < r->len) {
            size_t ws = end;
            while (ws < r->len && r->text[ws] == ' ')
                ws++;
            size_t we = ws;
            while (we < r->len && r->text[we] != ' ')
                we++;
            if (we == ws)
                break;
            double add = rich_width(c, r, end, we, size);
            if (line_w + add <= w) {
                line_w += add;
                end = last_fit = we;
                continue;
            }
            if (last_fit == start) { /* one word wider than the line */
                size_t k = next_char(r->text, start);
                while (k < we && rich_width(c, r, start,
                                            next_char(r->text, k), size) <= w)
                    k = next_char(r->text, k);
                last_fit = k;
            }
            break;
        }
        c->lines[n++] = (span){start, last_fit};
        i = last_fit;
    }
    return n;
}

/* ---- pages -------------------------------------------------------------- */

static void footer(ctx *c)
{
    const geom *gm = c->gm;
    const ar_letterhead *h = c->h;
    uint32_t muted = h->color_muted;
    double wmax = gm->right - gm->left;
    if (c->doc)
        ar_pdf_line(c->doc, gm->left, gm->footer_rule, gm->right,
                    gm->footer_rule, 0.5, h->color_rule);
    char line[700] = "";
    cat(line, sizeof line, h->company);
    for (size_t i = 0; i < h->address_lines; i++) {
        cat(line, sizeof line, " \xC2\xB7 ");
        cat(line, sizeof line, h->address[i]);
    }
    /* page x of y at the right of the first line */
    c->buf[AR_VAR_PAGE][0] = '\0';
    snprintf(c->buf[AR_VAR_PAGE], sizeof c->buf[AR_VAR_PAGE], "%d", c->page);
    snprintf(c->buf[AR_VAR_PAGES], sizeof c->buf[AR_VAR_PAGES], "%d",
             c->pages);
    c->var[AR_VAR_PAGE] = c->buf[AR_VAR_PAGE];
    c->var[AR_VAR_PAGES] = c->buf[AR_VAR_PAGES];
    rich r;
    const char *pg = expand_plain(c, &c->g->str[AR_S_PAGE_OF], &r);
    ar_pdf_style sp = style(AR_PDF_BOLD, 7.5, h->color_text, AR_PDF_RIGHT, 0);
    put(c, gm->right, gm->footer_y, &sp, pg);
    double pw = width(c, AR_PDF_BOLD, 7.5, pg, strlen(pg));
    ar_pdf_style s = style(AR_PDF_REGULAR, SMALL_SIZE, muted, AR_PDF_LEFT,
                           wmax - pw - MM(4));
    put(c, gm->left, gm->footer_y, &s, line);
    s.max_width = wmax;
    double y = gm->footer_y + MM(3.2);
    if (h->legal_lines) {
        line[0] = '\0';
        for (size_t i = 0; i < h->legal_lines; i++) {
            if (i)
                cat(line, sizeof line, " \xC2\xB7 ");
            cat(line, sizeof line, h->legal[i]);
        }
        put(c, gm->left, y, &s, line);
        y += MM(3.2);
    }
    if (h->iban[0]) {
        line[0] = '\0';
        const char *parts[] = {h->bank_name, h->account_holder, "IBAN ",
                               h->iban, h->bic[0] ? "BIC " : "", h->bic};
        for (size_t i = 0; i < 6; i++) {
            if (!parts[i][0])
                continue;
            if (line[0] && (i < 4 ? i != 3 : i == 4))
                cat(line, sizeof line, " \xC2\xB7 ");
            cat(line, sizeof line, parts[i]);
        }
        put(c, gm->left, y, &s, line);
    }
}

static void first_page_head(ctx *c);

static void continuation_head(ctx *c)
{
    const geom *gm = c->gm;
    const ar_letterhead *h = c->h;
    ar_pdf_style s = style(AR_PDF_BOLD, 9, h->color_primary, AR_PDF_LEFT,
                           (gm->right - gm->left) / 2);
    put(c, gm->left, MM(16), &s, h->company);
    rich r;
    const char *cont = expand_plain(c, &c->g->str[AR_S_CONTINUED], &r);
    char line[600] = "";
    cat(line, sizeof line, c->l->name);
    cat(line, sizeof line, " \xC2\xB7 ");
    cat(line, sizeof line, c->l->reference);
    cat(line, sizeof line, " \xC2\xB7 ");
    cat(line, sizeof line, cont);
    s = style(AR_PDF_REGULAR, 8, h->color_muted, AR_PDF_RIGHT,
              (gm->right - gm->left) * 0.6);
    put(c, gm->right, MM(16), &s, line);
    if (c->doc)
        ar_pdf_line(c->doc, gm->left, MM(19), gm->right, MM(19), 0.5,
                    h->color_rule);
    c->y = gm->top_cont;
}

static void table_head(ctx *c);

static void new_page(ctx *c)
{
    if (c->page > 0)
        footer(c);
    c->page++;
    if (c->doc) {
        ar_pdf_add_page(c->doc, c->gm->w, c->gm->h);
        if (c->st->proof) {
            rich r;
            ar_pdf_watermark(c->doc,
                             expand_plain(c, &c->g->str[AR_S_SAMPLE], &r),
                             AR_PDF_BOLD);
        }
    } else if (c->st->proof) {
        rich r;
        const char *s = expand_plain(c, &c->g->str[AR_S_SAMPLE], &r);
        note(c, AR_PDF_BOLD, s, strlen(s));
    }
    if (c->page == 1) {
        first_page_head(c);
    } else {
        continuation_head(c);
        if (c->in_table)
            table_head(c);
    }
}

/* Room for h more points below the cursor, else a new page (a table
 * says that it continues). */
static bool ensure(ctx *c, double h)
{
    if (c->y + h <= c->gm->bottom)
        return false;
    if (c->in_table) {
        rich r;
        ar_pdf_style s = style(AR_PDF_REGULAR, 7.5, c->h->color_muted,
                               AR_PDF_RIGHT, 0);
        put(c, c->gm->right, c->y + MM(0.5), &s,
            expand_plain(c, &c->g->str[AR_S_TABLE_CONTINUES], &r));
    }
    new_page(c);
    return true;
}

/* ---- first page ----------------------------------------------------- */

static void address_block(ctx *c)
{
    const geom *gm = c->gm;
    const ar_letter *l = c->l;
    const ar_letterhead *h = c->h;
    double x = gm->win_x + (c->gm == &a4 ? MM(5) : MM(3));
    double w = gm->win_w - (x - gm->win_x) - MM(3);
    double y0 = gm->win_y;
    if (gm->ret_h > 0) {
        ar_pdf_style s = style(AR_PDF_REGULAR, 6.5, h->color_muted,
                               AR_PDF_LEFT, w);
        put(c, x, y0 + gm->ret_h - MM(3.2), &s, h->return_line);
        if (c->doc) {
            double rw = width(c, AR_PDF_REGULAR, 6.5, h->return_line,
                              strlen(h->return_line));
            if (rw > w)
                rw = w;
            ar_pdf_line(c->doc, x, y0 + gm->ret_h - MM(2.4), x + rw,
                        y0 + gm->ret_h - MM(2.4), 0.3, h->color_muted);
        }
        y0 += gm->ret_h;
    }
    /* the recipient's lines: name, contact, street, postal line(s) in
     * the country's format, the country when abroad */
    char postal[3][200];
    const ar_country *ctry = ar_layout_country(c->st->layout, l->country);
    const char *vals[3] = {l->postal_code, l->city, l->region};
    size_t pl = 0, plen = 0;
    postal[0][0] = '\0';
    if (ctry) {
        for (size_t i = 0; i < ctry->postal.count; i++) {
            const ar_tpart *p = &ctry->postal.parts[i];
            const char *s = p->text ? p->text : vals[p->var];
            size_t len = p->text ? p->len : strlen(s);
            for (size_t k = 0; k < len && pl < 3; k++) {
                if (s[k] == '|') {
                    postal[pl][plen] = '\0';
                    pl++, plen = 0;
                    if (pl < 3)
                        postal[pl][0] = '\0';
                } else if (plen + 1 < sizeof postal[0]) {
                    postal[pl][plen++] = s[k];
                }
            }
        }
        if (pl < 3)
            postal[pl++][plen] = '\0';
    } else {
        snprintf(postal[0], sizeof postal[0], "%s%s%s", l->postal_code,
                 l->postal_code[0] ? " " : "", l->city);
        pl = 1;
    }
    for (size_t i = 0; i < pl; i++) { /* tidy: trim blanks of empty parts */
        char *s = postal[i];
        size_t a = 0, b = strlen(s);
        while (s[a] == ' ' || s[a] == ',')
            a++;
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == ','))
            b--;
        memmove(s, s + a, b - a);
        s[b - a] = '\0';
    }
    /* logical lines; the name and the contact may wrap */
    const char *logical[12];
    size_t nlog = 0, wraps = 0; /* logical[0..wraps) may wrap */
    logical[nlog++] = l->name;
    if (l->contact[0])
        logical[nlog++] = l->contact;
    wraps = nlog;
    if (l->address1[0])
        logical[nlog++] = l->address1;
    if (l->address2[0])
        logical[nlog++] = l->address2;
    for (size_t i = 0; i < pl; i++)
        if (postal[i][0])
            logical[nlog++] = postal[i];
    if (l->country[0] && strcasecmp(l->country, h->country) != 0)
        logical[nlog++] = ctry ? ctry->name : l->country;

    /* the largest size from 10 pt down to 7 pt at which the lines fit
     * the window; wrapped lines are capped (name 3, contact 2) and what
     * is left joins the last one, squeezed to the width */
    double avail = gm->win_y + gm->win_h - y0 - MM(2);
    double size = 10, step = 0;
    typedef struct piece {
        const char *text;
        size_t len;
    } piece;
    piece out[24];
    size_t n = 0;
    rich *r = &c->scratch;
    for (; size >= 7; size -= 1) {
        step = MM(size * 0.42);
        n = 0;
        for (size_t i = 0; i < nlog; i++) {
            size_t len = strlen(logical[i]);
            size_t cap = i == 0 ? 3 : 2;
            if (i >= wraps || width(c, AR_PDF_REGULAR, size, logical[i],
                                    len) <= w) {
                out[n++] = (piece){logical[i], len};
                continue;
            }
            r->len = len < RICH_MAX - 1 ? len : RICH_MAX - 1;
            memcpy(r->text, logical[i], r->len);
            r->text[r->len] = '\0';
            memset(r->bold, 0, r->len);
            size_t nl = wrap(c, r, size, w);
            for (size_t k = 0; k < nl && k < cap; k++) {
                size_t to = k + 1 == cap ? len : c->lines[k].to;
                out[n++] = (piece){logical[i] + c->lines[k].from,
                                   to - c->lines[k].from};
            }
        }
        if (MM(3.6) + (double)(n - 1) * step <= avail)
            break;
    }
    if (size < 7)
        size = 7;
    double y = y0 + MM(3.6) + (gm->ret_h > 0 ? 0 : MM(1));
    ar_pdf_style st = style(AR_PDF_REGULAR, size, h->color_text, AR_PDF_LEFT,
                            w);
    for (size_t i = 0; i < n; i++, y += step)
        put_n(c, x, y, &st, out[i].text, out[i].len);
}

static void letterhead(ctx *c)
{
    const geom *gm = c->gm;
    const ar_letterhead *h = c->h;
    const ar_pdf_image *logo = c->st->logo;
    if (logo && c->doc) {
        double w = MM(h->logo_width_mm);
        double hh = w * ar_pdf_image_height(logo) / ar_pdf_image_width(logo);
        if (hh > MM(24)) {
            w = w * MM(24) / hh;
            hh = MM(24);
        }
        ar_pdf_image_draw(c->doc, logo, gm->left, MM(12), w, hh);
    }
    /* sender block, top right */
    double y = MM(16);
    double wmax = MM(80);
    ar_pdf_style s = style(AR_PDF_BOLD, 11, h->color_primary, AR_PDF_RIGHT,
                           wmax);
    put(c, gm->right, y, &s, h->company);
    s = style(AR_PDF_REGULAR, 7.5, h->color_muted, AR_PDF_RIGHT, wmax);
    y += MM(4.5);
    for (size_t i = 0; i < h->address_lines; i++, y += MM(3.3))
        put(c, gm->right, y, &s, h->address[i]);
    const char *more[] = {h->phone, h->email, h->web};
    for (size_t i = 0; i < 3; i++)
        if (more[i][0]) {
            put(c, gm->right, y, &s, more[i]);
            y += MM(3.3);
        }
}

static void info_block(ctx *c)
{
    const geom *gm = c->gm;
    const ar_lang *g = c->g;
    const ar_letter *l = c->l;
    const ar_letterhead *h = c->h;
    rich r;
    const char *contact = l->vip && l->account_manager[0]
                              ? l->account_manager
                              : expand_plain(c, &g->str[AR_S_SIGNATURE_TEAM],
                                             &r);
    char contact_buf[256] = "";
    cat(contact_buf, sizeof contact_buf, contact);
    struct {
        ar_str_id label;
        const char *value;
    } rows[] = {
        {AR_S_INFO_DATE, c->var[AR_VAR_DATE]},
        {AR_S_INFO_REFERENCE, l->reference},
        {AR_S_INFO_CLIENT, l->client_id},
        {AR_S_INFO_CONTACT, contact_buf},
        {AR_S_INFO_PHONE, h->phone},
        {AR_S_INFO_EMAIL, h->email},
    };
    double y = gm->info_y;
    double vx = gm->info_x + gm->info_label_w;
    ar_pdf_style ls = style(AR_PDF_REGULAR, 7.5, h->color_muted, AR_PDF_LEFT,
                            gm->info_label_w - MM(1));
    ar_pdf_style vs = style(AR_PDF_REGULAR, 8.5, h->color_text, AR_PDF_LEFT,
                            gm->right - vx);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        if (!rows[i].value[0])
            continue;
        put(c, gm->info_x, y, &ls, expand_plain(c, &g->str[rows[i].label], &r));
        put(c, vx, y, &vs, rows[i].value);
        y += MM(4.2);
    }
}

static void first_page_head(ctx *c)
{
    const geom *gm = c->gm;
    letterhead(c);
    address_block(c);
    info_block(c);
    /* subject: bold, wrapped, in the primary colour */
    rich *r = &c->scratch;
    r->len = 0;
    expand(c, &ar_lang_template(c->g, c->l->stage, c->l->vip)->subject, r);
    memset(r->bold, 1, r->len);
    size_t n = wrap(c, r, 12, gm->right - gm->left);
    double y = gm->subject_y;
    for (size_t i = 0; i < n && i < 3; i++, y += MM(5.2))
        put_rich(c, gm->left, y, r, c->lines[i].from, c->lines[i].to, 12,
                 c->h->color_primary);
    c->y = y + MM(4);
}

/* ---- body --------------------------------------------------------------- */

/* A paragraph: kept on one page when it fits on one, and together with
 * the next keep points (the closing after the last paragraph). */
static void paragraph(ctx *c, const ar_ttext *t, double size, uint32_t rgb,
                      double keep)
{
    rich *r = &c->scratch;
    r->len = 0;
    expand(c, t, r);
    size_t n = wrap(c, r, size, c->gm->right - c->gm->left);
    if (n == 0)
        return;
    double step = size == BODY_SIZE ? BODY_STEP : MM(size * 0.44);
    double h = (double)(n - 1) * step;
    if (keep > 0)
        h += step + PARA_GAP + keep;
    if (c->y + h > c->gm->bottom && h < c->gm->bottom - c->gm->top_cont)
        ensure(c, h);
    for (size_t i = 0; i < n; i++) {
        ensure(c, 0);
        put_rich(c, c->gm->left, c->y, r, c->lines[i].from, c->lines[i].to,
                 size, rgb);
        c->y += step;
    }
    c->y += PARA_GAP;
}

static void table_cells(ctx *c, const char *const cells[COL_COUNT_],
                        ar_pdf_face face, uint32_t rgb)
{
    for (int k = 0; k < COL_COUNT_; k++) {
        if (!cells[k] || !cells[k][0])
            continue;
        double pad = MM(1.2);
        double w = c->col_x[k + 1] - c->col_x[k] - 2 * pad;
        ar_pdf_style s = style(face, TABLE_SIZE, rgb, col_align[k], w);
        double x = col_align[k] == AR_PDF_RIGHT ? c->col_x[k + 1] - pad
                                                : c->col_x[k] + pad;
        put(c, x, c->y, &s, cells[k]);
    }
}

static void table_head(ctx *c)
{
    const ar_lang *g = c->g;
    rich r[COL_COUNT_];
    static const ar_str_id ids[COL_COUNT_] = {
        AR_S_COL_NUMBER, AR_S_COL_DATE, AR_S_COL_DUE, AR_S_COL_DAYS,
        AR_S_COL_ORIGINAL, AR_S_COL_OPEN, AR_S_COL_NOTE};
    const char *cells[COL_COUNT_];
    for (int k = 0; k < COL_COUNT_; k++)
        cells[k] = expand_plain(c, &g->str[ids[k]], &r[k]);
    if (c->doc)
        ar_pdf_box(c->doc, c->gm->left, c->y - MM(4.1),
                   c->gm->right - c->gm->left, MM(5.8), 0xEEF1F5);
    table_cells(c, cells, AR_PDF_BOLD, c->h->color_text);
    c->y += HEAD_STEP;
}

static void rule(ctx *c, double y, double x1, double x2)
{
    if (c->doc)
        ar_pdf_line(c->doc, x1, y, x2, y, 0.4, c->h->color_rule);
}

/* One summary line: label right-aligned before the amount column. */
static void sum_line(ctx *c, const ar_ttext *label, const char *amount,
                     ar_pdf_face face, double size, uint32_t rgb)
{
    rich r;
    const char *text = expand_plain(c, label, &r);
    double amount_right = c->col_x[COL_OPEN + 1] - MM(1.2);
    double label_right = c->col_x[COL_ORIGINAL + 1] - MM(1.2);
    if (amount) { /* a wide amount pushes its label to the left */
        double aw = width(c, face, size, amount, strlen(amount));
        if (amount_right - aw - MM(3) < label_right)
            label_right = amount_right - aw - MM(3);
    }
    ar_pdf_style s = style(face, size, rgb, AR_PDF_RIGHT,
                           label_right - c->gm->left);
    put(c, label_right, c->y, &s, text);
    if (amount) {
        s.max_width = amount_right - c->col_x[COL_ORIGINAL] - MM(1);
        put(c, amount_right, c->y, &s, amount);
    }
    c->y += MM(size > 9 ? 5.2 : 4.4);
}

/* A total of the letter: its label and v in the letter's currency. */
static void money_line(ctx *c, ar_str_id label, ar_cents v, ar_pdf_face face,
                       double size, uint32_t rgb)
{
    char amt[64];
    sum_line(c, &c->g->str[label],
             ar_letter_amount(c->g, v, c->l->currency, amt, sizeof amt), face,
             size, rgb);
}

static void items_block(ctx *c)
{
    const ar_letter *l = c->l;
    const ar_lang *g = c->g;
    const ar_letterhead *h = c->h;
    double span_w = c->gm->right - c->gm->left, x = c->gm->left;
    for (int k = 0; k < COL_COUNT_; k++) {
        c->col_x[k] = x;
        x += span_w * col_share[k];
    }
    c->col_x[COL_COUNT_] = c->gm->right;
    c->y += MM(1.5);
    ensure(c, HEAD_STEP + TABLE_STEP * 2);
    c->in_table = true;
    table_head(c);
    rich review, not_due;
    expand_plain(c, &g->str[AR_S_UNDER_REVIEW], &review);
    expand_plain(c, &g->str[AR_S_NOT_YET_DUE], &not_due);
    for (size_t i = 0; i < l->item_count; i++) {
        const ar_letter_item *it = &l->items[i];
        ensure(c, TABLE_STEP);
        char d1[40], d2[40], days[16], orig[64], open[64];
        ar_letter_date(g, it->doc_date, false, d1, sizeof d1);
        ar_letter_date(g, it->due_date, false, d2, sizeof d2);
        if (it->days > 0)
            snprintf(days, sizeof days, "%d", it->days);
        else
            snprintf(days, sizeof days, "\xE2\x80\x93"); /* en dash */
        ar_letter_amount(g, it->original, l->currency, orig, sizeof orig);
        ar_letter_amount(g, it->open, l->currency, open, sizeof open);
        const char *cells[COL_COUNT_] = {
            it->doc_no, d1, d2, days, orig, open,
            it->disputed ? review.text : it->days <= 0 ? not_due.text : ""};
        table_cells(c, cells, AR_PDF_REGULAR,
                    it->disputed || it->days <= 0 ? h->color_muted
                                                  : h->color_text);
        rule(c, c->y + MM(1.4), c->gm->left, c->gm->right);
        c->y += TABLE_STEP;
    }
    if (l->credit_count) {
        ensure(c, TABLE_STEP * 2);
        rich t;
        ar_pdf_style s = style(AR_PDF_BOLD, TABLE_SIZE, h->color_text,
                               AR_PDF_LEFT, span_w);
        c->y += MM(1);
        put(c, c->gm->left + MM(1.2), c->y,
            &s, expand_plain(c, &g->str[AR_S_CREDITS_TITLE], &t));
        c->y += TABLE_STEP;
        rich label;
        expand_plain(c, &g->str[AR_S_CREDIT_ROW], &label);
        for (size_t i = 0; i < l->credit_count; i++) {
            const ar_letter_credit *cr = &l->credits[i];
            ensure(c, TABLE_STEP);
            char d1[40], amt[64];
            ar_letter_date(g, cr->date, false, d1, sizeof d1);
            ar_letter_amount(g, -cr->amount, l->currency, amt, sizeof amt);
            const char *cells[COL_COUNT_] = {cr->doc_no, d1, "", "", "", amt,
                                             label.text};
            table_cells(c, cells, AR_PDF_REGULAR, h->color_text);
            rule(c, c->y + MM(1.4), c->gm->left, c->gm->right);
            c->y += TABLE_STEP;
        }
    }
    c->in_table = false;

    /* totals, kept together */
    int lines = 2 + (l->credit_total != 0) + (l->fee != 0) +
                (l->interest != 0) + (l->disputed_total != 0) +
                (l->not_due_total != 0) + (int)l->other_count;
    c->y += MM(2.5);
    ensure(c, lines * MM(4.6));
    const uint32_t ink = h->color_text, muted = h->color_muted;
    money_line(c, AR_S_SUM_PAST_DUE, l->past_due, AR_PDF_REGULAR, 9, ink);
    if (l->credit_total)
        money_line(c, AR_S_SUM_CREDITS, -l->credit_total, AR_PDF_REGULAR,
                   9, ink);
    if (l->fee)
        money_line(c, AR_S_SUM_FEE, l->fee, AR_PDF_REGULAR, 9, ink);
    if (l->interest)
        money_line(c, AR_S_SUM_INTEREST, l->interest, AR_PDF_REGULAR, 9,
                   ink);
    rule(c, c->y - MM(2.6), c->col_x[COL_ORIGINAL], c->gm->right);
    c->y += MM(1.4);
    money_line(c, AR_S_SUM_TOTAL, l->amount_due, AR_PDF_BOLD, 10,
               h->color_primary);
    if (l->disputed_total)
        money_line(c, AR_S_SUM_REVIEW, l->disputed_total, AR_PDF_REGULAR,
                   8, muted);
    if (l->not_due_total)
        money_line(c, AR_S_SUM_NOT_DUE, l->not_due_total, AR_PDF_REGULAR,
                   8, muted);
    for (size_t i = 0; i < l->other_count; i++) {
        char label[160] = "", amt[64];
        rich t;
        cat(label, sizeof label,
            expand_plain(c, &g->str[AR_S_OTHER_CURRENCY], &t));
        cat(label, sizeof label, " ");
        cat(label, sizeof label, l->others[i].currency);
        ar_tpart part = {label, strlen(label), -1, false};
        ar_ttext text = {&part, 1};
        sum_line(c, &text,
                 ar_letter_amount(g, l->others[i].open, l->others[i].currency,
                                  amt, sizeof amt),
                 AR_PDF_REGULAR, 8, muted);
    }
    c->y += MM(2);
}

/* QR modules as filled boxes: each box as wide as a run of dark modules
 * and as tall as the rows below repeat it (fewer, larger boxes make a
 * smaller, faster page than one box per module). */
static void draw_qr(ctx *c, const ar_qr *qr, double x, double y, double size)
{
    int w = qr->width;
    double m = size / (w + 8); /* 4 modules of quiet zone a side */
    size_t cells = (size_t)w * (size_t)w, n = 0;
    int *boxes = ar_xmalloc(cells * 4 * sizeof *boxes);
    unsigned char *done = ar_xcalloc(cells, 1);
#define FREE_DARK(r, k) (qr->dark[(r) * w + (k)] && !done[(r) * w + (k)])
    for (int r = 0; r < w; r++)
        for (int k = 0; k < w; k++) {
            if (!FREE_DARK(r, k))
                continue;
            int e = k;
            while (e < w && FREE_DARK(r, e))
                e++;
            int h = 1;
            for (bool same = true; r + h < w && same; h += same)
                for (int i = k; i < e && same; i++)
                    same = FREE_DARK(r + h, i);
            for (int j = r; j < r + h; j++)
                memset(done + j * w + k, 1, (size_t)(e - k));
            int *b = boxes + 4 * n++;
            b[0] = k + 4;
            b[1] = r + 4;
            b[2] = e - k;
            b[3] = h;
            k = e - 1;
        }
#undef FREE_DARK
    ar_pdf_grid(c->doc, x, y, m, boxes, n, 0x000000);
    free(done);
    free(boxes);
}

static void payment_block(ctx *c)
{
    const ar_letter *l = c->l;
    const ar_lang *g = c->g;
    const ar_letterhead *h = c->h;
    bool bank = h->iban[0] != '\0';
    const ar_qr *qr = l->qr;
    double full = c->gm->right - c->gm->left;
    double text_w = qr ? full - QR_SIZE - MM(6) : full;

    rich *r = &c->scratch;
    r->len = 0;
    expand(c, &g->str[AR_S_PAYMENT_TEXT], r);
    size_t n = wrap(c, r, 9.5, text_w);
    int rows = bank ? 6 : 2;
    double text_h = MM(6) + (double)n * MM(4.3) + rows * MM(3.9);
    double qr_h = qr ? QR_SIZE + MM(5) : 0;
    double hgt = text_h > qr_h ? text_h : qr_h;
    c->y += MM(1);
    ensure(c, hgt);
    double top = c->y;
    rich t;
    ar_pdf_style s = style(AR_PDF_BOLD, 10, h->color_primary, AR_PDF_LEFT,
                           text_w);
    put(c, c->gm->left, c->y, &s,
        expand_plain(c, &g->str[AR_S_PAYMENT_TITLE], &t));
    c->y += MM(5.2);
    for (size_t i = 0; i < n; i++, c->y += MM(4.3))
        put_rich(c, c->gm->left, c->y, r, c->lines[i].from, c->lines[i].to,
                 9.5, h->color_text);
    c->y += MM(1);
    char amt[64];
    ar_letter_amount(g, l->amount_due, l->currency, amt, sizeof amt);
    struct {
        ar_str_id label;
        const char *value;
        bool bold;
    } kv[] = {
        {AR_S_BANK_HOLDER, h->account_holder, false},
        {AR_S_BANK_IBAN, h->iban, true},
        {AR_S_BANK_BIC, h->bic, false},
        {AR_S_BANK_NAME, h->bank_name, false},
        {AR_S_BANK_REFERENCE, l->reference, true},
        {AR_S_BANK_AMOUNT, amt, true},
    };
    double lw = MM(32);
    for (size_t i = 0; i < sizeof kv / sizeof *kv; i++) {
        if (!kv[i].value[0] || (!bank && i < 4))
            continue;
        ar_pdf_style ls = style(AR_PDF_REGULAR, 8.5, h->color_muted,
                                AR_PDF_LEFT, lw - MM(1));
        put(c, c->gm->left, c->y, &ls, expand_plain(c, &g->str[kv[i].label], &t));
        ar_pdf_style vs = style(kv[i].bold ? AR_PDF_BOLD : AR_PDF_REGULAR, 9,
                                h->color_text, AR_PDF_LEFT, text_w - lw);
        put(c, c->gm->left + lw, c->y, &vs, kv[i].value);
        c->y += MM(3.9);
    }
    if (qr) {
        double qx = c->gm->right - QR_SIZE, qy = top - MM(4);
        if (c->doc)
            draw_qr(c, qr, qx, qy, QR_SIZE);
        ar_pdf_style ls = style(AR_PDF_REGULAR, 6.5, h->color_muted,
                                AR_PDF_CENTER, QR_SIZE + MM(4));
        put(c, qx + QR_SIZE / 2, qy + QR_SIZE + MM(2),
            &ls, expand_plain(c, &g->str[AR_S_QR_LABEL], &t));
        if (c->y < qy + QR_SIZE + MM(4))
            c->y = qy + QR_SIZE + MM(4);
    }
    c->y += PARA_GAP;
}

/* Height of the closing: its line, room to sign, the signature (and
 * its title), from the cursor to the last baseline. */
static double closing_height(const ar_template *t)
{
    return MM(11) + (t->signature_title.count ? BODY_STEP : 0);
}

static void closing(ctx *c, const ar_template *t)
{
    const ar_letterhead *h = c->h;
    const ar_lang *g = c->g;
    ensure(c, closing_height(t));
    c->y += MM(1);
    rich r;
    ar_pdf_style s = style(AR_PDF_REGULAR, BODY_SIZE, h->color_text,
                           AR_PDF_LEFT, c->gm->right - c->gm->left);
    put(c, c->gm->left, c->y, &s,
        expand_plain(c, t->closing.count ? &t->closing : &g->str[AR_S_CLOSING],
                     &r));
    c->y += MM(10);
    s.face = AR_PDF_BOLD;
    put(c, c->gm->left, c->y, &s,
        expand_plain(c, t->signature.count ? &t->signature
                                           : &g->str[AR_S_SIGNATURE_TEAM],
                     &r));
    c->y += BODY_STEP;
    if (t->signature_title.count) {
        s = style(AR_PDF_REGULAR, 8.5, h->color_muted, AR_PDF_LEFT,
                  c->gm->right - c->gm->left);
        put(c, c->gm->left, c->y, &s, expand_plain(c, &t->signature_title, &r));
        c->y += BODY_STEP;
    }
}

/* ---- placeholders ------------------------------------------------------ */

static void set_vars(ctx *c)
{
    const ar_letter *l = c->l;
    const ar_lang *g = c->g;
    const ar_letterhead *h = c->h;
    char (*b)[96] = c->buf;
    const char **v = c->var;
    for (int i = 0; i < AR_VAR_COUNT_; i++)
        v[i] = "";
    v[AR_VAR_CLIENT_NAME] = l->name;
    v[AR_VAR_CLIENT_ID] = l->client_id;
    v[AR_VAR_CONTACT] = l->contact;
    /* "Frau Sabine Krüger, Buchhaltung": greet the person, not the desk */
    snprintf(c->greeting, sizeof c->greeting, "%.*s",
             (int)strcspn(l->contact, ","), l->contact);
    v[AR_VAR_GREETING_NAME] = c->greeting[0] ? c->greeting : l->name;
#define AMOUNT(var, x)                                                        \
    v[var] = ar_letter_amount(g, x, l->currency, b[var], sizeof b[var])
    AMOUNT(AR_VAR_AMOUNT_DUE, l->amount_due);
    AMOUNT(AR_VAR_OVERDUE, l->past_due - l->credit_total);
    AMOUNT(AR_VAR_CREDITS, l->credit_total);
    AMOUNT(AR_VAR_FEE, l->fee);
    AMOUNT(AR_VAR_INTEREST, l->interest);
    AMOUNT(AR_VAR_DISPUTED, l->disputed_total);
#undef AMOUNT
    snprintf(b[AR_VAR_INTEREST_RATE], sizeof b[0], "%d%s%02d\xC2\xA0%%",
             l->interest_rate_bp / 100, g->decimal_mark,
             l->interest_rate_bp % 100);
    v[AR_VAR_INTEREST_RATE] = b[AR_VAR_INTEREST_RATE];
    v[AR_VAR_PAY_BY] = ar_letter_date(g, l->pay_by, true, b[AR_VAR_PAY_BY],
                                      sizeof b[0]);
    v[AR_VAR_DATE] = ar_letter_date(g, l->date, true, b[AR_VAR_DATE],
                                    sizeof b[0]);
    v[AR_VAR_OLDEST_DUE] = l->oldest_due != AR_DATE_NONE
                               ? ar_letter_date(g, l->oldest_due, true,
                                                b[AR_VAR_OLDEST_DUE],
                                                sizeof b[0])
                               : "";
    v[AR_VAR_REFERENCE] = l->reference;
    snprintf(b[AR_VAR_STAGE], sizeof b[0], "%d", l->stage);
    v[AR_VAR_STAGE] = b[AR_VAR_STAGE];
    v[AR_VAR_ACCOUNT_MANAGER] = l->account_manager;
    v[AR_VAR_COMPANY] = h->company;
    v[AR_VAR_COMPANY_PHONE] = h->phone;
    v[AR_VAR_COMPANY_EMAIL] = h->email;
    snprintf(b[AR_VAR_ITEM_COUNT], sizeof b[0], "%u", l->past_due_count);
    v[AR_VAR_ITEM_COUNT] = b[AR_VAR_ITEM_COUNT];
    snprintf(b[AR_VAR_MAX_DAYS], sizeof b[0], "%d", l->max_days);
    v[AR_VAR_MAX_DAYS] = b[AR_VAR_MAX_DAYS];
    v[AR_VAR_CURRENCY] = l->currency;
    /* the stage name: VIP letters have their own, gentler names */
    ar_str_id sid = (l->vip ? AR_S_VIP_STAGE1 : AR_S_STAGE1) + (l->stage - 1);
    rich r;
    b[AR_VAR_STAGE_NAME][0] = '\0';
    cat(b[AR_VAR_STAGE_NAME], sizeof b[0], expand_plain(c, &g->str[sid], &r));
    v[AR_VAR_STAGE_NAME] = b[AR_VAR_STAGE_NAME];
}

/* ---- the letter --------------------------------------------------------- */

int ar_letter_compose(const ar_letter_style *st, const ar_letter *l,
                      ar_pdf *doc, int pages, ar_cpset *used,
                      uint32_t *bad_cp)
{
    ctx *c = ar_xcalloc(1, sizeof *c);
    c->st = st;
    c->l = l;
    c->g = l->lang;
    c->h = ar_layout_letterhead(st->layout);
    c->gm = st->page_size == AR_PAGE_LETTER ? &letter : &a4;
    c->doc = doc;
    c->used = doc ? NULL : used;
    c->pages = pages;
    set_vars(c);
    const ar_template *t = ar_lang_template(c->g, l->stage, l->vip);

    new_page(c);
    /* greeting */
    paragraph(c, l->contact[0] ? &t->greeting : &c->g->str[AR_S_GREETING_DEFAULT],
              BODY_SIZE, c->h->color_text, 0);
    size_t last = t->para_count;
    for (size_t i = 0; i < t->para_count; i++) {
        const ar_para *p = &t->paras[i];
        if ((p->need & l->conds) == p->need && !(p->forbid & l->conds))
            last = i;
    }
    for (size_t i = 0; i < t->para_count; i++) {
        const ar_para *p = &t->paras[i];
        if ((p->need & l->conds) != p->need || (p->forbid & l->conds))
            continue;
        double keep = i == last ? closing_height(t) : 0;
        switch (p->block) {
        case AR_BLOCK_TEXT:
            paragraph(c, &p->text, BODY_SIZE, c->h->color_text, keep);
            break;
        case AR_BLOCK_ITEMS:
            items_block(c);
            break;
        case AR_BLOCK_PAYMENT:
            payment_block(c);
            break;
        case AR_BLOCK_CONTACT:
            paragraph(c, &c->g->str[AR_S_CONTACT_LINE], 8.5,
                      c->h->color_muted, keep);
            break;
        }
    }
    closing(c, t);
    footer(c);
    int n = c->page;
    if (bad_cp)
        *bad_cp = c->bad_cp;
    free(c);
    return n;
}
