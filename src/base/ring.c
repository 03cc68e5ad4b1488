/* ring.c - a producer thread ahead of its consumer (ring.h). */
#include "ar/base/ring.h"

#include <pthread.h>
#include <stdlib.h>

#include "ar/base/error.h"

struct ar_ring {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t filled, emptied;
    bool *full;            /* per slot: filled, not yet released */
    size_t n;
    bool stop;
    ar_ring_fill fill;
    void *ctx;
};

static void *produce(void *arg)
{
    ar_ring *r = arg;
    for (size_t slot = 0;; slot = (slot + 1) % r->n) {
        pthread_mutex_lock(&r->mu);
        while (r->full[slot] && !r->stop)
            pthread_cond_wait(&r->emptied, &r->mu);
        bool stop = r->stop;
        pthread_mutex_unlock(&r->mu);
        if (stop)
            break;
        bool last = r->fill(r->ctx, slot);
        pthread_mutex_lock(&r->mu);
        r->full[slot] = true;
        pthread_cond_signal(&r->filled);
        pthread_mutex_unlock(&r->mu);
        if (last)
            break;
    }
    return NULL;
}

ar_ring *ar_ring_start(size_t n, ar_ring_fill fill, void *ctx)
{
    ar_ring *r = ar_xcalloc(1, sizeof *r);
    r->full = ar_xcalloc(n, sizeof *r->full);
    r->n = n;
    r->fill = fill;
    r->ctx = ctx;
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->filled, NULL);
    pthread_cond_init(&r->emptied, NULL);
    if (pthread_create(&r->thread, NULL, produce, r) != 0) {
        pthread_mutex_destroy(&r->mu);
        pthread_cond_destroy(&r->filled);
        pthread_cond_destroy(&r->emptied);
        free(r->full);
        free(r);
        return NULL;
    }
    return r;
}

void ar_ring_wait(ar_ring *r, size_t slot)
{
    pthread_mutex_lock(&r->mu);
    while (!r->full[slot])
        pthread_cond_wait(&r->filled, &r->mu);
    pthread_mutex_unlock(&r->mu);
}

void ar_ring_release(ar_ring *r, size_t slot)
{
    pthread_mutex_lock(&r->mu);
    r->full[slot] = false;
    pthread_cond_signal(&r->emptied);
    pthread_mutex_unlock(&r->mu);
}

void ar_ring_stop(ar_ring *r)
{
    if (!r)
        return;
    pthread_mutex_lock(&r->mu);
    r->stop = true;
    pthread_cond_signal(&r->emptied);
    pthread_mutex_unlock(&r->mu);
    pthread_join(r->thread, NULL);
    pthread_mutex_destroy(&r->mu);
    pthread_cond_destroy(&r->filled);
    pthread_cond_destroy(&r->emptied);
    free(r->full);
    free(r);
}
