/* nfc.h - Unicode normalisation form C and capitals (libunistring is
 * included by nfc.c only). */
#ifndef AR_NFC_H
#define AR_NFC_H

/* s in Unicode normalisation form C, composed ("u" and U+0308 COMBINING
 * DIAERESIS are "ü", which a font and an 8-bit PDF encoding have): a new
 * string (caller frees), or NULL when s is in form C already (ASCII
 * always is) or is not UTF-8. */
char *ar_nfc(const char *s);

/* s in capitals by Unicode's full case mapping ("Österreich" is
 * "ÖSTERREICH", "ß" "SS"), composed: a new string (caller frees); a copy
 * of s when it is not UTF-8. */
char *ar_utf8_upper(const char *s);

#endif
