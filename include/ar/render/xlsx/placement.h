/* placement.h - agency/placement.xlsx (SPEC §6). */
#ifndef AR_PLACEMENT_H
#define AR_PLACEMENT_H

#include "ar/render/agency/packet.h"

/* Write placement.xlsx of pk into dir (which exists): Accounts, Items,
 * Payments and Letters sheets. AR_ERR_OUTPUT with d filled. */
ar_err ar_render_placement_xlsx(const ar_run *run,
                                const ar_agency_packet *pk, const char *dir,
                                ar_diag *d);

#endif
