/* fx.h - amounts of other currencies in the base currency at the rates
 * of --fx, and the KPIs over every currency at once (README
 * "Currencies", SPEC §8.22-8.23). Without rates nothing here is used:
 * amounts of different currencies are never added. Pure. */
#ifndef AR_FX_H
#define AR_FX_H

#include <stdbool.h>

#include "ar/engine/analysis.h"
#include "ar/engine/kpi.h"

/* The rate of currency index c as num / den: the base currency's is 1
 * (the file may give it, as 1); false when the ledger has no rate for
 * c. */
bool ar_fx_rate_of(const ar_ledger *lg, uint16_t c, int64_t *num,
                   int64_t *den);

/* Rate r (a --fx rate, ledger.h) as num / den, den a power of ten;
 * false when r is NULL or its scale is out of range. */
bool ar_fx_fraction(const ar_fx_rate *r, int64_t *num, int64_t *den);

/* v cents of currency c in base-currency cents at its rate, rounded half
 * to even (ar_cents_muldiv_even): the one rounding of a conversion. c
 * must have a rate (ar_fx_rate_of). */
ar_cents ar_fx_convert(const ar_ledger *lg, uint16_t c, ar_cents v);

/* One currency's inputs x at D (in its own cents) and its placed
 * recoveries converted at num / den and added: each money figure once,
 * half to even, into *sum, its unapplied credits (open items less AR(D))
 * into *credits, the placed recoveries into *placed; days and counts as
 * they are; not retention, costs and commission (the caller's). Then
 * ar_fx_finish. */
void ar_fx_add(ar_kpi_inputs *sum, ar_cents *credits, ar_cents *placed,
               const ar_kpi_inputs *x, ar_cents x_placed, int64_t num,
               int64_t den);

/* sum's AR(D), the converted buckets less the converted credits, and
 * Current(D), the converted current bucket: the aging foots. */
void ar_fx_finish(ar_kpi_inputs *sum, ar_cents credits);

/* out->cons from the rows' per-currency inputs at D (kpi.h
 * ar_kpi_consolidated): nothing (available false) unless the ledger has
 * rates (ar_ledger_fx_loaded); every cost row in W counts. out's other
 * members are complete. */
void ar_kpi_consolidate(const ar_analysis *a, const ar_kpi_rows *rows,
                        ar_kpis *out);

#endif
