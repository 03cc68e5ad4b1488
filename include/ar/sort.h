/* sort.h - radix sort of 64-bit keys: the engine's one sorting tool for
 * large arrays (documents, events, accounts), linear and cache-friendly. */
#ifndef AR_SORT_H
#define AR_SORT_H

#include <stddef.h>
#include <stdint.h>

/* Sort n keys ascending (LSD radix, 8 bits a pass; a pass whose digit is
 * the same in every key is skipped). tmp holds n keys of scratch. */
void ar_sort_keys(uint64_t *keys, uint64_t *tmp, size_t n);

#endif
