/* group.c - `arbatch merge --group` (cli/group.h): the sets read and
 * checked, the group's figures computed, the output set published. */
#include "ar/cli/group.h"

#include "ar/cli/job_ingest.h"
#include "ar/cli/publish.h"
#include "ar/engine/fx.h"
#include "ar/engine/group.h"
#include "ar/ingest/fx_file.h"
#include "ar/render/group.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_entity(const void *a, const void *b)
{
    return strcmp(((const ar_group_entity *)a)->entity,
                  ((const ar_group_entity *)b)->entity);
}

/* Every set read and checked against the others, sorted by entity. */
static ar_err read_sets(const ar_options *cli, const ar_policy *p,
                        ar_group_entity *e, ar_diag *d)
{
    for (size_t k = 0; k < cli->part_count; k++) {
        ar_date as_of;
        ar_err err = ar_group_read(cli->parts[k], p, &e[k], &as_of, d);
        if (err != AR_OK)
            return err;
        if (as_of != cli->as_of) {
            char a[16], b[16];
            return ar_diag_set(d, AR_ERR_DATE, cli->parts[k], 0, NULL,
                               "a set as of %s, not %s: a group adds up "
                               "the entities' sets of one date",
                               ar_date_format_iso(as_of, a, sizeof a),
                               ar_date_format_iso(cli->as_of, b, sizeof b));
        }
    }
    /* a run of the whole ledger holds the entities' rows too: beside
     * another set, they would count twice */
    for (size_t k = 0; k < cli->part_count && cli->part_count > 1; k++)
        if (!e[k].entity[0])
            return ar_diag_set(d, AR_ERR_DUPLICATE, e[k].set, 0, NULL,
                               "a run of the whole ledger (no --entity): "
                               "its rows are the other sets' entities' "
                               "too; a group adds up runs of one entity "
                               "each (run --entity CODE)");
    size_t i, j;
    if (ar_group_same_entity(e, cli->part_count, &i, &j)) {
        char what[100];
        if (e[i].entity[0])
            snprintf(what, sizeof what, "entity %s", e[i].entity);
        else
            snprintf(what, sizeof what, "the whole ledger (no --entity)");
        return ar_diag_set(d, AR_ERR_DUPLICATE, e[j].set, 0, NULL,
                           "%s and %s are both %s: give each entity's set "
                           "once",
                           e[i].set, e[j].set, what);
    }
    qsort(e, cli->part_count, sizeof *e, cmp_entity);
    return AR_OK;
}

/* The rates of cli->fx into lg, checked against the sets: base's is 1,
 * none dated after D, every entity's currency has one. */
static ar_err read_rates(const ar_options *cli, const ar_policy *p,
                         const ar_group_entity *e, const char *base,
                         ar_ledger *lg, char sha[65], ar_diag *d)
{
    ar_err err = ar_ingest_fx(lg, cli->fx, p, sha, d);
    if (err != AR_OK)
        return err;
    const ar_fx_rate *r = ar_ledger_fx_rates(lg);
    for (size_t i = 0; i < ar_ledger_fx_count(lg); i++) {
        int64_t num, den;
        if (strcmp(r[i].code, base) == 0 &&
            (!ar_fx_fraction(&r[i], &num, &den) || num != den))
            return ar_diag_set(d, AR_ERR_NUMBER, cli->fx, r[i].line, "rate",
                               "%s is the group's base currency: its rate "
                               "is 1", base);
        if (r[i].date != AR_DATE_NONE && r[i].date > cli->as_of) {
            char day[16];
            return ar_diag_set(d, AR_ERR_DATE, cli->fx, r[i].line, "date",
                               "the %s rate is dated %s, after the as-of "
                               "date: give the rate as of the close",
                               r[i].code,
                               ar_date_format_iso(r[i].date, day,
                                                  sizeof day));
        }
    }
    size_t which;
    const char *missing = ar_group_missing_rate(
        e, cli->part_count, r, ar_ledger_fx_count(lg), base, &which);
    if (missing)
        return ar_diag_set(d, AR_ERR_CURRENCY, cli->fx, 0, NULL,
                           "no rate for %s (of %s): every currency of "
                           "every entity needs a rate to %s",
                           missing[0] ? missing : "(no currency code)",
                           e[which].set, base);
    return AR_OK;
}

/* The one currency of every entity's figures, or NULL when they have
 * more than one. */
static const char *only_currency(const ar_group_entity *e, size_t n)
{
    const char *one = e[0].cur[0].code;
    for (size_t k = 0; k < n; k++)
        for (uint16_t c = 0; c < e[k].currency_count; c++)
            if (strcmp(one, e[k].cur[c].code) != 0)
                return NULL;
    return one;
}

ar_err ar_group_merge(const ar_options *cli, const char **why_not,
                      size_t *entities, ar_diag *d)
{
    ar_policy *p = ar_xmalloc(sizeof *p);
    ar_group_entity *e = ar_xcalloc(cli->part_count, sizeof *e);
    ar_ledger *lg = ar_ledger_new();
    ar_group g = {0};
    ar_outset out;
    char sha[65] = "";
    *why_not = NULL;
    *entities = cli->part_count;
    ar_err err = ar_job_load_policy(cli, p, d);
    if (err == AR_OK)
        err = read_sets(cli, p, e, d);
    if (err != AR_OK)
        goto out;
    /* the group's base currency: the policy's, else the first entity's */
    const char *base = p->base_currency[0] ? p->base_currency
                                           : e[0].cur[0].code;
    if (cli->fx) {
        err = read_rates(cli, p, e, base, lg, sha, d);
        if (err != AR_OK)
            goto out;
    } else if (only_currency(e, cli->part_count)) {
        base = only_currency(e, cli->part_count); /* nothing to convert */
    } else {
        base = NULL;
        *why_not = "the entities' figures are in more than one currency "
                   "and no --fx rates were given: amounts of different "
                   "currencies are never added";
    }
    ar_group_compute(p, e, cli->part_count, ar_ledger_fx_rates(lg),
                     ar_ledger_fx_count(lg), base, &g);
    ar_group_doc doc = {
        .as_of = cli->as_of, .p = p, .e = e, .g = &g, .fx = cli->fx,
        .fx_sha256 = sha, .rates = ar_ledger_fx_rates(lg),
        .rate_count = ar_ledger_fx_count(lg), .why_not = *why_not};
    err = ar_outset_begin(&out, cli->out, cli->as_of, AR_OUTSET_GROUP, d);
    if (err != AR_OK)
        goto out;
    err = ar_render_group_xlsx(&doc, out.tmp_dir, d);
    if (err == AR_OK)
        err = ar_render_group_json(&doc, out.tmp_dir, d);
    if (err == AR_OK)
        err = ar_outset_commit(&out, d);
    if (err != AR_OK)
        ar_outset_abort(&out);
out:
    ar_group_fini(&g);
    ar_ledger_free(lg);
    free(e);
    free(p);
    return err;
}
