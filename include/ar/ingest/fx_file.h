/* fx_file.h - the exchange rates of --fx (README "Currencies"): a CSV of
 * `currency, rate` (+ optional `source`, `date`), one rate per currency
 * to the base currency as of the close date: one unit of the currency
 * is `rate` units of the base currency. */
#ifndef AR_FX_FILE_H
#define AR_FX_FILE_H

#include "ar/base/error.h"
#include "ar/engine/ledger.h"
#include "ar/engine/policy.h"

/* Read the rates of path into lg (ar_ledger_add_fx). A rate is a plain
 * decimal number > 0 with at most AR_FX_MAX_SCALE decimals ("1.0856",
 * "0.006123"; '.' whatever the policy's decimal mark); date is in the
 * policy's date format. Any row that cannot be read, a currency given
 * twice, a missing column, is AR_ERR_NUMBER / AR_ERR_CURRENCY /
 * AR_ERR_DATE / AR_ERR_DUPLICATE / AR_ERR_COLUMN for the whole file,
 * naming the line: a rate left out would misstate every consolidated
 * figure. sha256 (may be NULL) gets the file's digest. */
ar_err ar_ingest_fx(ar_ledger *lg, const char *path, const ar_policy *p,
                    char sha256[65], ar_diag *d);

/* After ar_ledger_finish: the base currency has a code; its rate, if the
 * file gives one, is 1; no rate is dated after as_of; and every
 * currency with a used row dated on or before as_of has a rate. Else
 * AR_ERR_CURRENCY (AR_ERR_DATE for a late rate) naming path and what is
 * missing. */
ar_err ar_fx_check(const ar_ledger *lg, const char *path, ar_date as_of,
                   ar_diag *d);

#endif
