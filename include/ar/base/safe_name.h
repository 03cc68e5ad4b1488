/* safe_name.h - client ids as file names that stay where they are put.
 *
 * A client id becomes one path component: it never names a directory
 * above (no '/', never "." or ".."), never a hidden file, never a Windows
 * device (CON, NUL, COM1...), and two different ids never give the same
 * name, not even where a file system ignores case or normalises Unicode
 * (macOS, Windows). Ids made of [A-Z0-9._-] that need none of this are
 * kept as they are; any other id (a small letter, any other character) is
 * cleaned (characters outside [A-Za-z0-9._-] become '_') and gets '~' and
 * 16 hex digits of its SHA-256 appended. '~' never occurs in a kept id,
 * so a cleaned name cannot equal a kept one; two kept ids differ in a
 * character case folding keeps apart; two cleaned ones in their digest
 * (small hex digits). Names are ASCII, which no normalisation changes.
 */
#ifndef AR_SAFE_NAME_H
#define AR_SAFE_NAME_H

#include <stdbool.h>

/* Bytes of the longest name with its NUL: 64 of the id, '~', 16 hex. */
#define AR_SAFE_NAME_MAX 82

/* Write the file name for id (NUL-terminated UTF-8) into out and return
 * out. The caller adds an extension such as ".pdf". */
char *ar_safe_name(const char *id, char out[AR_SAFE_NAME_MAX]);

/* True when id is kept as its own file name (ar_safe_name(id) == id). */
bool ar_safe_name_is_plain(const char *id);

#endif
