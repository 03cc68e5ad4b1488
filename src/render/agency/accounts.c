/* accounts.c - the Accounts columns of the agency packet: one table that
 * placement.csv and placement.xlsx both read, so they cannot disagree. */
#include "ar/render/agency/accounts.h"

#include <stdio.h>
#include <string.h>

enum {
    A_ID, A_NAME, A_CONTACT, A_ADDRESS1, A_ADDRESS2, A_POSTAL, A_CITY,
    A_REGION, A_COUNTRY, A_EMAIL, A_PHONE, A_NO_CONTACT, A_KNOWN, A_TIER,
    A_SCORE, A_STAGE, A_CURRENCY, A_ITEMS, A_ORIGINAL, A_OPEN, A_CREDITS,
    A_OVERDUE, A_DISPUTED, A_NOT_DUE, A_OLDEST_DUE, A_DPD, A_LAST_PAY_DATE,
    A_LAST_PAY, A_LETTERS_SENT, A_LAST_LETTER, A_LETTERS, A_PRIOR,
    A_LEGAL, A_RATE, A_COMMISSION, A_NET, A_NOTE, A_OTHER, A_FILE, A_COLS_
};
_Static_assert(A_COLS_ == AR_AGENCY_ACCOUNT_COLS, "the count in accounts.h");

const ar_agency_column ar_agency_account_cols[AR_AGENCY_ACCOUNT_COLS] = {
    [A_ID] = {"client_id", AR_CELL_TEXT, 12},
    [A_NAME] = {"name", AR_CELL_TEXT, 30},
    [A_CONTACT] = {"contact", AR_CELL_TEXT, 24},
    [A_ADDRESS1] = {"address1", AR_CELL_TEXT, 24},
    [A_ADDRESS2] = {"address2", AR_CELL_TEXT, 14},
    [A_POSTAL] = {"postal_code", AR_CELL_TEXT, 10},
    [A_CITY] = {"city", AR_CELL_TEXT, 14},
    [A_REGION] = {"region", AR_CELL_TEXT, 10},
    [A_COUNTRY] = {"country", AR_CELL_TEXT, 8},
    [A_EMAIL] = {"email", AR_CELL_TEXT, 28},
    [A_PHONE] = {"phone", AR_CELL_TEXT, 18},
    [A_NO_CONTACT] = {"no_contact_data", AR_CELL_FLAG, 9},
    [A_KNOWN] = {"in_clients_file", AR_CELL_FLAG, 9},
    [A_TIER] = {"tier", AR_CELL_TEXT, 11},
    [A_SCORE] = {"risk_score", AR_CELL_INT, 7},
    [A_STAGE] = {"stage", AR_CELL_INT, 6},
    [A_CURRENCY] = {"currency", AR_CELL_TEXT, 8},
    [A_ITEMS] = {"open_items", AR_CELL_INT, 7},
    [A_ORIGINAL] = {"original_amount", AR_CELL_MONEY, 13},
    [A_OPEN] = {"open_amount", AR_CELL_MONEY, 13},
    [A_CREDITS] = {"unapplied_credits", AR_CELL_MONEY, 12},
    [A_OVERDUE] = {"overdue_balance", AR_CELL_MONEY, 13},
    [A_DISPUTED] = {"disputed_amount", AR_CELL_MONEY, 12},
    [A_NOT_DUE] = {"not_yet_due", AR_CELL_MONEY, 12},
    [A_OLDEST_DUE] = {"oldest_due_date", AR_CELL_DATE, 11},
    [A_DPD] = {"days_past_due", AR_CELL_INT, 8},
    [A_LAST_PAY_DATE] = {"last_payment_date", AR_CELL_DATE, 11},
    [A_LAST_PAY] = {"last_payment_amount", AR_CELL_MONEY, 12},
    [A_LETTERS_SENT] = {"letters_sent", AR_CELL_INT, 8},
    [A_LAST_LETTER] = {"last_letter_date", AR_CELL_DATE, 11},
    [A_LETTERS] = {"letters", AR_CELL_TEXT, 40},
    [A_PRIOR] = {"prior_collections", AR_CELL_INT, 9},
    [A_LEGAL] = {"legal_candidate", AR_CELL_FLAG, 8},
    [A_RATE] = {"commission_rate_pct", AR_CELL_RATE, 11},
    [A_COMMISSION] = {"expected_commission", AR_CELL_MONEY, 12},
    [A_NET] = {"net_recovery", AR_CELL_MONEY, 13},
    [A_NOTE] = {"commission_note", AR_CELL_TEXT, 50},
    [A_OTHER] = {"other_currencies", AR_CELL_TEXT, 18},
    [A_FILE] = {"statement_file", AR_CELL_TEXT, 16},
};

