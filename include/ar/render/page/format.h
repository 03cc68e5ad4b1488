/* format.h - amounts and dates in a language's formats (strings.txt of
 * layouts/letters/<lang>/), as the letters and the agency statements
 * print them. */
#ifndef AR_FORMAT_H
#define AR_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "ar/base/date.h"
#include "ar/base/money.h"
#include "ar/render/page/layouts.h"

/* Amount formatted for the language: "€1,234.56", "1.234,56 €",
 * "1 234,56 €" (narrow no-break space), "1,234.56 PLN". Cut to size
 * bytes. Returns buf. */
char *ar_format_amount(const ar_lang *g, ar_cents v, const char *currency,
                       char *buf, size_t size);

/* Date formatted with the language's short or long pattern, cut to size
 * bytes. Returns buf. */
char *ar_format_date(const ar_lang *g, ar_date date, bool long_form,
                     char *buf, size_t size);

#endif
