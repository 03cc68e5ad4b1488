/* salutation.c - the form of address of a letter's reader
 * (salutation.h). */
#include "ar/render/letters/salutation.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Forms of address by gender, in the languages of the samples' clients
 * (en, de, fr, nl, it, es, pl, cs, sv, da): a letter in another language
 * still knows how to greet them. */
static const char *const female[] = {
    "Ms", "Mrs", "Miss", "Frau", "Fr", "Madame", "Mme", "Mlle",
    "Mademoiselle", "Mevr", "Mevrouw", "Sig.ra", "Signora", "Sra",
    "Señora", "Dña", "Doña", "Pani", "Paní", "Fru", "female", "F", NULL};
static const char *const male[] = {
    "Mr", "Herr", "Hr", "Monsieur", "M", "Dhr", "Sig",
    "Signor", "Signore", "Sr", "Señor", "D", "Don", "Pan", "Pane",
    "male", NULL};
static const char *const neutral[] = {"Mx", NULL};

/* Whether word[0..len) (a final '.' ignored) is in list. */
static bool in_list(const char *const *list, const char *word, size_t len)
{
    if (len > 1 && word[len - 1] == '.')
        len--;
    for (; *list; list++) {
        size_t n = strlen(*list);
        if (n > 1 && (*list)[n - 1] == '.')
            n--;
        if (n == len && strncasecmp(*list, word, len) == 0)
            return true;
    }
    return false;
}

ar_salutation_kind ar_salutation_title(const char *title, char *academic,
                                       size_t size)
{
    while (*title == ' ' || *title == '\t')
        title++;
    size_t len = strcspn(title, " \t");
    ar_salutation_kind kind = AR_SALUTATION_PERSON;
    const char *rest = title;
    if (len && in_list(female, title, len))
        kind = AR_SALUTATION_FEMALE;
    else if (len && in_list(male, title, len))
        kind = AR_SALUTATION_MALE;
    if (kind != AR_SALUTATION_PERSON || (len && in_list(neutral, title, len)))
        rest = title + len;
    while (*rest == ' ' || *rest == '\t')
        rest++;
    size_t n = strlen(rest);
    while (n && (rest[n - 1] == ' ' || rest[n - 1] == '\t'))
        n--;
    if (size)
        snprintf(academic, size, "%.*s", (int)n, rest);
    return kind;
}

ar_salutation_kind ar_salutation_kind_of(const char *title,
                                         const char *family_name,
                                         char *academic, size_t size)
{
    const char *f = family_name;
    while (*f == ' ')
        f++;
    if (!*f) {
        if (size)
            academic[0] = '\0';
        return AR_SALUTATION_GENERIC;
    }
    return ar_salutation_title(title, academic, size);
}
