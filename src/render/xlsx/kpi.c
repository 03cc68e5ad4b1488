/* kpi.c - kpi.xlsx, the management workbook (SPEC §4, §6):
 *
 *   Dashboard          one printed page: headline figures against last
 *                      month and a year before, four charts
 *   KPI                each KPI with its target, red/amber/green status,
 *                      value by risk tier and definition in words, then
 *                      the exact figures behind them
 *   Consolidated       (--fx only) the KPIs over every currency
 *   Trend              the same KPIs at each month-end up to D
 *   Cost per recovery  by the stage of the latest letter and by tier
 *   Debtors            aging distribution, top 10 debtors, concentration
 *   How to read        targets and bands, the rules behind the numbers
 *   Chart data         (hidden) the charts' series, n/a as blank cells
 *   Dashboard data     (hidden) the dashboard charts' series
 *
 * Every figure comes from the analysis (engine/metrics.c); nothing is
 * computed here but display text. KPI values are written exactly as
 * run.json has them (percent KPIs in percent: 95.5 means 95.5 %), and an
 * undefined KPI is the text "n/a", never 0. Charts read a hidden sheet in
 * which n/a is a blank cell, because a line chart draws text as 0.
 *
 * This file makes the book (kpi_book.h), writes the two sheets about the
 * KPIs' targets and definitions (KPI, How to read) and calls the writers
 * of the others in sheet order: kpi_trend.c, kpi_cost.c, kpi_debtors.c,
 * kpi_charts.c (Chart data, then the charts).
 */
#include "ar/render/xlsx/kpi_book.h"

#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#define FILE_NAME "kpi.xlsx"

/* Excel's own good / neutral / bad cell colours. */
static const lxw_color_t rag_fill[AR_RAG_COUNT_] = {
    [AR_RAG_NONE] = LXW_COLOR_WHITE,
    [AR_RAG_GREEN] = 0xC6EFCE,
    [AR_RAG_AMBER] = 0xFFEB9C,
    [AR_RAG_RED] = 0xFFC7CE,
};
static const lxw_color_t rag_font[AR_RAG_COUNT_] = {
    [AR_RAG_NONE] = LXW_COLOR_BLACK,
    [AR_RAG_GREEN] = 0x006100,
    [AR_RAG_AMBER] = 0x9C5700,
    [AR_RAG_RED] = 0x9C0006,
};

static lxw_format *new_format(ar_kpi_book *b, const char *num_format)
{
    lxw_format *f = workbook_add_format(b->wb);
    if (num_format)
        format_set_num_format(f, num_format);
    return f;
}

/* Whether a base-currency amount is not a whole number of units (then
 * its cents show, whatever ISO 4217 says). */
static bool base_has_cents(const ar_kpi_book *b)
{
    const ar_ledger *lg = b->run->ledger;
    uint16_t base = ar_ledger_base_currency(lg);
    const ar_doc *docs = ar_ledger_docs(lg);
    for (size_t i = 0; i < ar_ledger_doc_count(lg); i++)
        if (docs[i].currency == base && docs[i].amount % 100 != 0)
            return true;
    const ar_totals *t = ar_analysis_totals(b->a, base);
    return t && (t->invoiced % 100 || t->settled % 100);
}

