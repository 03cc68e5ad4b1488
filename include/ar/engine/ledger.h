/* ledger.h - the model every analysis reads: documents, clients, costs and
 * dunning history as ingested. The ledger owns every string it holds (one
 * string pool); everything else refers to strings by ar_str offsets and to
 * documents and clients by index.
 */
#ifndef AR_LEDGER_H
#define AR_LEDGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/base/date.h"
#include "ar/base/money.h"
#include "ar/engine/doc_type.h"
#include "ar/engine/policy.h"

/* A string in the ledger's pool, by offset; 0 is the empty string. */
typedef uint32_t ar_str;

#define AR_NONE UINT32_MAX /* "no index" for client/info/doc indexes */

/* One used ledger row. 40 bytes: a million rows fit in 40 MB. */
typedef struct ar_doc {
    ar_cents amount;       /* positive, minor units */
    uint32_t client;       /* index into the ledger's clients */
    ar_str doc_no;
    ar_str applies_to;     /* 0 = none; else its text in the references
                              pool (ar_ledger_ref_text) until a run drops
                              them (ar_ledger_drop_refs): then only "had
                              one" */
    uint32_t line;         /* physical source line */
    ar_date doc_date;
    ar_date due_date;      /* INV/DEB: blank = doc_date; others NONE */
    ar_date settled_date;  /* INV/DEB: paid in full that day (register
                              exports); PAY/CRN/WO: consumed that day
                              (ar_doc_consumed); else NONE */
    uint16_t currency;     /* index into the ledger's currencies */
    uint8_t type;          /* ar_doc_type */
    uint8_t disputed : 1;  /* listed, never dunned */
    uint8_t companion : 1; /* made from the row before it (an open-balance
                              export's settlement): it goes with that row
                              when that row is a duplicate */
} ar_doc;

/* SPEC §2.6: a PAY/CRN/WO with a settled_date on or before as_of was
 * consumed that day (it cleared an item that carries its own settled_date,
 * or is the applied part of an open-balance export's credit): from then
 * on it neither settles anything nor is an unapplied credit, and it is
 * not counted as settled (clearing counts once). */
static inline bool ar_doc_consumed(const ar_doc *d, ar_date as_of)
{
    return !ar_doc_is_item((ar_doc_type)d->type) &&
           d->settled_date != AR_DATE_NONE && d->settled_date <= as_of;
}

/* Master data of a client (clients file, SPEC §2.2). */
typedef struct ar_client_info {
    ar_str id, name, contact, address1, address2, city, region, postal_code,
        country, email, phone, account_manager, language;
    /* README "Letters": the contact as the letter greets them (a form of
     * address such as Ms or Frau Dr., and the family name), and the
     * account manager's direct line on VIP letters */
    ar_str title, family_name, manager_phone, manager_email;
    int segment;            /* ar_tier forced by the file, or -1 */
    bool strategic;
    bool has_revenue;
    ar_cents annual_revenue;
    int32_t prior_collections;
    uint32_t line;
    bool from_ledger;       /* read off the ledger's own columns (line is
                               the ledger's), not the clients file */
    bool rejected_rows;     /* a ledger row of the client was rejected: its
                               balance is not certain, so no letter and no
                               placement until the row is corrected */
} ar_client_info;

/* A client key seen in the ledger or the clients file. */
typedef struct ar_client {
    ar_str id;
    uint32_t info;          /* index into infos, AR_NONE when unknown */
    bool in_ledger;         /* has at least one used ledger row */
} ar_client;

/* One collection cost (SPEC §2.3). */
typedef struct ar_cost {
    ar_date date;
    uint32_t client;        /* index into clients */
    ar_str action;
    ar_str doc_no;
    ar_str note;
    ar_cents cost;
    uint32_t line;
} ar_cost;

/* One letter sent by an earlier run (SPEC §2.4). */
typedef struct ar_letter_sent {
    ar_date run_date;       /* the run's as-of date (the wait counts from
                               it, SPEC §8.12) */
    ar_date letter_date;    /* the date the letter bears, AR_DATE_NONE when
                               the history does not say */
    uint32_t client;
    int stage;              /* 1..5 */
    ar_str doc_nos;
    ar_cents amount;
    uint16_t currency;
} ar_letter_sent;

