/* utf8.c - decoding UTF-8 one character at a time. */
#include "ar/base/utf8.h"

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

size_t ar_text_show(char *dst, size_t size, const char *s, size_t max)
{
    size_t n = 0;
    for (; *s && n + 5 < size && n < max; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c == 0x7f)
            n += (size_t)snprintf(dst + n, size - n, "\\x%02x", c);
        else
            dst[n++] = (char)c;
    }
    dst[n] = '\0';
    return n;
}
