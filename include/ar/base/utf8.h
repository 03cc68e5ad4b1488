/* utf8.h - UTF-8 text, one character at a time. */
#ifndef AR_UTF8_H
#define AR_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Decode one UTF-8 character at *s and advance *s past it. Invalid bytes
 * decode as U+FFFD one byte at a time; returns 0 at the terminating NUL
 * (without advancing). */
uint32_t ar_utf8_next(const char **s);
/* Offset of the first byte of s[0..len) that is not valid UTF-8 (overlong
 * forms, surrogates and values past U+10FFFF included) or is NUL (then
 * *nul is true), or len. Inline: it runs on every byte a reader reads. */
static inline size_t ar_utf8_check(const unsigned char *s, size_t len,
                                   bool *nul)
{
    size_t i = 0;
    *nul = false;
    while (i < len) {
        /* Fast path: 8 ASCII bytes, none of them NUL. */
        if (i + 8 <= len) {
            uint64_t v;
            memcpy(&v, s + i, 8);
            uint64_t zero = (v - 0x0101010101010101ULL) & ~v &
                            0x8080808080808080ULL;
            if (((v & 0x8080808080808080ULL) | zero) == 0) {
                i += 8;
                continue;
            }
        }
        unsigned char c = s[i];
        if (c == 0) {
            *nul = true;
            return i;
        }
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        uint32_t cp;
        if (c >= 0xc2 && c <= 0xdf) {
            need = 1;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            need = 2;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + need >= len)
            return i;
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        /* Overlong forms, surrogates and values past U+10FFFF. */
        if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
            (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
            return i;
        i += need + 1;
    }
    return len;
}

/* Copy src into dst (size bytes, always terminated), at most max bytes of
 * it and never half a character, with every byte of a control character
 * (C0 including line breaks, DEL, C1), of a bidirectional override or
 * isolate, and of anything that is not UTF-8 written as \xNN, so that
 * nothing from an input file reaches a terminal as a control sequence or
 * reorders a message. Returns the length written. */
size_t ar_text_show(char *dst, size_t size, const char *src, size_t max);

#endif
