/* dunning.c - the dunning stage and the wait between letters (SPEC §3.2,
 * §3.3, §8.12). */
#include "ar/engine/dunning.h"

#include "ar/base/error.h"

#include <stdlib.h>
#include <string.h>

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

void ar_dunning_wait_until(const ar_policy *p, const ar_letter_sent *sent,
                           size_t count, ar_date as_of, ar_date *until,
                           size_t client_count)
{
    for (size_t c = 0; c < client_count; c++)
        until[c] = AR_DATE_NONE;
    for (size_t i = 0; i < count; i++) {
        const ar_letter_sent *l = &sent[i];
        if (l->run_date > as_of || l->client >= client_count)
            continue; /* SPEC §8.12: later history rows are ignored */
        /* a letter exactly `wait` days old no longer blocks; a higher
         * stage's wait also holds back a lower stage */
        ar_date end = l->run_date + p->wait_days[l->stage - 1];
        if (end > until[l->client])
            until[l->client] = end;
    }
}

void ar_dunning_announced(const ar_policy *p, const ar_letter_sent *sent,
                          size_t count, ar_date as_of, const ar_date *due,
                          unsigned char *announced, size_t client_count)
{
    /* an announcement still running wins: its date to pay may not have
     * passed, so no placement contradicts it */
    memset(announced, AR_ANNOUNCE_NONE, client_count);
    for (size_t i = 0; i < count; i++) {
        const ar_letter_sent *l = &sent[i];
        if (l->run_date > as_of || l->client >= client_count ||
            l->stage < AR_STAGE_ANNOUNCES_AGENCY)
            continue;
        /* sent before what is owed now fell due: it named another debt
         * (one since paid), not the one the agency would be given */
        if (due[l->client] != AR_DATE_NONE && l->run_date <= due[l->client])
            continue;
        if (l->run_date + p->wait_days[l->stage - 1] > as_of)
            announced[l->client] = AR_ANNOUNCE_RUNNING;
        else if (announced[l->client] == AR_ANNOUNCE_NONE)
            announced[l->client] = AR_ANNOUNCED;
    }
}
