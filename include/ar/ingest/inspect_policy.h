/* inspect_policy.h - the two halves of `arbatch inspect` that involve a
 * policy (SPEC §2.6): a policy tried for real on the lines looked at (read
 * as a run reads them, into a ledger thrown away), and the policy inspect
 * proposes from what it found.
 */
#ifndef AR_INSPECT_POLICY_H
#define AR_INSPECT_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "ar/engine/policy.h"
#include "ar/ingest/inspect.h"

/* Read the ledger at path (the copy of the lines looked at) with policy p
 * into t: rows read, used, rejected and skipped and the commonest reject,
 * or t->err and t->message when it could not be read at all. header is
 * the file's header (n names): t->matched counts the columns of p found
 * in it. t->name is left as it is. */
void ar_inspect_try(const char *path, const ar_policy *p,
                    const char *const *header, size_t n,
                    ar_inspect_trial *t);

/* The text of the policy proposed for r ([input], [columns], [doc_types]),
 * for the file called name (caller frees). alt: the other reading of
 * dates that stayed ambiguous. NULL when a required column has no
 * candidate or cannot be written in a policy file: a note in r says so. */
char *ar_inspect_propose(ar_inspect_report *r, const char *name, bool alt);

/* Add a note to r (printf-style; dropped when r is full). */
void ar_inspect_note(ar_inspect_report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
