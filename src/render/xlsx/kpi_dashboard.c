/* kpi_dashboard.c - the Dashboard, first sheet of kpi.xlsx (issue 20
 * item 6): what a CFO reads on one printed page.
 *
 *   headline   AR, % overdue, % over 90 days, DSO, CEI and the collection
 *              rate at D, each against the last month-end and the same
 *              month a year before (the trend's points), with target and
 *              status where the policy has one
 *   charts     the aging at each month-end stacked by bucket (one colour
 *              for current, a graded scale for overdue), DSO with its
 *              target or best possible DSO, CEI with its target, the
 *              collection rate with its target, each axis fitted to its
 *              data (a rate never runs past 100 %)
 *
 * The charts read a hidden sheet, Dashboard data, written last (n/a is a
 * blank cell there: a line chart draws text as 0). Every figure is the
 * engine's (metrics.c, trend.c); nothing is computed here but shares and
 * differences for display. Printed landscape on one page. */
#include "ar/render/xlsx/kpi_book.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#define DATA_SHEET "Dashboard data"
/* the trend points the dashboard shows: D and 12 month-ends before it */
#define SHOWN 13
#define TABLE_ROW 3u         /* header row of the headline table */
#define CHART_ROW 13u        /* first row of the charts */
#define CHART_ROWS 16u       /* rows a chart takes */

enum { H_NAME, H_NOW, H_MONTH, H_MONTH_CHANGE, H_YEAR, H_YEAR_CHANGE,
       H_TARGET, H_STATUS, H_COLS };

/* Headline measures. */
enum { M_AR, M_OVERDUE, M_OVER_90, M_DSO, M_CEI, M_RATE, M_COUNT };

/* The data sheet's columns: label, the buckets, then these. */
enum { X_DSO, X_BEST, X_DSO_TARGET, X_CEI, X_CEI_TARGET, X_RATE,
       X_RATE_TARGET, X_COUNT };

/* Bucket k of n as a chart colour: current in blue, the overdue ones
 * graded from light amber to dark red. */
uint32_t ar_kpi_xlsx_bucket_color(int k, int n)
{
    static const lxw_color_t grade[] = {0xFFE699, 0xF4B183, 0xED7D31,
                                        0xC55A11, 0xC00000, 0x7B0000};
    const int ng = (int)(sizeof grade / sizeof *grade);
    if (k == 0)
        return 0x5B9BD5;
    if (n <= 2)
        return grade[ng - 2];
    /* spread the overdue buckets over the scale, the last the darkest */
    int at = (k - 1) * (ng - 1) / (n - 2);
    return grade[at < ng ? at : ng - 1];
}

/* The points shown: the last SHOWN of the trend. */
static int first_shown(const ar_kpis *k)
{
    return k->trend_count > SHOWN ? k->trend_count - SHOWN : 0;
}

static ar_cents open_of(const ar_kpi_inputs *in)
{
    ar_cents open = 0;
    for (int b = 0; b < AR_MAX_BUCKETS; b++)
        open += in->buckets[b];
    return open;
}

/* Measure m at point pt, in the unit shown (money, a fraction, days);
 * false when it is n/a. */
static bool measure(const ar_kpi_point *pt, int m, double *out)
{
    const ar_kpi_inputs *in = &pt->in;
    ar_cents open = open_of(in);
    switch (m) {
    case M_AR:
        *out = ar_xlsx_units(in->ar_d);
        return true;
    case M_OVERDUE:
    case M_OVER_90:
        if (open <= 0)
            return false;
        *out = (double)(m == M_OVERDUE ? open - in->buckets[0]
                                       : in->over_days) /
               (double)open;
        return true;
    case M_DSO:
        *out = pt->v[AR_KPI_DSO].value;
        return pt->v[AR_KPI_DSO].defined;
    case M_CEI:
        *out = pt->v[AR_KPI_CEI].value / 100.0;
        return pt->v[AR_KPI_CEI].defined;
    case M_RATE:
        *out = pt->v[AR_KPI_COLLECTION_RATE].value / 100.0;
        return pt->v[AR_KPI_COLLECTION_RATE].defined;
    }
    return false;
}

