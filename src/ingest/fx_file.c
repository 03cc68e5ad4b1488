/* fx_file.c - the --fx rates file into the ledger, and its check against
 * the ledger's currencies (fx_file.h). */
#include "ar/ingest/fx_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/ingest/columns.h"
#include "ar/ingest/fields.h"

enum { FX_CURRENCY, FX_RATE, FX_SOURCE, FX_DATE, FX_COUNT };

static const char *const fx_columns[FX_COUNT] = {"currency", "rate",
                                                 "source", "date"};

/* "1.0856" into digits and decimals: a plain decimal > 0, at most
 * AR_FX_MAX_SCALE decimals and 18 digits in all (exact in 64 bits). */
static bool parse_rate(const char *s, int64_t *num, int *scale)
{
    int64_t v = 0;
    int digits = 0, decimals = -1;
    for (; *s; s++) {
        if (*s == '.' && decimals < 0 && digits > 0) {
            decimals = 0;
            continue;
        }
        if (*s < '0' || *s > '9' || digits >= 18)
            return false;
        v = v * 10 + (*s - '0');
        digits++;
        if (decimals >= 0 && ++decimals > AR_FX_MAX_SCALE)
            return false;
    }
    if (digits == 0 || decimals == 0 || v == 0)
        return false; /* "", "1.", zero */
    *num = v;
    *scale = decimals < 0 ? 0 : decimals;
    return true;
}

static ar_err row_error(ar_diag *d, ar_err e, const char *path, long line,
                        const char *column, const char *value,
                        const char *what)
{
    return ar_diag_set(d, e, path, line, column, "\"%.60s\": %s", value,
                       what);
}

static ar_err fx_row(ar_ledger *lg, const ar_csv_record *rec,
                     const long *at, const ar_policy *p, const char *path,
                     ar_diag *d)
{
    ar_fx_rate r = {.date = AR_DATE_NONE, .line = (uint32_t)rec->line};
    const char *v = ar_field(rec, at[FX_CURRENCY]);
    if (!ar_parse_currency(v, strlen(v), r.code))
        return row_error(d, AR_ERR_CURRENCY, path, rec->line, "currency", v,
                         "expected a three-letter ISO 4217 code");
    v = ar_field(rec, at[FX_RATE]);
    if (!parse_rate(v, &r.num, &r.scale))
        return row_error(d, AR_ERR_NUMBER, path, rec->line, "rate", v,
                         "expected the rate to the base currency as a "
                         "number above 0 such as 1.0856, at most 12 "
                         "decimals");
    v = ar_field(rec, at[FX_DATE]);
    if (v[0] && ar_parse_date_field(v, strlen(v), p->date_format, &r.date) !=
                    AR_OK)
        return row_error(d, AR_ERR_DATE, path, rec->line, "date", v,
                         "not a date in the policy's date format");
    r.text = ar_ledger_intern(lg, ar_field(rec, at[FX_RATE]),
                              ar_field_len(rec, at[FX_RATE]));
    r.source = ar_ledger_intern(lg, ar_field(rec, at[FX_SOURCE]),
                                ar_field_len(rec, at[FX_SOURCE]));
    if (!ar_ledger_add_fx(lg, &r))
        return row_error(d, AR_ERR_DUPLICATE, path, rec->line, "currency",
                         r.code, "this currency already has a rate");
    return AR_OK;
}

