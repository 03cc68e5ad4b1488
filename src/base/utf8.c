/* utf8.c - decoding UTF-8 one character at a time, and showing text
 * safely in a message. */
#include "ar/base/utf8.h"

#include <stdbool.h>
#include <stdio.h>

uint32_t ar_utf8_next(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    uint32_t c = p[0];
    if (c == 0)
        return 0;
    int n = c < 0x80 ? 0 : c >= 0xC2 && c < 0xE0 ? 1 : c >= 0xE0 && c < 0xF0 ? 2
                         : c >= 0xF0 && c < 0xF5 ? 3 : -1;
    if (n < 0) {
        *s += 1;
        return 0xFFFD;
    }
    if (n == 0) {
        *s += 1;
        return c;
    }
    c &= 0x3F >> n;
    for (int i = 1; i <= n; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *s += 1;
            return 0xFFFD;
        }
        c = c << 6 | (p[i] & 0x3F);
    }
    *s += n + 1;
    return c;
}

/* Characters a terminal or a reader of a message must not get raw: the C0
 * and C1 controls and DEL (escape sequences, bell, carriage return) and
 * the bidirectional overrides and isolates, which reorder what is shown. */
static bool hidden(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x200E ||
           cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

size_t ar_text_show(char *dst, size_t size, const char *s, size_t max)
{
    size_t n = 0, used = 0;
    if (size == 0)
        return 0;
    while (*s && used < max) {
        const char *next = s;
        uint32_t cp = ar_utf8_next(&next);
        size_t len = (size_t)(next - s);
        bool nul;
        /* not UTF-8 (or an overlong form): each byte shown on its own */
        if (cp == 0 || ar_utf8_check((const unsigned char *)s, len, &nul) <
                           len) {
            cp = 0xFFFD;
            len = 1;
            next = s + 1;
        }
        bool escape = cp == 0xFFFD ? (unsigned char)*s >= 0x80 && len == 1
                                   : hidden(cp);
        if (used + len > max || n + (escape ? 4 * len : len) + 1 > size)
            break; /* never half a character */
        for (size_t i = 0; i < len; i++) {
            if (escape)
                n += (size_t)snprintf(dst + n, size - n, "\\x%02x",
                                      (unsigned char)s[i]);
            else
                dst[n++] = s[i];
        }
        used += len;
        s = next;
    }
    dst[n] = '\0';
    return n;
}
