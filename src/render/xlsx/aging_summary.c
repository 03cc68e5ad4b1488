/* aging_summary.c - the Summary sheets of aging.xlsx (SPEC §6): per
 * currency, one row per client with an account in it, its buckets, total,
 * share, unapplied credit and net balance; a totals row of SUBTOTAL
 * formulas (they follow the filter) and each bucket's share of the total.
 */
#include "ar/render/xlsx/aging_book.h"

#include <stdio.h>
#include <xlsxwriter.h>

/* Summary layout: a title, a note, a blank line, then the header. */
#define SUM_HEADER_ROW 3u
#define SUM_FIRST_ROW 4u

/* Fixed columns of the Summary; the buckets follow from S_BUCKET0. */
enum { S_ID, S_NAME, S_TIER, S_SCORE, S_STAGE, S_BUCKET0 };

/* part / whole as a fraction, exact to 1e-6 (0.0001 %): computed on cents
 * and short in the file. 0 when whole is 0. */
static double share(ar_cents part, ar_cents whole)
{
    return whole ? (double)ar_cents_muldiv(part, 1000000, whole) / 1e6
                 : 0.0;
}

/* The client's account in currency c, or NULL. */
static const ar_account *account_in(const ar_aging_book *b,
                                    const ar_client_result *cr, uint16_t c)
{
    for (uint32_t k = 0; k < cr->account_count; k++) {
        const ar_account *acc = &b->a->accounts[cr->first_account + k];
        if (acc->currency == c)
            return acc;
    }
    return NULL;
}

/* SPEC §6, §8.23: a currency's Summary lists the clients with an account
 * in it (an open item or an unapplied credit); a client in scope with
 * nothing in that currency has nothing to age there. */
static const ar_account *summary_account(const ar_aging_book *b, size_t ci,
                                         const ar_client_result *cr)
{
    return account_in(b, cr, b->cur[ci].t->currency);
}

