/* files.h - output files and directories, every error checked and
 * reported as AR_ERR_OUTPUT naming the path. */
#ifndef AR_FILES_H
#define AR_FILES_H

#include <stdbool.h>
#include <stdio.h>

#include "ar/base/error.h"

/* Open dir/name for writing ("wb"); NULL with d filled on failure. */
FILE *ar_out_open(const char *dir, const char *name, ar_diag *d);

/* Flush and close f, checking every error (disk full shows up here).
 * Returns AR_OK or AR_ERR_OUTPUT naming dir/name. */
ar_err ar_out_close(FILE *f, const char *dir, const char *name, ar_diag *d);

/* Remove path and everything under it; false on error. */
bool ar_remove_tree(const char *path);

/* mkdir -p: AR_ERR_OUTPUT naming the directory that cannot be made. */
ar_err ar_mkdir_p(const char *dir, ar_diag *d);

#endif
