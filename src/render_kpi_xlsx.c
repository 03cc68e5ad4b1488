/* render_kpi_xlsx.c - PLACEHOLDER until the kpi workbook lands. */
#include "ar/render.h"

ar_err ar_render_kpi(const ar_run *run, const char *dir, ar_diag *d)
{
    (void)run;
    (void)dir;
    (void)d;
    return AR_OK;
}
