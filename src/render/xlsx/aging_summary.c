/* aging_summary.c - the Summary sheets of aging.xlsx (SPEC §6): per
 * currency, one row per client with an account in it, its buckets, total,
 * share, unapplied credit and net balance, and a totals row of formulas.
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
    double w_id = 10, w_name = 12;
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
        w = ar_xlsx_width(ar_aging_client_name(b, cr->client), 12, 50);
        w_name = w > w_name ? w : w_name;
    }
    co->sum_rows = n;
    co->summary_total = total;

    lxw_worksheet *ws = co->ws;
    char text[200], day[16];
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
             : ci > 0               ? "Never converted (SPEC 8.23)."
                                    : "");
    KEEP(b, worksheet_write_string(ws, 1, 0, text, b->f.note));

    /* the header: two lines for "Unapplied credit" (constant_memory
     * takes a row's height only before the row is passed) */
    KEEP(b, worksheet_set_row(ws, SUM_HEADER_ROW, 30, NULL));
    static const char *const fixed[S_BUCKET0] = {
        "Client ID", "Name", "Tier", "Risk score", "Stage" };
    for (uint16_t c = 0; c < S_BUCKET0; c++)
        KEEP(b, worksheet_write_string(
                    ws, SUM_HEADER_ROW, c, fixed[c],
                    c >= S_SCORE ? b->f.header_num : b->f.header));
    for (int k = 0; k < nb; k++)
        KEEP(b, worksheet_write_string(ws, SUM_HEADER_ROW,
                                       (uint16_t)(S_BUCKET0 + k),
                                       p->buckets[k].label,
                                       b->f.header_num));
    static const char *const tail[4] = { "Total", "% of total",
                                         "Unapplied credit", "Net balance" };
    for (uint16_t c = 0; c < 4; c++)
        KEEP(b, worksheet_write_string(ws, SUM_HEADER_ROW, c_total + c,
                                       tail[c], b->f.header_num));

    const uint32_t first = SUM_FIRST_ROW, last = SUM_FIRST_ROW + n - 1,
                   tot_row = SUM_FIRST_ROW + n;
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
        KEEP(b, ar_xlsx_text(ws, row, S_NAME,
                             ar_aging_client_name(b, cr->client), NULL));
        KEEP(b, worksheet_write_string(ws, row, S_TIER,
                                       ar_tier_name(cr->risk.tier), NULL));
        KEEP(b, worksheet_write_number(ws, row, S_SCORE, cr->risk.score,
                                       b->f.whole));
        KEEP(b, worksheet_write_number(ws, row, S_STAGE, cr->stage,
                                       b->f.whole));
        /* An empty bucket stays blank: easier to read, and less to write
         * and compress on a large ledger. */
        for (int k = 0; k < nb; k++)
            if (acc->buckets[k])
                KEEP(b, ar_xlsx_cents(ws, row, (uint16_t)(S_BUCKET0 + k),
                                      acc->buckets[k], b->f.money));
        /* Client rows hold values and the totals row the formulas: a
         * formula per client would double the sheet's size. */
        KEEP(b, ar_xlsx_cents(ws, row, c_total, acc->open, b->f.money));
        KEEP(b, worksheet_write_number(ws, row, c_share,
                                       share(acc->open, total),
                                       b->f.percent));
        if (acc->unapplied)
            KEEP(b, ar_xlsx_cents(ws, row, c_credit, acc->unapplied,
                                  b->f.money));
        KEEP(b, ar_xlsx_cents(ws, row, c_net, acc->open - acc->unapplied,
                              b->f.money));
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
    char f1[32], formula[96];
    for (uint16_t c = S_BUCKET0; c <= c_net; c++) {
        if (c == c_share) {
            snprintf(formula, sizeof formula, "=IF(%s=0,0,1)",
                     ar_xlsx_cell(f1, tot_row, c_total));
            ar_aging_formula_num(b, ws, tot_row, c, formula,
                                 b->f.total_percent, total ? 1.0 : 0.0);
            continue;
        }
        ar_cents v = c < c_total     ? sums[c - S_BUCKET0]
                     : c == c_total  ? total
                     : c == c_credit ? credit
                                     : total - credit;
        if (n == 0) {
            KEEP(b, ar_xlsx_cents(ws, tot_row, c, v, b->f.total_money));
            continue;
        }
        snprintf(formula, sizeof formula, "=SUM(%s)",
                 ar_xlsx_range(f1, first, c, last, c));
        ar_aging_formula_num(b, ws, tot_row, c, formula, b->f.total_money,
                             ar_xlsx_units(v));
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
    KEEP(b, worksheet_set_column(ws, S_ID, S_ID, w_id, NULL));
    KEEP(b, worksheet_set_column(ws, S_NAME, S_NAME, w_name, NULL));
    KEEP(b, worksheet_set_column(ws, S_TIER, S_TIER, 11, NULL));
    KEEP(b, worksheet_set_column(ws, S_SCORE, S_STAGE, 7, NULL));
    /* every amount column as wide as the largest figure it holds */
    double w_money = ar_aging_money_width(total > credit ? total : credit,
                                          "Unapplied");
    KEEP(b, worksheet_set_column(ws, S_BUCKET0, c_total, w_money, NULL));
    KEEP(b, worksheet_set_column(ws, c_share, c_share, 8, NULL));
    KEEP(b, worksheet_set_column(ws, c_credit, c_net, w_money, NULL));
    ar_aging_print_setup(ws, SUM_HEADER_ROW);
}
