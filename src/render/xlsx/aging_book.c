/* aging_book.c - what more than one sheet of aging.xlsx uses
 * (include/ar/render/xlsx/aging_book.h): client text, widths, print
 * setup, and the lists that run over several sheets. */
#include "ar/render/xlsx/aging_book.h"

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

double ar_aging_money_width(ar_cents v, const char *header)
{
    char buf[40];
    ar_money_format(v < 0 ? -v : v, ',', '.', buf, sizeof buf);
    double w = (double)strlen(buf) + 3.0; /* sign, padding */
    double h = ar_xlsx_width(header, 0, 40);
    return w > h ? w : h;
}

/* What a close binder wants. */
void ar_aging_print_setup(lxw_worksheet *ws, uint32_t header_row)
{
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, header_row, header_row);
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
        KEEP(b, worksheet_write_string(
                    l->ws, 0, c, l->headers[c],
                    l->numeric & (1u << c) ? b->f.header_num : b->f.header));
        /* + 2: the header is bold, and carries the filter button */
        l->width[c] = ar_xlsx_width(l->headers[c], 0, 40) + 2;
        if (l->width[c] < l->min_width[c])
            l->width[c] = l->min_width[c];
    }
}

void ar_aging_list_end(ar_aging_book *b, ar_aging_list *l)
{
    lxw_worksheet *ws = l->ws;
    uint32_t k = l->sheets - 1;
    l->rows_in[k] = l->row - 1;
    worksheet_freeze_panes(ws, 1, 0);
    KEEP(b, worksheet_autofilter(ws, 0, 0, l->row > 1 ? l->row - 1 : 0,
                                 (uint16_t)(l->cols - 1)));
    for (uint16_t c = 0; c < l->cols; c++)
        KEEP(b, worksheet_set_column(ws, c, c, l->width[c], NULL));
    ar_aging_print_setup(ws, 0);
}

uint32_t ar_aging_list_next_row(ar_aging_book *b, ar_aging_list *l)
{
    if (l->row - 1 >= (uint32_t)b->p->sheet_max_rows) {
        ar_aging_list_end(b, l);
        ar_aging_list_begin(b, l);
    }
    l->rows++;
    return l->row++;
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
