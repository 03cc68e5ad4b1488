/* json_parts.h - what the JSON writers of src/render (json.c: run.json,
 * group_json.c: group.json) share. cJSON's type appears as an incomplete
 * struct, so that <cJSON.h> stays included by src/render's files. */
#ifndef AR_JSON_PARTS_H
#define AR_JSON_PARTS_H

#include <stdbool.h>
#include <stdint.h>

#include "ar/base/error.h"
#include "ar/engine/kpi.h"

struct cJSON;

/* o[key] = v as an integer, digit for digit (cJSON would print it
 * through a double). */
void ar_json_add_int(struct cJSON *o, const char *key, int64_t v);

/* o[key] = the KPI values v[AR_KPI_COUNT_] by run.json key, null where
 * n/a. */
void ar_json_add_kpis(struct cJSON *o, const char *key,
                      const ar_kpi_value *v);

/* o[key] = the rate num / 10^scale as its exact decimal ("0.9234567"),
 * a JSON number. */
void ar_json_add_rate(struct cJSON *o, const char *key, int64_t num,
                      int scale);

/* KPI inputs x at D as a new object (caller owns it): cents, days and
 * counts as integers, its first `buckets` aging buckets, the placed
 * recoveries, and costs_w and commission_w (null unless costs). */
struct cJSON *ar_json_inputs(const ar_kpi_inputs *x, int buckets,
                             ar_cents placed, bool costs);

/* Write root (then freed) as dir/name, one JSON document and a newline,
 * through ar_out_open (AR_ERR_OUTPUT naming the file). */
ar_err ar_json_write(struct cJSON *root, const char *dir, const char *name,
                     ar_diag *d);

#endif
