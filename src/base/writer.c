/* writer.c - a bounded queue of files for a pool of I/O threads. */
#include "ar/base/writer.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_WRITERS 16

typedef struct pending {
    char *path;
    unsigned char *data;
    size_t len;
} pending;

struct ar_writer {
    pthread_mutex_t lock;
    pthread_cond_t can_put;   /* the queue has room */
    pthread_cond_t can_take;  /* the queue has work, or it is closing */
    pending *ring;
    size_t cap, head, count;
    bool closing;
    bool failed;
    ar_diag diag;             /* the first failure */
    int nthreads;
    pthread_t tid[MAX_WRITERS];
};

ar_err ar_write_new_file(const char *path, const void *data, size_t len,
                         ar_diag *d)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                           "cannot write: %s", strerror(errno));
    const unsigned char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int e = n < 0 ? errno : ENOSPC;
            close(fd);
            return ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                               "cannot write: %s", strerror(e));
        }
        p += n;
        len -= (size_t)n;
    }
    if (close(fd) != 0)
        return ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                           "cannot write: %s", strerror(errno));
    return AR_OK;
}

static void record_failure(ar_writer *w, const ar_diag *d)
{
    if (!w->failed) {
        w->failed = true;
        w->diag = *d;
    }
}

static void *drain(void *arg)
{
    ar_writer *w = arg;
    ar_diag d;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (w->count == 0 && !w->closing)
            pthread_cond_wait(&w->can_take, &w->lock);
        if (w->count == 0)
            break; /* closing and nothing left */
        pending job = w->ring[w->head];
        w->head = (w->head + 1) % w->cap;
        w->count--;
        pthread_cond_signal(&w->can_put);
        bool skip = w->failed;
        pthread_mutex_unlock(&w->lock);
        ar_err err = AR_OK;
        if (!skip) {
            ar_diag_clear(&d);
            err = ar_write_new_file(job.path, job.data, job.len, &d);
        }
        free(job.path);
        free(job.data);
        pthread_mutex_lock(&w->lock);
        if (err != AR_OK)
            record_failure(w, &d);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

ar_writer *ar_writer_new(int threads, size_t max_pending)
{
    ar_writer *w = ar_xcalloc(1, sizeof *w);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->can_put, NULL);
    pthread_cond_init(&w->can_take, NULL);
    w->cap = max_pending ? max_pending : 1;
    w->ring = ar_xcalloc(w->cap, sizeof *w->ring);
    if (threads > MAX_WRITERS)
        threads = MAX_WRITERS;
    for (int i = 0; i < threads; i++)
        if (pthread_create(&w->tid[w->nthreads], NULL, drain, w) == 0)
            w->nthreads++;
    return w;
}

bool ar_writer_put(ar_writer *w, const char *path, unsigned char *data,
                   size_t len)
{
    if (w->nthreads == 0) { /* no threads: write here and now */
        ar_diag d;
        ar_diag_clear(&d);
        bool ok = !w->failed &&
                  ar_write_new_file(path, data, len, &d) == AR_OK;
        if (!ok && !w->failed)
            record_failure(w, &d);
        free(data);
        return ok;
    }
    pthread_mutex_lock(&w->lock);
    while (w->count == w->cap && !w->failed)
        pthread_cond_wait(&w->can_put, &w->lock);
    bool ok = !w->failed;
    if (ok) {
        w->ring[(w->head + w->count) % w->cap] =
            (pending){ar_xstrdup(path), data, len};
        w->count++;
        pthread_cond_signal(&w->can_take);
    }
    pthread_mutex_unlock(&w->lock);
    if (!ok)
        free(data);
    return ok;
}

ar_err ar_writer_finish(ar_writer *w, ar_diag *d)
{
    pthread_mutex_lock(&w->lock);
    w->closing = true;
    pthread_cond_broadcast(&w->can_take);
    pthread_mutex_unlock(&w->lock);
    for (int i = 0; i < w->nthreads; i++)
        pthread_join(w->tid[i], NULL);
    ar_err err = AR_OK;
    if (w->failed) {
        err = AR_ERR_OUTPUT;
        if (d)
            *d = w->diag;
    }
    for (size_t k = 0; k < w->count; k++) { /* left after a failure */
        pending *p = &w->ring[(w->head + k) % w->cap];
        free(p->path);
        free(p->data);
    }
    pthread_cond_destroy(&w->can_put);
    pthread_cond_destroy(&w->can_take);
    pthread_mutex_destroy(&w->lock);
    free(w->ring);
    free(w);
    return err;
}
