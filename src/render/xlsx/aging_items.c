/* aging_items.c - the Open items sheets of aging.xlsx (SPEC §6): every
 * open item, by client, over as many sheets as policy sheet_max_rows
 * asks for. */
#include "ar/render/xlsx/aging_book.h"

#include <xlsxwriter.h>

/* Columns of Open items. */
enum {
    I_ID,
    I_DOC,
    I_DOC_DATE,
    I_DUE,
    I_DPD,
    I_BUCKET,
    I_ORIGINAL,
    I_OPEN,
    I_DISPUTED,
    I_CURRENCY,
    I_COLS
};

void ar_aging_write_open_items(ar_aging_book *b)
{
    static const char *const headers[I_COLS] = {
        [I_ID] = "Client ID",
        [I_DOC] = "Doc no",
        [I_DOC_DATE] = "Doc date", [I_DUE] = "Due date",
        [I_DPD] = "Days past due", [I_BUCKET] = "Bucket",
        [I_ORIGINAL] = "Original amount", [I_OPEN] = "Open amount",
        [I_DISPUTED] = "Disputed", [I_CURRENCY] = "Currency",
    };
    static const double min_width[I_COLS] = {
        [I_ID] = 10,
        [I_DOC] = 10,     [I_DOC_DATE] = 11, [I_DUE] = 11,
        [I_DPD] = 9,      [I_BUCKET] = 9,    [I_ORIGINAL] = 14,
        [I_OPEN] = 14,    [I_DISPUTED] = 9,  [I_CURRENCY] = 9,
    };
    const ar_analysis *a = b->a;
    const ar_policy *p = b->p;
    const ar_doc *docs = ar_ledger_docs(b->lg);
    const ar_cents *open = a->settlement.open;
    ar_aging_list *l = &b->items;
    l->headers = headers;
    l->cols = I_COLS;
    l->min_width = min_width;
    l->numeric = 1u << I_DOC_DATE | 1u << I_DUE | 1u << I_DPD |
                 1u << I_ORIGINAL | 1u << I_OPEN;
    l->count_col = I_DOC;
    l->code_col = I_CURRENCY;
    l->amount_col = I_OPEN;
    ar_aging_list_begin(b, l);

    lxw_format *money = b->f.money, *date = b->f.date, *whole = b->f.whole;
    uint32_t client = AR_NONE;
    const char *id = "";
    ar_cents widest = 0;
    for (size_t k = 0; k < a->open_item_count; k++) {
        uint32_t i = a->open_items[k];
        const ar_doc *d = &docs[i];
        if (d->client != client) { /* items come by client */
            client = d->client;
            id = ar_aging_client_id(b, client);
            ar_aging_list_widen(l, I_ID, id, 30);
        }
        uint32_t row = ar_aging_list_next_row(b, l);
        lxw_worksheet *ws = l->ws;
        const char *doc_no = ar_ledger_text(b->lg, d->doc_no);
        ar_aging_list_widen(l, I_DOC, doc_no, 30);
        int32_t dpd = a->as_of - d->due_date;
        ar_aging_cur *co = &b->cur[b->cur_of[d->currency]];
        KEEP(b, ar_xlsx_text(ws, row, I_ID, id, NULL));
        KEEP(b, ar_xlsx_text(ws, row, I_DOC, doc_no, NULL));
        KEEP(b, ar_xlsx_date(ws, row, I_DOC_DATE, d->doc_date, date));
        KEEP(b, ar_xlsx_date(ws, row, I_DUE, d->due_date, date));
        KEEP(b, worksheet_write_number(ws, row, I_DPD, dpd, whole));
        KEEP(b, worksheet_write_string(
                    ws, row, I_BUCKET,
                    p->buckets[ar_policy_bucket_for(p, dpd)].label,
                    b->f.center));
        KEEP(b, ar_xlsx_cents(ws, row, I_ORIGINAL, d->amount, money));
        KEEP(b, ar_xlsx_cents(ws, row, I_OPEN, open[i], money));
        if (d->disputed)
            KEEP(b, worksheet_write_string(ws, row, I_DISPUTED, "Y",
                                           b->f.center));
        KEEP(b, ar_xlsx_text(ws, row, I_CURRENCY, co->code, NULL));
        co->items_open += open[i];
        co->items++;
        if (d->amount > widest)
            widest = d->amount;
    }
    double w = ar_aging_money_width(widest, "Original amount");
    l->width[I_ORIGINAL] = l->width[I_OPEN] = w;
    ar_aging_list_end(b, l);
}
