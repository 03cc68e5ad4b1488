/* group.c - a group of entities' KPIs from their runs' inputs (group.h).
 *
 * Every input is a sum of cents, days or counts, so the inputs of a
 * currency over several entities add up like those of one ledger's
 * client partitions (fold.c). Conversion is fx.c's: each
 * entity-currency's total of a figure converts once, half to even. */
#include "ar/engine/group.h"

#include "ar/engine/fx.h"
#include "ar/engine/kpi_gather.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool ar_group_same_entity(const ar_group_entity *e, size_t n, size_t *i,
                          size_t *j)
{
    for (size_t a = 0; a < n; a++)
        for (size_t b = a + 1; b < n; b++)
            if (strcmp(e[a].entity, e[b].entity) == 0) {
                *i = a;
                *j = b;
                return true;
            }
    return false;
}

static const ar_fx_rate *rate_of(const ar_fx_rate *rates, size_t n,
                                 const char *code)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(rates[k].code, code) == 0)
            return &rates[k];
    return NULL;
}

/* num / den of code in base: 1 for base itself. */
static bool fraction(const ar_fx_rate *rates, size_t n, const char *base,
                     const char *code, int64_t *num, int64_t *den)
{
    if (strcmp(code, base) == 0) {
        *num = *den = 1;
        return true;
    }
    return ar_fx_fraction(rate_of(rates, n, code), num, den);
}

const char *ar_group_missing_rate(const ar_group_entity *e, size_t n,
                                  const ar_fx_rate *rates, size_t nrates,
                                  const char *base, size_t *which)
{
    int64_t num, den;
    for (size_t k = 0; k < n; k++)
        for (uint16_t c = 0; c < e[k].currency_count; c++)
            if (!fraction(rates, nrates, base, e[k].cur[c].code, &num,
                          &den)) {
                *which = k;
                return e[k].cur[c].code;
            }
    return NULL;
}

/* The row's KPI values and statuses from its inputs. */
static void evaluate(const ar_policy *p, ar_group_row *r, bool open_balances)
{
    ar_cents open = 0;
    for (int b = 0; b < AR_MAX_BUCKETS; b++)
        open += r->in.buckets[b];
    r->overdue = open - r->in.buckets[0];
    ar_kpi_evaluate(p, &r->in, r->v);
    for (int k = 0; k < AR_KPI_COUNT_; k++) {
        /* SPEC §2.6: an open-balance export gives no settlement dates */
        if (open_balances && ar_kpi_needs_settlement_dates((ar_kpi_id)k))
            r->v[k].defined = false;
        r->rag[k] = ar_kpi_status(p, (ar_kpi_id)k, r->v[k]);
    }
}

/* Per currency over every entity: the inputs added up in its own cents.
 * Cost rows carry no currency and count as the base currency's, so a
 * currency's cost per recovery needs every entity with figures in it to
 * have it as base currency (and a costs file). */
static void per_currency(const ar_policy *p, const ar_group_entity *e,
                         size_t n, ar_group *out)
{
    bool open_balances[AR_KPI_CURRENCIES] = {false};
    for (size_t k = 0; k < n; k++) {
        for (uint16_t c = 0; c < e[k].currency_count; c++) {
            const ar_group_currency *x = &e[k].cur[c];
            size_t i = 0;
            while (i < out->currency_count &&
                   strcmp(out->cur[i].code, x->code) != 0)
                i++;
            if (i == AR_KPI_CURRENCIES)
                continue; /* not reached: the reader caps currencies */
            ar_group_row *r = &out->cur[i];
            if (i == out->currency_count) {
                out->currency_count++;
                memcpy(r->code, x->code, sizeof r->code);
                r->in.have_costs = true;
            }
            ar_kpi_inputs_add(&r->in, &x->in);
            r->in.commission_w += x->in.commission_w;
            r->placed += x->placed;
            r->entities++;
            open_balances[i] |= e[k].open_balances;
            if (c != 0 || !x->in.have_costs) {
                r->costs_mixed |= c != 0;
                r->in.have_costs = false;
            }
        }
    }
    /* sorted by code (insertion: at most AR_KPI_CURRENCIES), each
     * with its flag */
    for (size_t i = 1; i < out->currency_count; i++)
        for (size_t j = i; j > 0 && strcmp(out->cur[j - 1].code,
                                           out->cur[j].code) > 0; j--) {
            ar_group_row t = out->cur[j];
            out->cur[j] = out->cur[j - 1];
            out->cur[j - 1] = t;
            bool f = open_balances[j];
            open_balances[j] = open_balances[j - 1];
            open_balances[j - 1] = f;
        }
    for (size_t i = 0; i < out->currency_count; i++)
        evaluate(p, &out->cur[i], open_balances[i]);
}

/* With rates: every entity-currency's figures in base, added up. */
static void consolidate(const ar_policy *p, const ar_group_entity *e,
                        size_t n, const ar_fx_rate *rates, size_t nrates,
                        const char *base, ar_group *out)
{
    ar_group_row *r = &out->cons;
    ar_cents credits = 0;
    bool open_balances = false;
    snprintf(r->code, sizeof r->code, "%s", base);
    r->in.have_costs = true;
    for (size_t k = 0; k < n; k++) {
        int64_t num = 1, den = 1;
        for (uint16_t c = 0; c < e[k].currency_count; c++) {
            const ar_group_currency *x = &e[k].cur[c];
            fraction(rates, nrates, base, x->code, &num, &den);
            ar_fx_add(&r->in, &credits, &r->placed, &x->in, x->placed, num,
                      den);
        }
        /* every cost row in W of the entity, in its base currency */
        fraction(rates, nrates, base, e[k].cur[0].code, &num, &den);
        r->in.costs_w += ar_cents_muldiv_even(e[k].costs_all, num, den);
        r->in.have_costs &= e[k].have_costs;
        r->in.retention_base += e[k].retention_base_all;
        r->in.retention_kept += e[k].retention_kept_all;
        r->entities++;
        open_balances |= e[k].open_balances;
    }
    ar_fx_finish(&r->in, credits);
    out->unapplied = credits;
    r->in.commission_w =
        ar_cents_muldiv(r->placed, p->agency_commission_bp, 10000);
    evaluate(p, r, open_balances);
    out->consolidated = true;
}

void ar_group_compute(const ar_policy *p, const ar_group_entity *e,
                      size_t n, const ar_fx_rate *rates, size_t nrates,
                      const char *base, ar_group *out)
{
    memset(out, 0, sizeof *out);
    out->entity_count = n;
    out->entities = ar_xcalloc(n ? n : 1, sizeof *out->entities);
    for (size_t k = 0; k < n; k++) {
        ar_group_row *r = &out->entities[k];
        if (!e[k].currency_count)
            continue;
        memcpy(r->code, e[k].cur[0].code, sizeof r->code);
        r->in = e[k].cur[0].in;
        r->placed = e[k].cur[0].placed;
        r->entities = 1;
        evaluate(p, r, e[k].open_balances);
    }
    per_currency(p, e, n, out);
    if (base)
        consolidate(p, e, n, rates, nrates, base, out);
}

void ar_group_fini(ar_group *g)
{
    free(g->entities);
    g->entities = NULL;
}
