/* placement.c - agency/placement.xlsx (SPEC §6, README "Agency packet"):
 * Placement (placement.csv cell for cell: per placement a debtor row and
 * its invoices), the placed debtors (Accounts), their items, payments and
 * credits, the letters already sent, and the clients held back (Held),
 * one sheet each. */
#include "ar/render/xlsx/placement.h"

#include "ar/render/agency/accounts.h"
#include "ar/render/agency/placement_rows.h"
#include "ar/render/xlsx/common.h"

#include <xlsxwriter.h>

#define XLSX_NAME "placement.xlsx"

static const char *text(const ar_ledger *lg, ar_str s)
{
    return ar_ledger_text(lg, s);
}

typedef struct book {
    const ar_run *run;
    const ar_agency_packet *pk;
    const ar_letterhead *h;
    lxw_workbook *wb;
    ar_xlsx_formats f;
    lxw_format *rate;
    ar_xlsx_page page;        /* running header and footer */
    int err;                  /* first libxlsxwriter error */
} book;

#define KEEP(b, call) ar_xlsx_keep(&(b)->err, (call))

static void put_value(book *b, lxw_worksheet *ws, uint32_t row, uint16_t col,
                      ar_cell_kind k, ar_cell v)
{
    if (v.blank)
        return;
    switch (k) {
    case AR_CELL_TEXT: KEEP(b, ar_xlsx_text(ws, row, col, v.text, NULL)); break;
    case AR_CELL_MONEY:
        KEEP(b, ar_xlsx_cents(ws, row, col, v.n, b->f.money));
        break;
    case AR_CELL_INT:
        KEEP(b, worksheet_write_number(ws, row, col, (double)v.n,
                                       b->f.whole));
        break;
    case AR_CELL_DATE:
        KEEP(b, worksheet_write_number(ws, row, col,
                                       ar_xlsx_serial((ar_date)v.n),
                                       b->f.date));
        break;
    case AR_CELL_FLAG:
        KEEP(b, ar_xlsx_text(ws, row, col, v.n ? "Y" : "N", NULL));
        break;
    case AR_CELL_RATE:
        /* basis points to a percent number: exact in a double */
        KEEP(b, worksheet_write_number(ws, row, col, (double)v.n / 100.0,
                                       b->rate));
        break;
    }
}

/* A list sheet: header row, frozen, filtered, columns sized. */
static lxw_worksheet *list_sheet(book *b, const char *name,
                                 const ar_agency_column *cols, uint16_t ncols,
                                 uint32_t rows)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
    if (!ws) {
        if (!b->err)
            b->err = LXW_ERROR_MEMORY_MALLOC_FAILED;
        return NULL;
    }
    for (uint16_t c = 0; c < ncols; c++) {
        /* as wide as its header too: a wrapped header runs over the rows
         * when printed */
        double w = ar_xlsx_width(cols[c].name, cols[c].width, 60) + 1;
        KEEP(b, ar_xlsx_text(ws, 0, c, cols[c].name, b->f.header));
        KEEP(b, worksheet_set_column(ws, c, c, w, NULL));
    }
    worksheet_freeze_panes(ws, 1, 1);
    KEEP(b, worksheet_autofilter(ws, 0, 0, rows, (uint16_t)(ncols - 1)));
    /* printed landscape, one page wide, the header row on every page */
    ar_xlsx_print(ws, &b->page, true, 0, 0, rows, (uint16_t)(ncols - 1));
    return ws;
}

/* placement.csv as a sheet: the same table of columns and values. */
static void placement_sheet(book *b)
{
    const ar_agency_packet *pk = b->pk;
    lxw_worksheet *ws = list_sheet(b, "Placement", ar_placement_cols,
                                   AR_PLACEMENT_COLS,
                                   (uint32_t)ar_placement_row_count(pk));
    if (!ws)
        return;
    char buf[4096];
    uint32_t row = 1;
    for (size_t k = 0; k < pk->lot_count; k++) {
        const ar_lot *l = &pk->lots[k];
        for (long i = -1; i < (long)l->item_count; i++, row++)
            for (int c = 0; c < AR_PLACEMENT_COLS; c++)
                put_value(b, ws, row, (uint16_t)c, ar_placement_cols[c].kind,
                          ar_placement_value(b->run, pk, b->h, l, i, c, buf,
                                             sizeof buf));
    }
}

enum { H_ID, H_NAME, H_TIER, H_STAGE, H_CURRENCY, H_OVERDUE, H_DPD,
       H_REASON, H_TODO, H_COLS };