/* An exchange rate of --fx (README "Currencies"): one unit of the
 * currency is num / 10^scale units of the base currency as of D. */
typedef struct ar_fx_rate {
    char code[4];           /* ISO 4217, as the ledger writes it */
    int64_t num;            /* the rate's digits, > 0 */
    int scale;              /* its decimals, 0..AR_FX_MAX_SCALE */
    ar_str text;            /* the rate as the file wrote it */
    ar_str source;          /* "ECB reference rate", ... ("" = none) */
    ar_date date;           /* the rate's date, AR_DATE_NONE = D */
    uint32_t line;
} ar_fx_rate;

#define AR_FX_MAX_SCALE 12

typedef struct ar_ledger ar_ledger;

/* An empty ledger. Never NULL (allocation failure aborts). */
ar_ledger *ar_ledger_new(void);
void ar_ledger_free(ar_ledger *lg);

/* Copy s[0..len) into the pool; returns its handle (0 for ""). */
ar_str ar_ledger_intern(ar_ledger *lg, const char *s, size_t len);
/* The NUL-terminated text of a handle; valid until the next intern. */
const char *ar_ledger_text(const ar_ledger *lg, ar_str s);

/* The same for the applies_to texts, kept in a pool of their own: only
 * ar_ledger_finish reads them, so a run frees them after it (one doc
 * number for every settlement that names its invoice). */
ar_str ar_ledger_intern_ref(ar_ledger *lg, const char *s, size_t len);
const char *ar_ledger_ref_text(const ar_ledger *lg, ar_str s);
/* Free the applies_to texts once the ledger is finished for good; reading
 * or resolving them after that aborts. */
void ar_ledger_drop_refs(ar_ledger *lg);

/* Index of the client with key id (created when new). */
uint32_t ar_ledger_client(ar_ledger *lg, const char *id, size_t len);
/* Index of the client with key id, or AR_NONE. */
uint32_t ar_ledger_find_client(const ar_ledger *lg, const char *id,
                               size_t len);

/* Index of a currency code ("" = the base currency placeholder). */
uint16_t ar_ledger_currency(ar_ledger *lg, const char *code, size_t len);

/* Index of the document of type t with number doc_no, or AR_NONE. A
 * binary search between ar_ledger_drop_duplicates and ar_ledger_finish,
 * a scan otherwise: for occasional look-ups (the engine resolves
 * applies_to in bulk). */
uint32_t ar_ledger_find_doc(const ar_ledger *lg, ar_doc_type t,
                            const char *doc_no, size_t len);

/* Append a document. Duplicate numbers are found afterwards, all at once,
 * by ar_ledger_drop_duplicates (a sort beats a hash probe per row). */
uint32_t ar_ledger_add_doc(ar_ledger *lg, const ar_doc *doc);

/* A document dropped because an earlier one has its type and number. */
typedef struct ar_duplicate {
    ar_doc doc;
    uint32_t first_line;   /* line of the document that owns the number */
} ar_duplicate;

/* SPEC §8.8: remove every document whose (type, doc_no) an earlier one
 * already has, and index the rest by number. Returns how many were
 * dropped; *out (caller frees) lists them in file order. */
size_t ar_ledger_drop_duplicates(ar_ledger *lg, ar_duplicate **out);

/* For a PAY/CRN/WO with applies_to: the INV (kind AR_DOC_INV) or DEB
 * (AR_DOC_DEB) with that number, whatever its client and date, or AR_NONE
 * (SPEC §8.9 is checked by the caller). Valid after ar_ledger_finish. */
uint32_t ar_ledger_target(const ar_ledger *lg, uint32_t doc, ar_doc_type kind);

/* Free the resolved targets (8 bytes a document) once nothing will settle
 * the ledger again; settling it after that aborts. */
void ar_ledger_drop_targets(ar_ledger *lg);

/* Append master data; false when the client already has a row (§8.11). */
bool ar_ledger_add_info(ar_ledger *lg, const ar_client_info *info);
void ar_ledger_add_cost(ar_ledger *lg, const ar_cost *cost);
void ar_ledger_add_letter(ar_ledger *lg, const ar_letter_sent *letter);

