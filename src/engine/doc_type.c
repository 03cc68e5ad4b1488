/* doc_type.c - names of the document types. */
#include "ar/engine/doc_type.h"

#include <strings.h>

static const char *const doc_type_names[AR_DOC_COUNT_] = {
    [AR_DOC_INV] = "INV", [AR_DOC_DEB] = "DEB", [AR_DOC_CRN] = "CRN",
    [AR_DOC_PAY] = "PAY", [AR_DOC_WO] = "WO",
};

const char *ar_doc_type_name(ar_doc_type t)
{
    return (unsigned)t < AR_DOC_COUNT_ ? doc_type_names[t] : "?";
}

bool ar_doc_type_parse(const char *name, ar_doc_type *out)
{
    for (int t = 0; t < AR_DOC_COUNT_; t++)
        if (strcasecmp(name, doc_type_names[t]) == 0) {
            *out = (ar_doc_type)t;
            return true;
        }
    return false;
}
