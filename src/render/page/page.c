/* page.c - the page layout letters and statements share (page.h).
 *
 * Every mark goes through ar_page_text_n, ar_page_rule or ar_page_box, so
 * the counting pass and the drawing pass cannot drift apart: the same
 * calls move the same cursor, only the drawing one has a document.
 */
#include "ar/render/page/page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ar/base/nfc.h"
#include "ar/base/utf8.h"

#define MM(x) AR_PDF_MM(x)

/* A cut inside a character would print as a character the fonts do not
 * have. */
void ar_page_cat(char *dst, size_t size, const char *src)
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

static size_t next_char(const char *s, size_t i)
{
    i++;
    while ((s[i] & 0xC0) == 0x80)
        i++;
    return i;
}

/* ---- text ------------------------------------------------------------ */

/* s cut so that it fits limit points with an ellipsis after it, into cut
 * (size bytes). */
static const char *cut_to(const ar_page *p, ar_pdf_face face, double size,
                          double limit, const char *s, size_t *len,
                          char *cut, size_t cut_size)
{
    static const char ellipsis[] = "\xE2\x80\xA6";
    double w = ar_page_width(p, face, size, ellipsis, 3);
    size_t n = 0;
    const char *q = s, *end = s + *len;
    while (q < end) {
        const char *r = q;
        if (ar_utf8_next(&r) == 0)
            break;
        double cw = ar_page_width(p, face, size, q, (size_t)(r - q));
        if (w + cw > limit || n + (size_t)(r - q) + 4 > cut_size)
            break;
        memcpy(cut + n, q, (size_t)(r - q));
        n += (size_t)(r - q);
        w += cw;
        q = r;
    }
    memcpy(cut + n, ellipsis, 4);
    *len = n + 3;
    return cut;
}

/* Note the characters of s[0..len) in face: collected, and checked. */
static void note(ar_page *p, ar_pdf_face face, const char *s, size_t len)
{
    const char *end = s + len;
    while (s < end) {
        uint32_t cp = ar_utf8_next(&s);
        if (cp == 0)
            break;
        if (p->used)
            ar_cpset_add(p->used, cp);
        if (!p->bad_cp && !ar_pdf_drawable(p->fonts, face, cp))
            p->bad_cp = cp;
    }
}

const char *ar_page_shorten(const ar_page *p, ar_pdf_face face, double size,
                            const char *text, double width, char *buf,
                            size_t bufsize)
{
    size_t len = strlen(text);
    if (ar_page_width(p, face, size, text, len) <= width)
        return text;
    return cut_to(p, face, size, width, text, &len, buf, bufsize);
}

/* True when s[0..len) holds a combining mark: written decomposed ("u"
 * and U+0308), it prints composed ("ü"), as the fonts and encodings have
 * it. */
static bool decomposed(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len; i++)
        if (u[i] == 0xCC || u[i] == 0xCD) /* U+0300 .. U+036F */
            return true;
        else if (u[i] == 0xE1 || u[i] == 0xE2 || u[i] == 0xEF) {
            const char *q = s + i;
            uint32_t cp = ar_utf8_next(&q);
            if ((cp >= 0x1AB0 && cp <= 0x1AFF) ||
                (cp >= 0x1DC0 && cp <= 0x1DFF) ||
                (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F))
                return true;
        }
    return false;
}

void ar_page_text_n(ar_page *p, double x, double y, const ar_pdf_style *s,
                    const char *text, size_t len)
{
    char cut[2048];
    char *composed = NULL;
    if (decomposed(text, len)) {
        char *copy = ar_xstrndup(text, len);
        composed = ar_nfc(copy);
        free(copy);
        if (composed) {
            text = composed;
            len = strlen(composed);
        }
    }
    /* squeezed to 80 % at most; what still does not fit is shortened */
    double limit = s->max_width / AR_PDF_MIN_SCALE;
    if (s->max_width > 0 &&
        ar_page_width(p, s->face, s->size, text, len) > limit)
        text = cut_to(p, s->face, s->size, limit, text, &len, cut,
                      sizeof cut);
    if (p->doc)
        ar_pdf_text_n(p->doc, x, y, s, text, len);
    else
        note(p, s->face, text, len);
    free(composed);
}

void ar_page_text(ar_page *p, double x, double y, const ar_pdf_style *s,
                  const char *text)
{
    ar_page_text_n(p, x, y, s, text, strlen(text));
}

