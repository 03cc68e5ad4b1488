/* kpi_debtors.c - the Debtors sheet of kpi.xlsx (SPEC §4): the base
 * currency's aging distribution, the top debtors by overdue balance and
 * their concentration. */
#include "ar/render/xlsx/kpi_book.h"

#include <stdio.h>
#include <xlsxwriter.h>

#define AGING_CHART_END 24u /* first free row under the aging chart */

enum { D_RANK, D_ID, D_NAME, D_TIER, D_STAGE, D_OVERDUE, D_DISPUTED,
       D_DPD, D_SHARE, D_CUMULATIVE, D_COLS };

lxw_worksheet *ar_kpi_xlsx_debtors(ar_kpi_book *b, uint32_t *aging_row)
{
    const ar_kpis *k = b->k;
    const ar_analysis *a = b->a;
    const ar_ledger *lg = b->run->ledger;
    char note[300];
    snprintf(note, sizeof note,
             "Base currency %s only. Overdue = open items at least 1 day "
             "past due, disputed ones included (the aging's past-due "
             "buckets).",
             ar_kpi_xlsx_base_code(b));
    lxw_worksheet *ws = ar_kpi_xlsx_add_sheet(
        b, "Debtors", "Aging distribution and top debtors", note);
    if (!ws)
        return NULL;
    const ar_totals *tot =
        ar_analysis_totals(a, ar_ledger_base_currency(lg));
    static const char *const aheads[] = {"Aging bucket", "Open amount",
                                         "Share of open AR"};
    ar_kpi_xlsx_header_row(b, ws, AR_KPI_XLSX_FIRST_ROW - 1, aheads, 3);
    uint32_t row = AR_KPI_XLSX_FIRST_ROW;
    *aging_row = row;
    for (int i = 0; i < b->p->bucket_count; i++, row++) {
        ar_cents v = tot ? tot->buckets[i] : 0;
        char title[32];
        KEEP(b, ar_xlsx_text(ws, row, 0,
                             ar_bucket_title(b->p, i, title, sizeof title),
                             b->f.text));
        KEEP(b, ar_xlsx_cents(ws, row, 1, v, b->money.cell));
        if (tot && tot->open != 0)
            KEEP(b, worksheet_write_number(ws, row, 2,
                                           (double)v / (double)tot->open,
                                           b->f.percent));
        else
            KEEP(b, ar_xlsx_text(ws, row, 2, "n/a", b->na));
    }
    char fml[64];
    KEEP(b, ar_xlsx_text(ws, row, 0, "Open AR", b->f.total_text));
    ar_kpi_xlsx_sum_formula(fml, sizeof fml, 1, AR_KPI_XLSX_FIRST_ROW,
                            row - 1);
    KEEP(b, worksheet_write_formula_num(ws, row, 1, fml, b->money.total,
                                        ar_xlsx_units(tot ? tot->open : 0)));
    /* the aging chart sits right of the buckets, rows 3 to about 22 */
    row = row + 3 > AGING_CHART_END ? row + 3 : AGING_CHART_END;

    char title[80];
    snprintf(title, sizeof title, "Top %d debtors by overdue balance",
             AR_TOP_DEBTORS);
    KEEP(b, ar_xlsx_text(ws, row++, 0, title, b->bold));
    static const char *const theads[D_COLS] = {
        "Rank",        "Client",          "Name",
        "Tier",        "Stage",           "Overdue",
        "of which disputed", "Most overdue item (days)",
        "Share of all overdue", "Cumulative share"};
    ar_kpi_xlsx_header_row(b, ws, row++, theads, D_COLS);
    uint32_t first = row;
    ar_cents cum = 0;
    double all = (double)k->overdue_total;
    for (int i = 0; i < k->top_count; i++, row++) {
        const ar_debtor *dbt = &k->top[i];
        const ar_client_result *cr = &a->clients[dbt->result];
        const ar_client_info *info = ar_ledger_info_of(lg, cr->client);
        const char *id =
            ar_ledger_text(lg, ar_ledger_clients(lg)[cr->client].id);
        KEEP(b, worksheet_write_number(ws, row, D_RANK, i + 1, b->rank));
        KEEP(b, ar_xlsx_text(ws, row, D_ID, id, b->f.text));
        if (info)
            KEEP(b, ar_xlsx_text(ws, row, D_NAME,
                                 ar_ledger_text(lg, info->name), b->f.text));
        else
            KEEP(b, ar_xlsx_text(ws, row, D_NAME, "(not in the clients file)",
                                 b->f.note));
        KEEP(b, ar_xlsx_text(ws, row, D_TIER,
                             ar_kpi_xlsx_tier_labels[cr->risk.tier],
                             b->f.text));
        KEEP(b, worksheet_write_number(ws, row, D_STAGE, cr->stage,
                                       b->rank));
        KEEP(b, ar_xlsx_cents(ws, row, D_OVERDUE, dbt->overdue,
                              b->money.cell));
        KEEP(b, ar_xlsx_cents(ws, row, D_DISPUTED, dbt->disputed,
                              b->money.cell));
        KEEP(b, worksheet_write_number(ws, row, D_DPD, dbt->max_dpd,
                                       b->f.whole));
        cum += dbt->overdue;
        if (k->overdue_total > 0) {
            KEEP(b, worksheet_write_number(ws, row, D_SHARE,
                                           (double)dbt->overdue / all,
                                           b->f.percent));
            KEEP(b, worksheet_write_number(ws, row, D_CUMULATIVE,
                                           (double)cum / all, b->f.percent));
        }
    }
    if (k->top_count == 0)
        KEEP(b, ar_xlsx_text(ws, row++, D_ID,
                             "No client has anything overdue.", b->f.note));
    if (k->top_count > 0)
        snprintf(title, sizeof title, "Top %d", k->top_count);
    else
        snprintf(title, sizeof title, "Top debtors");
    KEEP(b, ar_xlsx_text(ws, row, D_NAME, title, b->f.total_text));
    if (k->top_count > 0) {
        ar_kpi_xlsx_sum_formula(fml, sizeof fml, D_OVERDUE, first, row - 1);
        KEEP(b, worksheet_write_formula_num(ws, row, D_OVERDUE, fml,
                                            b->money.total,
                                            ar_xlsx_units(k->top_overdue)));
    } else {
        KEEP(b, ar_xlsx_cents(ws, row, D_OVERDUE, 0, b->money.total));
    }
    if (k->concentration.defined)
        KEEP(b, worksheet_write_number(ws, row, D_SHARE,
                                       k->concentration.value / 100.0,
                                       b->f.total_percent));
    else
        KEEP(b, ar_xlsx_text(ws, row, D_SHARE, "n/a", b->na));
    row++;
    KEEP(b, ar_xlsx_text(ws, row, D_NAME, "All clients", b->f.total_text));
    KEEP(b, ar_xlsx_cents(ws, row, D_OVERDUE, k->overdue_total,
                          b->money.total));
    row++;
    KEEP(b, ar_xlsx_text(ws, row + 1, D_ID,
                         "Concentration = the top debtors' share of all "
                         "overdue.",
                         b->f.note));
    if (k->top_count > 0) {
        lxw_conditional_format bar = {.type = LXW_CONDITIONAL_DATA_BAR,
                                      .bar_color = 0x638EC6};
        KEEP(b, worksheet_conditional_format_range(
                    ws, first, D_SHARE,
                    first + (uint32_t)k->top_count - 1, D_SHARE, &bar));
    }
    ar_cents big = k->overdue_total;
    if (tot && tot->open > big)
        big = tot->open;
    double money = ar_xlsx_money_width(&b->money, big, "Open amount");
    KEEP(b, worksheet_set_column(ws, D_RANK, D_RANK, 16, NULL));
    KEEP(b, worksheet_set_column(ws, D_ID, D_ID, money > 14 ? money : 14,
                                 NULL));
    KEEP(b, worksheet_set_column(ws, D_NAME, D_NAME, 30, NULL));
    KEEP(b, worksheet_set_column(ws, D_TIER, D_STAGE, 11, NULL));
    KEEP(b, worksheet_set_column(ws, D_OVERDUE, D_DISPUTED, money, NULL));
    KEEP(b, worksheet_set_column(ws, D_DPD, D_CUMULATIVE, 13, NULL));
    KEEP(b, worksheet_set_row(ws, first - 1, 32, NULL));
    ar_kpi_xlsx_print(b, ws, true, UINT32_MAX, row + 1, D_CUMULATIVE);
    return ws;
}
