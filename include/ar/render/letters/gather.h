/* gather.h - a letter's data gathered from the run (SPEC §5) for
 * ar_letter_compose: recipient, open items, credits, totals, the
 * paragraphs' conditions and the reference; its EPC payment payload; and,
 * for a letter held back, where its unprintable character comes from.
 * Reads the run; writes no file.
 */
#ifndef AR_GATHER_H
#define AR_GATHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/render/letters/letter.h"
#include "ar/render/page/layouts.h"
#include "ar/render/render.h"

/* What letters are gathered from: the run, and per analysis result its
 * unapplied credits (read-only once made: shared by every thread). */
typedef struct ar_gather {
    const ar_run *run;
    uint32_t *credit_first;     /* per result: its credits in by_client */
    uint32_t *credit_by_client; /* indexes into settlement.credits */
    uint32_t *sent_first;       /* per result: its history rows dated on
                                   or before the as-of date, in file
                                   order, in sent_by_client */
    uint32_t *sent_by_client;   /* indexes into the ledger's letters */
} ar_gather;

/* Index run's credits and letter history by client result (counting
 * sorts). run is borrowed; ar_gather_fini frees the index. */
void ar_gather_init(ar_gather *g, const ar_run *run);
void ar_gather_fini(ar_gather *g);

/* One thread's growable scratch, which a gathered letter points into.
 * Zero it to start; ar_gather_scratch_fini frees it. */
typedef struct ar_gather_scratch {
    ar_letter_item *items;
    size_t item_cap;
    ar_letter_credit *credits;
    size_t credit_cap;
    ar_letter_other others[8];
    char reference[128];
    char payment_reference[32];
    struct ar_gather_token *tokens; /* the history's doc_nos, sorted */
    size_t token_cap;
    char **nfc;                 /* the texts normalised for this letter */
    size_t nfc_count, nfc_cap;
} ar_gather_scratch;

void ar_gather_scratch_fini(ar_gather_scratch *sc);

/* Fill l with the stage letter of analysis result `result`, in lang. l
 * points into the run and into sc, valid until sc is used again; l->qr is
 * NULL (the caller encodes the code when it draws). Its texts are in
 * Unicode form C (ar_utf8_nfc): a name written decomposed prints as the
 * same name composed. */
void ar_gather_letter(const ar_gather *g, uint32_t result, int stage,
                      const ar_lang *lang, ar_gather_scratch *sc,
                      ar_letter *l);

/* The EPC QR payload of l under letterhead h into payload (size bytes):
 * euros only, to the letterhead's EUR account with an IBAN, with the
 * creditor reference and an amount the standard allows. False when the
 * letter has no code. */
bool ar_gather_payload(const ar_letterhead *h, const ar_letter *l,
                       char *payload, size_t size);

/* Add to run->rejects the field that holds bad_cp, the character that held
 * back a document of result (what: "letter of stage 3", "agency
 * statement"): a client field, else an open item's number, else the
 * client id. */
void ar_gather_reject(ar_run *run, uint32_t result, const char *what,
                      uint32_t bad_cp);

/* Add to run->rejects that the stage letter of result is held back: its
 * amount due, with fee and interest (SPEC §3.5), is out of range
 * (ar_letter.out_of_range). */
void ar_gather_reject_amount(ar_run *run, uint32_t result, int stage);

/* Whether a letter can be mailed: a mailing house needs a street line and
 * a city or postal code, and an amount without its currency tells the
 * client nothing (#19). A letter that cannot is held back, a reject. */
typedef enum ar_mailable {
    AR_MAILABLE,
    AR_MAILABLE_NO_ADDRESS,
    AR_MAILABLE_NO_CURRENCY,
} ar_mailable;

ar_mailable ar_gather_mailable(const ar_letter *l);

/* Add to run->rejects why the stage letter of result is held back (why is
 * not AR_MAILABLE): the clients file's line without an address, or the
 * client's first open item, whose currency is blank. */
void ar_gather_reject_unmailable(ar_run *run, uint32_t result, int stage,
                                 ar_mailable why);

#endif