void ar_aging_write_summary(ar_aging_book *b, size_t ci)
{
    const ar_analysis *a = b->a;
    const ar_policy *p = b->p;
    ar_aging_cur *co = &b->cur[ci];
    const int nb = p->bucket_count;
    const uint16_t c_total = (uint16_t)(S_BUCKET0 + nb),
                   c_share = c_total + 1, c_credit = c_total + 2,
                   c_net = c_total + 3;
    co->total_col = c_total;
    co->sum_first = SUM_FIRST_ROW;

    /* First pass: the rows, the totals (the shares need the grand total
     * before the first row goes out) and the column widths. */
    uint32_t n = 0;
    ar_cents total = 0, credit = 0, sums[AR_MAX_BUCKETS] = { 0 };
    double w_id = 10, w_name = 14, share_sum = 0;
    for (size_t r = 0; r < a->client_count; r++) {
        const ar_client_result *cr = &a->clients[r];
        const ar_account *acc = summary_account(b, ci, cr);
        if (!acc)
            continue;
        n++;
        total += acc->open;
        credit += acc->unapplied;
        for (int k = 0; k < nb; k++)
            sums[k] += acc->buckets[k];
        double w = ar_xlsx_width(ar_aging_client_id(b, cr->client), 10, 30);
        w_id = w > w_id ? w : w_id;
        const char *name = ar_aging_client_name(b, cr->client);
        w = ar_xlsx_width(*name ? name : AR_AGING_NO_NAME, 14, 50);
        w_name = w > w_name ? w : w_name;
    }
    co->sum_rows = n;
    co->summary_total = total;

    lxw_worksheet *ws = co->ws;
    char text[320], day[16];
    ar_date_format_iso(a->as_of, day, sizeof day);
    snprintf(text, sizeof text, "Aging summary as of %s%s%s", day,
             *co->code ? ", " : "", co->code);
    KEEP(b, worksheet_write_string(ws, 0, 0, text, b->f.title));
    snprintf(text, sizeof text,
             "Clients with an open item or unapplied credit in %s (%lu of "
             "the %lu clients in scope). Open items gross; credits net "
             "against the balance. %s",
             *co->code ? co->code : "the ledger's currency", (unsigned long)n,
             (unsigned long)a->client_count,
             ci == 0 && b->ncur > 1 ? "Other currencies: own sheets."
             : ci > 0               ? "Never converted into another "
                                      "currency."
                                    : "");
    KEEP(b, worksheet_write_string(ws, 1, 0, text, b->f.note));

    /* the widths first: the header row's height follows from them
     * (constant_memory takes a row's height only before the row) */
    double width[S_BUCKET0 + AR_MAX_BUCKETS + 4];
    const char *head[S_BUCKET0 + AR_MAX_BUCKETS + 4] = {
        "Client ID", "Client name", "Tier", "Risk score", "Stage" };
    char bucket[AR_MAX_BUCKETS][32];
    for (int k = 0; k < nb; k++)
        head[S_BUCKET0 + k] = ar_bucket_title(p, k, bucket[k], 32);
    head[c_total] = "Total";
    head[c_share] = "% of total";
    head[c_credit] = "Unapplied credit";
    head[c_net] = "Net balance";
    double w_money = ar_xlsx_money_width(&co->money,
                                         total > credit ? total : credit,
                                         "Net balance");
    for (uint16_t c = 0; c <= c_net; c++)
        width[c] = c == S_ID     ? w_id
                   : c == S_NAME ? w_name
                   : c == S_TIER ? 11
                   : c < S_BUCKET0 ? 7
                   : c == c_share  ? 9
                                   : w_money;
    KEEP(b, worksheet_set_row(ws, SUM_HEADER_ROW,
                              ar_xlsx_header_height(head, width, c_net + 1),
                              NULL));
    for (uint16_t c = 0; c <= c_net; c++)
        KEEP(b, worksheet_write_string(
                    ws, SUM_HEADER_ROW, c, head[c],
                    c >= S_SCORE ? b->f.header_num : b->f.header));

    const uint32_t first = SUM_FIRST_ROW, last = SUM_FIRST_ROW + n - 1,
                   tot_row = SUM_FIRST_ROW + n, pct_row = tot_row + 1;
    lxw_format *money = co->money.cell, *money_total = co->money.total;
    /* The filter covers the client rows, not the totals; constant_memory
     * takes it only before its last row is passed. */
    KEEP(b, worksheet_autofilter(ws, SUM_HEADER_ROW, 0,
                                 n ? last : SUM_HEADER_ROW, c_net));
    uint32_t row = first;
    for (size_t r = 0; r < a->client_count; r++) {
        const ar_client_result *cr = &a->clients[r];
        const ar_account *acc = summary_account(b, ci, cr);
        if (!acc)
            continue;
        KEEP(b, ar_xlsx_text(ws, row, S_ID,
                             ar_aging_client_id(b, cr->client), NULL));
        const char *name = ar_aging_client_name(b, cr->client);
        KEEP(b, ar_xlsx_text(ws, row, S_NAME, *name ? name : AR_AGING_NO_NAME,
                             *name ? NULL : b->grey));
        KEEP(b, worksheet_write_string(ws, row, S_TIER,
                                       ar_tier_label(cr->risk.tier), NULL));
        KEEP(b, worksheet_write_number(ws, row, S_SCORE, cr->risk.score,
                                       b->f.whole));
        KEEP(b, worksheet_write_number(ws, row, S_STAGE, cr->stage,
                                       b->f.whole));
        /* An empty bucket stays blank: easier to read, and less to write
         * and compress on a large ledger. */
        for (int k = 0; k < nb; k++)
            if (acc->buckets[k])
                KEEP(b, ar_xlsx_cents(ws, row, (uint16_t)(S_BUCKET0 + k),
                                      acc->buckets[k], money));
        /* Client rows hold values and the totals row the formulas: a
         * formula per client would double the sheet's size. */
        KEEP(b, ar_xlsx_cents(ws, row, c_total, acc->open, money));
        double sh = share(acc->open, total);
        share_sum += sh;
        KEEP(b, worksheet_write_number(ws, row, c_share, sh, b->f.percent));
        if (acc->unapplied)
            KEEP(b, ar_xlsx_cents(ws, row, c_credit, acc->unapplied, money));
        KEEP(b, ar_xlsx_cents(ws, row, c_net, acc->open - acc->unapplied,
                              money));
        row++;
    }

    /* The totals row: formulas over the client rows, their values cached
     * from the sums in cents. */
    snprintf(text, sizeof text, "%lu client%s", (unsigned long)n,
             n == 1 ? "" : "s");
    KEEP(b, worksheet_write_string(ws, tot_row, S_ID, "Total",
                                   b->f.total_text));
    KEEP(b, worksheet_write_string(ws, tot_row, S_NAME, text,
                                   b->f.total_text));
    for (uint16_t c = S_TIER; c < S_BUCKET0; c++)
        KEEP(b, worksheet_write_blank(ws, tot_row, c, b->f.total_text));
    char f1[32], f2[32], formula[128];
    for (uint16_t c = S_BUCKET0; c <= c_net; c++) {
        ar_cents v = c < c_total     ? sums[c - S_BUCKET0]
                     : c == c_total  ? total
                     : c == c_credit ? credit
                                     : total - credit;
        lxw_format *fmt = c == c_share ? b->f.total_percent : money_total;
        double cached = c == c_share ? share_sum : ar_xlsx_units(v);
        if (n == 0) {
            KEEP(b, worksheet_write_number(ws, tot_row, c, 0, fmt));
            continue;
        }
        /* SUBTOTAL 109: the clients a filter shows */
        snprintf(formula, sizeof formula, "=SUBTOTAL(109,%s)",
                 ar_xlsx_range(f1, first, c, last, c));
        ar_aging_formula_num(b, ws, tot_row, c, formula, fmt, cached);
    }

    /* each bucket's share of the total, from the totals row */
    KEEP(b, worksheet_write_string(ws, pct_row, S_ID, "% of total",
                                   b->bold));
    for (int k = 0; k < nb; k++) {
        uint16_t c = (uint16_t)(S_BUCKET0 + k);
        snprintf(formula, sizeof formula, "=IF(%s=0,0,%s/%s)",
                 ar_xlsx_cell(f1, tot_row, c_total),
                 ar_xlsx_cell(f2, tot_row, c), f1);
        ar_aging_formula_num(b, ws, pct_row, c, formula, b->f.percent,
                             total ? ar_xlsx_units(sums[k]) /
                                         ar_xlsx_units(total)
                                   : 0.0);
    }

    /* SPEC §6: the older buckets stand out, amber past 30 days to red
     * past 90, whatever the policy's bucket limits are. */
    for (int k = 1; n && k < nb; k++) {
        int32_t lo = p->buckets[k].min_days;
        if (lo <= 30)
            continue;
        lxw_conditional_format cf = {
            .type = LXW_CONDITIONAL_TYPE_CELL,
            .criteria = LXW_CONDITIONAL_CRITERIA_GREATER_THAN,
            .value = 0,
            .format = b->age_fill[lo > 90 ? 2 : lo > 60 ? 1 : 0],
        };
        KEEP(b, worksheet_conditional_format_range(
                    ws, first, (uint16_t)(S_BUCKET0 + k), last,
                    (uint16_t)(S_BUCKET0 + k), &cf));
    }
    worksheet_freeze_panes(ws, SUM_FIRST_ROW, S_TIER);
    /* every amount column as wide as the largest figure it holds */
    for (uint16_t c = 0; c <= c_net; c++)
        KEEP(b, worksheet_set_column(ws, c, c, width[c], NULL));
    ar_aging_print(b, ws, true, SUM_HEADER_ROW, pct_row, c_net);
}
