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

/* The bitmask of actions for a client (SPEC §3.4, §8.15):
 * max_dpd of its most overdue eligible item, any_past_due when any open
 * non-disputed item is past due, overdue_net as in SPEC §8.13. */
uint32_t ar_actions_decide(const ar_policy *p, ar_tier tier,
                           int32_t max_dpd, bool any_past_due,
                           ar_cents overdue_net);

#endif
