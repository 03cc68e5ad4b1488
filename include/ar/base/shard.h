/* shard.h - which of N shards a client belongs to (issue #21: a run split
 * by client for a cluster's array jobs). */
#ifndef AR_SHARD_H
#define AR_SHARD_H

#include <stddef.h>
#include <stdint.h>

#include "ar/base/error.h"

/* The most shards a run can be split into. */
#define AR_SHARD_MAX 65536u

/* FNV-1a, 64 bits (offset basis 14695981039346656037, prime
 * 1099511628211), of the len bytes at id. Stable across hosts and
 * versions: it decides which shard holds a client. */
uint64_t ar_shard_hash(const char *id, size_t len);

/* The shard (0 <= K < n) of the client keyed id (as the ledger keys it,
 * after client_id_strip_zeros): ar_shard_hash modulo n. An empty id (a
 * row without a readable client) is shard 0. n must be at least 1. */
unsigned ar_shard_of(const char *id, size_t len, unsigned n);

/* Parse "K/N" or "auto/N" (K from slurm_task, the value of
 * SLURM_ARRAY_TASK_ID, else from job_index, JOB_COMPLETION_INDEX; either
 * may be NULL when unset). On success *k and *n hold 0 <= K < N <=
 * AR_SHARD_MAX. AR_ERR_USAGE with msg (size bytes) saying what is wrong
 * otherwise. */
ar_err ar_shard_parse(const char *arg, const char *slurm_task,
                      const char *job_index, unsigned *k, unsigned *n,
                      char *msg, size_t size);

#endif
