/* render_kpi_xlsx.c - kpi.xlsx, the management workbook (SPEC §4, §6):
 *
 *   KPI                each KPI with its target, red/amber/green status,
 *                      value by risk tier and definition in words, then
 *                      the exact figures behind them
 *   Trend              the same KPIs at each month-end up to D
 *   Cost per recovery  by the stage of the latest letter and by tier
 *   Debtors            aging distribution, top 10 debtors, concentration
 *   How to read        targets and bands, the rules behind the numbers
 *   Chart data         (hidden) the charts' series, n/a as blank cells
 *
 * Every figure comes from the analysis (src/metrics.c); nothing is
 * computed here but display text. KPI values are written exactly as
 * run.json has them (percent KPIs in percent: 95.5 means 95.5 %), and an
 * undefined KPI is the text "n/a", never 0. Charts read a hidden sheet in
 * which n/a is a blank cell, because a line chart draws text as 0.
 */
#include "ar/render/render.h"
#include "ar/render/xlsx/common.h"

#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#define FILE_NAME "kpi.xlsx"
#define CHART_SHEET "Chart data"
#define FIRST_ROW 4u /* tables start under a title, a note and a blank */
#define AGING_CHART_END 21u /* first free row under the aging chart */

/* Tier columns in the order of seed 002: VIP, Standard, High-Risk. */
static const ar_tier tier_order[AR_TIER_COUNT_] = {
    AR_TIER_VIP, AR_TIER_STANDARD, AR_TIER_HIGH_RISK};
static const char *const tier_labels[AR_TIER_COUNT_] = {
    [AR_TIER_STANDARD] = "Standard",
    [AR_TIER_VIP] = "VIP",
    [AR_TIER_HIGH_RISK] = "High-Risk",
};

/* SPEC §3.2 stage names; [0] is "no letter before it". */
static const char *const stage_labels[AR_STAGES + 1] = {
    "No letter yet",   "1 First Reminder",  "2 Second Notice",
    "3 Final Notice",  "4 Pre-Collections", "5 Collections / Legal",
};

typedef struct kpi_meta {
    const char *name;
    const char *short_name;   /* trend column header, chart series */
    bool percent;             /* else days */
} kpi_meta;

static const kpi_meta metas[AR_KPI_COUNT_] = {
    [AR_KPI_DSO] = {"DSO (days sales outstanding)", "DSO", false},
    [AR_KPI_BEST_DSO] = {"Best possible DSO", "Best possible DSO", false},
    [AR_KPI_ADD] = {"ADD (average days delinquent)", "ADD", false},
    [AR_KPI_CEI] = {"CEI (collection effectiveness index)", "CEI", true},
    [AR_KPI_COLLECTION_RATE] = {"Collection rate within 45 days",
                                "Collection rate", true},
    [AR_KPI_DAYS_TO_PAYMENT] = {"Days to payment (late items)",
                                "Days to payment", false},
    [AR_KPI_RETENTION] = {"Retention after resolution", "Retention", true},
    [AR_KPI_COST_PER_RECOVERY] = {"Cost per recovery", "Cost per recovery",
                                  true},
};

static const char *const rag_labels[AR_RAG_COUNT_] = {
    [AR_RAG_NONE] = "no target",
    [AR_RAG_GREEN] = "GREEN",
    [AR_RAG_AMBER] = "AMBER",
    [AR_RAG_RED] = "RED",
};

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

typedef struct book {
    lxw_workbook *wb;
    const ar_run *run;
    const ar_analysis *a;
    const ar_policy *p;
    const ar_kpis *k;
    ar_xlsx_formats f;
    lxw_format *value[AR_RAG_COUNT_];   /* "0.00" on the status colour */
    lxw_format *status[AR_RAG_COUNT_];  /* bold centred status word */
    lxw_format *na;                     /* "n/a", grey, right */
    lxw_format *wrap;                   /* wrapped text, top */
    lxw_format *bold;
    lxw_format *target[3];              /* ">= ", "<= ", "< " + value */
    int err;                            /* first libxlsxwriter error */
} book;

static void check(book *b, int e)
{
    if (e != LXW_NO_ERROR && b->err == LXW_NO_ERROR)
        b->err = e;
}

static lxw_format *new_format(book *b, const char *num_format)
{
    lxw_format *f = workbook_add_format(b->wb);
    if (num_format)
        format_set_num_format(f, num_format);
    return f;
}