static const ar_agency_column held_cols[H_COLS] = {
    [H_ID] = {"client_id", AR_CELL_TEXT, 12},
    [H_NAME] = {"name", AR_CELL_TEXT, 30},
    [H_TIER] = {"tier", AR_CELL_TEXT, 11},
    [H_STAGE] = {"stage", AR_CELL_INT, 6},
    [H_CURRENCY] = {"currency", AR_CELL_TEXT, 8},
    [H_OVERDUE] = {"overdue_balance", AR_CELL_MONEY, 13},
    [H_DPD] = {"days_past_due", AR_CELL_INT, 8},
    [H_REASON] = {"reason_not_placed", AR_CELL_TEXT, 36},
    [H_TODO] = {"to_place_it", AR_CELL_TEXT, 60},
};

/* README "Agency packet": the clients the agency action would place but
 * that are never placed, each with the reason and what would place it. */
static void held_sheet(book *b)
{
    const ar_agency_packet *pk = b->pk;
    const ar_analysis *a = &b->run->analysis;
    const ar_ledger *lg = a->ledger;
    lxw_worksheet *ws = list_sheet(b, "Held", held_cols, H_COLS,
                                   (uint32_t)pk->held_count);
    if (!ws)
        return;
    for (size_t k = 0; k < pk->held_count; k++) {
        const ar_client_result *cr = &a->clients[pk->held[k].result];
        const ar_client_info *info = ar_ledger_info_of(lg, cr->client);
        ar_agency_hold h = (ar_agency_hold)pk->held[k].reason;
        const char *todo =
            h == AR_AGENCY_NO_NAME
                ? "add the client to the clients file with its legal name "
                  "and postal address"
            : h == AR_AGENCY_NO_ADDRESS
                ? "add address1 and a postal code or city to its row in "
                  "the clients file"
            : h == AR_AGENCY_REJECTED_ROWS
                ? "correct its rejected ledger rows (rejects.csv) and run "
                  "again"
                : "placed by the first run after the stage 4 or 5 letter's "
                  "wait (policy agency_requires_letter)";
        ar_cell v[H_COLS] = {
            [H_ID] = {ar_ledger_text(lg, ar_ledger_clients(lg)[cr->client].id),
                      0, false},
            [H_NAME] = {info ? text(lg, info->name) : "", 0, false},
            [H_TIER] = {ar_tier_name(cr->risk.tier), 0, false},
            [H_STAGE] = {NULL, cr->stage, false},
            [H_CURRENCY] = {ar_ledger_currency_code(lg, cr->currency), 0,
                            false},
            [H_OVERDUE] = {NULL, cr->overdue_net, false},
            [H_DPD] = {NULL, cr->max_dpd, false},
            [H_REASON] = {ar_agency_hold_words(h), 0, false},
            [H_TODO] = {todo, 0, false},
        };
        for (int c = 0; c < H_COLS; c++)
            put_value(b, ws, (uint32_t)k + 1, (uint16_t)c, held_cols[c].kind,
                      v[c]);
    }
}

static void accounts_sheet(book *b)
{
    const ar_agency_packet *pk = b->pk;
    lxw_worksheet *ws = list_sheet(b, "Accounts", ar_agency_account_cols,
                                   AR_AGENCY_ACCOUNT_COLS,
                                   (uint32_t)pk->count);
    if (!ws)
        return;
    char buf[4096];
    for (size_t r = 0; r < pk->count; r++)
        for (int c = 0; c < AR_AGENCY_ACCOUNT_COLS; c++)
            put_value(b, ws, (uint32_t)r + 1, (uint16_t)c,
                      ar_agency_account_cols[c].kind,
                      ar_agency_account_value(b->run, pk, &pk->rows[r], c,
                                              buf, sizeof buf));
}

enum { I_ID, I_NAME, I_CURRENCY, I_TYPE, I_DOC, I_DOC_DATE, I_DUE, I_DPD,
       I_ORIGINAL, I_OPEN, I_DISPUTED, I_STATUS, I_COLS };

static const ar_agency_column item_cols[I_COLS] = {
    [I_ID] = {"client_id", AR_CELL_TEXT, 12},
    [I_NAME] = {"name", AR_CELL_TEXT, 30},
    [I_CURRENCY] = {"currency", AR_CELL_TEXT, 8},
    [I_TYPE] = {"doc_type", AR_CELL_TEXT, 8},
    [I_DOC] = {"doc_no", AR_CELL_TEXT, 18},
    [I_DOC_DATE] = {"doc_date", AR_CELL_DATE, 11},
    [I_DUE] = {"due_date", AR_CELL_DATE, 11},
    [I_DPD] = {"days_past_due", AR_CELL_INT, 8},
    [I_ORIGINAL] = {"original_amount", AR_CELL_MONEY, 13},
    [I_OPEN] = {"open_amount", AR_CELL_MONEY, 13},
    [I_DISPUTED] = {"disputed", AR_CELL_FLAG, 8},
    [I_STATUS] = {"status", AR_CELL_TEXT, 22},
};

