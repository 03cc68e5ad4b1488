/* aging_reconciliation.c - the Reconciliation sheet of aging.xlsx (SPEC
 * §2.1, §6, §8.19): run.json's control totals per currency, and every
 * check as a live formula over the other sheets with its result cached. */
#include "ar/render/xlsx/aging_book.h"

#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>

/* Excel takes 8,192 characters of formula at most. */
#define FORMULA_MAX 8000

/* "$B$11": an absolute cell reference. */
static char *abs_cell(char *buf, uint32_t row, uint16_t col)
{
    lxw_rowcol_to_cell_abs(buf, row, col, 1, 1);
    return buf;
}

/* "SUMIFS('Open items'!K2:K9,'Open items'!M2:M9,crit,'Open items'!D2:D9,
 * "<>")+..." over every sheet of l into buf: sum_col where key_col matches
 * crit (crit NULL: every row), on the rows with something in l's count
 * column (never a totals row); sum_col UINT16_MAX with crit NULL: COUNTA
 * of key_col. False when it does not fit (the value is then written
 * without formula). */
static bool list_formula(const ar_aging_list *l, uint16_t key_col,
                         uint16_t sum_col, const char *crit, char *buf,
                         size_t size)
{
    size_t used = (size_t)snprintf(buf, size, "=");
    for (uint32_t k = 0; k < l->sheets; k++) {
        char ref[80], keys[32], sums[32], rows[32];
        uint32_t last = l->rows_in[k] ? l->rows_in[k] : 1;
        ar_xlsx_sheet_ref(l->names[k], ref, sizeof ref);
        ar_xlsx_range(keys, 1, key_col, last, key_col);
        ar_xlsx_range(rows, 1, l->count_col, last, l->count_col);
        if (sum_col != UINT16_MAX)
            ar_xlsx_range(sums, 1, sum_col, last, sum_col);
        int w;
        if (sum_col == UINT16_MAX)
            w = snprintf(buf + used, size - used, "%sCOUNTA(%s!%s)",
                         k ? "+" : "", ref, keys);
        else if (!crit)
            w = snprintf(buf + used, size - used,
                         "%sSUMIFS(%s!%s,%s!%s,\"<>\")", k ? "+" : "", ref,
                         sums, ref, rows);
        else
            w = snprintf(buf + used, size - used,
                         "%sSUMIFS(%s!%s,%s!%s,%s,%s!%s,\"<>\")",
                         k ? "+" : "", ref, sums, ref, keys, crit, ref,
                         rows);
        if (w < 0 || (size_t)w >= size - used)
            return false;
        used += (size_t)w;
    }
    return used < FORMULA_MAX;
}

typedef struct check {
    const char *what;
    const char *currency;
    char left[FORMULA_MAX + 8];  /* formula, or "" for a plain value */
    char right[64];
    double left_v, right_v;
    bool money;
    bool ok;
} check;

static void write_check(ar_aging_book *b, lxw_worksheet *ws, uint32_t row,
                        const check *c, lxw_format *money)
{
    lxw_format *fmt = c->money ? money : b->f.whole;
    char f1[16], f2[16], formula[96];
    KEEP(b, worksheet_write_string(ws, row, 0, c->what, NULL));
    KEEP(b, ar_xlsx_text(ws, row, 1, c->currency, NULL));
    if (*c->left)
        ar_aging_formula_num(b, ws, row, 2, c->left, fmt, c->left_v);
    else
        KEEP(b, worksheet_write_number(ws, row, 2, c->left_v, fmt));
    ar_aging_formula_num(b, ws, row, 3, c->right, fmt, c->right_v);
    snprintf(formula, sizeof formula, "=%s-%s", ar_xlsx_cell(f1, row, 2),
             ar_xlsx_cell(f2, row, 3));
    ar_aging_formula_num(b, ws, row, 4, formula, fmt, c->left_v - c->right_v);
    /* money compares at the cent: a spreadsheet's float sums may differ
     * in the 12th digit */
    snprintf(formula, sizeof formula, "=IF(ROUND(%s,2)=0,\"OK\",\"FAIL\")",
             ar_xlsx_cell(f1, row, 4));
    KEEP(b, worksheet_write_formula_str(ws, row, 5, formula,
                                        c->ok ? b->ok : b->fail,
                                        c->ok ? "OK" : "FAIL"));
}