static const char *letter_list(const ar_agency_packet *pk,
                               const ar_placement *p, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < p->letter_count && len + 1 < size; k++) {
        const ar_agency_letter *l = &pk->letters[p->first_letter + k];
        char day[16];
        int w = snprintf(buf + len, size - len, "%s%s stage %d",
                         k ? "; " : "",
                         ar_date_format_iso(l->date, day, sizeof day),
                         l->stage);
        len += w > 0 ? (size_t)w : 0;
    }
    if (len >= size && size > 4) /* cut: say so rather than end mid-way */
        memcpy(buf + size - 4, "...", 4);
    return buf;
}

ar_cell ar_agency_account_value(const ar_run *run, const ar_agency_packet *pk,
                                const ar_placement *p, int col, char *buf,
                                size_t size)
{
    const ar_analysis *a = &run->analysis;
    const ar_client_result *cr = &a->clients[p->result];
    const ar_policy *pol = &run->policy;
    ar_cell v = {"", 0, false};
    switch (col) {
    case A_ID: v.text = p->id; break;
    case A_NAME: v.text = p->name; break;
    case A_CONTACT: v.text = p->contact; break;
    case A_ADDRESS1: v.text = p->address1; break;
    case A_ADDRESS2: v.text = p->address2; break;
    case A_POSTAL: v.text = p->postal_code; break;
    case A_CITY: v.text = p->city; break;
    case A_REGION: v.text = p->region; break;
    case A_COUNTRY: v.text = p->country; break;
    case A_EMAIL: v.text = p->email; break;
    case A_PHONE: v.text = p->phone; break;
    case A_NO_CONTACT: v.n = p->no_contact; break;
    case A_KNOWN: v.n = p->known; break;
    case A_TIER: v.text = ar_tier_name(cr->risk.tier); break;
    case A_SCORE: v.n = cr->risk.score; break;
    case A_STAGE: v.n = cr->stage; break;
    case A_CURRENCY:
        v.text = ar_ledger_currency_code(a->ledger, p->currency);
        break;
    case A_ITEMS: v.n = p->open_items; break;
    case A_ORIGINAL: v.n = p->original; break;
    case A_OPEN: v.n = p->open; break;
    case A_CREDITS: v.n = p->unapplied; break;
    case A_OVERDUE: v.n = p->overdue_net; break;
    case A_DISPUTED: v.n = p->disputed; break;
    case A_NOT_DUE: v.n = p->not_due; break;
    case A_OLDEST_DUE:
        v.n = p->oldest_due;
        v.blank = p->oldest_due == AR_DATE_NONE;
        break;
    case A_DPD: v.n = p->days_past_due; break;
    case A_LAST_PAY_DATE:
        v.n = p->last_payment;
        v.blank = p->last_payment == AR_DATE_NONE;
        break;
    case A_LAST_PAY:
        v.n = p->last_payment_amount;
        v.blank = p->last_payment == AR_DATE_NONE;
        break;
    case A_LETTERS_SENT: v.n = (int64_t)p->letter_count; break;
    case A_LAST_LETTER:
        v.blank = p->letter_count == 0;
        v.n = v.blank ? 0
                      : pk->letters[p->first_letter + p->letter_count - 1]
                            .date;
        break;
    case A_LETTERS: v.text = letter_list(pk, p, buf, size); break;
    case A_PRIOR: v.n = p->prior_collections; break;
    case A_LEGAL: v.n = p->legal; break;
    case A_RATE: v.n = pol->agency_commission_bp; break;
    case A_COMMISSION: v.n = p->commission; break;
    case A_NET: v.n = p->overdue_net - p->commission; break;
    case A_NOTE: {
        /* SPEC §3.4: cost-benefit, expected commission vs balance */
        char fee[32], bal[32], net[32];
        ar_money_format(p->commission, ',', '.', fee, sizeof fee);
        ar_money_format(p->overdue_net, ',', '.', bal, sizeof bal);
        ar_money_format(p->overdue_net - p->commission, ',', '.', net,
                        sizeof net);
        snprintf(buf, size,
                 "expected commission %s (%d.%02d%%) on an overdue balance "
                 "of %s: net recovery %s%s",
                 fee, pol->agency_commission_bp / 100,
                 pol->agency_commission_bp % 100, bal, net,
                 p->legal ? "; legal candidate, requires legal approval"
                          : "");
        v.text = buf;
        break;
    }
    case A_OTHER: v.text = p->other_open; break;
    case A_FILE:
        snprintf(buf, size, "%s.pdf", p->file);
        v.text = buf;
        break;
    default: break;
    }
    return v;
}
