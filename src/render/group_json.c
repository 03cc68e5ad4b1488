/* group_json.c - group.json of `merge --group` (render/group.h): the
 * entities, each row's inputs in integer cents and its KPIs with their
 * statuses, per entity, per currency and consolidated. */
#include "ar/render/group.h"

#include "ar/base/version.h"
#include "ar/render/json_parts.h"

#include <cJSON.h>
#include <stdio.h>

static const char *const rag_words[AR_RAG_COUNT_] = {
    [AR_RAG_NONE] = NULL, [AR_RAG_GREEN] = "green",
    [AR_RAG_AMBER] = "amber", [AR_RAG_RED] = "red"};

/* A row: its currency, AR, overdue, inputs, KPIs and statuses. */
static cJSON *row_object(const ar_group_doc *doc, const ar_group_row *r,
                         const ar_group_entity *e)
{
    cJSON *o = cJSON_CreateObject();
    if (e && e->entity[0])
        cJSON_AddStringToObject(o, "entity", e->entity);
    else if (e)
        cJSON_AddNullToObject(o, "entity");
    if (e)
        cJSON_AddStringToObject(o, "set", e->set);
    cJSON_AddStringToObject(o, "currency", r->code);
    ar_json_add_int(o, "entities", r->entities);
    ar_json_add_int(o, "ar_cents", r->in.ar_d);
    ar_json_add_int(o, "overdue_cents", r->overdue);
    cJSON_AddItemToObject(o, "inputs_cents",
                          ar_json_inputs(&r->in, doc->p->bucket_count, r->placed,
                                         r->in.have_costs));
    ar_json_add_kpis(o, "kpi", r->v);
    cJSON *st = cJSON_AddObjectToObject(o, "status");
    for (int k = 0; k < AR_KPI_COUNT_; k++) {
        const char *w = rag_words[r->rag[k]];
        if (w)
            cJSON_AddStringToObject(st, ar_kpi_key((ar_kpi_id)k), w);
        else
            cJSON_AddNullToObject(st, ar_kpi_key((ar_kpi_id)k));
    }
    if (r->costs_mixed)
        cJSON_AddStringToObject(o, "cost_per_recovery_note",
                                AR_GROUP_COSTS_MIXED);
    return o;
}

ar_err ar_render_group_json(const ar_group_doc *doc, const char *dir,
                            ar_diag *d)
{
    const ar_group *g = doc->g;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "format", AR_GROUP_FORMAT);
    cJSON_AddStringToObject(root, "version", ar_version());
    char day[16];
    cJSON_AddStringToObject(root, "as_of",
                            ar_date_format_iso(doc->as_of, day, sizeof day));
    cJSON *ents = cJSON_AddArrayToObject(root, "entities");
    for (size_t k = 0; k < g->entity_count; k++) {
        cJSON_AddItemToArray(ents,
                             row_object(doc, &g->entities[k], &doc->e[k]));
    }
    cJSON *by = cJSON_AddObjectToObject(root, "by_currency");
    for (size_t c = 0; c < g->currency_count; c++)
        cJSON_AddItemToObject(by, g->cur[c].code,
                              row_object(doc, &g->cur[c], NULL));
    if (!g->consolidated) {
        cJSON_AddNullToObject(root, "consolidated");
        cJSON_AddStringToObject(root, "consolidated_missing",
                                doc->why_not ? doc->why_not : "?");
        return ar_json_write(root, dir, "group.json", d);
    }
    cJSON *o = row_object(doc, &g->cons, NULL);
    cJSON_AddStringToObject(o, "rounding",
                            "each entity's total of a figure in each "
                            "currency converts once at its rate, half to "
                            "even");
    ar_json_add_int(o, "unapplied_credits_cents", g->unapplied);
    cJSON *fx = cJSON_AddObjectToObject(o, "fx");
    cJSON_AddStringToObject(fx, "path", doc->fx);
    cJSON_AddStringToObject(fx, "sha256", doc->fx_sha256);
    cJSON *rates = cJSON_AddObjectToObject(fx, "rates");
    for (size_t i = 0; i < doc->rate_count; i++)
        ar_json_add_rate(rates, doc->rates[i].code, doc->rates[i].num,
                         doc->rates[i].scale);
    cJSON_AddItemToObject(root, "consolidated", o);
    return ar_json_write(root, dir, "group.json", d);
}
