/* salutation.h - how a letter greets its reader (README "Letters"):
 * the clients file's optional title ("Ms", "Frau Dr.", "M.") says the
 * form of address and an academic title, family_name the name; without a
 * family name the letter greets generically ("Dear Sir or Madam,"),
 * whatever the contact column holds (a department, a desk, a name the
 * letter cannot split safely).
 */
#ifndef AR_SALUTATION_H
#define AR_SALUTATION_H

#include <stddef.h>

typedef enum ar_salutation_kind {
    AR_SALUTATION_GENERIC,  /* no family name: the formal generic one */
    AR_SALUTATION_FEMALE,   /* Ms, Mrs, Miss, Frau, Madame, Mme, ... */
    AR_SALUTATION_MALE,     /* Mr, Herr, Monsieur, M., ... */
    AR_SALUTATION_PERSON,   /* a name without a gendered form of address */
} ar_salutation_kind;

/* Read title: its first word, when it is a gendered form of address in
 * one of the languages of README "Letters" (case and a final '.'
 * ignored), gives the kind; Mx and the rest of the title, or the whole
 * title when it starts with no such word, are the academic part
 * ("Dr.", "Prof. Dr.") written into academic (size bytes, "" when none).
 * Returns FEMALE, MALE or PERSON. */
ar_salutation_kind ar_salutation_title(const char *title, char *academic,
                                       size_t size);

/* The kind of salutation for a contact: GENERIC when family_name is
 * blank, else as the title says. academic as above. */
ar_salutation_kind ar_salutation_kind_of(const char *title,
                                         const char *family_name,
                                         char *academic, size_t size);

#endif
