/* shard.c - the client's shard: FNV-1a 64 of its key, modulo N (issue
 * #21), and the --shard argument. */
#include "ar/base/shard.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint64_t ar_shard_hash(const char *id, size_t len)
{
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)id[i];
        h *= 1099511628211ULL;
    }
    return h;
}

unsigned ar_shard_of(const char *id, size_t len, unsigned n)
{
    if (n <= 1 || len == 0)
        return 0;
    return (unsigned)(ar_shard_hash(id, len) % n);
}

/* A whole decimal number in [0, max], nothing else around it. */
static int number(const char *s, size_t len, unsigned long max,
                  unsigned long *out)
{
    if (len == 0 || len > 10)
        return 0;
    unsigned long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (unsigned long)(s[i] - '0');
    }
    if (v > max)
        return 0;
    *out = v;
    return 1;
}

ar_err ar_shard_parse(const char *arg, const char *slurm_task,
                      const char *job_index, unsigned *k, unsigned *n,
                      char *msg, size_t size)
{
    const char *slash = strchr(arg, '/');
    unsigned long kk = 0, nn = 0;
    if (!slash ||
        !number(slash + 1, strlen(slash + 1), AR_SHARD_MAX, &nn) || nn < 1) {
        snprintf(msg, size,
                 "--shard: \"%s\" is not K/N or auto/N with N a number "
                 "from 1 to %u (--shard 0/4 is the first of 4 shards)",
                 arg, AR_SHARD_MAX);
        return AR_ERR_USAGE;
    }
    size_t klen = (size_t)(slash - arg);
    const char *from = NULL, *value = arg;
    if (klen == 4 && strncmp(arg, "auto", 4) == 0) {
        if (slurm_task && slurm_task[0])
            from = "SLURM_ARRAY_TASK_ID", value = slurm_task;
        else if (job_index && job_index[0])
            from = "JOB_COMPLETION_INDEX", value = job_index;
        else {
            snprintf(msg, size,
                     "--shard %s: neither SLURM_ARRAY_TASK_ID nor "
                     "JOB_COMPLETION_INDEX is set; give the shard as K/%lu",
                     arg, nn);
            return AR_ERR_USAGE;
        }
        klen = strlen(value);
    }
    if (!number(value, klen, 0xFFFFFFFFUL, &kk)) {
        if (from)
            snprintf(msg, size, "--shard %s: %s=%s is not a shard number",
                     arg, from, value);
        else
            snprintf(msg, size,
                     "--shard: \"%s\" is not K/N or auto/N (K a number "
                     "from 0 to N-1)", arg);
        return AR_ERR_USAGE;
    }
    if (kk >= nn) {
        snprintf(msg, size,
                 "--shard %s: shard %lu%s%s%s is out of range: the shards "
                 "of %lu are numbered 0 to %lu",
                 arg, kk, from ? " (from " : "", from ? from : "",
                 from ? ")" : "", nn, nn - 1);
        return AR_ERR_USAGE;
    }
    *k = (unsigned)kk;
    *n = (unsigned)nn;
    return AR_OK;
}
