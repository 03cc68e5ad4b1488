/* money.h - amounts as integer minor units (cents). No float touches money. */
#ifndef AR_MONEY_H
#define AR_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/base/error.h"

/* An amount in minor units of its currency (cents), 64-bit signed. */
typedef int64_t ar_cents;

#define AR_CENTS_MAX INT64_MAX

/* The largest amount, and sum of amounts, arbatch totals to the cent:
 * 2^53 - 1 cents (90,071,992,547,409.91), where run.json's numbers and the
 * workbooks' cells (IEEE doubles) stop being exact. */
#define AR_CENTS_TOTAL_MAX ((ar_cents)((1LL << 53) - 1))

/* Parse an amount (SPEC §2.1, §2.6, §8.7) from s[0..len): optional
 * surrounding blanks, optional sign or parentheses (negative) or a trailing
 * minus right after the digits ("425,50-"; never with a leading sign or
 * parentheses), optional currency symbol ($ € £ ¥ ₹) before or after,
 * thousands groups of exactly three, at most two decimals. decimal_mark is
 * '.' (groups ',') or ',' (groups '.' or space, U+00A0, U+202F; one kind
 * per number); any other mark is AR_ERR_AMOUNT. The mark needs digits on
 * both sides ("7." and ".5" are not amounts). Returns AR_OK, AR_ERR_AMOUNT
 * (not an amount, including more than two decimals, or blank) or
 * AR_ERR_OVERFLOW (magnitude above AR_CENTS_MAX, so -*out never
 * overflows). *out is written only on AR_OK. Negative amounts are returned
 * negative: the caller decides whether that is allowed. */
ar_err ar_money_parse(const char *s, size_t len, char decimal_mark,
                      ar_cents *out);

/* ar_money_parse with any number of decimals, rounded half to even to the
 * cent on the decimal digits (SPEC §2.6 round_amounts = half-even):
 * "2309.7899999999995" is 230979, "0.015" 2, "0.025" 2, "-0.015" -2. On
 * AR_OK, *rounded (unless NULL) says whether a dropped digit was not 0
 * ("12.3400" is 1234, not rounded). Errors as ar_money_parse; overflow
 * includes a magnitude that rounds up past AR_CENTS_MAX. */
ar_err ar_money_parse_rounded(const char *s, size_t len, char decimal_mark,
                              ar_cents *out, bool *rounded);

/* *acc += v; false (and *acc unchanged) when the sum would overflow. */
bool ar_cents_add(ar_cents *acc, ar_cents v);

/* Format v as "-1234.56" (no grouping, '.' decimal point): the canonical
 * form for CSV and JSON-adjacent output. Returns buf. size >= 24 suffices. */
char *ar_money_format_plain(ar_cents v, char *buf, size_t size);

/* Format v for display: grouped thousands and a decimal mark, e.g.
 * "1,234.56" (group ',', mark '.') or "1.234,56" (group '.', mark ',').
 * group 0 means no grouping, mark 0 means '.'. Negative as "-1,234.56".
 * Returns buf. size >= 32 suffices. */
char *ar_money_format(ar_cents v, char group, char mark, char *buf,
                      size_t size);

/* v * num / den rounded half away from zero, for interest and shares
 * computed on cents. The product is exact (128-bit), so any arguments are
 * safe; a result beyond 64 bits saturates to INT64_MAX / INT64_MIN.
 * den must not be 0 (asserted); a negative den flips the sign. */
ar_cents ar_cents_muldiv(ar_cents v, int64_t num, int64_t den);

/* The same rounded half to even (banker's rounding): the conversion of
 * an amount at an exchange rate (README "Currencies"). 5 x 1 / 2 is 2,
 * 7 x 1 / 2 is 4, -5 x 1 / 2 is -2. */
ar_cents ar_cents_muldiv_even(ar_cents v, int64_t num, int64_t den);

/* Minor-unit digits of an ISO 4217 currency: 0 for JPY, KRW and the
 * other currencies without a minor unit, 3 for BHD, KWD, OMR and the
 * other dinars, 2 for every other code (and ""). For display only:
 * amounts are always held in hundredths of their unit. */
int ar_currency_digits(const char *code);

#endif
