/* policy_letters.h - the [letters] keys of the policy file that say how a
 * mailing house prints and inserts the letters (#19): duplex, insert_marks
 * and mark_zone. policy_file.c reads every other key. */
#ifndef AR_POLICY_LETTERS_H
#define AR_POLICY_LETTERS_H

#include <stddef.h>

#include "ar/engine/policy.h"

/* Set p from key name = value of [letters]: 1 when set, 0 when the value
 * is wrong (why, size bytes, says so), -1 when name is not one of these
 * keys. */
int ar_policy_letters_key(ar_policy *p, const char *name, const char *value,
                          char *why, size_t size);

#endif
