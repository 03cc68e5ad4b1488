/* digest.h - SHA-256 of a buffer, as lowercase hex (nettle). */
#ifndef AR_DIGEST_H
#define AR_DIGEST_H

#include <stddef.h>

/* Write the lowercase hex SHA-256 of data[0..len) into hex (65 bytes,
 * NUL-terminated). Returns hex. */
char *ar_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
