/* actions.c - calls, suspensions, agency placement, legal candidates and
 * the account-manager list (SPEC §3.4, §8.15). */
#include "ar/engine/actions.h"

#include "ar/engine/dunning.h"

static const char *const action_names[AR_ACTION_COUNT_] = {
    [AR_ACTION_LEGAL] = "legal",
    [AR_ACTION_AGENCY] = "agency",
    [AR_ACTION_ACCOUNT_MANAGER] = "account_manager",
    [AR_ACTION_SUSPEND] = "suspend",
    [AR_ACTION_CALL] = "call",
};

static const char *const hold_keys[AR_AGENCY_HOLD_COUNT_] = {
    [AR_AGENCY_PLACED] = "placed",
    [AR_AGENCY_NO_NAME] = "no_name",
    [AR_AGENCY_NO_ADDRESS] = "no_address",
    [AR_AGENCY_REJECTED_ROWS] = "rejected_rows",
    [AR_AGENCY_NO_LETTER] = "not_announced",
    [AR_AGENCY_LETTER_WAITING] = "announcement_running",
};

static const char *const hold_words[AR_AGENCY_HOLD_COUNT_] = {
    [AR_AGENCY_PLACED] = "placed",
    [AR_AGENCY_NO_NAME] = "no name: not in the clients file",
    [AR_AGENCY_NO_ADDRESS] = "no postal address in the clients file",
    [AR_AGENCY_REJECTED_ROWS] =
        "a ledger row of the client was rejected (rejects.csv): what it "
        "owes is not certain",
    [AR_AGENCY_NO_LETTER] =
        "not announced: no stage 4 or 5 letter since its most overdue item "
        "fell due has named the agency and run its wait",
    [AR_AGENCY_LETTER_WAITING] =
        "announced, but a stage 4 or 5 letter's wait still runs: its date "
        "to pay has not passed",
};

const char *ar_agency_hold_key(ar_agency_hold h)
{
    return (unsigned)h < AR_AGENCY_HOLD_COUNT_ ? hold_keys[h] : "?";
}

const char *ar_agency_hold_words(ar_agency_hold h)
{
    return (unsigned)h < AR_AGENCY_HOLD_COUNT_ ? hold_words[h] : "?";
}

ar_agency_hold ar_agency_hold_for(const ar_policy *p, bool known,
                                  const char *name, const char *address1,
                                  const char *postal_code, const char *city,
                                  int announce)
{
    if (!known || !name[0])
        return AR_AGENCY_NO_NAME;
    if (!address1[0] || (!postal_code[0] && !city[0]))
        return AR_AGENCY_NO_ADDRESS;
    if (p->agency_requires_letter && announce == AR_ANNOUNCE_RUNNING)
        return AR_AGENCY_LETTER_WAITING;
    if (p->agency_requires_letter && announce != AR_ANNOUNCED)
        return AR_AGENCY_NO_LETTER;
    return AR_AGENCY_PLACED;
}

const char *ar_action_name(ar_action_kind k)
{
    return (unsigned)k < AR_ACTION_COUNT_ ? action_names[k] : "?";
}

uint32_t ar_actions_decide(const ar_policy *p, ar_tier tier,
                           int32_t max_dpd, bool any_past_due,
                           ar_cents overdue_net)
{
    uint32_t set = 0;
    /* SPEC §3.4: High-Risk is suspended with anything past due, even an
     * item below min_item_amount that sets no stage */
    if (tier == AR_TIER_HIGH_RISK && any_past_due)
        set |= 1u << AR_ACTION_SUSPEND;
    if (max_dpd < 1)
        return set;
    int32_t thr[AR_STAGES];
    ar_policy_thresholds(p, tier, thr);
    /* SPEC §8.15: call at the stage-3 threshold of the client's path */
    if (max_dpd >= thr[p->call_stage - 1])
        set |= 1u << AR_ACTION_CALL;
    /* SPEC §3.4: Standard at 30+; VIP never */
    if (tier == AR_TIER_STANDARD && max_dpd >= p->suspend_days)
        set |= 1u << AR_ACTION_SUSPEND;
    int32_t agency_days = tier == AR_TIER_HIGH_RISK ? p->agency_days_high_risk
                                                    : p->agency_days;
    bool placeable = max_dpd >= agency_days &&
                     overdue_net >= p->agency_min_balance;
    if (placeable && tier == AR_TIER_VIP) {
        set |= 1u << AR_ACTION_ACCOUNT_MANAGER; /* never placed */
    } else if (placeable) {
        set |= 1u << AR_ACTION_AGENCY;
        if (max_dpd >= p->legal_days &&
            overdue_net >= p->legal_min_balance)
            set |= 1u << AR_ACTION_LEGAL;
    }
    return set;
}