static void formats_init(ar_kpi_book *b)
{
    ar_xlsx_formats_init(b->wb, &b->f);
    const ar_ledger *lg = b->run->ledger;
    const char *code =
        ar_ledger_currency_code(lg, ar_ledger_base_currency(lg));
    ar_xlsx_money_init(b->wb, code,
                       ar_xlsx_decimals(code, base_has_cents(b)), &b->money);
    for (int r = 0; r < AR_RAG_COUNT_; r++) {
        b->value[r] = new_format(b, "#,##0.00");
        b->pct[r] = new_format(b, "0.00%");
        b->status[r] = new_format(b, NULL);
        format_set_bold(b->status[r]);
        format_set_align(b->status[r], LXW_ALIGN_CENTER);
        if (r == AR_RAG_NONE)
            continue;
        lxw_format *both[3] = {b->value[r], b->status[r], b->pct[r]};
        for (int j = 0; j < 3; j++) {
            format_set_bg_color(both[j], rag_fill[r]);
            format_set_font_color(both[j], rag_font[r]);
        }
    }
    format_set_font_color(b->status[AR_RAG_NONE], 0x595959);
    format_set_bold(b->status[AR_RAG_NONE]);
    b->na = new_format(b, NULL);
    format_set_font_color(b->na, 0x808080);
    format_set_align(b->na, LXW_ALIGN_RIGHT);
    b->wrap = new_format(b, NULL);
    format_set_text_wrap(b->wrap);
    b->note_wrap = new_format(b, NULL);
    format_set_italic(b->note_wrap);
    format_set_font_color(b->note_wrap, 0x595959);
    format_set_text_wrap(b->note_wrap);
    format_set_align(b->note_wrap, LXW_ALIGN_VERTICAL_TOP);
    b->unit = new_format(b, "@");
    format_set_indent(b->unit, 1);
    b->bold = new_format(b, NULL);
    format_set_bold(b->bold);
    b->rank = new_format(b, "0");
    format_set_align(b->rank, LXW_ALIGN_CENTER);
    b->target[0] = new_format(b, "\"\xE2\x89\xA5 \"General");  /* ≥ */
    b->target[1] = new_format(b, "\"\xE2\x89\xA4 \"General");  /* ≤ */
    b->target[2] = new_format(b, "\"< \"General");
    /* the same for a percent KPI's target, a percent cell */
    b->target[3] = new_format(b, "\"\xE2\x89\xA5 \"0.##%");
    b->target[4] = new_format(b, "\"\xE2\x89\xA4 \"0.##%");
    b->target[5] = new_format(b, "\"< \"0.##%");
    b->rate = new_format(b, "0.0000########");
    b->right = new_format(b, NULL);
    format_set_align(b->right, LXW_ALIGN_RIGHT);
    /* a KPI row is several lines high (its definition): every cell of it
     * in the middle, so that each reads beside its own KPI */
    lxw_format *mid[] = {b->wrap, b->unit, b->na, b->bold, b->target[0],
                         b->target[1], b->target[2], b->target[3],
                         b->target[4], b->target[5]};
    for (size_t k = 0; k < sizeof mid / sizeof *mid; k++)
        format_set_align(mid[k], LXW_ALIGN_VERTICAL_CENTER);
    for (int r = 0; r < AR_RAG_COUNT_; r++) {
        format_set_align(b->value[r], LXW_ALIGN_VERTICAL_CENTER);
        format_set_align(b->pct[r], LXW_ALIGN_VERTICAL_CENTER);
        format_set_align(b->status[r], LXW_ALIGN_VERTICAL_CENTER);
    }
}

/* ---- words ---------------------------------------------------------- */

