/* render_agency.c - PLACEHOLDER until the agency packet lands. */
#include "ar/render.h"

ar_err ar_render_agency(ar_run *run, const char *dir, ar_diag *d)
{
    (void)run;
    (void)dir;
    (void)d;
    return AR_OK;
}
