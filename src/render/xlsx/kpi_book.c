/* kpi_book.c - what more than one sheet of kpi.xlsx uses
 * (include/ar/render/xlsx/kpi_book.h): the display tables, adding a
 * sheet, a header row, a KPI value cell and a column's sum. */
#include "ar/render/xlsx/kpi_book.h"

#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

const ar_tier ar_kpi_xlsx_tier_order[AR_TIER_COUNT_] = {
    AR_TIER_VIP, AR_TIER_STANDARD, AR_TIER_HIGH_RISK};
/* the engine's labels (policy.h ar_tier_label): one per tier everywhere */
const char *const ar_kpi_xlsx_tier_labels[AR_TIER_COUNT_] = {
    [AR_TIER_STANDARD] = "Standard",
    [AR_TIER_VIP] = "VIP",
    [AR_TIER_HIGH_RISK] = "High-Risk",
};

const char *const ar_kpi_xlsx_stage_labels[AR_STAGES + 1] = {
    "No letter yet",   "1 First Reminder",  "2 Second Notice",
    "3 Final Notice",  "4 Pre-Collections", "5 Collections / Legal",
};

const ar_kpi_xlsx_meta ar_kpi_xlsx_metas[AR_KPI_COUNT_] = {
    [AR_KPI_DSO] = {"DSO (days sales outstanding)", "DSO", false},
    [AR_KPI_BEST_DSO] = {"Best possible DSO", "Best possible DSO", false},
    [AR_KPI_ADD] = {"ADD (average days delinquent)", "ADD", false},
    [AR_KPI_CEI] = {"CEI (collection effectiveness index)", "CEI", true},
    [AR_KPI_COLLECTION_RATE] = {"Collection rate within 45 days",
                                "Collection rate", true},
    [AR_KPI_DAYS_TO_PAYMENT] = {"Days to payment (late items)",
                                "Days to payment", false},
    [AR_KPI_RETENTION] = {"Retention after resolution", "Retention", true},
    [AR_KPI_COST_PER_RECOVERY] = {"Cost per recovery", "Cost per recovery",
                                  true},
};

const char *const ar_kpi_xlsx_rag_labels[AR_RAG_COUNT_] = {
    [AR_RAG_NONE] = "no target",
    [AR_RAG_GREEN] = "GREEN",
    [AR_RAG_AMBER] = "AMBER",
    [AR_RAG_RED] = "RED",
};

lxw_worksheet *ar_kpi_xlsx_add_sheet(ar_kpi_book *b, const char *name,
                                     const char *title, const char *note)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
    if (!ws) {
        KEEP(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    KEEP(b, ar_xlsx_text(ws, 0, 0, title, b->f.title));
    if (note) {
        /* over the first eight columns, wrapped: it prints whole */
        KEEP(b, worksheet_merge_range(ws, 1, 0, 1, 7, "", b->note_wrap));
        KEEP(b, ar_xlsx_text(ws, 1, 0, note, b->note_wrap));
        KEEP(b, worksheet_set_row(ws, 1, 15.0 * (strlen(note) / 110 + 1),
                                  NULL));
    }
    return ws;
}

void ar_kpi_xlsx_header_row(ar_kpi_book *b, lxw_worksheet *ws, uint32_t row,
                            const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        KEEP(b, ar_xlsx_text(ws, row, (uint16_t)i, names[i], b->f.header));
}

void ar_kpi_xlsx_value(ar_kpi_book *b, lxw_worksheet *ws, uint32_t row,
                       uint16_t col, ar_kpi_id id, ar_kpi_value v)
{
    if (!v.defined) {
        /* SPEC §2.6: say why when the export cannot give it */
        bool open_only = ar_ledger_open_balances(b->a->ledger) &&
                         ar_kpi_needs_settlement_dates(id);
        KEEP(b, ar_xlsx_text(ws, row, col,
                             open_only ? "n/a: open balances only" : "n/a",
                             b->na));
        return;
    }
    ar_rag st = ar_kpi_status(b->p, id, v);
    if (ar_kpi_xlsx_metas[id].percent)
        KEEP(b, worksheet_write_number(ws, row, col, v.value / 100.0,
                                       b->pct[st]));
    else
        KEEP(b, worksheet_write_number(ws, row, col, v.value, b->value[st]));
}

double ar_kpi_xlsx_value_width(ar_kpi_id id, const ar_kpi_value *vs, int n,
                               double min)
{
    double w = min;
    for (int i = 0; i < n; i++) {
        char buf[64];
        if (!vs[i].defined)
            continue;
        /* "12,345.67" or "95.50%", and a margin */
        double x = vs[i].value < 0 ? -vs[i].value : vs[i].value;
        int digits = snprintf(buf, sizeof buf, "%.2f", x);
        double len = digits + (digits - 4) / 3 + 3.0;
        if (len > w)
            w = len;
    }
    (void)id;
    return w;
}

void ar_kpi_xlsx_print(ar_kpi_book *b, lxw_worksheet *ws, bool landscape,
                       uint32_t header_row, uint32_t last_row,
                       uint16_t last_col)
{
    ar_xlsx_print(ws, &b->page, landscape, header_row, header_row, last_row,
                  last_col);
}

void ar_kpi_xlsx_sum_formula(char *buf, size_t size, uint16_t col,
                             uint32_t r0, uint32_t r1)
{
    char c0[16], c1[16];
    lxw_rowcol_to_cell(c0, r0, col);
    lxw_rowcol_to_cell(c1, r1, col);
    snprintf(buf, size, "=SUM(%s:%s)", c0, c1);
}

bool ar_kpi_xlsx_has_code(const ar_kpi_book *b)
{
    const ar_ledger *lg = b->run->ledger;
    return ar_ledger_currency_code(lg, ar_ledger_base_currency(lg))[0];
}

const char *ar_kpi_xlsx_base_code(const ar_kpi_book *b)
{
    const ar_ledger *lg = b->run->ledger;
    const char *code =
        ar_ledger_currency_code(lg, ar_ledger_base_currency(lg));
    return code[0] ? code : "(no code)"; /* as aging.xlsx says */
}
