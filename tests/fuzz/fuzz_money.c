/* fuzz_money.c - the amount parser (SPEC §2.1, §8.7) and cents arithmetic.
 *
 * Byte 0 picks the mode: parse with '.' or ',' as the decimal mark, or the
 * arithmetic helpers on three 64-bit numbers. Invariants: a parsed amount
 * survives formatting and parsing again; the arithmetic never wraps. */
#include <string.h>

#include "ar/base/money.h"
#include "fuzz.h"

static int64_t take64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return (int64_t)v;
}

static void check_round_trip(ar_cents v)
{
    char buf[64];
    ar_cents back = 0;
    ar_money_format_plain(v, buf, sizeof buf);
    FUZZ_CHECK(ar_money_parse(buf, strlen(buf), '.', &back) == AR_OK);
    FUZZ_CHECK(back == v);
    ar_money_format(v, ',', '.', buf, sizeof buf);
    FUZZ_CHECK(ar_money_parse(buf, strlen(buf), '.', &back) == AR_OK);
    FUZZ_CHECK(back == v);
    ar_money_format(v, '.', ',', buf, sizeof buf);
    FUZZ_CHECK(ar_money_parse(buf, strlen(buf), ',', &back) == AR_OK);
    FUZZ_CHECK(back == v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t mode = data[0] % 3;
    data++;
    size--;
    if (mode < 2) {
        /* the parser gets exactly size bytes: no NUL terminator */
        char *s = malloc(size ? size : 1);
        memcpy(s, data, size);
        ar_cents v = 12345;
        ar_err err = ar_money_parse(s, size, mode ? ',' : '.', &v);
        FUZZ_CHECK(err == AR_OK || err == AR_ERR_AMOUNT ||
                   err == AR_ERR_OVERFLOW);
        if (err == AR_OK)
            check_round_trip(v);
        else
            FUZZ_CHECK(v == 12345); /* *out written only on success */
        free(s);
        return 0;
    }
    if (size < 24)
        return 0;
    int64_t a = take64(data), b = take64(data + 8), c = take64(data + 16);
    ar_cents acc = a;
    if (ar_cents_add(&acc, b))
        FUZZ_CHECK((b >= 0 && acc >= a) || (b < 0 && acc < a));
    else
        FUZZ_CHECK(acc == a);
    if (c != 0) {
        ar_cents r = ar_cents_muldiv(a, b, c);
        /* |a * b / c| <= |a| * |b| when |c| >= 1: the sign is right */
        if (r != 0 && a != 0 && b != 0)
            FUZZ_CHECK((r > 0) == (((a > 0) == (b > 0)) == (c > 0)));
    }
    if (a != INT64_MIN) {
        char buf[64];
        ar_money_format(a, ',', '.', buf, sizeof buf);
        ar_money_format_plain(a, buf, sizeof buf);
        if (a <= AR_CENTS_MAX)
            check_round_trip(a);
    }
    return 0;
}
