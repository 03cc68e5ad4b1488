/* kpi_consolidated.c - what the KPIs of kpi.xlsx cover when the ledger
 * has several currencies (SPEC §8.22-8.23), and with --fx the
 * Consolidated sheet: the KPIs over every currency converted at its rate,
 * the rates, and the converted figures behind them (README
 * "Currencies"). Every figure comes from the engine (engine/fx.c). */
#include "ar/render/xlsx/kpi_book.h"

#include "ar/engine/fx.h"

#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

void ar_kpi_xlsx_coverage(const ar_kpi_book *b, char *buf, size_t size)
{
    const ar_kpi_coverage *cv = &b->k->coverage;
    const char *base = ar_kpi_xlsx_base_code(b);
    if (cv->currencies <= 1) {
        if (ar_kpi_xlsx_has_code(b))
            snprintf(buf, size, "The KPIs cover every account (one "
                                "currency, %s).",
                     base);
        else
            snprintf(buf, size, "The KPIs cover every account (one "
                                "currency, without a code).");
        return;
    }
    char left[160] = "";
    if (cv->cost_rows_left_out) {
        char amount[32];
        ar_money_format(cv->costs_left_out, ',', '.', amount, sizeof amount);
        snprintf(left, sizeof left,
                 " Cost per recovery leaves out %u cost row%s (%s) of "
                 "clients billed only in other currencies.",
                 cv->cost_rows_left_out,
                 cv->cost_rows_left_out == 1 ? "" : "s", amount);
    }
    snprintf(buf, size,
             "The KPIs cover the %s accounts only: %llu of %llu clients "
             "with a balance, %llu of %llu open items; the other %u "
             "currencies are not added in (%s).%s",
             base, (unsigned long long)cv->clients_base,
             (unsigned long long)cv->clients_all,
             (unsigned long long)cv->items_base,
             (unsigned long long)cv->items_all, cv->currencies - 1,
             b->k->cons.available
                 ? "the Consolidated sheet has every currency at the "
                   "rates of --fx"
                 : "give --fx rates for a consolidated view",
             left);
}

/* ---- the Consolidated sheet ------------------------------------------ */

enum { F_CODE, F_RATE, F_AR, F_CURRENT, F_SALES, F_AR_S, F_SALES_S, F_DUE,
       F_COLLECTED, F_RECOVERED, F_COLS };

/* Currency c's figures at D converted (engine/fx.c's rule: AR(D) is the
 * converted buckets less the converted credits). */
static void converted(const ar_kpi_book *b, uint16_t c, ar_cents v[F_COLS])
{
    const ar_ledger *lg = b->run->ledger;
    const ar_kpi_inputs *x = &b->k->cons.cur[c];
    ar_cents open = 0, conv_open = 0;
    for (int k = 0; k < AR_MAX_BUCKETS; k++) {
        open += x->buckets[k];
        conv_open += ar_fx_convert(lg, c, x->buckets[k]);
    }
    v[F_AR] = conv_open - ar_fx_convert(lg, c, open - x->ar_d);
    v[F_CURRENT] = ar_fx_convert(lg, c, x->buckets[0]);
    v[F_SALES] = ar_fx_convert(lg, c, x->sales_w);
    v[F_AR_S] = ar_fx_convert(lg, c, x->ar_s);
    v[F_SALES_S] = ar_fx_convert(lg, c, x->sales_s);
    v[F_DUE] = ar_fx_convert(lg, c, x->due_amount);
    v[F_COLLECTED] = ar_fx_convert(lg, c, x->collected_45);
    v[F_RECOVERED] = ar_fx_convert(lg, c, x->recovered_w);
}

static bool has_data(const ar_kpi_inputs *x, ar_cents placed)
{
    static const ar_kpi_inputs zero;
    return memcmp(x, &zero, sizeof zero) != 0 || placed != 0;
}

