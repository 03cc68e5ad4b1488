/* aging_items.c - the Open items sheets of aging.xlsx (SPEC §6): every
 * open item, currency by currency (the base currency first), then by
 * client and due date, over as many sheets as policy sheet_max_rows asks
 * for; under each sheet the total of each currency on it. */
#include "ar/render/xlsx/aging_book.h"

#include <stdlib.h>
#include <xlsxwriter.h>

/* Columns of Open items. */
enum {
    I_ID,
    I_NAME,
    I_TYPE,
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

/* The open items in currency order (the book's), each currency's in the
 * analysis' order (client, due date): a stable counting sort. Caller
 * frees. */
static uint32_t *by_currency(const ar_aging_book *b)
{
    const ar_analysis *a = b->a;
    const ar_doc *docs = ar_ledger_docs(b->lg);
    size_t n = a->open_item_count;
    size_t *start = ar_xcalloc(b->ncur + 1, sizeof *start);
    for (size_t k = 0; k < n; k++)
        start[b->cur_of[docs[a->open_items[k]].currency] + 1]++;
    for (size_t ci = 0; ci < b->ncur; ci++)
        start[ci + 1] += start[ci];
    uint32_t *out = ar_xmalloc((n + 1) * sizeof *out);
    for (size_t k = 0; k < n; k++) {
        uint32_t i = a->open_items[k];
        out[start[b->cur_of[docs[i].currency]]++] = i;
    }
    free(start);
    return out;
}

void ar_aging_write_open_items(ar_aging_book *b)
{
    static const char *const headers[I_COLS] = {
        [I_ID] = "Client ID",
        [I_NAME] = "Client name",
        [I_TYPE] = "Type",
        [I_DOC] = "Doc no",
        [I_DOC_DATE] = "Doc date", [I_DUE] = "Due date",
        [I_DPD] = "Days past due", [I_BUCKET] = "Bucket",
        [I_ORIGINAL] = "Original amount", [I_OPEN] = "Open amount",
        [I_DISPUTED] = "Disputed", [I_CURRENCY] = "Currency",
    };
    static const double min_width[I_COLS] = {
        [I_ID] = 10,      [I_NAME] = 14,     [I_TYPE] = 7,
        [I_DOC] = 10,     [I_DOC_DATE] = 11,
        [I_DUE] = 11,     [I_DPD] = 9,       [I_BUCKET] = 13,
        [I_ORIGINAL] = 14, [I_OPEN] = 14,    [I_DISPUTED] = 9,
        [I_CURRENCY] = 9,
    };
    /* the type as a person reads it */
    static const char *const type_names[AR_DOC_COUNT_] = {
        [AR_DOC_INV] = "Invoice", [AR_DOC_DEB] = "Debit note",
    };
    const ar_analysis *a = b->a;
    const ar_policy *p = b->p;
    const ar_doc *docs = ar_ledger_docs(b->lg);
    const ar_cents *open = a->settlement.open;
    ar_aging_list *l = &b->items;
    l->headers = headers;
    l->cols = I_COLS;
    l->min_width = min_width;
    l->numeric = 1u << I_DOC_DATE | 1u << I_DUE |
                 1u << I_DPD | 1u << I_ORIGINAL | 1u << I_OPEN;
    l->centered = 1u << I_BUCKET | 1u << I_DISPUTED | 1u << I_CURRENCY;
    l->count_col = I_DOC;
    l->code_col = I_CURRENCY;
    l->amount_col = I_OPEN;
    l->money_col[0] = I_ORIGINAL;
    l->money_col[1] = I_OPEN;
    l->money_cols = 2;
    l->label_col = I_ID;
    ar_aging_list_begin(b, l);

    char bucket[AR_MAX_BUCKETS][32];
    for (int k = 0; k < p->bucket_count; k++)
        ar_bucket_title(p, k, bucket[k], sizeof bucket[k]);
    uint32_t *order = by_currency(b);
    lxw_format *date = b->f.date, *whole = b->f.whole;
    uint32_t client = AR_NONE;
    const char *id = "", *name = "";
    lxw_format *name_fmt = NULL;
    for (size_t k = 0; k < a->open_item_count; k++) {
        uint32_t i = order[k];
        const ar_doc *d = &docs[i];
        if (d->client != client) { /* items come by client */
            client = d->client;
            id = ar_aging_client_id(b, client);
            name = ar_aging_client_name(b, client);
            name_fmt = *name ? NULL : b->grey;
            name = *name ? name : AR_AGING_NO_NAME;
            ar_aging_list_widen(l, I_ID, id, 30);
            ar_aging_list_widen(l, I_NAME, name, 40);
        }
        uint32_t ci = (uint32_t)b->cur_of[d->currency];
        ar_aging_cur *co = &b->cur[ci];
        const ar_cents amounts[2] = {d->amount, open[i]};
        uint32_t row = ar_aging_list_next_row(b, l, ci, amounts);
        lxw_worksheet *ws = l->ws;
        const char *doc_no = ar_ledger_text(b->lg, d->doc_no);
        ar_aging_list_widen(l, I_DOC, doc_no, 30);
        int32_t dpd = a->as_of - d->due_date;
        lxw_format *money = co->money.cell;
        KEEP(b, ar_xlsx_text(ws, row, I_ID, id, NULL));
        KEEP(b, ar_xlsx_text(ws, row, I_NAME, name, name_fmt));
        KEEP(b, worksheet_write_string(ws, row, I_TYPE,
                                       type_names[d->type], NULL));
        KEEP(b, ar_xlsx_text(ws, row, I_DOC, doc_no, NULL));
        KEEP(b, ar_xlsx_date(ws, row, I_DOC_DATE, d->doc_date, date));
        KEEP(b, ar_xlsx_date(ws, row, I_DUE, d->due_date, date));
        KEEP(b, worksheet_write_number(ws, row, I_DPD, dpd, whole));
        KEEP(b, worksheet_write_string(
                    ws, row, I_BUCKET, bucket[ar_policy_bucket_for(p, dpd)],
                    b->f.center));
        KEEP(b, ar_xlsx_cents(ws, row, I_ORIGINAL, d->amount, money));
        KEEP(b, ar_xlsx_cents(ws, row, I_OPEN, open[i], money));
        if (d->disputed)
            KEEP(b, worksheet_write_string(ws, row, I_DISPUTED, "Y",
                                           b->f.center));
        KEEP(b, ar_xlsx_text(ws, row, I_CURRENCY, co->code, b->f.center));
        co->items_open += open[i];
        co->items++;
    }
    free(order);
    ar_aging_list_end(b, l, true);
}
