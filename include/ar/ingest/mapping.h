/* mapping.h - a real export's rows in arbatch's own layout (SPEC §2.6).
 *
 * The policy's [columns], [input] and [doc_types] say how an export
 * encodes what our layout says plainly: headers (one, or several joined
 * "A + B", with alternatives "A | B"), document-type words and codes,
 * signs, debit and credit columns, open balances, line items, layout
 * lines, entities, per-column dates, rounding, client numbers with
 * leading zeros and the client's master data. A mapping turns each record
 * into a view with SPEC §2.1's columns, which rows.c then checks by the
 * same row rules as our own files: the mapping decides what a row means,
 * never whether its values are valid.
 */
#ifndef AR_MAPPING_H
#define AR_MAPPING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/base/error.h"
#include "ar/base/money.h"
#include "ar/engine/policy.h"
#include "ar/ingest/csv_reader.h"

/* Why a row was skipped (SPEC §2.6: never silently: counted by reason in
 * run.json and listed in skipped.csv). */
typedef enum ar_skip_reason {
    AR_SKIP_ABOVE_HEADER,   /* a title line above the header */
    AR_SKIP_LAYOUT,         /* every mapped column blank: a section line,
                               a blank row, a footer */
    AR_SKIP_PATTERN,        /* its first field matches [input] skip_rows */
    AR_SKIP_DOC_TYPE,       /* its type is mapped to skip */
    AR_SKIP_ENTITY,         /* another entity than the one chosen */
    AR_SKIP_COUNT_
} ar_skip_reason;

/* run.json's key of a reason ("layout_line"). */
const char *ar_skip_key(ar_skip_reason r);
/* The reason in words, for skipped.csv. */
const char *ar_skip_phrase(ar_skip_reason r);

/* The client master-data columns a ledger may carry, in ar_column order
 * from AR_COL_NAME. */
#define AR_INFO_COLUMNS (AR_COL_COUNT_ - AR_COL_NAME)

/* One export row in our layout. The texts live until the next
 * ar_mapping_row. */
typedef struct ar_mapped_row {
    ar_csv_record view;      /* fields in ar_column order, one for each
                                column below AR_COL_CANONICAL_ */
    bool has_open;           /* the export says what is open */
    ar_cents open;           /* and how much, in the document's currency
                                and sign (the amount's sign rule applied) */
    int open_flag;           /* -1 not given, 0 closed, 1 open */
    bool rounded;            /* an amount was rounded (round_amounts) */
    const char *info[AR_INFO_COLUMNS]; /* "" where not given */
} ar_mapped_row;

typedef enum ar_map_result {
    AR_MAP_USE,              /* check out->view by the row rules */
    AR_MAP_SKIP,             /* *skip says why */
    AR_MAP_REJECT,           /* *why, *col and detail say why */
} ar_map_result;

typedef struct ar_mapping ar_mapping;

/* Which ledger columns the header holds, by the policy's names (SPEC
 * §2.1 for our own columns when [columns] leaves one blank). A required
 * column (doc_no, client_id, doc_date, and amount or debit and credit)
 * that is not there is AR_ERR_COLUMN with d naming it. */
ar_err ar_mapping_new(const ar_policy *p, const ar_csv_reader *r,
                      const char *path, ar_mapping **out, ar_diag *d);
void ar_mapping_free(ar_mapping *m);

/* Header index of column c in the mapping's file, -1 when it is not
 * there or is joined from several (then only ar_mapping_row reads it). */
long ar_mapping_column(const ar_mapping *m, ar_column c);

/* The header text a column was read from ("Company Code + Document
 * Number"), "" when not read. */
const char *ar_mapping_source(const ar_mapping *m, ar_column c);

/* Map one record (the layer in front of the row rules). Records that do
 * not parse as CSV are the caller's (rows.c rejects them first). */
/* A row ar_mapping_row rejected: its amount (signed, as the export
 * writes it) and currency code ("" when blank), where they read; false
 * otherwise. Call after the reject's texts are copied (it reuses m's
 * buffer). */
bool ar_mapping_amount(ar_mapping *m, const ar_csv_record *rec, ar_cents *v,
                       char code[4]);

ar_map_result ar_mapping_row(ar_mapping *m, const ar_csv_record *rec,
                             ar_mapped_row *out, ar_skip_reason *skip,
                             ar_err *why, ar_column *col,
                             const char **value, char *detail,
                             size_t dsize);

/* For ar_csv_open_at: true when fields hold every required column by the
 * policy's names (ctx is an ar_header_search). */
typedef struct ar_header_search {
    const ar_policy *p;
    long best_line;          /* the physical line of the record that
                                held the most of them */
    int best_found;
    char missing[64];        /* the first one it lacked */
    long records;            /* records looked at */
} ar_header_search;

bool ar_mapping_is_header(void *ctx, long line, const char *const *fields,
                          size_t n);

/* True when one of a [columns] value's alternatives ("A + B | C") has
 * every part among the n header names (case-insensitive). */
bool ar_mapping_spec_found(const char *spec, const char *const *header,
                           size_t n);

/* "doc_no, client_id, doc_date, amount" as the policy names them, for
 * messages. */
void ar_mapping_wanted(const ar_policy *p, char *buf, size_t size);

/* Half-even rounding of v * num / den to a whole number (den > 0): the
 * open amount of a foreign-currency line from the company currency. */
ar_cents ar_mapping_scale(ar_cents v, ar_cents num, ar_cents den);

/* The reason no header was found (hs after the search), in the words of
 * SPEC §2.1 when the first line is a header that lacks a column: d
 * filled, AR_ERR_COLUMN. */
ar_err ar_mapping_no_header(const ar_header_search *hs, const ar_policy *p,
                            const char *path, ar_diag *d);

#endif
