/* statement.h - agency/<client>.pdf: a statement of account for each
 * debtor placed with the collections agency (SPEC §6). */
#ifndef AR_STATEMENT_H
#define AR_STATEMENT_H

#include "ar/render/agency/packet.h"

/* Write agency/<file>.pdf, a statement of account, for every placement
 * into agency_dir (which exists). Fonts and letterhead as the letters'
 * (layouts/), and their rules: a statement with a character the fonts
 * cannot print is held back, listed in run->rejects and counted in
 * run->statements_held. AR_ERR_OUTPUT, AR_ERR_IO or AR_ERR_LAYOUT with d
 * filled. */
ar_err ar_render_statements(ar_run *run, const ar_agency_packet *pk,
                            const char *agency_dir, ar_diag *d);

#endif
