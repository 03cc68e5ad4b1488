/* render_aging_xlsx.c - PLACEHOLDER until the aging workbook lands. */
#include "ar/render.h"

ar_err ar_render_aging(const ar_run *run, const char *dir, ar_diag *d)
{
    (void)run;
    (void)dir;
    (void)d;
    return AR_OK;
}
