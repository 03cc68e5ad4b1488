/* nfc.c - text in Unicode normalisation form C, and in capitals, by
 * libunistring. */
#include "ar/base/nfc.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>

#include "ar/base/error.h"

char *ar_nfc(const char *s)
{
    size_t n = strlen(s), i = 0;
    while (i < n && (unsigned char)s[i] < 0x80)
        i++;
    if (i == n)
        return NULL;
    size_t len = 0;
    uint8_t *out = u8_normalize(UNINORM_NFC, (const uint8_t *)s, n, NULL,
                                &len);
    if (!out && errno == ENOMEM)
        ar_die("out of memory (normalising text)");
    if (!out) /* not UTF-8 */
        return NULL;
    if (len == n && memcmp(out, s, n) == 0) {
        free(out);
        return NULL;
    }
    char *nfc = ar_xrealloc(out, len + 1);
    nfc[len] = '\0';
    return nfc;
}

char *ar_utf8_upper(const char *s)
{
    size_t n = strlen(s), len = 0;
    uint8_t *out = u8_toupper((const uint8_t *)s, n, NULL, UNINORM_NFC, NULL,
                              &len);
    if (!out && errno == ENOMEM)
        ar_die("out of memory (capitals)");
    if (!out)
        return ar_xstrdup(s);
    char *up = ar_xrealloc(out, len + 1);
    up[len] = '\0';
    return up;
}
