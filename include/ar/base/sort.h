/* sort.h - radix sort of 64-bit keys: the engine's one sorting tool for
 * large arrays (documents, events, accounts), linear and cache-friendly. */
#ifndef AR_SORT_H
#define AR_SORT_H

#include <stddef.h>
#include <stdint.h>

/* Sort n keys ascending (LSD radix, 8 bits a pass; a pass whose digit is
 * the same in every key is skipped). tmp holds n keys of scratch. */
void ar_sort_keys(uint64_t *keys, uint64_t *tmp, size_t n);

/* The same when input order already sorts any two keys that agree on the
 * bits from first_bit (a multiple of 8) up, as when the low bits hold an
 * index that ascends with the input: a stable sort on the high bits alone
 * then puts every key in order, in fewer passes. */
void ar_sort_keys_from(uint64_t *keys, uint64_t *tmp, size_t n,
                       int first_bit);

/* The element of base[0..n) (each size bytes, its first member a long,
 * ascending) whose first member is key, or NULL: a binary search over
 * records kept in file order by line. base may be NULL when n is 0. */
const void *ar_find_by_long(const void *base, size_t n, size_t size,
                            long key);

#endif
