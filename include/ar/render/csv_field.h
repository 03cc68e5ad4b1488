/* csv_field.h - one field of an output CSV file (SPEC §6), as every
 * CSV renderer writes it.
 *
 * SPEC §6 writes CSV files for one of two readers. Files for people
 * (actions.csv, rejects.csv, skipped.csv) go through ar_csv_put_text,
 * which neutralises whatever a spreadsheet of any locale could start a
 * formula with. Files for machines (history.csv, letters/manifest.csv,
 * agency/placement.csv) go through ar_csv_put_exact, which keeps every
 * value exactly, so that it reads back the same. Both quote (RFC 4180)
 * every field that holds a delimiter of any locale (, ; tab), a quote or a
 * line break.
 */
#ifndef AR_CSV_FIELD_H
#define AR_CSV_FIELD_H

#include <stdio.h>

#include "ar/base/money.h"

/* Write s as one CSV field of a file for people: quoted as above, and a
 * ' put before every place a spreadsheet could start a cell with a
 * formula: the start of the field when it begins with = + - @ tab or CR,
 * and, after any , ; tab or line break inside it (where an importer that
 * splits on another delimiter, or at every line end, starts a new cell),
 * a = + - @ or quote that follows, blanks between allowed (OWASP CSV
 * injection). */
void ar_csv_put_text(FILE *f, const char *s);

/* Write s as one CSV field of a file for machines: quoted as above,
 * otherwise exactly s. */
void ar_csv_put_exact(FILE *f, const char *s);

/* Write an amount in cents as a plain number field ("-1234.56"). */
void ar_csv_put_cents(FILE *f, ar_cents v);

#endif