/* The definition of KPI id as implemented, with the policy's windows. */
static void definition(const ar_kpi_book *b, ar_kpi_id id, char *buf,
                       size_t size)
{
    const ar_policy *p = b->p;
    int w = p->kpi_window_days, c = p->collection_days;
    int r = p->retention_days;
    switch (id) {
    case AR_KPI_DSO:
        snprintf(buf, size,
                 "AR(D) / Sales(D-%d, D] x %d. AR(D) = open invoices and "
                 "debit notes at the end of D (disputed ones included) less "
                 "unapplied credits; Sales = invoices and debit notes dated "
                 "in the last %d days. Lower is better; no numeric target.",
                 w, w, w);
        break;
    case AR_KPI_BEST_DSO:
        snprintf(buf, size,
                 "Current(D) / Sales(D-%d, D] x %d. Current(D) = open items "
                 "not yet past due at D (due date on or after D), credits "
                 "not deducted: the DSO if every client paid on time.",
                 w, w);
        break;
    case AR_KPI_ADD:
        snprintf(buf, size,
                 "DSO - best possible DSO: the days of sales that late "
                 "payment keeps outstanding. Lower is better.");
        break;
    case AR_KPI_CEI:
        snprintf(buf, size,
                 "(AR(S) + Sales(S, D] - AR(D)) / (AR(S) + Sales(S, D] - "
                 "Current(D)) x 100, S = the last day of the month before "
                 "D's: the share of what could be collected in the month "
                 "that was collected (month-to-date when D is not a "
                 "month-end).");
        break;
    case AR_KPI_COLLECTION_RATE:
        snprintf(buf, size,
                 "Items due in (D-%d, D-%d]: the share of their amount (not "
                 "their count) settled no later than %d days after the due "
                 "date, by payment, credit note or write-off; partial "
                 "settlements count for their part.",
                 w + c, c, c);
        break;
    case AR_KPI_DAYS_TO_PAYMENT:
        snprintf(buf, size,
                 "Items whose open amount reached zero in the last %d days "
                 "after their due date: the mean of (settle date - due "
                 "date), in days.",
                 w);
        break;
    case AR_KPI_RETENTION:
        snprintf(buf, size,
                 "Clients that settled at least one item after its due date "
                 "during (D-%d, D-%d]: the share of them with an invoice "
                 "dated after their last such settlement and on or before "
                 "D.",
                 r, w);
        break;
    case AR_KPI_COST_PER_RECOVERY:
        snprintf(buf, size,
                 "(Collection costs dated in the last %d days: every row of "
                 "the costs file, plus agency commission at %.2f %% of what "
                 "placed accounts paid) / cash recovered in those days "
                 "(payments applied to items after their due date; credit "
                 "notes and write-offs are not recoveries) x 100. n/a "
                 "without a costs file.",
                 w, p->agency_commission_bp / 100.0);
        break;
    default:
        snprintf(buf, size, "?");
    }
}

/* The target of KPI id as a number shown with its comparison ("≥ 80"),
 * or words when it has none. */
static void write_target(ar_kpi_book *b, lxw_worksheet *ws, uint32_t row,
                         uint16_t col, ar_kpi_id id)
{
    double t, am;
    bool higher, strict;
    if (!ar_kpi_target(b->p, id, &t, &am, &higher, &strict)) {
        KEEP(b, ar_xlsx_text(ws, row, col,
                             id == AR_KPI_BEST_DSO ? "benchmark"
                                                   : "lower is better",
                             b->wrap));
        return;
    }
    bool pct = ar_kpi_xlsx_metas[id].percent;
    KEEP(b, worksheet_write_number(
                ws, row, col, pct ? t / 100.0 : t,
                b->target[(pct ? 3 : 0) + (higher ? 0 : strict ? 2 : 1)]));
}

/* The green, amber and red bands of KPI id in words; false when it has
 * no target. */
static bool bands(const ar_kpi_book *b, ar_kpi_id id, char g[64], char m[64],
                  char r[64])
{
    double t, am;
    bool hi, strict;
    if (!ar_kpi_target(b->p, id, &t, &am, &hi, &strict))
        return false;
    const char *u = ar_kpi_xlsx_metas[id].percent ? " %" : " days";
    if (hi) {
        snprintf(g, 64, "%g%s or more", t, u);
        snprintf(m, 64, "%g to under %g%s", am, t, u);
        snprintf(r, 64, "under %g%s", am, u);
    } else if (strict) {
        snprintf(g, 64, "under %g%s", t, u);
        snprintf(m, 64, "%g to %g%s", t, am, u);
        snprintf(r, 64, "over %g%s", am, u);
    } else {
        snprintf(g, 64, "%g%s or less", t, u);
        snprintf(m, 64, "over %g, up to %g%s", t, am, u);
        snprintf(r, 64, "over %g%s", am, u);
    }
    return true;
}

