/* statement_tables.h - the tables of an agency statement (SPEC §6). */
#ifndef AR_STATEMENT_TABLES_H
#define AR_STATEMENT_TABLES_H

#include "ar/render/agency/statement_ctx.h"

/* Below the cursor, each under its title: the open items and their
 * totals, the payments, credits and write-offs applied to them, the
 * unapplied credits, what is open in other currencies (only when
 * something is) and the dunning letters sent. Headers repeat on every
 * page a table runs onto. */
void ar_statement_tables_draw(ar_statement *s);

#endif