lxw_worksheet *ar_kpi_xlsx_consolidated(ar_kpi_book *b)
{
    const ar_kpi_consolidated *cons = &b->k->cons;
    const ar_ledger *lg = b->run->ledger;
    if (!ar_ledger_fx_loaded(lg))
        return NULL;
    const char *base = ar_kpi_xlsx_base_code(b);
    char title[96], note[600], day[16], buf[200];
    ar_date_format_iso(b->a->as_of, day, sizeof day);
    snprintf(title, sizeof title, "KPIs over every currency, in %s, as of %s",
             base, day);
    if (cons->available)
        snprintf(note, sizeof note,
                 "Each currency's figures converted once at its rate to %s "
                 "as of the close (below), rounded half to even; the KPIs "
                 "are computed on the sums. Days and counts are not "
                 "converted. Every collection cost counts here; the KPI "
                 "sheet covers the %s accounts only.",
                 base, base);
    else
        snprintf(note, sizeof note, "Not consolidated: %s.",
                 cons->why_not ? cons->why_not : "?");
    lxw_worksheet *ws = ar_kpi_xlsx_add_sheet(b, "Consolidated", title, note);
    if (!ws || !cons->available)
        return ws;

    uint32_t row = AR_KPI_XLSX_FIRST_ROW - 1;
    char h1[48], h2[48];
    snprintf(h1, sizeof h1, "All currencies (%s)", base);
    snprintf(h2, sizeof h2, "%s accounts only", base);
    const char *heads[] = {"KPI", h1, h2, "Unit", "Status"};
    ar_kpi_xlsx_header_row(b, ws, row++, heads, 5);
    for (int id = 0; id < AR_KPI_COUNT_; id++, row++) {
        const ar_kpi_xlsx_meta *m = &ar_kpi_xlsx_metas[id];
        KEEP(b, ar_xlsx_text(ws, row, 0, m->name, b->bold));
        ar_kpi_xlsx_value(b, ws, row, 1, (ar_kpi_id)id, cons->v[id]);
        ar_kpi_xlsx_value(b, ws, row, 2, (ar_kpi_id)id, b->k->v[id]);
        KEEP(b, ar_xlsx_text(ws, row, 3, m->percent ? "%" : "days",
                             b->f.center));
        ar_rag st = ar_kpi_status(b->p, (ar_kpi_id)id, cons->v[id]);
        KEEP(b, ar_xlsx_text(ws, row, 4,
                             st != AR_RAG_NONE || cons->v[id].defined
                                 ? ar_kpi_xlsx_rag_labels[st]
                                 : "n/a",
                             b->status[st]));
    }

    /* the rates used */
    row++;
    KEEP(b, ar_xlsx_text(ws, row++, 0, "Rates used (--fx)", b->bold));
    snprintf(h1, sizeof h1, "Rate to %s", base);
    const char *rheads[] = {"Currency", h1, "Rate date", "Source"};
    ar_kpi_xlsx_header_row(b, ws, row++, rheads, 4);
    const ar_fx_rate *r = ar_ledger_fx_rates(lg);
    for (size_t i = 0; i < ar_ledger_fx_count(lg); i++, row++) {
        KEEP(b, ar_xlsx_text(ws, row, 0, r[i].code, b->f.text));
        /* the rate exactly as the file gave it */
        KEEP(b, ar_xlsx_text(ws, row, 1, ar_ledger_text(lg, r[i].text),
                             b->right));
        if (r[i].date != AR_DATE_NONE)
            KEEP(b, ar_xlsx_date(ws, row, 2, r[i].date, b->f.date));
        else
            KEEP(b, ar_xlsx_text(ws, row, 2, "the close", b->f.center));
        /* last: a long source runs on into the empty cells beside it */
        KEEP(b, ar_xlsx_text(ws, row, 3, ar_ledger_text(lg, r[i].source),
                             b->f.text));
    }

    /* the converted figures behind the KPIs, currency by currency */
    row++;
    snprintf(buf, sizeof buf,
             "The figures behind them, in %s (each currency converted)",
             base);
    KEEP(b, ar_xlsx_text(ws, row++, 0, buf, b->bold));
    const char *fheads[F_COLS] = {
        "Currency",   "Rate",  "AR(D)",           "Current(D)",
        "Sales in W", "AR(S)", "Sales in (S, D]", "Due in rate window",
        "Collected in time", "Recovered in W"};
    ar_kpi_xlsx_header_row(b, ws, row, fheads, F_COLS);
    KEEP(b, worksheet_set_row(ws, row++, 32, NULL));
    uint32_t first = row;
    ar_cents sums[F_COLS] = {0};
    for (uint16_t c = 0; c < cons->currency_count; c++) {
        if (!has_data(&cons->cur[c], cons->cur_placed[c]))
            continue;
        int64_t num, den;
        ar_fx_rate_of(lg, c, &num, &den);
        ar_cents v[F_COLS];
        converted(b, c, v);
        const char *code = ar_ledger_currency_code(lg, c);
        KEEP(b, ar_xlsx_text(ws, row, F_CODE, code[0] ? code : "(no code)",
                             b->f.text));
        KEEP(b, worksheet_write_number(ws, row, F_RATE,
                                       (double)num / (double)den, b->rate));
        for (int f = F_AR; f < F_COLS; f++) {
            KEEP(b, ar_xlsx_cents(ws, row, (uint16_t)f, v[f], b->f.money));
            sums[f] += v[f];
        }
        row++;
    }
    KEEP(b, ar_xlsx_text(ws, row, F_CODE, "All currencies",
                         b->f.total_text));
    KEEP(b, worksheet_write_blank(ws, row, F_RATE, b->f.total_text));
    const ar_kpi_inputs *in = &cons->in;
    const ar_cents total[F_COLS] = {
        [F_AR] = in->ar_d,          [F_CURRENT] = in->current_d,
        [F_SALES] = in->sales_w,    [F_AR_S] = in->ar_s,
        [F_SALES_S] = in->sales_s,  [F_DUE] = in->due_amount,
        [F_COLLECTED] = in->collected_45,
        [F_RECOVERED] = in->recovered_w};
    for (int f = F_AR; f < F_COLS; f++) {
        /* the engine's figure; the rows add up to it (fx.c) */
        char fml[64];
        ar_kpi_xlsx_sum_formula(fml, sizeof fml, (uint16_t)f, first,
                                row - 1);
        if (sums[f] != total[f])
            KEEP(b, LXW_ERROR_PARAMETER_VALIDATION); /* a bug: say so */
        KEEP(b, worksheet_write_formula_num(ws, row, (uint16_t)f, fml,
                                            b->f.total_money,
                                            ar_xlsx_units(total[f])));
    }
    row += 2;
    static const char *const more[] = {
        "Collection costs in W (every cost row)",
        "Agency commission in W", "Items settled late in W",
        "Days late of those items, summed", "Retention base (clients)",
        "of which invoiced again"};
    const int64_t mv[] = {in->costs_w, in->commission_w, in->late_count,
                          in->late_days_sum, in->retention_base,
                          in->retention_kept};
    for (int i = 0; i < 6; i++, row++) {
        KEEP(b, ar_xlsx_text(ws, row, 0, more[i], b->f.text));
        if (i < 2)
            KEEP(b, ar_xlsx_cents(ws, row, 2, mv[i], b->f.money));
        else
            KEEP(b, worksheet_write_number(ws, row, 2, (double)mv[i],
                                           b->f.whole));
    }
    KEEP(b, worksheet_set_column(ws, 0, 0, 40, NULL));
    KEEP(b, worksheet_set_column(ws, 1, 2, 18, NULL));
    KEEP(b, worksheet_set_column(ws, 3, F_COLS - 1, 15, NULL));
    ar_kpi_xlsx_print(b, ws, true, UINT32_MAX, row, F_COLS - 1);
    return ws;
}