/* The KPI a measure is, for its target; AR_KPI_COUNT_ when none. */
static ar_kpi_id kpi_of(int m)
{
    return m == M_DSO   ? AR_KPI_DSO
           : m == M_CEI ? AR_KPI_CEI
           : m == M_RATE ? AR_KPI_COLLECTION_RATE
                         : AR_KPI_COUNT_;
}

typedef struct dash_formats {
    lxw_format *money, *pct, *days;            /* values */
    lxw_format *d_money, *d_pp, *d_days;       /* changes, neutral */
    lxw_format *better[3], *worse[3];          /* changes coloured */
    lxw_format *label, *head, *big_title, *na;
} dash_formats;

static lxw_format *fmt(ar_kpi_book *b, const char *num, lxw_color_t color,
                       bool bold)
{
    lxw_format *f = workbook_add_format(b->wb);
    if (num)
        format_set_num_format(f, num);
    if (color)
        format_set_font_color(f, color);
    if (bold)
        format_set_bold(f);
    format_set_font_size(f, 11);
    format_set_align(f, LXW_ALIGN_RIGHT);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bottom(f, LXW_BORDER_HAIR);
    format_set_bottom_color(f, 0xBFBFBF);
    return f;
}

static void dash_formats_init(ar_kpi_book *b, dash_formats *f)
{
    static const char *const delta[3] = {
        "+#,##0.00;-#,##0.00;0.00", "+0.0\" pp\";-0.0\" pp\";0.0\" pp\"",
        "+0.0\" d\";-0.0\" d\";0.0\" d\""};
    f->money = fmt(b, "#,##0.00", 0, true);
    f->pct = fmt(b, "0.0%", 0, true);
    f->days = fmt(b, "0.0", 0, true);
    f->d_money = fmt(b, delta[0], 0x404040, false);
    f->d_pp = fmt(b, delta[1], 0x404040, false);
    f->d_days = fmt(b, delta[2], 0x404040, false);
    for (int k = 0; k < 3; k++) {
        f->better[k] = fmt(b, delta[k], 0x006100, false);
        f->worse[k] = fmt(b, delta[k], 0x9C0006, false);
    }
    f->label = fmt(b, NULL, 0x1F1F1F, true);
    format_set_align(f->label, LXW_ALIGN_LEFT);
    f->head = workbook_add_format(b->wb);
    format_set_bold(f->head);
    format_set_text_wrap(f->head);
    format_set_align(f->head, LXW_ALIGN_CENTER);
    format_set_align(f->head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bg_color(f->head, 0xD9E1F2);
    format_set_bottom(f->head, LXW_BORDER_THIN);
    f->big_title = workbook_add_format(b->wb);
    format_set_bold(f->big_title);
    format_set_font_size(f->big_title, 16);
    format_set_font_color(f->big_title, 0x1F4E79);
    f->na = fmt(b, NULL, 0x808080, false);
}

/* A change now - then of measure m: coloured green when it is better,
 * red when worse (AR itself is neither: it grows with sales). */
static void write_change(ar_kpi_book *b, const dash_formats *f,
                         lxw_worksheet *ws, uint32_t row, uint16_t col,
                         int m, double now, double then)
{
    double d = now - then;
    int unit = m == M_AR ? 0 : m == M_DSO ? 2 : 1;
    double shown = unit == 1 ? d * 100.0 : d; /* percentage points */
    /* lower is better but for CEI and the collection rate */
    bool higher_better = m == M_CEI || m == M_RATE;
    lxw_format *c = unit == 0 ? f->d_money : unit == 1 ? f->d_pp : f->d_days;
    if (m != M_AR && fabs(shown) >= 0.05)
        c = (d > 0) == higher_better ? f->better[unit] : f->worse[unit];
    KEEP(b, worksheet_write_number(ws, row, col, shown, c));
}

static void write_value(ar_kpi_book *b, const dash_formats *f,
                        lxw_worksheet *ws, uint32_t row, uint16_t col,
                        int m, bool ok, double v)
{
    if (!ok) {
        KEEP(b, ar_xlsx_text(ws, row, col, "n/a", f->na));
        return;
    }
    lxw_format *c = m == M_AR                    ? f->money
                    : m == M_DSO                 ? f->days
                                                 : f->pct;
    KEEP(b, worksheet_write_number(ws, row, col, v, c));
}

static void headline(ar_kpi_book *b, const dash_formats *f,
                     lxw_worksheet *ws)
{
    const ar_kpis *k = b->k;
    int n = k->trend_count;
    const ar_kpi_point *now = &k->trend[n - 1];
    const ar_kpi_point *month = n >= 2 ? &k->trend[n - 2] : NULL;
    const ar_kpi_point *year = n >= 13 ? &k->trend[n - 13] : NULL;
    char d0[16], d1[16], d2[16], h1[48], h2[48], h3[48];
    ar_date_format_iso(now->date, d0, sizeof d0);
    snprintf(h1, sizeof h1, "Now\n%s", d0);
    if (month)
        snprintf(h2, sizeof h2, "Last month-end\n%s",
                 ar_date_format_iso(month->date, d1, sizeof d1));
    else
        snprintf(h2, sizeof h2, "Last month-end");
    if (year)
        snprintf(h3, sizeof h3, "A year before\n%s",
                 ar_date_format_iso(year->date, d2, sizeof d2));
    else
        snprintf(h3, sizeof h3, "A year before");
    const char *heads[H_COLS] = {"", h1, h2, "Change", h3, "Change",
                                 "Target", "Status"};
    for (uint16_t c = 0; c < H_COLS; c++)
        KEEP(b, ar_xlsx_text(ws, TABLE_ROW, c, heads[c], f->head));
    KEEP(b, worksheet_set_row(ws, TABLE_ROW, 32, NULL));

    char names[M_COUNT][80];
    /* a ledger without currency codes: no "(no code)" to crowd the
     * label out of its column */
    if (ar_kpi_xlsx_has_code(b))
        snprintf(names[M_AR], sizeof names[0],
                 "Accounts receivable, %s (net of credits)",
                 ar_kpi_xlsx_base_code(b));
    else
        snprintf(names[M_AR], sizeof names[0],
                 "Accounts receivable (net of credits)");
    snprintf(names[M_OVERDUE], sizeof names[0], "Overdue, %% of open items");
    snprintf(names[M_OVER_90], sizeof names[0],
             "Over %d days past due, %% of open items", AR_KPI_OVER_DAYS);
    snprintf(names[M_DSO], sizeof names[0], "DSO (days)");
    snprintf(names[M_CEI], sizeof names[0],
             "CEI (collection effectiveness)");
    snprintf(names[M_RATE], sizeof names[0],
             "Collected within %d days of due", b->p->collection_days);
    for (int m = 0; m < M_COUNT; m++) {
        uint32_t row = TABLE_ROW + 1 + (uint32_t)m;
        KEEP(b, worksheet_set_row(ws, row, 20, NULL));
        KEEP(b, ar_xlsx_text(ws, row, H_NAME, names[m], f->label));
        double v0 = 0, v1 = 0, v2 = 0;
        bool ok0 = measure(now, m, &v0);
        bool ok1 = month && measure(month, m, &v1);
        bool ok2 = year && measure(year, m, &v2);
        write_value(b, f, ws, row, H_NOW, m, ok0, v0);
        write_value(b, f, ws, row, H_MONTH, m, ok1, v1);
        write_value(b, f, ws, row, H_YEAR, m, ok2, v2);
        if (ok0 && ok1)
            write_change(b, f, ws, row, H_MONTH_CHANGE, m, v0, v1);
        else
            KEEP(b, ar_xlsx_text(ws, row, H_MONTH_CHANGE, "n/a", f->na));
        if (ok0 && ok2)
            write_change(b, f, ws, row, H_YEAR_CHANGE, m, v0, v2);
        else
            KEEP(b, ar_xlsx_text(ws, row, H_YEAR_CHANGE, "n/a", f->na));
        ar_kpi_id id = kpi_of(m);
        double t, am;
        bool hi, strict;
        if (id == AR_KPI_COUNT_ ||
            !ar_kpi_target(b->p, id, &t, &am, &hi, &strict)) {
            KEEP(b, ar_xlsx_text(ws, row, H_TARGET, "-", f->na));
            KEEP(b, worksheet_write_blank(ws, row, H_STATUS, f->na));
            continue;
        }
        char tt[32];
        snprintf(tt, sizeof tt, "%s %g%s", hi ? "\xE2\x89\xA5" : "\xE2\x89\xA4",
                 t, m == M_DSO ? " days" : " %");
        KEEP(b, ar_xlsx_text(ws, row, H_TARGET, tt, f->na));
        ar_rag st = ar_kpi_status(b->p, id, now->v[id]);
        KEEP(b, ar_xlsx_text(ws, row, H_STATUS,
                             now->v[id].defined ? ar_kpi_xlsx_rag_labels[st]
                                                : "n/a",
                             b->status[st]));
    }
}

/* ---- the charts --------------------------------------------------------- */

/* The smallest "nice" number (1, 2, 2.5, 5 x 10^k) at or above x > 0. */
static double nice_ceiling(double x)
{
    if (!(x > 0))
        return 1;
    double p = pow(10, floor(log10(x)));
    static const double steps[] = {1, 2, 2.5, 5, 10};
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
        if (steps[i] * p >= x * (1 - 1e-12))
            return steps[i] * p;
    return 10 * p;
}

static lxw_chart *new_chart(ar_kpi_book *b, uint8_t type, const char *title)
{
    lxw_chart *c = workbook_add_chart(b->wb, type);
    if (!c) {
        KEEP(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    chart_title_set_name(c, title);
    lxw_chart_font tf = {.size = 11, .bold = true};
    chart_title_set_name_font(c, &tf);
    lxw_chart_font small = {.size = 8};
    chart_axis_set_num_font(c->x_axis, &small);
    chart_axis_set_num_font(c->y_axis, &small);
    chart_legend_set_font(c, &small);
    chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
    chart_show_blanks_as(c, LXW_CHART_BLANKS_AS_GAP);
    return c;
}

static void line(lxw_chart *c, int rows, uint16_t col, const char *name,
                 lxw_color_t color, bool dashed)
{
    lxw_chart_series *s = chart_add_series(c, NULL, NULL);
    chart_series_set_categories(s, DATA_SHEET, 1, 0, (uint32_t)rows, 0);
    chart_series_set_values(s, DATA_SHEET, 1, col, (uint32_t)rows, col);
    chart_series_set_name(s, name);
    lxw_chart_line ln = {.color = color, .width = dashed ? 1.5 : 2.25};
    if (dashed)
        ln.dash_type = LXW_CHART_LINE_DASH_DASH;
    chart_series_set_line(s, &ln);
    chart_series_set_marker_type(s, dashed ? LXW_CHART_MARKER_NONE
                                           : LXW_CHART_MARKER_CIRCLE);
    if (!dashed) {
        chart_series_set_marker_size(s, 4);
        lxw_chart_fill mf = {.color = color};
        chart_series_set_marker_fill(s, &mf);
        lxw_chart_line ml = {.color = color};
        chart_series_set_marker_line(s, &ml);
    }
}

static void place(ar_kpi_book *b, lxw_worksheet *ws, uint32_t row,
                  uint16_t col, lxw_chart *c, double width_px)
{
    if (!c)
        return;
    lxw_chart_options opt = {.x_offset = 2, .y_offset = 4,
                             .x_scale = width_px / 480.0,
                             .y_scale = (CHART_ROWS * 20.0 - 8) / 288.0};
    KEEP(b, worksheet_insert_chart_opt(ws, row, col, c, &opt));
}

/* What the data sheet holds, for the axes: the largest value of each
 * line chart. */
typedef struct extent {
    double dso, cei;
} extent;

static void charts(ar_kpi_book *b, lxw_worksheet *ws, const extent *e,
                   double left_px, double right_px)
{
    const ar_policy *p = b->p;
    int rows = b->k->trend_count - first_shown(b->k);
    int nb = p->bucket_count;
    uint16_t x0 = (uint16_t)(1 + nb); /* first column after the buckets */
    char title[96];

    if (ar_kpi_xlsx_has_code(b))
        snprintf(title, sizeof title, "Aging at each month-end (%s)",
                 ar_kpi_xlsx_base_code(b));
    else
        snprintf(title, sizeof title, "Aging at each month-end");
    lxw_chart *c = new_chart(b, LXW_CHART_COLUMN_STACKED, title);
    if (c) {
        for (int k = 0; k < nb; k++) {
            lxw_chart_series *s = chart_add_series(c, NULL, NULL);
            chart_series_set_categories(s, DATA_SHEET, 1, 0, (uint32_t)rows,
                                        0);
            chart_series_set_values(s, DATA_SHEET, 1, (uint16_t)(1 + k),
                                    (uint32_t)rows, (uint16_t)(1 + k));
            chart_series_set_name(s, p->buckets[k].label);
            lxw_chart_fill fill = {.color = ar_kpi_xlsx_bucket_color(k, nb)};
            chart_series_set_fill(s, &fill);
        }
        chart_set_series_gap(c, 40);
        chart_axis_set_min(c->y_axis, 0);
        chart_axis_set_num_format(c->y_axis, "#,##0,\"k\"");
        place(b, ws, CHART_ROW, H_NAME, c, left_px);
    }

    c = new_chart(b, LXW_CHART_LINE, "DSO (days)");
    if (c) {
        line(c, rows, (uint16_t)(x0 + X_DSO), "DSO", 0x1F4E79, false);
        if (p->dso_target > 0)
            line(c, rows, (uint16_t)(x0 + X_DSO_TARGET), "Target", 0xC00000,
                 true);
        line(c, rows, (uint16_t)(x0 + X_BEST), "Best possible (all paid on "
             "time)", 0x70AD47, true);
        chart_axis_set_min(c->y_axis, 0);
        chart_axis_set_max(c->y_axis, nice_ceiling(e->dso * 1.1));
        chart_axis_set_num_format(c->y_axis, "0");
        place(b, ws, CHART_ROW, H_YEAR, c, right_px);
    }

    c = new_chart(b, LXW_CHART_LINE, "CEI (collection effectiveness)");
    if (c) {
        line(c, rows, (uint16_t)(x0 + X_CEI), "CEI", 0x1F4E79, false);
        line(c, rows, (uint16_t)(x0 + X_CEI_TARGET), "Target", 0xC00000,
             true);
        chart_axis_set_min(c->y_axis, 0);
        /* a share: up to 100 %, past it only if the data is */
        chart_axis_set_max(c->y_axis,
                           e->cei > 1 ? nice_ceiling(e->cei * 1.05) : 1);
        chart_axis_set_major_unit(c->y_axis, 0.2);
        chart_axis_set_num_format(c->y_axis, "0%");
        place(b, ws, CHART_ROW + CHART_ROWS, H_NAME, c, left_px);
    }

    snprintf(title, sizeof title, "Collected within %d days of due",
             p->collection_days);
    c = new_chart(b, LXW_CHART_LINE, title);
    if (c) {
        line(c, rows, (uint16_t)(x0 + X_RATE), "Collection rate", 0x1F4E79,
             false);
        line(c, rows, (uint16_t)(x0 + X_RATE_TARGET), "Target", 0xC00000,
             true);
        chart_axis_set_min(c->y_axis, 0);
        chart_axis_set_max(c->y_axis, 1); /* never past 100 % */
        chart_axis_set_major_unit(c->y_axis, 0.2);
        chart_axis_set_num_format(c->y_axis, "0%");
        place(b, ws, CHART_ROW + CHART_ROWS, H_YEAR, c, right_px);
    }
}

/* Column widths in characters and the pixels they take. */
/* about 1.5 times as wide as high, as a landscape page */
static const double widths[H_COLS] = {40, 17, 17, 17, 17, 17, 17, 17};

static double px(double chars) { return floor(chars * 7 + 5); }

/* The largest value of the line charts, over the points shown. */
static extent extent_of(const ar_kpi_book *b)
{
    const ar_kpis *k = b->k;
    extent e = {b->p->dso_target > 0 ? b->p->dso_target : 0, 0};
    for (int i = first_shown(k); i < k->trend_count; i++) {
        const ar_kpi_point *pt = &k->trend[i];
        const ar_kpi_value *v = pt->v;
        if (v[AR_KPI_DSO].defined && v[AR_KPI_DSO].value > e.dso)
            e.dso = v[AR_KPI_DSO].value;
        if (v[AR_KPI_BEST_DSO].defined && v[AR_KPI_BEST_DSO].value > e.dso)
            e.dso = v[AR_KPI_BEST_DSO].value;
        if (v[AR_KPI_CEI].defined && v[AR_KPI_CEI].value / 100 > e.cei)
            e.cei = v[AR_KPI_CEI].value / 100;
    }
    if (e.dso <= 0)
        e.dso = 1;
    return e;
}

lxw_worksheet *ar_kpi_xlsx_dashboard(ar_kpi_book *b)
{
    dash_formats f;
    dash_formats_init(b, &f);
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Dashboard");
    if (!ws) {
        KEEP(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    char text[700], day[16];
    snprintf(text, sizeof text, "Receivables dashboard as of %s",
             ar_date_format_iso(b->a->as_of, day, sizeof day));
    KEEP(b, ar_xlsx_text(ws, 0, 0, text, f.big_title));
    KEEP(b, worksheet_set_row(ws, 0, 24, NULL));
    /* what the figures cover, wrapped over the page's width */
    ar_kpi_xlsx_coverage(b, text, sizeof text);
    lxw_format *wrap = workbook_add_format(b->wb);
    format_set_italic(wrap);
    format_set_font_color(wrap, 0x595959);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    KEEP(b, worksheet_set_row(ws, 1, 30, NULL));
    KEEP(b, worksheet_merge_range(ws, 1, 0, 1, H_COLS - 1, "", wrap));
    KEEP(b, ar_xlsx_text(ws, 1, 0, text, wrap));
    headline(b, &f, ws);

    /* with --fx, the same at D over every currency */
    uint32_t row = TABLE_ROW + 1 + M_COUNT + 1;
    const ar_kpi_consolidated *cons = &b->k->cons;
    if (cons->available) {
        const ar_kpi_inputs *in = &cons->in;
        ar_cents open = open_of(in);
        char ar[40];
        ar_money_format(in->ar_d, ',', '.', ar, sizeof ar);
        snprintf(text, sizeof text,
                 "All currencies at the rates of %s (Consolidated sheet): "
                 "AR %s %s, %.1f %% overdue, %.1f %% over %d days, DSO "
                 "%.1f, CEI %.1f %%.",
                 day, ar, ar_kpi_xlsx_base_code(b),
                 open > 0 ? 100.0 * (double)(open - in->buckets[0]) /
                                (double)open
                          : 0.0,
                 open > 0 ? 100.0 * (double)in->over_days / (double)open
                          : 0.0,
                 AR_KPI_OVER_DAYS,
                 cons->v[AR_KPI_DSO].defined ? cons->v[AR_KPI_DSO].value : 0,
                 cons->v[AR_KPI_CEI].defined ? cons->v[AR_KPI_CEI].value : 0);
        KEEP(b, ar_xlsx_text(ws, row, 0, text, b->f.note));
    }
    row++;
    KEEP(b, ar_xlsx_text(ws, row, 0,
                         "Changes in green are better, in red worse; pp = "
                         "percentage points. Month-end figures are the "
                         "Trend sheet's, as the ledger stood then.",
                         b->f.note));

    for (uint16_t c = 0; c < H_COLS; c++)
        KEEP(b, worksheet_set_column(ws, c, c, widths[c], NULL));
    double left = px(widths[0]) + px(widths[1]) + px(widths[2]) +
                  px(widths[3]) - 6;
    double right = px(widths[4]) + px(widths[5]) + px(widths[6]) +
                   px(widths[7]) - 6;
    extent e = extent_of(b);
    charts(b, ws, &e, left, right);

    /* one landscape page */
    uint32_t last = CHART_ROW + 2 * CHART_ROWS;
    worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
    /* the running header and footer of every sheet, on one page */
    ar_kpi_xlsx_print(b, ws, true, UINT32_MAX, last, H_COLS - 1);
    worksheet_center_horizontally(ws);
    worksheet_fit_to_pages(ws, 1, 1);
    return ws;
}

void ar_kpi_xlsx_dashboard_data(ar_kpi_book *b)
{
    const ar_kpis *k = b->k;
    const ar_policy *p = b->p;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, DATA_SHEET);
    if (!ws) {
        KEEP(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    int nb = p->bucket_count;
    uint16_t x0 = (uint16_t)(1 + nb);
    KEEP(b, ar_xlsx_text(ws, 0, 0, "Month-end", b->f.header));
    for (int j = 0; j < nb; j++)
        KEEP(b, ar_xlsx_text(ws, 0, (uint16_t)(1 + j), p->buckets[j].label,
                             b->f.header));
    static const char *const heads[X_COUNT] = {
        "DSO", "Best possible DSO", "DSO target", "CEI", "CEI target",
        "Collection rate", "Collection-rate target"};
    for (int j = 0; j < X_COUNT; j++)
        KEEP(b, ar_xlsx_text(ws, 0, (uint16_t)(x0 + j), heads[j],
                             b->f.header));
    double cei_t, rate_t, am;
    bool hi, strict;
    bool has_cei = ar_kpi_target(p, AR_KPI_CEI, &cei_t, &am, &hi, &strict);
    bool has_rate = ar_kpi_target(p, AR_KPI_COLLECTION_RATE, &rate_t, &am,
                                  &hi, &strict);
    lxw_format *plain = b->value[AR_RAG_NONE];
    uint32_t row = 1;
    for (int i = first_shown(k); i < k->trend_count; i++, row++) {
        const ar_kpi_point *pt = &k->trend[i];
        /* "Oct 2025"; D itself by its day too when it is no month-end
         * (English: the workbook's words are) */
        static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};
        int y, m, d;
        ar_date_to_ymd(pt->date, &y, &m, &d);
        char label[24];
        if (ar_date_is_month_end(pt->date))
            snprintf(label, sizeof label, "%s %d", mon[m - 1], y);
        else
            snprintf(label, sizeof label, "%d %s %d", d, mon[m - 1], y);
        KEEP(b, ar_xlsx_text(ws, row, 0, label, b->f.text));
        for (int j = 0; j < nb; j++)
            KEEP(b, ar_xlsx_cents(ws, row, (uint16_t)(1 + j),
                                  pt->in.buckets[j], b->f.money));
        const ar_kpi_value *v = pt->v;
        double vals[X_COUNT];
        bool def[X_COUNT] = {
            v[AR_KPI_DSO].defined, v[AR_KPI_BEST_DSO].defined,
            p->dso_target > 0,     v[AR_KPI_CEI].defined,
            has_cei,               v[AR_KPI_COLLECTION_RATE].defined,
            has_rate};
        vals[X_DSO] = v[AR_KPI_DSO].value;
        vals[X_BEST] = v[AR_KPI_BEST_DSO].value;
        vals[X_DSO_TARGET] = p->dso_target;
        vals[X_CEI] = v[AR_KPI_CEI].value / 100;
        vals[X_CEI_TARGET] = cei_t / 100;
        vals[X_RATE] = v[AR_KPI_COLLECTION_RATE].value / 100;
        vals[X_RATE_TARGET] = rate_t / 100;
        for (int j = 0; j < X_COUNT; j++)
            if (def[j])
                KEEP(b, worksheet_write_number(ws, row, (uint16_t)(x0 + j),
                                               vals[j], plain));
    }
    worksheet_hide(ws);
}
