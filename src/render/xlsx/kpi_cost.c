/* kpi_cost.c - the Cost per recovery sheet of kpi.xlsx (SPEC §4): costs,
 * agency commission and recoveries by the stage of the latest letter and
 * by risk tier, each table with a totals row. */
#include "ar/render/xlsx/kpi_book.h"

#include <stdio.h>
#include <xlsxwriter.h>

enum { C_NAME, C_ROWS, C_COSTS, C_COMMISSION, C_RECOVERED, C_RECOVERIES,
       C_RATIO, C_STATUS, C_COLS };

/* A cost per recovery ratio and its status word. */
static void ratio_cells(ar_kpi_book *b, lxw_worksheet *ws, uint32_t row,
                        ar_kpi_value ratio)
{
    ar_kpi_xlsx_value(b, ws, row, C_RATIO, AR_KPI_COST_PER_RECOVERY, ratio);
    ar_rag st = ar_kpi_status(b->p, AR_KPI_COST_PER_RECOVERY, ratio);
    KEEP(b, ar_xlsx_text(ws, row, C_STATUS,
                         ratio.defined ? ar_kpi_xlsx_rag_labels[st] : "n/a",
                         b->status[st]));
}

/* One table of cost per recovery rows and a total; returns the row after
 * it. */
static uint32_t cost_table(ar_kpi_book *b, lxw_worksheet *ws, uint32_t row,
                           const char *first_head,
                           const char *const *labels,
                           const ar_recovery_cost *const *rc, int n,
                           const ar_recovery_cost *total,
                           const char *total_label)
{
    const char *heads[C_COLS] = {
        first_head,     "Cost rows",  "Collection costs", "Agency commission",
        "Recovered",    "Recoveries", "Cost per recovery", "Status"};
    ar_kpi_xlsx_header_row(b, ws, row++, heads, C_COLS);
    uint32_t first = row;
    for (int i = 0; i < n; i++, row++) {
        KEEP(b, ar_xlsx_text(ws, row, C_NAME, labels[i], b->f.text));
        KEEP(b, worksheet_write_number(ws, row, C_ROWS, rc[i]->cost_rows,
                                       b->f.whole));
        KEEP(b, ar_xlsx_cents(ws, row, C_COSTS, rc[i]->costs, b->money.cell));
        KEEP(b, ar_xlsx_cents(ws, row, C_COMMISSION, rc[i]->commission,
                              b->money.cell));
        KEEP(b, ar_xlsx_cents(ws, row, C_RECOVERED, rc[i]->recovered,
                              b->money.cell));
        KEEP(b, worksheet_write_number(ws, row, C_RECOVERIES,
                                       rc[i]->recoveries, b->f.whole));
        ratio_cells(b, ws, row, rc[i]->ratio);
    }
    /* Totals as formulas a reader can retrace, with their values cached;
     * the commission total is rounded once, as the KPI is. */
    char fml[64];
    KEEP(b, ar_xlsx_text(ws, row, C_NAME, total_label, b->f.total_text));
    ar_kpi_xlsx_sum_formula(fml, sizeof fml, C_ROWS, first, row - 1);
    KEEP(b, worksheet_write_formula_num(ws, row, C_ROWS, fml,
                                        b->f.total_whole, total->cost_rows));
    ar_kpi_xlsx_sum_formula(fml, sizeof fml, C_COSTS, first, row - 1);
    KEEP(b, worksheet_write_formula_num(ws, row, C_COSTS, fml,
                                        b->money.total,
                                        ar_xlsx_units(total->costs)));
    KEEP(b, ar_xlsx_cents(ws, row, C_COMMISSION, total->commission,
                          b->f.total_money));
    ar_kpi_xlsx_sum_formula(fml, sizeof fml, C_RECOVERED, first, row - 1);
    KEEP(b, worksheet_write_formula_num(ws, row, C_RECOVERED, fml,
                                        b->money.total,
                                        ar_xlsx_units(total->recovered)));
    ar_kpi_xlsx_sum_formula(fml, sizeof fml, C_RECOVERIES, first, row - 1);
    KEEP(b, worksheet_write_formula_num(ws, row, C_RECOVERIES, fml,
                                        b->f.total_whole,
                                        total->recoveries));
    ratio_cells(b, ws, row, total->ratio);
    return row + 1;
}

