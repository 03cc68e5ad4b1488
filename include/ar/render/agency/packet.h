/* packet.h - the collections-agency handoff packet (SPEC §3.4, §6):
 * which accounts are placed and everything the agency needs about each
 * (debtor, items, payments, credits, letters already sent), gathered once
 * from the run and then written as placement.csv, placement.xlsx and one
 * statement PDF per debtor.
 *
 * A placed debtor is a client with the engine's agency action (VIP
 * clients never have it: SPEC §8.15) that the engine does not hold (no
 * name, no address, no earlier letter: ar_agency_hold, listed apart). It
 * is placed once per currency (a lot): in its primary currency, and in
 * each other one where its overdue net of that currency's credits is
 * above 0; amounts of two currencies are never added (SPEC §8.23). A
 * row's money is in the primary currency, as the placement rule
 * compared it; a lot's in its own.
 */
#ifndef AR_PACKET_H
#define AR_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/render/render.h"
#include "ar/base/safe_name.h"

/* A dunning letter already sent to a placed debtor: a history row dated
 * on or before D, or this run's letter when it was written. */
typedef struct ar_agency_letter {
    ar_date date;
    int stage;                /* 1..5 */
    const char *doc_nos;      /* as recorded ("" when none) */
    ar_cents amount;          /* overdue balance the letter asked for */
    uint16_t currency;
} ar_agency_letter;

/* One placed account. Text points into the ledger (or the packet for
 * doc lists); "" when unknown. */
typedef struct ar_placement {
    uint32_t result;          /* index into run->analysis.clients */
    const char *id, *name, *contact, *address1, *address2, *postal_code,
        *city, *region, *country, *email, *phone;
    const char *language;     /* the clients file's, else the country's
                                 through the policy's map; "" unknown */
    bool known;               /* in the clients file */
    bool no_contact;          /* neither contact, email nor phone */
    bool legal;               /* legal candidate: needs legal approval */
    uint16_t currency;        /* the client's primary currency */
    uint32_t open_items;      /* in that currency */
    ar_cents original;        /* sum of their amounts */
    ar_cents open;            /* sum of their open amounts (gross) */
    ar_cents overdue;         /* non-disputed, >= 1 day past due */
    ar_cents disputed;        /* open amount under review */
    ar_cents not_due;         /* open, not yet due */
    ar_cents unapplied;       /* unapplied credits, positive */
    ar_cents overdue_net;     /* SPEC §8.13: overdue - unapplied */
    ar_cents commission;      /* expected, at agency_commission_bp */
    ar_date oldest_due;       /* due date of the most overdue eligible
                                 item, AR_DATE_NONE when none */
    int32_t days_past_due;    /* its days past due */
    ar_date last_payment;     /* AR_DATE_NONE when none */
    ar_cents last_payment_amount;
    int32_t prior_collections;
    uint32_t other_items;     /* open items in other currencies */
    char *other_open;         /* "USD 6,250.00; GBP 10.00" or "" */
    char *overdue_docs;       /* this run's letter's items, space
                                 separated */
    size_t first_item, item_count;       /* in packet.items */
    size_t first_app, app_count;         /* in packet.apps */
    size_t first_credit, credit_count;   /* in packet.credits */
    size_t first_letter, letter_count;   /* in packet.letters */
    char file[AR_SAFE_NAME_MAX];         /* statement name, no ".pdf" */
} ar_placement;

/* One placement (README "Agency packet"): a placed debtor in one
 * currency, the rows of placement.csv. */
typedef struct ar_lot {
    size_t row;               /* its debtor, in rows */
    uint16_t currency;
    bool primary;             /* the debtor's primary currency */
    char id[32];              /* placement id "20261031-00001" */
    size_t first_item, item_count; /* its placed invoices in lot_items:
                                      the non-disputed past-due open
                                      items of that currency, by due
                                      date */
    ar_cents original, open;  /* of those invoices */
    ar_cents unapplied;       /* credits in that currency */
    ar_cents placed;          /* open - unapplied: what the agency
                                 collects */
    ar_cents disputed;        /* open, under review: not placed */
    ar_cents not_due;         /* open, not yet due: not placed */
    ar_date oldest_due;       /* the oldest placed invoice's due date */
    int32_t days_past_due;    /* and its days past due */
    ar_cents commission;      /* expected, at agency_commission_bp */
} ar_lot;

/* A client with the agency action that is not placed. */
typedef struct ar_agency_held {
    uint32_t result;          /* index into run->analysis.clients */
    int reason;               /* ar_agency_hold */
} ar_agency_held;

typedef struct ar_agency_packet {
    ar_placement *rows;       /* in working order (see ar_agency_collect) */
    size_t count;
    ar_lot *lots;             /* each row's, primary currency first, then
                                 by currency code */
    size_t lot_count;
    uint32_t *lot_items;      /* doc indexes */
    size_t lot_item_count;
    ar_agency_held *held;     /* in working order */
    size_t held_count;
    uint32_t *items;          /* doc indexes: each placement's open items,
                                 primary currency by due date, then the
                                 others */
    size_t item_count;
    uint32_t *apps;           /* indexes into settlement.apps: the
                                 payments, credits and write-offs applied
                                 to each placement's open items, by date */
    size_t app_count;
    uint32_t *credits;        /* indexes into settlement.credits: each
                                 placement's unapplied credits (all
                                 currencies), by date */
    size_t credit_count;
    ar_agency_letter *letters;
    size_t letter_count;
} ar_agency_packet;

/* Gather the placements of run into out (release with ar_agency_fini),
 * in the order a collector works them, as in actions.csv
 * (ar_analysis_work_order). Letters of this run count only when
 * run->letter_written says so. */
void ar_agency_collect(const ar_run *run, ar_agency_packet *out);

void ar_agency_fini(ar_agency_packet *pk);

#endif
