/* group.h - `arbatch merge --group` (issue #21 item 4, README "A group of
 * entities"): an entity's output set read back from its run.json, and
 * the group's group.json and group-kpi.xlsx written. The figures are the
 * engine's (engine/group.h); cJSON stays in src/render. */
#ifndef AR_RENDER_GROUP_H
#define AR_RENDER_GROUP_H

#include "ar/base/date.h"
#include "ar/base/error.h"
#include "ar/engine/group.h"
#include "ar/engine/policy.h"

/* group.json "format" */
#define AR_GROUP_FORMAT "arbatch-group-1"

/* Why a currency's cost per recovery is n/a in a group. */
#define AR_GROUP_COSTS_MIXED                                               \
    "n/a: cost rows carry no currency and count in their entity's base "   \
    "currency, and an entity with accounts in this currency has another "  \
    "base currency"

/* What the group writes besides the rows: its inputs and options. */
typedef struct ar_group_doc {
    ar_date as_of;
    const ar_policy *p;
    const ar_group_entity *e;     /* the entities, as read */
    const ar_group *g;            /* their rows */
    const char *fx;               /* --fx file, NULL without */
    const char *fx_sha256;
    const ar_fx_rate *rates;      /* its rates */
    size_t rate_count;
    const char *why_not;          /* no consolidated row: why (static
                                     text); NULL when there is one */
} ar_group_doc;

/* Read set/run.json into *e (e->set = set) and its as-of date into
 * *as_of, checking that its KPI inputs were computed as policy p
 * computes them (window, agency commission, aging buckets). Exit-3
 * errors naming the set: AR_ERR_IO (no run.json), AR_ERR_EMPTY (not a
 * run.json), AR_ERR_POLICY (no kpi_inputs: a run of an older version,
 * or computed under another policy), AR_ERR_CURRENCY (more currencies
 * than a group adds up). */
ar_err ar_group_read(const char *set, const ar_policy *p, ar_group_entity *e,
                     ar_date *as_of, ar_diag *d);

/* dir/group.json: the entities, each row's inputs in cents and its KPIs
 * with their statuses, the rates. */
ar_err ar_render_group_json(const ar_group_doc *doc, const char *dir,
                            ar_diag *d);

/* dir/group-kpi.xlsx (src/render/xlsx/group.c). */
ar_err ar_render_group_xlsx(const ar_group_doc *doc, const char *dir,
                            ar_diag *d);

#endif
