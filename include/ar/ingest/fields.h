/* fields.h - what every input file reads the same way: one field's
 * value, a date, a currency code, a yes/no flag, and the record-level
 * rejects (SPEC §8.4). */
#ifndef AR_FIELDS_H
#define AR_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "ar/base/date.h"
#include "ar/base/error.h"
#include "ar/engine/policy.h"
#include "ar/base/money.h"
#include "ar/ingest/csv_reader.h"
#include "ar/ingest/rejects.h"

/* Field at of rec, "" when there is no such field (at < 0 or past the
 * record's end), and its length. */
static inline const char *ar_field(const ar_csv_record *rec, long at)
{
    return at >= 0 && (size_t)at < rec->nfields ? rec->fields[at] : "";
}

static inline size_t ar_field_len(const ar_csv_record *rec, long at)
{
    return at >= 0 && (size_t)at < rec->nfields ? rec->lens[at] : 0;
}

/* Parse a yes/no flag (Y/N, Yes/No, true/false, 1/0, case-insensitive;
 * blank = no). False when s is none of these. */
bool ar_parse_flag(const char *s, bool *out);

/* A date pattern of a policy, one of the alternatives a date format may
 * list ("%m/%d/%Y | %Y-%m-%d": the first that reads a value wins). */
#define AR_DATE_PATTERNS 4
typedef struct ar_date_pattern {
    char text[32];
} ar_date_pattern;

/* Split spec at '|' into at most max valid patterns; their number, or -1
 * when one is empty, invalid or too long, or there are more. */
int ar_date_patterns(const char *spec, ar_date_pattern *out, int max);

/* A date by fmt (its alternatives in turn), or ISO (our own files may use
 * ISO dates whatever the ledger's format is). AR_OK or AR_ERR_DATE. */
ar_err ar_parse_date_field(const char *s, size_t len, const char *fmt,
                           ar_date *out);

/* An amount of our own small files (clients, costs, history) by the
 * policy's decimal mark, or else as 1234.56: they may write '.' whatever
 * the ledger's mark is (the history arbatch writes does). AR_OK or the
 * error of the policy's mark. */
ar_err ar_parse_amount_field(const char *s, size_t len, char decimal_mark,
                             ar_cents *out);

/* A 3-letter ISO 4217 code in any case into code (capitals). */
bool ar_parse_currency(const char *s, size_t len, char code[4]);

/* Reject rec for bad quoting or a wrong field count (ncols in the
 * header), with line and reason; true when it was rejected. */
bool ar_reject_record(ar_rejects *rej, const char *path,
                      const ar_csv_record *rec, size_t ncols);

/* SPEC §8.2, §2.6: the delimiter of a header line s[0..n): the most
 * frequent of , ; tab | outside quotes; a tie with ',' or none gives ','. */
char ar_detect_delimiter(const char *s, size_t n);

/* The message for a file whose header was not found by rule h: the
 * columns looked for and the first lines the file begins with (control
 * characters shown as \xNN). */
void ar_header_missing(char *msg, size_t size, const ar_csv_header_rule *h,
                       const ar_csv_preamble *pre, size_t count);

/* A client id s[0..*len) as every input keys it: SPEC §2.6
 * client_id_strip_zeros drops leading zeros (one is kept: "000" is "0");
 * *len is updated. */
const char *ar_client_key(const ar_policy *p, const char *s, size_t *len);

/* The hint for an amount s[0..n) that did not read with decimal mark
 * mark but reads with the other one ("1.234,56" under '.'), with at most
 * two decimals unless rounding (round_amounts): the policy key that reads
 * it, as "; ..." (else ""), to end a reject's words. */
const char *ar_amount_mark_hint(const char *s, size_t n, char mark,
                                bool rounding);

#endif
