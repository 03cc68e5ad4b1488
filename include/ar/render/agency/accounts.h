/* accounts.h - the Accounts columns of the agency packet (SPEC §6): one
 * table of names, kinds and widths, and one function that gives a
 * placement's value in a column, read by both placement.csv and
 * placement.xlsx so that the two cannot disagree. */
#ifndef AR_ACCOUNTS_H
#define AR_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/render/agency/packet.h"

/* How a cell is written. */
typedef enum ar_cell_kind {
    AR_CELL_TEXT,
    AR_CELL_MONEY,   /* cents */
    AR_CELL_INT,
    AR_CELL_DATE,    /* blank when AR_DATE_NONE */
    AR_CELL_FLAG,    /* Y / N */
    AR_CELL_RATE,    /* basis points, shown as a percent number "12.50" */
} ar_cell_kind;

typedef struct ar_agency_column {
    const char *name;
    ar_cell_kind kind;
    double width;             /* workbook column width, characters */
} ar_agency_column;

/* One cell's value: text (may point into a caller's buffer) or a number. */
typedef struct ar_cell {
    const char *text;
    int64_t n;                /* cents, integer, date or basis points */
    bool blank;
} ar_cell;

#define AR_AGENCY_ACCOUNT_COLS 39

/* The Accounts columns, in file order. */
extern const ar_agency_column ar_agency_account_cols[AR_AGENCY_ACCOUNT_COLS];

/* The value of placement p in Accounts column col; buf (size bytes) holds
 * text made for it. */
ar_cell ar_agency_account_value(const ar_run *run, const ar_agency_packet *pk,
                                const ar_placement *p, int col, char *buf,
                                size_t size);

#endif
