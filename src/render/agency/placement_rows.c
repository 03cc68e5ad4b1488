/* placement_rows.c - the rows of agency/placement.csv (placement_rows.h).
 *
 * A file for machines (SPEC §6): every value exact, amounts as plain
 * numbers, dates ISO, lists of numbers (letter dates, stages) with one
 * separator, ';'. Every row carries the placement's keys (record type,
 * placement id and date, currency, debtor id); a debtor row carries the
 * debtor, the creditor and the totals, an invoice row the document. */
#include "ar/render/agency/placement_rows.h"

#include <stdio.h>
#include <string.h>

enum {
    /* every row */
    P_TYPE, P_ID, P_DATE, P_CURRENCY, P_DEBTOR,
    /* an invoice, or the debtor's totals */
    P_DOC_TYPE, P_DOC_NO, P_DOC_DATE, P_DUE, P_DPD, P_ORIGINAL, P_OPEN,
    /* the debtor row */
    P_CREDITS, P_PLACED, P_DISPUTED, P_NOT_DUE, P_INVOICES, P_NAME,
    P_CONTACT, P_ADDRESS1, P_ADDRESS2, P_POSTAL, P_CITY, P_REGION,
    P_COUNTRY, P_EMAIL, P_PHONE, P_LANGUAGE, P_NO_CONTACT, P_TIER, P_SCORE, P_STAGE,
    P_LAST_PAY_DATE, P_LAST_PAY, P_LETTERS, P_LETTER_DATES,
    P_LETTER_STAGES, P_PRIOR, P_LEGAL, P_RATE, P_COMMISSION, P_STATEMENT,
    P_CREDITOR, P_CREDITOR_ADDRESS1, P_CREDITOR_ADDRESS2,
    P_CREDITOR_COUNTRY, P_CREDITOR_PHONE, P_CREDITOR_EMAIL, P_COLS_
};
_Static_assert(P_COLS_ == AR_PLACEMENT_COLS, "the count in the header");

const ar_agency_column ar_placement_cols[AR_PLACEMENT_COLS] = {
    [P_TYPE] = {"record_type", AR_CELL_TEXT, 9},
    [P_ID] = {"placement_id", AR_CELL_TEXT, 16},
    [P_DATE] = {"placement_date", AR_CELL_DATE, 11},
    [P_CURRENCY] = {"currency", AR_CELL_TEXT, 8},
    [P_DEBTOR] = {"debtor_id", AR_CELL_TEXT, 12},
    [P_DOC_TYPE] = {"doc_type", AR_CELL_TEXT, 8},
    [P_DOC_NO] = {"doc_no", AR_CELL_TEXT, 16},
    [P_DOC_DATE] = {"doc_date", AR_CELL_DATE, 11},
    [P_DUE] = {"due_date", AR_CELL_DATE, 11},
    [P_DPD] = {"days_past_due", AR_CELL_INT, 8},
    [P_ORIGINAL] = {"original_amount", AR_CELL_MONEY, 13},
    [P_OPEN] = {"open_amount", AR_CELL_MONEY, 13},
    [P_CREDITS] = {"unapplied_credits", AR_CELL_MONEY, 12},
    [P_PLACED] = {"placed_amount", AR_CELL_MONEY, 13},
    [P_DISPUTED] = {"disputed_not_placed", AR_CELL_MONEY, 12},
    [P_NOT_DUE] = {"not_yet_due_not_placed", AR_CELL_MONEY, 12},
    [P_INVOICES] = {"invoices", AR_CELL_INT, 8},
    [P_NAME] = {"debtor_name", AR_CELL_TEXT, 30},
    [P_CONTACT] = {"contact", AR_CELL_TEXT, 22},
    [P_ADDRESS1] = {"address1", AR_CELL_TEXT, 24},
    [P_ADDRESS2] = {"address2", AR_CELL_TEXT, 14},
    [P_POSTAL] = {"postal_code", AR_CELL_TEXT, 10},
    [P_CITY] = {"city", AR_CELL_TEXT, 14},
    [P_REGION] = {"region", AR_CELL_TEXT, 10},
    [P_COUNTRY] = {"country", AR_CELL_TEXT, 8},
    [P_EMAIL] = {"email", AR_CELL_TEXT, 26},
    [P_PHONE] = {"phone", AR_CELL_TEXT, 18},
    [P_LANGUAGE] = {"language", AR_CELL_TEXT, 8},
    [P_NO_CONTACT] = {"no_contact_data", AR_CELL_FLAG, 9},
    [P_TIER] = {"tier", AR_CELL_TEXT, 11},
    [P_SCORE] = {"risk_score", AR_CELL_INT, 7},
    [P_STAGE] = {"stage", AR_CELL_INT, 6},
    [P_LAST_PAY_DATE] = {"last_payment_date", AR_CELL_DATE, 11},
    [P_LAST_PAY] = {"last_payment_amount", AR_CELL_MONEY, 12},
    [P_LETTERS] = {"letters_sent", AR_CELL_INT, 8},
    [P_LETTER_DATES] = {"letter_dates", AR_CELL_TEXT, 24},
    [P_LETTER_STAGES] = {"letter_stages", AR_CELL_TEXT, 10},
    [P_PRIOR] = {"prior_collections", AR_CELL_INT, 9},
    [P_LEGAL] = {"legal_candidate", AR_CELL_FLAG, 8},
    [P_RATE] = {"commission_rate_pct", AR_CELL_RATE, 11},
    [P_COMMISSION] = {"expected_commission", AR_CELL_MONEY, 12},
    [P_STATEMENT] = {"statement_file", AR_CELL_TEXT, 16},
    [P_CREDITOR] = {"creditor_name", AR_CELL_TEXT, 28},
    [P_CREDITOR_ADDRESS1] = {"creditor_address1", AR_CELL_TEXT, 22},
    [P_CREDITOR_ADDRESS2] = {"creditor_address2", AR_CELL_TEXT, 22},
    [P_CREDITOR_COUNTRY] = {"creditor_country", AR_CELL_TEXT, 8},
    [P_CREDITOR_PHONE] = {"creditor_phone", AR_CELL_TEXT, 18},
    [P_CREDITOR_EMAIL] = {"creditor_email", AR_CELL_TEXT, 28},
};

