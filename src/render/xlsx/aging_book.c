/* aging_book.c - what more than one sheet of aging.xlsx uses
 * (include/ar/render/xlsx/aging_book.h): client text, widths, print
 * setup, and the lists that run over several sheets. */
#include "ar/render/xlsx/aging_book.h"

#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

const char *ar_aging_client_id(const ar_aging_book *b, uint32_t client)
{
    return ar_ledger_text(b->lg, ar_ledger_clients(b->lg)[client].id);
}

const char *ar_aging_client_name(const ar_aging_book *b, uint32_t client)
{
    const ar_client_info *info = ar_ledger_info_of(b->lg, client);
    return info ? ar_ledger_text(b->lg, info->name) : "";
}

const char *ar_aging_shown_code(const char *code)
{
    return *code ? code : "(no code)";
}

void ar_aging_formula_num(ar_aging_book *b, lxw_worksheet *ws, uint32_t row,
                          uint16_t col, const char *formula, lxw_format *fmt,
                          double cached)
{
    KEEP(b, worksheet_write_formula_num(ws, row, col, formula, fmt, cached));
}

uint32_t ar_aging_note(ar_aging_book *b, lxw_worksheet *ws, uint32_t row,
                       const char *text, size_t width)
{
    char line[512];
    while (*text) {
        /* the last blank within width, or the whole rest */
        size_t n = strlen(text), cut = n;
        if (n > width && width < sizeof line) {
            cut = width;
            while (cut > 0 && text[cut] != ' ')
                cut--;
            if (cut == 0)
                cut = width;
        }
        if (cut >= sizeof line)
            cut = sizeof line - 1;
        memcpy(line, text, cut);
        line[cut] = '\0';
        KEEP(b, ar_xlsx_text(ws, row++, 0, line, b->f.note));
        text += cut;
        while (*text == ' ')
            text++;
    }
    return row;
}

void ar_aging_print(ar_aging_book *b, lxw_worksheet *ws, bool landscape,
                    uint32_t header_row, uint32_t last_row, uint16_t last_col)
{
    ar_xlsx_print(ws, &b->page, landscape, header_row, header_row, last_row,
                  last_col);
}

/* ---- lists over several sheets ---------------------------------------- */

void ar_aging_list_begin(ar_aging_book *b, ar_aging_list *l)
{
    /* aging.c planned them all: a further one is a bug, reported as the
     * workbook's error (the rows then go on the last sheet) */
    if (l->sheets >= l->planned)
        KEEP(b, LXW_ERROR_PARAMETER_VALIDATION);
    uint32_t k = l->sheets < l->planned ? l->sheets++ : l->planned - 1;
    l->ws = l->sheet[k];
    l->row = 1;
    for (uint16_t c = 0; c < l->cols; c++) {
        /* + 2: the header is bold, and carries the filter button */
        l->width[c] = ar_xlsx_width(l->headers[c], 0, 40) + 2;
        if (l->width[c] < l->min_width[c])
            l->width[c] = l->min_width[c];
    }
    KEEP(b, worksheet_set_row(l->ws, 0,
                              ar_xlsx_header_height(l->headers, l->width,
                                                    l->cols),
                              NULL));
    for (uint16_t c = 0; c < l->cols; c++)
        KEEP(b, worksheet_write_string(
                    l->ws, 0, c, l->headers[c],
                    l->numeric & (1u << c)    ? b->f.header_num
                    : l->centered & (1u << c) ? b->header_ctr
                    : l->indented & (1u << c) ? b->header_ind
                                              : b->f.header));
}