static void formats_init(book *b)
{
    ar_xlsx_formats_init(b->wb, &b->f);
    for (int r = 0; r < AR_RAG_COUNT_; r++) {
        b->value[r] = new_format(b, "#,##0.00");
        b->status[r] = new_format(b, NULL);
        format_set_bold(b->status[r]);
        format_set_align(b->status[r], LXW_ALIGN_CENTER);
        if (r == AR_RAG_NONE)
            continue;
        lxw_format *both[2] = {b->value[r], b->status[r]};
        for (int j = 0; j < 2; j++) {
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
    format_set_align(b->wrap, LXW_ALIGN_VERTICAL_TOP);
    b->bold = new_format(b, NULL);
    format_set_bold(b->bold);
    b->target[0] = new_format(b, "\"\xE2\x89\xA5 \"General");  /* ≥ */
    b->target[1] = new_format(b, "\"\xE2\x89\xA4 \"General");  /* ≤ */
    b->target[2] = new_format(b, "\"< \"General");
}

/* ---- cell writers --------------------------------------------------- */

static void text(book *b, lxw_worksheet *ws, uint32_t row, uint16_t col,
                 const char *s, lxw_format *fmt)
{
    check(b, ar_xlsx_text(ws, row, col, s, fmt));
}

static void number(book *b, lxw_worksheet *ws, uint32_t row, uint16_t col,
                   double v, lxw_format *fmt)
{
    check(b, worksheet_write_number(ws, row, col, v, fmt));
}

static void cents(book *b, lxw_worksheet *ws, uint32_t row, uint16_t col,
                  ar_cents v, lxw_format *fmt)
{
    check(b, ar_xlsx_cents(ws, row, col, v, fmt));
}

/* A KPI value coloured by its status, or "n/a". */
static void kpi_cell(book *b, lxw_worksheet *ws, uint32_t row, uint16_t col,
                     ar_kpi_id id, ar_kpi_value v)
{
    if (!v.defined) {
        text(b, ws, row, col, "n/a", b->na);
        return;
    }
    number(b, ws, row, col, v.value,
           b->value[ar_kpi_status(b->p, id, v)]);
}

/* A formula with its value cached, for totals a reader can retrace. */
static void formula(book *b, lxw_worksheet *ws, uint32_t row, uint16_t col,
                    const char *fml, double cached, lxw_format *fmt)
{
    check(b, worksheet_write_formula_num(ws, row, col, fml, fmt, cached));
}

/* "=SUM(C6:C11)" over rows [r0, r1] of column col. */
static void sum_formula(char *buf, size_t size, uint16_t col, uint32_t r0,
                        uint32_t r1)
{
    char c0[16], c1[16];
    lxw_rowcol_to_cell(c0, r0, col);
    lxw_rowcol_to_cell(c1, r1, col);
    snprintf(buf, size, "=SUM(%s:%s)", c0, c1);
}

static char *date_text(ar_date d, char *buf, size_t size)
{
    return ar_date_format_iso(d, buf, size);
}

static const char *base_code(const book *b)
{
    const ar_ledger *lg = b->run->ledger;
    const char *code =
        ar_ledger_currency_code(lg, ar_ledger_base_currency(lg));
    return code[0] ? code : "(unnamed)";
}

/* ---- words ---------------------------------------------------------- */

/* The definition of KPI id as implemented, with the policy's windows. */
static void definition(const book *b, ar_kpi_id id, char *buf, size_t size)
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
static void write_target(book *b, lxw_worksheet *ws, uint32_t row,
                         uint16_t col, ar_kpi_id id)
{
    double t, am;
    bool higher, strict;
    if (!ar_kpi_target(b->p, id, &t, &am, &higher, &strict)) {
        text(b, ws, row, col,
             id == AR_KPI_BEST_DSO ? "none (benchmark)"
                                   : "none: lower is better",
             b->f.text);
        return;
    }
    number(b, ws, row, col, t, b->target[higher ? 0 : strict ? 2 : 1]);
}

/* The green, amber and red bands of KPI id in words; false when it has
 * no target. */
static bool bands(const book *b, ar_kpi_id id, char g[64], char m[64],
                  char r[64])
{
    double t, am;
    bool hi, strict;
    if (!ar_kpi_target(b->p, id, &t, &am, &hi, &strict))
        return false;
    const char *u = metas[id].percent ? " %" : " days";
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

/* ---- sheets --------------------------------------------------------- */

static lxw_worksheet *add_sheet(book *b, const char *name, const char *title,
                                const char *note)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
    if (!ws) {
        check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    text(b, ws, 0, 0, title, b->f.title);
    if (note)
        text(b, ws, 1, 0, note, b->f.note);
    return ws;
}

static void header_row(book *b, lxw_worksheet *ws, uint32_t row,
                       const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        text(b, ws, row, (uint16_t)i, names[i], b->f.header);
}

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

static void write_kpi_sheet(book *b)
{
    const ar_kpis *k = b->k;
    char note[400], d0[16], d1[16], s[16];
    ar_date D = b->a->as_of;
    snprintf(note, sizeof note,
             "Base currency %s. KPI window W = (%s, %s], %d days. n/a = no "
             "data in the window (never 0). Status: green meets the target, "
             "amber is within the amber band, red is beyond it.",
             base_code(b), date_text(D - b->p->kpi_window_days, d0, sizeof d0),
             date_text(D, d1, sizeof d1), b->p->kpi_window_days);
    char title[80];
    snprintf(title, sizeof title, "Collection KPIs as of %s", d1);
    lxw_worksheet *ws = add_sheet(b, "KPI", title, note);
    if (!ws)
        return;
    if (!ar_date_is_month_end(D)) {
        snprintf(note, sizeof note,
                 "%s is not a month-end: the CEI is month-to-date, from %s.",
                 d1, date_text(ar_date_prev_month_end(D), s, sizeof s));
        text(b, ws, 2, 0, note, b->f.note);
    }
    const char *heads[K_COLS] = {"KPI", "Value", "Unit", "Target", "Status",
                                 "Amber and red bands"};
    for (int t = 0; t < AR_TIER_COUNT_; t++)
        heads[K_TIER0 + t] = tier_labels[tier_order[t]];
    heads[K_DEF] = "Definition (as computed)";
    header_row(b, ws, FIRST_ROW - 1, heads, K_COLS);

    for (int id = 0; id < AR_KPI_COUNT_; id++) {
        uint32_t row = FIRST_ROW + (uint32_t)id;
        ar_kpi_value v = k->v[id];
        text(b, ws, row, K_NAME, metas[id].name, b->bold);
        kpi_cell(b, ws, row, K_VALUE, (ar_kpi_id)id, v);
        text(b, ws, row, K_UNIT, metas[id].percent ? "%" : "days",
             b->f.text);
        write_target(b, ws, row, K_TARGET, (ar_kpi_id)id);
        ar_rag st = ar_kpi_status(b->p, (ar_kpi_id)id, v);
        char g[64], m[64], r[64], band[200];
        bool has = bands(b, (ar_kpi_id)id, g, m, r);
        if (has) {
            snprintf(band, sizeof band, "amber: %s; red: %s", m, r);
            text(b, ws, row, K_BAND, band, b->wrap);
        }
        text(b, ws, row, K_STATUS,
             !has ? rag_labels[AR_RAG_NONE] : v.defined ? rag_labels[st]
                                                        : "n/a",
             b->status[st]);
        for (int j = 0; j < AR_TIER_COUNT_; j++)
            kpi_cell(b, ws, row, (uint16_t)(K_TIER0 + j), (ar_kpi_id)id,
                     k->by_tier[tier_order[j]][id]);
        char def[600];
        definition(b, (ar_kpi_id)id, def, sizeof def);
        text(b, ws, row, K_DEF, def, b->wrap);
        check(b, worksheet_set_row(ws, row, 62, NULL));
    }

    /* The exact cents behind every ratio, in total and by tier. */
    uint32_t r0 = FIRST_ROW + AR_KPI_COUNT_ + 1;
    text(b, ws, r0, 0,
         "The exact figures behind the KPIs (amounts in currency units)",
         b->bold);
    const char *fh[2 + AR_TIER_COUNT_] = {"Figure", "All clients"};
    for (int t = 0; t < AR_TIER_COUNT_; t++)
        fh[2 + t] = tier_labels[tier_order[t]];
    header_row(b, ws, r0 + 1, fh, 2 + AR_TIER_COUNT_);
    for (int i = 0; i < FIGURES; i++) {
        uint32_t row = r0 + 2 + (uint32_t)i;
        text(b, ws, row, 0, figure_names[i].name, b->f.text);
    }
    for (int col = 0; col <= AR_TIER_COUNT_; col++) {
        int64_t v[FIGURES];
        figures(col == 0 ? &k->in : &k->tier_in[tier_order[col - 1]], v);
        for (int i = 0; i < FIGURES; i++) {
            uint32_t row = r0 + 2 + (uint32_t)i;
            if (figure_names[i].money)
                cents(b, ws, row, (uint16_t)(1 + col), v[i], b->f.money);
            else
                number(b, ws, row, (uint16_t)(1 + col), (double)v[i],
                       b->f.whole);
        }
    }
    uint32_t last = r0 + 2 + FIGURES;
    text(b, ws, last + 1, 0,
         "By tier: each KPI over the clients of that tier as decided at D. "
         "Cost rows of clients without a ledger row up to D count only in "
         "All clients.",
         b->f.note);

    check(b, worksheet_set_column(ws, K_NAME, K_NAME, 52, NULL));
    check(b, worksheet_set_column(ws, K_VALUE, K_VALUE, 13, NULL));
    check(b, worksheet_set_column(ws, K_UNIT, K_UNIT, 6, NULL));
    check(b, worksheet_set_column(ws, K_TARGET, K_TARGET, 13, NULL));
    check(b, worksheet_set_column(ws, K_STATUS, K_STATUS, 10, NULL));
    check(b, worksheet_set_column(ws, K_BAND, K_BAND, 24, NULL));
    check(b, worksheet_set_column(ws, K_TIER0, K_TIER0 + AR_TIER_COUNT_ - 1,
                                  13, NULL));
    check(b, worksheet_set_column(ws, K_DEF, K_DEF, 70, NULL));
    worksheet_freeze_panes(ws, FIRST_ROW, 1);
    worksheet_activate(ws);
}

/* ---- trend ---------------------------------------------------------- */

enum { T_DATE, T_KPI0, T_AR = T_KPI0 + AR_KPI_COUNT_, T_CURRENT, T_SALES,
       T_RECOVERED, T_COSTS, T_COLS };

static void write_trend_sheet(book *b, lxw_worksheet **out)
{
    const ar_kpis *k = b->k;
    char note[400], d[16];
    snprintf(note, sizeof note,
             "The KPI sheet's computation at each month-end, as the ledger "
             "stood then; the last row is the as-of date %s%s. Money in %s, "
             "windows of %d days ending at each date.",
             date_text(b->a->as_of, d, sizeof d),
             ar_date_is_month_end(b->a->as_of)
                 ? ""
                 : " (not a month-end: its CEI is month-to-date)",
             base_code(b), b->p->kpi_window_days);
    char title[64];
    snprintf(title, sizeof title, "%d-month trend", k->trend_count);
    lxw_worksheet *ws = add_sheet(b, "Trend", title, note);
    *out = ws;
    if (!ws)
        return;
    const char *heads[T_COLS] = {"Month-end"};
    char names[AR_KPI_COUNT_][48];
    for (int id = 0; id < AR_KPI_COUNT_; id++) {
        snprintf(names[id], sizeof names[id], "%s (%s)",
                 metas[id].short_name, metas[id].percent ? "%" : "days");
        heads[T_KPI0 + id] = names[id];
    }
    heads[T_AR] = "AR(D)";
    heads[T_CURRENT] = "Current(D)";
    heads[T_SALES] = "Sales in W";
    heads[T_RECOVERED] = "Recovered in W";
    heads[T_COSTS] = "Collection costs in W";
    header_row(b, ws, FIRST_ROW - 1, heads, T_COLS);
    for (int i = 0; i < k->trend_count; i++) {
        const ar_kpi_point *pt = &k->trend[i];
        uint32_t row = FIRST_ROW + (uint32_t)i;
        number(b, ws, row, T_DATE, ar_xlsx_serial(pt->date), b->f.date);
        for (int id = 0; id < AR_KPI_COUNT_; id++)
            kpi_cell(b, ws, row, (uint16_t)(T_KPI0 + id), (ar_kpi_id)id,
                     pt->v[id]);
        cents(b, ws, row, T_AR, pt->in.ar_d, b->f.money);
        cents(b, ws, row, T_CURRENT, pt->in.current_d, b->f.money);
        cents(b, ws, row, T_SALES, pt->in.sales_w, b->f.money);
        cents(b, ws, row, T_RECOVERED, pt->in.recovered_w, b->f.money);
        if (pt->in.have_costs)
            cents(b, ws, row, T_COSTS, pt->in.costs_w + pt->in.commission_w,
                  b->f.money);
        else
            text(b, ws, row, T_COSTS, "n/a", b->na);
    }
    check(b, worksheet_set_column(ws, T_DATE, T_DATE, 12, NULL));
    check(b, worksheet_set_column(ws, T_KPI0, T_COSTS, 15, NULL));
    check(b, worksheet_set_row(ws, FIRST_ROW - 1, 32, NULL));
    worksheet_freeze_panes(ws, FIRST_ROW, 1);
}

/* ---- cost per recovery ---------------------------------------------- */

enum { C_NAME, C_ROWS, C_COSTS, C_COMMISSION, C_RECOVERED, C_RECOVERIES,
       C_RATIO, C_STATUS, C_COLS };

/* One table of cost per recovery rows and a total; returns the row after
 * it. */
static uint32_t cost_table(book *b, lxw_worksheet *ws, uint32_t row,
                           const char *first_head,
                           const char *const *labels,
                           const ar_recovery_cost *const *rc, int n,
                           const ar_recovery_cost *total,
                           const char *total_label)
{
    const char *heads[C_COLS] = {
        first_head,     "Cost rows",  "Collection costs", "Agency commission",
        "Recovered",    "Recoveries", "Cost per recovery (%)", "Status"};
    header_row(b, ws, row++, heads, C_COLS);
    uint32_t first = row;
    for (int i = 0; i < n; i++, row++) {
        text(b, ws, row, C_NAME, labels[i], b->f.text);
        number(b, ws, row, C_ROWS, rc[i]->cost_rows, b->f.whole);
        cents(b, ws, row, C_COSTS, rc[i]->costs, b->f.money);
        cents(b, ws, row, C_COMMISSION, rc[i]->commission, b->f.money);
        cents(b, ws, row, C_RECOVERED, rc[i]->recovered, b->f.money);
        number(b, ws, row, C_RECOVERIES, rc[i]->recoveries, b->f.whole);
        kpi_cell(b, ws, row, C_RATIO, AR_KPI_COST_PER_RECOVERY,
                 rc[i]->ratio);
        ar_rag st = ar_kpi_status(b->p, AR_KPI_COST_PER_RECOVERY,
                                  rc[i]->ratio);
        text(b, ws, row, C_STATUS,
             rc[i]->ratio.defined ? rag_labels[st] : "n/a", b->status[st]);
    }
    /* Totals as formulas a reader can retrace, with their values cached;
     * the commission total is rounded once, as the KPI is. */
    char fml[64];
    text(b, ws, row, C_NAME, total_label, b->f.total_text);
    sum_formula(fml, sizeof fml, C_ROWS, first, row - 1);
    formula(b, ws, row, C_ROWS, fml, total->cost_rows, b->f.total_whole);
    sum_formula(fml, sizeof fml, C_COSTS, first, row - 1);
    formula(b, ws, row, C_COSTS, fml, ar_xlsx_units(total->costs),
            b->f.total_money);
    cents(b, ws, row, C_COMMISSION, total->commission, b->f.total_money);
    sum_formula(fml, sizeof fml, C_RECOVERED, first, row - 1);
    formula(b, ws, row, C_RECOVERED, fml, ar_xlsx_units(total->recovered),
            b->f.total_money);
    sum_formula(fml, sizeof fml, C_RECOVERIES, first, row - 1);
    formula(b, ws, row, C_RECOVERIES, fml, total->recoveries,
            b->f.total_whole);
    kpi_cell(b, ws, row, C_RATIO, AR_KPI_COST_PER_RECOVERY, total->ratio);
    ar_rag st = ar_kpi_status(b->p, AR_KPI_COST_PER_RECOVERY, total->ratio);
    text(b, ws, row, C_STATUS,
         total->ratio.defined ? rag_labels[st] : "n/a", b->status[st]);
    return row + 1;
}

static void write_cost_sheet(book *b, lxw_worksheet **out)
{
    const ar_kpis *k = b->k;
    char note[600], d0[16], d1[16];
    snprintf(note, sizeof note,
             "Window W = (%s, %s]. A cost row or a recovery counts for the "
             "stage of the client's latest letter in the history file dated "
             "on or before it (\"No letter yet\" when there is none). "
             "Recovered = payments applied in W to items after their due "
             "date. Agency commission: %.2f %% of what an account paid from "
             "its first agency cost row on.",
             date_text(b->a->as_of - b->p->kpi_window_days, d0, sizeof d0),
             date_text(b->a->as_of, d1, sizeof d1),
             b->p->agency_commission_bp / 100.0);
    lxw_worksheet *ws = add_sheet(b, "Cost per recovery",
                                  "Cost per recovery by dunning stage and "
                                  "risk tier",
                                  note);
    *out = ws;
    if (!ws)
        return;
    if (!k->in.have_costs)
        text(b, ws, 2, 0,
             "No costs file was given: cost per recovery is n/a (the "
             "recoveries are shown).",
             b->f.note);
    const ar_recovery_cost *rc[AR_STAGES + 1];
    for (int s = 0; s <= AR_STAGES; s++)
        rc[s] = &k->by_stage[s];
    uint32_t row = cost_table(b, ws, FIRST_ROW - 1, "Stage of latest letter",
                              stage_labels, rc, AR_STAGES + 1,
                              &k->cost_total, "All stages");
    const ar_recovery_cost *rt[AR_TIER_COUNT_ + 1];
    const char *labels[AR_TIER_COUNT_ + 1];
    /* cost rows of clients with no ledger row up to D have no tier: a
     * row of their own keeps the table adding up to the KPI */
    ar_recovery_cost rest = k->cost_total;
    for (int t = 0; t < AR_TIER_COUNT_; t++) {
        rt[t] = &k->cost_by_tier[tier_order[t]];
        labels[t] = tier_labels[tier_order[t]];
        rest.cost_rows -= rt[t]->cost_rows;
        rest.costs -= rt[t]->costs;
        rest.recovered -= rt[t]->recovered;
        rest.recoveries -= rt[t]->recoveries;
    }
    int n = AR_TIER_COUNT_;
    if (rest.cost_rows > 0) {
        rest.commission = 0;
        rest.ratio = (ar_kpi_value){false, 0}; /* nothing recovered */
        rt[n] = &rest;
        labels[n++] = "No ledger row up to D";
    }
    cost_table(b, ws, row + 1, "Risk tier", labels, rt, n, &k->cost_total,
               "All clients");
    check(b, worksheet_set_column(ws, C_NAME, C_NAME, 24, NULL));
    check(b, worksheet_set_column(ws, C_ROWS, C_STATUS, 15, NULL));
    check(b, worksheet_set_row(ws, FIRST_ROW - 1, 32, NULL));
}

/* ---- debtors -------------------------------------------------------- */

enum { D_RANK, D_ID, D_NAME, D_TIER, D_STAGE, D_OVERDUE, D_DISPUTED,
       D_DPD, D_SHARE, D_CUMULATIVE, D_COLS };

static void write_debtors_sheet(book *b, lxw_worksheet **out,
                                uint32_t *aging_row)
{
    const ar_kpis *k = b->k;
    const ar_analysis *a = b->a;
    const ar_ledger *lg = b->run->ledger;
    char note[300];
    snprintf(note, sizeof note,
             "Base currency %s only. Overdue = open items at least 1 day "
             "past due, disputed ones included (the aging's past-due "
             "buckets).",
             base_code(b));
    lxw_worksheet *ws = add_sheet(b, "Debtors",
                                  "Aging distribution and top debtors", note);
    *out = ws;
    if (!ws)
        return;
    const ar_totals *tot =
        ar_analysis_totals(a, ar_ledger_base_currency(lg));
    static const char *const aheads[] = {"Aging bucket", "Open amount",
                                         "Share of open AR"};
    header_row(b, ws, FIRST_ROW - 1, aheads, 3);
    uint32_t row = FIRST_ROW;
    *aging_row = row;
    for (int i = 0; i < b->p->bucket_count; i++, row++) {
        ar_cents v = tot ? tot->buckets[i] : 0;
        text(b, ws, row, 0, b->p->buckets[i].label, b->f.text);
        cents(b, ws, row, 1, v, b->f.money);
        if (tot && tot->open != 0)
            number(b, ws, row, 2, (double)v / (double)tot->open,
                   b->f.percent);
        else
            text(b, ws, row, 2, "n/a", b->na);
    }
    char fml[64];
    text(b, ws, row, 0, "Open AR", b->f.total_text);
    sum_formula(fml, sizeof fml, 1, FIRST_ROW, row - 1);
    formula(b, ws, row, 1, fml, ar_xlsx_units(tot ? tot->open : 0),
            b->f.total_money);
    /* the aging chart sits right of the buckets, rows 1 to about 19 */
    row = row + 3 > AGING_CHART_END ? row + 3 : AGING_CHART_END;

    char title[80];
    snprintf(title, sizeof title, "Top %d debtors by overdue balance",
             AR_TOP_DEBTORS);
    text(b, ws, row++, 0, title, b->bold);
    static const char *const theads[D_COLS] = {
        "Rank",        "Client",          "Name",
        "Tier",        "Stage",           "Overdue",
        "of which disputed", "Most overdue item (days)",
        "Share of all overdue", "Cumulative share"};
    header_row(b, ws, row++, theads, D_COLS);
    uint32_t first = row;
    ar_cents cum = 0;
    for (int i = 0; i < k->top_count; i++, row++) {
        const ar_debtor *dbt = &k->top[i];
        const ar_client_result *cr = &a->clients[dbt->result];
        const ar_client_info *info = ar_ledger_info_of(lg, cr->client);
        number(b, ws, row, D_RANK, i + 1, b->f.whole);
        text(b, ws, row, D_ID,
             ar_ledger_text(lg, ar_ledger_clients(lg)[cr->client].id),
             b->f.text);
        if (info)
            text(b, ws, row, D_NAME, ar_ledger_text(lg, info->name),
                 b->f.text);
        else
            text(b, ws, row, D_NAME, "(not in the clients file)", b->f.note);
        text(b, ws, row, D_TIER, tier_labels[cr->risk.tier], b->f.text);
        number(b, ws, row, D_STAGE, cr->stage, b->f.whole);
        cents(b, ws, row, D_OVERDUE, dbt->overdue, b->f.money);
        cents(b, ws, row, D_DISPUTED, dbt->disputed, b->f.money);
        number(b, ws, row, D_DPD, dbt->max_dpd, b->f.whole);
        cum += dbt->overdue;
        if (k->overdue_total > 0) {
            number(b, ws, row, D_SHARE,
                   (double)dbt->overdue / (double)k->overdue_total,
                   b->f.percent);
            number(b, ws, row, D_CUMULATIVE,
                   (double)cum / (double)k->overdue_total, b->f.percent);
        }
    }
    if (k->top_count == 0)
        text(b, ws, row++, D_ID, "No client has anything overdue.",
             b->f.note);
    if (k->top_count > 0)
        snprintf(title, sizeof title, "Top %d", k->top_count);
    else
        snprintf(title, sizeof title, "Top debtors");
    text(b, ws, row, D_NAME, title, b->f.total_text);
    if (k->top_count > 0) {
        sum_formula(fml, sizeof fml, D_OVERDUE, first, row - 1);
        formula(b, ws, row, D_OVERDUE, fml, ar_xlsx_units(k->top_overdue),
                b->f.total_money);
    } else {
        cents(b, ws, row, D_OVERDUE, 0, b->f.total_money);
    }
    if (k->concentration.defined)
        number(b, ws, row, D_SHARE, k->concentration.value / 100.0,
               b->f.total_percent);
    else
        text(b, ws, row, D_SHARE, "n/a", b->na);
    row++;
    text(b, ws, row, D_NAME, "All clients", b->f.total_text);
    cents(b, ws, row, D_OVERDUE, k->overdue_total, b->f.total_money);
    row++;
    text(b, ws, row + 1, D_ID,
         "Concentration = the top debtors' share of all overdue.",
         b->f.note);
    if (k->top_count > 0) {
        lxw_conditional_format bar = {.type = LXW_CONDITIONAL_DATA_BAR,
                                      .bar_color = 0x638EC6};
        check(b, worksheet_conditional_format_range(
                     ws, first, D_SHARE,
                     first + (uint32_t)k->top_count - 1, D_SHARE, &bar));
    }
    check(b, worksheet_set_column(ws, D_RANK, D_RANK, 16, NULL));
    check(b, worksheet_set_column(ws, D_ID, D_ID, 14, NULL));
    check(b, worksheet_set_column(ws, D_NAME, D_NAME, 30, NULL));
    check(b, worksheet_set_column(ws, D_TIER, D_CUMULATIVE, 13, NULL));
}

/* ---- how to read ---------------------------------------------------- */

static void write_notes_sheet(book *b)
{
    lxw_worksheet *ws = add_sheet(b, "How to read", "How to read this "
                                  "workbook", NULL);
    if (!ws)
        return;
    static const char *const heads[] = {"KPI", "Target (seed 002, SPEC §4)",
                                        "Green", "Amber", "Red"};
    header_row(b, ws, 2, heads, 5);
    uint32_t row = 3;
    for (int id = 0; id < AR_KPI_COUNT_; id++, row++) {
        char g[64], m[64], r[64];
        text(b, ws, row, 0, metas[id].name, b->f.text);
        write_target(b, ws, row, 1, (ar_kpi_id)id);
        if (!bands(b, (ar_kpi_id)id, g, m, r))
            continue;
        text(b, ws, row, 2, g, b->status[AR_RAG_GREEN]);
        text(b, ws, row, 3, m, b->status[AR_RAG_AMBER]);
        text(b, ws, row, 4, r, b->status[AR_RAG_RED]);
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
    for (int i = 0; i < n; i++)
        text(b, ws, row++, 0, rules[i], b->f.text);
    check(b, worksheet_set_column(ws, 0, 0, 40, NULL));
    check(b, worksheet_set_column(ws, 1, 4, 24, NULL));
}

/* ---- charts --------------------------------------------------------- */

enum { X_LABEL, X_DSO, X_BEST, X_RATE, X_RATE_TARGET, X_STAGE = 6,
       X_COST };

/* The charts' series: the trend with n/a as blank cells. */
static lxw_worksheet *write_chart_data(book *b)
{
    const ar_kpis *k = b->k;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, CHART_SHEET);
    if (!ws) {
        check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    static const char *const heads[] = {
        "Month-end", "DSO", "Best possible DSO", "Collection rate (%)",
        "Target (%)", "", "Stage", "Cost per recovery (%)"};
    header_row(b, ws, 0, heads, 8);
    double t, am;
    bool hi, strict;
    ar_kpi_target(b->p, AR_KPI_COLLECTION_RATE, &t, &am, &hi, &strict);
    for (int i = 0; i < k->trend_count; i++) {
        const ar_kpi_point *pt = &k->trend[i];
        uint32_t row = 1 + (uint32_t)i;
        char d[16];
        text(b, ws, row, X_LABEL, date_text(pt->date, d, sizeof d),
             b->f.text);
        const ar_kpi_id ids[3] = {AR_KPI_DSO, AR_KPI_BEST_DSO,
                                  AR_KPI_COLLECTION_RATE};
        for (int j = 0; j < 3; j++)
            if (pt->v[ids[j]].defined)
                number(b, ws, row, (uint16_t)(X_DSO + j),
                       pt->v[ids[j]].value, b->value[AR_RAG_NONE]);
        number(b, ws, row, X_RATE_TARGET, t, b->value[AR_RAG_NONE]);
    }
    for (int s = 0; s <= AR_STAGES; s++) {
        text(b, ws, 1 + (uint32_t)s, X_STAGE, stage_labels[s], b->f.text);
        if (k->by_stage[s].ratio.defined)
            number(b, ws, 1 + (uint32_t)s, X_COST, k->by_stage[s].ratio.value,
                   b->value[AR_RAG_NONE]);
    }
    worksheet_hide(ws);
    return ws;
}

static lxw_chart *new_chart(book *b, uint8_t type, const char *title,
                            const char *y_name, const char *y_format)
{
    lxw_chart *c = workbook_add_chart(b->wb, type);
    if (!c) {
        check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    chart_title_set_name(c, title);
    chart_axis_set_name(c->y_axis, y_name);
    chart_axis_set_num_format(c->y_axis, y_format);
    chart_show_blanks_as(c, LXW_CHART_BLANKS_AS_GAP);
    return c;
}

static void add_line(lxw_chart *c, int last, uint16_t col, const char *name,
                     lxw_color_t color, bool dashed)
{
    lxw_chart_series *s = chart_add_series(c, NULL, NULL);
    chart_series_set_categories(s, CHART_SHEET, 1, X_LABEL, (uint32_t)last,
                                X_LABEL);
    chart_series_set_values(s, CHART_SHEET, 1, col, (uint32_t)last, col);
    chart_series_set_name(s, name);
    lxw_chart_line line = {.color = color, .width = 2.25};
    if (dashed)
        line.dash_type = LXW_CHART_LINE_DASH_DASH;
    chart_series_set_line(s, &line);
    if (!dashed)
        chart_series_set_marker_type(s, LXW_CHART_MARKER_CIRCLE);
    else
        chart_series_set_marker_type(s, LXW_CHART_MARKER_NONE);
}

static void insert(book *b, lxw_worksheet *ws, uint32_t row, uint16_t col,
                   lxw_chart *c)
{
    if (!ws || !c)
        return;
    lxw_chart_options opt = {.x_scale = 1.3, .y_scale = 1.2};
    check(b, worksheet_insert_chart_opt(ws, row, col, c, &opt));
}

static void write_charts(book *b, lxw_worksheet *trend, lxw_worksheet *cost,
                         lxw_worksheet *debtors, uint32_t aging_row)
{
    int n = b->k->trend_count;
    lxw_chart *c = new_chart(b, LXW_CHART_LINE, "DSO trend", "days", "0");
    if (c) {
        add_line(c, n, X_DSO, "DSO", 0x1F4E79, false);
        add_line(c, n, X_BEST, "Best possible DSO", 0x70AD47, false);
        chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
        insert(b, trend, FIRST_ROW + (uint32_t)n + 2, 0, c);
    }
    c = new_chart(b, LXW_CHART_LINE, "Collection rate within 45 days",
                  "% of amount due", "0");
    if (c) {
        add_line(c, n, X_RATE, "Collection rate", 0x1F4E79, false);
        add_line(c, n, X_RATE_TARGET, "Target", 0xC00000, true);
        chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
        insert(b, trend, FIRST_ROW + (uint32_t)n + 2, 7, c);
    }
    c = new_chart(b, LXW_CHART_COLUMN, "Cost per recovery by stage",
                  "% of recovered", "0.0");
    if (c) {
        lxw_chart_series *s = chart_add_series(c, NULL, NULL);
        chart_series_set_categories(s, CHART_SHEET, 1, X_STAGE,
                                    1 + AR_STAGES, X_STAGE);
        chart_series_set_values(s, CHART_SHEET, 1, X_COST, 1 + AR_STAGES,
                                X_COST);
        chart_series_set_name(s, "Cost per recovery (%)");
        lxw_chart_fill fill = {.color = 0x4472C4};
        chart_series_set_fill(s, &fill);
        chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
        insert(b, cost, FIRST_ROW + AR_STAGES + AR_TIER_COUNT_ + 7, 0, c);
    }
    c = new_chart(b, LXW_CHART_COLUMN, "Aging distribution (base currency)",
                  "open amount", "#,##0");
    if (c && debtors) {
        lxw_chart_series *s = chart_add_series(c, NULL, NULL);
        uint32_t last = aging_row + (uint32_t)b->p->bucket_count - 1;
        chart_series_set_categories(s, "Debtors", aging_row, 0, last, 0);
        chart_series_set_values(s, "Debtors", aging_row, 1, last, 1);
        chart_series_set_name(s, "Open amount");
        lxw_chart_fill fill = {.color = 0x4472C4};
        chart_series_set_fill(s, &fill);
        chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
        insert(b, debtors, 1, 4, c);
    }
}

ar_err ar_render_kpi(const ar_run *run, const char *dir, ar_diag *d)
{
    book b = {.run = run,
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
    formats_init(&b);
    lxw_worksheet *trend = NULL, *cost = NULL, *debtors = NULL;
    uint32_t aging_row = 0;
    write_kpi_sheet(&b);
    write_trend_sheet(&b, &trend);
    write_cost_sheet(&b, &cost);
    write_debtors_sheet(&b, &debtors, &aging_row);
    write_notes_sheet(&b);
    write_chart_data(&b);
    write_charts(&b, trend, cost, debtors, aging_row);
    return ar_xlsx_close(b.wb, b.err, dir, FILE_NAME, d);
}