size_t ar_placement_row_count(const ar_agency_packet *pk)
{
    return pk->lot_count + pk->lot_item_count;
}

/* The letters already sent to the debtor, one field a list: their dates
 * (ISO) or their stages, separated by ';'. */
static const char *letter_list(const ar_agency_packet *pk,
                               const ar_placement *p, bool stages,
                               char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < p->letter_count; k++) {
        const ar_agency_letter *l = &pk->letters[p->first_letter + k];
        char day[16];
        int w = snprintf(buf + len, size - len, "%s%s", k ? ";" : "",
                         stages ? (snprintf(day, sizeof day, "%d", l->stage),
                                   day)
                                : ar_date_format_iso(l->date, day,
                                                     sizeof day));
        if (w < 0 || (size_t)w >= size - len) {
            buf[len] = '\0'; /* never half a value: the list ends */
            break;
        }
        len += (size_t)w;
    }
    return buf;
}

/* The creditor's address lines after the first, as one line. */
static const char *creditor_rest(const ar_letterhead *h, char *buf,
                                 size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 1; h && k < h->address_lines && len + 1 < size; k++) {
        int w = snprintf(buf + len, size - len, "%s%s", k > 1 ? ", " : "",
                         h->address[k]);
        len += w > 0 ? (size_t)w : 0;
    }
    return buf;
}

