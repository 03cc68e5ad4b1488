/* publish.h - the output set is written into a temporary directory
 * beside its final place and renamed into place only when complete
 * (SPEC §1). */
#ifndef AR_PUBLISH_H
#define AR_PUBLISH_H

#include "ar/base/date.h"
#include "ar/base/error.h"

typedef struct ar_outset {
    char final_dir[4096];   /* DIR/<as-of> */
    char tmp_dir[4096];     /* DIR/.<as-of>.tmp-<pid> */
} ar_outset;

/* Create DIR (and parents) and a fresh temporary directory beside the
 * final one; remove temporary directories left by killed runs. */
ar_err ar_outset_begin(ar_outset *o, const char *dir, ar_date as_of,
                       ar_diag *d);

/* Replace DIR/<as-of> with the temporary directory in one rename (the
 * previous set, if any, is removed afterwards). */
ar_err ar_outset_commit(ar_outset *o, ar_diag *d);

/* Remove the temporary directory (a failed run leaves nothing). */
void ar_outset_abort(ar_outset *o);

#endif