lxw_worksheet *ar_kpi_xlsx_cost(ar_kpi_book *b)
{
    const ar_kpis *k = b->k;
    char note[600], d0[16], d1[16];
    snprintf(note, sizeof note,
             "Window W = (%s, %s]. A cost row or a recovery counts for the "
             "stage of the client's latest letter in the history file dated "
             "on or before it (\"No letter yet\" when there is none). "
             "Recovered = payments applied in W to items after their due "
             "date. Agency commission: %.2f %% of what an account paid from "
             "its first agency cost row on.",
             ar_date_format_iso(b->a->as_of - b->p->kpi_window_days, d0,
                                sizeof d0),
             ar_date_format_iso(b->a->as_of, d1, sizeof d1),
             b->p->agency_commission_bp / 100.0);
    lxw_worksheet *ws = ar_kpi_xlsx_add_sheet(
        b, "Cost per recovery",
        "Cost per recovery by dunning stage and risk tier", note);
    if (!ws)
        return NULL;
    if (!k->in.have_costs)
        KEEP(b, ar_xlsx_text(ws, 2, 0,
                             "No costs file was given: cost per recovery is "
                             "n/a (the recoveries are shown).",
                             b->f.note));
    const ar_recovery_cost *rc[AR_STAGES + 1];
    for (int s = 0; s <= AR_STAGES; s++)
        rc[s] = &k->by_stage[s];
    uint32_t row = cost_table(b, ws, AR_KPI_XLSX_FIRST_ROW - 1,
                              "Stage of latest letter",
                              ar_kpi_xlsx_stage_labels, rc, AR_STAGES + 1,
                              &k->cost_total, "All stages");
    const ar_recovery_cost *rt[AR_TIER_COUNT_ + 1];
    const char *labels[AR_TIER_COUNT_ + 1];
    /* cost rows of clients with no ledger row up to D have no tier: a
     * row of their own keeps the table adding up to the KPI */
    ar_recovery_cost rest = k->cost_total;
    for (int t = 0; t < AR_TIER_COUNT_; t++) {
        ar_tier tier = ar_kpi_xlsx_tier_order[t];
        rt[t] = &k->cost_by_tier[tier];
        labels[t] = ar_kpi_xlsx_tier_labels[tier];
        rest.cost_rows -= rt[t]->cost_rows;
        rest.costs -= rt[t]->costs;
        rest.recovered -= rt[t]->recovered;
        rest.recoveries -= rt[t]->recoveries;
    }
    int n = AR_TIER_COUNT_;
    if (rest.cost_rows > 0) {
        rest.commission = 0;
        rest.ratio = (ar_kpi_value){false, 0}; /* nothing recovered */
        rt[n] = &rest;
        labels[n++] = "No ledger row up to D";
    }
    cost_table(b, ws, row + 1, "Risk tier", labels, rt, n, &k->cost_total,
               "All clients");
    ar_cents big = k->cost_total.costs > k->cost_total.recovered
                       ? k->cost_total.costs
                       : k->cost_total.recovered;
    double money = ar_xlsx_money_width(&b->money, big, "Agency commission");
    KEEP(b, worksheet_set_column(ws, C_NAME, C_NAME, 24, NULL));
    KEEP(b, worksheet_set_column(ws, C_ROWS, C_ROWS, 11, NULL));
    KEEP(b, worksheet_set_column(ws, C_COSTS, C_RECOVERED, money, NULL));
    KEEP(b, worksheet_set_column(ws, C_RECOVERIES, C_STATUS, 13, NULL));
    KEEP(b, worksheet_set_row(ws, AR_KPI_XLSX_FIRST_ROW - 1, 32, NULL));
    KEEP(b, worksheet_set_row(ws, row + 1, 32, NULL));
    /* the chart under the tables (kpi_charts.c) prints with them */
    ar_kpi_xlsx_print(b, ws, true, UINT32_MAX,
                      AR_KPI_XLSX_FIRST_ROW + AR_STAGES + AR_TIER_COUNT_ + 30,
                      C_STATUS);
    return ws;
}
