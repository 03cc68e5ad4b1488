/* summary_figures.c - the additive figures by name (summary_figures.h). */
#include "ar/cli/summary_figures.h"

#include <stdio.h>

/* One figure: its value out to fn and back (the reader's). */
#define FIG(field, name, i, j)                                               \
    do {                                                                     \
        int64_t v_ = (int64_t)(field);                                       \
        fn(ctx, name, i, j, &v_);                                            \
        (field) = (__typeof__(field))v_;                                     \
    } while (0)

static void inputs(ar_kpi_inputs *in, const char *group, int i,
                   ar_figure_fn fn, void *ctx)
{
    char name[64];
#define IN(f)                                                                \
    do {                                                                     \
        snprintf(name, sizeof name, "%s.%s", group, #f);                     \
        FIG(in->f, name, i, 0);                                              \
    } while (0)
    IN(ar_d);
    IN(current_d);
    IN(sales_w);
    IN(ar_s);
    IN(sales_s);
    IN(due_amount);
    IN(collected_45);
    IN(late_days_sum);
    IN(late_count);
    IN(retention_base);
    IN(retention_kept);
    IN(costs_w);
    IN(commission_w);
    IN(recovered_w);
    IN(have_costs);
    IN(over_days);
#undef IN
    snprintf(name, sizeof name, "%s.buckets", group);
    for (int b = 0; b < AR_MAX_BUCKETS; b++)
        FIG(in->buckets[b], name, i, b);
}

static void recovery(ar_recovery_cost *rc, const char *group, int i,
                     ar_figure_fn fn, void *ctx)
{
    char name[64];
#define RC(f)                                                                \
    do {                                                                     \
        snprintf(name, sizeof name, "%s.%s", group, #f);                     \
        FIG(rc->f, name, i, 0);                                              \
    } while (0)
    RC(costs);
    RC(commission);
    RC(recovered);
    RC(cost_rows);
    RC(recoveries);
#undef RC
}

void ar_figures_kpi_rows(ar_kpi_rows *r, size_t ncur, ar_figure_fn fn,
                         void *ctx)
{
    for (int k = 0; k < AR_TREND_MAX; k++) {
        inputs(&r->trend[k], "trend", k, fn, ctx);
        FIG(r->trend_placed[k], "trend_placed", k, 0);
    }
    for (int g = 0; g < 1 + AR_TIER_COUNT_; g++) {
        inputs(&r->at_d[g], "at_d", g, fn, ctx);
        FIG(r->placed_d[g], "placed_d", g, 0);
    }
    for (int s = 0; s <= AR_STAGES; s++) {
        recovery(&r->by_stage[s], "by_stage", s, fn, ctx);
        FIG(r->stage_placed[s], "stage_placed", s, 0);
    }
    for (int t = 0; t < AR_TIER_COUNT_; t++) {
        recovery(&r->by_tier[t], "by_tier", t, fn, ctx);
        FIG(r->tier_placed[t], "tier_placed", t, 0);
    }
    for (size_t c = 0; c < ncur && c < AR_KPI_CURRENCIES; c++) {
        inputs(&r->cur_d[c], "cur_d", (int)c, fn, ctx);
        FIG(r->cur_placed[c], "cur_placed", (int)c, 0);
    }
    FIG(r->retention_base_all, "retention_base_all", 0, 0);
    FIG(r->retention_kept_all, "retention_kept_all", 0, 0);
}

void ar_figures_rollforward(ar_rf_figures *f, int cur, ar_figure_fn fn,
                            void *ctx)
{
    FIG(f->used, "rf.used", cur, 0);
    FIG(f->opening, "rf.opening", cur, 0);
    for (int l = 0; l < AR_RF_LINE_COUNT_; l++) {
        FIG(f->line[l], "rf.line", cur, l);
        FIG(f->count[l], "rf.count", cur, l);
        FIG(f->earlier[l], "rf.earlier", cur, l);
    }
    FIG(f->closing, "rf.closing", cur, 0);
    FIG(f->open_items, "rf.open_items", cur, 0);
    FIG(f->open_count, "rf.open_count", cur, 0);
    for (int k = 0; k < AR_RF_CREDIT_COUNT_; k++) {
        FIG(f->unapplied[k], "rf.unapplied", cur, k);
        FIG(f->unapplied_count[k], "rf.unapplied_count", cur, k);
    }
    FIG(f->later_items, "rf.later_items", cur, 0);
    FIG(f->later_credits, "rf.later_credits", cur, 0);
    FIG(f->later_items_count, "rf.later_items_count", cur, 0);
    FIG(f->later_credits_count, "rf.later_credits_count", cur, 0);
}
