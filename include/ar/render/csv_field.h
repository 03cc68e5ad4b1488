/* csv_field.h - one field of an output CSV file (SPEC §6), as every
 * CSV renderer writes it. */
#ifndef AR_CSV_FIELD_H
#define AR_CSV_FIELD_H

#include <stdio.h>

#include "ar/base/money.h"

/* Write s as one CSV field: quoted when it holds a delimiter, quote or line
 * break, and prefixed with ' when it starts with = + - @ tab or CR so that
 * no spreadsheet reads it as a formula (OWASP CSV injection). */
void ar_csv_put_text(FILE *f, const char *s);

/* Write an amount in cents as a plain number field ("-1234.56"). */
void ar_csv_put_cents(FILE *f, ar_cents v);

#endif
