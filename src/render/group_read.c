/* group_read.c - an entity's output set read back for `merge --group`:
 * its run.json's as-of date, entity and KPI inputs (render/group.h). */
#include "ar/render/group.h"

#include <cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* run.json is a few kilobytes; more is not one of ours */
#define MAX_RUN_JSON (16u << 20)

/* path's bytes, NUL-terminated (caller frees), or NULL with errno. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = ar_xmalloc(cap + 1);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            if (cap >= MAX_RUN_JSON)
                break;
            cap *= 2;
            buf = ar_xrealloc(buf, cap + 1);
        }
    }
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad) {
        free(buf);
        errno = EIO;
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

/* An integer member: a JSON number that is whole and exact in a double
 * (run.json writes them digit for digit, within 2^53). */
static bool get_int(const cJSON *o, const char *key, int64_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v))
        return false;
    double x = v->valuedouble;
    if (x != x || x > 9007199254740991.0 || x < -9007199254740991.0 ||
        x != (double)(int64_t)x)
        return false;
    *out = (int64_t)x;
    return true;
}

/* One currency's inputs (json.c inputs_object). */
static bool read_inputs(const cJSON *o, int buckets, bool base,
                        ar_group_currency *c)
{
    ar_kpi_inputs *x = &c->in;
    int64_t v[12];
    static const char *const keys[12] = {
        "ar_d", "current_d", "sales_w", "ar_s", "sales_s", "due_amount",
        "collected_45", "late_days_sum", "late_count", "retention_base",
        "retention_kept", "recovered_w"};
    for (int k = 0; k < 12; k++)
        if (!get_int(o, keys[k], &v[k]))
            return false;
    x->ar_d = v[0];
    x->current_d = v[1];
    x->sales_w = v[2];
    x->ar_s = v[3];
    x->sales_s = v[4];
    x->due_amount = v[5];
    x->collected_45 = v[6];
    x->late_days_sum = v[7];
    if (v[8] < 0 || v[8] > UINT32_MAX || v[9] < 0 || v[9] > UINT32_MAX ||
        v[10] < 0 || v[10] > UINT32_MAX)
        return false;
    x->late_count = (uint32_t)v[8];
    x->retention_base = (uint32_t)v[9];
    x->retention_kept = (uint32_t)v[10];
    x->recovered_w = v[11];
    if (!get_int(o, "placed_w", &c->placed) ||
        !get_int(o, "over_90_days", &x->over_days))
        return false;
    if (base && (!get_int(o, "costs_w", &x->costs_w) ||
                 !get_int(o, "commission_w", &x->commission_w)))
        return false;
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(o, "buckets");
    if (!cJSON_IsArray(b) || cJSON_GetArraySize(b) != buckets)
        return false;
    int k = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, b) {
        if (!cJSON_IsNumber(it) ||
            it->valuedouble != (double)(int64_t)it->valuedouble)
            return false;
        x->buckets[k++] = (int64_t)it->valuedouble;
    }
    return true;
}

/* kpi_inputs computed as p computes them: else what differs, into why. */
static bool same_policy(const cJSON *ki, const ar_policy *p, char *why,
                        size_t size)
{
    int64_t window, bp;
    if (!get_int(ki, "kpi_window_days", &window) ||
        !get_int(ki, "agency_commission_bp", &bp)) {
        snprintf(why, size, "its kpi_inputs cannot be read");
        return false;
    }
    if (window != p->kpi_window_days) {
        snprintf(why, size, "its KPIs have a %lld-day window, the group's "
                 "policy %d days ([kpi] kpi_window_days)", (long long)window,
                 (int)p->kpi_window_days);
        return false;
    }
    if (bp != p->agency_commission_bp) {
        snprintf(why, size, "its agency commission is %lld bp, the "
                 "group's policy's %d bp", (long long)bp,
                 (int)p->agency_commission_bp);
        return false;
    }
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(ki, "buckets");
    bool same = cJSON_IsArray(b) && cJSON_GetArraySize(b) == p->bucket_count;
    for (int k = 0; same && k < p->bucket_count; k++) {
        const cJSON *l = cJSON_GetArrayItem(b, k);
        same = cJSON_IsString(l) &&
               strcmp(l->valuestring, p->buckets[k].label) == 0;
    }
    if (!same)
        snprintf(why, size, "its aging buckets are not the group's "
                 "policy's (give merge --group the entities' --policy)");
    return same;
}

