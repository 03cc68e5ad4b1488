/* part_letters.c - letters carried from the shard runs to the merge
 * (part_letters.h). */
#include "ar/render/letters/part_letters.h"

#include <stdlib.h>
#include <string.h>

static int cmp_id(const void *key, const void *x)
{
    return strcmp(key, ((const ar_part_letter *)x)->client_id);
}

ar_err ar_part_letters_fill(ar_run *run, ar_batches *plan, ar_diag *d)
{
    const ar_ledger *lg = run->ledger;
    for (size_t j = 0; j < plan->njobs; j++) {
        ar_letter_job *jb = &plan->jobs[j];
        const ar_client_result *cr = &run->analysis.clients[jb->result];
        const char *id = ar_ledger_text(lg, ar_ledger_clients(lg)[cr->client].id);
        const ar_part_letter *pl =
            run->part_letter_count
                ? bsearch(id, run->part_letters, run->part_letter_count,
                          sizeof *run->part_letters, cmp_id)
                : NULL;
        if (!pl || pl->stage != jb->stage)
            return ar_diag_set(d, AR_ERR_IO, NULL, 0, NULL,
                               "no part holds the stage %d letter of client "
                               "%s: the parts are not of one run",
                               jb->stage, id);
        jb->pages = pl->pages;
        jb->qr = pl->qr;
        jb->tight = pl->tight;
        jb->out_of_range = pl->out_of_range;
        jb->unmailable = pl->unmailable;
        jb->bad_cp = pl->bad_cp;
        jb->rejected = pl->rejected;
        jb->amount_due = pl->amount_due;
        jb->abroad = pl->abroad;
        memcpy(jb->sha256, pl->sha256, sizeof jb->sha256);
        jb->address = pl->address ? ar_xstrdup(pl->address) : NULL;
        jb->record = pl->pages_data; /* borrowed */
        jb->record_len = pl->pages_len;
        jb->own_record = false;
    }
    return AR_OK;
}

void ar_part_letters_keep(ar_run *run, ar_batches *plan)
{
    const ar_ledger *lg = run->ledger;
    size_t n = 0;
    for (size_t j = 0; j < plan->njobs; j++)
        n += plan->jobs[j].mine;
    run->part_letters = ar_xcalloc(n + 1, sizeof *run->part_letters);
    for (size_t j = 0; j < plan->njobs; j++) {
        ar_letter_job *jb = &plan->jobs[j];
        if (!jb->mine)
            continue;
        const ar_client_result *cr = &run->analysis.clients[jb->result];
        ar_part_letter *pl = &run->part_letters[run->part_letter_count++];
        *pl = (ar_part_letter){
            .client_id = ar_xstrdup(ar_ledger_text(
                lg, ar_ledger_clients(lg)[cr->client].id)),
            .stage = jb->stage, .pages = jb->pages, .qr = jb->qr,
            .tight = jb->tight, .out_of_range = jb->out_of_range,
            .rejected = jb->rejected, .abroad = jb->abroad,
            .unmailable = jb->unmailable, .bad_cp = jb->bad_cp,
            .amount_due = jb->amount_due,
            .address = jb->address ? ar_xstrdup(jb->address) : NULL,
            .pages_data = jb->record, .pages_len = jb->record_len};
        memcpy(pl->sha256, jb->sha256, sizeof pl->sha256);
        jb->record = NULL; /* handed on */
        jb->own_record = false;
    }
}

void ar_part_letters_free(ar_run *run)
{
    for (size_t i = 0; i < run->part_letter_count; i++) {
        free(run->part_letters[i].client_id);
        free(run->part_letters[i].address);
        free(run->part_letters[i].pages_data);
    }
    free(run->part_letters);
    for (size_t i = 0; i < run->part_held_count; i++)
        free(run->part_held[i].client_id);
    free(run->part_held);
    run->part_letters = NULL;
    run->part_held = NULL;
    run->part_letter_count = run->part_held_count = 0;
}