double ar_page_width(const ar_page *p, ar_pdf_face face, double size,
                     const char *text, size_t len)
{
    return ar_pdf_width(p->fonts, face, size, text, len);
}

size_t ar_page_wrap(const ar_page *p, ar_pdf_face face, double size,
                    const char *s, double w, ar_page_span *out, size_t max)
{
    size_t len = strlen(s), n = 0, i = 0;
    while (i < len && n < max) {
        while (i < len && s[i] == ' ')
            i++;
        if (i >= len)
            break;
        if (n + 1 == max) {
            out[n++] = (ar_page_span){i, len};
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
            if (ar_page_width(p, face, size, s + start, e - start) > w)
                break;
            fit = k = e;
        }
        if (fit == start) { /* one word wider than the line */
            size_t e = start;
            while (e < len && s[e] != ' ')
                e++;
            if (ar_page_width(p, face, size, s + start, e - start) <=
                w / AR_PDF_MIN_SCALE) {
                out[n++] = (ar_page_span){start, e};
                i = e;
                continue;
            }
            fit = next_char(s, start);
            while (fit < len && s[fit] != ' ' &&
                   ar_page_width(p, face, size, s + start,
                                 next_char(s, fit) - start) <= w)
                fit = next_char(s, fit);
            /* after a '-', '/', '_' or '.' of the word when one fits:
             * "RE-2026-" | "AUFTRAG-4711", not "RE-2026-AUF" | "TRAG" */
            for (size_t b = fit; b > start + 1; b--)
                if (strchr("-/_.", s[b - 1])) {
                    fit = b;
                    break;
                }
        }
        out[n++] = (ar_page_span){start, fit};
        i = fit;
    }
    return n;
}

double ar_page_rich_width(const ar_page *p, const ar_page_rich *r,
                          size_t from, size_t to, double size)
{
    double w = 0;
    while (from < to) {
        size_t end = from;
        while (end < to && r->bold[end] == r->bold[from])
            end++;
        w += ar_page_width(p, r->bold[from] ? AR_PDF_BOLD : AR_PDF_REGULAR,
                           size, r->text + from, end - from);
        from = end;
    }
    return w;
}

void ar_page_rich_text(ar_page *p, double x, double y,
                       const ar_page_rich *r, size_t from, size_t to,
                       double size, uint32_t rgb)
{
    while (from < to) {
        size_t end = from;
        while (end < to && r->bold[end] == r->bold[from])
            end++;
        ar_pdf_face face = r->bold[from] ? AR_PDF_BOLD : AR_PDF_REGULAR;
        ar_pdf_style s = {face, size, rgb, AR_PDF_LEFT, 0};
        ar_page_text_n(p, x, y, &s, r->text + from, end - from);
        x += ar_page_width(p, face, size, r->text + from, end - from);
        from = end;
    }
}

size_t ar_page_rich_wrap(const ar_page *p, const ar_page_rich *r,
                         double size, double w, ar_page_span *out,
                         size_t max)
{
    size_t n = 0, i = 0;
    while (i < r->len && n < max) {
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
            double add = ar_page_rich_width(p, r, end, we, size);
            if (line_w + add <= w) {
                line_w += add;
                end = last_fit = we;
                continue;
            }
            if (last_fit == start) { /* one word wider than the line */
                size_t k = next_char(r->text, start);
                while (k < we &&
                       ar_page_rich_width(p, r, start, next_char(r->text, k),
                                          size) <= w)
                    k = next_char(r->text, k);
                last_fit = k;
            }
            break;
        }
        out[n++] = (ar_page_span){start, last_fit};
        i = last_fit;
    }
    return n;
}

/* ---- drawing --------------------------------------------------------- */

void ar_page_rule(ar_page *p, double y, double x1, double x2, double width)
{
    if (p->doc)
        ar_pdf_line(p->doc, x1, y, x2, y, width, p->h->color_rule);
}

void ar_page_box(ar_page *p, double x, double y, double w, double h,
                 uint32_t rgb)
{
    if (p->doc)
        ar_pdf_box(p->doc, x, y, w, h, rgb);
}

void ar_page_watermark(ar_page *p, const char *text)
{
    if (p->doc)
        ar_pdf_watermark(p->doc, text, AR_PDF_BOLD);
    else
        note(p, AR_PDF_BOLD, text, strlen(text));
}

/* ---- pages ----------------------------------------------------------- */

