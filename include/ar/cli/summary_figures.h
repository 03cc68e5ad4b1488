/* summary_figures.h - the additive figures of a shard's summary (the
 * KPIs' row inputs and the rollforward, summary.h) by name: one walk over
 * each structure that the writer and the reader share, so that the two
 * cannot disagree on a field. Every figure is an integer. */
#ifndef AR_SUMMARY_FIGURES_H
#define AR_SUMMARY_FIGURES_H

#include <stdint.h>

#include "ar/engine/kpi.h"
#include "ar/engine/rollforward.h"

/* Called for each figure with its name ("trend.sales_w"), its indexes
 * (i: the array's, a currency index for cur_d and cur_placed; j: the
 * aging bucket, else 0) and its value in *v: the writer reads *v, the
 * reader sets it. */
typedef void (*ar_figure_fn)(void *ctx, const char *name, int i, int j,
                             int64_t *v);

/* Every figure of r. The currency-indexed ones (cur_d, cur_placed) only
 * for currencies below ncur. */
void ar_figures_kpi_rows(ar_kpi_rows *r, size_t ncur, ar_figure_fn fn,
                         void *ctx);

/* Every figure of f, the rollforward of currency index cur. */
void ar_figures_rollforward(ar_rf_figures *f, int cur, ar_figure_fn fn,
                            void *ctx);

#endif
