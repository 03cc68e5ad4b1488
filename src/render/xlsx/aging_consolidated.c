/* aging_consolidated.c - the Consolidated sheet of aging.xlsx (README
 * "Currencies"), written only with --fx: each currency's aging totals
 * beside its rate, converted into the base currency, and their sums.
 *
 * The rule is engine/fx.c's: each per-currency total (a bucket, the
 * unapplied credits) converts once at its rate, half to even, and a
 * consolidated figure is the sum of the converted totals, so the sheet
 * foots and equals run.json's kpi_consolidated.totals_cents. The
 * per-currency Summary sheets are never converted. */
#include "ar/render/xlsx/aging_book.h"

#include "ar/engine/fx.h"

#include <stdio.h>
#include <xlsxwriter.h>

#define CON_HEADER_ROW 3u
#define CON_FIRST_ROW 4u

/* Columns: the currency and its rate, its own figures, then the
 * converted buckets from X_BUCKET0 and the converted totals. */
enum { X_CODE, X_RATE, X_SOURCE, X_ITEMS, X_OPEN, X_CREDITS, X_BUCKET0 };

/* The rate as a number cell (exact to a double's 15 digits). */
static double rate_value(const ar_ledger *lg, uint16_t c)
{
    int64_t num, den;
    if (!ar_fx_rate_of(lg, c, &num, &den))
        return 0;
    return (double)num / (double)den;
}

