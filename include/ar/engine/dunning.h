/* dunning.h - the dunning stage and the wait between letters
 * (SPEC §3.2, §3.3, §8.12). Pure. */
#ifndef AR_DUNNING_H
#define AR_DUNNING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/engine/ledger.h"
#include "ar/engine/policy.h"

/* The stage for a most-overdue eligible item max_dpd days past
 * due on tier's path; 0 when none applies (SPEC §3.2, §3.3). */
int ar_dunning_stage(const ar_policy *p, ar_tier tier, int32_t max_dpd);

/* SPEC §8.12: for every ledger client, the first day a new
 * letter may go out given the earlier letters (history rows dated after
 * as_of ignored): until[c] (client_count entries) is AR_DATE_NONE or a
 * date; a date <= as_of means a letter may go now. One pass. */
void ar_dunning_wait_until(const ar_policy *p, const ar_letter_sent *sent,
                           size_t count, ar_date as_of, ar_date *until,
                           size_t client_count);

/* The first stage whose letter announces the agency (its [if agency]
 * text: "we will pass the account to our collection agency"). */
#define AR_STAGE_ANNOUNCES_AGENCY 4

/* What the earlier letters of a client announced (README "Agency
 * packet"). */
enum ar_announce {
    AR_ANNOUNCE_NONE,    /* no stage 4 or 5 letter named the agency */
    AR_ANNOUNCED,        /* one did and ran its wait: placement may follow */
    AR_ANNOUNCE_RUNNING, /* one's wait (its date to pay) still runs */
};

/* README "Agency packet": for every ledger client, what its letters of
 * stage AR_STAGE_ANNOUNCES_AGENCY or higher announced, counting those
 * dated on or before as_of and after due[c] (the due date of the
 * client's most overdue item, so that the letter named it; AR_DATE_NONE:
 * any): AR_ANNOUNCED when one has run its wait by as_of (its date to
 * pay, a few days after it, has then passed too) and none is still
 * inside its wait (AR_ANNOUNCE_RUNNING): announced[c], client_count
 * entries. One pass. */
void ar_dunning_announced(const ar_policy *p, const ar_letter_sent *sent,
                          size_t count, ar_date as_of, const ar_date *due,
                          unsigned char *announced, size_t client_count);

#endif
