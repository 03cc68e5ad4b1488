/* actions.h - calls, suspensions, agency placement, legal candidates
 * and the account-manager list (SPEC §3.4, §8.15). Pure. */
#ifndef AR_ACTIONS_H
#define AR_ACTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "ar/base/money.h"
#include "ar/engine/policy.h"

/* Actions of SPEC §3.4 / §8.15, in the order a collector works them. */
typedef enum ar_action_kind {
    AR_ACTION_LEGAL,
    AR_ACTION_AGENCY,
    AR_ACTION_ACCOUNT_MANAGER,
    AR_ACTION_SUSPEND,
    AR_ACTION_CALL,
    AR_ACTION_COUNT_
} ar_action_kind;

/* "legal", "agency", "account_manager", "suspend", "call". */
const char *ar_action_name(ar_action_kind k);

/* Why a client with the agency action is not placed (README "Agency
 * packet"): an agency needs a name and a postal address to work from,
 * and, where the policy says so (agency_requires_letter), a debtor is
 * placed only after an earlier letter announced the agency and its date
 * to pay has passed. Such a client is listed
 * on the packet's Held sheet with the reason, never placed. */
typedef enum ar_agency_hold {
    AR_AGENCY_PLACED,
    AR_AGENCY_NO_NAME,        /* not in the clients file, or no name */
    AR_AGENCY_NO_ADDRESS,     /* no street line, or no postal code and
                                 no city */
    AR_AGENCY_REJECTED_ROWS,  /* a ledger row of the client was rejected */
    AR_AGENCY_NO_LETTER,      /* no earlier letter announced the agency
                                 and ran its wait (ar_dunning_announced) */
    AR_AGENCY_LETTER_WAITING, /* one did, but a stage 4 or 5 letter's wait
                                 (its date to pay) still runs */
    AR_AGENCY_HOLD_COUNT_
} ar_agency_hold;

/* run.json's key of a hold ("no_name", ...); "?" out of range. */
const char *ar_agency_hold_key(ar_agency_hold h);
/* A hold in words, for people ("no postal address in the clients
 * file"); "?" out of range. */
const char *ar_agency_hold_words(ar_agency_hold h);

/* The hold of a client with the agency action: name and the address
 * lines from its clients-file row (NULL when it has none), and what the
 * earlier letters announced (ar_dunning_announced's ar_announce). */
ar_agency_hold ar_agency_hold_for(const ar_policy *p, bool known,
                                  const char *name, const char *address1,
                                  const char *postal_code, const char *city,
                                  int announce);

/* The bitmask of actions for a client (SPEC §3.4, §8.15):
 * max_dpd of its most overdue eligible item, any_past_due when any open
 * non-disputed item is past due, overdue_net as in SPEC §8.13. */
uint32_t ar_actions_decide(const ar_policy *p, ar_tier tier,
                           int32_t max_dpd, bool any_past_due,
                           ar_cents overdue_net);

#endif
