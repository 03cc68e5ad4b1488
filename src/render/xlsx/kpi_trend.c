/* kpi_trend.c - the Trend sheet of kpi.xlsx (SPEC §4): the KPI sheet's
 * computation at each month-end up to the as-of date, with the money
 * behind it. */
#include "ar/render/xlsx/kpi_book.h"

#include <stdio.h>
#include <xlsxwriter.h>

enum { T_DATE, T_KPI0, T_AR = T_KPI0 + AR_KPI_COUNT_, T_CURRENT, T_SALES,
       T_RECOVERED, T_COSTS, T_COLS };

lxw_worksheet *ar_kpi_xlsx_trend(ar_kpi_book *b)
{
    const ar_kpis *k = b->k;
    char note[400], d[16];
    snprintf(note, sizeof note,
             "The KPI sheet's computation at each month-end, as the ledger "
             "stood then; the last row is the as-of date %s%s. Money in %s, "
             "windows of %d days ending at each date.",
             ar_date_format_iso(b->a->as_of, d, sizeof d),
             ar_date_is_month_end(b->a->as_of)
                 ? ""
                 : " (not a month-end: its CEI is month-to-date)",
             ar_kpi_xlsx_base_code(b), b->p->kpi_window_days);
    char title[64];
    snprintf(title, sizeof title, "%d-month trend", k->trend_count);
    lxw_worksheet *ws = ar_kpi_xlsx_add_sheet(b, "Trend", title, note);
    if (!ws)
        return NULL;
    const char *heads[T_COLS] = {"Month-end"};
    char names[AR_KPI_COUNT_][48];
    for (int id = 0; id < AR_KPI_COUNT_; id++) {
        const ar_kpi_xlsx_meta *m = &ar_kpi_xlsx_metas[id];
        if (m->percent)
            snprintf(names[id], sizeof names[id], "%s", m->short_name);
        else
            snprintf(names[id], sizeof names[id], "%s (days)", m->short_name);
        heads[T_KPI0 + id] = names[id];
    }
    heads[T_AR] = "AR(D)";
    heads[T_CURRENT] = "Current(D)";
    heads[T_SALES] = "Sales in W";
    heads[T_RECOVERED] = "Recovered in W";
    heads[T_COSTS] = "Collection costs in W";
    ar_kpi_xlsx_header_row(b, ws, AR_KPI_XLSX_FIRST_ROW - 1, heads, T_COLS);
    for (int i = 0; i < k->trend_count; i++) {
        const ar_kpi_point *pt = &k->trend[i];
        uint32_t row = AR_KPI_XLSX_FIRST_ROW + (uint32_t)i;
        KEEP(b, worksheet_write_number(ws, row, T_DATE,
                                       ar_xlsx_serial(pt->date), b->f.date));
        for (int id = 0; id < AR_KPI_COUNT_; id++)
            ar_kpi_xlsx_value(b, ws, row, (uint16_t)(T_KPI0 + id),
                              (ar_kpi_id)id, pt->v[id]);
        lxw_format *money = b->money.cell;
        KEEP(b, ar_xlsx_cents(ws, row, T_AR, pt->in.ar_d, money));
        KEEP(b, ar_xlsx_cents(ws, row, T_CURRENT, pt->in.current_d, money));
        KEEP(b, ar_xlsx_cents(ws, row, T_SALES, pt->in.sales_w, money));
        KEEP(b, ar_xlsx_cents(ws, row, T_RECOVERED, pt->in.recovered_w,
                              money));
        if (pt->in.have_costs)
            KEEP(b, ar_xlsx_cents(ws, row, T_COSTS,
                                  pt->in.costs_w + pt->in.commission_w,
                                  money));
        else
            KEEP(b, ar_xlsx_text(ws, row, T_COSTS, "n/a", b->na));
    }
    /* widths from the content: each KPI column its values, the money
     * columns the largest amount */
    double width[T_COLS] = {[T_DATE] = 12};
    ar_cents widest = 0;
    for (int i = 0; i < k->trend_count; i++) {
        const ar_kpi_inputs *in = &k->trend[i].in;
        const ar_cents v[] = {in->ar_d, in->current_d, in->sales_w,
                              in->recovered_w, in->costs_w + in->commission_w};
        for (size_t j = 0; j < sizeof v / sizeof *v; j++)
            if ((v[j] < 0 ? -v[j] : v[j]) > widest)
                widest = v[j] < 0 ? -v[j] : v[j];
    }
    for (int id = 0; id < AR_KPI_COUNT_; id++) {
        ar_kpi_value vs[AR_TREND_MAX];
        for (int i = 0; i < k->trend_count; i++)
            vs[i] = k->trend[i].v[id];
        width[T_KPI0 + id] = ar_kpi_xlsx_value_width(
            (ar_kpi_id)id, vs, k->trend_count, 12);
    }
    for (int c = T_AR; c < T_COLS; c++)
        width[c] = ar_xlsx_money_width(&b->money, widest, heads[c]);
    for (uint16_t c = 0; c < T_COLS; c++)
        KEEP(b, worksheet_set_column(ws, c, c, width[c], NULL));
    KEEP(b, worksheet_set_row(ws, AR_KPI_XLSX_FIRST_ROW - 1,
                              ar_xlsx_header_height(heads, width, T_COLS),
                              NULL));
    worksheet_freeze_panes(ws, AR_KPI_XLSX_FIRST_ROW, 1);
    /* the two charts under the table (kpi_charts.c) print with it */
    ar_kpi_xlsx_print(b, ws, true, AR_KPI_XLSX_FIRST_ROW - 1,
                      AR_KPI_XLSX_FIRST_ROW + (uint32_t)k->trend_count + 22,
                      T_COLS - 1);
    return ws;
}
