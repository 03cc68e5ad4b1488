/* kpi_charts.c - the charts of kpi.xlsx and the hidden Chart data sheet
 * they read (SPEC §4): DSO and collection rate trends on Trend, cost per
 * recovery by stage on Cost per recovery, the aging distribution on
 * Debtors. */
#include "ar/render/xlsx/kpi_book.h"

#include <xlsxwriter.h>

#define CHART_SHEET "Chart data"

enum { X_LABEL, X_DSO, X_BEST, X_RATE, X_RATE_TARGET, X_STAGE = 6,
       X_COST };

void ar_kpi_xlsx_chart_data(ar_kpi_book *b)
{
    const ar_kpis *k = b->k;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, CHART_SHEET);
    if (!ws) {
        KEEP(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    static const char *const heads[] = {
        "Month-end", "DSO", "Best possible DSO", "Collection rate (%)",
        "Target (%)", "", "Stage", "Cost per recovery (%)"};
    ar_kpi_xlsx_header_row(b, ws, 0, heads, 8);
    double t, am;
    bool hi, strict;
    ar_kpi_target(b->p, AR_KPI_COLLECTION_RATE, &t, &am, &hi, &strict);
    lxw_format *plain = b->value[AR_RAG_NONE];
    for (int i = 0; i < k->trend_count; i++) {
        const ar_kpi_point *pt = &k->trend[i];
        uint32_t row = 1 + (uint32_t)i;
        char d[16];
        KEEP(b, ar_xlsx_text(ws, row, X_LABEL,
                             ar_date_format_iso(pt->date, d, sizeof d),
                             b->f.text));
        const ar_kpi_id ids[3] = {AR_KPI_DSO, AR_KPI_BEST_DSO,
                                  AR_KPI_COLLECTION_RATE};
        for (int j = 0; j < 3; j++)
            if (pt->v[ids[j]].defined)
                KEEP(b, worksheet_write_number(ws, row, (uint16_t)(X_DSO + j),
                                               pt->v[ids[j]].value, plain));
        KEEP(b, worksheet_write_number(ws, row, X_RATE_TARGET, t, plain));
    }
    for (int s = 0; s <= AR_STAGES; s++) {
        uint32_t row = 1 + (uint32_t)s;
        KEEP(b, ar_xlsx_text(ws, row, X_STAGE, ar_kpi_xlsx_stage_labels[s],
                             b->f.text));
        if (k->by_stage[s].ratio.defined)
            KEEP(b, worksheet_write_number(ws, row, X_COST,
                                           k->by_stage[s].ratio.value,
                                           plain));
    }
    worksheet_hide(ws);
}

static lxw_chart *new_chart(ar_kpi_book *b, uint8_t type, const char *title,
                            const char *y_name, const char *y_format)
{
    lxw_chart *c = workbook_add_chart(b->wb, type);
    if (!c) {
        KEEP(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    chart_title_set_name(c, title);
    chart_axis_set_name(c->y_axis, y_name);
    chart_axis_set_num_format(c->y_axis, y_format);
    chart_show_blanks_as(c, LXW_CHART_BLANKS_AS_GAP);
    return c;
}

static void add_line(lxw_chart *c, int last, uint16_t col, const char *name,
                     lxw_color_t color, bool dashed)
{
    lxw_chart_series *s = chart_add_series(c, NULL, NULL);
    chart_series_set_categories(s, CHART_SHEET, 1, X_LABEL, (uint32_t)last,
                                X_LABEL);
    chart_series_set_values(s, CHART_SHEET, 1, col, (uint32_t)last, col);
    chart_series_set_name(s, name);
    lxw_chart_line line = {.color = color, .width = 2.25};
    if (dashed)
        line.dash_type = LXW_CHART_LINE_DASH_DASH;
    chart_series_set_line(s, &line);
    if (!dashed)
        chart_series_set_marker_type(s, LXW_CHART_MARKER_CIRCLE);
    else
        chart_series_set_marker_type(s, LXW_CHART_MARKER_NONE);
}

static void insert(ar_kpi_book *b, lxw_worksheet *ws, uint32_t row,
                   uint16_t col, lxw_chart *c)
{
    if (!ws || !c)
        return;
    lxw_chart_options opt = {.x_scale = 1.3, .y_scale = 1.2};
    KEEP(b, worksheet_insert_chart_opt(ws, row, col, c, &opt));
}

void ar_kpi_xlsx_charts(ar_kpi_book *b, lxw_worksheet *trend,
                        lxw_worksheet *cost, lxw_worksheet *debtors,
                        uint32_t aging_row)
{
    int n = b->k->trend_count;
    /* under the trend table, and under the two tables of Cost per
     * recovery (kpi_cost.c) */
    uint32_t under_trend = AR_KPI_XLSX_FIRST_ROW + (uint32_t)n + 2;
    uint32_t under_cost =
        AR_KPI_XLSX_FIRST_ROW + AR_STAGES + AR_TIER_COUNT_ + 7;
    lxw_chart *c = new_chart(b, LXW_CHART_LINE, "DSO trend", "days", "0");
    if (c) {
        add_line(c, n, X_DSO, "DSO", 0x1F4E79, false);
        add_line(c, n, X_BEST, "Best possible DSO", 0x70AD47, false);
        chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
        insert(b, trend, under_trend, 0, c);
    }
    c = new_chart(b, LXW_CHART_LINE, "Collection rate within 45 days",
                  "% of amount due", "0");
    if (c) {
        add_line(c, n, X_RATE, "Collection rate", 0x1F4E79, false);
        add_line(c, n, X_RATE_TARGET, "Target", 0xC00000, true);
        /* a share of an amount: never past 100 % (an automatic axis ran
         * to 120) */
        chart_axis_set_min(c->y_axis, 0);
        chart_axis_set_max(c->y_axis, 100);
        chart_axis_set_major_unit(c->y_axis, 20);
        chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
        insert(b, trend, under_trend, 7, c);
    }
    c = new_chart(b, LXW_CHART_COLUMN, "Cost per recovery by stage",
                  "% of recovered", "0.0");
    if (c) {
        lxw_chart_series *s = chart_add_series(c, NULL, NULL);
        chart_series_set_categories(s, CHART_SHEET, 1, X_STAGE,
                                    1 + AR_STAGES, X_STAGE);
        chart_series_set_values(s, CHART_SHEET, 1, X_COST, 1 + AR_STAGES,
                                X_COST);
        chart_series_set_name(s, "Cost per recovery (%)");
        lxw_chart_fill fill = {.color = 0x4472C4};
        chart_series_set_fill(s, &fill);
        chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
        insert(b, cost, under_cost, 0, c);
    }
    c = new_chart(b, LXW_CHART_COLUMN, "Aging distribution (base currency)",
                  "open amount", "#,##0");
    if (c && debtors) {
        lxw_chart_series *s = chart_add_series(c, NULL, NULL);
        uint32_t last = aging_row + (uint32_t)b->p->bucket_count - 1;
        chart_series_set_categories(s, "Debtors", aging_row, 0, last, 0);
        chart_series_set_values(s, "Debtors", aging_row, 1, last, 1);
        chart_series_set_name(s, "Open amount");
        /* one colour for current, a graded scale for overdue */
        int nb = b->p->bucket_count;
        lxw_chart_fill fills[AR_MAX_BUCKETS];
        lxw_chart_point pts[AR_MAX_BUCKETS];
        lxw_chart_point *list[AR_MAX_BUCKETS + 1];
        for (int k = 0; k < nb; k++) {
            fills[k] = (lxw_chart_fill){
                .color = ar_kpi_xlsx_bucket_color(k, nb)};
            pts[k] = (lxw_chart_point){.fill = &fills[k]};
            list[k] = &pts[k];
        }
        list[nb] = NULL;
        chart_series_set_points(s, list);
        chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
        /* beside the buckets, under the sheet's note */
        insert(b, debtors, AR_KPI_XLSX_FIRST_ROW - 1, 4, c);
    }
}
