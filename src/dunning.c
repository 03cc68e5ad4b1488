/* dunning.c - the dunning stage and the wait between letters (SPEC §3.2,
 * §3.3, §8.12). */
#include "ar/analysis.h"

int ar_dunning_stage(const ar_policy *p, ar_tier tier, int32_t max_dpd)
{
    int32_t thr[AR_STAGES];
    ar_policy_thresholds(p, tier, thr);
    /* SPEC §3.3: the highest stage whose threshold is at or below the
     * days past due of the most overdue eligible item */
    int stage = 0;
    for (int s = 0; s < AR_STAGES; s++)
        if (max_dpd >= thr[s])
            stage = s + 1;
    return stage;
}

ar_date ar_dunning_next_allowed(const ar_policy *p,
                                const ar_letter_sent *sent, size_t count,
                                uint32_t client, ar_date as_of)
{
    ar_date allowed = AR_DATE_NONE;
    for (size_t i = 0; i < count; i++) {
        const ar_letter_sent *l = &sent[i];
        if (l->client != client || l->run_date > as_of)
            continue; /* SPEC §8.12: later history rows are ignored */
        /* a letter exactly `wait` days old no longer blocks */
        ar_date until = l->run_date + p->wait_days[l->stage - 1];
        if (until > allowed)
            allowed = until;
    }
    return allowed;
}
