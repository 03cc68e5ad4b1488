/* aging_credits.c - the Unapplied credits sheets of aging.xlsx (SPEC §6):
 * what is left of every credit, by client, then date. */
#include "ar/render/xlsx/aging_book.h"

#include <stdlib.h>
#include <xlsxwriter.h>

/* Columns of Unapplied credits. */
enum {
    U_ID,
    U_NAME,
    U_TYPE,
    U_DOC,
    U_DATE,
    U_REASON,
    U_AMOUNT,
    U_CURRENCY,
    U_COLS
};

/* By client (the Summary's order), then date, then as found. */
static int cmp_credit(const void *x, const void *y, void *ctx)
{
    const ar_analysis *a = ctx;
    const ar_credit *p = &a->settlement.credits[*(const uint32_t *)x];
    const ar_credit *q = &a->settlement.credits[*(const uint32_t *)y];
    uint32_t rp = a->result_of[p->client], rq = a->result_of[q->client];
    if (rp != rq)
        return rp < rq ? -1 : 1;
    if (p->date != q->date)
        return p->date < q->date ? -1 : 1;
    return p < q ? -1 : p > q;
}

/* The credits listed: what is left of each (apply_unapplied = oldest may
 * have used some up). Caller frees; *n their count. */
uint32_t *ar_aging_credit_order(const ar_analysis *a, size_t *n)
{
    const ar_settlement *s = &a->settlement;
    uint32_t *idx = ar_xmalloc((s->credit_count + 1) * sizeof *idx);
    size_t m = 0;
    for (size_t i = 0; i < s->credit_count; i++)
        if (s->credits[i].amount != 0)
            idx[m++] = (uint32_t)i;
    qsort_r(idx, m, sizeof *idx, cmp_credit, (void *)a);
    *n = m;
    return idx;
}

void ar_aging_write_credits(ar_aging_book *b, const uint32_t *idx, size_t n)
{
    static const char *const headers[U_COLS] = {
        [U_ID] = "Client ID", [U_NAME] = "Name",
        [U_TYPE] = "Type",    [U_DOC] = "Source doc",
        [U_DATE] = "Date",    [U_REASON] = "Reason",
        [U_AMOUNT] = "Amount", [U_CURRENCY] = "Currency",
    };
    static const double min_width[U_COLS] = {
        [U_ID] = 10,    [U_NAME] = 12,   [U_TYPE] = 6,   [U_DOC] = 10,
        [U_DATE] = 11,  [U_REASON] = 18, [U_AMOUNT] = 14, [U_CURRENCY] = 9,
    };
    const ar_ledger *lg = b->lg;
    const ar_doc *docs = ar_ledger_docs(lg);
    ar_aging_list *l = &b->credits;
    l->headers = headers;
    l->cols = U_COLS;
    l->min_width = min_width;
    l->numeric = 1u << U_DATE | 1u << U_AMOUNT;
    l->count_col = U_DOC;
    l->code_col = U_CURRENCY;
    l->amount_col = U_AMOUNT;
    ar_aging_list_begin(b, l);
    ar_cents widest = 0;
    for (size_t k = 0; k < n; k++) {
        const ar_credit *c = &b->a->settlement.credits[idx[k]];
        const ar_doc *src = &docs[c->source];
        uint32_t row = ar_aging_list_next_row(b, l);
        lxw_worksheet *ws = l->ws;
        ar_aging_cur *co = &b->cur[b->cur_of[c->currency]];
        const char *id = ar_aging_client_id(b, c->client);
        const char *name = ar_aging_client_name(b, c->client);
        const char *doc_no = ar_ledger_text(lg, src->doc_no);
        ar_aging_list_widen(l, U_ID, id, 30);
        ar_aging_list_widen(l, U_NAME, name, 50);
        ar_aging_list_widen(l, U_DOC, doc_no, 30);
        KEEP(b, ar_xlsx_text(ws, row, U_ID, id, NULL));
        KEEP(b, ar_xlsx_text(ws, row, U_NAME, name, NULL));
        KEEP(b, worksheet_write_string(
                    ws, row, U_TYPE,
                    ar_doc_type_name((ar_doc_type)src->type), NULL));
        KEEP(b, ar_xlsx_text(ws, row, U_DOC, doc_no, NULL));
        KEEP(b, ar_xlsx_date(ws, row, U_DATE, c->date, b->f.date));
        KEEP(b, worksheet_write_string(
                    ws, row, U_REASON,
                    ar_credit_reason_name((ar_credit_reason)c->reason),
                    NULL));
        KEEP(b, ar_xlsx_cents(ws, row, U_AMOUNT, c->amount, b->f.money));
        KEEP(b, ar_xlsx_text(ws, row, U_CURRENCY, co->code, NULL));
        co->credits += c->amount;
        if (c->amount > widest)
            widest = c->amount;
    }
    l->width[U_AMOUNT] = ar_aging_money_width(widest, "Amount");
    ar_aging_list_end(b, l);
}
