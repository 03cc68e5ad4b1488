/* digest.h - SHA-256 as lowercase hex (nettle, used only in digest.c):
 * of a buffer at once, or of a stream fed piece by piece. */
#ifndef AR_DIGEST_H
#define AR_DIGEST_H

#include <stddef.h>

#include "ar/base/error.h"

/* Write the lowercase hex SHA-256 of data[0..len) into hex (65 bytes,
 * NUL-terminated). Returns hex. */
char *ar_sha256_hex(const void *data, size_t len, char hex[65]);

/* A running SHA-256 (of a file as it is read). Never NULL. */
typedef struct ar_sha256 ar_sha256;
ar_sha256 *ar_sha256_new(void);
void ar_sha256_update(ar_sha256 *h, const void *data, size_t len);
/* The hex digest of everything fed so far; h can go on being fed. */
char *ar_sha256_peek(const ar_sha256 *h, char hex[65]);
void ar_sha256_free(ar_sha256 *h);

/* The hex SHA-256 of the file at path into hex, or "-" when path is
 * NULL (no such input). AR_ERR_IO in d when it cannot be opened or read. */
ar_err ar_sha256_file(const char *path, char hex[65], ar_diag *d);

/* The hex SHA-256 of a directory tree: every regular file below dir
 * (hidden ones aside), in name order, by its relative path and bytes;
 * so two trees with the same files give the same digest wherever they
 * are. AR_ERR_IO in d when a file cannot be read. */
ar_err ar_sha256_tree(const char *dir, char hex[65], ar_diag *d);

#endif
