/* letter.h - one dunning letter laid out and drawn (SPEC §5): letterhead,
 * recipient in the envelope window, information block, subject, the
 * template's paragraphs, the table of every open item, credits and
 * totals, payment instructions with an optional EPC QR code, closing,
 * contact and dispute line, "page x of y" and the insert marks on every
 * page. Long item tables continue on further pages under a repeated
 * header.
 *
 * Pure layout: the caller gathers the letter's data; nothing here reads
 * the run or writes files. The same call counts pages and collects the
 * characters used (doc NULL) or draws (doc given), so a letter's page
 * count is known before any document is made.
 */
#ifndef AR_LETTER_H
#define AR_LETTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/base/date.h"
#include "ar/pdf/font.h"
#include "ar/render/page/layouts.h"
#include "ar/base/money.h"
#include "ar/pdf/pdf.h"
#include "ar/engine/policy.h"
#include "ar/pdf/datamatrix.h"
#include "ar/pdf/qr.h"

/* An open item as listed on the letter. */
typedef struct ar_letter_item {
    const char *doc_no;
    ar_date doc_date, due_date;
    int32_t days;              /* past due at the as-of date; <= 0 current */
    ar_cents original, open;
    bool disputed;             /* listed "under review", never demanded */
    uint32_t reminded;         /* earlier letters that named it */
} ar_letter_item;

/* What an unapplied credit is, for its label (a payment is no credit
 * note). */
typedef enum ar_letter_credit_kind {
    AR_LETTER_CREDIT_PAYMENT,
    AR_LETTER_CREDIT_NOTE,
    AR_LETTER_CREDIT_OTHER,
} ar_letter_credit_kind;

/* An unapplied credit netted against the amount due. */
typedef struct ar_letter_credit {
    const char *doc_no;
    ar_date date;
    ar_cents amount;           /* positive */
    ar_letter_credit_kind kind;
} ar_letter_credit;

/* Money open in a currency other than the letter's (not demanded here). */
typedef struct ar_letter_other {
    const char *currency;
    ar_cents open;
} ar_letter_other;

typedef struct ar_letter {
    /* recipient (UTF-8, "" when unknown) */
    const char *client_id, *name, *contact, *address1, *address2,
        *postal_code, *city, *region, *country;
    const char *title, *family_name; /* how the contact is greeted */
    const char *account_manager, *manager_phone, *manager_email;
    const ar_lang *lang;
    int stage;                 /* 1..5 */
    bool vip;                  /* personal letter, signed by the manager */
    uint32_t conds;            /* bits of ar_cond for the paragraphs */
    const char *currency;      /* ISO code of every amount below */
    const ar_letter_item *items;
    size_t item_count;
    const ar_letter_credit *credits;
    size_t credit_count;
    const ar_letter_other *others;
    size_t other_count;
    ar_cents past_due;         /* non-disputed items >= 1 day past due */
    ar_cents credit_total;
    ar_cents fee, interest;    /* SPEC §3.5, 0 when off */
    ar_cents amount_due;       /* past_due - credit_total + fee + interest */
    bool out_of_range;         /* fee, interest or amount_due beyond
                                  AR_CENTS_TOTAL_MAX: the letter is held
                                  back (amount_due is then meaningless) */
    ar_cents disputed_total, not_due_total;
    int32_t interest_rate_bp;
    uint32_t past_due_count;
    int32_t max_days;
    ar_date oldest_due;
    ar_date as_of;             /* the run's date: days and amounts */
    ar_date date, pay_by;      /* the letter date and the pay-by date */
    const char *reference;     /* the letter's own reference */
    const char *payment_reference; /* ISO 11649 creditor reference */
    /* the history (rows dated on or before as_of) about the items this
     * letter asks for: how many letters, and the last one */
    uint32_t letters_before;
    ar_date last_letter_date;  /* the date it bore; AR_DATE_NONE: none */
    int last_letter_stage;
    bool show_reminded;        /* an item was named before: the table
                                  shows the counts */
    const ar_qr *qr;           /* EPC payment code, NULL = none */
    bool tight;                /* tighter vertical spacing: the caller
                                  found that it saves a near-empty last
                                  page */
} ar_letter;

/* Insert marks on the front of every sheet (policy [letters]). */
typedef struct ar_letter_marks {
    ar_marks kind;
    bool duplex;               /* a sheet is two pages */
    double x, y, w, h;         /* the zone, points from the top-left */
    /* DataMatrix: the symbol of sheet n of m, made once a run, at
     * [m * (m - 1) / 2 + n - 1] for m up to max_sheets */
    const ar_dmtx *const *symbols;
    int max_sheets;
} ar_letter_marks;

/* What every letter of a run shares. */
typedef struct ar_letter_style {
    const ar_layout *layout;
    const ar_pdf_fonts *fonts;
    const ar_pdf_image *logo;  /* NULL: none */
    ar_page_size page_size;
    bool proof;                /* "SAMPLE" across every page, payment
                                  codes voided */
    const char *no_account_text; /* policy: instead of bank details in a
                                    currency without an account; "" = the
                                    language's payment_no_account */
    ar_letter_marks marks;
} ar_letter_style;

/* The Data Matrix text of sheet n of m: "NN/MMF", F = E for the last
 * sheet (end of set), else C (out: 8 bytes). */
void ar_letter_mark_text(int n, int m, char out[8]);

/* Lay out l. doc NULL: only count pages, and add every character that
 * would be drawn to used (may be NULL). doc given: append the letter's
 * pages to doc; pages must be the count a counting call returned. Returns
 * the number of pages; *bad_cp (may be NULL) gets the first character the
 * fonts cannot draw, 0 when there is none. */
int ar_letter_compose(const ar_letter_style *st, const ar_letter *l,
                      ar_pdf *doc, int pages, ar_cpset *used,
                      uint32_t *bad_cp);

#endif