static ar_cell debtor_value(const ar_run *run, const ar_agency_packet *pk,
                            const ar_letterhead *h, const ar_lot *l, int col,
                            char *buf, size_t size)
{
    const ar_placement *p = &pk->rows[l->row];
    const ar_client_result *cr = &run->analysis.clients[p->result];
    ar_cell v = {"", 0, false};
    switch (col) {
    case P_TYPE: v.text = "debtor"; break;
    case P_DUE:
        v.n = l->oldest_due;
        v.blank = l->oldest_due == AR_DATE_NONE;
        break;
    case P_DPD: v.n = l->days_past_due; break;
    case P_ORIGINAL: v.n = l->original; break;
    case P_OPEN: v.n = l->open; break;
    case P_CREDITS: v.n = l->unapplied; break;
    case P_PLACED: v.n = l->placed; break;
    case P_DISPUTED: v.n = l->disputed; break;
    case P_NOT_DUE: v.n = l->not_due; break;
    case P_INVOICES: v.n = (int64_t)l->item_count; break;
    case P_NAME: v.text = p->name; break;
    case P_CONTACT: v.text = p->contact; break;
    case P_ADDRESS1: v.text = p->address1; break;
    case P_ADDRESS2: v.text = p->address2; break;
    case P_POSTAL: v.text = p->postal_code; break;
    case P_CITY: v.text = p->city; break;
    case P_REGION: v.text = p->region; break;
    case P_COUNTRY: v.text = p->country; break;
    case P_EMAIL: v.text = p->email; break;
    case P_PHONE: v.text = p->phone; break;
    case P_LANGUAGE: v.text = p->language; break;
    case P_NO_CONTACT: v.n = p->no_contact; break;
    case P_TIER: v.text = ar_tier_name(cr->risk.tier); break;
    case P_SCORE: v.n = cr->risk.score; break;
    case P_STAGE: v.n = cr->stage; break;
    /* the client's last payment, as the engine keeps it: on the primary
     * currency's placement */
    case P_LAST_PAY_DATE:
        v.n = p->last_payment;
        v.blank = !l->primary || p->last_payment == AR_DATE_NONE;
        break;
    case P_LAST_PAY:
        v.n = p->last_payment_amount;
        v.blank = !l->primary || p->last_payment == AR_DATE_NONE;
        break;
    case P_LETTERS: v.n = (int64_t)p->letter_count; break;
    case P_LETTER_DATES: v.text = letter_list(pk, p, false, buf, size); break;
    case P_LETTER_STAGES: v.text = letter_list(pk, p, true, buf, size); break;
    case P_PRIOR: v.n = p->prior_collections; break;
    /* SPEC §8.15: the legal rule compared the primary currency */
    case P_LEGAL: v.n = l->primary && p->legal; break;
    case P_RATE: v.n = run->policy.agency_commission_bp; break;
    case P_COMMISSION: v.n = l->commission; break;
    case P_STATEMENT:
        snprintf(buf, size, "%s.pdf", p->file);
        v.text = buf;
        break;
    case P_CREDITOR: v.text = h ? h->company : ""; break;
    case P_CREDITOR_ADDRESS1:
        v.text = h && h->address_lines ? h->address[0] : "";
        break;
    case P_CREDITOR_ADDRESS2: v.text = creditor_rest(h, buf, size); break;
    case P_CREDITOR_COUNTRY: v.text = h && h->country ? h->country : ""; break;
    case P_CREDITOR_PHONE: v.text = h && h->phone ? h->phone : ""; break;
    case P_CREDITOR_EMAIL: v.text = h && h->email ? h->email : ""; break;
    default: v.blank = true; break;
    }
    return v;
}

ar_cell ar_placement_value(const ar_run *run, const ar_agency_packet *pk,
                           const ar_letterhead *h, const ar_lot *l,
                           long item, int col, char *buf, size_t size)
{
    const ar_analysis *a = &run->analysis;
    const ar_placement *p = &pk->rows[l->row];
    ar_cell v = {"", 0, false};
    switch (col) { /* every row */
    case P_ID: v.text = l->id; return v;
    case P_DATE: v.n = a->as_of; return v;
    case P_CURRENCY:
        v.text = ar_ledger_currency_code(a->ledger, l->currency);
        return v;
    case P_DEBTOR: v.text = p->id; return v;
    default: break;
    }
    if (item < 0)
        return debtor_value(run, pk, h, l, col, buf, size);
    uint32_t i = pk->lot_items[l->first_item + (size_t)item];
    const ar_doc *d = &ar_ledger_docs(a->ledger)[i];
    switch (col) {
    case P_TYPE: v.text = "invoice"; break;
    case P_DOC_TYPE: v.text = ar_doc_type_name((ar_doc_type)d->type); break;
    case P_DOC_NO: v.text = ar_ledger_text(a->ledger, d->doc_no); break;
    case P_DOC_DATE: v.n = d->doc_date; break;
    case P_DUE: v.n = d->due_date; break;
    case P_DPD: v.n = ar_days_past_due(a, i); break;
    case P_ORIGINAL: v.n = d->amount; break;
    case P_OPEN: v.n = a->settlement.open[i]; break;
    default: v.blank = true; break;
    }
    return v;
}
