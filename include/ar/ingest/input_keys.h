/* input_keys.h - the policy keys that say how a ledger is written
 * (SPEC §2.5, §2.6): [input] (date formats, decimal mark, delimiter,
 * header line, skipped rows, signs, line items, entity, rounding, client
 * ids, export date), [columns] (a header, or "A + B", per column) and
 * [doc_types] (an export's type words or codes).
 */
#ifndef AR_INPUT_KEYS_H
#define AR_INPUT_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "ar/engine/policy.h"

typedef enum ar_input_section {
    AR_INPUT_SECTION_INPUT,
    AR_INPUT_SECTION_COLUMNS,
    AR_INPUT_SECTION_DOC_TYPES,
} ar_input_section;

/* Set key name of section to value in p (a [doc_types] value an earlier
 * file gave is overridden; the caller refuses a key one file gives
 * twice). Returns 1 when set, 0 on a bad value (err, size bytes, says
 * why), -1 for a key the section does not have. */
int ar_input_key(ar_policy *p, ar_input_section section, const char *name,
                 const char *value, char *err, size_t size);

/* A policy's yes/no value: yes, true, 1 or no, false, 0 in any case
 * (every section reads them so). False when s is none of these. */
bool ar_policy_yes_no(const char *s, bool *out);

#endif
