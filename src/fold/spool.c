/* spool.c - the fold's temporary files and its two partitionings
 * (spool.h). */
#include "ar/fold/spool.h"

#include "ar/base/files.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#define BUF_BYTES (32u << 10) /* write buffer of each temporary file */
#define CHUNK_BYTES (1u << 20) /* least read back at once */

static ar_err spool_open(ar_spool *s, const char *dir, ar_diag *d)
{
    char path[4096];
    s->fd = -1;
    s->dir = dir;
    if (snprintf(path, sizeof path, "%s/.arbatch-spool-XXXXXX", dir) >=
        (int)sizeof path)
        return ar_diag_set(d, AR_ERR_OUTPUT, dir, 0, NULL, "path too long");
    s->fd = mkstemp(path);
    /* another run of the same --out (a shard beside this one) that made
     * the directory removes it, empty, when it is done: make it again
     * (this run's own temporary files are unlinked, so never hold it) */
    for (int again = 0; s->fd < 0 && errno == ENOENT && again < 3; again++) {
        if (ar_mkdir_p(dir, d) != AR_OK)
            return AR_ERR_OUTPUT;
        snprintf(path, sizeof path, "%s/.arbatch-spool-XXXXXX", dir);
        s->fd = mkstemp(path);
    }
    if (s->fd < 0)
        return ar_diag_set(d, AR_ERR_OUTPUT, dir, 0, NULL,
                           "cannot make a temporary file for the large "
                           "ledger here: %s",
                           strerror(errno));
    unlink(path); /* gone with the process, however it ends */
    s->buf = ar_xmalloc(BUF_BYTES);
    return AR_OK;
}