void ar_page_new(ar_page *p)
{
    if (p->page > 0)
        p->foot(p->owner);
    p->page++;
    if (p->doc)
        ar_pdf_add_page(p->doc, p->gm->w, p->gm->h);
    p->head(p->owner);
    if (p->page > 1 && p->tab)
        ar_page_table_head(p);
}

bool ar_page_ensure(ar_page *p, double h)
{
    if (p->y + h <= p->gm->bottom)
        return false;
    if (p->tab && p->table_continues) {
        ar_pdf_style s = {AR_PDF_REGULAR, 7.5, p->h->color_muted,
                          AR_PDF_RIGHT, 0};
        ar_page_text(p, p->gm->right, p->y + MM(0.5), &s,
                     p->table_continues);
    }
    ar_page_new(p);
    return true;
}

void ar_page_letterhead(ar_page *p, const ar_pdf_image *logo)
{
    const ar_page_geom *gm = p->gm;
    const ar_letterhead *h = p->h;
    if (logo && p->doc) {
        double w = MM(h->logo_width_mm);
        double hh = w * ar_pdf_image_height(logo) / ar_pdf_image_width(logo);
        if (hh > MM(24)) {
            w = w * MM(24) / hh;
            hh = MM(24);
        }
        ar_pdf_image_draw(p->doc, logo, gm->left, MM(12), w, hh);
    }
    /* sender block, top right */
    double y = MM(16);
    double wmax = MM(80);
    ar_pdf_style s = {AR_PDF_BOLD, 11, h->color_primary, AR_PDF_RIGHT, wmax};
    ar_page_text(p, gm->right, y, &s, h->company);
    s = (ar_pdf_style){AR_PDF_REGULAR, 7.5, h->color_muted, AR_PDF_RIGHT,
                       wmax};
    y += MM(4.5);
    for (size_t i = 0; i < h->address_lines; i++, y += MM(3.3))
        ar_page_text(p, gm->right, y, &s, h->address[i]);
    const char *more[] = {h->phone, h->email, h->web};
    for (size_t i = 0; i < 3; i++)
        if (more[i][0]) {
            ar_page_text(p, gm->right, y, &s, more[i]);
            y += MM(3.3);
        }
}

void ar_page_running_head(ar_page *p, double company_w, const char *line,
                          double line_w)
{
    const ar_page_geom *gm = p->gm;
    const ar_letterhead *h = p->h;
    ar_pdf_style s = {AR_PDF_BOLD, 9, h->color_primary, AR_PDF_LEFT,
                      company_w};
    ar_page_text(p, gm->left, MM(16), &s, h->company);
    s = (ar_pdf_style){AR_PDF_REGULAR, 8, h->color_muted, AR_PDF_RIGHT,
                       line_w};
    ar_page_text(p, gm->right, MM(16), &s, line);
    ar_page_rule(p, MM(19), gm->left, gm->right, 0.5);
    p->y = gm->top_cont;
}

void ar_page_footer(ar_page *p, const char *text, const char *page_of,
                    const ar_bank_account *acct)
{
    const ar_page_geom *gm = p->gm;
    const ar_letterhead *h = p->h;
    double wmax = gm->right - gm->left;
    ar_page_rule(p, gm->footer_rule, gm->left, gm->right, 0.5);
    ar_pdf_style sp = {AR_PDF_BOLD, 7.5, h->color_text, AR_PDF_RIGHT, 0};
    ar_page_text(p, gm->right, gm->footer_y, &sp, page_of);
    double pw = ar_page_width(p, AR_PDF_BOLD, 7.5, page_of, strlen(page_of));
    ar_pdf_style s = {AR_PDF_REGULAR, 7, h->color_muted, AR_PDF_LEFT,
                      wmax - pw - MM(4)};
    ar_page_text(p, gm->left, gm->footer_y, &s, text);
    s.max_width = wmax;
    double y = gm->footer_y + MM(3.2);
    char line[700];
    if (h->legal_lines) {
        line[0] = '\0';
        for (size_t i = 0; i < h->legal_lines; i++) {
            if (i)
                ar_page_cat(line, sizeof line, " \xC2\xB7 ");
            ar_page_cat(line, sizeof line, h->legal[i]);
        }
        ar_page_text(p, gm->left, y, &s, line);
        y += MM(3.2);
    }
    if (acct) {
        /* "bank · holder · IBAN x · BIC y" (or the account number and
         * bank code), leaving out what is blank */
        bool iban = acct->iban[0] != '\0';
        const char *seg[][2] = {
            {"", acct->bank_name},
            {"", acct->account_holder},
            {iban ? "IBAN " : "", iban ? acct->iban : acct->account_number},
            {acct->bank_code_label, iban ? "" : acct->bank_code},
            {"BIC ", acct->bic},
        };
        line[0] = '\0';
        for (size_t i = 0; i < sizeof seg / sizeof *seg; i++) {
            if (!seg[i][1][0])
                continue;
            if (line[0])
                ar_page_cat(line, sizeof line, " \xC2\xB7 ");
            ar_page_cat(line, sizeof line, seg[i][0]);
            if (i == 3 && seg[i][0][0])
                ar_page_cat(line, sizeof line, " ");
            ar_page_cat(line, sizeof line, seg[i][1]);
        }
        ar_page_text(p, gm->left, y, &s, line);
    }
}