static void items_sheet(book *b)
{
    const ar_agency_packet *pk = b->pk;
    const ar_analysis *a = &b->run->analysis;
    const ar_ledger *lg = a->ledger;
    const ar_doc *docs = ar_ledger_docs(lg);
    lxw_worksheet *ws = list_sheet(b, "Items", item_cols, I_COLS,
                                   (uint32_t)pk->item_count);
    if (!ws)
        return;
    uint32_t row = 1;
    for (size_t r = 0; r < pk->count; r++) {
        const ar_placement *p = &pk->rows[r];
        for (size_t k = 0; k < p->item_count; k++, row++) {
            uint32_t i = pk->items[p->first_item + k];
            const ar_doc *doc = &docs[i];
            int32_t dpd = ar_days_past_due(a, i);
            const char *status =
                doc->currency != p->currency ? "other currency"
                : doc->disputed              ? "under review"
                : dpd >= 1                   ? "past due"
                                             : "not yet due";
            ar_cell v[I_COLS] = {
                [I_ID] = {p->id, 0, false},
                [I_NAME] = {p->name, 0, false},
                [I_CURRENCY] = {ar_ledger_currency_code(lg, doc->currency),
                                0, false},
                [I_TYPE] = {ar_doc_type_name((ar_doc_type)doc->type), 0,
                            false},
                [I_DOC] = {text(lg, doc->doc_no), 0, false},
                [I_DOC_DATE] = {NULL, doc->doc_date, false},
                [I_DUE] = {NULL, doc->due_date, false},
                [I_DPD] = {NULL, dpd, false},
                [I_ORIGINAL] = {NULL, doc->amount, false},
                [I_OPEN] = {NULL, a->settlement.open[i], false},
                [I_DISPUTED] = {NULL, doc->disputed, false},
                [I_STATUS] = {status, 0, false},
            };
            for (int c = 0; c < I_COLS; c++)
                put_value(b, ws, row, (uint16_t)c, item_cols[c].kind, v[c]);
        }
    }
}

enum { P_ID, P_DATE, P_TYPE, P_DOC, P_APPLIED, P_AMOUNT, P_CURRENCY, P_NOTE,
       P_COLS };

static const ar_agency_column pay_cols[P_COLS] = {
    [P_ID] = {"client_id", AR_CELL_TEXT, 12},
    [P_DATE] = {"date", AR_CELL_DATE, 11},
    [P_TYPE] = {"doc_type", AR_CELL_TEXT, 8},
    [P_DOC] = {"doc_no", AR_CELL_TEXT, 18},
    [P_APPLIED] = {"applied_to", AR_CELL_TEXT, 18},
    [P_AMOUNT] = {"amount", AR_CELL_MONEY, 13},
    [P_CURRENCY] = {"currency", AR_CELL_TEXT, 8},
    [P_NOTE] = {"note", AR_CELL_TEXT, 44},
};

static void payments_sheet(book *b)
{
    const ar_agency_packet *pk = b->pk;
    const ar_analysis *a = &b->run->analysis;
    const ar_ledger *lg = a->ledger;
    const ar_doc *docs = ar_ledger_docs(lg);
    lxw_worksheet *ws = list_sheet(b, "Payments", pay_cols, P_COLS,
                                   (uint32_t)(pk->app_count +
                                              pk->credit_count));
    if (!ws)
        return;
    uint32_t row = 1;
    char note[160];
    for (size_t r = 0; r < pk->count; r++) {
        const ar_placement *p = &pk->rows[r];
        for (size_t k = 0; k < p->app_count; k++, row++) {
            const ar_application *ap =
                &a->settlement.apps[pk->apps[p->first_app + k]];
            bool self = ap->source == ap->item; /* a settled_date payment */
            ar_cell v[P_COLS] = {
                [P_ID] = {p->id, 0, false},
                [P_DATE] = {NULL, ap->date, false},
                [P_TYPE] = {ar_doc_type_name((ar_doc_type)ap->kind), 0,
                            false},
                [P_DOC] = {self ? "" : text(lg, docs[ap->source].doc_no), 0,
                           false},
                [P_APPLIED] = {text(lg, docs[ap->item].doc_no), 0, false},
                [P_AMOUNT] = {NULL, ap->amount, false},
                [P_CURRENCY] = {ar_ledger_currency_code(
                                    lg, docs[ap->item].currency),
                                0, false},
                [P_NOTE] = {self ? "payment recorded on the invoice "
                                   "(settled date)"
                                 : "applied to an open item",
                            0, false},
            };
            for (int c = 0; c < P_COLS; c++)
                put_value(b, ws, row, (uint16_t)c, pay_cols[c].kind, v[c]);
        }
        for (size_t k = 0; k < p->credit_count; k++, row++) {
            const ar_credit *cd =
                &a->settlement.credits[pk->credits[p->first_credit + k]];
            snprintf(note, sizeof note, "unapplied credit (%s)",
                     ar_credit_reason_name((ar_credit_reason)cd->reason));
            ar_cell v[P_COLS] = {
                [P_ID] = {p->id, 0, false},
                [P_DATE] = {NULL, cd->date, false},
                [P_TYPE] = {ar_doc_type_name(
                                (ar_doc_type)docs[cd->source].type),
                            0, false},
                [P_DOC] = {text(lg, docs[cd->source].doc_no), 0, false},
                [P_APPLIED] = {"", 0, false},
                [P_AMOUNT] = {NULL, cd->amount, false},
                [P_CURRENCY] = {ar_ledger_currency_code(lg, cd->currency), 0,
                                false},
                [P_NOTE] = {note, 0, false},
            };
            for (int c = 0; c < P_COLS; c++)
                put_value(b, ws, row, (uint16_t)c, pay_cols[c].kind, v[c]);
        }
    }
}

