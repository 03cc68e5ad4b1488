/* doc_type.h - the five kinds of ledger document (SPEC §2.1). */
#ifndef AR_DOC_TYPE_H
#define AR_DOC_TYPE_H

#include <stdbool.h>

typedef enum ar_doc_type {
    AR_DOC_INV, /* invoice */
    AR_DOC_DEB, /* debit note */
    AR_DOC_CRN, /* credit note */
    AR_DOC_PAY, /* payment received */
    AR_DOC_WO,  /* write-off */
    AR_DOC_COUNT_
} ar_doc_type;

/* "INV", "DEB", ... */
const char *ar_doc_type_name(ar_doc_type t);

/* True for the kinds that are receivables (INV, DEB); the others settle. */
static inline bool ar_doc_is_item(ar_doc_type t)
{
    return t == AR_DOC_INV || t == AR_DOC_DEB;
}

/* The type named name ("INV", "crn": any case), or false. */
bool ar_doc_type_parse(const char *name, ar_doc_type *out);

#endif
