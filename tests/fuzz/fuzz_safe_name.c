/* fuzz_safe_name.c - client ids as file names (SPEC §5: "never a path
 * outside the output directory"). The input is two ids separated by the
 * first NUL. Invariants: a name is one plain path component of at most
 * AR_SAFE_NAME_MAX - 1 bytes that no shell tool reads as an option, and
 * two different ids never get the same name. */
#include <string.h>
#include <strings.h>

#include "ar/base/safe_name.h"
#include "fuzz.h"

static void check_name(const char *id, const char *name)
{
    size_t n = strlen(name);
    FUZZ_CHECK(n > 0 && n < AR_SAFE_NAME_MAX && n <= 255);
    FUZZ_CHECK(strcmp(name, ".") != 0 && strcmp(name, "..") != 0);
    FUZZ_CHECK(name[0] != '.' && name[0] != '-');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        FUZZ_CHECK(c > 0x20 && c < 0x7f && c != '/' && c != '\\' &&
                   c != ':' && c != '*' && c != '?' && c != '"' &&
                   c != '<' && c != '>' && c != '|');
    }
    FUZZ_CHECK(ar_safe_name_is_plain(id) == (strcmp(id, name) == 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t la = nul ? (size_t)(nul - data) : size;
    size_t lb = nul ? size - la - 1 : 0;
    char *a = malloc(la + 1), *b = malloc(lb + 1);
    memcpy(a, data, la);
    a[la] = '\0';
    if (nul)
        memcpy(b, nul + 1, lb);
    b[lb] = '\0';
    char na[AR_SAFE_NAME_MAX], nb[AR_SAFE_NAME_MAX];
    if (a[0]) {
        ar_safe_name(a, na);
        check_name(a, na);
    }
    if (a[0] && b[0]) {
        ar_safe_name(b, nb);
        check_name(b, nb);
        FUZZ_CHECK((strcmp(a, b) == 0) == (strcmp(na, nb) == 0));
        /* two ids are two files where case is ignored, too */
        FUZZ_CHECK((strcmp(a, b) == 0) == (strcasecmp(na, nb) == 0));
    }
    free(a);
    free(b);
    return 0;
}
