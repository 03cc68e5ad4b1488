/* aging_credits.c - the Unapplied credits sheets of aging.xlsx (SPEC §6):
 * what is left of every credit, currency by currency (the base currency
 * first), then by client and date; under each sheet the total of each
 * currency on it. */
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

/* By currency (the totals' order: the base currency first), client (the
 * Summary's order), then date, then as found. */
static int cmp_credit(const void *x, const void *y, void *ctx)
{
    const ar_analysis *a = ctx;
    const ar_credit *p = &a->settlement.credits[*(const uint32_t *)x];
    const ar_credit *q = &a->settlement.credits[*(const uint32_t *)y];
    if (p->currency != q->currency) {
        size_t cp = 0, cq = 0;
        while (cp < a->totals_count && a->totals[cp].currency != p->currency)
            cp++;
        while (cq < a->totals_count && a->totals[cq].currency != q->currency)
            cq++;
        if (cp != cq)
            return cp < cq ? -1 : 1;
    }
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
        [U_ID] = "Client ID", [U_NAME] = "Client name",
        [U_TYPE] = "Type",    [U_DOC] = "Source doc",
        [U_DATE] = "Date",    [U_REASON] = "Reason",
        [U_AMOUNT] = "Amount", [U_CURRENCY] = "Currency",
    };
    static const double min_width[U_COLS] = {
        [U_ID] = 10,    [U_NAME] = 14,   [U_TYPE] = 12,  [U_DOC] = 10,
        [U_DATE] = 11,  [U_REASON] = 18, [U_AMOUNT] = 14, [U_CURRENCY] = 9,
    };
    const ar_ledger *lg = b->lg;
    const ar_doc *docs = ar_ledger_docs(lg);
    ar_aging_list *l = &b->credits;
    l->headers = headers;
    l->cols = U_COLS;
    l->min_width = min_width;
    l->numeric = 1u << U_DATE | 1u << U_AMOUNT;
    l->centered = 1u << U_CURRENCY;
    l->indented = 1u << U_REASON;
    l->count_col = U_DOC;
    l->code_col = U_CURRENCY;
    l->amount_col = U_AMOUNT;
    l->money_col[0] = U_AMOUNT;
    l->money_cols = 1;
    l->label_col = U_ID;
    ar_aging_list_begin(b, l);
    /* the kind of credit as a person reads it */
    static const char *const kinds[AR_DOC_COUNT_] = {
        [AR_DOC_CRN] = "Credit note", [AR_DOC_PAY] = "Payment",
        [AR_DOC_WO] = "Write-off",
    };
    for (size_t k = 0; k < n; k++) {
        const ar_credit *c = &b->a->settlement.credits[idx[k]];
        const ar_doc *src = &docs[c->source];
        uint32_t ci = (uint32_t)b->cur_of[c->currency];
        uint32_t row = ar_aging_list_next_row(b, l, ci, &c->amount);
        lxw_worksheet *ws = l->ws;
        ar_aging_cur *co = &b->cur[ci];
        const char *id = ar_aging_client_id(b, c->client);
        const char *name = ar_aging_client_name(b, c->client);
        lxw_format *name_fmt = *name ? NULL : b->grey;
        name = *name ? name : AR_AGING_NO_NAME;
        const char *doc_no = ar_ledger_text(lg, src->doc_no);
        ar_aging_list_widen(l, U_ID, id, 30);
        ar_aging_list_widen(l, U_NAME, name, 50);
        ar_aging_list_widen(l, U_DOC, doc_no, 30);
        KEEP(b, ar_xlsx_text(ws, row, U_ID, id, NULL));
        KEEP(b, ar_xlsx_text(ws, row, U_NAME, name, name_fmt));
        KEEP(b, worksheet_write_string(ws, row, U_TYPE, kinds[src->type],
                                       NULL));
        KEEP(b, ar_xlsx_text(ws, row, U_DOC, doc_no, NULL));
        KEEP(b, ar_xlsx_date(ws, row, U_DATE, c->date, b->f.date));
        const char *why = ar_credit_reason_name((ar_credit_reason)c->reason);
        ar_aging_list_widen(l, U_REASON, why, 40);
        KEEP(b, worksheet_write_string(ws, row, U_REASON, why, b->text_ind));
        KEEP(b, ar_xlsx_cents(ws, row, U_AMOUNT, c->amount, co->money.cell));
        KEEP(b, ar_xlsx_text(ws, row, U_CURRENCY, co->code, b->f.center));
        co->credits += c->amount;
    }
    ar_aging_list_end(b, l, true);
}
