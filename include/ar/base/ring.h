/* ring.h - a producer thread that fills a ring of slots ahead of its
 * consumer, in order: the consumer waits for a slot, uses it and hands it
 * back; the producer refills it. What a slot holds is the caller's. */
#ifndef AR_RING_H
#define AR_RING_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ar_ring ar_ring;

/* Fill slot; true when that was the last one (the end of the input, or an
 * error the slot carries). Runs on the producer thread. */
typedef bool (*ar_ring_fill)(void *ctx, size_t slot);

/* Start the producer over n slots, filling 0, 1, ... n-1, 0, ... as they
 * are free. NULL when no thread could be started (fill on your own
 * thread then). */
ar_ring *ar_ring_start(size_t n, ar_ring_fill fill, void *ctx);

/* Wait until slot is filled. */
void ar_ring_wait(ar_ring *r, size_t slot);

/* The consumer is done with slot: the producer may fill it again. */
void ar_ring_release(ar_ring *r, size_t slot);

/* Stop the producer before its next slot, wait for it, and free r
 * (NULL is a no-op). */
void ar_ring_stop(ar_ring *r);

#endif