/* Record that a costs file was read (even an empty one): cost per
 * recovery is then a number, else n/a (SPEC §8.22). */
void ar_ledger_set_costs_loaded(ar_ledger *lg);
bool ar_ledger_costs_loaded(const ar_ledger *lg);

/* Add a rate of --fx; false when its currency already has one. Once any
 * is added (even none: ar_ledger_set_fx_loaded), the KPIs are also
 * consolidated over every currency (metrics.h). */
bool ar_ledger_add_fx(ar_ledger *lg, const ar_fx_rate *rate);
void ar_ledger_set_fx_loaded(ar_ledger *lg);
bool ar_ledger_fx_loaded(const ar_ledger *lg);
size_t ar_ledger_fx_count(const ar_ledger *lg);
const ar_fx_rate *ar_ledger_fx_rates(const ar_ledger *lg);
/* The rate of currency index c, or NULL when the file gave none (the
 * base currency's is 1 whether given or not: ar_fx_of, fx.h). */
const ar_fx_rate *ar_ledger_fx_of(const ar_ledger *lg, uint16_t c);

/* SPEC §2.6: the ledger is an open-balance export (it says what is open
 * on the export date, not when each item was settled): the KPIs that need
 * settlement dates are n/a. */
void ar_ledger_set_open_balances(ar_ledger *lg);
bool ar_ledger_open_balances(const ar_ledger *lg);

/* Finish the ledger once every file is read: index it (dropping any
 * duplicate the caller did not take out first), resolve applies_to
 * targets, and fix the base currency (SPEC §8.23): the policy's
 * base_currency if set, else the first used row's currency. Blank
 * currencies are the base currency. */
void ar_ledger_finish(ar_ledger *lg, const char *base_currency);

/* The same without resolving the targets, which only settling reads
 * (validate never settles): ar_ledger_target must not be called. */
void ar_ledger_finish_without_targets(ar_ledger *lg,
                                      const char *base_currency);

/* Read access. Pointers are valid until the next add. */
size_t ar_ledger_doc_count(const ar_ledger *lg);
const ar_doc *ar_ledger_docs(const ar_ledger *lg);
size_t ar_ledger_client_count(const ar_ledger *lg);
const ar_client *ar_ledger_clients(const ar_ledger *lg);
const ar_client_info *ar_ledger_infos(const ar_ledger *lg);
size_t ar_ledger_info_count(const ar_ledger *lg);
/* Client info i's country becomes code (an export's "New Zealand" read
 * as NZ): every later reader sees the code. */
void ar_ledger_set_info_country(ar_ledger *lg, size_t i, const char *code);
size_t ar_ledger_cost_count(const ar_ledger *lg);
const ar_cost *ar_ledger_costs(const ar_ledger *lg);
size_t ar_ledger_letter_count(const ar_ledger *lg);
const ar_letter_sent *ar_ledger_letters(const ar_ledger *lg);
size_t ar_ledger_currency_count(const ar_ledger *lg);
/* ISO code of currency index c ("" when the base currency is unnamed). */
const char *ar_ledger_currency_code(const ar_ledger *lg, uint16_t c);
/* Index of the base currency (after ar_ledger_finish). */
uint16_t ar_ledger_base_currency(const ar_ledger *lg);
/* Whether ar_ledger_finish (or one of its kin) has decided the base
 * currency: a run that failed before has none to speak of. */
bool ar_ledger_base_decided(const ar_ledger *lg);

/* Sum of amounts per currency and doc type over every used row:
 * out[c * AR_DOC_COUNT_ + t], out sized currency_count * AR_DOC_COUNT_.
 * False when a sum would overflow 64 bits. */
bool ar_ledger_type_totals(const ar_ledger *lg, ar_cents *out);

/* ---- large ledgers (fold.c) ---------------------------------------- */

/* What fold.c left out of a large ledger: every group of rows closed for
 * good as of D, kept only as the figures that still read it. The client
 * partitions were analysed whole, so the figures that read closed rows
 * (each client's payment history, the KPIs' row inputs) come from there.
 * Indexed like the ledger's currencies and clients as they were when the
 * ledger file was read. */
