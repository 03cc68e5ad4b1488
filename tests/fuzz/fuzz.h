/* fuzz.h - what the libFuzzer harnesses share. Each tests/fuzz/fuzz_X.c
 * defines LLVMFuzzerTestOneInput; `make fuzz` links it with libFuzzer
 * (clang, ASan + UBSan), and `make test` links it with replay.c (any C
 * compiler) to replay tests/fuzz/corpus/fuzz_X and tests/fuzz/regress/fuzz_X.
 * A harness calls abort() when an invariant of the spec breaks, so that
 * wrong answers are found as well as crashes. */
#ifndef AR_FUZZ_H
#define AR_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stop with a message: an invariant broke. */
#define FUZZ_CHECK(cond)                                                    \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__,      \
                    __LINE__, #cond);                                       \
            abort();                                                        \
        }                                                                   \
    } while (0)

/* Replace the content of an in-memory file with data[0..size) and return
 * a path that opens it ("/proc/self/fd/N"), or NULL on failure. The file
 * lives as long as the process; one per slot (0..3). */
const char *fuzz_file(int slot, const void *data, size_t size);

#endif
