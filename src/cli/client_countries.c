/* client_countries.c - clients' countries as ISO codes
 * (client_countries.h). */
#include "ar/cli/client_countries.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "ar/render/countries.h"
#include "ar/render/page/layouts.h"

#define MAX_LANGS 16

static bool is_code(const char *s)
{
    return isalpha((unsigned char)s[0]) && isalpha((unsigned char)s[1]) &&
           !s[2];
}

/* The languages of the layouts' letters (a folder each), "de", "fr". */
static size_t letter_languages(char names[][8], size_t max)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/letters", ar_layout_default_dir());
    DIR *dir = opendir(path);
    size_t n = 0;
    struct dirent *e;
    while (dir && n < max && (e = readdir(dir)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] != '.' && len >= 2 && len < 8)
            snprintf(names[n++], 8, "%s", e->d_name);
    }
    if (dir)
        closedir(dir);
    return n;
}

void ar_client_countries_as_codes(ar_ledger *lg)
{
    size_t n = ar_ledger_info_count(lg);
    bool any = false;
    for (size_t i = 0; i < n && !any; i++) {
        const char *c = ar_ledger_text(lg, ar_ledger_infos(lg)[i].country);
        any = c[0] && !is_code(c);
    }
    if (!any) /* codes, as clients files write them: nothing to read */
        return;
    char names[MAX_LANGS][8];
    const char *langs[MAX_LANGS];
    size_t nl = letter_languages(names, MAX_LANGS);
    for (size_t k = 0; k < nl; k++)
        langs[k] = names[k];
    ar_countries *list = NULL;
    ar_diag d;
    if (ar_countries_load(AR_ISO3166_JSON, AR_LOCALE_DIR, langs, nl, &list,
                          &d) != AR_OK)
        return; /* the letters say so when they load the same list */
    for (size_t i = 0; i < n; i++) {
        const char *c = ar_ledger_text(lg, ar_ledger_infos(lg)[i].country);
        if (!c[0] || is_code(c))
            continue;
        const char *code = ar_countries_code_of(list, c);
        if (code) /* interning moves the text c was read from */
            ar_ledger_set_info_country(lg, i, code);
    }
    ar_countries_free(list);
}
