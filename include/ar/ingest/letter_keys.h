/* letter_keys.h - the [letters] policy keys that are more than a number
 * (README "Letters"): country_languages (the letter language by country
 * for a client whose language field is blank, SPEC §2.2) and
 * no_account_text (what a letter in a currency without a bank account
 * says instead of bank details), and how a mailing house prints and
 * inserts the letters (#19): duplex, insert_marks and mark_zone.
 */
#ifndef AR_LETTER_KEYS_H
#define AR_LETTER_KEYS_H

#include <stddef.h>

#include "ar/engine/policy.h"

/* Set [letters] key name to value in p. Returns 1 when set, 0 on a bad
 * value (err, size bytes, says why), -1 for a key this file does not
 * read (policy_file.c reads the others). */
int ar_letter_key(ar_policy *p, const char *name, const char *value,
                  char *err, size_t size);

#endif