/* ---- KPI ------------------------------------------------------------ */

/* The exact figures behind the KPIs, in the order of the KPI sheet. */
#define FIGURES 14
static const struct {
    const char *name;
    bool money;
} figure_names[FIGURES] = {
    {"AR(D): open items less unapplied credits", true},
    {"Current(D): open items not yet past due", true},
    {"Sales in W (invoices and debit notes)", true},
    {"AR(S), S = the previous month-end", true},
    {"Sales in (S, D]", true},
    {"Amount of the items due in the collection-rate window", true},
    {"of which settled within the allowed days", true},
    {"Items settled late in W", false},
    {"Days late of those items, summed", false},
    {"Clients that settled a past-due item (retention base)", false},
    {"of which invoiced again", false},
    {"Collection costs in W (costs file)", true},
    {"Agency commission in W", true},
    {"Recovered in W (cash applied after the due date)", true},
};

static void figures(const ar_kpi_inputs *in, int64_t v[FIGURES])
{
    const int64_t all[FIGURES] = {
        in->ar_d,           in->current_d,      in->sales_w,
        in->ar_s,           in->sales_s,        in->due_amount,
        in->collected_45,   in->late_count,     in->late_days_sum,
        in->retention_base, in->retention_kept, in->costs_w,
        in->commission_w,   in->recovered_w,
    };
    memcpy(v, all, sizeof all);
}

enum { K_NAME, K_VALUE, K_UNIT, K_TARGET, K_STATUS, K_BAND, K_TIER0,
       K_DEF = K_TIER0 + AR_TIER_COUNT_, K_COLS };

