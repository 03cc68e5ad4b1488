/* batches.h - the run's letters in mailing order (stage, then country,
 * postal code, client id), each stage cut into batch files of at most
 * batch_max_pages pages, and letters/manifest.csv (SPEC §5). Printed in
 * duplex (#19), every letter starts on a front side: a letter of an odd
 * number of pages is followed by a blank back in its batch.
 */
#ifndef AR_BATCHES_H
#define AR_BATCHES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/base/error.h"
#include "ar/base/money.h"
#include "ar/base/safe_name.h"
#include "ar/render/page/layouts.h"
#include "ar/render/render.h"

/* One letter of the run. */
typedef struct ar_letter_job {
    uint32_t result;              /* index into analysis.clients */
    int stage;
    int pages;
    const ar_lang *lang;
    bool fallback;                /* language not available: English */
    bool rejected;
    uint32_t bad_cp;              /* rejected: the character not printable */
    bool out_of_range;            /* rejected: the amount due (gather.h) */
    int unmailable;               /* rejected: an ar_mailable (gather.h) */
    char file[AR_SAFE_NAME_MAX];  /* safe name, without ".pdf" */
    char sha256[65];
    ar_cents amount_due;
    bool qr;                      /* with an EPC payment code */
    bool tight;                   /* laid out tighter to save a page */
    bool mine;                    /* its client is in this run's shard
                                     (every letter without --shard) */
    int batch;                    /* its batch (index into batches) */
    int first_page;               /* its first page in the batch, 1.. */
    int seq;                      /* its place in the batch, 1.. */
    bool abroad;                  /* postage zone: not the sender's
                                     country */
    char *address;                /* the address's lines, '\n' between
                                     (set when drawn; ar_batches_fini
                                     frees it) */
    /* issue #21: its drawn pages (ar_pdf_record), never held: a shard
     * spools them (spool_off, record_len), a merge reads them from the
     * part of from_part when its batch is made */
    uint64_t spool_off;
    size_t record_len;
    const ar_part_letter *from_part;
} ar_letter_job;

/* A batch file: jobs order[first .. first + count) of one stage. */
typedef struct ar_batch {
    int stage;
    size_t first, count;
    int pages;                    /* blank backs included */
    char name[64];
} ar_batch;

/* The letters and their batches. Zero it, then set run and jobs (from
 * ar_xmalloc and friends: ar_batches_fini frees them). */
typedef struct ar_batches {
    const ar_run *run;
    ar_letter_job *jobs;
    size_t njobs;
    uint32_t *order;              /* mailing order: indexes into jobs */
    size_t norder;
    ar_batch *batches;
    size_t nbatches;
    uint32_t *batch_order;        /* largest batch first: threads finish
                                     together */
    bool duplex;                  /* printed on both sides */
} ar_batches;

/* Sheets of paper a letter of pages pages takes. */
static inline int ar_batches_sheets(const ar_batches *b, int pages)
{
    return b->duplex ? (pages + 1) / 2 : pages;
}

/* Pages a letter of pages pages takes in its batch: with its blank back
 * in duplex. */
static inline int ar_batches_pages(const ar_batches *b, int pages)
{
    return b->duplex ? 2 * ((pages + 1) / 2) : pages;
}

/* Put the jobs not rejected, with their pages known, in mailing order and
 * cut each stage into batches of at most max_pages pages, blank backs
 * included (a longer letter is a batch of its own), named
 * batch-stage<N>[-<k>].pdf; each job learns its batch, its place in it
 * and its first page. b->duplex set before. */
void ar_batches_plan(ar_batches *b, int32_t max_pages);

/* Write letters_dir/manifest.csv: the letters batch by batch in mailing
 * order, their sequence, first page and sheets within the batch, postage
 * zone, address lines, pages, amount, file and SHA-256 (set by then).
 * AR_ERR_OUTPUT with d filled when it cannot be written. */
ar_err ar_batches_manifest(const ar_batches *b, const char *letters_dir,
                           ar_diag *d);

/* Free the jobs, the order and the batches. */
void ar_batches_fini(ar_batches *b);

#endif