void ar_aging_write_consolidated(ar_aging_book *b)
{
    lxw_worksheet *ws = b->consolidated;
    if (!ws)
        return;
    const ar_ledger *lg = b->lg;
    const ar_policy *p = b->p;
    const int nb = p->bucket_count;
    const uint16_t c_open = (uint16_t)(X_BUCKET0 + nb), c_credit = c_open + 1,
                   c_net = c_open + 2, c_share = c_open + 3;
    const char *base = ar_aging_shown_code(b->cur[0].code);
    char text[400], day[16], f1[32], formula[128];
    ar_date_format_iso(b->a->as_of, day, sizeof day);

    /* the converted figures first: the shares need the total */
    ar_cents (*conv)[AR_MAX_BUCKETS + 1] =
        ar_xcalloc(b->ncur + 1, sizeof *conv);
    ar_cents sums[AR_MAX_BUCKETS + 1] = {0}, open_all = 0;
    for (size_t ci = 0; ci < b->ncur; ci++) {
        const ar_totals *t = b->cur[ci].t;
        for (int k = 0; k < nb; k++) {
            conv[ci][k] = ar_fx_convert(lg, t->currency, t->buckets[k]);
            sums[k] += conv[ci][k];
            open_all += conv[ci][k];
        }
        conv[ci][AR_MAX_BUCKETS] = ar_fx_convert(lg, t->currency,
                                                 t->unapplied);
        sums[AR_MAX_BUCKETS] += conv[ci][AR_MAX_BUCKETS];
    }

    snprintf(text, sizeof text, "Consolidated aging in %s as of %s", base,
             day);
    KEEP(b, ar_xlsx_text(ws, 0, 0, text, b->f.title));
    snprintf(text, sizeof text,
             "Each currency's totals converted once at its rate to %s as "
             "of the close (the rates file given with --fx), rounded half "
             "to even; the %s totals are the sums of the converted figures. "
             "The Summary sheets stay in their own currency.",
             base, base);
    /* over the rows above the header, as the printed page is wide */
    ar_aging_note(b, ws, 1, text, 150);

    char heads[AR_MAX_BUCKETS + 10][48];
    const char *fixed[X_BUCKET0] = {"Currency",     "Rate to ",
                                    "Rate source",  "Open items",
                                    "Open AR (own currency)",
                                    "Unapplied credits (own currency)"};
    for (uint16_t c = 0; c < X_BUCKET0; c++)
        snprintf(heads[c], sizeof heads[c], "%s%s", fixed[c],
                 c == X_RATE ? base : "");
    for (int k = 0; k < nb; k++) {
        char bucket[32];
        snprintf(heads[X_BUCKET0 + k], sizeof heads[0], "%s (%s)",
                 ar_bucket_title(p, k, bucket, sizeof bucket), base);
    }
    snprintf(heads[c_open], sizeof heads[0], "Open AR (%s)", base);
    snprintf(heads[c_credit], sizeof heads[0], "Unapplied credits (%s)",
             base);
    snprintf(heads[c_net], sizeof heads[0], "Net AR (%s)", base);
    snprintf(heads[c_share], sizeof heads[0], "%% of open AR");

    /* widths from the content (the header row's height follows from
     * them): each currency's own figures in its format, the converted
     * ones in the base currency's */
    const ar_xlsx_money *bm = &b->cur[0].money;
    double width[X_BUCKET0 + AR_MAX_BUCKETS + 4] = {
        [X_CODE] = 10, [X_RATE] = 12, [X_SOURCE] = 30, [X_ITEMS] = 10};
    ar_cents widest = open_all;
    for (int k = 0; k <= AR_MAX_BUCKETS; k++)
        widest = sums[k] > widest ? sums[k] : widest;
    for (size_t ci = 0; ci < b->ncur; ci++) {
        const ar_totals *t = b->cur[ci].t;
        ar_cents own = t->open > t->unapplied ? t->open : t->unapplied;
        for (uint16_t c = X_OPEN; c <= X_CREDITS; c++) {
            double w = ar_xlsx_money_width(&b->cur[ci].money, own, heads[c]);
            width[c] = w > width[c] ? w : width[c];
        }
        const ar_fx_rate *r = ar_ledger_fx_of(lg, t->currency);
        if (r) {
            double w = ar_xlsx_width(ar_ledger_text(lg, r->text), 12, 24) + 2;
            width[X_RATE] = w > width[X_RATE] ? w : width[X_RATE];
        }
    }
    for (uint16_t c = X_BUCKET0; c <= c_net; c++)
        width[c] = ar_xlsx_money_width(bm, widest, heads[c]);
    width[c_share] = 9;
    const char *hp[X_BUCKET0 + AR_MAX_BUCKETS + 4];
    for (uint16_t c = 0; c <= c_share; c++)
        hp[c] = heads[c];
    KEEP(b, worksheet_set_row(ws, CON_HEADER_ROW,
                              ar_xlsx_header_height(hp, width, c_share + 1),
                              NULL));
    for (uint16_t c = 0; c <= c_share; c++)
        KEEP(b, ar_xlsx_text(ws, CON_HEADER_ROW, c, heads[c],
                             c == X_CODE || c == X_SOURCE ? b->f.header
                                                          : b->f.header_num));

    /* the source a little apart from the rate beside it */
    lxw_format *source = workbook_add_format(b->wb);
    format_set_indent(source, 1);
    uint32_t row = CON_FIRST_ROW;
    for (size_t ci = 0; ci < b->ncur; ci++, row++) {
        const ar_totals *t = b->cur[ci].t;
        const ar_xlsx_money *own = &b->cur[ci].money;
        const ar_fx_rate *r = ar_ledger_fx_of(lg, t->currency);
        KEEP(b, ar_xlsx_text(ws, row, X_CODE,
                             ar_aging_shown_code(b->cur[ci].code), NULL));
        KEEP(b, worksheet_write_number(ws, row, X_RATE,
                                       rate_value(lg, t->currency),
                                       b->rate));
        const char *src = ci == 0 ? "base currency"
                          : r      ? ar_ledger_text(lg, r->source)
                                   : "";
        char dated[200];
        if (r && r->date != AR_DATE_NONE) {
            char rd[16];
            snprintf(dated, sizeof dated, "%s%s%s", src, src[0] ? ", " : "",
                     ar_date_format_iso(r->date, rd, sizeof rd));
            src = dated;
        }
        KEEP(b, ar_xlsx_text(ws, row, X_SOURCE, src, source));
        KEEP(b, worksheet_write_number(ws, row, X_ITEMS,
                                       (double)t->open_items, b->f.whole));
        KEEP(b, ar_xlsx_cents(ws, row, X_OPEN, t->open, own->cell));
        KEEP(b, ar_xlsx_cents(ws, row, X_CREDITS, t->unapplied, own->cell));
        ar_cents open = 0;
        for (int k = 0; k < nb; k++) {
            KEEP(b, ar_xlsx_cents(ws, row, (uint16_t)(X_BUCKET0 + k),
                                  conv[ci][k], bm->cell));
            open += conv[ci][k];
        }
        /* the row's own sums as formulas, their values cached */
        snprintf(formula, sizeof formula, "=SUM(%s)",
                 ar_xlsx_range(f1, row, X_BUCKET0, row,
                               (uint16_t)(X_BUCKET0 + nb - 1)));
        ar_aging_formula_num(b, ws, row, c_open, formula, bm->cell,
                             ar_xlsx_units(open));
        KEEP(b, ar_xlsx_cents(ws, row, c_credit, conv[ci][AR_MAX_BUCKETS],
                              bm->cell));
        char a1[16], a2[16];
        snprintf(formula, sizeof formula, "=%s-%s",
                 ar_xlsx_cell(a1, row, c_open),
                 ar_xlsx_cell(a2, row, c_credit));
        ar_aging_formula_num(b, ws, row, c_net, formula, bm->cell,
                             ar_xlsx_units(open - conv[ci][AR_MAX_BUCKETS]));
        KEEP(b, worksheet_write_number(
                    ws, row, c_share,
                    open_all ? (double)ar_cents_muldiv(open, 1000000,
                                                       open_all) / 1e6
                             : 0.0,
                    b->f.percent));
    }

    /* the consolidated totals: SUBTOTAL(109) follows a filter */
    uint32_t first = CON_FIRST_ROW, last = row - 1;
    snprintf(text, sizeof text, "Total %s", base);
    KEEP(b, ar_xlsx_text(ws, row, X_CODE, text, b->f.total_text));
    for (uint16_t c = X_RATE; c < X_BUCKET0; c++)
        KEEP(b, worksheet_write_blank(ws, row, c, b->f.total_text));
    for (uint16_t c = X_BUCKET0; c <= c_net; c++) {
        ar_cents v = c < c_open     ? sums[c - X_BUCKET0]
                     : c == c_open   ? open_all
                     : c == c_credit ? sums[AR_MAX_BUCKETS]
                                     : open_all - sums[AR_MAX_BUCKETS];
        snprintf(formula, sizeof formula, "=SUBTOTAL(109,%s)",
                 ar_xlsx_range(f1, first, c, last, c));
        ar_aging_formula_num(b, ws, row, c, formula, bm->total,
                             ar_xlsx_units(v));
    }
    snprintf(formula, sizeof formula, "=IF(%s=0,0,1)",
             ar_xlsx_cell(f1, row, c_open));
    ar_aging_formula_num(b, ws, row, c_share, formula, b->f.total_percent,
                         open_all ? 1.0 : 0.0);
    row += 2;
    row = ar_aging_note(b, ws, row,
                        "Open AR and credits in each currency's own units "
                        "are those of its Summary sheet; the KPI "
                        "workbook's Consolidated sheet uses the same "
                        "converted figures.",
                        150);
    free(conv);

    worksheet_freeze_panes(ws, CON_FIRST_ROW, 1);
    for (uint16_t c = 0; c <= c_share; c++)
        KEEP(b, worksheet_set_column(ws, c, c, width[c], NULL));
    ar_aging_print(b, ws, true, CON_HEADER_ROW, row - 1, c_share);
}
