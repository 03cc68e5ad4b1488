/* analysis.h - what the engine decides as of the close date D: aging,
 * risk tiers, dunning stages and letters, actions and KPIs. Every renderer
 * reads this model; nothing here does I/O.
 */
#ifndef AR_ANALYSIS_H
#define AR_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

#include "ar/engine/ledger.h"
#include "ar/engine/policy.h"
#include "ar/engine/settle.h"
#include "ar/engine/actions.h"
#include "ar/engine/kpi.h"
#include "ar/engine/risk.h"

/* Money of one client in one currency (an "account"). */
typedef struct ar_account {
    uint32_t client;
    uint16_t currency;
    uint32_t open_items;
    ar_cents buckets[AR_MAX_BUCKETS];
    ar_cents open;         /* gross open amount (buckets sum to it) */
    ar_cents unapplied;    /* unapplied credits, positive */
    ar_cents overdue;      /* non-disputed items >= 1 day past due */
    ar_cents disputed;     /* open amount of disputed items */
} ar_account;

/* Why a client with a stage gets no letter in this run. */
typedef enum ar_hold {
    AR_HOLD_NONE,           /* a letter goes out */
    AR_HOLD_NO_STAGE,       /* nothing eligible is past due */
    AR_HOLD_UNKNOWN_CLIENT, /* not in the clients file (SPEC §2.2) */
    AR_HOLD_REJECTED_ROWS,  /* a ledger row of the client was rejected:
                               what it owes is not certain */
    AR_HOLD_BELOW_MINIMUM,  /* overdue net of credits < min_letter_amount */
    AR_HOLD_WAITING,        /* an earlier letter's wait runs (SPEC §8.12) */
    AR_HOLD_PLACED,         /* placed with the agency in this run: the
                               agency writes now, and a letter setting a
                               date to pay would contradict the placement */
    AR_HOLD_COUNT_
} ar_hold;

/* h in words ("waiting after an earlier letter"): run.json's keys of
 * the letter holds; "?" for a value out of range. Never NULL. */
const char *ar_hold_name(ar_hold h);

/* Everything decided for one client. Money in its primary currency. */
typedef struct ar_client_result {
    uint32_t client;           /* index into the ledger's clients */
    uint16_t currency;         /* primary currency (see README) */
    uint32_t first_account;    /* its accounts: [first, first + count) */
    uint32_t account_count;
    uint32_t first_open;       /* its open items in open_items */
    uint32_t open_count;
    ar_risk_inputs in;
    ar_risk risk;
    int32_t max_dpd;           /* most overdue eligible item, days */
    uint32_t worst_item;       /* doc index of it, or AR_NONE */
    ar_cents overdue_net;      /* SPEC §8.13: overdue - unapplied */
    int stage;                 /* 0..5 (SPEC §3.3) */
    int letter_stage;          /* stage of this run's letter, 0 = none */
    ar_hold hold;
    ar_date hold_until;        /* AR_HOLD_WAITING: first day it may go */
    ar_cents fee;              /* SPEC §3.5, 0 when off */
    ar_cents interest;
    uint32_t actions;          /* bit per ar_action_kind */
    ar_date last_payment;      /* last cash applied to its items, <= D */
    ar_cents last_payment_amount;
    uint8_t agency_hold;       /* ar_agency_hold, with the agency action */
} ar_client_result;

/* Totals of one currency over all clients. */
typedef struct ar_totals {
    uint16_t currency;
    ar_cents invoiced;         /* INV + DEB dated <= D */
    ar_cents settled;          /* every settlement dated <= D, in full */
    ar_cents open;             /* open items (gross) */
    ar_cents unapplied;        /* positive */
    ar_cents buckets[AR_MAX_BUCKETS];
    uint64_t open_items;
} ar_totals;

typedef struct ar_analysis {
    ar_date as_of;
    const ar_ledger *ledger;   /* borrowed */
    const ar_policy *policy;   /* borrowed */
    ar_settlement settlement;  /* as of D */

    ar_client_result *clients; /* clients with a used row dated <= D,
                                  sorted by client id */
    size_t client_count;
    ar_account *accounts;
    size_t account_count;
    uint32_t *result_of;       /* ledger client -> index in clients, or
                                  AR_NONE */

    ar_totals *totals;         /* per currency; [0] is the base currency */
    size_t totals_count;
    uint32_t *open_items;      /* doc indexes of open items, by client
                                  then due date */
    size_t open_item_count;

    uint64_t clients_with_balance;
    uint64_t stages[AR_STAGES + 1];     /* clients at each stage */
    uint64_t letters[AR_STAGES + 1];    /* letters this run, per stage */
    uint64_t holds[AR_HOLD_COUNT_];
    uint64_t tiers[AR_TIER_COUNT_];
    uint64_t actions[AR_ACTION_COUNT_];
    /* README "Agency packet": the clients with the agency action placed
     * (agency_debtors) in one placement per currency (agency_placements:
     * the primary one and each other with overdue net of its credits),
     * and those held by reason ([AR_AGENCY_PLACED] unused) */
    uint64_t agency_debtors, agency_placements;
    uint64_t agency_held[AR_AGENCY_HOLD_COUNT_];

    ar_kpis kpi;
} ar_analysis;

/* Analyse lg as of the end of day as_of under policy p, all but the KPIs
 * (a->kpi left zero): what letters, actions and the aging workbook need.
 * ar_metrics_compute(a, &a->kpi) completes it, on another thread if the
 * caller likes (it only reads a); ar_analyse (metrics.h) does both. lg
 * and p are borrowed and must outlive a. Release with ar_analysis_fini. */
void ar_analyse_without_kpis(const ar_ledger *lg, const ar_policy *p,
                             ar_date as_of, ar_analysis *a);

void ar_analysis_fini(ar_analysis *a);

/* Once the KPIs are computed nothing reads settlement.settled_on (the
 * renderers read open amounts, applications and credits): free its
 * 4 bytes a document. It is NULL after. */
void ar_analysis_drop_settled_on(ar_analysis *a);

/* Totals of currency c, or NULL when it has none. */
const ar_totals *ar_analysis_totals(const ar_analysis *a, uint16_t c);

/* The doc numbers of client cr's non-disputed past-due open items in its
 * primary currency, separated by ';' (as history rows have them): the items a letter, call or
 * placement is about (its overdue balance). Caller frees. */
char *ar_analysis_overdue_docs(const ar_analysis *a,
                               const ar_client_result *cr);

/* The order a collector works clients in (actions.csv, the agency
 * packet): the base currency first, then other currencies by code; within
 * one, the largest overdue balance, then the most days past due, then the
 * client id. A qsort-style comparison of results ra and rb. */
int ar_analysis_work_order(const ar_analysis *a, uint32_t ra, uint32_t rb);

/* README "Agency packet": whether a placed client is placed in its
 * account acc: always in its primary currency, in another when the
 * overdue there, net of that currency's credits, is above 0. */
bool ar_agency_places_account(const ar_client_result *cr,
                              const ar_account *acc);

/* Days past due of item i at D (D - due date; <= 0 is current). */
static inline int32_t ar_days_past_due(const ar_analysis *a, uint32_t i)
{
    return a->as_of - ar_ledger_docs(a->ledger)[i].due_date;
}

#endif