/* ---- addresses ------------------------------------------------------- */

/* Append the line s[0..n) (blanks trimmed) to out, unless it is empty. */
static void add_line(ar_page_address_lines *out, const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    size_t room = sizeof out->buf - out->used;
    if (n == 0 || out->count == AR_PAGE_ADDRESS_MAX || room < 2)
        return;
    if (n >= room) { /* cut at a character boundary */
        n = room - 1;
        while (n > 0 && (s[n] & 0xC0) == 0x80)
            n--;
    }
    char *d = out->buf + out->used;
    memcpy(d, s, n);
    d[n] = '\0';
    out->used += n + 1;
    out->line[out->count++] = d;
}

/* Each line of field (split at CR, LF or CRLF) as a line of its own:
 * "Accounts Payable\nAttn. Ms Krüger" is two lines, not a character the
 * fonts cannot print. Returns how many. */
static size_t add_lines(ar_page_address_lines *out, const char *field)
{
    size_t before = out->count;
    while (*field) {
        size_t n = strcspn(field, "\r\n");
        add_line(out, field, n);
        field += n;
        if (*field == '\r' && field[1] == '\n')
            field++;
        if (*field)
            field++;
    }
    return out->count - before;
}

/* s with every line break a blank, into buf (size bytes). */
static const char *one_line(const char *s, char *buf, size_t size)
{
    if (!strpbrk(s, "\r\n"))
        return s;
    size_t n = 0;
    for (; *s && n + 1 < size; s++)
        buf[n++] = *s == '\r' || *s == '\n' ? ' ' : *s;
    buf[n] = '\0';
    return buf;
}

/* The postal line(s) of a in its country's format; ctry NULL: "postal
 * code city". Returns how many (at most 3). */
static size_t postal_lines(const ar_country *ctry, const ar_page_address *a,
                           char out[3][200])
{
    char b[3][200];
    const char *vals[3] = {one_line(a->postal_code, b[0], sizeof b[0]),
                           one_line(a->city, b[1], sizeof b[1]),
                           one_line(a->region, b[2], sizeof b[2])};
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
        snprintf(out[0], sizeof out[0], "%s%s%s", vals[0],
                 vals[0][0] ? " " : "", vals[1]);
        n = 1;
    }
    for (size_t i = 0; i < n; i++) { /* trim the blanks of empty parts */
        char *s = out[i];
        size_t b0 = 0, e = strlen(s);
        while (s[b0] == ' ' || s[b0] == ',')
            b0++;
        while (e > b0 && (s[e - 1] == ' ' || s[e - 1] == ','))
            e--;
        size_t k = 0; /* "Beijing  100004": one blank for an empty region */
        for (size_t j = b0; j < e; j++)
            if (s[j] != ' ' || k == 0 || s[k - 1] != ' ')
                s[k++] = s[j];
        s[k] = '\0';
    }
    return n;
}

size_t ar_page_address_format(const ar_layout *l, const ar_lang *g,
                              const ar_page_address *a, const char *home,
                              ar_page_address_lines *out)
{
    out->count = out->used = 0;
    out->name_lines = a->name ? add_lines(out, a->name) : 0;
    out->contact_lines = add_lines(out, a->contact);
    out->street_lines = add_lines(out, a->address1);
    out->street_lines += add_lines(out, a->address2);
    char postal[3][200];
    size_t pl = postal_lines(ar_layout_country(l, a->country), a, postal);
    for (size_t i = 0; i < pl; i++)
        add_line(out, postal[i], strlen(postal[i]));
    if (a->country[0] && (!home || strcasecmp(a->country, home) != 0)) {
        const char *name = ar_layout_country_name(l, a->country, g);
        if (!name)
            name = a->country;
        add_line(out, name, strlen(name));
    }
    return out->count;
}

