/* part_letters.c - letters carried from the shard runs to the merge
 * (part_letters.h). */
#include "ar/render/letters/part_letters.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
        jb->from_part = pl; /* its pages are read when its batch is made */
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
            .pages_len = jb->record_len,
            .row = (int64_t)jb->spool_off};
        memcpy(pl->sha256, jb->sha256, sizeof pl->sha256);
    }
}

ar_err ar_part_letters_spool_open(ar_run *run, const char *dir, ar_diag *d)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/.pages.spool", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                           "cannot make the letters' page spool: %s",
                           strerror(errno));
    unlink(path);
    run->pages_fd = fd;
    run->pages_end = 0;
    run->pages_spooled = true;
    pthread_mutex_init(&run->pages_lock, NULL);
    return AR_OK;
}

ar_err ar_part_letters_spool(ar_run *run, ar_letter_job *jb,
                             unsigned char *rec, size_t len, ar_diag *d)
{
    pthread_mutex_lock(&run->pages_lock);
    uint64_t off = run->pages_end;
    run->pages_end += len;
    pthread_mutex_unlock(&run->pages_lock);
    /* each write has its own place: no lock needed for it */
    size_t done = 0;
    while (done < len) {
        ssize_t n = pwrite(run->pages_fd, rec + done, len - done,
                           (off_t)(off + done));
        if (n <= 0) {
            free(rec);
            return ar_diag_set(d, AR_ERR_OUTPUT, NULL, 0, NULL,
                               "cannot spool the letters' pages: %s",
                               n < 0 ? strerror(errno) : "disk full");
        }
        done += (size_t)n;
    }
    free(rec);
    jb->record_len = len;
    jb->spool_off = off;
    return AR_OK;
}

ar_err ar_part_letters_unspool(const ar_run *run, const ar_part_letter *pl,
                               unsigned char **data, ar_diag *d)
{
    *data = ar_xmalloc(pl->pages_len + 1);
    size_t done = 0;
    while (done < pl->pages_len) {
        ssize_t n = pread(run->pages_fd, *data + done, pl->pages_len - done,
                          (off_t)((uint64_t)pl->row + done));
        if (n <= 0) {
            free(*data);
            *data = NULL;
            return ar_diag_set(d, AR_ERR_OUTPUT, NULL, 0, NULL,
                               "cannot read the letters' page spool back: %s",
                               n < 0 ? strerror(errno) : "cut short");
        }
        done += (size_t)n;
    }
    return AR_OK;
}

void ar_part_letters_free(ar_run *run)
{
    if (run->pages_spooled) {
        close(run->pages_fd);
        pthread_mutex_destroy(&run->pages_lock);
        run->pages_spooled = false;
    }
    for (size_t i = 0; i < run->part_letter_count; i++) {
        free(run->part_letters[i].client_id);
        free(run->part_letters[i].address);
    }
    free(run->part_letters);
    for (size_t i = 0; i < run->part_held_count; i++)
        free(run->part_held[i].client_id);
    free(run->part_held);
    run->part_letters = NULL;
    run->part_held = NULL;
    run->part_letter_count = run->part_held_count = 0;
}
