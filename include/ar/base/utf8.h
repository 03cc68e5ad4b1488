/* utf8.h - UTF-8 text, one character at a time. */
#ifndef AR_UTF8_H
#define AR_UTF8_H

#include <stdint.h>

/* Decode one UTF-8 character at *s and advance *s past it. Invalid bytes
 * decode as U+FFFD one byte at a time; returns 0 at the terminating NUL
 * (without advancing). */
uint32_t ar_utf8_next(const char **s);

#endif
