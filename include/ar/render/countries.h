/* countries.h - country names from Debian's iso-codes: every ISO 3166-1
 * country, in English from iso_3166-1.json and in other languages through
 * the gettext catalogues iso_3166-1.mo that iso-codes installs under
 * /usr/share/locale. The letters print the name of a recipient's country
 * in the letter's language, in capitals (UPU: the last line of an
 * address abroad).
 */
#ifndef AR_COUNTRIES_H
#define AR_COUNTRIES_H

#include <stddef.h>

#include "ar/base/error.h"

/* Where iso-codes installs its files (Debian). */
#define AR_ISO3166_JSON "/usr/share/iso-codes/json/iso_3166-1.json"
#define AR_LOCALE_DIR "/usr/share/locale"

typedef struct ar_countries ar_countries;

/* Read the countries of json (iso-codes' iso_3166-1.json) and their names
 * in each of the n languages langs ("de", "fr"; English needs none) from
 * locale_dir/<lang>/LC_MESSAGES/iso_3166-1.mo; a language without a
 * catalogue keeps the English names. AR_ERR_IO or AR_ERR_LAYOUT with d
 * filled when json cannot be read. */
ar_err ar_countries_load(const char *json, const char *locale_dir,
                         const char *const *langs, size_t n,
                         ar_countries **out, ar_diag *d);
void ar_countries_free(ar_countries *c);

/* The name of the country with ISO code code (two letters, any case) in
 * lang (one of those loaded, else English), in capitals: "DEUTSCHLAND",
 * "ROYAUME-UNI". The common name when iso-codes has one ("SOUTH KOREA",
 * not "KOREA, REPUBLIC OF"). NULL for a code that is no country. Owned by
 * c. */
const char *ar_countries_name(const ar_countries *c, const char *code,
                              const char *lang);

/* The ISO code of the country a ledger names in words ("New Zealand",
 * "United States of America", "Deutschland" when German was loaded), any
 * case, by its English name, common or official name or its name in a
 * loaded language; NULL when none is. Owned by c. */
const char *ar_countries_code_of(const ar_countries *c, const char *name);
/* How many countries were read. */
size_t ar_countries_count(const ar_countries *c);

#endif
