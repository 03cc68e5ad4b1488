/* sort.c - LSD radix sort of 64-bit keys. */
#include "ar/base/sort.h"

#include <stdlib.h>

#include <string.h>

void ar_sort_keys_from(uint64_t *keys, uint64_t *tmp, size_t n,
                       int first_bit)
{
    uint64_t *src = keys, *dst = tmp;
    /* LSD radix, 8 bits a pass, each pass stable */
    for (int shift = first_bit; shift < 64; shift += 8) {
        size_t count[256] = {0};
        for (size_t i = 0; i < n; i++)
            count[(src[i] >> shift) & 0xff]++;
        if (n == 0 || count[(src[0] >> shift) & 0xff] == n)
            continue; /* this digit is the same everywhere */
        size_t pos = 0;
        for (int b = 0; b < 256; b++) {
            size_t c = count[b];
            count[b] = pos;
            pos += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[count[(src[i] >> shift) & 0xff]++] = src[i];
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != keys)
        memcpy(keys, src, n * sizeof *keys);
}

void ar_sort_keys(uint64_t *keys, uint64_t *tmp, size_t n)
{
    ar_sort_keys_from(keys, tmp, n, 0);
}

static int cmp_long_first(const void *key, const void *elem)
{
    long a = *(const long *)key, b = *(const long *)elem;
    return (a > b) - (a < b);
}

const void *ar_find_by_long(const void *base, size_t n, size_t size,
                            long key)
{
    return n ? bsearch(&key, base, n, size, cmp_long_first) : NULL;
}