/* kpi_inputs' by_currency into e, the base currency first. */
static bool read_currencies(const cJSON *by, const char *base, int buckets,
                            ar_group_entity *e)
{
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(by, base);
    if (!cJSON_IsObject(b) || strlen(base) > 3)
        return false;
    snprintf(e->cur[0].code, sizeof e->cur[0].code, "%s", base);
    if (!read_inputs(b, buckets, true, &e->cur[0]))
        return false;
    e->currency_count = 1;
    const cJSON *c;
    cJSON_ArrayForEach(c, by) {
        if (strcmp(c->string, base) == 0)
            continue;
        if (e->currency_count == AR_KPI_CURRENCIES || strlen(c->string) > 3)
            return false;
        ar_group_currency *x = &e->cur[e->currency_count++];
        snprintf(x->code, sizeof x->code, "%s", c->string);
        if (!cJSON_IsObject(c) || !read_inputs(c, buckets, false, x))
            return false;
    }
    return true;
}

/* A root's members into e; AR_OK or the error with d set. */
static ar_err read_root(const cJSON *root, const char *path,
                        const ar_policy *p, ar_group_entity *e,
                        ar_date *as_of, ar_diag *d)
{
    const cJSON *day = cJSON_GetObjectItemCaseSensitive(root, "as_of");
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "version");
    const cJSON *base = cJSON_GetObjectItemCaseSensitive(root,
                                                         "base_currency");
    if (!cJSON_IsString(day) || !cJSON_IsString(base) ||
        ar_date_parse_iso(day->valuestring, as_of) != AR_OK)
        return ar_diag_set(d, AR_ERR_EMPTY, path, 0, NULL,
                           "not an arbatch run.json (no as_of and "
                           "base_currency)");
    const cJSON *ki = cJSON_GetObjectItemCaseSensitive(root, "kpi_inputs");
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(ki, "format");
    if (!cJSON_IsObject(ki) || !cJSON_IsString(fmt) ||
        strcmp(fmt->valuestring, AR_KPI_INPUTS_FORMAT) != 0)
        return ar_diag_set(d, AR_ERR_POLICY, path, 0, NULL,
                           "written by arbatch %s, without the KPI inputs "
                           "(%s) a group adds up: run the entity again "
                           "with this version",
                           cJSON_IsString(ver) ? ver->valuestring : "?",
                           AR_KPI_INPUTS_FORMAT);
    char why[200];
    if (!same_policy(ki, p, why, sizeof why))
        return ar_diag_set(d, AR_ERR_POLICY, path, 0, NULL, "%s", why);
    const cJSON *ent = cJSON_GetObjectItemCaseSensitive(root, "entity");
    if (cJSON_IsString(ent))
        snprintf(e->entity, sizeof e->entity, "%s", ent->valuestring);
    const cJSON *ob = cJSON_GetObjectItemCaseSensitive(ki, "open_balances");
    const cJSON *cf = cJSON_GetObjectItemCaseSensitive(ki, "costs_file");
    e->open_balances = cJSON_IsTrue(ob);
    e->have_costs = cJSON_IsTrue(cf);
    int64_t rb, rk;
    const cJSON *by = cJSON_GetObjectItemCaseSensitive(ki, "by_currency");
    if (cJSON_IsNull(by))
        return ar_diag_set(d, AR_ERR_CURRENCY, path, 0, NULL,
                           "its ledger has more currencies than a group "
                           "adds up (%d)", AR_KPI_CURRENCIES);
    if (!get_int(ki, "costs_all_w", &e->costs_all) ||
        !get_int(ki, "retention_base_all", &rb) ||
        !get_int(ki, "retention_kept_all", &rk) || rb < 0 ||
        rb > UINT32_MAX || rk < 0 || rk > UINT32_MAX ||
        !cJSON_IsObject(by) ||
        !read_currencies(by, base->valuestring, p->bucket_count, e))
        return ar_diag_set(d, AR_ERR_EMPTY, path, 0, NULL,
                           "its kpi_inputs cannot be read (integers in "
                           "cents per currency, the base currency's "
                           "among them)");
    e->retention_base_all = (uint32_t)rb;
    e->retention_kept_all = (uint32_t)rk;
    return AR_OK;
}

ar_err ar_group_read(const char *set, const ar_policy *p, ar_group_entity *e,
                     ar_date *as_of, ar_diag *d)
{
    memset(e, 0, sizeof *e);
    e->set = set;
    char path[4200];
    snprintf(path, sizeof path, "%s/run.json", set);
    char *text = slurp(path);
    if (!text)
        return ar_diag_set(d, AR_ERR_IO, set, 0, NULL,
                           "not an output set: no run.json (%s)",
                           strerror(errno));
    cJSON *root = cJSON_Parse(text);
    free(text);
    ar_err err = root ? read_root(root, path, p, e, as_of, d)
                      : ar_diag_set(d, AR_ERR_EMPTY, path, 0, NULL,
                                    "not an arbatch run.json (not JSON)");
    cJSON_Delete(root);
    return err;
}