struct ar_kpi_rows; /* kpi.h */
struct ar_rf_figures; /* rollforward.h */

typedef struct ar_folded_client {
    bool seen;                     /* had a folded row (all dated <= D) */
    bool seen_base, seen_other;    /* in the base currency, in another */
    ar_date last_payment;          /* AR_DATE_NONE when none folded */
    ar_cents last_payment_amount;  /* paid on that day */
    uint32_t first_line;           /* its first folded row (0: none): a
                                      merge numbers clients by it */
} ar_folded_client;

/* A client's payment history over all its rows (analysis.c, SPEC §3.3),
 * as its partition's analysis found it. */
typedef struct ar_folded_history {
    int64_t days_late_sum;
    ar_cents revenue;              /* Sales in H, primary currency */
    uint32_t settled_count;
    int32_t max_days_late;
} ar_folded_history;

typedef struct ar_folded_currency {
    uint64_t docs;                 /* folded rows in this currency */
    uint32_t first_line;           /* the first of them */
    ar_cents invoiced;             /* their INV + DEB */
    ar_cents settled;              /* their settlements, in full, and
                                      settled_date payments, as taken */
} ar_folded_currency;

typedef struct ar_folded {
    uint64_t docs;                 /* rows folded in all */
    /* the KPIs' row inputs over every row, folded or not; NULL until the
     * partitions are settled (ar_fold_settle) */
    struct ar_kpi_rows *kpi_rows;
    ar_folded_history *history;    /* per client; NULL until then too */
    /* the rollforward over every row, by currency index, summed over the
     * partitions (ar_rf_figures[rollforward_count]); NULL until then */
    struct ar_rf_figures *rollforward;
    size_t rollforward_count;
    ar_folded_currency *currencies;
    size_t currency_count;
    ar_folded_client *clients;
    size_t client_count;
    /* over every used row, folded or not (the rows were never all in
     * memory): [c * AR_DOC_COUNT_ + t]; false when one would wrap */
    ar_cents *type_totals;
    bool type_totals_ok;
    /* SPEC §1 totals limit: the row at which a currency's used rows, in
     * file order, first add up to more than AR_CENTS_TOTAL_MAX (0 when
     * none), and that currency */
    uint32_t over_limit_line;
    uint16_t over_limit_currency;
} ar_folded;

/* A client's last payment: the latest day, and all paid on it
 * (AR_DATE_NONE sorts before every day). */
static inline void ar_last_payment_add(ar_date *last, ar_cents *amount,
                                       ar_date when, ar_cents paid)
{
    if (when > *last) {
        *last = when;
        *amount = paid;
    } else if (when == *last) {
        *amount += paid;
    }
}

/* Start the folded summary of a ledger whose rows are spooled: sized for
 * the clients and currencies it has now. */
ar_folded *ar_ledger_fold_begin(ar_ledger *lg);
/* The folded summary, or NULL when every row was read into memory. */
const ar_folded *ar_ledger_folded(const ar_ledger *lg);

/* For rows that fold.c spools instead of ar_ledger_add_doc: the first
 * used row fixes the first currency (SPEC §8.23), and a client with a
 * row left after the duplicates is in the ledger. */
void ar_ledger_note_first_currency(ar_ledger *lg, uint16_t currency);
void ar_ledger_note_used_client(ar_ledger *lg, uint32_t client);

/* The base currency ar_ledger_finish will choose (before it is called). */
uint16_t ar_ledger_pick_base(ar_ledger *lg, const char *base_currency);

/* ar_ledger_finish with the base currency already chosen. */
void ar_ledger_finish_with_base(ar_ledger *lg, uint16_t base);

/* Put the documents back in file order (fold.c adds them client by
 * client): before ar_ledger_finish. */
void ar_ledger_order_by_line(ar_ledger *lg);

/* Master data of client c, or NULL when it is not in the clients file. */
const ar_client_info *ar_ledger_info_of(const ar_ledger *lg, uint32_t c);

/* Mark client c's master data (when it has any) as having a rejected
 * ledger row (ar_client_info.rejected_rows). */
void ar_ledger_mark_rejected(ar_ledger *lg, uint32_t c);

#endif
