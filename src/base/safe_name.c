/* safe_name.c - client ids as safe, collision-free file names. */
#include "ar/base/safe_name.h"

#include <string.h>
#include <strings.h>

#include "ar/base/digest.h"

#define BASE_MAX 64   /* bytes of the id kept in the name */
#define HASH_HEX 16   /* 64 bits of SHA-256: no collision in practice, and
                         O_EXCL opens catch one if it ever happens */

static bool keep_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* A plain name has no small letter: "ABC" and "abc" would be one file
 * where case is ignored (macOS, Windows), so only one spelling of a
 * name is ever kept as it is. */
static bool plain_char(unsigned char c)
{
    return keep_char(c) && !(c >= 'a' && c <= 'z');
}

/* Windows device names, also with an extension ("con.txt"): a file of
 * that name cannot be created or copied on Windows. */
static bool windows_device(const char *name)
{
    static const char *const devices[] = {"CON", "PRN", "AUX", "NUL",
                                          "CONIN$", "CONOUT$"};
    size_t stem = strcspn(name, ".");
    for (size_t i = 0; i < sizeof devices / sizeof *devices; i++)
        if (stem == strlen(devices[i]) &&
            strncasecmp(name, devices[i], stem) == 0)
            return true;
    return stem == 4 &&
           (strncasecmp(name, "COM", 3) == 0 ||
            strncasecmp(name, "LPT", 3) == 0) &&
           name[3] >= '0' && name[3] <= '9';
}

bool ar_safe_name_is_plain(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > BASE_MAX)
        return false;
    /* a leading '.' hides the file (and makes "." and ".."); a leading
     * '-' reads as an option to shell tools; Windows drops a trailing '.' */
    if (id[0] == '.' || id[0] == '-' || id[n - 1] == '.')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!plain_char((unsigned char)id[i]))
            return false;
    return !windows_device(id);
}

char *ar_safe_name(const char *id, char out[AR_SAFE_NAME_MAX])
{
    if (ar_safe_name_is_plain(id)) {
        memcpy(out, id, strlen(id) + 1);
        return out;
    }
    size_t len = 0;
    for (const unsigned char *p = (const unsigned char *)id;
         *p && len < BASE_MAX; p++) {
        if ((*p & 0xC0) == 0x80)
            continue; /* one '_' per UTF-8 character, not per byte */
        out[len++] = keep_char(*p) ? (char)*p : '_';
    }
    if (len > 0 && (out[0] == '.' || out[0] == '-'))
        out[0] = '_';
    out[len] = '\0';
    if (windows_device(out)) { /* "con.txt" is still a device: "_con.txt" */
        len -= len == BASE_MAX;
        memmove(out + 1, out, len);
        out[0] = '_';
        len++;
    }
    char hex[65];
    ar_sha256_hex(id, strlen(id), hex);
    out[len++] = '~';
    memcpy(out + len, hex, HASH_HEX);
    out[len + HASH_HEX] = '\0';
    return out;
}