enum { L_ID, L_DATE, L_STAGE, L_DOCS, L_AMOUNT, L_CURRENCY,
       L_COLS };

static const ar_agency_column letter_cols[L_COLS] = {
    [L_ID] = {"client_id", AR_CELL_TEXT, 12},
    [L_DATE] = {"date", AR_CELL_DATE, 11},
    [L_STAGE] = {"stage", AR_CELL_INT, 6},
    [L_DOCS] = {"doc_nos", AR_CELL_TEXT, 40},
    [L_AMOUNT] = {"amount", AR_CELL_MONEY, 13},
    [L_CURRENCY] = {"currency", AR_CELL_TEXT, 8},
};

static void letters_sheet(book *b)
{
    const ar_agency_packet *pk = b->pk;
    const ar_ledger *lg = b->run->analysis.ledger;
    lxw_worksheet *ws = list_sheet(b, "Letters", letter_cols, L_COLS,
                                   (uint32_t)pk->letter_count);
    if (!ws)
        return;
    uint32_t row = 1;
    for (size_t r = 0; r < pk->count; r++) {
        const ar_placement *p = &pk->rows[r];
        for (size_t k = 0; k < p->letter_count; k++, row++) {
            const ar_agency_letter *l = &pk->letters[p->first_letter + k];
            ar_cell v[L_COLS] = {
                [L_ID] = {p->id, 0, false},
                [L_DATE] = {NULL, l->date, false},
                [L_STAGE] = {NULL, l->stage, false},
                [L_DOCS] = {l->doc_nos, 0, false},
                [L_AMOUNT] = {NULL, l->amount, false},
                [L_CURRENCY] = {ar_ledger_currency_code(lg, l->currency), 0,
                                false},
            };
            for (int c = 0; c < L_COLS; c++)
                put_value(b, ws, row, (uint16_t)c, letter_cols[c].kind, v[c]);
        }
    }
}

ar_err ar_render_placement_xlsx(const ar_run *run,
                                const ar_agency_packet *pk,
                                const ar_letterhead *h, const char *dir,
                                ar_diag *d)
{
    book b = {.run = run, .pk = pk, .h = h};
    /* constant_memory: each sheet is written top to bottom, and holding
     * every cell until the close cost 30 MB at a million rows */
    b.wb = ar_xlsx_open(dir, XLSX_NAME, run->analysis.as_of,
                        "Collections agency placement", true, d);
    if (!b.wb)
        return AR_ERR_OUTPUT;
    ar_xlsx_formats_init(b.wb, &b.f);
    ar_xlsx_page_init(&b.page, "Agency placement", run->analysis.as_of,
                      run->policy.page_size == AR_PAGE_LETTER);
    b.rate = workbook_add_format(b.wb);
    format_set_num_format(b.rate, "0.00");
    /* Excel's grid: one row per item must fit on the sheet */
    if (pk->item_count >= AR_XLSX_MAX_ROWS ||
        ar_placement_row_count(pk) >= AR_XLSX_MAX_ROWS ||
        pk->app_count + pk->credit_count >= AR_XLSX_MAX_ROWS ||
        pk->letter_count >= AR_XLSX_MAX_ROWS) {
        ar_xlsx_close(b.wb, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE, dir,
                      XLSX_NAME, d);
        return ar_diag_set(d, AR_ERR_OUTPUT, XLSX_NAME, 0, NULL,
                           "more placed items than a worksheet holds "
                           "(1,048,575 rows)");
    }
    placement_sheet(&b);
    accounts_sheet(&b);
    items_sheet(&b);
    payments_sheet(&b);
    letters_sheet(&b);
    held_sheet(&b);
    return ar_xlsx_close(b.wb, b.err, dir, XLSX_NAME, d);
}
