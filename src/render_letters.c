/* render_letters.c - PLACEHOLDER until the letters land. */
#include "ar/render.h"

ar_err ar_render_letters(ar_run *run, const char *dir,
                         const ar_progress *prog, ar_diag *d)
{
    (void)run;
    (void)dir;
    (void)prog;
    (void)d;
    return AR_OK;
}