/* "Total EUR": a currency's rows on this sheet, or over every sheet. */
static void total_row(ar_aging_book *b, ar_aging_list *l, uint32_t row,
                      uint32_t ci, const char *label, size_t from, size_t to,
                      uint32_t only_sheet)
{
    ar_aging_cur *co = &b->cur[ci];
    lxw_worksheet *ws = l->ws;
    uint64_t n = 0;
    ar_cents sum[AR_AGING_LIST_MONEY] = {0};
    for (size_t i = from; i < to; i++) {
        const ar_aging_seg *sg = &l->segs[i];
        if (sg->ci != ci || (only_sheet != UINT32_MAX &&
                             sg->sheet != only_sheet))
            continue;
        n += sg->last - sg->first + 1;
        for (int m = 0; m < l->money_cols; m++)
            sum[m] += sg->sum[m];
    }
    char text[96];
    /* no code: the label alone, which fits its column */
    if (co->code[0])
        snprintf(text, sizeof text, "%s %s", label, co->code);
    else
        snprintf(text, sizeof text, "%s", label);
    for (uint16_t c = 0; c < l->cols; c++) {
        bool money = false;
        for (int m = 0; m < l->money_cols; m++)
            money |= c == l->money_col[m];
        if (!money && c != l->label_col && c != l->label_col + 1)
            KEEP(b, worksheet_write_blank(ws, row, c, b->f.total_text));
    }
    KEEP(b, ar_xlsx_text(ws, row, l->label_col, text, b->f.total_text));
    snprintf(text, sizeof text, "%llu row%s", (unsigned long long)n,
             n == 1 ? "" : "s");
    KEEP(b, ar_xlsx_text(ws, row, (uint16_t)(l->label_col + 1), text,
                         b->f.total_text));
    for (int m = 0; m < l->money_cols; m++) {
        /* SUBTOTAL 109 leaves out the rows a filter hides */
        char formula[2048], ref[80], range[32];
        size_t used = (size_t)snprintf(formula, sizeof formula,
                                       "=SUBTOTAL(109");
        for (size_t i = from; i < to; i++) {
            const ar_aging_seg *sg = &l->segs[i];
            if (sg->ci != ci || (only_sheet != UINT32_MAX &&
                                 sg->sheet != only_sheet))
                continue;
            ar_xlsx_range(range, sg->first, l->money_col[m], sg->last,
                          l->money_col[m]);
            if (only_sheet == UINT32_MAX)
                used += (size_t)snprintf(
                    formula + used, sizeof formula - used, ",%s!%s",
                    ar_xlsx_sheet_ref(l->names[sg->sheet], ref, sizeof ref),
                    range);
            else
                used += (size_t)snprintf(formula + used,
                                         sizeof formula - used, ",%s",
                                         range);
            if (used >= sizeof formula - 1)
                break;
        }
        if (used < sizeof formula - 2) {
            snprintf(formula + used, sizeof formula - used, ")");
            ar_aging_formula_num(b, ws, row, l->money_col[m], formula,
                                 co->money.total, ar_xlsx_units(sum[m]));
        } else {
            KEEP(b, ar_xlsx_cents(ws, row, l->money_col[m], sum[m],
                                  co->money.total));
        }
        double w = ar_xlsx_money_width(&co->money, sum[m], "");
        if (w > l->width[l->money_col[m]])
            l->width[l->money_col[m]] = w;
    }
}

void ar_aging_list_end(ar_aging_book *b, ar_aging_list *l, bool last)
{
    lxw_worksheet *ws = l->ws;
    uint32_t k = l->sheets - 1;
    l->rows_in[k] = l->row - 1;
    worksheet_freeze_panes(ws, 1, 0);
    KEEP(b, worksheet_autofilter(ws, 0, 0, l->row > 1 ? l->row - 1 : 0,
                                 (uint16_t)(l->cols - 1)));
    /* under the rows: each currency's total on this sheet, then, under
     * the last sheet, those of currencies on several sheets */
    uint32_t row = l->row + 1;
    size_t first = l->nsegs;
    while (first > 0 && l->segs[first - 1].sheet == k)
        first--;
    for (size_t i = first; i < l->nsegs; i++) {
        bool spans = false;
        for (size_t j = 0; j < l->nsegs && !spans; j++)
            spans = j != i && l->segs[j].ci == l->segs[i].ci;
        total_row(b, l, row++, l->segs[i].ci,
                  spans ? "On this sheet:" : "Total", first, l->nsegs, k);
    }
    for (size_t i = 0; last && i < l->nsegs; i++) {
        bool first_of_several = false, seen = false;
        for (size_t j = 0; j < l->nsegs; j++) {
            if (l->segs[j].ci != l->segs[i].ci)
                continue;
            seen |= j < i;
            first_of_several |= j > i;
        }
        if (first_of_several && !seen)
            total_row(b, l, row++, l->segs[i].ci, "All sheets: total", 0,
                      l->nsegs, UINT32_MAX);
    }
    for (uint16_t c = 0; c < l->cols; c++)
        KEEP(b, worksheet_set_column(ws, c, c, l->width[c], NULL));
    ar_aging_print(b, ws, true, 0, row > l->row + 1 ? row - 1 : l->row,
                   (uint16_t)(l->cols - 1));
}

uint32_t ar_aging_list_next_row(ar_aging_book *b, ar_aging_list *l,
                                uint32_t ci, const ar_cents *amounts)
{
    if (l->row - 1 >= l->per_sheet) {
        ar_aging_list_end(b, l, false);
        ar_aging_list_begin(b, l);
    }
    l->rows++;
    uint32_t row = l->row++;
    ar_aging_seg *sg = l->nsegs ? &l->segs[l->nsegs - 1] : NULL;
    if (!sg || sg->ci != ci || sg->sheet != l->sheets - 1) {
        ar_xgrow((void **)&l->segs, &l->segs_cap, l->nsegs + 1,
                 sizeof *l->segs);
        sg = &l->segs[l->nsegs++];
        *sg = (ar_aging_seg){.ci = ci, .sheet = l->sheets - 1,
                             .first = row};
    }
    sg->last = row;
    for (int m = 0; m < l->money_cols; m++)
        sg->sum[m] += amounts[m];
    return row;
}

void ar_aging_list_widen(ar_aging_list *l, uint16_t col, const char *s,
                         double max)
{
    /* a string has no more characters than bytes: most need no count */
    if (l->width[col] >= max || (double)strlen(s) + 1 <= l->width[col])
        return;
    double w = ar_xlsx_width(s, 0, max);
    if (w > l->width[col])
        l->width[col] = w;
}
