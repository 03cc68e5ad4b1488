/* creditor_ref.h - ISO 11649 structured creditor references ("RF18 5390
 * 0754 7034"): the check digits by ISO 7064 MOD 97-10, as an IBAN's, and
 * the reference a letter gives for its payment. */
#ifndef AR_CREDITOR_REF_H
#define AR_CREDITOR_REF_H

#include <stdbool.h>
#include <stddef.h>

#include "ar/base/date.h"

/* Longest reference: "RF", 2 check digits, at most 21 characters. */
#define AR_RF_MAX 25

/* The remainder mod 97 of s (letters and digits only, letters as 10..35,
 * case ignored), as ISO 7064 MOD 97-10 reads it; -1 for any other
 * character. */
int ar_mod97(const char *s);

/* The reference "RF" + check digits + body into out (AR_RF_MAX + 1
 * bytes), compact (no blanks). body: 1 to 21 letters or digits; false
 * (out "") for any other body. */
bool ar_rf_make(const char *body, char out[AR_RF_MAX + 1]);

/* True when s (blanks allowed, case ignored) is a well-formed reference
 * whose check digits hold. */
bool ar_rf_valid(const char *s);

/* s in groups of four for print ("RF18 5390 0754 7034") into out (size
 * bytes). Returns out. */
char *ar_rf_print(const char *s, char *out, size_t size);

/* The creditor reference of a letter: its client id (upper-case letters
 * and digits only, at most 14 of them, else "X" and 11 characters of the
 * id's SHA-256 in base 36), the letter's run date (YYMMDD) and its stage:
 * two letters never share one. Into out (AR_RF_MAX + 1 bytes), compact. */
void ar_rf_for_letter(const char *client_id, ar_date run_date, int stage,
                      char out[AR_RF_MAX + 1]);

#endif