static void write_kpi_sheet(ar_kpi_book *b)
{
    const ar_kpis *k = b->k;
    char note[700], d0[16], d1[16], s[16];
    ar_date D = b->a->as_of;
    snprintf(note, sizeof note,
             "Base currency %s. KPI window W = (%s, %s], %d days. n/a = no "
             "data in the window (never 0). Status: green meets the target, "
             "amber is within the amber band, red is beyond it.",
             ar_kpi_xlsx_base_code(b),
             ar_date_format_iso(D - b->p->kpi_window_days, d0, sizeof d0),
             ar_date_format_iso(D, d1, sizeof d1), b->p->kpi_window_days);
    char title[80];
    snprintf(title, sizeof title, "Collection KPIs as of %s", d1);
    lxw_worksheet *ws = ar_kpi_xlsx_add_sheet(b, "KPI", title, note);
    if (!ws)
        return;
    /* SPEC §8.23: what the KPIs cover, and the CEI's month */
    char cover[400];
    ar_kpi_xlsx_coverage(b, cover, sizeof cover);
    if (!ar_date_is_month_end(D))
        snprintf(note, sizeof note,
                 "%s %s is not a month-end: the CEI is month-to-date, from "
                 "%s.",
                 cover, d1,
                 ar_date_format_iso(ar_date_prev_month_end(D), s, sizeof s));
    else
        snprintf(note, sizeof note, "%s", cover);
    KEEP(b, ar_xlsx_text(ws, 2, 0, note, b->f.note));
    const char *heads[K_COLS] = {"KPI", "Value", "Unit", "Target", "Status",
                                 "Amber and red bands"};
    const ar_tier *tiers = ar_kpi_xlsx_tier_order;
    for (int t = 0; t < AR_TIER_COUNT_; t++)
        heads[K_TIER0 + t] = ar_kpi_xlsx_tier_labels[tiers[t]];
    heads[K_DEF] = "Definition (as computed)";
    ar_kpi_xlsx_header_row(b, ws, AR_KPI_XLSX_FIRST_ROW - 1, heads, K_COLS);

    for (int id = 0; id < AR_KPI_COUNT_; id++) {
        uint32_t row = AR_KPI_XLSX_FIRST_ROW + (uint32_t)id;
        ar_kpi_value v = k->v[id];
        const ar_kpi_xlsx_meta *meta = &ar_kpi_xlsx_metas[id];
        KEEP(b, ar_xlsx_text(ws, row, K_NAME, meta->name, b->bold));
        ar_kpi_xlsx_value(b, ws, row, K_VALUE, (ar_kpi_id)id, v);
        KEEP(b, ar_xlsx_text(ws, row, K_UNIT,
                             meta->percent ? "percent" : "days", b->unit));
        write_target(b, ws, row, K_TARGET, (ar_kpi_id)id);
        ar_rag st = ar_kpi_status(b->p, (ar_kpi_id)id, v);
        char g[64], m[64], r[64], band[200];
        bool has = bands(b, (ar_kpi_id)id, g, m, r);
        if (has) {
            snprintf(band, sizeof band, "amber: %s; red: %s", m, r);
            KEEP(b, ar_xlsx_text(ws, row, K_BAND, band, b->wrap));
        }
        const char *const *rag = ar_kpi_xlsx_rag_labels;
        KEEP(b, ar_xlsx_text(ws, row, K_STATUS,
                             !has        ? rag[AR_RAG_NONE]
                             : v.defined ? rag[st]
                                         : "n/a",
                             b->status[st]));
        for (int j = 0; j < AR_TIER_COUNT_; j++)
            ar_kpi_xlsx_value(b, ws, row, (uint16_t)(K_TIER0 + j),
                              (ar_kpi_id)id, k->by_tier[tiers[j]][id]);
        char def[600];
        definition(b, (ar_kpi_id)id, def, sizeof def);
        KEEP(b, ar_xlsx_text(ws, row, K_DEF, def, b->wrap));
        /* as many lines as the definition takes in its column */
        size_t lines = strlen(def) / 62 + 1;
        KEEP(b, worksheet_set_row(ws, row, 15.0 * (double)(lines + 1), NULL));
    }

    /* The exact cents behind every ratio, in total and by tier. */
    uint32_t r0 = AR_KPI_XLSX_FIRST_ROW + AR_KPI_COUNT_ + 1;
    KEEP(b, ar_xlsx_text(ws, r0, 0,
                         "The exact figures behind the KPIs (amounts in "
                         "currency units)",
                         b->bold));
    const char *fh[2 + AR_TIER_COUNT_] = {"Figure", "All clients"};
    for (int t = 0; t < AR_TIER_COUNT_; t++)
        fh[2 + t] = ar_kpi_xlsx_tier_labels[tiers[t]];
    ar_kpi_xlsx_header_row(b, ws, r0 + 1, fh, 2 + AR_TIER_COUNT_);
    for (int i = 0; i < FIGURES; i++) {
        uint32_t row = r0 + 2 + (uint32_t)i;
        KEEP(b, ar_xlsx_text(ws, row, 0, figure_names[i].name, b->f.text));
    }
    ar_cents widest = 0;
    for (int col = 0; col <= AR_TIER_COUNT_; col++) {
        int64_t v[FIGURES];
        figures(col == 0 ? &k->in : &k->tier_in[tiers[col - 1]], v);
        for (int i = 0; i < FIGURES; i++) {
            uint32_t row = r0 + 2 + (uint32_t)i;
            uint16_t c = (uint16_t)(1 + col);
            ar_cents mag = v[i] < 0 ? -v[i] : v[i];
            if (figure_names[i].money && mag > widest)
                widest = mag;
            if (figure_names[i].money)
                KEEP(b, ar_xlsx_cents(ws, row, c, v[i], b->money.cell));
            else
                KEEP(b, worksheet_write_number(ws, row, c, (double)v[i],
                                               b->f.whole));
        }
    }
    uint32_t last = r0 + 2 + FIGURES;
    KEEP(b, ar_xlsx_text(ws, last + 1, 0,
                         "By tier: each KPI over the clients of that tier "
                         "as decided at D. Cost rows of clients without a "
                         "ledger row up to D count only in All clients.",
                         b->f.note));

    /* widths from the content: every KPI value of a column, and the
     * figures table's amounts in columns 1 to 4 */
    double width[K_COLS] = {[K_NAME] = 30, [K_UNIT] = 9, [K_TARGET] = 16,
                            [K_STATUS] = 10, [K_BAND] = 26, [K_DEF] = 70};
    double money = ar_xlsx_money_width(&b->money, widest, "All clients");
    for (int i = 0; i < FIGURES; i++)
        width[K_NAME] = ar_xlsx_width(figure_names[i].name, width[K_NAME], 70);
    for (int id = 0; id < AR_KPI_COUNT_; id++)
        width[K_NAME] = ar_xlsx_width(ar_kpi_xlsx_metas[id].name,
                                      width[K_NAME], 70);
    for (int id = 0; id < AR_KPI_COUNT_; id++) {
        width[K_VALUE] = ar_kpi_xlsx_value_width((ar_kpi_id)id, &k->v[id], 1,
                                                 width[K_VALUE] > 13
                                                     ? width[K_VALUE]
                                                     : 13);
        for (int t = 0; t < AR_TIER_COUNT_; t++) {
            double *w = &width[K_TIER0 + t];
            *w = ar_kpi_xlsx_value_width((ar_kpi_id)id,
                                         &k->by_tier[tiers[t]][id], 1,
                                         *w > 13 ? *w : 13);
        }
    }
    for (int c = 1; c <= 1 + AR_TIER_COUNT_; c++)
        if (width[c] < money)
            width[c] = money;
    for (uint16_t c = 0; c < K_COLS; c++)
        KEEP(b, worksheet_set_column(ws, c, c, width[c], NULL));
    KEEP(b, worksheet_set_row(ws, AR_KPI_XLSX_FIRST_ROW - 1,
                              ar_xlsx_header_height(heads, width, K_COLS),
                              NULL));
    worksheet_freeze_panes(ws, AR_KPI_XLSX_FIRST_ROW, 1);
    worksheet_activate(ws);
    ar_kpi_xlsx_print(b, ws, true, AR_KPI_XLSX_FIRST_ROW - 1, last + 1,
                      K_DEF);
}

