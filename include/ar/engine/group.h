/* group.h - the KPIs of a group of entities (issue #21 item 4, README
 * "A group of entities"): each entity run's KPI inputs at D, per
 * currency in exact cents (run.json "kpi_inputs"), added up per currency
 * over every entity, and with --fx rates each entity-currency's figures
 * converted to the group's base currency (fx.h's rule) and added up.
 * Pure. */
#ifndef AR_GROUP_H
#define AR_GROUP_H

#include <stdbool.h>
#include <stddef.h>

#include "ar/engine/kpi.h"
#include "ar/engine/ledger.h"

/* run.json "kpi_inputs.format": the version of what a group reads. */
#define AR_KPI_INPUTS_FORMAT "arbatch-kpi-inputs-1"

#define AR_GROUP_ENTITY 64   /* bytes of an entity code (policy.h) */

/* One currency of one entity at D. */
typedef struct ar_group_currency {
    char code[4];            /* ISO 4217, "" when the ledger has none */
    ar_kpi_inputs in;        /* its own cents; costs_w, commission_w and
                                have_costs in the base currency only */
    ar_cents placed;         /* recoveries from accounts placed with the
                                agency (the commission's base) */
} ar_group_currency;

/* One entity's run, as its run.json gives it. */
typedef struct ar_group_entity {
    const char *set;               /* its output set's folder (borrowed) */
    char entity[AR_GROUP_ENTITY];  /* "" = the whole ledger */
    bool open_balances;            /* KPIs needing settlement dates n/a */
    bool have_costs;               /* the run had a costs file */
    ar_cents costs_all;            /* every cost row in W, base currency */
    uint32_t retention_base_all, retention_kept_all; /* over every
                                                        currency */
    uint16_t currency_count;       /* cur[0] is the base currency */
    ar_group_currency cur[AR_KPI_CURRENCIES];
} ar_group_entity;

/* One row of the group workbook: figures in one currency, the KPIs over
 * them and their statuses under the group's policy. */
typedef struct ar_group_row {
    char code[4];
    ar_kpi_inputs in;
    ar_cents placed;               /* placed recoveries (commission) */
    ar_cents overdue;              /* open items past due (gross) */
    ar_kpi_value v[AR_KPI_COUNT_];
    ar_rag rag[AR_KPI_COUNT_];
    uint32_t entities;             /* entities with figures in it */
    /* cost per recovery n/a because an entity's accounts in this
     * currency are not in its base currency (its costs are) */
    bool costs_mixed;
} ar_group_row;

typedef struct ar_group {
    size_t entity_count;
    ar_group_row *entities;        /* each entity's base currency, in the
                                      order of the entities given */
    size_t currency_count;         /* per currency, by code */
    ar_group_row cur[AR_KPI_CURRENCIES];
    bool consolidated;             /* rates given */
    ar_group_row cons;             /* in the group's base currency */
    ar_cents unapplied;            /* converted credits */
} ar_group;

/* Indexes *i < *j of two entities with the same code, and true; false
 * when every entity is distinct. */
bool ar_group_same_entity(const ar_group_entity *e, size_t n, size_t *i,
                          size_t *j);

/* The first currency of an entity (*which) with figures that has no rate
 * in rates[0..nrates) and is not base: its code, NULL when every one has
 * a rate. */
const char *ar_group_missing_rate(const ar_group_entity *e, size_t n,
                                  const ar_fx_rate *rates, size_t nrates,
                                  const char *base, size_t *which);

/* The group's rows of e[0..n) under policy p (targets, the agency
 * commission of the consolidated view); with base (not NULL) the
 * consolidated row in base, every currency converted at its rate in
 * rates (the caller checked that each has one: ar_group_missing_rate).
 * Release with ar_group_fini. */
void ar_group_compute(const ar_policy *p, const ar_group_entity *e,
                      size_t n, const ar_fx_rate *rates, size_t nrates,
                      const char *base, ar_group *out);

void ar_group_fini(ar_group *g);

#endif
