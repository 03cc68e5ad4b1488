/* inspect_out.h - what `arbatch inspect` says and writes (SPEC §2.6): the
 * report of ingest/inspect.h in plain words, and the policy file of
 * --write-policy. Every text taken from the inspected file is shown with
 * its control characters escaped, so none reaches the terminal as a
 * control sequence.
 */
#ifndef AR_INSPECT_OUT_H
#define AR_INSPECT_OUT_H

#include <stdio.h>

#include "ar/base/error.h"
#include "ar/ingest/inspect.h"

/* Print r to out; path is the file as the user named it. */
void ar_inspect_print(FILE *out, const ar_inspect_report *r,
                      const char *path);

/* s as one word a shell reads back as s (quoted when it holds a blank or
 * another special character), control characters shown as \xNN: for
 * the commands inspect suggests. Returns buf. */
const char *ar_inspect_shell_word(char *buf, size_t size, const char *s);

/* The policy --write-policy writes for r's verdict (caller frees): the
 * proposed policy, or the best preset's policy text; NULL when nothing
 * reads a row. */
char *ar_inspect_policy_text(const ar_inspect_report *r, const char *path);

/* Write text to path atomically: into a temporary file beside it, then
 * linked into place, so that path is whole or absent; an existing path is
 * never replaced (it may hold the user's edits). AR_OK, or AR_ERR_OUTPUT
 * with d saying why (the path exists, a write failed). */
ar_err ar_inspect_write_policy(const char *path, const char *text,
                               ar_diag *d);

/* SPEC §2.6: 0 when a preset or the proposed policy reads rows of the
 * file, else 3 (nothing usable found). */
int ar_inspect_exit_code(const ar_inspect_report *r);

#endif