/* ---- how to read ---------------------------------------------------- */

static void write_notes_sheet(ar_kpi_book *b)
{
    lxw_worksheet *ws = ar_kpi_xlsx_add_sheet(b, "How to read",
                                              "How to read this workbook",
                                              NULL);
    if (!ws)
        return;
    static const char *const heads[] = {"KPI", "Target", "Green", "Amber",
                                        "Red"};
    ar_kpi_xlsx_header_row(b, ws, 2, heads, 5);
    uint32_t row = 3;
    for (int id = 0; id < AR_KPI_COUNT_; id++, row++) {
        char g[64], m[64], r[64];
        KEEP(b, ar_xlsx_text(ws, row, 0, ar_kpi_xlsx_metas[id].name,
                             b->f.text));
        write_target(b, ws, row, 1, (ar_kpi_id)id);
        if (!bands(b, (ar_kpi_id)id, g, m, r))
            continue;
        KEEP(b, ar_xlsx_text(ws, row, 2, g, b->status[AR_RAG_GREEN]));
        KEEP(b, ar_xlsx_text(ws, row, 3, m, b->status[AR_RAG_AMBER]));
        KEEP(b, ar_xlsx_text(ws, row, 4, r, b->status[AR_RAG_RED]));
    }
    row++;
    char line[500];
    const char *rules[12];
    int n = 0;
    rules[n++] = "Every KPI is computed from exact cents in the base "
                 "currency; ratios are rounded only for display. A KPI "
                 "whose window holds no data is n/a, never 0.";
    rules[n++] = "The targets and amber limits are policy values ([kpi] in "
                 "the policy file). DSO, best possible DSO and ADD have no "
                 "numeric target: lower is better.";
    rules[n++] = "By tier: the KPI over the clients of each risk tier as "
                 "decided at the as-of date.";
    rules[n++] = "Trend: the same computation at each month-end up to the "
                 "as-of date, from the ledger as it stood at that date "
                 "(documents and payments dated later had not happened).";
    rules[n++] = "Cost per recovery by stage: each cost row and each "
                 "recovery counts for the stage of the client's latest "
                 "letter (history file) dated on or before it; "
                 "\"No letter yet\" when there is none.";
    snprintf(line, sizeof line,
             "Agency commission: %.2f %% (policy agency_commission) of what "
             "an account paid from the date of its first cost row whose "
             "action mentions \"agency\"; leave it at 0 when the costs file "
             "already lists the commission.",
             b->p->agency_commission_bp / 100.0);
    rules[n++] = line;
    rules[n++] = "Top debtors: the largest overdue balances (open items at "
                 "least one day past due, disputed included); concentration "
                 "is their share of the overdue of all clients.";
    /* each rule on lines that print inside the five columns */
    for (int i = 0; i < n; i++) {
        const char *t = rules[i];
        while (*t) {
            size_t len = strlen(t), cut = len;
            char part[200];
            if (len > 120) {
                cut = 120;
                while (cut > 0 && t[cut] != ' ')
                    cut--;
                cut = cut ? cut : 120;
            }
            snprintf(part, sizeof part, "%.*s", (int)cut, t);
            KEEP(b, ar_xlsx_text(ws, row++, 0, part, b->f.text));
            t += cut;
            while (*t == ' ')
                t++;
        }
        row++;
    }
    KEEP(b, worksheet_set_column(ws, 0, 0, 40, NULL));
    KEEP(b, worksheet_set_column(ws, 1, 4, 24, NULL));
    ar_kpi_xlsx_print(b, ws, true, UINT32_MAX, row, 4);
}

