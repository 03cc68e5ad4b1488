/* close_keys.h - the policy keys of the month-end close: [close]
 * gl_balance.XXX (the general ledger's AR balance per currency, which
 * the rollforward ties to), and the [aging] keys that are more than a
 * number: buckets (the aging's limits) and loss_rates (the IFRS 9
 * provision matrix, one rate per bucket). policy_file.c reads every other
 * key and calls these, as it calls letter_keys.c for [letters].
 */
#ifndef AR_CLOSE_KEYS_H
#define AR_CLOSE_KEYS_H

#include <stddef.h>

#include "ar/engine/policy.h"

/* Set [close] key name ("gl_balance.EUR", or "gl_balance" for the base
 * currency) to value in p, replacing an earlier file's balance for that
 * currency. Returns 1 when set, 0 on a bad value (err, size bytes, says
 * why), -1 for a key [close] does not have. */
int ar_close_key(ar_policy *p, const char *name, const char *value,
                 char *err, size_t size);

/* Set [aging] key name ("buckets" or "loss_rates") to value in p.
 * Returns 1 when set, 0 on a bad value (err, size bytes, says why), -1
 * for a key this file does not read (sheet_max_rows is policy_file.c's). */
int ar_aging_key(ar_policy *p, const char *name, const char *value,
                 char *err, size_t size);

/* [aging] loss_rates: one percentage per bucket ("0.5, 1.5, 4"), 0 to
 * 100 with at most 2 decimals, into p's loss rates. False (p unchanged,
 * err says why) when the value is not such a list. */
bool ar_loss_rates_parse(ar_policy *p, const char *value, char *err,
                         size_t size);

/* Once a file is read: p's loss rates against its buckets. A file that
 * changed the buckets without giving loss_rates (rates_given false)
 * leaves no rates (no provision matrix); one that gave a rate count
 * other than the bucket count is an error: false, err says why. */
bool ar_loss_rates_check(ar_policy *p, bool rates_given, char *err,
                         size_t size);

#endif
