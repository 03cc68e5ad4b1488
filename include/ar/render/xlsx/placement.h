/* placement.h - agency/placement.xlsx (SPEC §6). */
#ifndef AR_PLACEMENT_H
#define AR_PLACEMENT_H

#include "ar/render/agency/packet.h"
#include "ar/render/page/layouts.h"

/* Write placement.xlsx of pk into dir (which exists): Placement (what
 * placement.csv holds, cell for cell, h giving the creditor), Accounts,
 * Items, Payments, Letters and Held sheets. AR_ERR_OUTPUT with d
 * filled. */
ar_err ar_render_placement_xlsx(const ar_run *run,
                                const ar_agency_packet *pk,
                                const ar_letterhead *h, const char *dir,
                                ar_diag *d);

#endif
