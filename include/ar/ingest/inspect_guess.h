/* inspect_guess.h - what a column of an unknown export holds, guessed from
 * its header name and its values (SPEC §2.6 `arbatch inspect`): the ledger
 * column a name means (English, German, French), the kind of its values,
 * the date format that reads them all, the decimal mark, and the canonical
 * type a document-type word or code stands for. No I/O: inspect.c reads
 * the file and asks these.
 */
#ifndef AR_INSPECT_GUESS_H
#define AR_INSPECT_GUESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* No ledger column (the role of a column nothing in arbatch reads). */
#define AR_ROLE_NONE (-1)

/* What a column's non-blank values look like. */
typedef enum ar_value_kind {
    AR_KIND_EMPTY,          /* every value blank */
    AR_KIND_DATE,           /* dates, all read by one format */
    AR_KIND_AMOUNT,         /* amounts with decimals or signs */
    AR_KIND_WHOLE,          /* whole numbers */
    AR_KIND_FLAG,           /* Y/N, Yes/No, true/false, 1/0 */
    AR_KIND_CURRENCY,       /* 3-letter codes */
    AR_KIND_CODE,           /* short values without blanks */
    AR_KIND_TEXT,           /* words */
    AR_KIND_COUNT_
} ar_value_kind;

/* "date", "amount", ... */
const char *ar_value_kind_name(ar_value_kind k);

/* Fold a header name into a key for comparing: ASCII letters lowercased,
 * accented Latin letters to their base letter (ä a, ß ss, é e), digits
 * kept, everything else dropped ("Document No." -> "documentno", "Fällig
 * am" -> "falligam"). out holds size bytes, always terminated. */
void ar_guess_fold(const char *name, char *out, size_t size);

/* The ledger column (an ar_column) a header name usually means, or
 * AR_ROLE_NONE. *rank (unless NULL) says how sure: 0 for the usual name,
 * higher for a weaker synonym, 9 for a word found inside the name; when
 * several headers claim one column the lowest rank takes it. */
int ar_guess_role_by_name(const char *header, int *rank);

/* Every column a header name may mean, the likeliest first, into
 * roles[] and ranks[] (max of each); returns how many. "Customer full
 * name" is the client's key and its name. */
size_t ar_guess_roles_by_name(const char *header, int *roles, int *ranks,
                              size_t max);

/* Whether a column of kind k may hold ledger column role: dates for the
 * date columns, amounts or whole numbers for amounts, flags for flags...
 * (a blank column fits the optional ones). */
bool ar_guess_role_fits(int role, ar_value_kind k);

/* The date format of a column. */
typedef struct ar_date_guess {
    char format[32];        /* an ar_date_parse pattern that reads every
                               value, "" when none does */
    char other[32];         /* another that also reads them all with
                               another meaning (%m/%d/%Y vs %d/%m/%Y: no
                               day above 12), "" when the values decide */
    bool has_time;          /* some values carry a time (ignored) */
    size_t misses;          /* values it does not read (a run rejects
                               them) */
} ar_date_guess;

/* Find the format that parses all n values (none blank), trying the
 * common ones (%Y-%m-%d, %d.%m.%Y, %m/%d/%Y, %d/%m/%Y, %Y%m%d,
 * %d-%b-%Y, %b %d, %Y, %d-%m-%Y and their %y forms...) with years from
 * 1950 to 2100; failing that, the one that misses the fewest, when it
 * reads nine in ten (g->misses says how many it does not). False
 * (g->format "") when none does. */
bool ar_guess_date_format(const char *const *values, size_t n,
                          ar_date_guess *g);

/* Which of two readings of ambiguous dates (%m/%d/%Y and %d/%m/%Y) to
 * keep, 0 or 1: the one under which more rows have their due date on or
 * after their document date (fits[0], fits[1]); *decided says whether the
 * dates decided it. Else the decimal mark does: ',' takes the reading
 * that puts the day first (day_first says which of the two that is). */
int ar_guess_pick_reading(const size_t fits[2], int day_first,
                          char decimal_mark, bool *decided);

/* The decimal mark, '.' or ',', that the n values are written with: the
 * one under which more of them read as amounts that the other mark cannot
 * read ("1.234,56", "12,50" say ','; "1,234.56", "12.50" say '.').
 * *sure is false when no value tells them apart (whole numbers) or both
 * are seen; '.' is then returned unless ',' was seen more. */
char ar_guess_decimal_mark(const char *const *values, size_t n, bool *sure);

/* The kind of n non-blank values, amounts read with decimal mark mark
 * (dates: nine in ten read by one format; amounts: four in five, at
 * least five of them). */
ar_value_kind ar_guess_kind(const char *const *values, size_t n, char mark);

/* Whether a row's first field says it is a total line: the length of
 * its first word, or first two, when they are Total, TOTAL, Subtotal,
 * Grand Total, Summe, Gesamt, Totaux... ("Total for Current" 5, "Grand
 * Total:" 11), or of SAP's marks "*" to "***" alone, else 0
 * ("TotalEnergies SE" is a client). */
size_t ar_guess_total_word(const char *s);

/* The canonical type (ar_doc_type) a document-type word or code means
 * ("Invoice", "Credit Memo", "Gutschrift", "Facture", SAP "DZ"): *pos for
 * a positive amount, *neg for a negative one (they differ for a journal
 * entry: DEB and CRN); AR_TYPE_SKIP for rows that are no receivable
 * ("Sales Receipt"). False when the word is not known. */
bool ar_guess_doc_type(const char *value, uint8_t *pos, uint8_t *neg);

/* A type for a word that is not known, from words inside it ("Ausgangs-
 * rechnung" INV) or else its signs (only negative: CRN; only positive:
 * INV; both: DEB/CRN). */
void ar_guess_doc_type_by_sign(const char *value, size_t positive,
                               size_t negative, uint8_t *pos, uint8_t *neg);

#endif