/* ---- tables ---------------------------------------------------------- */

void ar_page_table_begin(ar_page *p, const ar_page_table *t, bool head)
{
    const ar_page_geom *gm = p->gm;
    double x = gm->left, w = gm->right - gm->left;
    for (int k = 0; k < t->n; k++) {
        p->col_x[k] = x;
        x += w * t->cols[k].share;
    }
    p->col_x[t->n] = gm->right;
    p->tab = t;
    if (head)
        ar_page_table_head(p);
}

void ar_page_table_end(ar_page *p)
{
    p->tab = NULL;
}

void ar_page_cells(ar_page *p, const ar_page_table *t,
                   const char *const *text, ar_pdf_face face,
                   ar_page_wrap_mode mode, size_t *lines)
{
    size_t most = 1;
    for (int k = 0; k < t->n; k++) {
        lines[k] = 0;
        if (!text[k] || !text[k][0])
            continue;
        double w = p->col_x[k + 1] - p->col_x[k] - MM(2.4);
        if (mode == AR_PAGE_WRAP_ALL ||
            (mode == AR_PAGE_WRAP_COLS && t->cols[k].wrap)) {
            lines[k] = ar_page_wrap(p, face, t->size, text[k], w, p->cell[k],
                                    AR_PAGE_CELL_LINES);
        } else {
            p->cell[k][0] = (ar_page_span){0, strlen(text[k])};
            lines[k] = 1;
        }
        if (lines[k] > most)
            most = lines[k];
    }
    lines[t->n] = most;
}

void ar_page_cells_text(ar_page *p, const ar_page_table *t,
                        const char *const *text, const size_t *lines,
                        ar_pdf_face face, uint32_t rgb)
{
    for (int k = 0; k < t->n; k++)
        for (size_t i = 0; i < lines[k]; i++) {
            double pad = MM(1.2);
            double w = p->col_x[k + 1] - p->col_x[k] - 2 * pad;
            ar_pdf_align al = t->cols[k].align;
            double x = al == AR_PDF_RIGHT ? p->col_x[k + 1] - pad
                                          : p->col_x[k] + pad;
            ar_page_span sp = p->cell[k][i];
            ar_pdf_style s = {face, t->size, rgb, al, w};
            ar_page_text_n(p, x, p->y + (double)i * t->line_step, &s,
                           text[k] + sp.from, sp.to - sp.from);
        }
}

void ar_page_table_head(ar_page *p)
{
    const ar_page_table *t = p->tab;
    const char *text[AR_PAGE_MAX_COLS];
    for (int k = 0; k < t->n; k++)
        text[k] = t->cols[k].label;
    size_t lines[AR_PAGE_MAX_COLS + 1];
    ar_page_cells(p, t, text, AR_PDF_BOLD,
                  t->head_wraps ? AR_PAGE_WRAP_ALL : AR_PAGE_WRAP_NONE, lines);
    double extra = (double)(lines[t->n] - 1) * t->line_step;
    ar_page_box(p, p->gm->left, p->y - MM(4.1), p->gm->right - p->gm->left,
                MM(5.8) + extra, 0xEEF1F5);
    ar_page_cells_text(p, t, text, lines, AR_PDF_BOLD, p->h->color_text);
    p->y += t->head_step + extra;
}

void ar_page_table_row(ar_page *p, const char *const *text,
                       ar_pdf_face face, uint32_t rgb)
{
    const ar_page_table *t = p->tab;
    size_t lines[AR_PAGE_MAX_COLS + 1];
    ar_page_cells(p, t, text, face, AR_PAGE_WRAP_COLS, lines);
    double extra = (double)(lines[t->n] - 1) * t->line_step;
    /* a new page draws the header again, which reuses p->cell */
    if (ar_page_ensure(p, extra))
        ar_page_cells(p, t, text, face, AR_PAGE_WRAP_COLS, lines);
    ar_page_cells_text(p, t, text, lines, face, rgb);
    ar_page_rule(p, p->y + extra + MM(1.4), p->gm->left, p->gm->right, 0.4);
    p->y += extra + t->row_step;
}
