/* settle.h - open items as of a date (SPEC §1, §2.1, §8.9, §8.10, §8.14).
 *
 * One pass over the settlement events in date order gives every item's
 * open amount as of D, the day it was settled, every application of a
 * payment, credit or write-off to an item, and the unapplied credits.
 * Pure: no I/O.
 */
#ifndef AR_SETTLE_H
#define AR_SETTLE_H

#include <stddef.h>
#include <stdint.h>

#include "ar/engine/ledger.h"
#include "ar/engine/policy.h"

/* Why a settlement (or part of one) is an unapplied credit. */
typedef enum ar_credit_reason {
    AR_CREDIT_NO_TARGET,      /* no applies_to */
    AR_CREDIT_UNKNOWN_TARGET, /* no such document of this client at D */
    AR_CREDIT_OVERPAYMENT,    /* more than the item's open amount */
    AR_CREDIT_CURRENCY,       /* target is in another currency */
    AR_CREDIT_REASON_COUNT_
} ar_credit_reason;

/* The reason in words a person reads: "names no invoice", "names an
 * unknown document", "overpayment", "in another currency than its
 * invoice". */
const char *ar_credit_reason_name(ar_credit_reason r);

/* An unapplied credit as of D: what is left of it after any
 * apply_unapplied = oldest. */
typedef struct ar_credit {
    uint32_t client;
    uint32_t source;     /* doc index of the PAY/CRN/WO */
    ar_date date;
    ar_cents amount;     /* positive */
    ar_cents original;   /* before apply_unapplied = oldest */
    uint16_t currency;
    uint8_t reason;      /* ar_credit_reason */
} ar_credit;

/* One application of a settlement to an item. source is the PAY/CRN/WO
 * doc index, or the item itself for a settled_date payment (kind PAY). */
typedef struct ar_application {
    uint32_t item;
    uint32_t source;
    ar_date date;
    uint8_t kind;        /* ar_doc_type of the source */
    ar_cents amount;
} ar_application;

typedef struct ar_settlement {
    ar_date as_of;
    size_t doc_count;
    ar_cents *open;          /* per doc: open amount at as_of; 0 for
                                settlements and documents dated later */
    ar_date *settled_on;     /* per doc: day its open amount reached 0
                                (a run drops it once its KPIs are done) */
    ar_application *apps;    /* in date order, then any applications of
                                apply_unapplied = oldest */
    size_t app_count;
    ar_credit *credits;      /* in date order */
    size_t credit_count;
} ar_settlement;

/* SPEC §8.9: the item a PAY/CRN/WO settles as of as_of: the same
 * client's INV with its applies_to number, else its DEB, dated up to
 * as_of; AR_NONE otherwise. */
uint32_t ar_settle_target(const ar_ledger *lg, uint32_t pay, ar_date as_of);

/* Compute the state of every document as of the end of day as_of.
 * Fills out (release with ar_settlement_fini). */
void ar_settle(const ar_ledger *lg, const ar_policy *p, ar_date as_of,
               ar_settlement *out);

void ar_settlement_fini(ar_settlement *s);

/* The settlement events of a ledger up to a date, sorted once, so that it
 * can be settled as of several dates up to that one (the KPI trend)
 * without sorting again. */
typedef struct ar_settle_events {
    ar_date as_of;
    uint64_t *keys;      /* date, PAY/CRN/WO before settled_date, doc */
    size_t count;
} ar_settle_events;

/* Sort the events dated up to as_of. Release with ar_settle_events_fini. */
void ar_settle_events_init(const ar_ledger *lg, ar_date as_of,
                           ar_settle_events *ev);
void ar_settle_events_fini(ar_settle_events *ev);

/* The same result as ar_settle(lg, p, as_of, out) for any as_of <=
 * ev->as_of, in one pass over the presorted events (no sort). */
void ar_settle_sorted(const ar_ledger *lg, const ar_policy *p,
                      const ar_settle_events *ev, ar_date as_of,
                      ar_settlement *out);

#endif