ar_err ar_render_kpi(const ar_run *run, const char *dir, ar_diag *d)
{
    ar_kpi_book b = {.run = run,
                     .a = &run->analysis,
                     .p = &run->policy,
                     .k = &run->analysis.kpi};
    char title[64], day[16];
    snprintf(title, sizeof title, "Collection KPIs %s",
             ar_date_format_iso(run->analysis.as_of, day, sizeof day));
    /* not constant_memory: charts need their data cached at close */
    b.wb = ar_xlsx_open(dir, FILE_NAME, run->analysis.as_of, title, false, d);
    if (!b.wb)
        return AR_ERR_OUTPUT;
    ar_xlsx_page_init(&b.page, "Collection KPIs", run->analysis.as_of,
                      run->policy.page_size == AR_PAGE_LETTER);
    formats_init(&b);
    uint32_t aging_row = 0;
    lxw_worksheet *dashboard = ar_kpi_xlsx_dashboard(&b);
    write_kpi_sheet(&b);
    ar_kpi_xlsx_consolidated(&b);
    lxw_worksheet *trend = ar_kpi_xlsx_trend(&b);
    lxw_worksheet *cost = ar_kpi_xlsx_cost(&b);
    lxw_worksheet *debtors = ar_kpi_xlsx_debtors(&b, &aging_row);
    write_notes_sheet(&b);
    ar_kpi_xlsx_chart_data(&b);
    ar_kpi_xlsx_dashboard_data(&b);
    ar_kpi_xlsx_charts(&b, trend, cost, debtors, aging_row);
    if (dashboard) /* what a reader sees first */
        worksheet_activate(dashboard);
    return ar_xlsx_close(b.wb, b.err, dir, FILE_NAME, d);
}
