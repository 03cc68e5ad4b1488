/* placement_rows.h - the rows of agency/placement.csv (README "Agency
 * packet"): per placement (a placed debtor in one currency) one debtor
 * row, then one row per placed invoice. One table of columns and one
 * function giving a row's value in a column, read by placement.csv and
 * by the Placement sheet of placement.xlsx, so that the two cannot
 * disagree. */
#ifndef AR_PLACEMENT_ROWS_H
#define AR_PLACEMENT_ROWS_H

#include "ar/render/agency/accounts.h"
#include "ar/render/page/layouts.h"

#define AR_PLACEMENT_COLS 48

/* The columns, in file order. */
extern const ar_agency_column ar_placement_cols[AR_PLACEMENT_COLS];

/* The value in column col of lot l's debtor row (item < 0) or of the row
 * of its placed invoice number item (0-based). h gives the creditor
 * fields. buf (size bytes) holds text made for the value. */
ar_cell ar_placement_value(const ar_run *run, const ar_agency_packet *pk,
                           const ar_letterhead *h, const ar_lot *l,
                           long item, int col, char *buf, size_t size);

/* The rows of the file, every lot's debtor row and invoice rows. */
size_t ar_placement_row_count(const ar_agency_packet *pk);

#endif
