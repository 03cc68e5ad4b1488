/* rollforward.h - the AR rollforward of the close, per currency (SPEC §6
 * "rollforward"): opening AR + invoices + debit notes - cash - credit
 * notes - write-offs = closing AR, to the cent, and the IFRS 9 provision
 * matrix over the aging buckets. Pure: no I/O.
 *
 * AR at a date X is what a run as of X shows: open items less unapplied
 * credits (SPEC §8.19: invoiced(X) - settled(X)). The opening is AR at the
 * opening date (the month-end before D, or --from), computed from the
 * same ledger by settling it as of that date. Each line of activity is
 * the change of its kind's part of invoiced or settled between the two
 * dates, so the lines add up to the closing by construction, whatever
 * clearing (SPEC §2.6: a consumed credit counts once) moved between them.
 */
#ifndef AR_ROLLFORWARD_H
#define AR_ROLLFORWARD_H

#include <stddef.h>
#include <stdint.h>

#include "ar/engine/analysis.h"

/* The lines of activity, in the order of SPEC §6's keys. */
typedef enum ar_rf_line {
    AR_RF_INVOICES,
    AR_RF_DEBIT_NOTES,
    AR_RF_CASH,          /* PAY rows and settled_date payments */
    AR_RF_CREDIT_NOTES,
    AR_RF_WRITE_OFFS,
    AR_RF_LINE_COUNT_
} ar_rf_line;

/* The kinds of unapplied credit at D. */
typedef enum ar_rf_credit {
    AR_RF_UNAPPLIED_CASH,
    AR_RF_UNAPPLIED_CREDIT_NOTES,
    AR_RF_UNAPPLIED_WRITE_OFFS,
    AR_RF_CREDIT_COUNT_
} ar_rf_credit;

/* One currency's rollforward from the opening date O to D. Amounts in
 * cents; line[] as they appear in SPEC §6 (closing = opening + invoices +
 * debit notes - cash - credit notes - write-offs). */
typedef struct ar_rf_figures {
    bool used;                     /* the currency has a used row */
    ar_cents opening;              /* AR at the end of O */
    ar_cents line[AR_RF_LINE_COUNT_];
    /* documents of the line dated in (O, D] (PAY/CRN/WO not consumed by
     * D; cash also counts the settled_date payments dated in (O, D]) */
    uint64_t count[AR_RF_LINE_COUNT_];
    /* the part of line[] that documents dated on or before O make: a
     * credit from before O that a clearing in (O, D] consumed (SPEC
     * §2.6), which O's AR held as a credit; 0 in most ledgers */
    ar_cents earlier[AR_RF_LINE_COUNT_];
    ar_cents closing;              /* AR at the end of D */
    ar_cents open_items;           /* of the closing: open items, gross */
    uint64_t open_count;
    ar_cents unapplied[AR_RF_CREDIT_COUNT_]; /* and the credits, positive */
    uint64_t unapplied_count[AR_RF_CREDIT_COUNT_];
    /* SPEC §1: rows dated after D, not in any figure above */
    ar_cents later_items, later_credits;     /* INV+DEB, PAY+CRN+WO */
    uint64_t later_items_count, later_credits_count;
} ar_rf_figures;

typedef struct ar_rollforward {
    ar_date opening_date;          /* O */
    ar_date as_of;                 /* D */
    ar_rf_figures *cur;            /* by ledger currency index */
    size_t count;
} ar_rollforward;

/* The opening date of a close as of as_of: from (--from) when given
 * (not AR_DATE_NONE), else the last day of the month before as_of's. */
ar_date ar_rollforward_opening(ar_date as_of, ar_date from);

/* The rollforward of a (analysed as of D, its ledger's applies_to
 * targets still there) from the opening date from (ar_rollforward_opening)
 * to D. A folded ledger's (fold.c) comes from its partitions, summed in
 * its folded summary. Fills out; release with ar_rollforward_fini. */
void ar_rollforward_compute(const ar_analysis *a, ar_date from,
                            ar_rollforward *out);

/* to += x, currency by currency (fold.c adds the partitions up); to
 * grows to x's currencies. */
void ar_rollforward_add(ar_rollforward *to, const ar_rollforward *x);

void ar_rollforward_fini(ar_rollforward *rf);

/* The figures of currency c (an empty set when it has none). */
const ar_rf_figures *ar_rollforward_of(const ar_rollforward *rf, uint16_t c);

/* opening + invoices + debit notes - cash - credit notes - write-offs. */
ar_cents ar_rf_computed_closing(const ar_rf_figures *f);

/* IFRS 9 simplified approach: the expected credit loss of a bucket whose
 * gross carrying amount is gross, at rate_bp hundredths of a percent,
 * rounded half-up (per bucket, before any total) to the currency's
 * smallest unit: the cent, or a whole unit for a currency without minor
 * units (whole true: JPY, ar_currency_digits 0). */
ar_cents ar_provision_ecl(ar_cents gross, int32_t rate_bp, bool whole);

#endif
