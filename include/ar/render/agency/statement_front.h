/* statement_front.h - what an agency statement says before its tables
 * (SPEC §6): who the debtor is and how to reach them, the account's key
 * facts, why it needs care, and a summary that adds up to the balance. */
#ifndef AR_STATEMENT_FRONT_H
#define AR_STATEMENT_FRONT_H

#include "ar/render/agency/statement_ctx.h"

/* The first page's head: letterhead, title and what the statement is,
 * the debtor beside the account's facts; the cursor goes below them. */
void ar_statement_head_draw(ar_statement *s);

/* The warnings the agency must see first (no contact data, legal
 * candidate, other currencies) on a tinted band; nothing when none. */
void ar_statement_flags_draw(ar_statement *s);

/* The account summary: past due, under review, not yet due, credits,
 * balance, the overdue balance placed and the expected commission. */
void ar_statement_summary_draw(ar_statement *s);

#endif