ar_err ar_ingest_fx(ar_ledger *lg, const char *path, const ar_policy *p,
                    char sha256[65], ar_diag *d)
{
    ar_csv_reader *r = NULL;
    ar_err err = ar_csv_open_at(&r, path, 0, NULL, d);
    if (err != AR_OK)
        return err;
    long at[FX_COUNT];
    for (int i = 0; i < FX_COUNT && err == AR_OK; i++) {
        at[i] = ar_csv_find(r, fx_columns[i]);
        if (at[i] < 0 && i <= FX_RATE)
            err = ar_diag_set(d, AR_ERR_COLUMN, path, 1, NULL,
                              "required column '%s' is missing (the rates "
                              "file has currency, rate and optionally "
                              "source, date)",
                              fx_columns[i]);
        else
            err = ar_column_unique(r, at[i], path, fx_columns[i], "", d);
    }
    ar_csv_record rec;
    int got = 0;
    while (err == AR_OK && (got = ar_csv_next(r, &rec, d)) == 1) {
        if (rec.status != AR_RECORD_OK)
            err = ar_diag_set(d, rec.status == AR_RECORD_MALFORMED
                                     ? AR_ERR_MALFORMED
                                     : AR_ERR_FIELD_COUNT,
                              path, rec.line, NULL,
                              "%s", rec.status == AR_RECORD_MALFORMED
                                        ? "bad quoting"
                                        : "the row has another number of "
                                          "fields than the header");
        else
            err = fx_row(lg, &rec, at, p, path, d);
    }
    if (err == AR_OK && got < 0)
        err = ar_csv_error(r);
    if (err == AR_OK) {
        ar_ledger_set_fx_loaded(lg);
        if (sha256)
            ar_csv_sha256(r, sha256);
    }
    ar_csv_close(r);
    return err;
}

ar_err ar_fx_check(const ar_ledger *lg, const char *path, ar_date as_of,
                   ar_diag *d)
{
    uint16_t base = ar_ledger_base_currency(lg);
    const char *code = ar_ledger_currency_code(lg, base);
    if (!code[0])
        return ar_diag_set(d, AR_ERR_CURRENCY, path, 0, NULL,
                           "the ledger's base currency has no code: set "
                           "[general] base_currency in the policy so that "
                           "the rates can name it");
    const ar_fx_rate *rates = ar_ledger_fx_rates(lg);
    for (size_t i = 0; i < ar_ledger_fx_count(lg); i++) {
        const ar_fx_rate *r = &rates[i];
        if (strcmp(r->code, code) == 0) {
            int64_t one = 1; /* "1", "1.0", "1.000000" */
            for (int k = 0; k < r->scale; k++)
                one *= 10;
            if (r->num != one)
                return ar_diag_set(d, AR_ERR_NUMBER, path, r->line, "rate",
                                   "%s is the base currency: its rate is 1",
                                   code);
        }
        if (r->date != AR_DATE_NONE && r->date > as_of) {
            char day[16];
            return ar_diag_set(d, AR_ERR_DATE, path, r->line, "date",
                               "the %s rate is dated %s, after the as-of "
                               "date: give the rate as of the close",
                               r->code,
                               ar_date_format_iso(r->date, day, sizeof day));
        }
    }
    /* every currency a used row dated on or before D has */
    size_t nc = ar_ledger_currency_count(lg);
    bool *used = ar_xcalloc(nc + 1, sizeof *used);
    const ar_doc *docs = ar_ledger_docs(lg);
    for (size_t i = 0; i < ar_ledger_doc_count(lg); i++)
        if (docs[i].doc_date <= as_of)
            used[docs[i].currency] = true;
    const ar_folded *f = ar_ledger_folded(lg);
    for (size_t c = 0; f && c < f->currency_count && c < nc; c++)
        used[c] |= f->currencies[c].docs > 0;
    char missing[200] = "";
    size_t len = 0, count = 0;
    for (uint16_t c = 0; c < nc; c++) {
        if (!used[c] || c == base || ar_ledger_fx_of(lg, c))
            continue;
        count++;
        int w = snprintf(missing + len, sizeof missing - len, "%s%s",
                         len ? ", " : "", ar_ledger_currency_code(lg, c));
        if (w > 0 && (size_t)w < sizeof missing - len)
            len += (size_t)w;
    }
    free(used);
    if (count)
        return ar_diag_set(d, AR_ERR_CURRENCY, path, 0, NULL,
                           "no rate for %s: every currency of the ledger "
                           "needs a rate to %s as of the close (%zu "
                           "missing)",
                           missing, code, count);
    return AR_OK;
}
