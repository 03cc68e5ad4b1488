/* client_countries.h - clients' countries as ISO codes: an export names a
 * client's country in words ("New Zealand", Xero's POCountry), the
 * letters want its code (the postal format, abroad or not, the language
 * from the country, the manifest's country column, the mailing order). */
#ifndef AR_CLI_CLIENT_COUNTRIES_H
#define AR_CLI_CLIENT_COUNTRIES_H

#include "ar/engine/ledger.h"

/* Every client whose country is written as a name that Debian's
 * iso-codes knows (in English, or in a language of the layouts' letters)
 * gets its two-letter code instead; any other text is kept as written. */
void ar_client_countries_as_codes(ar_ledger *lg);

#endif