void ar_aging_write_reconciliation(ar_aging_book *b)
{
    const ar_run *run = b->run;
    const ar_analysis *a = b->a;
    const ar_policy *p = b->p;
    const int nb = p->bucket_count;
    lxw_worksheet *ws = b->reconciliation;
    char day[16], title[96], f1[16], f2[16], f3[16];
    ar_date_format_iso(a->as_of, day, sizeof day);
    snprintf(title, sizeof title, "Reconciliation as of %s", day);
    KEEP(b, worksheet_write_string(ws, 0, 0, title, b->f.title));
    KEEP(b, worksheet_write_string(
                ws, 1, 0,
                "The control totals of run.json and every check with its "
                "result. Amounts per currency, never converted.",
                b->f.note));

    /* Rows and counts (run.json "counts"). */
    uint32_t row = 3;
    KEEP(b, worksheet_write_string(ws, row, 0, "Rows", b->f.header));
    KEEP(b, worksheet_write_string(ws, row, 1, "Count", b->f.header_num));
    row++;
    enum { N_READ, N_USED, N_REJECTED, N_SKIPPED, N_CLIENTS, N_ITEMS,
           N_COUNT_ };
    static const char *const count_names[N_COUNT_] = {
        [N_READ] = "Ledger rows read",
        [N_USED] = "Rows used",
        [N_REJECTED] = "Rows rejected",
        [N_SKIPPED] = "Rows skipped",
        [N_CLIENTS] = "Clients in scope",
        [N_ITEMS] = "Open items (all currencies)",
    };
    const uint64_t counts[N_COUNT_] = {
        run->stats.rows_read, run->stats.rows_used, run->stats.rows_rejected,
        run->stats.rows_skipped, a->client_count, a->open_item_count };
    const uint32_t r_count0 = row;
    for (int k = 0; k < N_COUNT_; k++, row++) {
        KEEP(b, worksheet_write_string(ws, row, 0, count_names[k], NULL));
        KEEP(b, worksheet_write_number(ws, row, 1, (double)counts[k],
                                       b->f.whole));
    }

    /* Amounts (run.json "totals_cents", the base currency, and
     * "totals_cents_by_currency"): one column per currency. */
    row++;
    const uint32_t r_head = row;
    KEEP(b, worksheet_write_string(ws, row, 0, "Amounts", b->f.header));
    for (size_t ci = 0; ci < b->ncur; ci++)
        KEEP(b, ar_xlsx_text(ws, row, (uint16_t)(1 + ci),
                             ar_aging_shown_code(b->cur[ci].code),
                             b->f.header_num));
    row++;
    enum { A_INVOICED, A_SETTLED, A_OPEN, A_CREDITS, A_BUCKET0 };
    const uint32_t r_amt0 = row;
    const int lines = A_BUCKET0 + nb + 1; /* + the open item count */
    for (int k = 0; k < lines; k++, row++) {
        char label[64];
        const char *what = k == A_INVOICED ? "Invoiced (INV + DEB)"
                           : k == A_SETTLED ? "Settled (every settlement)"
                           : k == A_OPEN    ? "Open AR (open items, gross)"
                           : k == A_CREDITS ? "Unapplied credits"
                                            : label;
        char bucket[32];
        if (k >= A_BUCKET0 && k < A_BUCKET0 + nb)
            snprintf(label, sizeof label, "Bucket %s",
                     ar_bucket_title(p, k - A_BUCKET0, bucket,
                                     sizeof bucket));
        else if (k == A_BUCKET0 + nb)
            snprintf(label, sizeof label, "Open items (count)");
        KEEP(b, worksheet_write_string(ws, row, 0, what, NULL));
        for (size_t ci = 0; ci < b->ncur; ci++) {
            const ar_totals *t = b->cur[ci].t;
            lxw_format *money = b->cur[ci].money.cell;
            uint16_t c = (uint16_t)(1 + ci);
            if (k == A_BUCKET0 + nb) {
                KEEP(b, worksheet_write_number(ws, row, c,
                                               (double)t->open_items,
                                               b->f.whole));
                continue;
            }
            ar_cents v = k == A_INVOICED  ? t->invoiced
                         : k == A_SETTLED ? t->settled
                         : k == A_OPEN    ? t->open
                         : k == A_CREDITS ? t->unapplied
                                          : t->buckets[k - A_BUCKET0];
            KEEP(b, ar_xlsx_cents(ws, row, c, v, money));
        }
    }

    /* The checks (SPEC §2.1, §8.19), each a live formula with its cached
     * result computed here in cents. */
    row++;
    static const char *const check_head[] = {
        "Check", "Currency", "Value", "Should equal", "Difference",
        "Result" };
    for (uint16_t c = 0; c < 6; c++)
        KEEP(b, worksheet_write_string(
                    ws, row, c, check_head[c],
                    c >= 2 && c <= 4 ? b->f.header_num
                    : c == 5         ? b->header_ctr
                                     : b->f.header));
    row++;
    const uint32_t r_check0 = row;
    check *ck = ar_xmalloc(sizeof *ck);
    lxw_format *money = b->f.money;

    /* SPEC §2.6: rows read = used + rejected + skipped */
    *ck = (check){ .what = "Rows read = rows used + rows rejected + rows "
                           "skipped",
                   .currency = "all" };
    snprintf(ck->left, sizeof ck->left, "=%s",
             ar_xlsx_cell(f1, r_count0 + N_READ, 1));
    snprintf(ck->right, sizeof ck->right, "=%s+%s+%s",
             ar_xlsx_cell(f1, r_count0 + N_USED, 1),
             ar_xlsx_cell(f2, r_count0 + N_REJECTED, 1),
             ar_xlsx_cell(f3, r_count0 + N_SKIPPED, 1));
    uint64_t accounted = run->stats.rows_used + run->stats.rows_rejected +
                         run->stats.rows_skipped;
    ck->left_v = (double)run->stats.rows_read;
    ck->right_v = (double)accounted;
    ck->ok = run->stats.rows_read == accounted;
    write_check(b, ws, row++, ck, money);

    *ck = (check){ .what = "Open items rows = open items",
                   .currency = "all" };
    if (!list_formula(&b->items, b->items.count_col, UINT16_MAX, NULL,
                      ck->left, sizeof ck->left))
        ck->left[0] = '\0';
    snprintf(ck->right, sizeof ck->right, "=%s",
             ar_xlsx_cell(f1, r_count0 + N_ITEMS, 1));
    ck->left_v = (double)b->items.rows;
    ck->right_v = (double)a->open_item_count;
    ck->ok = b->items.rows == a->open_item_count;
    write_check(b, ws, row++, ck, money);

    for (size_t ci = 0; ci < b->ncur; ci++) {
        const ar_aging_cur *co = &b->cur[ci];
        const ar_totals *t = co->t;
        uint16_t c = (uint16_t)(1 + ci);
        money = co->money.cell;
        const char *code = ar_aging_shown_code(co->code);
        char open_ref[16], crit[16], ref[80];
        ar_xlsx_cell(open_ref, r_amt0 + A_OPEN, c);
        /* one currency: plain sums; several: SUMIF on the code, read
         * from the header cell ("" when the ledger has no codes) */
        const char *critp = NULL;
        if (b->ncur > 1) {
            if (*co->code)
                abs_cell(crit, r_head, c);
            else
                snprintf(crit, sizeof crit, "\"\"");
            critp = crit;
        }

        *ck = (check){ .what = "Invoiced - settled = open AR - unapplied "
                               "credits",
                       .currency = code, .money = true };
        snprintf(ck->left, sizeof ck->left, "=%s-%s",
                 ar_xlsx_cell(f1, r_amt0 + A_INVOICED, c),
                 ar_xlsx_cell(f2, r_amt0 + A_SETTLED, c));
        snprintf(ck->right, sizeof ck->right, "=%s-%s", open_ref,
                 ar_xlsx_cell(f3, r_amt0 + A_CREDITS, c));
        ck->left_v = ar_xlsx_units(t->invoiced - t->settled);
        ck->right_v = ar_xlsx_units(t->open - t->unapplied);
        ck->ok = t->invoiced - t->settled == t->open - t->unapplied;
        write_check(b, ws, row++, ck, money);

        *ck = (check){ .what = "Buckets sum to open AR",
                       .currency = code, .money = true };
        ar_cents sum = 0;
        for (int k = 0; k < nb; k++)
            sum += t->buckets[k];
        snprintf(ck->left, sizeof ck->left, "=SUM(%s)",
                 ar_xlsx_range(f1, r_amt0 + A_BUCKET0, c,
                               r_amt0 + A_BUCKET0 + (uint32_t)nb - 1, c));
        snprintf(ck->right, sizeof ck->right, "=%s", open_ref);
        ck->left_v = ar_xlsx_units(sum);
        ck->right_v = ar_xlsx_units(t->open);
        ck->ok = sum == t->open;
        write_check(b, ws, row++, ck, money);

        *ck = (check){ .what = "Summary total = open AR",
                       .currency = code, .money = true };
        if (co->sum_rows)
            snprintf(ck->left, sizeof ck->left, "=SUM(%s!%s)",
                     ar_xlsx_sheet_ref(co->summary, ref, sizeof ref),
                     ar_xlsx_range(f1, co->sum_first, co->total_col,
                                   co->sum_first + co->sum_rows - 1,
                                   co->total_col));
        snprintf(ck->right, sizeof ck->right, "=%s", open_ref);
        ck->left_v = ar_xlsx_units(co->summary_total);
        ck->right_v = ar_xlsx_units(t->open);
        ck->ok = co->summary_total == t->open;
        write_check(b, ws, row++, ck, money);

        *ck = (check){ .what = "Open items sum = open AR",
                       .currency = code, .money = true };
        if (!list_formula(&b->items, b->items.code_col,
                          b->items.amount_col, critp, ck->left,
                          sizeof ck->left))
            ck->left[0] = '\0';
        snprintf(ck->right, sizeof ck->right, "=%s", open_ref);
        ck->left_v = ar_xlsx_units(co->items_open);
        ck->right_v = ar_xlsx_units(t->open);
        ck->ok = co->items_open == t->open && co->items == t->open_items;
        write_check(b, ws, row++, ck, money);

        *ck = (check){ .what = "Rollforward closing AR = open AR - "
                               "unapplied credits",
                       .currency = code, .money = true };
        snprintf(ck->left, sizeof ck->left, "=%s%s%s", "AR_Close",
                 *co->code ? "_" : "", co->code);
        snprintf(ck->right, sizeof ck->right, "=%s-%s", open_ref,
                 ar_xlsx_cell(f1, r_amt0 + A_CREDITS, c));
        const ar_rf_figures *rf =
            ar_rollforward_of(&run->rollforward, t->currency);
        ck->left_v = ar_xlsx_units(ar_rf_computed_closing(rf));
        ck->right_v = ar_xlsx_units(t->open - t->unapplied);
        ck->ok = ar_rf_computed_closing(rf) == t->open - t->unapplied;
        write_check(b, ws, row++, ck, money);

        *ck = (check){ .what = "Unapplied credits sheet = unapplied credits",
                       .currency = code, .money = true };
        if (!list_formula(&b->credits, b->credits.code_col,
                          b->credits.amount_col, critp, ck->left,
                          sizeof ck->left))
            ck->left[0] = '\0';
        snprintf(ck->right, sizeof ck->right, "=%s",
                 ar_xlsx_cell(f1, r_amt0 + A_CREDITS, c));
        ck->left_v = ar_xlsx_units(co->credits);
        ck->right_v = ar_xlsx_units(t->unapplied);
        ck->ok = co->credits == t->unapplied;
        write_check(b, ws, row++, ck, money);
    }
    free(ck);

    /* A recalculating viewer recolours the result it computes. */
    for (int k = 0; k < 2; k++) {
        lxw_conditional_format cf = {
            .type = LXW_CONDITIONAL_TYPE_CELL,
            .criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO,
            .value_string = k ? "\"FAIL\"" : "\"OK\"",
            .format = k ? b->fail : b->ok,
        };
        KEEP(b, worksheet_conditional_format_range(ws, r_check0, 5, row - 1,
                                                   5, &cf));
    }
    KEEP(b, worksheet_set_column(ws, 0, 0, 48, NULL));
    uint16_t last = (uint16_t)(b->ncur > 5 ? b->ncur : 5);
    /* as wide as the largest figure any currency shows */
    double w = 17;
    for (size_t ci = 0; ci < b->ncur; ci++) {
        const ar_totals *t = b->cur[ci].t;
        ar_cents big = t->invoiced > t->settled ? t->invoiced : t->settled;
        double x = ar_xlsx_money_width(&b->cur[ci].money, big, "Should equal");
        w = x > w ? x : w;
    }
    KEEP(b, worksheet_set_column(ws, 1, last, w, NULL));
    ar_aging_print(b, ws, true, r_check0 - 1, row - 1, last);
}