static ar_err write_all(const ar_spool *s, const char *p, size_t n,
                        ar_diag *d)
{
    while (n > 0) {
        ssize_t w = write(s->fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return ar_diag_set(d, AR_ERR_OUTPUT, s->dir, 0, NULL,
                               "cannot write a temporary file of the large "
                               "ledger: %s",
                               w < 0 ? strerror(errno) : "nothing written");
        p += w;
        n -= (size_t)w;
    }
    return AR_OK;
}

static ar_err spool_flush(ar_spool *s, ar_diag *d)
{
    ar_err err = write_all(s, s->buf, s->len, d);
    s->len = 0;
    return err;
}

static ar_err spool_put(ar_spool *s, const void *p, size_t n, ar_diag *d)
{
    s->size += n;
    if (s->len + n > BUF_BYTES) {
        ar_err err = spool_flush(s, d);
        if (err != AR_OK)
            return err;
        if (n > BUF_BYTES) /* a huge field */
            return write_all(s, p, n, d);
    }
    memcpy(s->buf + s->len, p, n);
    s->len += n;
    return AR_OK;
}

static ar_err spool_row(ar_spool *s, const ar_spool_row *r, ar_diag *d)
{
    ar_err err = spool_put(s, &r->h, sizeof r->h, d);
    if (err == AR_OK)
        err = spool_put(s, r->no, r->h.no_len, d);
    if (err == AR_OK)
        err = spool_put(s, r->ref, r->h.ref_len, d);
    return err;
}

void ar_spool_reader_open(ar_spool_reader *rr, ar_spool *s, ar_diag *d)
{
    *rr = (ar_spool_reader){.s = s, .d = d};
    rr->err = spool_flush(s, d);
}

static bool reader_failed(ar_spool_reader *rr, const char *why)
{
    rr->err = ar_diag_set(rr->d, AR_ERR_OUTPUT, rr->s->dir, 0, NULL,
                          "cannot read back a temporary file of the large "
                          "ledger: %s",
                          why);
    return false;
}

/* At least want unread bytes: false at the end of the file or on a read
 * error (rr->err). */
static bool reader_fill(ar_spool_reader *rr, size_t want)
{
    if (rr->len - rr->at >= want)
        return true;
    if (rr->at > 0) { /* the unread bytes to the front (none at first) */
        memmove(rr->buf, rr->buf + rr->at, rr->len - rr->at);
        rr->len -= rr->at;
        rr->at = 0;
    }
    size_t room = want > CHUNK_BYTES ? want : CHUNK_BYTES;
    ar_xgrow((void **)&rr->buf, &rr->cap, room, 1);
    while (rr->len < want && rr->off < rr->s->size) {
        uint64_t left = rr->s->size - rr->off;
        size_t n = rr->cap - rr->len < left ? rr->cap - rr->len : (size_t)left;
        ssize_t r = pread(rr->s->fd, rr->buf + rr->len, n, (off_t)rr->off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return reader_failed(rr, r < 0 ? strerror(errno) : "it is short");
        rr->len += (size_t)r;
        rr->off += (uint64_t)r;
    }
    return rr->len >= want;
}

bool ar_spool_next(ar_spool_reader *rr, ar_spool_row *r)
{
    if (rr->err != AR_OK || !reader_fill(rr, sizeof r->h))
        return false;
    memcpy(&r->h, rr->buf + rr->at, sizeof r->h);
    size_t size = sizeof r->h + (size_t)r->h.no_len + r->h.ref_len;
    if (!reader_fill(rr, size))
        return rr->err != AR_OK ? false : reader_failed(rr, "it is short");
    r->no = rr->buf + rr->at + sizeof r->h;
    r->ref = r->no + r->h.no_len;
    rr->at += size;
    return true;
}

ar_err ar_spool_reader_close(ar_spool_reader *rr, bool done)
{
    free(rr->buf);
    rr->buf = NULL;
    if (done && ftruncate(rr->s->fd, 0) == 0)
        rr->s->size = 0;
    return rr->err;
}

ar_err ar_spool_read_all(ar_spool *s, char **buf, ar_spool_row **rows,
                         size_t *n, ar_diag *d)
{
    ar_spool_reader rr;
    ar_spool_row r;
    size_t count = 0, cap = 0;
    *rows = NULL;
    ar_spool_reader_open(&rr, s, d);
    /* all at once, so that ar_spool_next never moves the bytes */
    if (rr.err == AR_OK && s->size > 0)
        reader_fill(&rr, (size_t)s->size);
    while (ar_spool_next(&rr, &r)) {
        ar_xgrow((void **)rows, &cap, count + 1, sizeof **rows);
        (*rows)[count++] = r;
    }
    *n = count;
    *buf = rr.buf;
    rr.buf = NULL;
    ar_err err = ar_spool_reader_close(&rr, true);
    if (err != AR_OK) {
        free(*rows);
        free(*buf);
        *rows = NULL;
        *buf = NULL;
    }
    return err;
}

/* ---- the partitions -------------------------------------------------- */

ar_err ar_spool_parts_open(ar_spool_parts *sp, size_t n, const char *dir,
                           ar_diag *d)
{
    sp->n = n;
    sp->by_no = ar_xcalloc(n, sizeof *sp->by_no);
    sp->by_client = ar_xcalloc(n, sizeof *sp->by_client);
    for (size_t k = 0; k < n; k++)
        sp->by_no[k].fd = sp->by_client[k].fd = -1;
    for (size_t k = 0; k < n; k++) {
        ar_err err = spool_open(&sp->by_no[k], dir, d);
        if (err == AR_OK)
            err = spool_open(&sp->by_client[k], dir, d);
        if (err != AR_OK)
            return err;
    }
    return AR_OK;
}

void ar_spool_parts_close(ar_spool_parts *sp)
{
    for (size_t k = 0; k < sp->n; k++) {
        ar_spool *s[2] = {&sp->by_no[k], &sp->by_client[k]};
        for (int j = 0; j < 2; j++) {
            if (s[j]->fd >= 0)
                close(s[j]->fd);
            free(s[j]->buf);
        }
    }
    free(sp->by_no);
    free(sp->by_client);
}

uint64_t ar_spool_hash_no(uint8_t type, const char *no, size_t len)
{
    uint64_t h = 1469598103934665603ULL ^ type;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)no[i];
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

size_t ar_spool_client_part(const ar_spool_parts *sp, uint32_t client)
{
    return (size_t)(((uint64_t)client * 0x9E3779B97F4A7C15ULL) >> 32) %
           sp->n;
}

ar_err ar_spool_put_by_no(ar_spool_parts *sp, const ar_spool_row *r,
                          ar_diag *d)
{
    uint64_t h = ar_spool_hash_no(r->h.type, r->no, r->h.no_len);
    return spool_row(&sp->by_no[h % sp->n], r, d);
}

ar_err ar_spool_put_by_client(ar_spool_parts *sp, const ar_spool_row *r,
                              ar_diag *d)
{
    return spool_row(&sp->by_client[ar_spool_client_part(sp, r->h.client)],
                     r, d);
}
